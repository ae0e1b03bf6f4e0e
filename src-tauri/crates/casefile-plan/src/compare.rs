//! Two versions of a plan compared section by section: a draft with its final, a final with its
//! amended version, a plan with the one written after a Tribunal's order.
//!
//! Why it matters: a council must send the draft and consider the parent's comments before the
//! final (Children and Families Act 2014, s.38; SEND Regulations 2014, regs. 13 and 14), and an
//! amended plan follows the same steps (reg. 22). Provision that is cut, made vague or dropped
//! between the two is what families appeal (s.51(2)(c) to (e)); the Tribunal's panel reads the two
//! side by side (tribunal-2025.md §3, C3 to C5). Section F must stay "detailed and specific and
//! … normally quantified" (Code of Practice 9.69), so a rewrite that loses a number, a frequency or
//! a qualified provider is a weakening even when the words look kinder.
//!
//! Each section is cut into its provisions (paragraphs, list items) and those into sentences; the
//! two lists are aligned with Myers's diff, and a sentence rewritten in place is paired with its
//! old self when enough of its words survive. Within a pair the words are diffed for the window.
//! Concerns are what a family should raise: provision or an outcome removed, provision weakened
//! (less time, less often, no longer by a qualified person), vague words brought in, and a change
//! of named school.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffTag, TextDiff, capture_diff_slices};
use ts_rs::TS;

use crate::amount::{Amount, number};
use crate::check::{provisions, vague_words};
use crate::sections::{Letter, Section};

/// What happened to one sentence of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "PlanChangeKind")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// Whether a run of words is in both versions, only the old one or only the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "PlanSide")]
pub enum Side {
    Same,
    Old,
    New,
}

/// A run of words on one side of a change, for showing it word by word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanWords")]
pub struct Words {
    pub side: Side,
    pub text: String,
}

/// One sentence added, removed or rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanChange")]
pub struct Change {
    pub kind: ChangeKind,
    /// The old version's words ("" when added).
    pub old: String,
    /// The new version's words ("" when removed).
    pub new: String,
    /// Both, word by word, in reading order.
    pub words: Vec<Words>,
}

/// One section's changes; none when the two versions say the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanSectionChanges")]
pub struct SectionChanges {
    pub letter: Letter,
    pub title: String,
    /// Whether the section is only in the old version, only in the new one, or in both.
    pub presence: Presence,
    pub changes: Vec<Change>,
}

/// Where a section is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "PlanPresence")]
pub enum Presence {
    Both,
    OldOnly,
    NewOnly,
}

/// What a concern says went wrong between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "PlanConcernKind")]
pub enum ConcernKind {
    /// Less time, less often, or no longer by a qualified person.
    Weakened,
    /// Provision, or an outcome, that is no longer there.
    Removed,
    /// Specific words replaced by words that leave the amount to discretion.
    Vague,
    /// The school or kind of school named in Section I is different.
    PlacementChanged,
}

/// Something to raise with the council, quoting both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanConcern")]
pub struct Concern {
    pub section: Letter,
    pub kind: ConcernKind,
    pub old: String,
    pub new: String,
    /// What changed, in plain English.
    pub why: String,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "Comparison")]
pub struct Comparison {
    pub sections: Vec<SectionChanges>,
    pub concerns: Vec<Concern>,
}

/// How alike two sentences must be (share of their words in common, 0 to 1) to be read as one
/// sentence rewritten rather than one removed and another added, when they stand in each other's
/// place; and anywhere in the block when they do not. "Mia will have 30 minutes of occupational
/// therapy a fortnight from a qualified occupational therapist" and "Mia will have access to
/// occupational therapy as required" share 5 words of 15 and 9: 2 × 5 ÷ 24 ≈ 0.42.
const PAIR_IN_PLACE: f32 = 0.25;
const PAIR_NEARBY: f32 = 0.35;
/// A removed sentence this like one added elsewhere has moved, not gone.
const MOVED: f32 = 0.75;
/// Most pairs of sentences weighed for likeness in one block (each is a small diff of a few dozen
/// words). Beyond it, as in a hostile or wholly rewritten text of thousands of sentences, only
/// sentences standing in each other's place are weighed, so a comparison never takes minutes.
const MOST_PAIRS: usize = 100_000;

