//! Sections F, G and H checked provision by provision.
//!
//! The law: the special educational provision in Section F "must be detailed and specific and
//! should normally be quantified, for example, in terms of the type, hours and frequency of
//! support and level of expertise" (SEND Code of Practice 2015, para. 9.69); provision must be
//! specified for every need in Section B (para. 9.69, and the Children and Families Act 2014,
//! s.37(2)(c) with the SEND Regulations 2014, reg. 12(1)(f)). Health and social care provision in
//! G and H is to be specified in the same way (para. 9.69 goes on to G, H1 and H2). Families' and
//! advisers' checklists name the words that let provision go undelivered ("access to", "up to",
//! "as required", "regular", "small group"…: see the domain notes, tribunal-2025.md §2 item 8).
//!
//! Each provision (a paragraph, or a bullet or numbered item within one) is checked for those
//! words, and for the slots para. 9.69 names: how often, for how long, and by whom.

use serde::Serialize;
use ts_rs::TS;

use crate::sections::{Letter, Section};

/// What a finding says is wrong with a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "PlanFindingKind")]
pub enum FindingKind {
    /// A word or phrase that leaves the amount, or whether it happens at all, to discretion.
    Vague,
    /// It does not say how often.
    NoFrequency,
    /// It does not say for how long.
    NoDuration,
    /// It does not say who delivers it, or with what qualification.
    NoProvider,
}

/// One thing to ask the council to put right, quoting the plan's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanFinding")]
pub struct Finding {
    pub section: Letter,
    pub kind: FindingKind,
    /// The vague words as the plan writes them ("" when something is missing instead).
    pub phrase: String,
    /// The provision's words.
    pub text: String,
    /// What to ask for instead, in plain English.
    pub advice: String,
}

/// The vague words, each with what to ask for instead. Matched as whole words, in any case.
const VAGUE: &[(&str, &str)] = &[
    (
        "access to",
        "Ask for the provision itself (what it is, who delivers it, how often and for how long, for example “45 minutes a week of speech and language therapy from a qualified therapist”), not “access to” it.",
    ),
    (
        "would benefit from",
        "Ask that the plan says the child will receive it (“will have …”), not that they “would benefit from” it.",
    ),
    (
        "regular",
        "Ask how often, for example “three times a week”; “regular” could mean once a term.",
    ),
    (
        "regularly",
        "Ask how often, for example “three times a week”; “regularly” could mean once a term.",
    ),
    (
        "up to",
        "Ask for a fixed amount, for example “30 minutes”; “up to 30 minutes” allows none.",
    ),
    (
        "or equivalent",
        "Ask for the named provision; “or equivalent” lets it be replaced by something else.",
    ),
    (
        "opportunities for",
        "Ask for what will be done and how often; an “opportunity” is not provision.",
    ),
    (
        "opportunities to",
        "Ask for what will be done and how often; an “opportunity” is not provision.",
    ),
    (
        "opportunity to",
        "Ask for what will be done and how often; an “opportunity” is not provision.",
    ),
    (
        "as appropriate",
        "Ask for exactly what will be provided; “as appropriate” leaves it to whoever decides.",
    ),
    (
        "such as",
        "Ask for the programme or approach to be named; a list of examples is not a promise of any of them.",
    ),
    (
        "e.g.",
        "Ask for the programme or approach to be named; a list of examples is not a promise of any of them.",
    ),
    (
        "etc",
        "Ask for the whole list; “etc.” promises nothing more.",
    ),
    (
        "as required",
        "Ask how much and how often; “as required” lets the school decide that none is required.",
    ),
    (
        "as needed",
        "Ask how much and how often; “as needed” lets the school decide that none is needed.",
    ),
    (
        "as necessary",
        "Ask how much and how often; “as necessary” lets the school decide that none is necessary.",
    ),
    (
        "as and when",
        "Ask how much and how often; “as and when” sets no amount at all.",
    ),
    (
        "as advised",
        "Ask for the advice itself to be written into the plan, with its amounts and how often.",
    ),
    (
        "where possible",
        "Ask for the provision without conditions; “where possible” means it may not happen.",
    ),
    (
        "if possible",
        "Ask for the provision without conditions; “if possible” means it may not happen.",
    ),
    (
        "key adult",
        "Ask who the adult is by role and training (for example “a teaching assistant trained in Makaton”) and for how many hours.",
    ),
    (
        "key adults",
        "Ask who the adults are by role and training (for example “a teaching assistant trained in Makaton”) and for how many hours.",
    ),
    (
        "support from",
        "Ask what the support is and how much of it: “support from” names who, but not what, how often or for how long.",
    ),
    (
        "if needed",
        "Ask how much and how often; “if needed” lets the school decide that none is needed.",
    ),
    (
        "periodic",
        "Ask how often, for example “once every half term”; “periodic” does not say.",
    ),
    (
        "periodically",
        "Ask how often, for example “once every half term”; “periodically” does not say.",
    ),
];

