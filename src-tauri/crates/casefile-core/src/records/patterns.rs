//! "Not an isolated case": the pattern across the families whose cases are on this computer (a
//! support worker's or a parent forum's laptop), grouped by council: how many families, the
//! statutory steps missed and how late, the hours of provision not delivered by kind, and the
//! wait from request to final plan.
//!
//! Anonymised by construction: no names, dates of birth, schools or free text are read into it,
//! dates appear only as months, and any figure drawn from fewer than [`FEWEST_FAMILIES`] families
//! is suppressed ("fewer than 5"). Fictional demo cases are left out.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::records::cases::CaseFilter;
use crate::records::complaints::{breaches_of, remedy};
use crate::store::Store;

/// A figure drawn from fewer families than this is not shown.
pub const FEWEST_FAMILIES: usize = 5;

/// One statutory step's breaches at one council.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StepPattern {
    /// "EHC needs assessment request: Council issues the final EHC plan".
    pub step: String,
    pub breaches: Option<u32>,
    #[ts(type = "number | null")]
    pub median_days_late: Option<i64>,
    pub suppressed: bool,
}

/// One kind of provision's hours not delivered at one council.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct KindPattern {
    /// "speech and language therapy".
    pub kind: String,
    pub missed_hours: Option<f32>,
    pub suppressed: bool,
}

/// One council's figures.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouncilPattern {
    pub council: String,
    /// Families with a case naming this council (none shown when fewer than 5).
    pub families: Option<u32>,
    /// Statutory steps missed or met late, in all.
    pub breaches: Option<u32>,
    /// Hours of provision not delivered, in all.
    pub missed_hours: Option<f32>,
    /// True when the council has fewer than 5 families here, so none of its figures is shown.
    pub suppressed: bool,
    /// True when steps or kinds drawn from fewer than 5 families are left out of the totals
    /// too (so the hidden figure cannot be worked out by subtracting the others).
    pub totals_leave_out_fewer: bool,
    pub steps: Vec<StepPattern>,
    pub kinds: Vec<KindPattern>,
    /// The middle wait from a request for assessment to the final plan, in weeks.
    pub median_wait_weeks: Option<f32>,
    /// True when fewer than 5 families' waits are known.
    pub wait_suppressed: bool,
    /// The months the figures run from and to ("September 2025").
    pub from_month: Option<String>,
    pub to_month: Option<String>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PatternReport {
    /// The month it is as of ("December 2026").
    pub as_of: String,
    pub councils: Vec<CouncilPattern>,
    /// Families counted (cases naming a council, demo cases left out).
    pub families: u32,
    /// Cases left out because they name no council.
    pub no_council: u32,
}

/// What one family's case contributes: no name, date or words of its own.
#[derive(Debug, Default)]
struct Family {
    /// (step, days late) for each breach.
    breaches: Vec<(String, i64)>,
    /// Minutes not delivered by kind.
    missed: BTreeMap<String, u32>,
    /// Weeks from request to final plan, when both are known.
    wait_weeks: Option<f32>,
    /// First and last month the figures touch.
    months: Option<(NaiveDate, NaiveDate)>,
}

fn month(date: NaiveDate) -> String {
    date.format("%B %Y").to_string()
}

fn median(mut values: Vec<f32>) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn tenth(value: f32) -> f32 {
    (value * 10.0).round() / 10.0
}

