//! How the law counts time, as pure functions of dates.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::calendar::{WorkingDays, is_tribunal_excluded};

/// A length of time as a rule states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "unit", rename_all = "kebab-case")]
#[ts(export)]
pub enum Period {
    /// "within N weeks of X": X + 7N days, the same weekday.
    Weeks { n: u32 },
    /// "at least N weeks before X": X − 7N days.
    WeeksBefore { n: u32 },
    /// "within N days of X": X + N calendar days.
    Days { n: u32 },
    /// "at least N days beginning with the day X": X is day 1, so X + N − 1.
    DaysBeginningWith { n: u32 },
    /// "within N months": the same date N months on, or the month's last day when there is none.
    Months { n: u32 },
    /// "the period of N months beginning (or starting) with X": X is the first day, so the
    /// period ends the day before the corresponding date (12 months beginning with 10 Mar 2026
    /// end on 9 Mar 2027).
    MonthsBeginningWith { n: u32 },
    /// "within N working days": the Nth working day after X.
    WorkingDays { n: u32, calendar: WorkingDays },
    /// "within N working days beginning with X": X is day 1 when it is a working day, so the
    /// period ends on the Nth working day counting X itself.
    WorkingDaysBeginningWith { n: u32, calendar: WorkingDays },
    /// "at least N working days before X": the Nth working day before X.
    WorkingDaysBefore { n: u32, calendar: WorkingDays },
    /// A fixed day and month in the calendar year of X ("by 15 February in the year of transfer").
    FixedDateInYear { month: u32, day: u32 },
    /// "before" a fixed day and month in the calendar year of X: the last day allowed is the day
    /// before it ("before 15 February" ends on 14 February).
    BeforeDateInYear { month: u32, day: u32 },
    /// "within N school days": the Nth day after X on which the child's school is open. Needs the
    /// school's term dates, so it is worked out in `clock::deadlines`, not by [`Period::end`].
    SchoolDays { n: u32 },
    /// "the Nth working day, disregarding any working day which is not a school day": the Nth
    /// day after X on which the school is open and that is a working day of `calendar`. Needs
    /// term dates, like [`Period::SchoolDays`].
    SchoolWorkingDays { n: u32, calendar: WorkingDays },
    /// "with immediate effect", "on the day of X": X itself.
    Immediately,
    /// "at least N months before X": the corresponding date N months earlier (the month's last
    /// day when there is none: 5 months before 31 July is 28 or 29 February).
    MonthsBefore { n: u32 },
    /// "within N days" under the HESC Rules in a special educational needs case, where the days
    /// from 25 December to 1 January and every day in August are not counted (r.12(3)(b)): the
    /// Nth counted day after X.
    DaysNotCountingTribunalBreaks { n: u32 },
}