/// Vague words found in a provision's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vague {
    /// The words as the text writes them ("Access to").
    pub phrase: String,
    /// The same words as the list of vague words has them ("access to").
    pub listed: &'static str,
    /// What to ask for instead.
    pub advice: &'static str,
}

const SMALL_GROUP: (&str, &str) = (
    "small group",
    "Ask for the group's size, for example “a group of no more than four”.",
);

/// The vague words in `text`, each once, in the order of the list (a small group only when no
/// size is given).
pub fn vague_words(text: &str) -> Vec<Vague> {
    // "access\nto" or "up  to" as a PDF's text can have them are the same words.
    let text = &text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = text.to_lowercase();
    let small_group = (!says_group_size(&lower)).then_some(&SMALL_GROUP);
    VAGUE
        .iter()
        .chain(small_group)
        .filter_map(|&(listed, advice)| {
            find_words(&lower, listed).map(|at| Vague {
                phrase: original(text, &lower, at, listed.len()),
                listed,
                advice,
            })
        })
        .collect()
}

/// Words that say how often.
const FREQUENCY: &[&str] = &[
    "daily",
    "weekly",
    "fortnightly",
    "monthly",
    "termly",
    "half-termly",
    "annually",
    "yearly",
    "each day",
    "every day",
    "per day",
    "a day",
    "each week",
    "every week",
    "per week",
    "a week",
    "each term",
    "every term",
    "per term",
    "a term",
    "half term",
    "half-term",
    "times a",
    "times per",
    "sessions a",
    "sessions per",
    "once a",
    "twice a",
    "every morning",
    "every afternoon",
    "each morning",
    "each afternoon",
    "every lesson",
    "each lesson",
    "every break",
    "at all times",
    "throughout the school day",
    "throughout the day",
    "full time",
    "full-time",
    "every session",
];

/// Words that name who delivers provision (a role, so its qualification can be asked about).
pub(crate) const PROVIDERS: &[&str] = &[
    "therapist",
    "therapists",
    "teacher",
    "teachers",
    "senco",
    "assistant",
    "assistants",
    "psychologist",
    "specialist",
    "specialists",
    "nurse",
    "practitioner",
    "physiotherapist",
    "counsellor",
    "mentor",
    "tutor",
    "lsa",
    "ta",
    "hlta",
    "slt",
    "salt",
    "ot",
    "ep",
    "clinician",
    "consultant",
    "keyworker",
    "key worker",
    "worker",
    "instructor",
    "coordinator",
    "co-ordinator",
    "staff",
    "paediatrician",
    "audiologist",
    "advisor",
    "adviser",
    "service",
];

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "half",
];

/// Fewest words a provision has for its missing slots to be asked about; shorter lines are
/// table headings ("Frequency", "Who will provide") and subheadings.
pub(crate) const MIN_PROVISION_WORDS: usize = 6;