/// One council's figures from its families, suppressing what fewer than 5 families give.
fn council_pattern(council: &str, families: &[Family]) -> CouncilPattern {
    if families.len() < FEWEST_FAMILIES {
        return CouncilPattern {
            council: council.to_owned(),
            families: None,
            breaches: None,
            missed_hours: None,
            suppressed: true,
            totals_leave_out_fewer: false,
            steps: Vec::new(),
            kinds: Vec::new(),
            median_wait_weeks: None,
            wait_suppressed: true,
            from_month: None,
            to_month: None,
        };
    }
    let mut steps: BTreeMap<&str, (usize, Vec<f32>)> = BTreeMap::new();
    for f in families {
        let mut seen: Vec<&str> = Vec::new();
        for (step, days) in &f.breaches {
            let entry = steps.entry(step.as_str()).or_default();
            if !seen.contains(&step.as_str()) {
                entry.0 += 1;
                seen.push(step);
            }
            entry.1.push(*days as f32);
        }
    }
    let steps: Vec<StepPattern> = steps
        .into_iter()
        .map(|(step, (from, days))| {
            let suppressed = from < FEWEST_FAMILIES;
            StepPattern {
                step: step.to_owned(),
                breaches: (!suppressed).then_some(days.len() as u32),
                median_days_late: if suppressed {
                    None
                } else {
                    median(days).map(|d| d.round() as i64)
                },
                suppressed,
            }
        })
        .collect();
    let mut kinds: BTreeMap<&str, (usize, u32)> = BTreeMap::new();
    for f in families {
        for (kind, minutes) in &f.missed {
            let entry = kinds.entry(kind.as_str()).or_default();
            entry.0 += 1;
            entry.1 += minutes;
        }
    }
    let kinds: Vec<KindPattern> = kinds
        .into_iter()
        .map(|(kind, (from, minutes))| {
            let suppressed = from < FEWEST_FAMILIES;
            KindPattern {
                kind: remedy::kind_words(kind).to_owned(),
                missed_hours: (!suppressed).then_some(tenth(minutes as f32 / 60.0)),
                suppressed,
            }
        })
        .collect();
    let waits: Vec<f32> = families.iter().filter_map(|f| f.wait_weeks).collect();
    let wait_suppressed = waits.len() < FEWEST_FAMILIES;
    let from = families.iter().filter_map(|f| f.months.map(|m| m.0)).min();
    let to = families.iter().filter_map(|f| f.months.map(|m| m.1)).max();
    CouncilPattern {
        council: council.to_owned(),
        families: Some(families.len() as u32),
        // Totals of the figures shown only: a total with a hidden part in it would give the
        // hidden part away.
        // Where every part is hidden, so is the total (a 0 would read as none).
        breaches: if steps.iter().all(|s| s.suppressed) && !steps.is_empty() {
            None
        } else {
            Some(steps.iter().filter_map(|s| s.breaches).sum())
        },
        missed_hours: if kinds.iter().all(|k| k.suppressed) && !kinds.is_empty() {
            None
        } else {
            Some(tenth(kinds.iter().filter_map(|k| k.missed_hours).sum()))
        },
        suppressed: false,
        totals_leave_out_fewer: steps.iter().any(|s| s.suppressed)
            || kinds.iter().any(|k| k.suppressed),
        steps,
        kinds,
        median_wait_weeks: if wait_suppressed {
            None
        } else {
            median(waits).map(tenth)
        },
        wait_suppressed,
        from_month: from.map(month),
        to_month: to.map(month),
    }
}

