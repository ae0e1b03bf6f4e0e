//! Each provision of Sections F, G and H as the provision ledger would record it: its name, the
//! plan's words, how long each session lasts, how many sessions in which period, who provides it
//! and whether it stops in the school holidays, read from the words themselves, with what the
//! check found in it.
//!
//! Why: the ledger counts what the plan promises against what is delivered, and the promise is
//! the plan's own words (Children and Families Act 2014, s.42(2): the council "must secure the
//! specified special educational provision"). Reading the amounts from the plan saves the family
//! retyping them, and a provision whose amounts cannot be read is one whose amounts the plan
//! does not state, which Code of Practice 9.69 says it should.

use serde::Serialize;
use ts_rs::TS;

use crate::amount::{Amount, Period, find_word_at};
use crate::check::{Finding, MIN_PROVISION_WORDS, PROVIDERS, check_one, provisions};
use crate::sections::{Letter, Section};

/// One provision of the plan, read for the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "PlanProvision")]
pub struct Provision {
    pub section: Letter,
    /// A short name for the ledger ("Speech and language therapy").
    pub title: String,
    /// The plan's words, verbatim (joined onto one line).
    pub text: String,
    /// Minutes each session lasts, when the plan says.
    pub minutes: Option<u32>,
    /// Sessions in each period.
    pub sessions: u32,
    /// The ledger's period (week, fortnight, month, half-term, term or year), when the plan says
    /// how often; "daily" is five sessions a week.
    pub per: Option<String>,
    /// Who provides it, as the plan names them ("Qualified speech and language therapist").
    pub provider: Option<String>,
    /// False only when the plan says it goes on in the holidays ("52 weeks a year").
    pub term_time_only: bool,
    /// What the check found in it (vague words, how often, how long or by whom not said).
    pub findings: Vec<Finding>,
}

/// Every provision of the plan's Sections F, G, H1 and H2, in the plan's order. A line too short
/// to promise anything (a table heading, a subheading, a line ending in a colon) is left out
/// unless it holds vague words.
pub fn ledger_provisions(sections: &[Section]) -> Vec<Provision> {
    let mut out = Vec::new();
    for section in sections.iter().filter(|s| s.letter.is_provision()) {
        for text in provisions(&section.text) {
            let mut findings = Vec::new();
            check_one(section.letter, &text, &mut findings);
            let words = text.split_whitespace().count();
            let promises = words >= MIN_PROVISION_WORDS && !text.trim_end().ends_with(':');
            if promises || !findings.is_empty() {
                out.push(read(section.letter, text, findings));
            }
        }
    }
    out
}

fn read(section: Letter, text: String, findings: Vec<Finding>) -> Provision {
    let amount = Amount::read(&text);
    let lower = text.to_lowercase();
    let (sessions, per) = match amount.often.as_ref() {
        // Five school days a week; the ledger counts by the week.
        Some(o) if o.period == Period::Day => (session_count(o.count * 5.0), Some("week")),
        Some(o) => (
            session_count(o.count),
            Some(match o.period {
                Period::Day | Period::Week => "week",
                Period::Fortnight => "fortnight",
                Period::Month => "month",
                Period::HalfTerm => "half-term",
                Period::Term => "term",
                Period::Year => "year",
            }),
        ),
        None => (1, None),
    };
    Provision {
        section,
        title: title(&text),
        minutes: amount
            .minutes
            .map(|m| m.round())
            .filter(|m| (1.0..=10_000.0).contains(m))
            .map(|m| m as u32),
        sessions,
        per: per.map(str::to_owned),
        provider: provider(&text),
        term_time_only: !HOLIDAYS.iter().any(|h| find_word_at(&lower, h).is_some()),
        text,
        findings,
    }
}

/// Whole sessions, at least one ("twice weekly" is 2; a hostile "1e9 times" is capped).
fn session_count(count: f64) -> u32 {
    count.round().clamp(1.0, 100.0) as u32
}

/// Words saying provision goes on outside term time.
const HOLIDAYS: &[&str] = &[
    "52 weeks",
    "all year",
    "all year round",
    "throughout the year",
    "school holidays",
    "during the holidays",
    "in the holidays",
];

