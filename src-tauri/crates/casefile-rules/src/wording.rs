//! The rules' words as a judge reads them. On screen Casefile speaks to the family ("the council
//! must tell you within 6 weeks"); in a chronology, a chasing letter or a bundle the same words
//! are read by the council and the Tribunal, to whom "you" is the wrong person. This turns the
//! second person of the rules' titles, rules and labels into the third: "the parent", as the
//! Children and Families Act 2014 and the SEND Regulations 2014 name the person the council
//! must notify.

/// `text` with the family's "you" and "your" as "the parent" and "the parent's", verbs agreeing
/// ("you do not" → "the parent does not"), and "your child" as "the child". Words that merely
/// contain "you" ("young person", "youth") are left alone.
pub fn third_person(text: &str) -> String {
    // Longest first, so "you do not" wins over "you". Each pair is (second person, third person),
    // written in lower case; a capital at the start of the match is kept.
    const PHRASES: &[(&str, &str)] = &[
        ("your child's", "the child's"),
        ("your child’s", "the child’s"),
        ("your child", "the child"),
        ("you do not", "the parent does not"),
        ("you don't", "the parent does not"),
        ("you are", "the parent is"),
        ("you were", "the parent was"),
        ("you have", "the parent has"),
        ("you want", "the parent wants"),
        ("you need", "the parent needs"),
        ("you decide", "the parent decides"),
        ("you decline", "the parent declines"),
        ("you choose", "the parent chooses"),
        ("you escalate", "the parent escalates"),
        ("you rely", "the parent relies"),
        ("you think", "the parent thinks"),
        ("you disagree", "the parent disagrees"),
        ("you agree", "the parent agrees"),
        ("you ask", "the parent asks"),
        ("you receive", "the parent receives"),
        ("you get", "the parent gets"),
        ("you know", "the parent knows"),
        ("yourself", "themselves"),
        ("yours", "the parent's"),
        ("your", "the parent's"),
        ("you", "the parent"),
    ];
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut previous: Option<char> = None;
    'scan: while !rest.is_empty() {
        let starts_word = previous.is_none_or(|c| !c.is_alphanumeric());
        if starts_word {
            for (from, to) in PHRASES {
                let Some(head) = rest.get(..from.len()) else {
                    continue;
                };
                if !head.eq_ignore_ascii_case(from) {
                    continue;
                }
                let after = rest[from.len()..].chars().next();
                if after.is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                if head.starts_with(|c: char| c.is_ascii_uppercase()) {
                    let mut chars = to.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(to);
                }
                previous = to.chars().last();
                rest = &rest[from.len()..];
                continue 'scan;
            }
        }
        let c = rest.chars().next().expect("rest is not empty");
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A step's or event's date label ("Date the council received the request (or became
/// responsible for the child)") as the event it records, in the third person: "The council
/// received the request". What the label adds in brackets is advice on which date to give, so it
/// is left out.
pub fn event_sentence(label: &str) -> String {
    let mut text = label.trim();
    if let Some(open) = text.rfind(" (")
        && text.ends_with(')')
    {
        text = &text[..open];
    }
    let text = text
        .strip_prefix("Date of ")
        .or_else(|| text.strip_prefix("Date "))
        .unwrap_or(text);
    let text = third_person(text);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// True when `text` still speaks to the family ("you", "your"), as a word.
pub fn speaks_to_the_reader(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|word| {
            let word = word.to_lowercase();
            matches!(
                word.as_str(),
                "you" | "your" | "yours" | "yourself" | "you're" | "you’re"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processes::PROCESSES;

    #[test]
    fn a_step_title_and_its_rule_speak_of_the_parent() {
        assert_eq!(
            third_person("Council tells you whether it will assess"),
            "Council tells the parent whether it will assess"
        );
        assert_eq!(
            third_person(
                "If you decide not to go to mediation, the adviser must issue a certificate within 3 working days."
            ),
            "If the parent decides not to go to mediation, the adviser must issue a certificate within 3 working days."
        );
        assert_eq!(
            third_person("Date you told the mediation adviser you do not want mediation"),
            "Date the parent told the mediation adviser the parent does not want mediation"
        );
        assert_eq!(
            third_person("A school must let you see your child's educational record."),
            "A school must let the parent see the child's educational record."
        );
        assert_eq!(third_person("You can appeal."), "The parent can appeal.");
    }

    #[test]
    fn words_that_only_contain_you_are_left_alone() {
        assert_eq!(
            third_person("The young person's youth worker"),
            "The young person's youth worker"
        );
        assert_eq!(third_person("bayou"), "bayou");
    }

    #[test]
    fn a_date_label_becomes_the_event_it_records() {
        assert_eq!(
            event_sentence(
                "Date the council received the request (or became responsible for the child)"
            ),
            "The council received the request"
        );
        assert_eq!(
            event_sentence("Date of the review meeting"),
            "The review meeting"
        );
        assert_eq!(
            event_sentence("Date you made the complaint"),
            "The parent made the complaint"
        );
        assert_eq!(
            event_sentence("Date the organisation received your request"),
            "The organisation received the parent's request"
        );
    }

    /// Every title, rule and date label of every process, as a document would print it, no
    /// longer speaks to the family: none of them says "you" to a judge.
    #[test]
    fn no_rule_a_document_prints_still_says_you() {
        for process in PROCESSES {
            let mut texts = vec![
                third_person(process.title),
                event_sentence(process.start_label),
            ];
            for event in process.events {
                texts.push(event_sentence(event.label));
            }
            for step in process.steps {
                texts.push(third_person(step.title));
                texts.push(third_person(step.rule));
                texts.push(third_person(step.who.label()));
            }
            for text in texts {
                assert!(
                    !speaks_to_the_reader(&text),
                    "“{text}” in {} still says “you”",
                    process.key
                );
            }
        }
    }
}
