//! Exceptions to time limits: when the law excuses a council from a deadline, and when it does not.
//!
//! The SEND Regulations let a council miss some time limits only where meeting them is
//! "impractical" *because of* a circumstance the regulation names, and it must still act "as soon
//! as practicable". Each regulation has its own list:
//!
//! - regs 5(4), 10(4), 13(3) and 27(3) (deciding to assess, deciding not to issue, the 20-week
//!   plan, a reassessment's plan): (a) the council asked a school or post-16 institution for
//!   advice in the window from one week before it closed for at least 4 weeks in a row until one
//!   week before it reopened; (b) the same for an early-years provider; (c) exceptional personal
//!   circumstances of the child, parent or young person; (d) the child, parent or young person
//!   away from the council's area for at least 4 weeks in a row;
//! - reg 8(2) (advice from professionals within 6 weeks): exceptional circumstances, an absence
//!   of at least 4 weeks, or a missed appointment for an examination or test, each *during that
//!   6-week period*. There is no closure exception here (the fact sheet said otherwise; the legal
//!   audit of December 2026 corrects it);
//! - regs 44 and 45 (carrying out a Tribunal order, a conceded appeal): exceptional personal
//!   circumstances or an absence of at least 2 weeks during the period, and the reg 10(4)
//!   closures (GOV.UK SEND18; the paragraph's text was not retrieved, so these are marked
//!   unconfirmed).
//!
//! A recorded exception therefore has a kind, dates and the steps it is claimed for, and each
//! step checks it against its own regulation. The statutory date is never removed: a claim that
//! meets the conditions turns an overdue step into "exception claimed", not into nothing.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A circumstance a regulation names as excusing a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ExceptionKind {
    /// The council asked a school or college for advice around a closure of 4 weeks or more.
    SchoolClosure,
    /// The same for an early-years provider.
    EarlyYearsClosure,
    /// Exceptional personal circumstances of the child, the parent or the young person.
    ExceptionalPersonalCircumstances,
    /// The child, parent or young person was away from the council's area.
    AbsentFromArea,
    /// The child or young person did not keep an appointment for an examination or test.
    MissedAppointment,
}

/// What the family records for one kind, and what its dates mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExceptionDef {
    pub kind: ExceptionKind,
    /// The stored name ("school-closure").
    pub key: &'static str,
    pub label: &'static str,
    /// What the first date is ("First day the school was closed").
    pub from_label: &'static str,
    /// What the second date is, when the kind has one ("Day it reopened").
    pub to_label: Option<&'static str>,
    /// Whether the date the council asked that school or setting for advice is needed.
    pub needs_advice_request: bool,
}

/// Every kind, in the order the regulations list them.
pub const EXCEPTIONS: &[ExceptionDef] = &[
    ExceptionDef {
        kind: ExceptionKind::SchoolClosure,
        key: "school-closure",
        label: "The council asked a school or college for advice from one week before it closed for at least 4 weeks in a row until one week before it reopened",
        from_label: "First day the school or college was closed",
        to_label: Some("Day it reopened"),
        needs_advice_request: true,
    },
    ExceptionDef {
        kind: ExceptionKind::EarlyYearsClosure,
        key: "early-years-closure",
        label: "The council asked a nursery or other early-years setting for advice from one week before it closed for at least 4 weeks in a row until one week before it reopened",
        from_label: "First day the setting was closed",
        to_label: Some("Day it reopened"),
        needs_advice_request: true,
    },
    ExceptionDef {
        kind: ExceptionKind::ExceptionalPersonalCircumstances,
        key: "exceptional-personal-circumstances",
        label: "Exceptional personal circumstances of the child, young person or parent",
        from_label: "Date the circumstances began",
        to_label: Some("Date they ended (leave empty if they go on)"),
        needs_advice_request: false,
    },
    ExceptionDef {
        kind: ExceptionKind::AbsentFromArea,
        key: "absent-from-area",
        label: "The child, young person or parent was away from the council's area for weeks in a row",
        from_label: "First day away",
        to_label: Some("Day you came back"),
        needs_advice_request: false,
    },
    ExceptionDef {
        kind: ExceptionKind::MissedAppointment,
        key: "missed-appointment",
        label: "The child or young person did not keep an appointment for an examination or test with the person asked for advice",
        from_label: "Date of the missed appointment",
        to_label: None,
        needs_advice_request: false,
    },
];