/// Common provision, by the words that name it, and the name the ledger gives it.
const NAMES: &[(&[&str], &str)] = &[
    (
        &[
            "speech and language therap",
            "speech & language therap",
            "speech therap",
            "salt",
            "slt",
        ],
        "Speech and language therapy",
    ),
    (&["occupational therap", "ot "], "Occupational therapy"),
    (&["physiotherap"], "Physiotherapy"),
    (&["educational psycholog"], "Educational psychology"),
    (&["music therap"], "Music therapy"),
    (&["art therap"], "Art therapy"),
    (&["play therap"], "Play therapy"),
    (&["counselling", "counsellor"], "Counselling"),
    (&["social skills"], "Social skills group"),
    (&["teacher of the deaf"], "Teacher of the deaf"),
    (
        &["teacher of the visually impaired", "vision impairment"],
        "Teacher of the visually impaired",
    ),
    (&["mentor"], "Mentoring"),
    (
        &["sensory circuit", "sensory diet", "sensory break"],
        "Sensory circuits",
    ),
    (
        &[
            "literacy",
            "phonics",
            "reading intervention",
            "reading session",
        ],
        "Literacy intervention",
    ),
    (&["numeracy", "maths intervention"], "Numeracy intervention"),
    (&["short break"], "Short breaks"),
    (&["respite"], "Respite care"),
    (&["transport"], "Transport"),
    (
        &[
            "teaching assistant",
            "learning support assistant",
            "1:1",
            "one-to-one",
            "one to one",
        ],
        "Adult support",
    ),
];

/// A short name: the kind of provision when its words are common ones, else the provision's
/// first words.
fn title(text: &str) -> String {
    let lower = format!("{} ", text.to_lowercase());
    if let Some((_, name)) = NAMES
        .iter()
        .find(|(words, _)| words.iter().any(|w| find_prefix(&lower, w)))
    {
        return (*name).to_owned();
    }
    let clause = text
        .split(['.', ',', ';', ':', '('])
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or(text);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let mut short = words[..words.len().min(8)].join(" ");
    if words.len() > 8 {
        short.push('…');
    }
    short
}