impl Period {
    /// The last day of the period that starts at `from`, before any roll-over.
    pub fn end(self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Weeks { n } => from.checked_add_days(Days::new(7 * u64::from(n))),
            Period::WeeksBefore { n } => from.checked_sub_days(Days::new(7 * u64::from(n))),
            Period::Days { n } => from.checked_add_days(Days::new(u64::from(n))),
            Period::DaysBeginningWith { n } => {
                from.checked_add_days(Days::new(u64::from(n.saturating_sub(1))))
            }
            // chrono clamps 31 Jan + 1 month to 28/29 Feb: the "last day of that month" rule.
            Period::Months { n } => from.checked_add_months(Months::new(n)),
            // The corresponding date is the first day after the period (Dodds v Walker), so
            // the period's own last day is the day before it.
            Period::MonthsBeginningWith { n } => from
                .checked_add_months(Months::new(n))?
                .checked_sub_days(Days::new(1)),
            Period::WorkingDays { n, calendar } => Some(calendar.add(from, n)),
            Period::WorkingDaysBeginningWith { n, calendar } => {
                // From the day before, the Nth working day on counts X as the first when it is
                // a working day, and the next working day as the first when it is not.
                let before = from.checked_sub_days(Days::new(1))?;
                Some(calendar.add(before, n))
            }
            Period::WorkingDaysBefore { n, calendar } => Some(calendar.subtract(from, n)),
            Period::FixedDateInYear { month, day } => {
                NaiveDate::from_ymd_opt(from.year(), month, day)
            }
            Period::BeforeDateInYear { month, day } => {
                NaiveDate::from_ymd_opt(from.year(), month, day)?.checked_sub_days(Days::new(1))
            }
            Period::SchoolDays { .. } | Period::SchoolWorkingDays { .. } => None,
            Period::Immediately => Some(from),
            Period::MonthsBefore { n } => from.checked_sub_months(Months::new(n)),
            Period::DaysNotCountingTribunalBreaks { n } => {
                let mut day = from;
                let mut counted = 0;
                while counted < n {
                    day = day.succ_opt()?;
                    if !is_tribunal_excluded(day) {
                        counted += 1;
                    }
                }
                Some(day)
            }
        }
    }

    /// The period in words: "6 weeks", "15 days beginning with".
    pub fn describe(self) -> String {
        let plural = |n: u32, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Period::Weeks { n } => plural(n, "week", "weeks"),
            Period::WeeksBefore { n } => format!("{} before", plural(n, "week", "weeks")),
            Period::Days { n } => plural(n, "day", "days"),
            Period::DaysBeginningWith { n } => {
                format!("{} beginning with", plural(n, "day", "days"))
            }
            Period::Months { n } => plural(n, "month", "months"),
            Period::MonthsBeginningWith { n } => {
                format!("{} beginning with", plural(n, "month", "months"))
            }
            Period::WorkingDays { n, calendar }
            | Period::WorkingDaysBefore { n, calendar }
            | Period::WorkingDaysBeginningWith { n, calendar } => {
                let kind = match calendar {
                    WorkingDays::EnglandAndWales => "working",
                    WorkingDays::AnyUkRegion => "working (UK-wide)",
                    WorkingDays::Tribunal => "Tribunal working",
                };
                let before = match self {
                    Period::WorkingDaysBefore { .. } => " before",
                    Period::WorkingDaysBeginningWith { .. } => " beginning with",
                    _ => "",
                };
                format!("{n} {kind} day{}{before}", if n == 1 { "" } else { "s" })
            }
            Period::FixedDateInYear { month, day } => {
                let name = NaiveDate::from_ymd_opt(2000, month, 1)
                    .map(|d| d.format("%B").to_string())
                    .unwrap_or_default();
                format!("{day} {name} of that year")
            }
            Period::BeforeDateInYear { month, day } => {
                let name = NaiveDate::from_ymd_opt(2000, month, 1)
                    .map(|d| d.format("%B").to_string())
                    .unwrap_or_default();
                format!("before {day} {name} of that year")
            }
            Period::SchoolDays { n } => plural(n, "school day", "school days"),
            Period::SchoolWorkingDays { n, calendar } => format!(
                "{}{}",
                plural(n, "school day", "school days"),
                match calendar {
                    WorkingDays::AnyUkRegion => " that are UK-wide working days",
                    _ => " that are working days",
                }
            ),
            Period::Immediately => "immediately (the same day)".to_owned(),
            Period::MonthsBefore { n } => format!("{} before", plural(n, "month", "months")),
            Period::DaysNotCountingTribunalBreaks { n } => format!(
                "{}, not counting 25 December to 1 January or August",
                plural(n, "day", "days")
            ),
        }
    }
}

/// What happens when a period ends on a day that does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Roll {
    /// The deadline stands even on a weekend or holiday.
    None,
    /// A last day that is not a working day moves to the next working day (ICO: SAR).
    NextWorkingDay,
    /// HESC Rules r.12(3)(a) and r.12(2): a time for the appeal form that ends on a day from
    /// 25 Dec to 1 Jan, or in August, ends instead on the first working day after 1 Jan or
    /// 31 Aug; a time that ends on any other day that is not a working day ends on the next
    /// working day, even when that falls in 25 Dec–1 Jan (r.12(3)(a) is about the day the time
    /// *ends*, not the day it is moved to).
    TribunalAppealForm,
}

