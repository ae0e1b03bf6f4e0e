//! What the family can ask the council to pay, with the Ombudsman's own decisions behind it.
//!
//! The bands and decisions come from a data file shipped with the app,
//! `data/lgsco-remedies.json`: dated, with its sources, and written to be brought up to date
//! without touching code (add a decision to its list, change a band's figures). The figures are a
//! guide, not a promise, and every output says so.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The data file, as shipped.
const GUIDE_JSON: &str = include_str!("../../../data/lgsco-remedies.json");

/// One band of the guide: what decisions have paid for one kind of loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RemedyBand {
    pub key: String,
    pub label: String,
    /// "term", "month" or "once".
    pub per: String,
    pub low: u32,
    pub high: u32,
    pub typical: u32,
    /// Where the figures come from, in words, with the decisions at each end.
    pub basis: String,
}

/// A published decision as the data file lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Decision {
    council: String,
    reference: String,
    date: Option<String>,
    head: String,
    kinds: Vec<String>,
    #[serde(default)]
    terms: Option<f32>,
    #[serde(default)]
    months: Option<f32>,
    amount: u32,
    total: Option<u32>,
    summary: String,
    source: String,
    url: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Guide {
    dated: String,
    guide: String,
    sources: Vec<String>,
    bands: Vec<RemedyBand>,
    decisions: Vec<Decision>,
}

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        // The file is part of the build and read by a test, so it cannot be malformed here.
        serde_json::from_str(GUIDE_JSON).unwrap_or_else(|e| panic!("lgsco-remedies.json: {e}"))
    })
}

/// A kind of provision, in the guide's words ("salt", "ot", "physio", "support", "education"),
/// from a provision's title and the plan's words for it.
pub fn kind_of(title: &str, wording: &str) -> &'static str {
    let text = format!(" {} {} ", title, wording).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["speech", "language", " salt ", " slt ", "communication"]) {
        "salt"
    } else if has(&["occupational", " ot ", "sensory"]) {
        "ot"
    } else if has(&["physio"]) {
        "physio"
    } else if has(&[
        "1:1",
        "one-to-one",
        "one to one",
        "teaching assistant",
        " ta ",
        "tuition",
        "support",
    ]) {
        "support"
    } else {
        "other"
    }
}

/// A kind in words, for a letter or a screen.
pub fn kind_words(kind: &str) -> &'static str {
    match kind {
        "salt" => "speech and language therapy",
        "ot" => "occupational therapy",
        "physio" => "physiotherapy",
        "support" => "1:1 or teaching support",
        "education" => "education",
        "assessment" => "an assessment",
        "plan" => "a plan",
        "review" => "a review",
        _ => "provision in the plan",
    }
}

/// What the case's records show was lost, as the remedy is worked out from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loss {
    /// The kinds of provision not delivered.
    pub kinds: Vec<String>,
    /// For each term with provision not delivered, the share of that term's provision missed
    /// (0 to 1).
    pub terms: Vec<(String, f32)>,
    /// Days each of the council's statutory steps was (or is still) late.
    pub days_late: Vec<i64>,
    /// The kinds of step late ("assessment", "plan", "review").
    pub delay_kinds: Vec<String>,
}

/// One part of the remedy: a band of the guide applied to the case.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RemedyHead {
    pub key: String,
    pub label: String,
    /// How the band was applied, in words: "3 terms, 1.5 terms' worth of provision missed".
    pub worked: String,
    pub low: u32,
    pub high: u32,
    /// Where the band comes from.
    pub basis: String,
}

/// A published decision like this case.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Precedent {
    pub council: String,
    pub reference: String,
    /// `YYYY-MM-DD`, or "date not stated".
    pub date: String,
    /// What was paid for the loss itself.
    pub amount: u32,
    /// Everything the council was asked to pay, where known.
    pub total: Option<u32>,
    pub summary: String,
    /// "decision" (the Ombudsman's page) or "press" (a report of it).
    pub source: String,
    pub url: String,
    /// Why it is like this case.
    pub like: String,
}

/// The remedy to ask for, with the decisions behind it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Remedy {
    /// Terms with provision not delivered.
    pub terms: u32,
    /// The whole range, in pounds: the heads added up.
    pub range: [u32; 2],
    pub heads: Vec<RemedyHead>,
    pub precedents: Vec<Precedent>,
    /// That it is a guide, not a promise, in the data file's words.
    pub guide: String,
    /// When the data file was last brought up to date.
    pub dated: String,
    pub sources: Vec<String>,
}

/// Pounds to the nearest £10.
fn pounds(value: f32) -> u32 {
    ((value / 10.0).round() * 10.0).max(0.0) as u32
}

