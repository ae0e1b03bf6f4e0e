//! A clock: one process started from a real date, plus what the family has recorded since.
//! `deadlines` turns it into dated deadlines with their status, as of a given day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::exceptions::{
    self, ExceptionFinding, ExceptionKind, ExceptionRecord, ExceptionVerdict, LimitPeriod,
};
use crate::period::Period;
use crate::processes::{Actor, Anchor, ProcessDef, Refusal, StepDef};

/// Days ahead within which an open deadline counts as due soon (the Today view's window).
pub const DUE_SOON_DAYS: i64 = 14;

/// What happened to a step, as recorded by the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[ts(export)]
pub enum StepOutcome {
    /// Done on this date.
    Met { on: NaiveDate },
    /// Not done, and the family has recorded that.
    Missed,
    /// Does not apply in this case (e.g. the council did issue a plan).
    NotApplicable,
    /// The council decided on this date, and refused (to assess, to reassess, to amend): the
    /// step is done, the steps its refusal ends do not apply, and the appeal clock matters.
    Refused { on: NaiveDate },
}

/// Everything recorded about one step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepRecord {
    pub outcome: Option<StepOutcome>,
    /// A date set by the Tribunal or agreed in writing, replacing the computed one.
    pub due_override: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The facts of one clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockFacts {
    pub start: NaiveDate,
    /// Dates recorded for the process's events, by event key.
    pub events: BTreeMap<String, NaiveDate>,
    /// Records by step key.
    pub steps: BTreeMap<String, StepRecord>,
    pub exceptions: Vec<ExceptionRecord>,
    /// The days the child's school is open, in order (from the case's term dates), for
    /// deadlines counted in school days. Empty when no term dates are known.
    pub school_days: Vec<NaiveDate>,
}

/// Where a deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum DeadlineStatus {
    /// Past its date and not recorded as done.
    Overdue,
    /// Due within the next 14 days.
    DueSoon,
    /// Due later.
    Upcoming,
    /// Its date depends on an event not recorded yet.
    Waiting,
    /// Done on or before its date.
    Met,
    /// Done, but after its date.
    MetLate,
    /// Recorded as not done.
    Missed,
    /// Past its date, but a recorded exception meets its regulation's conditions: the council
    /// must still act as soon as practicable.
    ExceptionClaimed,
    /// Recorded as not applying.
    NotApplicable,
}

/// One dated (or not yet datable) deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub step: String,
    pub title: String,
    pub who: Actor,
    pub who_label: String,
    /// The date it is due, when it can be worked out.
    pub due: Option<NaiveDate>,
    /// True when `due` rests on an earlier step's due date because its real date is not recorded.
    pub provisional: bool,
    /// True when `due` was entered by hand (a date set by the Tribunal).
    pub set_by_hand: bool,
    /// The event whose date is needed before this deadline can be worked out, in words.
    pub waiting_for: Option<String>,
    /// That event's key, for recording its date.
    pub waiting_for_event: Option<String>,
    pub status: DeadlineStatus,
    /// Days from `today` to `due` (negative when past).
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// A deadline someone else owed the family that was missed: evidence of a breach.
    pub breach: bool,
    pub met_on: Option<NaiveDate>,
    pub rule: String,
    /// The period in words: "6 weeks", "15 days beginning with".
    pub period: String,
    pub source: String,
    pub unconfirmed: bool,
    pub only_if: Option<String>,
    pub note: Option<String>,
    /// Each recorded exception claimed for this step (or, for an older record that names no
    /// steps, whose kind this step's regulation names), checked against the regulation.
    pub exceptions: Vec<ExceptionFinding>,
    /// The paragraph listing this limit's exceptions, when the law gives it any.
    pub exceptions_source: Option<String>,
    /// The step whose being done means this one does not apply ("Council issues the final EHC
    /// plan"), when that is why it does not apply.
    pub ruled_out_by: Option<String>,
    /// The step at which the council refused, when that refusal is why this one does not apply
    /// ("Council tells you whether it will assess").
    pub ended_by_refusal: Option<String>,
    /// What a refusal at this step would mean, when the council can refuse here; with
    /// `refused_on`, what it now means.
    pub refusal: Option<RefusalNotice>,
    /// The date of the council's refusal at this step, once recorded.
    pub refused_on: Option<NaiveDate>,
}

/// What a refusal at a step means for the family, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RefusalNotice {
    /// To follow "The council": "refused to carry out an EHC needs assessment".
    pub what: String,
    /// The process whose clock matters after the refusal, and its title.
    pub next: String,
    pub next_title: String,
    pub advice: String,
    pub source: String,
    /// True when this step being done is itself the refusal.
    pub done_is_refusal: bool,
}

/// The date `step` was refused on, by what is recorded: an outcome of "refused", or the step
/// done where its being done is the refusal (a notice that no plan will be issued).
fn refused_on(step: &StepDef, record: Option<&StepRecord>) -> Option<NaiveDate> {
    let refusal = step.refusal?;
    match record?.outcome.as_ref()? {
        StepOutcome::Refused { on } => Some(*on),
        StepOutcome::Met { on } if refusal.done_is_refusal => Some(*on),
        _ => None,
    }
}

fn notice(refusal: &Refusal) -> RefusalNotice {
    RefusalNotice {
        what: refusal.what.to_owned(),
        next: refusal.next.to_owned(),
        next_title: crate::processes::process(refusal.next)
            .map_or(refusal.next, |p| p.title)
            .to_owned(),
        advice: refusal.advice.to_owned(),
        source: refusal.source.to_owned(),
        done_is_refusal: refusal.done_is_refusal,
    }
}