impl Store {
    /// The pattern across the families on this computer, as on `on`. Refused, saying why, when
    /// no council has 5 families here: nothing could be shown without risking that a family is
    /// recognised.
    pub fn pattern_report(&self, on: NaiveDate) -> Result<PatternReport> {
        // Keyed by the council's name without its kind; with the name shown and its families.
        let mut by_council: BTreeMap<String, (String, Vec<Family>)> = BTreeMap::new();
        let mut no_council = 0;
        for case in self.list_cases(CaseFilter::All)? {
            if case.is_demo {
                continue;
            }
            let Some(council) = case
                .local_authority
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            else {
                no_council += 1;
                continue;
            };
            let clocks = self.clocks_for_case(case.id, on)?;
            let mut family = Family::default();
            let mut touched: Vec<NaiveDate> = Vec::new();
            for b in breaches_of(&clocks, on) {
                touched.push(b.due);
                family
                    .breaches
                    .push((format!("{}: {}", b.process, b.step), b.days_late));
            }
            for clock in clocks
                .iter()
                .filter(|c| c.process == "ehc-needs-assessment")
            {
                if let Some(issued) = clock
                    .deadlines
                    .iter()
                    .find(|d| d.step == "final-plan")
                    .and_then(|d| d.met_on)
                {
                    family.wait_weeks = Some((issued - clock.started_on).num_days() as f32 / 7.0);
                    touched.extend([clock.started_on, issued]);
                }
            }
            let report = self.provision_report(case.id, None, Some(on), on)?;
            for line in &report.lines {
                if line.tally.shortfall_minutes == 0 {
                    continue;
                }
                let kind = remedy::kind_of(&line.provision.title, &line.provision.wording);
                *family.missed.entry(kind.to_owned()).or_default() += line.tally.shortfall_minutes;
                touched.extend(
                    line.by_term
                        .iter()
                        .filter(|t| t.tally.shortfall_minutes > 0)
                        .map(|t| t.from),
                );
            }
            family.months = touched
                .iter()
                .min()
                .zip(touched.iter().max())
                .map(|(a, b)| (*a, *b));
            // One council however it was typed ("Kent", "kent county council"), shown by its
            // longest form.
            let key = council_key(council);
            let entry = by_council.entry(key).or_default();
            if council.chars().count() > entry.0.chars().count() {
                entry.0 = council.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            entry.1.push(family);
        }
        let by_council: BTreeMap<String, Vec<Family>> = by_council.into_values().collect();
        let families: usize = by_council.values().map(Vec::len).sum();
        if by_council.values().all(|f| f.len() < FEWEST_FAMILIES) {
            return Err(CoreError::invalid(
                "families",
                format!(
                    "Nothing can be shown: {} on this computer, and no council has {FEWEST_FAMILIES} or more. A figure drawn from fewer than {FEWEST_FAMILIES} families could let someone recognise a family, so the report shows none.{}",
                    match families {
                        0 => "there are no families' cases naming a council".to_owned(),
                        1 => "there is 1 family's case naming a council".to_owned(),
                        n => format!("there are {n} families' cases naming a council"),
                    },
                    if no_council > 0 {
                        format!(" ({no_council} more name no council and are not counted.)")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        let mut councils: Vec<CouncilPattern> = by_council
            .iter()
            .map(|(council, families)| council_pattern(council, families))
            .collect();
        // Councils shown first, the most families first; those suppressed after, by name.
        councils.sort_by(|a, b| {
            a.suppressed
                .cmp(&b.suppressed)
                .then(b.families.cmp(&a.families))
                .then(a.council.cmp(&b.council))
        });
        Ok(PatternReport {
            as_of: format!(
                "{} {}",
                chrono::Month::try_from(on.month() as u8).map_or("", |m| m.name()),
                on.year()
            ),
            councils,
            families: families as u32,
            no_council,
        })
    }
}

/// A council's name as one key however it was typed: lower case, spaces as one, and the words
/// that only say what kind of council it is left out ("Kent County Council" and "kent" are one;
/// "London Borough of Redbridge" and "Redbridge Council" are one).
fn council_key(name: &str) -> String {
    const KINDS: [&str; 9] = [
        "london borough of",
        "royal borough of",
        "city of",
        "metropolitan borough council",
        "borough council",
        "county council",
        "city council",
        "district council",
        "council",
    ];
    let mut key = name
        .to_lowercase()
        .replace('&', "and")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for kind in KINDS {
        if let Some(rest) = key.strip_prefix(kind).map(str::trim) {
            key = rest.to_owned();
        }
        if let Some(rest) = key.strip_suffix(kind).map(str::trim) {
            key = rest.to_owned();
        }
    }
    if key.is_empty() {
        name.to_lowercase()
    } else {
        key
    }
}

/// Text for a suppressed figure.
pub const FEWER: &str = "fewer than 5";

/// The report as CSV: one row per council and measure, "fewer than 5" where a figure is
/// suppressed.
pub fn pattern_csv(report: &PatternReport) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let mut out = String::from("council,measure,value\n");
    let mut row = |council: &str, measure: &str, value: String| {
        out += &format!("{},{},{}\n", field(council), field(measure), field(&value));
    };
    let shown = |v: Option<String>| v.unwrap_or_else(|| FEWER.to_owned());
    for c in &report.councils {
        row(
            &c.council,
            "families",
            shown(c.families.map(|n| n.to_string())),
        );
        row(
            &c.council,
            "statutory steps missed or late",
            shown(c.breaches.map(|n| n.to_string())),
        );
        row(
            &c.council,
            "hours of provision not delivered",
            shown(c.missed_hours.map(|h| format!("{h:.1}"))),
        );
        if c.suppressed {
            continue;
        }
        for s in &c.steps {
            row(
                &c.council,
                &format!("late: {}", s.step),
                shown(s.breaches.map(|n| n.to_string())),
            );
            row(
                &c.council,
                &format!("median days late: {}", s.step),
                shown(s.median_days_late.map(|n| n.to_string())),
            );
        }
        for k in &c.kinds {
            row(
                &c.council,
                &format!("hours not delivered: {}", k.kind),
                shown(k.missed_hours.map(|h| format!("{h:.1}"))),
            );
        }
        row(
            &c.council,
            "median weeks from request to final plan",
            shown(c.median_wait_weeks.map(|w| format!("{w:.1}"))),
        );
        if let (Some(from), Some(to)) = (&c.from_month, &c.to_month) {
            row(&c.council, "months covered", format!("{from} to {to}"));
        }
        if c.totals_leave_out_fewer {
            row(
                &c.council,
                "note",
                "totals leave out figures from fewer than 5 families".to_owned(),
            );
        }
    }
    out
}

/// The report as a landscape A4 PDF: a table with a bar for each figure, the longest bar the
/// largest figure of its kind.
pub fn pattern_pdf(report: &PatternReport) -> Result<casefile_pdf::TextPdf> {
    let shown: Vec<&CouncilPattern> = report.councils.iter().filter(|c| !c.suppressed).collect();
    let max_hours = shown
        .iter()
        .flat_map(|c| {
            c.missed_hours
                .into_iter()
                .chain(c.kinds.iter().filter_map(|k| k.missed_hours))
        })
        .fold(0.0_f32, f32::max);
    let max_breaches = shown
        .iter()
        .flat_map(|c| {
            c.breaches
                .into_iter()
                .chain(c.steps.iter().filter_map(|s| s.breaches))
        })
        .fold(0_u32, u32::max) as f32;
    let max_wait = shown
        .iter()
        .filter_map(|c| c.median_wait_weeks)
        .fold(0.0_f32, f32::max);
    let share = |v: f32, max: f32| (max > 0.0).then(|| v / max);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut bars: Vec<Option<f32>> = Vec::new();
    let mut bold = Vec::new();
    for c in &report.councils {
        if c.suppressed {
            rows.push(vec![
                c.council.clone(),
                FEWER.to_owned() + " families",
                "Not shown: too few families to keep them from being recognised.".into(),
            ]);
            bars.push(None);
            continue;
        }
        bold.push(rows.len());
        rows.push(vec![
            c.council.clone(),
            format!("{} families", c.families.unwrap_or(0)),
            match (&c.from_month, &c.to_month) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => String::new(),
            },
        ]);
        bars.push(None);
        rows.push(vec![
            if c.totals_leave_out_fewer {
                "Statutory steps missed or late (totals leave out figures from fewer than 5 families)".into()
            } else {
                "Statutory steps missed or late".into()
            },
            c.breaches.map_or_else(|| FEWER.to_owned() + " families", |b| b.to_string()),
            String::new(),
        ]);
        bars.push(c.breaches.and_then(|b| share(b as f32, max_breaches)));
        for s in &c.steps {
            rows.push(vec![
                format!("– {}", s.step),
                match (s.breaches, s.median_days_late) {
                    (Some(n), Some(d)) => format!("{n} (middle: {d} days late)"),
                    _ => FEWER.to_owned() + " families",
                },
                String::new(),
            ]);
            bars.push(s.breaches.and_then(|b| share(b as f32, max_breaches)));
        }
        rows.push(vec![
            "Hours of provision not delivered".into(),
            c.missed_hours
                .map_or_else(|| FEWER.to_owned() + " families", |h| format!("{h:.1}")),
            String::new(),
        ]);
        bars.push(c.missed_hours.and_then(|h| share(h, max_hours)));
        for k in &c.kinds {
            rows.push(vec![
                format!("– {}", k.kind),
                k.missed_hours
                    .map_or_else(|| FEWER.to_owned() + " families", |h| format!("{h:.1}")),
                String::new(),
            ]);
            bars.push(k.missed_hours.and_then(|h| share(h, max_hours)));
        }
        rows.push(vec![
            "Weeks from request to final plan (the middle family)".into(),
            c.median_wait_weeks.map_or_else(
                || FEWER.to_owned() + " families",
                |w| format!("{w:.1} (the law allows 20)"),
            ),
            String::new(),
        ]);
        bars.push(c.median_wait_weeks.and_then(|w| share(w, max_wait)));
    }
    let intro = vec![
        format!(
            "The cases on this computer, grouped by council, as of {}: {} families{}.",
            report.as_of,
            report.families,
            if report.no_council > 0 {
                format!(" ({} more name no council and are not counted)", report.no_council)
            } else {
                String::new()
            }
        ),
        "No names, dates of birth, schools or words from the files are in it; dates are months. Any figure drawn from fewer than 5 families is shown as “fewer than 5”.".into(),
        "Statutory steps are the council's own deadlines in the SEND Regulations 2014; hours not delivered are the plan's provision the case files record as missed or cancelled by the provider or the school.".into(),
    ];
    let table = casefile_pdf::Table {
        title: "Not an isolated case: the pattern across families",
        intro,
        headers: vec![
            "Council and measure".into(),
            "Figure".into(),
            "Chart".into(),
        ],
        widths_mm: vec![140.0, 52.0, 75.0],
        rows,
        bold_rows: bold,
        bars: Some(casefile_pdf::Bars {
            column: 2,
            shares: bars,
        }),
    };
    Ok(casefile_pdf::table_pdf(&table)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::clocks::{ClockStart, OutcomeKind};
    use crate::records::provision::testkit::{TERMS, d, salt, session};

    struct Made {
        names: Vec<String>,
        schools: Vec<String>,
        births: Vec<NaiveDate>,
    }

    /// Families across councils: each with a name, a date of birth and a school that must not
    /// appear; an assessment whose plan came `late` days after its 20 weeks; weekly therapy with
    /// `missed` sessions missed by the provider in the autumn term; and, for every third family,
    /// a decision to assess made late too.
    fn families(store: &mut Store, councils: &[(&str, usize)], today: NaiveDate) -> Made {
        let mut made = Made {
            names: Vec::new(),
            schools: Vec::new(),
            births: Vec::new(),
        };
        let mut n = 0;
        for (council, count) in councils {
            for _ in 0..*count {
                n += 1;
                let name = format!("Childname{n} Familyname{n}");
                let school = format!("Schoolname{n} Primary");
                let born = d("2016-01-01") + chrono::Days::new(37 * n as u64);
                let case = store
                    .create_case(&CaseDetails {
                        child_name: name.clone(),
                        date_of_birth: Some(born.to_string()),
                        local_authority: Some((*council).to_owned()),
                        school: Some(school.clone()),
                        ..CaseDetails::default()
                    })
                    .expect("case")
                    .id;
                store.import_term_dates(case, TERMS, today).expect("terms");
                let p = store.add_provision(case, &salt()).expect("provision");
                for (i, day) in ["2026-09-08", "2026-09-15", "2026-09-22"]
                    .iter()
                    .enumerate()
                {
                    let missed = i < 1 + n % 3;
                    store
                        .log_session(
                            p.id,
                            &session(
                                day,
                                if missed { "missed" } else { "delivered" },
                                missed.then_some("provider"),
                            ),
                            today,
                        )
                        .expect("session");
                }
                let clock = store
                    .start_clock(
                        case,
                        &ClockStart {
                            process: "ehc-needs-assessment".into(),
                            started_on: "2026-01-05".into(),
                            label: None,
                        },
                        today,
                    )
                    .expect("clock");
                let decided = if n % 3 == 0 {
                    "2026-03-02"
                } else {
                    "2026-02-10"
                };
                store
                    .record_step_outcome(
                        clock.id,
                        "decide-to-assess",
                        OutcomeKind::Met,
                        Some(decided),
                        None,
                        today,
                    )
                    .expect("decided");
                let issued = d("2026-05-25") + chrono::Days::new(7 * (n as u64 % 6));
                store
                    .record_step_outcome(
                        clock.id,
                        "final-plan",
                        OutcomeKind::Met,
                        Some(&issued.to_string()),
                        None,
                        today,
                    )
                    .expect("plan");
                made.names.push(name);
                made.schools.push(school);
                made.births.push(born);
            }
        }
        made
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("data")).expect("open");
        (dir, store)
    }

    #[test]
    fn a_council_with_5_families_is_shown_and_one_with_4_is_not_nor_any_figure_from_fewer_than_5() {
        let today = d("2026-11-30");
        let (_dir, mut store) = store();
        families(
            &mut store,
            &[("Essex County Council", 5), ("Devon County Council", 4)],
            today,
        );
        let report = store.pattern_report(today).expect("report");
        assert_eq!(report.families, 9);
        assert_eq!(report.as_of, "November 2026");
        let essex = &report.councils[0];
        assert_eq!(
            (essex.council.as_str(), essex.families, essex.suppressed),
            ("Essex County Council", Some(5), false)
        );
        // All five plans came late (20 weeks from 5 January 2026 is 25 May 2026; issued 0 to 5
        // weeks after it, so the families 1..5 are 7, 14, 21, 28 and 35 days late, the plan on
        // the day itself being on time: n % 6 weeks for n = 1..5).
        let plan = essex
            .steps
            .iter()
            .find(|s| s.step.ends_with("Council issues the final EHC plan"))
            .expect("plan");
        assert_eq!(
            (plan.breaches, plan.median_days_late, plan.suppressed),
            (Some(5), Some(21), false)
        );
        // Only family 3 decided late: one family, so not shown.
        let decision = essex
            .steps
            .iter()
            .find(|s| s.step.ends_with("whether it will assess"))
            .expect("decision");
        assert_eq!((decision.breaches, decision.suppressed), (None, true));
        // So the total counts only the five shown: 6 − 5 would give the hidden one away.
        assert_eq!(
            (essex.breaches, essex.totals_leave_out_fewer),
            (Some(5), true)
        );
        // Missed sessions: families 1..5 miss 2, 3, 1, 2, 3 of 45 minutes = 11 × 45 = 495
        // minutes = 8.25 hours, shown to a tenth as 8.3 (rounded half away from zero: 82.5 → 83).
        assert_eq!(essex.missed_hours, Some(8.3));
        assert_eq!(essex.kinds[0].kind, "speech and language therapy");
        // Five waits: 20 weeks + 1..5 weeks; the middle is 23 weeks.
        assert_eq!(
            (essex.median_wait_weeks, essex.wait_suppressed),
            (Some(23.0), false)
        );
        let devon = &report.councils[1];
        assert_eq!(
            (
                devon.council.as_str(),
                devon.families,
                devon.breaches,
                devon.missed_hours,
                devon.suppressed
            ),
            ("Devon County Council", None, None, None, true)
        );
        let csv = pattern_csv(&report);
        assert!(
            csv.contains("Devon County Council,families,fewer than 5"),
            "{csv}"
        );
        assert!(csv.contains("Essex County Council,families,5"), "{csv}");
    }

    #[test]
    fn a_council_is_one_group_however_its_name_was_typed() {
        assert_eq!(council_key("Kent County Council"), "kent");
        assert_eq!(council_key("  kent "), "kent");
        assert_eq!(council_key("London Borough of Redbridge"), "redbridge");
        assert_eq!(council_key("Redbridge Council"), "redbridge");
        assert_eq!(
            council_key("Brighton & Hove City Council"),
            "brighton and hove"
        );
        assert_eq!(council_key("Council"), "council");
        let today = d("2026-11-30");
        let (_dir, mut store) = store();
        families(
            &mut store,
            &[
                ("Kent County Council", 3),
                ("kent", 1),
                ("Kent  Council", 1),
            ],
            today,
        );
        let report = store.pattern_report(today).expect("report");
        assert_eq!(report.councils.len(), 1);
        assert_eq!(
            (
                report.councils[0].council.as_str(),
                report.councils[0].families
            ),
            ("Kent County Council", Some(5))
        );
    }

    #[test]
    fn with_fewer_than_5_families_at_every_council_the_report_says_why_nothing_is_shown() {
        let today = d("2026-11-30");
        let (_dir, mut store) = store();
        families(
            &mut store,
            &[("Essex County Council", 4), ("Devon County Council", 3)],
            today,
        );
        store
            .create_case(&CaseDetails {
                child_name: "No council".into(),
                ..CaseDetails::default()
            })
            .expect("case");
        let why = store
            .pattern_report(today)
            .expect_err("nothing to show")
            .to_string();
        assert!(
            why.contains("there are 7 families' cases naming a council"),
            "{why}"
        );
        assert!(
            why.contains("fewer than 5 families could let someone recognise a family"),
            "{why}"
        );
        assert!(why.contains("1 more name no council"), "{why}");
    }

    #[test]
    fn forty_families_report_holds_no_name_school_or_date_of_birth_in_its_pdf_or_csv() {
        let today = d("2026-11-30");
        let (dir, mut store) = store();
        let made = families(
            &mut store,
            &[
                ("Kent County Council", 19),
                ("Surrey County Council", 12),
                ("Essex County Council", 5),
                ("Devon County Council", 4),
            ],
            today,
        );
        let report = store.pattern_report(today).expect("report");
        assert_eq!(report.families, 40);
        let shown: Vec<(&str, Option<u32>)> = report
            .councils
            .iter()
            .map(|c| (c.council.as_str(), c.families))
            .collect();
        assert_eq!(
            shown,
            [
                ("Kent County Council", Some(19)),
                ("Surrey County Council", Some(12)),
                ("Essex County Council", Some(5)),
                ("Devon County Council", None)
            ]
        );
        // Essex's five families: four plans late and one decision late, each from fewer than 5
        // families, so its total of late steps is hidden too, not shown as 0.
        let essex = &report.councils[2];
        assert_eq!(
            (essex.breaches, essex.steps.iter().all(|s| s.suppressed)),
            (None, true)
        );
        let pdf = pattern_pdf(&report).expect("pdf");
        let path = dir.path().join("patterns.pdf");
        std::fs::write(&path, &pdf.bytes).expect("write");
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (scripts/install-deps.sh --tests)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let csv = pattern_csv(&report);
        assert!(
            text.contains("Kent County Council") && text.contains("fewer than 5"),
            "{text}"
        );
        for (file, said) in [("the PDF", &text), ("the CSV", &csv)] {
            for name in &made.names {
                for part in name.split(' ') {
                    assert!(!said.contains(part), "{part} in {file}");
                }
            }
            for school in &made.schools {
                assert!(
                    !said.contains(school.split(' ').next().unwrap_or("")),
                    "{school} in {file}"
                );
            }
            for born in &made.births {
                for form in [
                    born.to_string(),
                    born.format("%-d %B %Y").to_string(),
                    born.format("%d/%m/%Y").to_string(),
                ] {
                    assert!(!said.contains(&form), "{form} in {file}");
                }
            }
            // Dates are months only: no day of a month is written.
            assert!(!said.contains("2026-"), "an ISO date in {file}");
        }
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf");
        assert!(check.status.success());
        // To look at the report: CASEFILE_KEEP_REPORTS=/some/folder keeps both files there.
        if let Some(keep) = std::env::var_os("CASEFILE_KEEP_REPORTS") {
            let keep = std::path::PathBuf::from(keep);
            std::fs::write(keep.join("patterns-40.pdf"), &pdf.bytes).expect("keep");
            std::fs::write(keep.join("patterns-40.csv"), &csv).expect("keep");
            std::fs::write(
                keep.join("patterns-40.json"),
                serde_json::to_string_pretty(&report).expect("json"),
            )
            .expect("keep");
        }
    }
}
