//! Complaints: where each grievance belongs, the Ombudsman's time limit, how far the council's
//! own procedure has gone, and the facts a complaint is written from (the statutory steps the
//! council missed, the provision not delivered term by term, the chasing already done), with the
//! remedy to ask for (`remedy`).
//!
//! Each route cites where it comes from: the Local Government Act 1974 (the Ombudsman's
//! jurisdiction and time limit), the Children and Families Act 2014 s.42 (the duty to secure the
//! plan's provision), and the Ombudsman's complaint handling code (the council's stages).

pub mod remedy;

use casefile_rules::{DeadlineStatus, Period};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::records::correspondence::Direction;
use crate::store::Store;
pub use remedy::{Loss, Precedent, Remedy, RemedyBand, RemedyHead};

/// A statutory step the council missed, or met late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Breach {
    #[ts(type = "number")]
    pub clock_id: i64,
    /// "EHC needs assessment".
    pub process: String,
    /// "Council decides whether to assess".
    pub step: String,
    /// The process key ("ehc-needs-assessment"), for the remedy's kind of step.
    pub process_key: String,
    pub due: NaiveDate,
    /// When it was done, if it has been.
    pub done: Option<NaiveDate>,
    /// Days late: to when it was done, or to the day of the check while it is still not done.
    #[ts(type = "number")]
    pub days_late: i64,
    /// The rule in words and where it comes from.
    pub rule: String,
    pub source: String,
}

/// One term's provision not delivered, across the case's provisions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ShortfallTerm {
    /// "Autumn 2026".
    pub term: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The provisions with sessions missed in it, by title.
    pub provisions: Vec<String>,
    pub expected_minutes: u32,
    pub delivered_minutes: u32,
    pub shortfall_minutes: u32,
    /// Sessions missed or cancelled by the provider or the school.
    pub missed_sessions: u32,
}

/// Something the family sent or said to chase it: an outgoing entry of the correspondence log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Chase {
    pub date: NaiveDate,
    /// "Email", "Phone call"…
    pub channel: String,
    pub to: Option<String>,
    pub subject: Option<String>,
}

/// Where one kind of grievance belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Route {
    /// "Provision in the plan not delivered".
    pub grievance: String,
    /// "The council's complaints procedure, then the Ombudsman".
    pub place: String,
    /// What to do, in words.
    pub why: String,
    /// Where the rule comes from.
    pub source: String,
    /// Whether the case's own records show this grievance.
    pub in_this_case: bool,
}

/// The Ombudsman's time limit for one matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimeLimit {
    pub matter: String,
    /// The day the family first knew of it (for provision still not delivered, the latest
    /// session missed: the injustice goes on).
    pub noticed_on: NaiveDate,
    /// The last day of the 12 months beginning with that day.
    pub last_day: NaiveDate,
    pub out_of_time: bool,
}

/// How far the council's own complaints procedure has gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CouncilProcedure {
    /// "not-started", "stage-1", "stage-2" or "done".
    pub stage: String,
    /// In words, with the dates.
    pub said: String,
    /// Whether the Ombudsman would now expect to look at it: the procedure has run its course,
    /// or the council has not answered in time.
    pub ready_for_ombudsman: bool,
    /// When the council's procedure ran its course (its last reply, or the day it was due).
    pub finished_on: Option<NaiveDate>,
    /// The date the complaint was made, if a complaint clock is kept.
    pub complained_on: Option<NaiveDate>,
    /// The date stage 2 was asked for, if it was.
    pub stage_2_on: Option<NaiveDate>,
}

/// Everything a complaint about one case is written from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintCase {
    #[ts(type = "number")]
    pub case_id: i64,
    pub child_name: String,
    pub council: String,
    pub on: NaiveDate,
    pub breaches: Vec<Breach>,
    pub shortfall: Vec<ShortfallTerm>,
    /// Hours of provision not delivered in all.
    pub missed_hours: f32,
    pub chasing: Vec<Chase>,
    pub routes: Vec<Route>,
    pub time_limits: Vec<TimeLimit>,
    /// The last day to complain to the Ombudsman about the earliest matter still in time.
    pub ombudsman_by: Option<NaiveDate>,
    pub council_procedure: CouncilProcedure,
    pub remedy: Remedy,
}