/// The deadlines of `process` given `facts`, as they stand on `today`, in step order.
pub fn deadlines(process: &ProcessDef, facts: &ClockFacts, today: NaiveDate) -> Vec<Deadline> {
    // Each step's effective date for later anchors: when it was done, else when it is due.
    let mut step_dates: BTreeMap<&str, (NaiveDate, bool)> = BTreeMap::new();
    // The steps a recorded refusal ends, with the title of the step refused at.
    let mut ended: BTreeMap<&str, &str> = BTreeMap::new();
    for step in process.steps {
        if let (Some(refusal), Some(_)) =
            (step.refusal, refused_on(step, facts.steps.get(step.key)))
        {
            for key in refusal.ends {
                ended.entry(key).or_insert(step.title);
            }
        }
    }
    let mut out = Vec::with_capacity(process.steps.len());
    for step in process.steps {
        let mut record = facts.steps.get(step.key).cloned().unwrap_or_default();
        // A step done by an event (the amendments sent): its recorded date is the step's.
        if record.outcome.is_none()
            && let Some(on) = step.met_by_event.and_then(|e| facts.events.get(e))
        {
            record.outcome = Some(StepOutcome::Met { on: *on });
        }
        // A step another one rules out (the plan issued, so no refusal is due), or that a
        // recorded refusal ends (the council refused to assess, so no plan will come).
        let excluded = record.outcome.is_none()
            && step.excluded_by.is_some_and(|other| {
                matches!(
                    facts.steps.get(other).and_then(|r| r.outcome.as_ref()),
                    Some(StepOutcome::Met { .. } | StepOutcome::Refused { .. })
                )
            });
        let ended_by = ended
            .get(step.key)
            .copied()
            .filter(|_| !matches!(record.outcome, Some(StepOutcome::Met { .. })));
        let ruled_out = excluded || ended_by.is_some();
        let computed = compute_due(process, step, facts, &step_dates);
        let period_from = match &computed {
            Computed::Due { from, .. } => Some(*from),
            Computed::Waiting(_) => None,
        };
        let (due, provisional, waiting, set_by_hand) = match (record.due_override, computed) {
            (Some(date), _) => (Some(date), false, None, true),
            (
                None,
                Computed::Due {
                    date, provisional, ..
                },
            ) => (Some(date), provisional, None, false),
            (None, Computed::Waiting(missing)) => (None, false, Some(missing), false),
        };
        let (waiting_for, waiting_for_event) = match waiting {
            Some(Missing { label, event }) => (Some(label), event),
            None => (None, None),
        };
        let met_on = match record.outcome {
            Some(StepOutcome::Met { on } | StepOutcome::Refused { on }) => Some(on),
            _ => None,
        };
        if let Some(date) = met_on.or(due) {
            step_dates.insert(
                step.key,
                (date, met_on.is_none() && (provisional || due.is_some())),
            );
        }
        let findings = check_exceptions(step, facts, period_from.zip(due));
        let excused = findings
            .iter()
            .any(|f| f.verdict == ExceptionVerdict::Applies);
        let status = match (&record.outcome, due) {
            _ if ruled_out => DeadlineStatus::NotApplicable,
            (Some(StepOutcome::NotApplicable), _) => DeadlineStatus::NotApplicable,
            (Some(StepOutcome::Met { on } | StepOutcome::Refused { on }), Some(due))
                if *on > due =>
            {
                DeadlineStatus::MetLate
            }
            (Some(StepOutcome::Met { .. } | StepOutcome::Refused { .. }), _) => DeadlineStatus::Met,
            (Some(StepOutcome::Missed), _) if excused => DeadlineStatus::ExceptionClaimed,
            (Some(StepOutcome::Missed), _) => DeadlineStatus::Missed,
            (None, None) => DeadlineStatus::Waiting,
            (None, Some(due)) if due < today && excused => DeadlineStatus::ExceptionClaimed,
            (None, Some(due)) if due < today => DeadlineStatus::Overdue,
            (None, Some(due)) if (due - today).num_days() <= DUE_SOON_DAYS => {
                DeadlineStatus::DueSoon
            }
            (None, Some(_)) => DeadlineStatus::Upcoming,
        };
        let breach = step.who.owes_the_family()
            && matches!(status, DeadlineStatus::Overdue | DeadlineStatus::MetLate | DeadlineStatus::Missed)
            // A conditional step that is merely overdue may simply not apply (e.g. the council
            // did issue a plan), so only recorded outcomes make it a breach.
            && (step.only_if.is_none() || record.outcome.is_some())
            // An exception that meets the regulation's conditions excuses the time limit
            // itself; the date and the claim stay on show.
            && !excused
            // A date counted from a stand-in for a day not yet recorded (the council's receipt,
            // taken as the day the Tribunal sent it) may be early: no breach on it yet.
            && !(provisional
                && step
                    .terms
                    .iter()
                    .any(|t| matches!(t.anchor, Anchor::EventOrStart(_))));
        out.push(Deadline {
            step: step.key.to_owned(),
            title: step.title.to_owned(),
            who: step.who,
            who_label: step.who.label().to_owned(),
            due,
            provisional,
            set_by_hand,
            waiting_for,
            waiting_for_event,
            status,
            days_left: due.map(|d| (d - today).num_days()),
            breach,
            met_on,
            rule: step.rule.to_owned(),
            period: describe_terms(step),
            source: step.source.to_owned(),
            unconfirmed: step.unconfirmed,
            only_if: step.only_if.map(str::to_owned),
            note: record.note.clone(),
            exceptions: findings,
            exceptions_source: step.exceptions.map(|e| e.source.to_owned()),
            ruled_out_by: excluded
                .then_some(step.excluded_by)
                .flatten()
                .and_then(|other| process.steps.iter().find(|s| s.key == other))
                .map(|other| other.title.to_owned()),
            ended_by_refusal: ended_by.filter(|_| !excluded).map(str::to_owned),
            refusal: step.refusal.map(notice),
            refused_on: refused_on(step, Some(&record)),
        });
    }
    out
}

enum Computed {
    /// `from` is the day the period runs from (the anchor of the limit that gives `date`).
    Due {
        date: NaiveDate,
        provisional: bool,
        from: NaiveDate,
    },
    Waiting(Missing),
}

/// The date a deadline still needs: in words, and the event key when it is an event's date.
struct Missing {
    label: String,
    event: Option<String>,
}

fn compute_due(
    process: &ProcessDef,
    step: &StepDef,
    facts: &ClockFacts,
    step_dates: &BTreeMap<&str, (NaiveDate, bool)>,
) -> Computed {
    let mut latest: Option<NaiveDate> = None;
    let mut provisional = false;
    let mut latest_from = facts.start;
    let mut missing: Option<Missing> = None;
    for term in step.terms {
        let anchor = match term.anchor {
            Anchor::Start => Some((facts.start, false)),
            Anchor::Event(key) => facts.events.get(key).map(|d| (*d, false)),
            Anchor::Step(key) => step_dates.get(key).copied(),
            Anchor::EventOrStep(event, key) => match facts.events.get(event) {
                Some(d) => Some((*d, false)),
                None => step_dates.get(key).map(|(d, _)| (*d, true)),
            },
            Anchor::EventOrStart(event) => match facts.events.get(event) {
                Some(d) => Some((*d, false)),
                None => Some((facts.start, true)),
            },
        };
        let Some((from, from_provisional)) = anchor else {
            let need = match term.anchor {
                Anchor::Event(key) => Missing {
                    label: process
                        .events
                        .iter()
                        .find(|e| e.key == key)
                        .map_or(key.to_owned(), |e| e.label.to_owned()),
                    event: Some(key.to_owned()),
                },
                Anchor::Step(key) | Anchor::EventOrStep(_, key) => Missing {
                    label: format!("the date of step “{key}”"),
                    event: None,
                },
                Anchor::Start | Anchor::EventOrStart(_) => Missing {
                    label: process.start_label.to_owned(),
                    event: None,
                },
            };
            missing.get_or_insert(need);
            continue;
        };
        let school_day = |n: u32, counts: &dyn Fn(NaiveDate) -> bool| {
            let after = facts.school_days.partition_point(|d| *d <= from);
            facts.school_days[after..]
                .iter()
                .filter(|d| counts(**d))
                .nth((n as usize).checked_sub(1)?)
                .copied()
        };
        let end = match term.period {
            Period::SchoolDays { n } => school_day(n, &|_| true),
            Period::SchoolWorkingDays { n, calendar } => {
                school_day(n, &|d| calendar.is_working_day(d))
            }
            period => period.end(from),
        };
        if end.is_none()
            && matches!(
                term.period,
                Period::SchoolDays { .. } | Period::SchoolWorkingDays { .. }
            )
        {
            missing.get_or_insert(Missing {
                label:
                    "the school's term dates covering this period (enter them on the Provision tab)"
                        .into(),
                event: None,
            });
            continue;
        }
        let better = |end: NaiveDate, so_far: NaiveDate| {
            if step.earliest {
                end < so_far
            } else {
                end > so_far
            }
        };
        if let Some(end) = end
            && latest.is_none_or(|l| better(end, l))
        {
            latest = Some(end);
            provisional = from_provisional;
            latest_from = from;
        }
    }
    // Time that stood still (a clarification awaited) is added once both its ends are known.
    if let (Some(date), Some((asked, given))) = (latest, step.paused_between)
        && let (Some(a), Some(g)) = (facts.events.get(asked), facts.events.get(given))
        && g > a
    {
        latest = date.checked_add_days(chrono::Days::new((*g - *a).num_days() as u64));
    }
    // "The later of" two limits is known only when every limit is known, except that the
    // appeal's 2-month limit stands alone until a certificate exists.
    match (latest, missing) {
        (Some(date), None) => Computed::Due {
            date: step.roll.apply(date),
            provisional,
            from: latest_from,
        },
        // (The earliest of two limits is never known from one of them.)
        (Some(date), Some(_))
            if step.terms.len() > 1
                && !step.earliest
                && matches!(step.terms[0].anchor, Anchor::Start) =>
        {
            Computed::Due {
                date: step.roll.apply(date),
                provisional,
                from: latest_from,
            }
        }
        (_, Some(need)) => Computed::Waiting(need),
        (None, None) => Computed::Waiting(Missing {
            label: process.start_label.to_owned(),
            event: None,
        }),
    }
}