impl ExceptionKind {
    pub fn def(self) -> &'static ExceptionDef {
        EXCEPTIONS
            .iter()
            .find(|d| d.kind == self)
            .expect("every kind has a definition")
    }

    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// The kind stored under `key`, if there is one.
    pub fn from_key(key: &str) -> Option<ExceptionKind> {
        EXCEPTIONS.iter().find(|d| d.key == key).map(|d| d.kind)
    }

    /// A short name for messages ("a school closure").
    pub fn short(self) -> &'static str {
        match self {
            ExceptionKind::SchoolClosure => "school-closure",
            ExceptionKind::EarlyYearsClosure => "early-years closure",
            ExceptionKind::ExceptionalPersonalCircumstances => "exceptional-circumstances",
            ExceptionKind::AbsentFromArea => "absence-from-the-area",
            ExceptionKind::MissedAppointment => "missed-appointment",
        }
    }
}

/// The exceptions one regulation allows for a step's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepExceptions {
    /// The paragraph that lists them ("SEND Regs 2014 reg 13(3), reg 10(4)(a)-(d)").
    pub source: &'static str,
    pub kinds: &'static [ExceptionKind],
    /// The shortest absence from the area that counts, in days.
    #[ts(type = "number")]
    pub absence_days: i64,
    /// Whether the circumstance must fall within the step's own period (reg 8(2): "during that
    /// 6 week period").
    pub within_period: bool,
    /// True where the paragraph's text was not retrieved.
    pub unconfirmed: bool,
}

use ExceptionKind as K;

const REG_10_4_KINDS: &[ExceptionKind] = &[
    K::SchoolClosure,
    K::EarlyYearsClosure,
    K::ExceptionalPersonalCircumstances,
    K::AbsentFromArea,
];

const fn reg_10_4_type(source: &'static str) -> StepExceptions {
    StepExceptions {
        source,
        kinds: REG_10_4_KINDS,
        absence_days: 28,
        within_period: false,
        unconfirmed: false,
    }
}

/// Deciding whether to assess within 6 weeks.
pub const REG_5_4: StepExceptions = reg_10_4_type("SEND Regs 2014 reg 5(4)(a)-(d)");
/// Deciding not to issue a plan within 16 weeks.
pub const REG_10_4: StepExceptions = reg_10_4_type("SEND Regs 2014 reg 10(4)(a)-(d)");
/// The final plan within 20 weeks.
pub const REG_13_3: StepExceptions =
    reg_10_4_type("SEND Regs 2014 reg 13(3), applying reg 10(4)(a)-(d)");
/// A reassessment's amended or replacement plan within 14 weeks.
pub const REG_27_3: StepExceptions = reg_10_4_type("SEND Regs 2014 reg 27(3)(a)-(d)");
/// Advice from professionals within 6 weeks: no closure exception, but a missed appointment.
pub const REG_8_2: StepExceptions = StepExceptions {
    source: "SEND Regs 2014 reg 8(2)(a)-(c)",
    kinds: &[
        K::ExceptionalPersonalCircumstances,
        K::AbsentFromArea,
        K::MissedAppointment,
    ],
    absence_days: 28,
    within_period: true,
    unconfirmed: false,
};
const REG_44_45_KINDS: &[ExceptionKind] = &[
    K::ExceptionalPersonalCircumstances,
    K::AbsentFromArea,
    K::SchoolClosure,
    K::EarlyYearsClosure,
];
/// Carrying out a Tribunal order.
pub const REG_44_3: StepExceptions = StepExceptions {
    source: "SEND Regs 2014 reg 44(3); GOV.UK SEND18 \"Carry out an order\"",
    kinds: REG_44_45_KINDS,
    absence_days: 14,
    within_period: true,
    unconfirmed: true,
};
/// A council that stopped opposing an appeal.
pub const REG_45: StepExceptions = StepExceptions {
    source: "SEND Regs 2014 reg 45 (as substituted by SI 2015/359), its exceptions paragraph",
    kinds: REG_44_45_KINDS,
    absence_days: 14,
    within_period: true,
    unconfirmed: true,
};