/// Where each grievance belongs: the guided check, with the case's own grievances marked.
fn routes(breaches: &[Breach], shortfall: bool, sar_late: bool, reviews_late: bool) -> Vec<Route> {
    let route = |grievance: &str, place: &str, why: &str, source: &str, in_this_case: bool| Route {
        grievance: grievance.into(),
        place: place.into(),
        why: why.into(),
        source: source.into(),
        in_this_case,
    };
    let delays = breaches.iter().any(|b| b.process_key != "annual-review");
    vec![
        route(
            "Provision in the plan not delivered",
            "The council's complaints procedure, then the Ombudsman",
            "The council must secure the provision in Section F, whoever delivers it, and cannot hand that duty to a school. Complain to the council first; if its procedure runs its course (or it does not answer in time), the Ombudsman can look at it.",
            "Children and Families Act 2014 s.42(2); Local Government Act 1974 s.26(5)",
            shortfall,
        ),
        route(
            "Delays in an assessment or a plan",
            "The council's complaints procedure, then the Ombudsman",
            "Statutory time limits missed are fault the Ombudsman looks at. Complain to the council first.",
            "SEND Regulations 2014 regs 4, 5, 10 and 13; Local Government Act 1974 s.26(5)",
            delays,
        ),
        route(
            "An annual review missed or late",
            "The council's complaints procedure, then the Ombudsman",
            "A review late or not held, or its plan not issued in time, is for the council and then the Ombudsman.",
            "Children and Families Act 2014 s.44; SEND Regulations 2014 regs 18 and 20",
            reviews_late,
        ),
        route(
            "What the plan says, a refusal to assess or to make a plan, the school named",
            "The SEND Tribunal (an appeal), not the Ombudsman",
            "These can be appealed, so the Ombudsman will not normally look at them, nor at the council's conduct during an appeal. Appeal to the Tribunal, within its time limit.",
            "Local Government Act 1974 s.26(6)(a); R (Milburn) v LGSCO [2023] EWCA Civ 207",
            false,
        ),
        route(
            "A subject access request answered late or not at all",
            "The Information Commissioner's Office (ICO)",
            "Data protection complaints go to the ICO, not the Ombudsman. Complain to the council's data protection officer first.",
            "UK GDPR art. 77; Data Protection Act 2018 s.165",
            sar_late,
        ),
        route(
            "How an academy or free school treats your child (not the plan's provision)",
            "The school's own complaints procedure, then the Department for Education",
            "The Ombudsman cannot look at academies. For provision in the plan, complain about the council instead: the duty to secure it stays with the council.",
            "Local Government Act 1974 ss.25 and 34A; Education (Independent School Standards) Regulations 2014 Sch 1 Pt 7",
            false,
        ),
    ]
}

/// The last day of the 12 months beginning with `noticed`.
fn ombudsman_last_day(noticed: NaiveDate) -> NaiveDate {
    Period::MonthsBeginningWith { n: 12 }
        .end(noticed)
        .unwrap_or(noticed)
}

fn long(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The council case `case` names, or a refusal saying to add it, for a letter `to_whom` it
/// would be sent ("complain to", "ask").
pub(crate) fn council_of(case: &crate::records::cases::Case, to_whom: &str) -> Result<String> {
    case.local_authority
        .clone()
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| {
            CoreError::invalid(
                "local_authority",
                format!(
                    "{}'s case names no council, so Casefile cannot say whom to {to_whom}. Add the council in the case's details first.",
                    case.child_name
                ),
            )
        })
}