/// Days to months, as decisions count months of delay (an average month of 30.4375 days).
pub fn months(days: i64) -> f32 {
    days.max(0) as f32 / 30.4375
}

fn band(key: &str) -> Option<&'static RemedyBand> {
    guide().bands.iter().find(|b| b.key == key)
}

/// The remedy for `loss`: each band of the guide that applies, added up, and the published
/// decisions most like the case (same kind of provision, similar length).
pub fn remedy(loss: &Loss) -> Remedy {
    let mut heads = Vec::new();
    let missed: f32 = loss
        .terms
        .iter()
        .map(|(_, share)| share.clamp(0.0, 1.0))
        .sum();
    let terms = loss.terms.iter().filter(|(_, share)| *share > 0.0).count() as u32;
    if let Some(b) = band("partial-provision").filter(|_| missed > 0.0) {
        heads.push(RemedyHead {
            key: b.key.clone(),
            label: b.label.clone(),
            worked: format!(
                "{terms} term{} with provision missed, {} of a term's provision in all, at £{} to £{} a term",
                if terms == 1 { "" } else { "s" },
                one_decimal(missed),
                b.low,
                b.high
            ),
            low: pounds(b.low as f32 * missed),
            high: pounds(b.high as f32 * missed),
            basis: b.basis.clone(),
        });
    }
    let late: f32 = loss.days_late.iter().map(|d| months(*d)).sum();
    if let Some(b) = band("delay").filter(|_| late > 0.0) {
        heads.push(RemedyHead {
            key: b.key.clone(),
            label: b.label.clone(),
            worked: format!(
                "{} month{} late in all, over {} step{}, at £{} to £{} a month",
                one_decimal(late),
                if (late - 1.0).abs() < 0.05 { "" } else { "s" },
                loss.days_late.len(),
                if loss.days_late.len() == 1 { "" } else { "s" },
                b.low,
                b.high
            ),
            low: pounds(b.low as f32 * late),
            high: pounds(b.high as f32 * late),
            basis: b.basis.clone(),
        });
    }
    if let Some(b) = band("distress").filter(|_| !heads.is_empty()) {
        heads.push(RemedyHead {
            key: b.key.clone(),
            label: b.label.clone(),
            worked: "once, to the parent".into(),
            low: b.low,
            high: b.high,
            basis: b.basis.clone(),
        });
    }
    let range = [
        heads.iter().map(|h| h.low).sum(),
        heads.iter().map(|h| h.high).sum(),
    ];
    Remedy {
        terms,
        range,
        heads,
        precedents: precedents(loss, terms as f32, late),
        guide: guide().guide.clone(),
        dated: guide().dated.clone(),
        sources: guide().sources.clone(),
    }
}