impl Roll {
    pub fn apply(self, date: NaiveDate) -> NaiveDate {
        let ew = WorkingDays::EnglandAndWales;
        match self {
            Roll::None => date,
            Roll::NextWorkingDay => ew.on_or_after(date),
            Roll::TribunalAppealForm => {
                if is_tribunal_excluded(date) {
                    // r.12(3)(a): the first working day after 1 January or 31 August.
                    let after = if date.month() == 8 {
                        NaiveDate::from_ymd_opt(date.year(), 9, 1)
                    } else if date.month() == 12 {
                        NaiveDate::from_ymd_opt(date.year() + 1, 1, 2)
                    } else {
                        NaiveDate::from_ymd_opt(date.year(), 1, 2)
                    };
                    ew.on_or_after(after.unwrap_or(date))
                } else {
                    // r.12(2): the next working day.
                    ew.on_or_after(date)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn five_months_before_a_move_is_the_corresponding_date_or_the_months_last_day() {
        // reg 18(2): a move on Tue 1 Sep 2026 needs the amended plan by Wed 1 Apr 2026 (1 Sep
        // − 5 months, same date). A move on Fri 31 Jul 2026: 5 months earlier is 31 February,
        // which does not exist, so the month's last day, Sat 28 Feb 2026.
        assert_eq!(
            Period::MonthsBefore { n: 5 }.end(d("2026-09-01")),
            Some(d("2026-04-01"))
        );
        assert_eq!(
            Period::MonthsBefore { n: 5 }.end(d("2026-07-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            Period::Immediately.end(d("2026-07-31")),
            Some(d("2026-07-31"))
        );
    }

    #[test]
    fn twenty_eight_tribunal_days_skip_august_and_christmas_week() {
        // HESC r.46(2) with r.12(3)(b). Reasons sent Wed 15 Jul 2026: 16 counted days run to
        // Fri 31 Jul (16–31 Jul); August's 31 days do not count; the remaining 12 run 1–12 Sep,
        // so the 28th counted day is Sat 12 Sep 2026 (before any roll-over).
        assert_eq!(
            Period::DaysNotCountingTribunalBreaks { n: 28 }.end(d("2026-07-15")),
            Some(d("2026-09-12"))
        );
        // Sent Mon 14 Dec 2026: 14 Dec + 10 counted days = Thu 24 Dec (15–24 Dec); 25 Dec to
        // 1 Jan do not count; the other 18 run 2–19 Jan 2027: Tue 19 Jan 2027.
        assert_eq!(
            Period::DaysNotCountingTribunalBreaks { n: 28 }.end(d("2026-12-14")),
            Some(d("2027-01-19"))
        );
        // Away from both breaks it is plain calendar days: 1 Mar 2026 + 28 = 29 Mar 2026.
        assert_eq!(
            Period::DaysNotCountingTribunalBreaks { n: 28 }.end(d("2026-03-01")),
            Some(d("2026-03-29"))
        );
    }

    #[test]
    fn four_weeks_from_1_november_is_29_november() {
        // IPSEA's worked example of "four weeks from 1 November".
        assert_eq!(
            Period::Weeks { n: 4 }.end(d("2026-11-01")),
            Some(d("2026-11-29"))
        );
    }

    #[test]
    fn fifteen_days_beginning_with_the_service_day_ends_14_days_later() {
        assert_eq!(
            Period::DaysBeginningWith { n: 15 }.end(d("2026-03-02")),
            Some(d("2026-03-16"))
        );
    }

    #[test]
    fn a_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month() {
        assert_eq!(
            Period::Months { n: 1 }.end(d("2026-01-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            Period::Months { n: 1 }.end(d("2028-01-31")),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            Period::Months { n: 2 }.end(d("2026-12-31")),
            Some(d("2027-02-28"))
        );
        assert_eq!(
            Period::Months { n: 12 }.end(d("2024-02-29")),
            Some(d("2025-02-28"))
        );
    }

    #[test]
    fn sar_month_ending_on_a_sunday_rolls_to_monday() {
        // Received Fri 2 Oct 2026 → Mon 2 Nov 2026 (a weekday, stays).
        let due =
            Roll::NextWorkingDay.apply(Period::Months { n: 1 }.end(d("2026-10-02")).expect("date"));
        assert_eq!(due, d("2026-11-02"));
        // Received Thu 1 Oct 2026 → Sun 1 Nov → Mon 2 Nov.
        let due =
            Roll::NextWorkingDay.apply(Period::Months { n: 1 }.end(d("2026-10-01")).expect("date"));
        assert_eq!(due, d("2026-11-02"));
    }

    #[test]
    fn appeal_deadline_in_august_moves_to_first_working_day_in_september() {
        // Mon 31 Aug 2026 is a bank holiday, so the first working day after 31 Aug is Tue 1 Sep.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2026-08-14")),
            d("2026-09-01")
        );
        // 2027: 31 Aug is a Tuesday; 1 Sep 2027 is a Wednesday.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2027-08-02")),
            d("2027-09-01")
        );
    }

    #[test]
    fn appeal_deadline_over_christmas_moves_to_first_working_day_after_new_year() {
        // 2 Jan 2027 is a Saturday → Mon 4 Jan 2027.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2026-12-27")),
            d("2027-01-04")
        );
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2027-01-01")),
            d("2027-01-04")
        );
        // 2 Jan 2025 was a Thursday.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2024-12-25")),
            d("2025-01-02")
        );
    }

    #[test]
    fn an_appeal_time_ending_on_the_weekend_before_christmas_moves_only_to_the_next_working_day() {
        // HESC r.12(2) and r.12(3)(a), as the legal audit of December 2026 reads them: the time
        // ends on Sat 23 Dec 2028, which is not in 25 Dec–1 Jan, so r.12(3)(a) does not apply;
        // r.12(2) moves it to the next working day: Sun 24 → Mon 25 (Christmas Day, a bank
        // holiday) → Tue 26 (Boxing Day) → Wed 27 Dec 2028.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2028-12-23")),
            d("2028-12-27")
        );
        // Sun 24 Dec 2028 the same: Wed 27 Dec 2028.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2028-12-24")),
            d("2028-12-27")
        );
        // Sat 23 Dec 2006 → Mon 25, Tue 26 are bank holidays → Wed 27 Dec 2006 (not 2 Jan 2007).
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2006-12-23")),
            d("2006-12-27")
        );
        // Ending on Thu 28 Dec 2028 itself (inside the window): r.12(3)(a), first working day
        // after 1 Jan 2029: Tue 2 Jan 2029.
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2028-12-28")),
            d("2029-01-02")
        );
    }

    #[test]
    fn twelve_months_beginning_with_a_day_end_the_day_before_its_anniversary() {
        // "12 months beginning with 10 Mar 2026": 10 Mar 2026 is day 1; the corresponding date
        // 10 Mar 2027 is the first day after the period, so it ends on 9 Mar 2027.
        assert_eq!(
            Period::MonthsBeginningWith { n: 12 }.end(d("2026-03-10")),
            Some(d("2027-03-09"))
        );
        // From 29 Feb 2024: the corresponding date 28 Feb 2025 (no 29th) → ends 27 Feb 2025.
        assert_eq!(
            Period::MonthsBeginningWith { n: 12 }.end(d("2024-02-29")),
            Some(d("2025-02-27"))
        );
        // 3 months beginning with 30 Nov 2026: corresponding date 28 Feb 2027 → 27 Feb 2027.
        assert_eq!(
            Period::MonthsBeginningWith { n: 3 }.end(d("2026-11-30")),
            Some(d("2027-02-27"))
        );
    }

    #[test]
    fn fifteen_working_days_beginning_with_a_working_day_count_that_day() {
        // Mon 2 Nov 2026 is day 1; counting weekdays only (no bank holidays in November):
        // days 1–5 Mon 2–Fri 6, 6–10 Mon 9–Fri 13, 11–15 Mon 16–Fri 20 Nov 2026.
        let wd = WorkingDays::EnglandAndWales;
        assert_eq!(
            Period::WorkingDaysBeginningWith {
                n: 15,
                calendar: wd
            }
            .end(d("2026-11-02")),
            Some(d("2026-11-20"))
        );
        // Sat 31 Oct 2026 is not a working day, so day 1 is Mon 2 Nov: again Fri 20 Nov.
        assert_eq!(
            Period::WorkingDaysBeginningWith {
                n: 15,
                calendar: wd
            }
            .end(d("2026-10-31")),
            Some(d("2026-11-20"))
        );
        // The plain "within 15 working days" of Mon 2 Nov ends a working day later: Mon 23 Nov.
        assert_eq!(
            Period::WorkingDays {
                n: 15,
                calendar: wd
            }
            .end(d("2026-11-02")),
            Some(d("2026-11-23"))
        );
    }

    #[test]
    fn before_15_february_means_14_february_at_the_latest() {
        // SEND Regs 2014 reg 18(1)(b): "before 15 February in the calendar year of the transfer".
        assert_eq!(
            Period::BeforeDateInYear { month: 2, day: 15 }.end(d("2027-09-01")),
            Some(d("2027-02-14"))
        );
        // reg 18(1)(a): "before 31 March" → 30 March.
        assert_eq!(
            Period::BeforeDateInYear { month: 3, day: 31 }.end(d("2028-09-04")),
            Some(d("2028-03-30"))
        );
    }

    #[test]
    fn appeal_deadline_on_a_weekend_moves_to_monday() {
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2026-11-28")),
            d("2026-11-30")
        );
        assert_eq!(
            Roll::TribunalAppealForm.apply(d("2026-11-27")),
            d("2026-11-27")
        );
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..40_000).prop_map(|n| d("1990-01-01") + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_and_counts_back(start in any_date(), n in 1u32..120) {
            for calendar in [WorkingDays::EnglandAndWales, WorkingDays::AnyUkRegion, WorkingDays::Tribunal] {
                let end = calendar.add(start, n);
                prop_assert!(calendar.is_working_day(end));
                prop_assert!(end > start);
                prop_assert_eq!(calendar.count_between(start, end), n);
            }
        }

        #[test]
        fn adding_working_days_in_two_steps_is_the_same_as_in_one(start in any_date(), a in 0u32..60, b in 0u32..60) {
            let ew = WorkingDays::EnglandAndWales;
            prop_assert_eq!(ew.add(ew.add(start, a), b), ew.add(start, a + b));
        }

        #[test]
        fn subtracting_undoes_adding_from_a_working_day(start in any_date(), n in 0u32..90) {
            for calendar in [WorkingDays::EnglandAndWales, WorkingDays::AnyUkRegion, WorkingDays::Tribunal] {
                let from = calendar.on_or_after(start);
                prop_assert_eq!(calendar.subtract(calendar.add(from, n), n), from);
            }
        }

        #[test]
        fn weeks_keep_the_weekday(start in any_date(), n in 0u32..60) {
            let end = Period::Weeks { n }.end(start).expect("in range");
            prop_assert_eq!(end.weekday(), start.weekday());
        }

        #[test]
        fn rolled_dates_are_never_earlier_and_always_working_days(date in any_date()) {
            for roll in [Roll::NextWorkingDay, Roll::TribunalAppealForm] {
                let rolled = roll.apply(date);
                prop_assert!(rolled >= date);
                prop_assert!(WorkingDays::EnglandAndWales.is_working_day(rolled));
            }
            // A time ending in 25 Dec–1 Jan or August never ends there (r.12(3)(a)); one ending
            // on another day moves to the next working day only (r.12(2)).
            let appeal = Roll::TribunalAppealForm.apply(date);
            if crate::calendar::is_tribunal_excluded(date) {
                prop_assert!(!crate::calendar::is_tribunal_excluded(appeal));
            } else {
                prop_assert_eq!(appeal, WorkingDays::EnglandAndWales.on_or_after(date));
            }
        }

        #[test]
        fn a_period_beginning_with_a_day_is_one_day_shorter_than_the_same_period_after_it(start in any_date(), n in 1u32..36) {
            let after = Period::Months { n }.end(start).expect("in range");
            let beginning = Period::MonthsBeginningWith { n }.end(start).expect("in range");
            prop_assert_eq!(beginning + chrono::Duration::days(1), after);
        }
    }
}