impl Store {
    /// Everything a complaint about case `case_id` is written from, as it stands on `on`.
    /// A case with no council named, or with neither a missed step nor provision not delivered,
    /// is refused, saying what is missing.
    pub fn complaint_case(&self, case_id: i64, on: NaiveDate) -> Result<ComplaintCase> {
        let case = self.case(case_id)?;
        let council = council_of(&case, "complain to")?;
        let clocks = self.clocks_for_case(case_id, on)?;
        let breaches = breaches_of(&clocks, on);

        // Provision not delivered, term by term, across the case's provisions.
        let report = self.provision_report(case_id, None, Some(on), on)?;
        let mut shortfall: Vec<ShortfallTerm> = Vec::new();
        let mut kinds: Vec<String> = Vec::new();
        for line in &report.lines {
            for term in &line.by_term {
                if term.tally.shortfall_minutes == 0 && term.tally.missed_by_provider == 0 {
                    continue;
                }
                let kind = remedy::kind_of(&line.provision.title, &line.provision.wording);
                if !kinds.iter().any(|k| k == kind) {
                    kinds.push(kind.to_owned());
                }
                let at = match shortfall.iter().position(|s| s.term == term.label) {
                    Some(at) => at,
                    None => {
                        shortfall.push(ShortfallTerm {
                            term: term.label.clone(),
                            from: term.from,
                            to: term.to,
                            provisions: Vec::new(),
                            expected_minutes: 0,
                            delivered_minutes: 0,
                            shortfall_minutes: 0,
                            missed_sessions: 0,
                        });
                        shortfall.len() - 1
                    }
                };
                let s = &mut shortfall[at];
                s.provisions.push(line.provision.title.clone());
                s.expected_minutes += term.tally.expected_minutes;
                s.delivered_minutes += term.tally.delivered_minutes;
                s.shortfall_minutes += term.tally.shortfall_minutes;
                s.missed_sessions += term.tally.missed_by_provider;
            }
        }
        shortfall.sort_by_key(|s| s.from);
        // Terms' whole provision, for the share missed: every provision running in the term.
        let term_shares: Vec<(String, f32)> = shortfall
            .iter()
            .map(|s| {
                let expected: u32 = report
                    .lines
                    .iter()
                    .flat_map(|l| l.by_term.iter().filter(|t| t.label == s.term))
                    .map(|t| t.tally.expected_minutes)
                    .sum();
                let share = if expected == 0 {
                    1.0
                } else {
                    (s.shortfall_minutes as f32 / expected as f32).min(1.0)
                };
                (s.term.clone(), share)
            })
            .collect();
        let missed_hours = shortfall
            .iter()
            .map(|s| s.shortfall_minutes as f32)
            .sum::<f32>()
            / 60.0;

        if breaches.is_empty() && shortfall.is_empty() {
            return Err(CoreError::invalid(
                "case",
                format!(
                    "{}'s records show no deadline the council missed and no provision it did not deliver, so there is nothing yet for a complaint to set out. Start the clocks for what the council had to do (casefile clock start), and log the plan's provision and the sessions missed (casefile provision), then try again.",
                    case.child_name
                ),
            ));
        }

        // The chasing already done: what the family sent or said since the first matter.
        let since = breaches
            .iter()
            .map(|b| b.due)
            .chain(shortfall.iter().map(|s| s.from))
            .min()
            .unwrap_or(on);
        let chasing: Vec<Chase> = self
            .list_entries(case_id)?
            .into_iter()
            .filter(|e| {
                e.direction == Direction::Out && e.occurred_on >= since && e.occurred_on <= on
            })
            .map(|e| Chase {
                date: e.occurred_on,
                channel: e.channel.words().to_owned(),
                to: e.party_name,
                subject: e.subject,
            })
            .collect::<Vec<_>>();
        let mut chasing = chasing;
        chasing.sort_by_key(|c| c.date);

        // The Ombudsman's 12 months, matter by matter.
        let mut time_limits = Vec::new();
        for b in &breaches {
            let noticed = b.due.succ_opt().unwrap_or(b.due);
            let last_day = ombudsman_last_day(noticed);
            time_limits.push(TimeLimit {
                matter: format!("{}: {}", b.process, b.step),
                noticed_on: noticed,
                last_day,
                out_of_time: on > last_day,
            });
        }
        let mut latest_missed: Option<NaiveDate> = None;
        for provision in self.list_provisions(case_id)? {
            for s in self.list_sessions(provision.id)? {
                let theirs = matches!(s.by.as_deref(), Some("provider" | "school") | None);
                if matches!(s.status.as_str(), "missed" | "cancelled" | "partial")
                    && theirs
                    && s.date <= on
                {
                    latest_missed = latest_missed.max(Some(s.date));
                }
            }
        }
        if let Some(latest) = latest_missed.or_else(|| shortfall.last().map(|s| s.to.min(on))) {
            let last_day = ombudsman_last_day(latest);
            time_limits.push(TimeLimit {
                matter: "Provision in the plan not delivered (the latest session missed)".into(),
                noticed_on: latest,
                last_day,
                out_of_time: on > last_day,
            });
        }
        let ombudsman_by = time_limits
            .iter()
            .filter(|t| !t.out_of_time)
            .map(|t| t.last_day)
            .min();

        let council_procedure = council_procedure(&clocks, on);
        let sar_late = clocks
            .iter()
            .filter(|c| c.process == "subject-access-request")
            .flat_map(|c| &c.deadlines)
            .any(|d| {
                d.breach
                    && matches!(
                        d.status,
                        DeadlineStatus::Overdue | DeadlineStatus::MetLate | DeadlineStatus::Missed
                    )
            });
        let reviews_late = breaches.iter().any(|b| {
            matches!(
                b.process_key.as_str(),
                "annual-review" | "first-annual-review"
            )
        });
        let routes = routes(&breaches, !shortfall.is_empty(), sar_late, reviews_late);
        let delay_kinds: Vec<String> = breaches
            .iter()
            .map(|b| match b.process_key.as_str() {
                "annual-review" | "first-annual-review" => "review",
                "ehc-needs-assessment" | "reassessment"
                    if b.step.to_lowercase().contains("assess") =>
                {
                    "assessment"
                }
                _ => "plan",
            })
            .map(str::to_owned)
            .collect();
        let remedy = remedy::remedy(&Loss {
            kinds,
            terms: term_shares,
            days_late: breaches.iter().map(|b| b.days_late).collect(),
            delay_kinds,
        });
        Ok(ComplaintCase {
            case_id,
            child_name: case.child_name,
            council,
            on,
            breaches,
            shortfall,
            missed_hours,
            chasing,
            routes,
            time_limits,
            ombudsman_by,
            council_procedure,
            remedy,
        })
    }
}