fn one_decimal(value: f32) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// The decisions most like the case: for provision not delivered, three of the same kind of
/// provision, the nearest in length first; for delays, two of the same kind of step.
fn precedents(loss: &Loss, terms: f32, months_late: f32) -> Vec<Precedent> {
    let cite = |d: &Decision, like: String| Precedent {
        council: d.council.clone(),
        reference: d.reference.clone(),
        date: d
            .date
            .clone()
            .unwrap_or_else(|| "date not stated".to_owned()),
        amount: d.amount,
        total: d.total,
        summary: d.summary.clone(),
        source: d.source.clone(),
        url: d.url.clone(),
        like,
    };
    let mut out = Vec::new();
    if terms > 0.0 {
        let mut scored: Vec<(f32, &Decision)> = guide()
            .decisions
            .iter()
            .filter(|d| d.head == "partial-provision")
            .filter_map(|d| {
                let same = d.kinds.iter().filter(|k| loss.kinds.contains(k)).count();
                if same == 0 {
                    return None;
                }
                // Alike in kind first, then in length (a decision of unknown length counts as
                // far off).
                let apart = d.terms.map_or(10.0, |t| (t - terms).abs());
                Some((same as f32 * 10.0 - apart, d))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, d) in scored.into_iter().take(3) {
            let kinds: Vec<&str> = d
                .kinds
                .iter()
                .filter(|k| loss.kinds.contains(k))
                .map(|k| kind_words(k))
                .collect();
            let length = d
                .terms
                .map(|t| format!(", {} terms missed", one_decimal(t)))
                .unwrap_or_default();
            out.push(cite(d, format!("{}{length}", kinds.join(" and "))));
        }
    }
    if months_late > 0.0 {
        let mut scored: Vec<(f32, &Decision)> = guide()
            .decisions
            .iter()
            .filter(|d| d.head == "delay")
            .map(|d| {
                let same = d
                    .kinds
                    .iter()
                    .filter(|k| loss.delay_kinds.contains(k))
                    .count();
                let apart = d.months.map_or(10.0, |m| (m - months_late).abs());
                (same as f32 * 10.0 - apart, d)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, d) in scored.into_iter().take(2) {
            let length = d
                .months
                .map(|m| format!(", {} months late", one_decimal(m)))
                .unwrap_or_default();
            let kinds: Vec<&str> = d.kinds.iter().map(|k| kind_words(k)).collect();
            out.push(cite(d, format!("{} late{length}", kinds.join(" and "))));
        }
    }
    out
}

/// Every band of the guide, for a screen that explains them.
pub fn bands() -> &'static [RemedyBand] {
    &guide().bands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_guide_is_dated_sourced_and_every_decision_is_cited_in_full() {
        let g = guide();
        assert!(chrono::NaiveDate::parse_from_str(&g.dated, "%Y-%m-%d").is_ok());
        assert!(g.guide.contains("not a promise"));
        assert!(!g.sources.is_empty());
        for key in ["partial-provision", "whole-education", "delay", "distress"] {
            let b = band(key).unwrap_or_else(|| panic!("band {key}"));
            assert!(b.low < b.typical && b.typical <= b.high, "{key}");
        }
        assert!(g.decisions.len() >= 20);
        for d in &g.decisions {
            assert!(
                !d.council.is_empty() && !d.reference.is_empty() && d.amount > 0,
                "{d:?}"
            );
            assert!(
                d.url.starts_with("https://") || d.url.starts_with("http://"),
                "{d:?}"
            );
            assert!(["decision", "press"].contains(&d.source.as_str()), "{d:?}");
            assert!(band(&d.head).is_some(), "{d:?}");
            if let Some(date) = &d.date {
                assert!(
                    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
                    "{d:?}"
                );
            }
        }
    }

    #[test]
    fn a_provision_s_kind_is_read_from_its_title_and_words() {
        assert_eq!(kind_of("Speech and language therapy", ""), "salt");
        assert_eq!(kind_of("Therapy", "30 minutes of SALT weekly"), "salt");
        assert_eq!(kind_of("OT", "sensory diet"), "ot");
        assert_eq!(kind_of("Physiotherapy programme", ""), "physio");
        assert_eq!(kind_of("Teaching assistant", "1:1 for 15 hours"), "support");
        assert_eq!(kind_of("Swimming", "weekly"), "other");
    }

    #[test]
    fn the_remedy_adds_up_each_band_applied_to_the_case_with_decisions_like_it() {
        // Worked example (bands from data/lgsco-remedies.json, December 2026):
        // Speech and language therapy: Autumn 2026 half missed (share 0.5), Spring 2027 all
        // missed (share 1.0): 1.5 terms' worth.
        //   partial provision: £250 × 1.5 = £375 → £380 (nearest £10); £1,000 × 1.5 = £1,500.
        // One statutory step 61 days late: 61 ÷ 30.4375 = 2.004 months.
        //   delay: £50 × 2.004 = £100.2 → £100; £250 × 2.004 = £501 → £500.
        // Distress, once: £100 to £500.
        // Total: £380 + £100 + £100 = £580; £1,500 + £500 + £500 = £2,500.
        let r = remedy(&Loss {
            kinds: vec!["salt".into()],
            terms: vec![("Autumn 2026".into(), 0.5), ("Spring 2027".into(), 1.0)],
            days_late: vec![61],
            delay_kinds: vec!["plan".into()],
        });
        assert_eq!(r.terms, 2);
        assert_eq!(r.range, [580, 2500]);
        let heads: Vec<(&str, u32, u32)> = r
            .heads
            .iter()
            .map(|h| (h.key.as_str(), h.low, h.high))
            .collect();
        assert_eq!(
            heads,
            [
                ("partial-provision", 380, 1500),
                ("delay", 100, 500),
                ("distress", 100, 500)
            ]
        );
        assert!(
            r.heads[0]
                .worked
                .contains("2 terms with provision missed, 1.5 of a term's")
        );
        // Three speech and language therapy decisions, nearest in length (1.5 terms) first,
        // then two about late plans.
        assert_eq!(r.precedents.len(), 5);
        assert!(
            r.precedents[..3]
                .iter()
                .all(|p| p.like.starts_with("speech and language therapy"))
        );
        assert_eq!(r.precedents[0].reference, "16 004 003");
        assert!(
            r.precedents[3..].iter().all(|p| p.like.contains("a plan")),
            "{:?}",
            r.precedents
        );
        assert!(r.guide.contains("not a promise"));
    }

    #[test]
    fn nothing_lost_is_nothing_to_ask_for() {
        let r = remedy(&Loss::default());
        assert_eq!(r.range, [0, 0]);
        assert!(r.heads.is_empty() && r.precedents.is_empty());
    }
}