/// An exception the family recorded (usually one the council claims), as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExceptionRecord {
    /// A key from [`EXCEPTIONS`]; kept as text so a record of a kind this build does not know
    /// is shown, not lost.
    pub kind: String,
    pub note: Option<String>,
    /// The first day closed, away or affected, or the missed appointment's date.
    pub from: Option<NaiveDate>,
    /// The day the school reopened, the family came back or the circumstances ended.
    pub to: Option<NaiveDate>,
    /// For a closure: when the council asked that school or setting for advice.
    pub advice_requested: Option<NaiveDate>,
    /// The steps it is claimed for. `None` for a record made before steps were asked: it is
    /// then checked against every step whose regulation names its kind.
    pub steps: Option<Vec<String>>,
}

/// Whether a recorded exception excuses a step's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ExceptionVerdict {
    /// What is recorded meets the regulation's conditions.
    Applies,
    /// The regulation does not name it, or the dates do not meet its conditions.
    DoesNotApply,
    /// A date the conditions need is not recorded.
    CannotCheck,
}

/// One recorded exception, checked against one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExceptionFinding {
    #[ts(type = "number")]
    pub index: usize,
    pub kind: String,
    pub verdict: ExceptionVerdict,
    /// Why, in plain English, with the dates.
    pub reason: String,
    /// The paragraph the check rests on.
    pub source: String,
    pub unconfirmed: bool,
}

/// The days a step's time limit runs: from its anchor to its statutory date, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitPeriod {
    pub from: NaiveDate,
    pub due: NaiveDate,
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn weeks_and_days(days: i64) -> String {
    match (days / 7, days % 7) {
        (0, d) => format!("{d} day{}", if d == 1 { "" } else { "s" }),
        (w, 0) => format!("{w} week{}", if w == 1 { "" } else { "s" }),
        (w, d) => format!(
            "{w} week{} and {d} day{}",
            if w == 1 { "" } else { "s" },
            if d == 1 { "" } else { "s" }
        ),
    }
}