/// The council's statutory steps missed or met late in `clocks`, as on `on`, in date order (the
/// council's own complaint clock left out: it is what the complaint is made through).
pub(crate) fn breaches_of(clocks: &[crate::records::clocks::Clock], on: NaiveDate) -> Vec<Breach> {
    let mut breaches = Vec::new();
    for clock in clocks {
        for d in &clock.deadlines {
            let Some(due) = d.due else { continue };
            let late = match d.status {
                DeadlineStatus::MetLate => d.met_on,
                DeadlineStatus::Overdue | DeadlineStatus::Missed => Some(on),
                _ => None,
            };
            let Some(until) = late.filter(|_| d.breach || d.status == DeadlineStatus::MetLate)
            else {
                continue;
            };
            if d.who != casefile_rules::Actor::Council {
                continue;
            }
            breaches.push(Breach {
                clock_id: clock.id,
                process: clock.process_title.clone(),
                step: d.title.clone(),
                process_key: clock.process.clone(),
                due,
                done: d.met_on,
                days_late: (until - due).num_days().max(0),
                rule: d.rule.clone(),
                source: d.source.clone(),
            });
        }
    }
    breaches.retain(|b| b.days_late > 0 && b.process_key != "council-complaint");
    breaches.sort_by_key(|b| b.due);
    breaches
}