/// Every finding in the plan's provision sections, in the plan's order.
pub fn check(sections: &[Section]) -> Vec<Finding> {
    let mut out = Vec::new();
    for section in sections.iter().filter(|s| s.letter.is_provision()) {
        for item in provisions(&section.text) {
            check_one(section.letter, &item, &mut out);
        }
    }
    out
}

pub(crate) fn check_one(section: Letter, text: &str, out: &mut Vec<Finding>) {
    let lower = text.to_lowercase();
    let words = lower.split_whitespace().count();
    if words < 3 {
        return;
    }
    let mut push = |kind, phrase: String, advice: &str| {
        out.push(Finding {
            section,
            kind,
            phrase,
            text: text.to_owned(),
            advice: advice.to_owned(),
        });
    };
    for vague in vague_words(text) {
        push(FindingKind::Vague, vague.phrase, vague.advice);
    }
    if words < MIN_PROVISION_WORDS || lower.trim_end().ends_with(':') {
        return;
    }
    if !FREQUENCY.iter().any(|f| find_words(&lower, f).is_some()) {
        push(
            FindingKind::NoFrequency,
            String::new(),
            "Ask how often it happens, for example “three times a week” or “daily”.",
        );
    }
    if !says_duration(&lower) {
        push(
            FindingKind::NoDuration,
            String::new(),
            "Ask how long each session lasts, or how many hours a week, for example “30 minutes”.",
        );
    }
    if !PROVIDERS.iter().any(|p| find_words(&lower, p).is_some()) {
        push(
            FindingKind::NoProvider,
            String::new(),
            "Ask who delivers it and with what qualification or training, for example “a qualified speech and language therapist”.",
        );
    }
}

/// A section's provisions: its paragraphs, split again where a line starts a bullet or a
/// numbered item, each joined onto one line.
pub(crate) fn provisions(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let item = current.trim();
        if !item.is_empty() {
            items.push(item.to_owned());
        }
        current.clear();
    };
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c == '\u{c}' || c.is_whitespace());
        if line.is_empty() {
            flush(&mut current);
            continue;
        }
        // A page's running header or footer is no part of the words, even mid-paragraph.
        if is_furniture(line) {
            continue;
        }
        let rest = strip_marker(line);
        if rest.len() != line.len() {
            flush(&mut current);
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(rest);
    }
    flush(&mut current);
    items
}

/// A running header or footer: "Page 3 of 12", "3", "DRAFT".
pub(crate) fn is_furniture(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        [n] if n.chars().all(|c| c.is_ascii_digit()) => true,
        ["draft" | "final" | "confidential"] => true,
        ["page", n] | ["page", n, "of", _] | [n, "of", _] => n.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// A line without its bullet ("•", "-", "*") or number ("1.", "2)", "(a)", "a)").
fn strip_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix(['•', '●', '▪', '◦', '-', '–', '*', '·']) {
        return rest.trim_start();
    }
    let head: String = line.chars().take(5).collect();
    let inner = head.strip_prefix('(').unwrap_or(&head);
    let label_len = inner
        .chars()
        .take_while(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        .count();
    let label = &inner[..label_len];
    let numbered = (1..=3).contains(&label.len())
        && (label.chars().all(|c| c.is_ascii_digit())
            || (label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase())));
    if numbered && inner[label_len..].starts_with(['.', ')']) {
        let skip = usize::from(head.starts_with('(')) + label_len + 1;
        let after = &line[skip..];
        if after.starts_with(char::is_whitespace) {
            return after.trim_start();
        }
    }
    line
}

/// Where `phrase` stands in `lower` as whole words (not inside a longer word), if it does.
fn find_words(lower: &str, phrase: &str) -> Option<usize> {
    lower.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + phrase.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(before) && (phrase.ends_with('.') || edge(after))
    })
}