/// Where `prefix` starts a word of `lower` ("speech therap" in "speech therapy").
fn find_prefix(lower: &str, prefix: &str) -> bool {
    lower.match_indices(prefix).any(|(at, _)| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Who provides it: the words after "from", "by" or "with" up to the next punctuation, when they
/// name a role ("from a qualified speech and language therapist").
fn provider(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    ["delivered by", "provided by", "from", "by", "with"]
        .iter()
        .filter_map(|lead| {
            let mut from = 0;
            while let Some(at) = find_word_at(&lower[from..], lead) {
                let start = from + at + lead.len();
                // Lower-casing keeps the byte length of the words a plan is written in; where it
                // did not (a Turkish dotted I), the place may not fall between letters of the
                // original, and no provider is read rather than a wrong one.
                let Some(rest) = text.get(start..).filter(|_| text.len() == lower.len()) else {
                    break;
                };
                let phrase: String = rest
                    .split(['.', ',', ';', ':', '(', ')'])
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join(" ");
                let phrase_lower = phrase.to_lowercase();
                if PROVIDERS
                    .iter()
                    .any(|p| find_word_at(&phrase_lower, p).is_some())
                {
                    return Some((start, phrase));
                }
                from = start;
            }
            None
        })
        .min_by_key(|(start, _)| *start)
        .map(|(_, phrase)| {
            let phrase = ["a ", "an ", "the "]
                .iter()
                .find_map(|article| {
                    phrase
                        .get(..article.len())
                        .filter(|p| p.eq_ignore_ascii_case(article))
                        .map(|_| &phrase[article.len()..])
                })
                .unwrap_or(&phrase);
            let mut chars = phrase.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::FindingKind;
    use crate::sections::sections;

    fn section_f(text: &str) -> Vec<Provision> {
        let plan = format!(
            "Section B: Needs\nMia finds speech hard.\n\nSection F: Special educational provision\n{text}\n\nSection I: Placement\nHillside Primary School\n"
        );
        ledger_provisions(&sections(&plan).expect("headings"))
    }

    #[test]
    fn a_specific_therapy_is_read_into_the_ledger_s_boxes() {
        // "45 minutes a week … from a qualified speech and language therapist": 1 session of 45
        // minutes each week, term time, the therapist named; nothing to ask about.
        let p = section_f(
            "Mia will have 45 minutes a week of speech and language therapy from a qualified speech and language therapist.",
        );
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert_eq!(p.section, Letter::F);
        assert_eq!(p.title, "Speech and language therapy");
        assert_eq!(p.minutes, Some(45));
        assert_eq!((p.sessions, p.per.as_deref()), (1, Some("week")));
        assert_eq!(
            p.provider.as_deref(),
            Some("Qualified speech and language therapist")
        );
        assert!(p.term_time_only);
        assert!(p.findings.is_empty(), "{:?}", p.findings);
    }

    #[test]
    fn counts_periods_and_hours_become_sessions_of_minutes() {
        let p = section_f(
            "• Three 30-minute sessions a week of occupational therapy delivered by an occupational therapist.\n\
             • A 20 minute reading session daily with a teaching assistant.\n\
             • One hour a term of review by the educational psychologist.\n\
             • 25 hours a week of 1:1 support from a trained teaching assistant, 52 weeks a year.",
        );
        let read: Vec<_> = p
            .iter()
            .map(|p| {
                (
                    p.title.as_str(),
                    p.minutes,
                    p.sessions,
                    p.per.as_deref(),
                    p.term_time_only,
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                // 3 sessions × 30 minutes each week.
                ("Occupational therapy", Some(30), 3, Some("week"), true),
                // Daily is 5 school days: 5 sessions of 20 minutes a week.
                ("Literacy intervention", Some(20), 5, Some("week"), true),
                // One hour = 60 minutes, once a term.
                ("Educational psychology", Some(60), 1, Some("term"), true),
                // 25 hours = 1,500 minutes once a week; "52 weeks a year" is not term time only.
                ("Adult support", Some(1500), 1, Some("week"), false),
            ]
        );
        assert_eq!(p[1].provider.as_deref(), Some("Teaching assistant"));
        assert_eq!(p[3].provider.as_deref(), Some("Trained teaching assistant"));
    }

    #[test]
    fn a_vague_provision_is_listed_with_what_could_not_be_read() {
        let p = section_f(
            "Mia will have access to occupational therapy as required.\n\nSmall steps:\n\nRegular opportunities to practise turn taking.",
        );
        // "Small steps:" is a subheading; the other two are provisions.
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].title, "Occupational therapy");
        assert_eq!((p[0].minutes, p[0].per.as_deref()), (None, None));
        assert_eq!(p[0].provider, None);
        let kinds: Vec<_> = p[0].findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FindingKind::Vague,
                FindingKind::Vague,
                FindingKind::NoFrequency,
                FindingKind::NoDuration,
                FindingKind::NoProvider
            ]
        );
        // No common name: its first words.
        assert_eq!(p[1].title, "Regular opportunities to practise turn taking");
    }

    #[test]
    fn only_sections_f_g_and_h_are_read_and_a_hostile_count_is_capped() {
        let plan = "Section E: Outcomes\nBy July Mia will take turns in a game with a friend every week.\n\nSection G: Health provision\nPhysiotherapy 99999999999 times a week for 30 minutes from the physiotherapist.\n\nSection H2: Social care\nShort breaks of 6 hours a month with a support worker.\n";
        let p = ledger_provisions(&sections(plan).expect("headings"));
        let read: Vec<_> = p
            .iter()
            .map(|p| (p.section, p.title.as_str(), p.sessions, p.per.as_deref()))
            .collect();
        assert_eq!(
            read,
            [
                (Letter::G, "Physiotherapy", 100, Some("week")),
                (Letter::H2, "Short breaks", 1, Some("month")),
            ]
        );
        assert_eq!(p[1].minutes, Some(360));
    }

    #[test]
    fn words_that_change_length_when_lower_cased_do_not_upset_the_reading() {
        // "İ" lower-cases to two characters: the provider is not read, and nothing panics.
        let p =
            section_f("İİİ will have 30 minutes a week of physiotherapy from a physiotherapist İ.");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].provider, None);
        assert_eq!(p[0].minutes, Some(30));
    }
}