/// How far the council's complaints procedure has gone, from the case's "Complaint to the
/// council" clock (the newest, if there are several).
fn council_procedure(clocks: &[crate::records::clocks::Clock], on: NaiveDate) -> CouncilProcedure {
    let Some(clock) = clocks
        .iter()
        .filter(|c| c.process == "council-complaint")
        .max_by_key(|c| c.started_on)
    else {
        return CouncilProcedure {
            stage: "not-started".into(),
            said: "No complaint to the council is recorded. The Ombudsman expects the council's own complaints procedure to be used first: send the stage 1 letter, and start the \"Complaint to the council\" clock on the day you send it.".into(),
            ready_for_ombudsman: false,
            finished_on: None,
            complained_on: None,
            stage_2_on: None,
        };
    };
    let step = |key: &str| clock.deadlines.iter().find(|d| d.step == key);
    let stage_2_on = clock
        .events
        .iter()
        .find(|e| e.key == "stage-2-requested")
        .and_then(|e| e.date);
    let complained_on = Some(clock.started_on);
    // Around 12 weeks with no final answer: the Ombudsman may look at it anyway.
    let twelve_weeks = clock.started_on + chrono::Duration::weeks(12);
    let (stage, said, ready, finished) = match (
        stage_2_on,
        step("stage-1-reply"),
        step("stage-2-reply"),
    ) {
        (Some(asked), _, Some(reply)) => match (reply.met_on, reply.due) {
            (Some(replied), _) => (
                "done",
                format!(
                    "The council answered at stage 2 on {}: its procedure has run its course, and you can complain to the Ombudsman.",
                    long(replied)
                ),
                true,
                Some(replied),
            ),
            (None, Some(due)) if on > due => (
                "done",
                format!(
                    "You asked for stage 2 on {}; the council's answer was due by {} and has not come. You can complain to the Ombudsman now.",
                    long(asked),
                    long(due)
                ),
                true,
                Some(due),
            ),
            (None, due) => (
                "stage-2",
                format!(
                    "You asked for stage 2 on {}; the council's answer is due {}. Wait for it before going to the Ombudsman{}.",
                    long(asked),
                    due.map_or_else(
                        || "once it acknowledges the request".to_owned(),
                        |d| format!("by {}", long(d))
                    ),
                    if on >= twelve_weeks {
                        ", or go now: it is more than 12 weeks since you first complained"
                    } else {
                        ""
                    }
                ),
                on >= twelve_weeks,
                None,
            ),
        },
        (None, Some(reply), _) => match (reply.met_on, reply.due) {
            (Some(replied), _) => (
                "stage-1",
                format!(
                    "The council answered at stage 1 on {}. If you are not satisfied, ask for stage 2 (and record the day you ask on the complaint's clock).",
                    long(replied)
                ),
                false,
                None,
            ),
            (None, Some(due)) if on > due => (
                "stage-1",
                format!(
                    "The council's stage 1 answer was due by {} and has not come. Ask for stage 2{}.",
                    long(due),
                    if on >= twelve_weeks {
                        ", or complain to the Ombudsman: it is more than 12 weeks since you complained"
                    } else {
                        ""
                    }
                ),
                on >= twelve_weeks,
                None,
            ),
            (None, due) => (
                "stage-1",
                format!(
                    "You complained on {}; the council's stage 1 answer is due {}.",
                    long(clock.started_on),
                    due.map_or_else(
                        || "once it acknowledges the complaint".to_owned(),
                        |d| format!("by {}", long(d))
                    )
                ),
                false,
                None,
            ),
        },
        _ => (
            "stage-1",
            format!("You complained on {}.", long(clock.started_on)),
            false,
            None,
        ),
    };
    CouncilProcedure {
        stage: stage.into(),
        said,
        ready_for_ombudsman: ready,
        finished_on: finished,
        complained_on,
        stage_2_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::clocks::{ClockStart, OutcomeKind};
    use crate::records::provision::testkit::{d, salt, session, setup};

    /// Ava's case: Kent named as the council; weekly speech and language therapy from
    /// September 2026, with sessions missed by the provider; an assessment whose plan came late;
    /// an email chasing the therapy.
    fn ava(today: NaiveDate) -> (tempfile::TempDir, Store, i64) {
        let (dir, mut store, case) = setup();
        store
            .update_case(
                case,
                &CaseDetails {
                    child_name: "Ava".into(),
                    local_authority: Some("Kent County Council".into()),
                    ..CaseDetails::default()
                },
            )
            .expect("council");
        let p = store.add_provision(case, &salt()).expect("provision");
        for (day, status) in [
            ("2026-09-08", "delivered"),
            ("2026-09-15", "missed"),
            ("2026-09-22", "missed"),
            ("2026-11-03", "delivered"),
            ("2026-11-10", "cancelled"),
        ] {
            let by = (status != "delivered").then_some("provider");
            store
                .log_session(p.id, &session(day, status, by), today)
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
        store
            .record_step_outcome(
                clock.id,
                "decide-to-assess",
                OutcomeKind::Met,
                Some("2026-02-10"),
                None,
                today,
            )
            .expect("decided in time");
        store
            .record_step_outcome(
                clock.id,
                "final-plan",
                OutcomeKind::Met,
                Some("2026-07-01"),
                None,
                today,
            )
            .expect("plan issued");
        store
            .add_entry(
                case,
                &crate::records::correspondence::EntryDetails {
                    occurred_on: "2026-09-25".into(),
                    direction: "out".into(),
                    channel: "email".into(),
                    party: Some("SEND team".into()),
                    subject: Some("Therapy not delivered".into()),
                    note: "Asked when the missed sessions will be made up.".into(),
                    ..Default::default()
                },
                today,
            )
            .expect("chase");
        (dir, store, case)
    }

    #[test]
    fn a_complaint_is_written_from_the_missed_steps_the_provision_not_delivered_and_the_chasing() {
        let today = d("2026-11-30");
        let (_dir, store, case) = ava(today);
        let c = store.complaint_case(case, today).expect("facts");
        assert_eq!(c.council, "Kent County Council");
        // The final plan: 20 weeks from 5 January 2026 is 25 May 2026 (reg 13(2)); issued
        // 1 July 2026, which is 37 days late (6 days of May, 30 of June, 1 of July).
        let plan = c
            .breaches
            .iter()
            .find(|b| b.step.contains("final EHC plan"))
            .expect("the late plan");
        assert_eq!(
            (plan.due, plan.done, plan.days_late),
            (d("2026-05-25"), Some(d("2026-07-01")), 37)
        );
        // The decision was made in time: no breach.
        assert_eq!(c.breaches.len(), 1, "{:?}", c.breaches);
        assert!(plan.source.contains("reg 13(2)"), "{}", plan.source);
        // Autumn 2026: 45 minutes a week; three sessions missed or cancelled by the provider.
        assert_eq!(c.shortfall.len(), 1);
        let autumn = &c.shortfall[0];
        assert_eq!(
            (
                autumn.term.as_str(),
                autumn.missed_sessions,
                autumn.shortfall_minutes
            ),
            ("Autumn 2026", 3, 135)
        );
        assert_eq!(c.missed_hours, 2.25);
        assert_eq!(c.chasing.len(), 1);
        assert_eq!(
            c.chasing[0].subject.as_deref(),
            Some("Therapy not delivered")
        );
        // The routes the case's records show are marked.
        let marked: Vec<&str> = c
            .routes
            .iter()
            .filter(|r| r.in_this_case)
            .map(|r| r.grievance.as_str())
            .collect();
        assert_eq!(
            marked,
            [
                "Provision in the plan not delivered",
                "Delays in an assessment or a plan"
            ]
        );
        assert!(
            c.routes
                .iter()
                .any(|r| r.place.contains("Tribunal") && r.source.contains("s.26(6)(a)"))
        );
        assert!(c.routes.iter().any(|r| r.place.contains("ICO")));
        // No complaint to the council yet: it comes first.
        assert_eq!(c.council_procedure.stage, "not-started");
        assert!(!c.council_procedure.ready_for_ombudsman);
        assert!(c.remedy.range[1] > 0 && !c.remedy.precedents.is_empty());
    }

    #[test]
    fn the_ombudsman_s_twelve_months_begin_with_the_day_the_family_first_knew() {
        let today = d("2026-11-30");
        let (_dir, store, case) = ava(today);
        let c = store.complaint_case(case, today).expect("facts");
        // LGA 1974 s.26B(1): "12 months beginning with the day on which the person affected first
        // had notice". The plan was due on 25 May 2026, so the family knew it was late on
        // 26 May 2026 (day 1); 12 months beginning with 26 May 2026 end on 25 May 2027.
        let plan = c
            .time_limits
            .iter()
            .find(|t| t.matter.contains("final EHC plan"))
            .expect("plan");
        assert_eq!(
            (plan.noticed_on, plan.last_day),
            (d("2026-05-26"), d("2027-05-25"))
        );
        // Provision still not delivered: from the latest session missed, 10 November 2026, to
        // 9 November 2027.
        let provision = c
            .time_limits
            .iter()
            .find(|t| t.matter.starts_with("Provision"))
            .expect("provision");
        assert_eq!(
            (provision.noticed_on, provision.last_day),
            (d("2026-11-10"), d("2027-11-09"))
        );
        assert_eq!(c.ombudsman_by, Some(d("2027-05-25")));
        assert!(c.time_limits.iter().all(|t| !t.out_of_time));
        // A year and a day later the plan's matter is out of time; the provision's is not.
        let later = store.complaint_case(case, d("2027-05-26")).expect("facts");
        let plan = later
            .time_limits
            .iter()
            .find(|t| t.matter.contains("final EHC plan"))
            .expect("plan");
        assert!(plan.out_of_time);
        assert_eq!(later.ombudsman_by, Some(d("2027-11-09")));
    }

    #[test]
    fn the_council_s_procedure_is_followed_stage_by_stage_until_the_ombudsman_can_look() {
        let today = d("2026-11-30");
        let (_dir, mut store, case) = ava(today);
        let clock = store
            .start_clock(
                case,
                &ClockStart {
                    process: "council-complaint".into(),
                    started_on: "2026-10-01".into(),
                    label: None,
                },
                today,
            )
            .expect("complaint");
        store
            .record_step_outcome(
                clock.id,
                "stage-1-acknowledged",
                OutcomeKind::Met,
                Some("2026-10-05"),
                None,
                today,
            )
            .expect("acknowledged");
        store
            .record_step_outcome(
                clock.id,
                "stage-1-reply",
                OutcomeKind::Met,
                Some("2026-10-16"),
                None,
                today,
            )
            .expect("answered");
        let c = store.complaint_case(case, today).expect("facts");
        assert_eq!(c.council_procedure.stage, "stage-1");
        assert!(
            c.council_procedure
                .said
                .contains("answered at stage 1 on 16 October 2026")
        );
        assert!(!c.council_procedure.ready_for_ombudsman);
        // Stage 2 asked for on 20 October 2026 and acknowledged on 22 October: the answer is due
        // 20 working days after that, on 19 November 2026 (23 Oct to 19 Nov, weekends skipped).
        // On 30 November nothing has come, so the procedure has run its course.
        store
            .record_clock_event(clock.id, "stage-2-requested", "2026-10-20", today)
            .expect("stage 2");
        store
            .record_step_outcome(
                clock.id,
                "stage-2-acknowledged",
                OutcomeKind::Met,
                Some("2026-10-22"),
                None,
                today,
            )
            .expect("acknowledged");
        let c = store.complaint_case(case, today).expect("facts");
        assert_eq!(c.council_procedure.stage, "done");
        assert!(c.council_procedure.ready_for_ombudsman);
        assert_eq!(c.council_procedure.finished_on, Some(d("2026-11-19")));
        assert!(
            c.council_procedure
                .said
                .contains("due by 19 November 2026 and has not come"),
            "{}",
            c.council_procedure.said
        );
        // The complaint's own clock is not a breach to complain about.
        assert!(
            c.breaches
                .iter()
                .all(|b| b.process_key != "council-complaint")
        );
    }

    #[test]
    fn a_case_with_no_council_or_nothing_to_complain_of_is_refused_saying_what_is_missing() {
        let today = d("2026-11-30");
        let (_dir, mut store, case) = setup();
        let why = store
            .complaint_case(case, today)
            .expect_err("no council")
            .to_string();
        assert!(
            why.contains("names no council") && why.contains("Add the council"),
            "{why}"
        );
        store
            .update_case(
                case,
                &CaseDetails {
                    child_name: "Ava".into(),
                    local_authority: Some("Kent County Council".into()),
                    ..CaseDetails::default()
                },
            )
            .expect("council");
        let why = store
            .complaint_case(case, today)
            .expect_err("nothing")
            .to_string();
        assert!(
            why.contains("no deadline the council missed and no provision it did not deliver"),
            "{why}"
        );
    }
}