/// The recorded exceptions that concern `step`, each checked against its regulation over the
/// days its limit runs (`period`: from its anchor to its due date).
fn check_exceptions(
    step: &StepDef,
    facts: &ClockFacts,
    period: Option<(NaiveDate, NaiveDate)>,
) -> Vec<ExceptionFinding> {
    let period = period.map(|(from, due)| LimitPeriod { from, due });
    facts
        .exceptions
        .iter()
        .enumerate()
        .filter(|(_, record)| match &record.steps {
            Some(steps) => steps.iter().any(|s| s == step.key),
            // Recorded before steps were asked: every step whose regulation names the kind.
            None => step.exceptions.is_some_and(|rules| {
                ExceptionKind::from_key(&record.kind).is_some_and(|k| rules.kinds.contains(&k))
            }),
        })
        .map(|(i, record)| exceptions::check(i, record, step.exceptions, step.source, period))
        .collect()
}

fn describe_terms(step: &StepDef) -> String {
    let terms = step
        .terms
        .iter()
        .map(|t| t.period.describe())
        .collect::<Vec<_>>()
        .join(" or ");
    if step.earliest && step.terms.len() > 1 {
        format!("{terms}, whichever is earlier")
    } else {
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processes::process;
    use chrono::Datelike;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn facts(start: &str) -> ClockFacts {
        ClockFacts {
            start: d(start),
            ..ClockFacts::default()
        }
    }

    fn find<'a>(list: &'a [Deadline], step: &str) -> &'a Deadline {
        list.iter().find(|d| d.step == step).expect("step present")
    }

    #[test]
    fn assessment_request_gives_6_and_20_week_deadlines() {
        let p = process("ehc-needs-assessment").expect("process");
        let list = deadlines(p, &facts("2026-01-12"), d("2026-01-12"));
        assert_eq!(find(&list, "decide-to-assess").due, Some(d("2026-02-23")));
        assert_eq!(
            find(&list, "decide-not-to-issue").due,
            Some(d("2026-05-04"))
        );
        assert_eq!(find(&list, "final-plan").due, Some(d("2026-06-01")));
        let draft = find(&list, "draft-comments");
        assert_eq!(draft.due, None);
        assert_eq!(draft.status, DeadlineStatus::Waiting);
        assert_eq!(
            draft.waiting_for.as_deref(),
            Some("Date the draft plan was sent to you")
        );
    }

    #[test]
    fn a_late_final_plan_is_a_council_breach_and_overdue_before_it_is_issued() {
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        let list = deadlines(p, &f, d("2026-06-10"));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.status, DeadlineStatus::Overdue);
        assert!(final_plan.breach);
        assert_eq!(final_plan.days_left, Some(-9));
        // The conditional 16-week step is overdue but not called a breach: it may not apply.
        assert!(!find(&list, "decide-not-to-issue").breach);

        f.steps.insert(
            "final-plan".into(),
            StepRecord {
                outcome: Some(StepOutcome::Met {
                    on: d("2026-07-20"),
                }),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-08-01"));
        assert_eq!(find(&list, "final-plan").status, DeadlineStatus::MetLate);
        assert!(find(&list, "final-plan").breach);
    }

    #[test]
    fn draft_comments_run_15_days_beginning_with_service() {
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        f.events.insert("draft-served".into(), d("2026-04-20"));
        let list = deadlines(p, &f, d("2026-04-21"));
        let draft = find(&list, "draft-comments");
        assert_eq!(draft.due, Some(d("2026-05-04")));
        assert_eq!(draft.status, DeadlineStatus::DueSoon);
        assert!(
            !draft.breach,
            "a parent's own deadline is never a council breach"
        );
    }

    #[test]
    fn an_exception_without_dates_or_outside_its_regulation_hides_no_breach() {
        // Request received Mon 1 Jun 2026: the final plan is due 20 weeks later, Mon 19 Oct 2026
        // (1 Jun + 140 days). A "Summer holiday" closure recorded with no dates, the way every
        // exception was recorded before, can no longer lift the limit: reg 13(3) excuses a
        // closure only if the council asked that school for advice in its window.
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-06-01");
        f.exceptions.push(ExceptionRecord {
            kind: "school-closure".into(),
            note: Some("Summer holiday".into()),
            ..ExceptionRecord::default()
        });
        let list = deadlines(p, &f, d("2026-12-01"));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.due, Some(d("2026-10-19")));
        assert_eq!(final_plan.status, DeadlineStatus::Overdue);
        assert!(final_plan.breach);
        assert_eq!(final_plan.exceptions.len(), 1);
        assert_eq!(
            final_plan.exceptions[0].verdict,
            ExceptionVerdict::CannotCheck
        );
        // Advice from professionals (reg 8) has no closure exception, so the record is not even
        // shown against that step.
        assert!(find(&list, "advice-returned").exceptions.is_empty());
    }

    #[test]
    fn an_exception_that_meets_its_conditions_is_claimed_for_its_steps_only() {
        // Request Mon 1 Jun 2026. The family was abroad from Sat 1 Aug to Sat 12 Sep 2026,
        // 42 days (6 weeks): at least the 4 weeks reg 10(4)(d) needs. The council claims it for
        // the final plan (due Mon 19 Oct 2026) only.
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-06-01");
        f.exceptions.push(ExceptionRecord {
            kind: "absent-from-area".into(),
            from: Some(d("2026-08-01")),
            to: Some(d("2026-09-12")),
            steps: Some(vec!["final-plan".into()]),
            ..ExceptionRecord::default()
        });
        let list = deadlines(p, &f, d("2026-12-01"));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.status, DeadlineStatus::ExceptionClaimed);
        assert_eq!(
            final_plan.due,
            Some(d("2026-10-19")),
            "the statutory date is always shown"
        );
        assert!(!final_plan.breach);
        assert_eq!(
            final_plan.exceptions_source.as_deref(),
            Some("SEND Regs 2014 reg 13(3), applying reg 10(4)(a)-(d)")
        );
        // The 6-week decision (due Mon 13 Jul 2026) was not claimed for: still overdue, still a
        // breach.
        let decide = find(&list, "decide-to-assess");
        assert_eq!(decide.due, Some(d("2026-07-13")));
        assert_eq!(decide.status, DeadlineStatus::Overdue);
        assert!(decide.breach && decide.exceptions.is_empty());

        // The plan came on Mon 2 Nov 2026, two weeks late: still "met late" (the fact), but
        // excused, so not a breach.
        f.steps.insert(
            "final-plan".into(),
            StepRecord {
                outcome: Some(StepOutcome::Met {
                    on: d("2026-11-02"),
                }),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-12-01"));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.status, DeadlineStatus::MetLate);
        assert!(!final_plan.breach);
    }

    #[test]
    fn a_closure_claimed_for_professional_advice_is_refused_by_reg_8() {
        // Advice asked for on Mon 6 Jul 2026: due 6 weeks later, Mon 17 Aug 2026. The council
        // blames the summer closure, but reg 8(2) lists no closure: the step stays overdue.
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-06-01");
        f.events.insert("advice-requested".into(), d("2026-07-06"));
        f.exceptions.push(ExceptionRecord {
            kind: "school-closure".into(),
            from: Some(d("2026-07-22")),
            to: Some(d("2026-09-03")),
            advice_requested: Some(d("2026-07-06")),
            steps: Some(vec!["advice-returned".into()]),
            ..ExceptionRecord::default()
        });
        let list = deadlines(p, &f, d("2026-09-01"));
        let advice = find(&list, "advice-returned");
        assert_eq!(advice.due, Some(d("2026-08-17")));
        assert_eq!(advice.status, DeadlineStatus::Overdue);
        assert!(advice.breach);
        assert_eq!(advice.exceptions[0].verdict, ExceptionVerdict::DoesNotApply);
        assert!(advice.exceptions[0].reason.contains("reg 8(2)"));
    }

    fn met(on: &str) -> StepRecord {
        StepRecord {
            outcome: Some(StepOutcome::Met { on: d(on) }),
            ..StepRecord::default()
        }
    }

    #[test]
    fn a_lawful_refusal_rules_out_the_final_plan_and_a_plan_rules_out_the_refusal() {
        // Request Mon 12 Jan 2026: a refusal to issue is due by Mon 4 May (16 weeks), the
        // final plan by Mon 1 Jun (20 weeks). The council refused on 20 Apr 2026, in time: the
        // final plan no longer applies, so no breach and no chasing letter (legal audit 2026,
        // item 8).
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        f.steps
            .insert("decide-not-to-issue".into(), met("2026-04-20"));
        let list = deadlines(p, &f, d("2026-07-01"));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.status, DeadlineStatus::NotApplicable);
        assert!(!final_plan.breach);
        assert_eq!(
            final_plan.ruled_out_by.as_deref(),
            Some("Council tells you it will not issue a plan")
        );
        // A council that said nothing by 1 Jun is still in breach of the 20 weeks.
        let list = deadlines(p, &facts("2026-01-12"), d("2026-07-01"));
        assert!(find(&list, "final-plan").breach);
        // The plan issued on 28 May: the refusal step does not apply.
        let mut f = facts("2026-01-12");
        f.steps.insert("final-plan".into(), met("2026-05-28"));
        let list = deadlines(p, &f, d("2026-07-01"));
        assert_eq!(
            find(&list, "decide-not-to-issue").status,
            DeadlineStatus::NotApplicable
        );
        // After a Tribunal order to assess (Mon 2 Mar 2026), a refusal on 4 May (inside the
        // 10 weeks, due Mon 11 May) rules out the 14-week plan (due Mon 8 Jun).
        let p = process("tribunal-order-assess").expect("process");
        let mut f = facts("2026-03-02");
        f.steps
            .insert("decide-not-to-issue".into(), met("2026-05-04"));
        let list = deadlines(p, &f, d("2026-07-01"));
        assert_eq!(
            find(&list, "decide-not-to-issue").due,
            Some(d("2026-05-11"))
        );
        assert_eq!(find(&list, "issue-plan").due, Some(d("2026-06-08")));
        assert_eq!(
            find(&list, "issue-plan").status,
            DeadlineStatus::NotApplicable
        );
    }

    #[test]
    fn a_plan_is_transferred_on_the_day_of_the_move_or_15_working_days_after_notice() {
        // reg 15(2). The old council learned of the move on Mon 1 Jun 2026; 15 working days
        // beginning with it end on Fri 19 Jun (1–5, 8–12, 15–19 Jun). A move on Mon 31 Aug 2026
        // (a bank holiday, but the day of the move is the rule) gave more notice than that, so
        // the plan must go across on the day: 31 Aug.
        let p = process("plan-transfer").expect("process");
        let mut f = facts("2026-06-01");
        let list = deadlines(p, &f, d("2026-06-02"));
        assert_eq!(find(&list, "transfer").due, Some(d("2026-06-19")));
        f.events.insert("move-date".into(), d("2026-08-31"));
        let list = deadlines(p, &f, d("2026-06-02"));
        assert_eq!(find(&list, "transfer").due, Some(d("2026-08-31")));
        // A move on Fri 5 Jun, with less than 15 working days' notice: 15 working days it is.
        f.events.insert("move-date".into(), d("2026-06-05"));
        let list = deadlines(p, &f, d("2026-06-02"));
        assert_eq!(find(&list, "transfer").due, Some(d("2026-06-19")));
    }

    #[test]
    fn a_new_plan_is_first_reviewed_within_12_months_of_being_made() {
        // CFA 2014 s.44(1)(a): a plan made on Tue 10 Mar 2026 starts the 12 months that day, so
        // the first review is due by Tue 9 Mar 2027 (the day before 10 Mar 2027).
        let p = process("first-annual-review").expect("process");
        let list = deadlines(p, &facts("2026-03-10"), d("2026-03-11"));
        assert_eq!(find(&list, "first-review").due, Some(d("2027-03-09")));
    }

    #[test]
    fn a_move_between_colleges_needs_the_amended_plan_5_months_ahead() {
        // reg 18(2): a move on Mon 11 Jan 2027 needs the amended plan by Tue 11 Aug 2026 (five
        // months back: Dec, Nov, Oct, Sep, Aug; the same date, 11th).
        let p = process("post-16-transfer").expect("process");
        let list = deadlines(p, &facts("2027-01-11"), d("2026-07-01"));
        let step = find(&list, "amended-plan");
        assert_eq!(step.due, Some(d("2026-08-11")));
        assert_eq!(step.status, DeadlineStatus::Upcoming);
    }

    #[test]
    fn a_decision_to_cease_can_be_appealed_in_two_months_or_one_after_the_certificate() {
        // Decision sent Wed 14 Oct 2026: 2 months end Mon 14 Dec 2026. The certificate came on
        // Fri 4 Dec: 1 month after is Mon 4 Jan 2027. The later wins: Mon 4 Jan 2027, a working
        // day outside 25 Dec–1 Jan, so it stands.
        let p = process("cease-to-maintain").expect("process");
        let mut f = facts("2026-10-14");
        let list = deadlines(p, &f, d("2026-10-15"));
        assert_eq!(find(&list, "appeal-deadline").due, Some(d("2026-12-14")));
        f.events
            .insert("certificate-issued".into(), d("2026-12-04"));
        let list = deadlines(p, &f, d("2026-12-05"));
        assert_eq!(find(&list, "appeal-deadline").due, Some(d("2027-01-04")));
        assert!(
            !find(&list, "appeal-deadline").breach,
            "the family's own deadline"
        );
    }

    #[test]
    fn an_order_to_continue_the_plan_is_due_the_same_day() {
        // An order of Thu 9 Jul 2026 to continue to maintain: due that day, overdue the next.
        let p = process("tribunal-order-continue").expect("process");
        let list = deadlines(p, &facts("2026-07-09"), d("2026-07-10"));
        let step = find(&list, "continue");
        assert_eq!(step.due, Some(d("2026-07-09")));
        assert_eq!(step.status, DeadlineStatus::Overdue);
        assert!(step.breach);
    }

    #[test]
    fn a_mediation_agreement_is_acted_on_in_two_weeks_and_health_says_in_one() {
        // Agreement Tue 3 Nov 2026: the council acts by Tue 17 Nov, a health body tells the
        // council by Tue 10 Nov.
        let p = process("mediation-agreement").expect("process");
        let list = deadlines(p, &facts("2026-11-03"), d("2026-11-04"));
        assert_eq!(find(&list, "council-acts").due, Some(d("2026-11-17")));
        assert_eq!(
            find(&list, "health-body-tells-council").due,
            Some(d("2026-11-10"))
        );
    }

    #[test]
    fn a_discrimination_claim_is_due_the_day_before_the_six_month_date_august_counting() {
        // EA 2010 Sch 17 para 4(1): conduct on Wed 11 Feb 2026; 6 months starting with that day
        // end Mon 10 Aug 2026. August is not skipped for these claims (r.12(3) since 2020).
        let p = process("disability-discrimination").expect("process");
        let list = deadlines(p, &facts("2026-02-11"), d("2026-02-12"));
        assert_eq!(find(&list, "claim").due, Some(d("2026-08-10")));
    }

    #[test]
    fn permission_to_appeal_counts_28_days_without_august_then_rolls_to_a_working_day() {
        // Reasons sent Wed 15 Jul 2026: the 28th counted day is Sat 12 Sep 2026 (16 days in
        // July, none in August, 12 in September); a Saturday, so Mon 14 Sep 2026 (r.12(2)).
        let p = process("upper-tribunal-permission").expect("process");
        let list = deadlines(p, &facts("2026-07-15"), d("2026-07-16"));
        assert_eq!(find(&list, "apply").due, Some(d("2026-09-14")));
    }

    #[test]
    fn a_subject_access_request_counts_from_the_proof_of_identity_when_it_was_asked_for() {
        // Request received Mon 2 Nov 2026: one month is Wed 2 Dec 2026. The organisation asked
        // for proof of identity, which it got on Fri 13 Nov: one month from then is Sun 13 Dec,
        // not a working day, so Mon 14 Dec 2026.
        let p = process("subject-access-request").expect("process");
        let mut f = facts("2026-11-02");
        let list = deadlines(p, &f, d("2026-11-03"));
        assert_eq!(find(&list, "response").due, Some(d("2026-12-02")));
        f.events.insert("identity-received".into(), d("2026-11-13"));
        let list = deadlines(p, &f, d("2026-11-14"));
        assert_eq!(find(&list, "response").due, Some(d("2026-12-14")));
        // They asked for a clarification on Mon 16 Nov and had it on Mon 23 Nov: 7 days in which
        // time stood still, so one month from 13 Nov (13 Dec) + 7 days = Sun 20 Dec, a Sunday:
        // Mon 21 Dec 2026.
        f.events
            .insert("clarification-asked".into(), d("2026-11-16"));
        let list = deadlines(p, &f, d("2026-11-17"));
        assert_eq!(
            find(&list, "response").due,
            Some(d("2026-12-14")),
            "until the clarification is recorded, nothing is added"
        );
        f.events
            .insert("clarification-given".into(), d("2026-11-23"));
        let list = deadlines(p, &f, d("2026-11-24"));
        assert_eq!(find(&list, "response").due, Some(d("2026-12-21")));
    }

    #[test]
    fn recommendations_after_an_extended_appeal_get_an_answer_in_five_weeks() {
        // Recommendations sent Thu 1 Oct 2026: the written answer is due Thu 5 Nov 2026.
        let p = process("extended-appeal-recommendations").expect("process");
        let list = deadlines(p, &facts("2026-10-01"), d("2026-10-02"));
        assert_eq!(find(&list, "respond").due, Some(d("2026-11-05")));
    }

    #[test]
    fn annual_review_counts_from_the_meeting_and_the_decision() {
        // IPSEA worked example: meeting 1 Nov → decision due 29 Nov.
        let p = process("annual-review").expect("process");
        let mut f = facts("2026-11-01");
        let list = deadlines(p, &f, d("2026-10-01"));
        assert_eq!(find(&list, "invitations").due, Some(d("2026-10-18")));
        assert_eq!(find(&list, "review-report").due, Some(d("2026-11-15")));
        assert_eq!(find(&list, "council-decision").due, Some(d("2026-11-29")));
        let final_plan = find(&list, "final-amended-plan");
        assert_eq!(final_plan.due, Some(d("2027-01-24")));
        assert!(
            final_plan.provisional,
            "rests on the decision's due date until it is recorded"
        );
        // CFA 2014 s.44(1): the next review falls "in the period of 12 months starting with"
        // the last (the decision due Sun 29 Nov 2026): 29 Nov 2026 is day 1, so the period ends
        // the day before 29 Nov 2027, on Sun 28 Nov 2027 (legal audit 2026, row 12).
        assert_eq!(find(&list, "next-review").due, Some(d("2027-11-28")));

        // The decision actually came on 10 Dec: the later steps move with it.
        f.steps.insert(
            "council-decision".into(),
            StepRecord {
                outcome: Some(StepOutcome::Met {
                    on: d("2026-12-10"),
                }),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-12-11"));
        assert_eq!(
            find(&list, "council-decision").status,
            DeadlineStatus::MetLate
        );
        // Until the amendments' own date is recorded, they are presumed sent with the decision:
        // 15 days beginning with Thu 10 Dec is Thu 24 Dec (10 + 14); 8 weeks on is Thu 4 Feb.
        assert_eq!(find(&list, "amendment-comments").due, Some(d("2026-12-24")));
        assert_eq!(find(&list, "final-amended-plan").due, Some(d("2027-02-04")));
        assert!(find(&list, "final-amended-plan").provisional);
        // 12 months starting with Thu 10 Dec 2026 end on Thu 9 Dec 2027.
        assert_eq!(find(&list, "next-review").due, Some(d("2027-12-09")));

        // The amendments came on their own a week later, Thu 17 Dec 2026 (legal audit 2026,
        // item 7: reg 22(2)-(3) runs from when they were sent). They were due with the decision
        // by Sun 29 Nov (meeting + 4 weeks, reg 20(10), Devon): met late, a breach. The
        // family's 15 days beginning with 17 Dec end Thu 31 Dec (17 + 14); the final plan is due
        // 8 weeks after, Thu 11 Feb 2027 (17 Dec + 56 days).
        f.events.insert("amendments-sent".into(), d("2026-12-17"));
        let list = deadlines(p, &f, d("2026-12-18"));
        let with_decision = find(&list, "amendments-with-decision");
        assert_eq!(with_decision.due, Some(d("2026-11-29")));
        assert_eq!(with_decision.met_on, Some(d("2026-12-17")));
        assert_eq!(with_decision.status, DeadlineStatus::MetLate);
        assert!(with_decision.breach);
        assert_eq!(find(&list, "amendment-comments").due, Some(d("2026-12-31")));
        let final_plan = find(&list, "final-amended-plan");
        assert_eq!(final_plan.due, Some(d("2027-02-11")));
        assert!(!final_plan.provisional);
    }

    #[test]
    fn appeal_deadline_is_the_later_of_two_months_and_one_month_from_the_certificate() {
        let p = process("appeal").expect("process");
        let mut f = facts("2026-03-10");
        let list = deadlines(p, &f, d("2026-03-10"));
        assert_eq!(
            find(&list, "appeal-deadline").due,
            Some(d("2026-05-11")),
            "Sun 10 May rolls to Mon 11 May"
        );
        f.events
            .insert("certificate-issued".into(), d("2026-04-28"));
        let list = deadlines(p, &f, d("2026-04-28"));
        assert_eq!(find(&list, "appeal-deadline").due, Some(d("2026-05-28")));
    }

    #[test]
    fn appeal_deadline_falling_in_august_moves_to_september() {
        let p = process("appeal").expect("process");
        // Decision sent 12 June 2026 → 12 Aug 2026 → first working day after 31 Aug (a bank
        // holiday) → Tue 1 Sep 2026.
        let list = deadlines(p, &facts("2026-06-12"), d("2026-06-12"));
        assert_eq!(find(&list, "appeal-deadline").due, Some(d("2026-09-01")));
    }

    #[test]
    fn a_date_set_by_the_tribunal_replaces_the_computed_one() {
        let p = process("tribunal-order-make-plan").expect("process");
        let mut f = facts("2026-09-01");
        f.steps.insert(
            "final-plan".into(),
            StepRecord {
                due_override: Some(d("2026-12-01")),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-09-02"));
        assert_eq!(find(&list, "draft-plan").due, Some(d("2026-10-06")));
        let final_plan = find(&list, "final-plan");
        assert_eq!(final_plan.due, Some(d("2026-12-01")));
        assert!(final_plan.set_by_hand);
    }

    #[test]
    fn the_councils_response_skips_august_in_tribunal_working_days() {
        let p = process("tribunal-directions").expect("process");
        // Registered Mon 13 Jul 2026: 14 working days to 31 Jul, August does not count, Tue 1 Sep
        // is the 15th (Mon 31 Aug is a bank holiday anyway), so the 30th is Tue 22 Sep. That
        // counts from the day the Tribunal sent the appeal, standing in for the council's
        // receipt (r.21(2)), so it is provisional and not yet a breach when it passes.
        let mut f = facts("2026-07-13");
        let list = deadlines(p, &f, d("2026-07-13"));
        assert_eq!(find(&list, "council-response").due, Some(d("2026-09-22")));
        let late = deadlines(p, &f, d("2026-09-23"));
        let response = find(&late, "council-response");
        assert!(response.provisional);
        assert_eq!(response.status, DeadlineStatus::Overdue);
        assert!(!response.breach);
        // The council received it on Wed 15 Jul 2026: Thu 16, Fri 17 (2), 20-24 (7), 27-31
        // (12), no August, 1-4 Sep (16), 7-11 (21), 14-18 (26), 21-24 Sep: Thu 24 Sep 2026 (30).
        f.events.insert("council-received".into(), d("2026-07-15"));
        let list = deadlines(p, &f, d("2026-09-25"));
        let response = find(&list, "council-response");
        assert_eq!(response.due, Some(d("2026-09-24")));
        assert!(!response.provisional);
        assert!(response.breach);
        assert_eq!(
            find(&list, "hearing-bundle").status,
            DeadlineStatus::Waiting
        );
        // The hearing bundle, a time the Tribunal sets, skips 25 Dec – 1 Jan too (r.12(3)(b)).
        // Hearing Tue 5 Jan 2027: Mon 4 Jan (1); 25 Dec – 1 Jan do not count; Thu 24 (2), Wed 23
        // (3), Tue 22 (4), Mon 21 (5), Fri 18 (6), Thu 17 (7), Wed 16 (8), Tue 15 (9), Mon 14 Dec
        // 2026 (10). (Counted in ordinary working days it was Thu 17 Dec, so a bundle sent on
        // 15, 16 or 17 Dec looked on time.)
        f.events.insert("hearing-date".into(), d("2027-01-05"));
        let list = deadlines(p, &f, d("2026-07-13"));
        assert_eq!(find(&list, "hearing-bundle").due, Some(d("2026-12-14")));
        // Hearing Wed 8 Sep 2027: Tue 7 (1), Mon 6 (2), Fri 3 (3), Thu 2 (4), Wed 1 Sep (5);
        // August does not count; Fri 30 Jul (6), Thu 29 (7), Wed 28 (8), Tue 27 (9), Mon 26 Jul
        // 2027 (10).
        f.events.insert("hearing-date".into(), d("2027-09-08"));
        let list = deadlines(p, &f, d("2026-07-13"));
        assert_eq!(find(&list, "hearing-bundle").due, Some(d("2027-07-26")));
    }

    #[test]
    fn a_pupil_record_request_counts_school_days_from_the_term_dates() {
        let p = process("pupil-record-request").expect("process");
        // School open Mon-Fri 2 to 20 Nov 2026 except an INSET day on Fri 6 Nov.
        let school_days: Vec<NaiveDate> = d("2026-11-02")
            .iter_days()
            .take_while(|x| *x <= d("2026-11-27"))
            .filter(|x| x.weekday().num_days_from_monday() < 5 && *x != d("2026-11-06"))
            .collect();
        let f = ClockFacts {
            start: d("2026-11-03"),
            school_days,
            ..ClockFacts::default()
        };
        let list = deadlines(p, &f, d("2026-11-03"));
        // After Tue 3 Nov: 4, 5, (6 INSET), 9-13, 16-20 → the 15th school day is Wed 25 Nov.
        assert_eq!(find(&list, "record-available").due, Some(d("2026-11-25")));
        let none = deadlines(p, &facts("2026-11-03"), d("2026-11-03"));
        let step = find(&none, "record-available");
        assert_eq!(step.status, DeadlineStatus::Waiting);
        assert!(
            step.waiting_for
                .as_deref()
                .unwrap_or("")
                .contains("term dates")
        );
    }

    /// Weekdays from `from` to `to` inclusive: a school's term.
    fn term(from: &str, to: &str) -> Vec<NaiveDate> {
        d(from)
            .iter_days()
            .take_while(|x| *x <= d(to))
            .filter(|x| x.weekday().num_days_from_monday() < 5)
            .collect()
    }

    /// FOIA s.10(1) as SI 2004/3364 reg 3 changes it for schools and academies: the 20th
    /// working day not counting days the school is closed, or the 60th working day, whichever
    /// is earlier (s.10(6): no bank holiday of any part of the UK is a working day).
    #[test]
    fn foi_to_a_school_is_the_earlier_of_20_school_days_and_60_working_days() {
        let p = process("freedom-of-information-school").expect("process");
        let mut f = facts("2026-03-09");
        f.school_days = [
            term("2026-01-05", "2026-03-27"),
            term("2026-04-13", "2026-07-22"),
            term("2026-09-03", "2026-12-18"),
        ]
        .concat();
        // Received Mon 9 Mar 2026. School working days after it: Tue 10 – Fri 13 (4), Mon 16
        // (5), not Tue 17 (St Patrick's Day, a Northern Ireland bank holiday), Wed 18 – Fri 20
        // (8), Mon 23 – Fri 27 (13); Easter holidays; Mon 13 – Fri 17 Apr (18), Mon 20 (19),
        // Tue 21 Apr 2026 (20). The 60th working day is later: Tue 10 – Fri 13 Mar (4), 16, 18,
        // 19, 20 (8), 23-27 (13), 30, 31 (15), 1, 2 Apr (17), not Good Friday or Easter Monday,
        // 7-10 (21), 13-17 (26), 20-24 (31), 27-30 (35), Fri 1 May (36), not Mon 4, 5-8 (40),
        // 11-15 (45), 18-22 (50), not Mon 25, 26-29 (54), 1-5 Jun (59), Mon 8 Jun (60).
        let list = deadlines(p, &f, d("2026-03-09"));
        let answer = find(&list, "response");
        assert_eq!(answer.due, Some(d("2026-04-21")));
        assert!(answer.unconfirmed);
        assert!(
            answer.period.ends_with("whichever is earlier"),
            "{}",
            answer.period
        );

        // A school closed from Sat 18 Jul to Sun 1 Nov 2026 (building works): received Mon 13
        // Jul, its 20 school days run Tue 14 – Fri 17 Jul (4), then Mon 2 – Fri 6 Nov (9),
        // 9-13 (14), 16-20 (19), Mon 23 Nov (20). The 60th working day comes first: Tue 14 –
        // Fri 17 Jul (4), 20-24 (9), 27-31 (14), not Mon 3 Aug (Scotland's summer holiday),
        // 4-7 (18), 10-14 (23), 17-21 (28), 24-28 (33), not Mon 31 Aug, 1-4 Sep (37), 7-11 (42),
        // 14-18 (47), 21-25 (52), 28-30 (55), 1, 2 Oct (57), 5, 6 (59), Wed 7 Oct 2026 (60).
        let mut f = facts("2026-07-13");
        f.school_days = [
            term("2026-04-13", "2026-07-17"),
            term("2026-11-02", "2026-12-18"),
        ]
        .concat();
        let list = deadlines(p, &f, d("2026-07-13"));
        assert_eq!(find(&list, "response").due, Some(d("2026-10-07")));

        // Without term dates the earlier date cannot be known: it waits for them, rather than
        // showing the 60th working day as if it were the deadline.
        let list = deadlines(p, &facts("2026-07-13"), d("2026-07-13"));
        let waiting = find(&list, "response");
        assert_eq!(waiting.due, None);
        assert!(
            waiting
                .waiting_for
                .as_deref()
                .unwrap_or("")
                .contains("term dates"),
            "{waiting:?}"
        );
    }

    /// When the council says mediation cannot happen within 30 days, the certificate still
    /// comes within 3 working days. Told on Thu 24 Dec 2026: Fri 25 Dec and Mon 28 Dec (Boxing
    /// Day's substitute) are bank holidays, so Tue 29 (1), Wed 30 (2), Thu 31 Dec 2026 (3).
    #[test]
    fn a_certificate_is_due_3_working_days_after_the_council_says_it_cannot_mediate_in_time() {
        let p = process("appeal").expect("process");
        let mut f = facts("2026-12-01");
        f.events
            .insert("council-cannot-mediate".into(), d("2026-12-24"));
        let list = deadlines(p, &f, d("2026-12-24"));
        let step = find(&list, "certificate-when-no-mediation");
        assert_eq!(step.due, Some(d("2026-12-31")));
        assert!(step.unconfirmed);
    }

    /// CPR 54.5(1) with CPR 2.8(5): grounds arising on Fri 25 Sep 2026 give 3 months to Fri 25
    /// Dec 2026, when the court office is shut; Mon 28 Dec is Boxing Day's substitute holiday,
    /// so the claim is in time on Tue 29 Dec 2026.
    #[test]
    fn a_judicial_review_claim_ending_when_the_court_is_shut_is_in_time_the_next_open_day() {
        let p = process("judicial-review").expect("process");
        let list = deadlines(p, &facts("2026-09-25"), d("2026-09-25"));
        assert_eq!(find(&list, "claim").due, Some(d("2026-12-29")));
    }

    #[test]
    fn foi_counts_uk_wide_working_days() {
        let p = process("freedom-of-information").expect("process");
        // Received Mon 16 Nov 2026; St Andrew's Day (Mon 30 Nov) does not count → Tue 15 Dec.
        let list = deadlines(p, &facts("2026-11-16"), d("2026-11-16"));
        assert_eq!(find(&list, "response").due, Some(d("2026-12-15")));
    }

    #[test]
    fn phase_transfer_is_due_before_15_february_of_the_year_of_the_move() {
        // SEND Regs 2014 reg 18(1)(b): review and amend "before 15 February in the calendar
        // year of the child's transfer": a move in September 2027 → by Sun 14 Feb 2027.
        let p = process("phase-transfer").expect("process");
        let list = deadlines(p, &facts("2027-09-01"), d("2026-11-25"));
        let step = find(&list, "amended-plan");
        assert_eq!(step.due, Some(d("2027-02-14")));
        assert!(!step.unconfirmed, "confirmed against the text of reg 18");
        assert_eq!(step.source, "SEND Regs 2014 reg 18(1)(b)");
        // reg 18(1)(a): a move from school to post-16 in 2028 → before 31 Mar → Thu 30 Mar 2028.
        let p = process("phase-transfer-post-16").expect("process");
        let list = deadlines(p, &facts("2028-09-04"), d("2027-11-25"));
        let step = find(&list, "amended-plan");
        assert_eq!(step.due, Some(d("2028-03-30")));
        assert_eq!(step.source, "SEND Regs 2014 reg 18(1)(a)");
    }

    #[test]
    fn the_ombudsman_time_is_twelve_months_beginning_with_the_day_of_notice() {
        // LGA 1974 s.26B(1): "12 months beginning with the day on which the person affected
        // first had notice": notice on Tue 10 Mar 2026 → the last day is Tue 9 Mar 2027.
        let p = process("ombudsman").expect("process");
        let list = deadlines(p, &facts("2026-03-10"), d("2026-11-25"));
        assert_eq!(find(&list, "complain").due, Some(d("2027-03-09")));
    }

    #[test]
    fn a_plan_transfer_counts_the_day_the_old_council_learned_of_the_move() {
        // SEND Regs 2014 reg 15(2): "within 15 working days beginning with the day on which it
        // did become aware": learned Mon 2 Nov 2026 (day 1) → days 1–15 run Mon 2 – Fri 20 Nov
        // 2026 (no bank holidays) → Fri 20 Nov 2026, one working day earlier than before.
        let p = process("plan-transfer").expect("process");
        let list = deadlines(p, &facts("2026-11-02"), d("2026-11-02"));
        assert_eq!(find(&list, "transfer").due, Some(d("2026-11-20")));
    }

    #[test]
    fn a_conceded_appeal_against_a_refusal_to_issue_gives_a_draft_in_5_weeks_and_the_plan_in_11() {
        // SEND Regs 2014 reg 45 as substituted by SI 2015/359 (legal audit 2026, row 28): the
        // council told the Tribunal on Mon 2 Nov 2026.
        //   refusal to issue: draft 5 weeks → 2 Nov + 35 days = Mon 7 Dec 2026;
        //                     final 11 weeks → 2 Nov + 77 days = Mon 18 Jan 2027;
        //   refusal to assess: notice 2 weeks → Mon 16 Nov 2026; no-plan notice 10 weeks →
        //                     Mon 11 Jan 2027; plan 14 weeks → 2 Nov + 98 days = Mon 8 Feb 2027;
        //   Section I alone: 2 weeks → Mon 16 Nov 2026; contents: 5 weeks → Mon 7 Dec 2026.
        let p = process("unopposed-appeal").expect("process");
        let list = deadlines(p, &facts("2026-11-02"), d("2026-11-02"));
        for (step, due) in [
            ("draft-plan", "2026-12-07"),
            ("final-plan", "2027-01-18"),
            ("notify-assessment", "2026-11-16"),
            ("no-plan-notice", "2027-01-11"),
            ("issue-plan", "2027-02-08"),
            ("section-i", "2026-11-16"),
            ("amended-plan", "2026-12-07"),
        ] {
            assert_eq!(find(&list, step).due, Some(d(due)), "{step}");
        }
        // Each belongs to one kind of appeal: none is called a breach while merely overdue (that
        // branch may not be the family's), only once its outcome is recorded.
        assert!(list.iter().all(|s| s.only_if.is_some()));
        let later = deadlines(p, &facts("2026-11-02"), d("2027-06-01"));
        assert!(
            later
                .iter()
                .all(|s| s.status == DeadlineStatus::Overdue && !s.breach)
        );
    }

    #[test]
    fn a_council_complaint_reply_counts_from_the_acknowledgement() {
        // LGSCO Complaint Handling Code 6.2–6.3: acknowledge within 5 working days of receipt,
        // reply within 10 working days of the acknowledgement (legal audit 2026, rows 35, 37).
        let p = process("council-complaint").expect("process");
        let mut f = facts("2026-11-02");
        // Received Mon 2 Nov 2026: acknowledgement due 5 working days on, Mon 9 Nov. Until it is
        // recorded, the reply counts from that: Tue 10 (1) … Fri 13 (4), Mon 16 (5) … Fri 20
        // (9), Mon 23 Nov 2026 (10). (Counting from receipt, as before, gave Mon 16 Nov.)
        let list = deadlines(p, &f, d("2026-11-02"));
        assert_eq!(
            find(&list, "stage-1-acknowledged").due,
            Some(d("2026-11-09"))
        );
        assert_eq!(find(&list, "stage-1-reply").due, Some(d("2026-11-23")));
        // Acknowledged on Wed 4 Nov: Thu 5 (1), Fri 6 (2), Mon 9 (3) … Fri 13 (7), Mon 16 (8),
        // Tue 17 (9), Wed 18 Nov 2026 (10).
        f.steps.insert(
            "stage-1-acknowledged".into(),
            StepRecord {
                outcome: Some(StepOutcome::Met {
                    on: d("2026-11-04"),
                }),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-11-05"));
        assert_eq!(find(&list, "stage-1-reply").due, Some(d("2026-11-18")));
        // Stage 2 asked for on Mon 7 Dec 2026, acknowledged Wed 9 Dec: 20 working days after,
        // skipping Fri 25 Dec, Mon 28 Dec (Boxing Day's substitute) and Fri 1 Jan: Thu 10 (1) …
        // Thu 24 (11), Tue 29 (12), Wed 30 (13), Thu 31 (14), Mon 4 (15) … Fri 8 Jan 2027 (19),
        // Mon 11 Jan 2027 (20).
        f.events.insert("stage-2-requested".into(), d("2026-12-07"));
        f.steps.insert(
            "stage-2-acknowledged".into(),
            StepRecord {
                outcome: Some(StepOutcome::Met {
                    on: d("2026-12-09"),
                }),
                ..StepRecord::default()
            },
        );
        let list = deadlines(p, &f, d("2026-12-10"));
        assert_eq!(find(&list, "stage-2-reply").due, Some(d("2027-01-11")));
    }

    fn refused(on: &str) -> StepRecord {
        StepRecord {
            outcome: Some(StepOutcome::Refused { on: d(on) }),
            ..StepRecord::default()
        }
    }

    /// CFA 2014 s.36(8), s.51(2)(a): a refusal to assess ends the assessment's clock; what
    /// matters is the appeal. Worked example: the request reached the council on Mon 12 Jan
    /// 2026, so its decision was due 6 weeks later, Mon 23 Feb 2026 (reg 5(1)). It refused by a
    /// letter dated Fri 20 Feb 2026: on time. Long after the 20-week date (Mon 1 Jun 2026), no
    /// advice, plan notice, comments or final plan is overdue or a breach. The appeal clock from
    /// that letter: 2 months after 20 Feb is Mon 20 Apr 2026, a working day (Easter Monday was
    /// 6 Apr), so the appeal is due then (HESC r.20(1)(c)).
    #[test]
    fn a_refusal_to_assess_ends_the_plan_steps_and_points_to_the_appeal() {
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        f.events.insert("advice-requested".into(), d("2026-01-20"));
        f.steps
            .insert("decide-to-assess".into(), refused("2026-02-20"));
        let list = deadlines(p, &f, d("2026-07-01"));
        let decision = find(&list, "decide-to-assess");
        assert_eq!(decision.status, DeadlineStatus::Met);
        assert_eq!(decision.refused_on, Some(d("2026-02-20")));
        let notice = decision.refusal.as_ref().expect("notice");
        assert_eq!(notice.next, "appeal");
        assert!(notice.source.contains("s.51(2)(a)"), "{}", notice.source);
        for step in [
            "advice-returned",
            "decide-not-to-issue",
            "draft-comments",
            "final-plan",
        ] {
            let ended = find(&list, step);
            assert_eq!(ended.status, DeadlineStatus::NotApplicable, "{step}");
            assert!(!ended.breach, "{step}");
            assert_eq!(
                ended.ended_by_refusal.as_deref(),
                Some("Council tells you whether it will assess"),
                "{step}"
            );
            assert_eq!(ended.refused_on, None);
        }
        assert!(list.iter().all(|d| !d.breach));

        let appeal = process(&notice.next).expect("appeal");
        let list = deadlines(appeal, &facts("2026-02-20"), d("2026-02-21"));
        assert_eq!(find(&list, "appeal-deadline").due, Some(d("2026-04-20")));
    }

    /// A refusal that came late is still the council's breach of the 6 weeks (reg 5(1)): the
    /// decision was due Mon 23 Feb 2026 and the refusal letter is dated Mon 2 Mar 2026.
    #[test]
    fn a_late_refusal_is_still_a_breach_of_the_decision_limit() {
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        f.steps
            .insert("decide-to-assess".into(), refused("2026-03-02"));
        let list = deadlines(p, &f, d("2026-03-03"));
        let decision = find(&list, "decide-to-assess");
        assert_eq!(decision.status, DeadlineStatus::MetLate);
        assert!(decision.breach);
        assert_eq!(
            find(&list, "final-plan").status,
            DeadlineStatus::NotApplicable
        );
    }

    /// s.51(2)(e): a decision after a review not to amend. Worked example: meeting Tue 10 Mar
    /// 2026, decision due 4 weeks later, Tue 7 Apr 2026 (reg 20(10)); the council decided on
    /// Wed 1 Apr 2026 to keep the plan as it is. No amendments are due, and the next review
    /// runs from that decision: 12 months starting with 1 Apr 2026 end on Wed 31 Mar 2027
    /// (s.44(1)(b)).
    #[test]
    fn a_decision_not_to_amend_ends_the_amendment_steps_and_dates_the_next_review() {
        let p = process("annual-review").expect("process");
        let mut f = facts("2026-03-10");
        f.steps
            .insert("council-decision".into(), refused("2026-04-01"));
        let list = deadlines(p, &f, d("2026-09-01"));
        assert_eq!(find(&list, "council-decision").status, DeadlineStatus::Met);
        for step in [
            "amendments-with-decision",
            "amendment-comments",
            "final-amended-plan",
        ] {
            assert_eq!(
                find(&list, step).status,
                DeadlineStatus::NotApplicable,
                "{step}"
            );
        }
        assert_eq!(find(&list, "next-review").due, Some(d("2027-03-31")));
        assert_eq!(find(&list, "invitations").refusal, None);
    }

    /// s.36(9), s.51(2)(b): a notice that no plan will be issued is itself the refusal. The
    /// request reached the council on Mon 12 Jan 2026; it sent the notice on Thu 30 Apr 2026,
    /// before the 16-week limit of Mon 4 May 2026 (reg 10(1)). The draft comments and the final
    /// plan do not apply, and the notice's date is the refusal's.
    #[test]
    fn a_notice_that_no_plan_will_be_issued_is_the_refusal() {
        let p = process("ehc-needs-assessment").expect("process");
        let mut f = facts("2026-01-12");
        f.steps.insert("decide-to-assess".into(), met("2026-02-16"));
        f.steps
            .insert("decide-not-to-issue".into(), met("2026-04-30"));
        let list = deadlines(p, &f, d("2026-07-01"));
        let notice = find(&list, "decide-not-to-issue");
        assert_eq!(notice.status, DeadlineStatus::Met);
        assert_eq!(notice.refused_on, Some(d("2026-04-30")));
        assert!(notice.refusal.as_ref().expect("notice").done_is_refusal);
        assert_eq!(find(&list, "decide-to-assess").refused_on, None);
        assert_eq!(
            find(&list, "draft-comments").status,
            DeadlineStatus::NotApplicable
        );
        assert_eq!(
            find(&list, "final-plan").status,
            DeadlineStatus::NotApplicable
        );
        assert!(list.iter().all(|d| !d.breach));
    }
}