/// Checks `record` against a step whose time limit `rules` governs (`None`: the law gives that
/// limit no exceptions; `law` then names the step's own source).
pub fn check(
    index: usize,
    record: &ExceptionRecord,
    rules: Option<&StepExceptions>,
    law: &str,
    period: Option<LimitPeriod>,
) -> ExceptionFinding {
    let finding = |verdict, reason: String, source: &str, unconfirmed| ExceptionFinding {
        index,
        kind: record.kind.clone(),
        verdict,
        reason,
        source: source.to_owned(),
        unconfirmed,
    };
    let Some(kind) = ExceptionKind::from_key(&record.kind) else {
        return finding(
            ExceptionVerdict::DoesNotApply,
            format!(
                "“{}” is not an exception the regulations name.",
                record.kind
            ),
            law,
            false,
        );
    };
    let Some(rules) = rules else {
        return finding(
            ExceptionVerdict::DoesNotApply,
            format!("This time limit ({law}) has no exceptions in the law."),
            law,
            false,
        );
    };
    let no = |reason: String| {
        finding(
            ExceptionVerdict::DoesNotApply,
            reason,
            rules.source,
            rules.unconfirmed,
        )
    };
    let cannot = |reason: &str| {
        finding(
            ExceptionVerdict::CannotCheck,
            reason.to_owned(),
            rules.source,
            rules.unconfirmed,
        )
    };
    if !rules.kinds.contains(&kind) {
        return no(format!(
            "{} has no {} exception, so it does not excuse this time limit.",
            rules.source,
            kind.short()
        ));
    }
    let Some(period) = period else {
        return cannot(
            "This time limit cannot be dated yet, so the exception cannot be checked against it.",
        );
    };
    let window = format!("{} to {}", day(period.from), day(period.due));
    let yes = |reason: String| {
        finding(
            ExceptionVerdict::Applies,
            reason,
            rules.source,
            rules.unconfirmed,
        )
    };
    match kind {
        K::SchoolClosure | K::EarlyYearsClosure => {
            let (Some(closed), Some(reopened), Some(asked)) =
                (record.from, record.to, record.advice_requested)
            else {
                return cannot(
                    "Record when it closed, when it reopened and when the council asked it for advice: the exception depends on all three.",
                );
            };
            let length = (reopened - closed).num_days();
            if length < 28 {
                return no(format!(
                    "It was closed for {} ({} to {}); the exception needs a closure of at least 4 weeks in a row.",
                    weeks_and_days(length),
                    day(closed),
                    day(reopened)
                ));
            }
            // "a period beginning one week before any date on which [it] was closed … and
            // ending one week before the date on which it re-opens" (reg 10(4)(a)).
            let (opens, closes) = (closed - Duration::days(7), reopened - Duration::days(7));
            if asked < opens || asked > closes {
                return no(format!(
                    "The council asked for advice on {}, outside the window the regulation sets ({} to {}: from one week before the closure until one week before reopening).",
                    day(asked),
                    day(opens),
                    day(closes)
                ));
            }
            if asked < period.from || asked > period.due {
                return no(format!(
                    "The council asked for advice on {}, outside this time limit's period ({window}).",
                    day(asked)
                ));
            }
            yes(format!(
                "The council asked for advice on {}, within the window around a closure of {} ({} to {}).",
                day(asked),
                weeks_and_days(length),
                day(closed),
                day(reopened)
            ))
        }
        K::ExceptionalPersonalCircumstances => {
            let Some(began) = record.from else {
                return cannot(
                    "Record when the circumstances began, so they can be checked against this time limit.",
                );
            };
            if began > period.due {
                return no(format!(
                    "They began on {}, after this time limit had run out ({}).",
                    day(began),
                    day(period.due)
                ));
            }
            if let Some(ended) = record.to
                && ended <= period.from
            {
                return no(format!(
                    "They had ended by {}, before this time limit's period began ({window}).",
                    day(ended)
                ));
            }
            yes(format!(
                "They affected the family during this time limit's period ({window})."
            ))
        }
        K::AbsentFromArea => {
            let (Some(left), Some(back)) = (record.from, record.to) else {
                return cannot(
                    "Record the first day away and the day you came back: the exception needs a continuous absence.",
                );
            };
            let needed = weeks_and_days(rules.absence_days);
            let length = (back - left).num_days();
            // reg 8(2)(b), regs 44/45: the absence must be "during" the period, so only the days
            // away inside it count.
            let counted = if rules.within_period {
                (back.min(period.due + Duration::days(1)) - left.max(period.from)).num_days()
            } else if back <= period.from || left > period.due {
                0
            } else {
                length
            };
            if counted < rules.absence_days {
                return no(if counted == length {
                    format!(
                        "Away for {} ({} to {}); the exception needs at least {needed} in a row.",
                        weeks_and_days(length.max(0)),
                        day(left),
                        day(back)
                    )
                } else {
                    format!(
                        "Away from {} to {}, but only {} of that fell within this time limit's period ({window}); the exception needs at least {needed} in a row there.",
                        day(left),
                        day(back),
                        weeks_and_days(counted.max(0))
                    )
                });
            }
            yes(format!(
                "Away for {} ({} to {}), at least the {needed} the regulation needs.",
                weeks_and_days(length),
                day(left),
                day(back)
            ))
        }
        K::MissedAppointment => {
            let Some(on) = record.from else {
                return cannot("Record the date of the missed appointment.");
            };
            if on < period.from || on > period.due {
                return no(format!(
                    "The appointment on {} was outside the 6 weeks ({window}).",
                    day(on)
                ));
            }
            yes(format!(
                "An appointment on {} was missed during the 6 weeks ({window}).",
                day(on)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn record(kind: &str) -> ExceptionRecord {
        ExceptionRecord {
            kind: kind.into(),
            ..ExceptionRecord::default()
        }
    }

    #[test]
    fn every_kind_has_one_definition_and_round_trips_its_key() {
        for def in EXCEPTIONS {
            assert_eq!(ExceptionKind::from_key(def.key), Some(def.kind));
            assert_eq!(def.kind.key(), def.key);
            // The stored name is the serde name, so the UI and the database agree.
            assert_eq!(
                serde_json::to_value(def.kind).expect("json"),
                serde_json::Value::String(def.key.into())
            );
        }
    }

    #[test]
    fn reg_8_has_no_closure_exception_but_has_a_missed_appointment() {
        let period = LimitPeriod {
            from: d("2026-06-01"),
            due: d("2026-07-13"),
        };
        let mut closure = record("school-closure");
        closure.from = Some(d("2026-07-22"));
        closure.to = Some(d("2026-09-03"));
        closure.advice_requested = Some(d("2026-07-16"));
        let f = check(0, &closure, Some(&REG_8_2), "reg 8", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply);
        assert!(
            f.reason.contains("no school-closure exception"),
            "{}",
            f.reason
        );

        let mut missed = record("missed-appointment");
        missed.from = Some(d("2026-06-15"));
        let f = check(0, &missed, Some(&REG_8_2), "reg 8", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::Applies);
        missed.from = Some(d("2026-07-14"));
        let f = check(0, &missed, Some(&REG_8_2), "reg 8", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply, "{}", f.reason);
    }

    #[test]
    fn a_closure_counts_only_when_advice_was_asked_in_its_window() {
        // Summer 2026: the school closes on Wed 22 Jul and reopens on Thu 3 Sep, 43 days (6 weeks
        // and 1 day) of closure, so at least 4 weeks. reg 10(4)(a): the window runs from one
        // week before the first closed day, 22 Jul − 7 = Wed 15 Jul, to one week before it
        // reopens, 3 Sep − 7 = Thu 27 Aug.
        let period = LimitPeriod {
            from: d("2026-04-13"),
            due: d("2026-08-31"),
        };
        let mut closure = record("school-closure");
        closure.from = Some(d("2026-07-22"));
        closure.to = Some(d("2026-09-03"));
        for (asked, applies) in [
            ("2026-07-14", false), // a day before the window opens
            ("2026-07-15", true),  // its first day
            ("2026-08-27", true),  // its last day
            ("2026-08-28", false), // a day after it closes
        ] {
            closure.advice_requested = Some(d(asked));
            let f = check(0, &closure, Some(&REG_13_3), "reg 13(2)", Some(period));
            assert_eq!(
                f.verdict == ExceptionVerdict::Applies,
                applies,
                "{asked}: {}",
                f.reason
            );
        }
        // The summer holiday alone (no advice request recorded) cannot be checked, so it excuses
        // nothing.
        closure.advice_requested = None;
        let f = check(0, &closure, Some(&REG_13_3), "reg 13(2)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::CannotCheck);
        // A half-term week is not a closure of 4 weeks: Mon 26 Oct to Mon 2 Nov 2026 is 7 days.
        closure.from = Some(d("2026-10-26"));
        closure.to = Some(d("2026-11-02"));
        closure.advice_requested = Some(d("2026-10-20"));
        let f = check(0, &closure, Some(&REG_13_3), "reg 13(2)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply);
        assert!(f.reason.contains("1 week"), "{}", f.reason);
    }

    #[test]
    fn an_absence_needs_four_weeks_in_a_row_or_two_after_a_tribunal_order() {
        let period = LimitPeriod {
            from: d("2026-03-02"),
            due: d("2026-07-20"),
        };
        let mut away = record("absent-from-area");
        // Sat 4 Apr to Sat 25 Apr 2026: 21 days away, 3 weeks: short of reg 10(4)(d)'s 4 weeks.
        away.from = Some(d("2026-04-04"));
        away.to = Some(d("2026-04-25"));
        let f = check(0, &away, Some(&REG_13_3), "reg 13(2)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply, "{}", f.reason);
        assert!(f.reason.contains("3 weeks"), "{}", f.reason);
        // Back on Sat 2 May instead: 28 days, exactly 4 weeks.
        away.to = Some(d("2026-05-02"));
        let f = check(0, &away, Some(&REG_13_3), "reg 13(2)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::Applies, "{}", f.reason);
        // After a Tribunal order the absence need be only 2 weeks, but within the period:
        // order 1 Jun 2026, 5 weeks to the draft, Mon 6 Jul. Away Sat 27 Jun to Sat 18 Jul is
        // 21 days, but only 27 Jun to 6 Jul (10 days) fall within the 5 weeks.
        let order = LimitPeriod {
            from: d("2026-06-01"),
            due: d("2026-07-06"),
        };
        away.from = Some(d("2026-06-27"));
        away.to = Some(d("2026-07-18"));
        let f = check(0, &away, Some(&REG_44_3), "reg 44(2)(c)(i)", Some(order));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply, "{}", f.reason);
        assert!(f.reason.contains("1 week and 3 days"), "{}", f.reason);
        // Away from Sat 20 Jun instead: 20 Jun to 6 Jul is 17 days inside the period.
        away.from = Some(d("2026-06-20"));
        let f = check(0, &away, Some(&REG_44_3), "reg 44(2)(c)(i)", Some(order));
        assert_eq!(f.verdict, ExceptionVerdict::Applies, "{}", f.reason);
    }

    #[test]
    fn circumstances_must_touch_the_period_and_a_limit_without_exceptions_has_none() {
        let period = LimitPeriod {
            from: d("2026-03-02"),
            due: d("2026-04-13"),
        };
        let mut c = record("exceptional-personal-circumstances");
        let f = check(0, &c, Some(&REG_5_4), "reg 5(1)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::CannotCheck);
        c.from = Some(d("2026-04-14"));
        assert_eq!(
            check(0, &c, Some(&REG_5_4), "reg 5(1)", Some(period)).verdict,
            ExceptionVerdict::DoesNotApply
        );
        c.from = Some(d("2026-01-05"));
        c.to = Some(d("2026-03-02"));
        assert_eq!(
            check(0, &c, Some(&REG_5_4), "reg 5(1)", Some(period)).verdict,
            ExceptionVerdict::DoesNotApply
        );
        c.to = Some(d("2026-03-03"));
        assert_eq!(
            check(0, &c, Some(&REG_5_4), "reg 5(1)", Some(period)).verdict,
            ExceptionVerdict::Applies
        );
        let f = check(0, &c, None, "SEND Regs 2014 reg 20(10)", Some(period));
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply);
        assert!(f.reason.contains("has no exceptions"), "{}", f.reason);
        let f = check(
            0,
            &record("summer-holiday"),
            Some(&REG_5_4),
            "reg 5(1)",
            Some(period),
        );
        assert_eq!(f.verdict, ExceptionVerdict::DoesNotApply);
    }
}