/// The words of `text` at `at..at+len` of its lower-case copy, as the plan writes them (the
/// same bytes where lower-casing kept the length, as it does for the phrases checked).
fn original(text: &str, lower: &str, at: usize, len: usize) -> String {
    if text.len() == lower.len() {
        text.get(at..at + len)
            .unwrap_or(&lower[at..at + len])
            .to_owned()
    } else {
        lower[at..at + len].to_owned()
    }
}

/// A length of time: "30 minutes", "1 hour", "45-minute", "2 x 30 mins", "half an hour", "full
/// time", "all day".
fn says_duration(lower: &str) -> bool {
    if [
        "half an hour",
        "full time",
        "full-time",
        "all day",
        "whole day",
        "school day",
        "at all times",
    ]
    .iter()
    .any(|p| find_words(lower, p).is_some())
    {
        return true;
    }
    let spaced = lower.replace(['-', '/', '(', ')', ','], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let is_unit = |w: &str| w.starts_with("min") || w.starts_with("hour") || w.starts_with("hr");
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let digits = w.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits < w.len() && is_unit(&w[digits..]) {
            return true;
        }
        let number = (digits == w.len() && digits > 0) || NUMBER_WORDS.contains(&w);
        number
            && words
                .get(i + 1)
                .is_some_and(|next| is_unit(next.trim_matches(|c: char| !c.is_alphanumeric())))
    })
}