/// Compares an old version of a plan with a new one.
pub fn compare(old: &[Section], new: &[Section]) -> Comparison {
    let mut letters: Vec<Letter> = old.iter().chain(new).map(|s| s.letter).collect();
    letters.sort_unstable();
    letters.dedup();

    let mut sections = Vec::new();
    for letter in letters {
        let old_section = old.iter().filter(|s| s.letter == letter);
        let new_section = new.iter().filter(|s| s.letter == letter);
        let title = new_section
            .clone()
            .chain(old_section.clone())
            .map(|s| s.title.clone())
            .next()
            .unwrap_or_default();
        let presence = match (old_section.clone().next(), new_section.clone().next()) {
            (Some(_), Some(_)) => Presence::Both,
            (Some(_), None) => Presence::OldOnly,
            _ => Presence::NewOnly,
        };
        let old_units: Vec<String> = old_section.flat_map(|s| units(&s.text)).collect();
        let new_units: Vec<String> = new_section.flat_map(|s| units(&s.text)).collect();
        sections.push(SectionChanges {
            letter,
            title,
            presence,
            changes: changes(&old_units, &new_units),
        });
    }
    let concerns = concerns(&sections);
    Comparison { sections, concerns }
}

/// A plan compared with what the Tribunal ordered it to say: only the sections the order sets
/// out are compared (the rest of the plan is not the order's business), and each concern is
/// said of the order and the plan ("in the order's Section F and nowhere in the plan"). A
/// council must issue the plan as ordered (SEND Regulations 2014, reg. 44(2)); a change from
/// the order's words is what to raise.
pub fn compare_with_order(order: &[Section], plan: &[Section]) -> Comparison {
    let ordered: Vec<Letter> = order.iter().map(|s| s.letter).collect();
    let plan: Vec<Section> = plan
        .iter()
        .filter(|s| ordered.contains(&s.letter))
        .cloned()
        .collect();
    let mut comparison = compare(order, &plan);
    for concern in &mut comparison.concerns {
        concern.why = of_order(&concern.why);
    }
    comparison
}

/// A concern's words said of the order (what the plan should say) and the plan (what it says).
fn of_order(why: &str) -> String {
    const SAID_OF_ORDER: &[(&str, &str)] = &[
        ("It no longer says", "The plan does not say"),
        ("the old version's", "the order's"),
        ("The old version", "The order"),
        ("the old version", "the order"),
        ("the old one", "the order"),
        ("The new version", "The plan"),
        ("the new version", "the plan"),
        ("the new one", "the plan"),
        ("in the new one", "in the plan"),
        ("it was ", "the order says "),
        ("it is now ", "the plan says "),
        ("it said ", "the order said "),
        ("” is new.", "” is in the plan but not in the order."),
    ];
    let mut said = why.to_owned();
    for (from, to) in SAID_OF_ORDER {
        said = said.replace(from, to);
    }
    said
}

/// A section's sentences, provision by provision (page furniture is left out by
/// [`provisions`]).
fn units(text: &str) -> Vec<String> {
    provisions(text).iter().flat_map(|p| sentences(p)).collect()
}

/// Abbreviations after which a full stop does not end a sentence.
const NOT_ENDINGS: &[&str] = &[
    "e.g.", "i.e.", "eg.", "ie.", "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "approx.", "etc.",
];

/// A provision's sentences: cut after ".", "!" or "?" where the next word starts with a capital
/// or a digit.
fn sentences(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        current.push(word);
        let ends =
            word.ends_with(['.', '!', '?']) && !NOT_ENDINGS.contains(&word.to_lowercase().as_str());
        let next_starts = words
            .get(i + 1)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if ends && next_starts {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// The sentences' changes in reading order.
fn changes(old: &[String], new: &[String]) -> Vec<Change> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete => out.extend(old[o].iter().map(|t| removed(t))),
            DiffTag::Insert => out.extend(new[n].iter().map(|t| added(t))),
            DiffTag::Replace => replace(&old[o], &new[n], &mut out),
        }
    }
    out
}

/// A block of old sentences replaced by new ones. The most alike pairs are taken first, so long as
/// they keep reading order (a pair never crosses another); what is left over was removed or added.
fn replace(old: &[String], new: &[String], out: &mut Vec<Change>) {
    let wide = old.len().saturating_mul(new.len()) <= MOST_PAIRS;
    let mut weighed: Vec<(usize, usize, f32)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        let candidates = if wide {
            0..new.len()
        } else {
            i..(i + 1).min(new.len()).max(i)
        };
        for j in candidates {
            let r = likeness(o, &new[j]);
            if r >= PAIR_NEARBY || (j == i && r >= PAIR_IN_PLACE) {
                weighed.push((i, j, r));
            }
        }
    }
    weighed.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, j, _) in weighed {
        let fits = pairs
            .iter()
            .all(|&(pi, pj)| (pi < i && pj < j) || (pi > i && pj > j));
        if fits {
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    let (mut next_old, mut next_new) = (0, 0);
    for (i, j) in pairs {
        out.extend(old[next_old..i].iter().map(|t| removed(t)));
        out.extend(new[next_new..j].iter().map(|t| added(t)));
        out.push(changed(&old[i], &new[j]));
        (next_old, next_new) = (i + 1, j + 1);
    }
    out.extend(old[next_old..].iter().map(|t| removed(t)));
    out.extend(new[next_new..].iter().map(|t| added(t)));
}

/// The share of two sentences' words they have in common, in order (0 to 1).
fn likeness(a: &str, b: &str) -> f32 {
    let a = word_keys(a);
    let b = word_keys(b);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    TextDiff::from_slices(&a, &b).ratio()
}

fn word_keys(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn removed(old: &str) -> Change {
    Change {
        kind: ChangeKind::Removed,
        old: old.to_owned(),
        new: String::new(),
        words: vec![Words {
            side: Side::Old,
            text: old.to_owned(),
        }],
    }
}

fn added(new: &str) -> Change {
    Change {
        kind: ChangeKind::Added,
        old: String::new(),
        new: new.to_owned(),
        words: vec![Words {
            side: Side::New,
            text: new.to_owned(),
        }],
    }
}

fn changed(old: &str, new: &str) -> Change {
    // Each word with the space after it, so a run of changed words is whole and a space between
    // two of them is never counted as in common. (The units are already one space apart.)
    let old_words: Vec<&str> = old.split_inclusive(' ').collect();
    let new_words: Vec<&str> = new.split_inclusive(' ').collect();
    let diff = TextDiff::from_slices(&old_words, &new_words);
    let mut words: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let side = match change.tag() {
            ChangeTag::Equal => Side::Same,
            ChangeTag::Delete => Side::Old,
            ChangeTag::Insert => Side::New,
        };
        let text = change.value();
        match words.last_mut() {
            Some(last) if last.side == side => last.text.push_str(text),
            _ => words.push(Words {
                side,
                text: text.to_owned(),
            }),
        }
    }
    Change {
        kind: ChangeKind::Changed,
        old: old.to_owned(),
        new: new.to_owned(),
        words,
    }
}

/// What to raise, section by section.
fn concerns(sections: &[SectionChanges]) -> Vec<Concern> {
    // A sentence removed from one place and added, almost the same, in another has moved; its
    // weakening (if any) is judged against where it went.
    let added: Vec<(Letter, &str)> = sections
        .iter()
        .flat_map(|s| {
            s.changes
                .iter()
                .filter(|c| c.kind == ChangeKind::Added)
                .map(move |c| (s.letter, c.new.as_str()))
        })
        .collect();
    let removed = sections
        .iter()
        .flat_map(|s| &s.changes)
        .filter(|c| c.kind == ChangeKind::Removed)
        .count();
    let wide = removed.saturating_mul(added.len()) <= MOST_PAIRS;
    // Beyond the limit, a sentence has moved only if it is added elsewhere word for word.
    let exact: std::collections::HashSet<&str> = if wide {
        std::collections::HashSet::new()
    } else {
        let removed_keys: std::collections::HashSet<Vec<String>> = sections
            .iter()
            .flat_map(|s| &s.changes)
            .filter(|c| c.kind == ChangeKind::Removed)
            .map(|c| word_keys(&c.old))
            .collect();
        added
            .iter()
            .map(|&(_, new)| new)
            .filter(|new| removed_keys.contains(&word_keys(new)))
            .collect()
    };
    let mut moved_to: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for section in sections {
        let letter = section.letter;
        if letter == Letter::I {
            placement(section, &mut out);
            continue;
        }
        for change in &section.changes {
            match change.kind {
                ChangeKind::Changed => weakened(letter, &change.old, &change.new, &mut out),
                ChangeKind::Removed => {
                    let moved = added
                        .iter()
                        .filter(|(_, new)| !moved_to.contains(new))
                        .filter(|(_, new)| wide || exact.contains(*new))
                        .map(|&(l, new)| {
                            let r = if wide {
                                likeness(&change.old, new)
                            } else {
                                f32::from(u8::from(word_keys(&change.old) == word_keys(new)))
                            };
                            (l, new, r)
                        })
                        .filter(|&(_, _, r)| r >= MOVED)
                        .max_by(|a, b| a.2.total_cmp(&b.2));
                    if let Some((to, new, _)) = moved {
                        moved_to.push(new);
                        weakened(to, &change.old, new, &mut out);
                    } else if letter.is_provision() {
                        out.push(Concern {
                            section: letter,
                            kind: ConcernKind::Removed,
                            old: change.old.clone(),
                            new: String::new(),
                            why: format!(
                                "This provision is in the old version's Section {letter} and nowhere in the new one.",
                                letter = letter.as_str()
                            ),
                        });
                    } else if letter == Letter::E {
                        out.push(Concern {
                            section: letter,
                            kind: ConcernKind::Removed,
                            old: change.old.clone(),
                            new: String::new(),
                            why: "This outcome is in the old version and not in the new one."
                                .to_owned(),
                        });
                    }
                }
                ChangeKind::Added => {
                    if letter.is_provision() && !moved_to.contains(&change.new.as_str()) {
                        vague(letter, "", &change.new, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// A rewritten provision: less time, less often, no longer by a qualified person, or vaguer.
fn weakened(letter: Letter, old: &str, new: &str, out: &mut Vec<Concern>) {
    if !letter.is_provision() {
        return;
    }
    let before = Amount::read(old);
    let after = Amount::read(new);
    let mut why: Vec<String> = Vec::new();
    match (before.weekly_minutes(), after.weekly_minutes()) {
        (Some(b), Some(a)) if a < b * 0.999 => why.push(format!(
            "Less time: it was {}; it is now {}.",
            before.describe(),
            after.describe()
        )),
        _ => {
            let often_lost = before.often.is_some() && after.often.is_none();
            if before.minutes.is_some() && after.minutes.is_none() && often_lost {
                why.push(format!(
                    "It no longer says for how long or how often: it said {}.",
                    before.describe()
                ));
            } else if before.minutes.is_some() && after.minutes.is_none() {
                why.push(format!(
                    "It no longer says for how long: it said {}.",
                    before.describe()
                ));
            } else if let (Some(b), Some(a)) = (before.minutes, after.minutes)
                && a < b
            {
                why.push(format!(
                    "Shorter sessions: {} minutes became {} minutes.",
                    number(b),
                    number(a)
                ));
            }
            match (&before.often, &after.often) {
                (Some(_), None) if before.minutes.is_some() && after.minutes.is_none() => {}
                (Some(_), None) => why.push(format!(
                    "It no longer says how often: it said {}.",
                    before.often_words()
                )),
                (Some(b), Some(a)) if a.per_week < b.per_week * 0.999 => why.push(format!(
                    "Less often: {} became {}.",
                    before.often_words(),
                    after.often_words()
                )),
                _ => {}
            }
        }
    }
    if let Some(expert) = &before.expert
        && after.expert.is_none()
    {
        why.push(format!(
            "It no longer says it is delivered by a qualified person: the old version said “{expert}”."
        ));
    }
    if !why.is_empty() {
        out.push(Concern {
            section: letter,
            kind: ConcernKind::Weakened,
            old: old.to_owned(),
            new: new.to_owned(),
            why: why.join(" "),
        });
    }
    vague(letter, old, new, out);
}

/// Vague words in the new words that the old ones did not have.
fn vague(letter: Letter, old: &str, new: &str, out: &mut Vec<Concern>) {
    let had: Vec<&str> = vague_words(old).iter().map(|v| v.listed).collect();
    for v in vague_words(new) {
        if had.contains(&v.listed) {
            continue;
        }
        out.push(Concern {
            section: letter,
            kind: ConcernKind::Vague,
            old: old.to_owned(),
            new: new.to_owned(),
            why: format!("“{}” is new. {}", v.phrase, v.advice),
        });
    }
}

/// A different school, or kind of school, in Section I.
fn placement(section: &SectionChanges, out: &mut Vec<Concern>) {
    let old: Vec<&str> = section
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Added)
        .map(|c| c.old.as_str())
        .collect();
    let new: Vec<&str> = section
        .changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Removed)
        .map(|c| c.new.as_str())
        .collect();
    if old.is_empty() && new.is_empty() {
        return;
    }
    let old_names = school_names(&old.join(" "));
    let new_names = school_names(&new.join(" "));
    let why = if !old_names.is_empty() && !new_names.is_empty() && old_names != new_names {
        format!(
            "The school named is different: “{}” became “{}”.",
            old_names.join("”, “"),
            new_names.join("”, “")
        )
    } else if !old_names.is_empty() && new_names.is_empty() {
        format!(
            "The new version no longer names the school: the old one named “{}”.",
            old_names.join("”, “")
        )
    } else {
        "Section I, where the school or kind of school is named, says something different."
            .to_owned()
    };
    out.push(Concern {
        section: Letter::I,
        kind: ConcernKind::PlacementChanged,
        old: old.join(" "),
        new: new.join(" "),
        why,
    });
}

/// Words that end a school's name.
const SCHOOL_WORDS: &[&str] = &[
    "School", "Academy", "College", "Primary", "Infants", "Juniors", "Centre", "Unit", "Base",
];

/// Words that may sit inside a school's name without a capital.
const NAME_JOINERS: &[&str] = &["of", "the", "and", "&", "de", "la"];

/// The names of schools in a text: runs of capitalised words ending in "School", "Academy"….
fn school_names(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '&'))
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if SCHOOL_WORDS.contains(&words[i]) {
            let mut start = i;
            while start > 0 {
                let w = words[start - 1];
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                if capital || (NAME_JOINERS.contains(&w) && start > 1) {
                    start -= 1;
                } else {
                    break;
                }
            }
            while start < i && NAME_JOINERS.contains(&words[start]) {
                start += 1;
            }
            let mut end = i + 1;
            while end < words.len() && SCHOOL_WORDS.contains(&words[end]) {
                end += 1;
            }
            if start < i {
                let name = words[start..end].join(" ");
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::{order_sections, sections};

    fn plan(f: &str, i: &str) -> Vec<Section> {
        sections(&format!(
            "Section A: Views\nSam likes trains.\n\nSection E: Outcomes\nSam will speak in short sentences by July.\n\nSam will join in at break time.\n\nSection F: Special educational provision\n{f}\n\nSection I: Placement\n{i}\n"
        ))
        .expect("sections")
    }

    fn kinds(c: &Comparison) -> Vec<(&str, ConcernKind)> {
        c.concerns
            .iter()
            .map(|c| (c.section.as_str(), c.kind))
            .collect()
    }

    #[test]
    fn the_same_plan_twice_has_no_changes_and_no_concerns() {
        let a = plan(
            "1. 45 minutes weekly with a speech and language therapist.",
            "Willowbrook Primary School",
        );
        let c = compare(&a, &a);
        assert!(c.sections.iter().all(|s| s.changes.is_empty()));
        assert!(c.concerns.is_empty());
        assert_eq!(c.sections.len(), 4);
    }

    #[test]
    fn specific_therapy_made_vague_is_weakened_and_vague() {
        // The issue's own example: "45 minutes weekly with a speech and language therapist"
        // becomes "access to speech and language therapy as required". Before: 45 minutes × 1 a
        // week = 45 minutes a week, by a therapist (a qualified person). After: no minutes, no
        // frequency, no qualified person; "access to" and "as required" are new.
        let old = plan(
            "1. Sam will have 45 minutes weekly with a speech and language therapist.",
            "Willowbrook Primary School",
        );
        let new = plan(
            "1. Sam will have access to speech and language therapy as required.",
            "Willowbrook Primary School",
        );
        let c = compare(&old, &new);
        let f = c
            .sections
            .iter()
            .find(|s| s.letter == Letter::F)
            .expect("F");
        assert_eq!(f.changes.len(), 1);
        assert_eq!(f.changes[0].kind, ChangeKind::Changed);
        assert!(
            f.changes[0]
                .words
                .iter()
                .any(|w| w.side == Side::Old && w.text.contains("45 minutes weekly"))
        );
        assert!(
            f.changes[0]
                .words
                .iter()
                .any(|w| w.side == Side::New && w.text.contains("access to"))
        );
        assert_eq!(
            kinds(&c),
            [
                ("F", ConcernKind::Weakened),
                ("F", ConcernKind::Vague),
                ("F", ConcernKind::Vague)
            ]
        );
        let why = &c.concerns[0].why;
        assert!(
            why.starts_with(
                "It no longer says for how long or how often: it said “45 minutes” “weekly”."
            ),
            "{why}"
        );
        assert!(why.contains("qualified person"), "{why}");
        assert!(c.concerns[1].why.starts_with("“access to” is new."));
        assert!(c.concerns[2].why.starts_with("“as required” is new."));
    }

    #[test]
    fn fewer_minutes_and_fewer_sessions_are_less_time() {
        // Before: 3 × 30 minutes a week = 90 minutes a week. After: 30 minutes × 1 a term, and
        // a term is 13 school weeks (39 ÷ 3), so 30 ÷ 13 ≈ 2.3 minutes a week: less time.
        let old = plan(
            "Sam will have three 30 minute sessions a week with a qualified therapist.\n\nA 20 minute reading session daily with a teaching assistant.",
            "Willowbrook Primary School",
        );
        let new = plan(
            "Sam will have 30 minute sessions a term with a qualified therapist.\n\nA 20 minute reading session weekly with a teaching assistant.",
            "Willowbrook Primary School",
        );
        let c = compare(&old, &new);
        assert_eq!(
            kinds(&c),
            [("F", ConcernKind::Weakened), ("F", ConcernKind::Weakened)]
        );
        // "three 30 minute sessions a week": 3 × 30 = 90 minutes a week; after, 30 minutes a
        // term is 30 × 3/39 ≈ 2.3 a week. Less time.
        assert!(
            c.concerns[0].why.starts_with(
                "Less time: it was “three 30 minute sessions a week”; it is now “30 minute” “a term”."
            ),
            "{}",
            c.concerns[0].why
        );
        // 20 × 5 a week (daily) = 100 minutes before, 20 × 1 = 20 after.
        assert!(
            c.concerns[1].why.contains("“daily”"),
            "{}",
            c.concerns[1].why
        );
    }

    #[test]
    fn counts_before_the_period_are_read() {
        // "three 30-minute sessions a week": the count stands before the minutes: 3 × 1 = 3 a
        // week, each of 30 minutes.
        let three = Amount::read("Three 30-minute sessions a week of speech therapy");
        assert_eq!(three.often.as_ref().map(|o| o.per_week), Some(3.0));
        assert_eq!(three.minutes, Some(30.0));
        // "three times a week": 3 × 1 = 3 sessions a week; "twice weekly": 2; "2 x 30 minutes
        // fortnightly": 2 × 0.5 = 1 a week.
        assert_eq!(
            Amount::read("three times a week").often.map(|o| o.per_week),
            Some(3.0)
        );
        let twice = Amount::read("30 minutes twice weekly");
        assert_eq!(twice.often.as_ref().map(|o| o.per_week), Some(2.0));
        assert_eq!(
            twice.often.map(|o| o.words),
            Some("twice weekly".to_owned())
        );
        assert_eq!(twice.minutes, Some(30.0));
        let x = Amount::read("2 x 30 minutes fortnightly");
        assert_eq!(x.minutes, Some(30.0));
        assert_eq!(x.often.map(|o| o.per_week), Some(0.5));
        assert_eq!(Amount::read("one hour a week").minutes, Some(60.0));
        assert_eq!(Amount::read("half an hour a week").minutes, Some(30.0));
        assert_eq!(Amount::read("30-45 minutes a day").minutes, Some(30.0));
    }

    #[test]
    fn more_time_is_not_a_concern() {
        let old = plan(
            "Sam will have 30 minutes weekly with a qualified therapist.",
            "X School",
        );
        let new = plan(
            "Sam will have 45 minutes twice weekly with a qualified therapist.",
            "X School",
        );
        let c = compare(&old, &new);
        assert_eq!(c.sections[2].changes.len(), 1);
        assert!(c.concerns.is_empty(), "{:?}", c.concerns);
    }

    #[test]
    fn a_removed_provision_a_dropped_outcome_and_a_new_school_are_found() {
        let old_text = "Section E: Outcomes\nSam will speak in short sentences by July.\n\nSam will join in at break time.\n\n\
Section F: Provision\n1. Sam will have 45 minutes weekly with a speech and language therapist.\n2. Occupational therapy: 30 minutes a fortnight with an occupational therapist.\n3. A visual timetable used in every lesson by the class teacher.\n\n\
Section I: Placement\nSam will attend Willowbrook Primary School, a mainstream school.\n";
        let new_text = "Section E: Outcomes\nSam will speak in short sentences by July.\n\n\
Section F: Provision\n1. Sam will have 45 minutes weekly with a speech and language therapist.\n2. A visual timetable used in every lesson by the class teacher.\n\n\
Section I: Placement\nSam will attend Oakfield Academy, a mainstream school.\n";
        let c = compare(
            &sections(old_text).expect("old"),
            &sections(new_text).expect("new"),
        );
        assert_eq!(
            kinds(&c),
            [
                ("E", ConcernKind::Removed),
                ("F", ConcernKind::Removed),
                ("I", ConcernKind::PlacementChanged)
            ]
        );
        assert_eq!(c.concerns[0].old, "Sam will join in at break time.");
        assert!(c.concerns[1].old.starts_with("Occupational therapy"));
        assert_eq!(
            c.concerns[2].why,
            "The school named is different: “Willowbrook Primary School” became “Oakfield Academy”."
        );
    }

    #[test]
    fn a_plan_issued_after_an_order_is_compared_with_the_sections_the_order_sets_out() {
        // The order (its annex) sets out Sections F and I; the council's amended plan has them
        // and all the rest. Its F cuts the speech and language therapy from 45 minutes weekly to
        // 30 (45 > 30: less time), drops the occupational therapy, makes the group "small", and
        // its I names another school.
        let order = order_sections(
            "ORDER\n1. The appeal is allowed.\n2. The local authority shall amend the EHC plan as set out in the annex.\n\nANNEX\n\
Section F: Special educational provision\n1. Sam will have 45 minutes weekly with a qualified speech and language therapist.\n2. Occupational therapy: 30 minutes a fortnight with an occupational therapist.\n3. Social skills in a group of no more than four, led by a trained teaching assistant, weekly for 30 minutes.\n\n\
Section I: Placement\nSam will attend Willowbrook Primary School, a mainstream school.\n",
        )
        .expect("the order's sections");
        let letters: Vec<&str> = order.iter().map(|s| s.letter.as_str()).collect();
        assert_eq!(letters, ["F", "I"]);
        let plan = sections(
            "Section A: Views\nSam likes trains.\n\nSection B: Needs\nSam has a language disorder.\n\nSection E: Outcomes\nSam will speak in short sentences by July.\n\n\
Section F: Special educational provision\n1. Sam will have 30 minutes weekly with a qualified speech and language therapist.\n2. Social skills in a small group, led by a trained teaching assistant, weekly for 30 minutes.\n\n\
Section I: Placement\nSam will attend Oakfield Academy, a mainstream school.\n",
        )
        .expect("the plan's sections");
        let c = compare_with_order(&order, &plan);
        // Only what the order sets out: A, B and E are the plan's own.
        let compared: Vec<&str> = c.sections.iter().map(|s| s.letter.as_str()).collect();
        assert_eq!(compared, ["F", "I"]);
        assert_eq!(
            kinds(&c),
            [
                ("F", ConcernKind::Weakened),
                ("F", ConcernKind::Removed),
                ("F", ConcernKind::Vague),
                ("I", ConcernKind::PlacementChanged)
            ]
        );
        assert_eq!(
            c.concerns[1].why,
            "This provision is in the order's Section F and nowhere in the plan."
        );
        assert_eq!(
            c.concerns[3].why,
            "The school named is different: “Willowbrook Primary School” became “Oakfield Academy”."
        );
        // Every concern is said of the order and the plan, never of versions.
        for concern in &c.concerns {
            for version_words in [
                "old version",
                "new version",
                "new one",
                "old one",
                "is new.",
                "it was ",
                "it is now ",
            ] {
                assert!(!concern.why.contains(version_words), "{}", concern.why);
            }
        }
        assert!(
            c.concerns[0].why.contains("the order says"),
            "{}",
            c.concerns[0].why
        );
        assert!(
            c.concerns[2]
                .why
                .contains("is in the plan but not in the order"),
            "{}",
            c.concerns[2].why
        );
    }

    #[test]
    fn an_order_without_any_section_heading_is_not_read_as_sections() {
        assert!(order_sections("ORDER\nThe appeal is dismissed.\nNo order for costs.\n").is_err());
    }

    #[test]
    fn a_provision_moved_to_another_section_is_not_removed() {
        let old_text = "Section F: Provision\nSam will have 30 minutes of physiotherapy weekly from a physiotherapist.\nA writing slope in class.\n\nSection G: Health provision\nA yearly review by the paediatrician.\n";
        let new_text = "Section F: Provision\nA writing slope in class.\n\nSection G: Health provision\nA yearly review by the paediatrician.\nSam will have 30 minutes of physiotherapy weekly from a physiotherapist.\n";
        let c = compare(
            &sections(old_text).expect("old"),
            &sections(new_text).expect("new"),
        );
        assert!(c.concerns.is_empty(), "{:?}", c.concerns);
        assert_eq!(c.sections[0].changes[0].kind, ChangeKind::Removed);
        assert_eq!(c.sections[1].changes[0].kind, ChangeKind::Added);
    }

    #[test]
    fn a_whole_section_gone_removes_its_provision() {
        let old_text = "Section F: Provision\nA writing slope in class.\n\nSection H1: Social care\nA short break of six hours a month with a trained carer.\n";
        let new_text = "Section F: Provision\nA writing slope in class.\n\nSection I: Placement\nAny mainstream school.\n";
        let c = compare(
            &sections(old_text).expect("old"),
            &sections(new_text).expect("new"),
        );
        let h1 = c
            .sections
            .iter()
            .find(|s| s.letter == Letter::H1)
            .expect("H1");
        assert_eq!(h1.presence, Presence::OldOnly);
        assert_eq!(
            kinds(&c),
            [
                ("H1", ConcernKind::Removed),
                ("I", ConcernKind::PlacementChanged)
            ]
        );
        assert_eq!(
            c.concerns[1].why,
            "Section I, where the school or kind of school is named, says something different."
        );
    }

    #[test]
    fn page_furniture_and_line_wrapping_are_not_changes() {
        let old_text = "Section F: Provision\nSam will have 45 minutes weekly with a speech and\nlanguage therapist.\nPage 3 of 12\n\u{c}DRAFT\nA writing slope in class.\n\nSection I: Placement\nX School\n";
        let new_text = "Section F: Provision\nSam will have 45 minutes weekly with a speech and language therapist.\nA writing slope\nin class.\n\nSection I: Placement\nX School\n";
        let c = compare(
            &sections(old_text).expect("old"),
            &sections(new_text).expect("new"),
        );
        assert!(
            c.sections.iter().all(|s| s.changes.is_empty()),
            "{:?}",
            c.sections
        );
    }

    #[test]
    fn a_wholly_rewritten_hostile_plan_is_compared_sentence_by_sentence_in_place() {
        // 3,000 sentences against 3,000 others: nine million pairs, beyond the limit, so only
        // each sentence's own place is weighed. Sentence 7 is rewritten in place and is paired;
        // the rest share no words and are removed and added.
        let old: String = (0..3000)
            .map(|i| format!("Alpha{i} beta{i} gamma{i}. "))
            .collect();
        let mut new: String = String::new();
        for i in 0..3000 {
            if i == 7 {
                new.push_str("Alpha7 beta7 gamma7 delta. ");
            } else {
                new.push_str(&format!("Omega{i} psi{i} chi{i}. "));
            }
        }
        let c = compare(
            &sections(&format!(
                "Section F: Provision\n{old}\nSection I: Placement\nX School\n"
            ))
            .expect("old"),
            &sections(&format!(
                "Section F: Provision\n{new}\nSection I: Placement\nX School\n"
            ))
            .expect("new"),
        );
        let f = &c.sections[0].changes;
        assert_eq!(
            f.iter().filter(|c| c.kind == ChangeKind::Changed).count(),
            1
        );
        assert_eq!(
            f.iter().filter(|c| c.kind == ChangeKind::Removed).count(),
            2999
        );
        assert_eq!(
            f.iter().filter(|c| c.kind == ChangeKind::Added).count(),
            2999
        );
        assert_eq!(
            c.concerns
                .iter()
                .filter(|c| c.kind == ConcernKind::Removed)
                .count(),
            2999
        );
    }

    #[test]
    fn sentences_are_cut_but_not_after_abbreviations() {
        assert_eq!(
            sentences("Use a visual aid, e.g. Makaton. Daily practice. Taught by Dr. Patel."),
            [
                "Use a visual aid, e.g. Makaton.",
                "Daily practice.",
                "Taught by Dr. Patel."
            ]
        );
    }

    #[test]
    fn school_names_are_read_with_their_capitals() {
        assert_eq!(
            school_names(
                "Sam will attend St Mary's Church of England Primary School from September."
            ),
            ["St Mary's Church of England Primary School"]
        );
        assert_eq!(school_names("a mainstream school"), Vec::<String>::new());
        assert_eq!(
            school_names("The Oaks Academy or Brook College"),
            ["The Oaks Academy", "Brook College"]
        );
    }

    #[test]
    fn the_comparison_serialises_as_the_cli_promises() {
        let old = plan("1. 45 minutes weekly with a therapist.", "X School");
        let new = plan("1. Up to 45 minutes weekly with a therapist.", "X School");
        let json = serde_json::to_value(compare(&old, &new)).expect("json");
        assert_eq!(json["sections"][2]["letter"], "F");
        assert_eq!(json["sections"][2]["changes"][0]["kind"], "changed");
        assert_eq!(json["sections"][2]["changes"][0]["words"][0]["side"], "new");
        assert_eq!(json["concerns"][0]["kind"], "vague");
        assert_eq!(json["concerns"][0]["section"], "F");
    }
}