/// A group's size: "a group of four", "groups of no more than 4", "3 pupils", "a maximum of 6".
fn says_group_size(lower: &str) -> bool {
    let spaced = lower.replace(['(', ')', ','], " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w);
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !number(w) || w.is_empty() {
            return false;
        }
        let next = words.get(i + 1).copied().unwrap_or("");
        let before = |k: usize| i.checked_sub(k).and_then(|j| words.get(j)).copied();
        ["pupils", "children", "students", "learners", "peers"]
            .iter()
            .any(|p| next.starts_with(p))
            || before(1) == Some("of")
            || before(1) == Some("than")
            || before(1) == Some("maximum")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Vec<Section> {
        vec![Section {
            letter: Letter::F,
            title: "Special educational provision".into(),
            text: text.into(),
            pages: [1, 1],
        }]
    }

    fn kinds(findings: &[Finding]) -> Vec<(FindingKind, &str)> {
        findings
            .iter()
            .map(|f| (f.kind, f.phrase.as_str()))
            .collect()
    }

    #[test]
    fn a_page_footer_is_not_a_provision_and_does_not_split_one() {
        // A plan printed from a council's template: each page ends "Page N of M", and the next
        // starts with the running header "DRAFT" after the page break.
        let text = "Sam will have 45 minutes of speech and language therapy weekly, delivered by a\nPage 1 of 2\n\u{c}DRAFT\nqualified speech and language therapist.\n\nA writing slope in class.\nPage 2 of 2\n";
        assert_eq!(
            provisions(text),
            vec![
                "Sam will have 45 minutes of speech and language therapy weekly, delivered by a qualified speech and language therapist.",
                "A writing slope in class.",
            ]
        );
    }

    #[test]
    fn a_specific_provision_has_no_findings() {
        let plan = f(
            "Sam will have 45 minutes of speech and language therapy weekly, delivered by a qualified speech and language therapist.",
        );
        assert_eq!(check(&plan), Vec::<Finding>::new());
        let plan = f(
            "Daily 20-minute phonics sessions with a teaching assistant trained in Read Write Inc, in a group of no more than four.",
        );
        assert_eq!(check(&plan), Vec::<Finding>::new());
    }

    /// The weakened wording of the usual complaint: every vague word found and quoted as written,
    /// and the missing slots named.
    #[test]
    fn vague_provision_is_quoted_with_what_to_ask_for_instead() {
        let plan = f("Access to speech and language therapy as required.");
        let found = check(&plan);
        assert_eq!(
            kinds(&found),
            [
                (FindingKind::Vague, "Access to"),
                (FindingKind::Vague, "as required"),
                (FindingKind::NoFrequency, ""),
                (FindingKind::NoDuration, ""),
                (FindingKind::NoProvider, ""),
            ]
        );
        assert_eq!(
            found[0].text,
            "Access to speech and language therapy as required."
        );
        assert!(found[0].advice.contains("45 minutes a week"));

        let plan = f(
            "Regular opportunities for social skills work in a small group, up to three times a week, etc.",
        );
        let found = check(&plan);
        assert_eq!(
            kinds(&found),
            [
                (FindingKind::Vague, "Regular"),
                (FindingKind::Vague, "up to"),
                (FindingKind::Vague, "opportunities for"),
                (FindingKind::Vague, "etc"),
                (FindingKind::Vague, "small group"),
                (FindingKind::NoDuration, ""),
                (FindingKind::NoProvider, ""),
            ]
        );
    }

    #[test]
    fn each_bullet_and_numbered_item_is_its_own_provision() {
        let plan = f("Provision to meet communication needs:\n\
            • 30 minutes of speech and language therapy each week from a speech and language therapist\n\
            • A visual timetable for the child to use\n\
            2. Weekly check-ins with a key adult for 10 minutes\n\
            (b) Support at lunchtime from a teaching assistant as needed");
        let found = check(&plan);
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert!(
            !texts.iter().any(|t| t.starts_with("30 minutes")),
            "{found:#?}"
        );
        assert!(
            !texts.iter().any(|t| t.starts_with("Provision to meet")),
            "a lead-in is not a provision"
        );
        assert_eq!(
            found
                .iter()
                .filter(|f| f.text == "A visual timetable for the child to use")
                .map(|f| f.kind)
                .collect::<Vec<_>>(),
            [
                FindingKind::NoFrequency,
                FindingKind::NoDuration,
                FindingKind::NoProvider
            ]
        );
        assert_eq!(
            found
                .iter()
                .filter(|f| f.text.starts_with("Weekly check-ins"))
                .map(|f| (f.kind, f.phrase.as_str()))
                .collect::<Vec<_>>(),
            [
                (FindingKind::Vague, "key adult"),
                (FindingKind::NoProvider, "")
            ]
        );
        assert_eq!(
            found
                .iter()
                .filter(|f| f.text.starts_with("Support at lunchtime"))
                .map(|f| (f.kind, f.phrase.as_str()))
                .collect::<Vec<_>>(),
            [
                (FindingKind::Vague, "as needed"),
                (FindingKind::NoFrequency, ""),
                (FindingKind::NoDuration, "")
            ]
        );
    }

    #[test]
    fn only_provision_sections_are_checked() {
        let mut plan = f("Access to a quiet room.");
        plan[0].letter = Letter::B;
        assert_eq!(check(&plan), Vec::<Finding>::new());
        plan[0].letter = Letter::G;
        assert_eq!(kinds(&check(&plan)), [(FindingKind::Vague, "Access to")]);
    }

    #[test]
    fn words_inside_longer_words_are_not_found() {
        let wrapped: Vec<String> = vague_words("Access\nto therapy,  up   to weekly")
            .into_iter()
            .map(|v| v.phrase)
            .collect();
        assert_eq!(
            wrapped,
            ["Access to", "up to"],
            "words apart by a line break are found"
        );
        assert_eq!(find_words("irregular attendance", "regular"), None);
        assert_eq!(find_words("setup today", "up to"), None);
        assert_eq!(find_words("a regular slot", "regular"), Some(2));
        assert_eq!(find_words("stories, e.g. gruffalo", "e.g."), Some(9));
        assert!(says_duration("2 x 30mins a week"));
        assert!(says_duration("a 45-minute session"));
        assert!(says_duration("one hour"));
        assert!(!says_duration("three times a week"));
        assert!(says_group_size("a small group (maximum 4)"));
        assert!(says_group_size("a small group of 3 pupils"));
        assert!(!says_group_size("a small group with peers"));
    }
}
