//! The provision ledger's arithmetic: how many sessions a provision promised in a period, and how
//! the logged sessions stand against that. Pure functions of their inputs (no store, no clock).
//!
//! How expected sessions are counted (stated to users in the same words):
//! - The provision's time is cut into *slots*: weeks (Monday to Sunday), fortnights (two weeks
//!   from the Monday of the week it starts), calendar months, half-terms or terms (from the
//!   school's calendar), or academic years (1 September to 31 August).
//! - A slot is owed when it has at least one *eligible day*: a day within the provision's dates,
//!   and, for term-time provision, a day the school is open (a term day that is not an INSET day).
//! - Each owed slot owes `sessions` sessions, dated to its first eligible day; a period owes the
//!   sessions of the slots dated inside it. So splitting a period in two never changes the totals.
//! - A logged session counts in its slot. Within a slot, delivered and missed sessions fill the
//!   owed sessions; what is left is *unrecorded*; logs beyond what the slot owes are *extra*.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How often a provision's sessions recur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Per {
    Week,
    Fortnight,
    Month,
    HalfTerm,
    Term,
    Year,
}

impl Per {
    pub fn parse(text: &str) -> Option<Per> {
        match text.trim().to_lowercase().replace(['_', ' '], "-").as_str() {
            "week" | "weekly" => Some(Per::Week),
            "fortnight" | "fortnightly" => Some(Per::Fortnight),
            "month" | "monthly" => Some(Per::Month),
            "half-term" | "halfterm" => Some(Per::HalfTerm),
            "term" | "termly" => Some(Per::Term),
            "year" | "yearly" | "annually" => Some(Per::Year),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Fortnight => "fortnight",
            Per::Month => "month",
            Per::HalfTerm => "half-term",
            Per::Term => "term",
            Per::Year => "year",
        }
    }
}

/// A stretch of school: a half-term, from its first to its last day inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TermBlock {
    /// "Autumn 1", "Spring 2"… The word before the number names the term.
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
}

impl TermBlock {
    /// "Autumn" for "Autumn 1": half-terms of one term share this in one academic year.
    pub fn term_name(&self) -> String {
        self.name
            .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .to_owned()
    }
}

/// The school's calendar: half-terms and INSET days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SchoolCalendar {
    pub blocks: Vec<TermBlock>,
    pub inset_days: Vec<NaiveDate>,
}

impl SchoolCalendar {
    /// The half-term containing `date`, if the school is in term then.
    pub fn block_of(&self, date: NaiveDate) -> Option<usize> {
        self.blocks
            .iter()
            .position(|b| b.starts <= date && date <= b.ends)
    }

    /// Whether the school is open: a weekday in term that is not an INSET day.
    pub fn is_school_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && self.block_of(date).is_some()
            && !self.inset_days.contains(&date)
    }
}

/// One version of a provision's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Schedule {
    pub from: NaiveDate,
    /// Last day, inclusive; none while the provision continues.
    pub to: Option<NaiveDate>,
    pub sessions: u32,
    pub per: Per,
    pub minutes: u32,
    pub term_time_only: bool,
}

/// What happened to a session, as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum SessionStatus {
    Delivered,
    Partial,
    Missed,
    Cancelled,
}

/// Who a missed or cancelled session is down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum MissedBy {
    /// The therapist or service did not deliver: counts against the council.
    Provider,
    /// The school cancelled or had no room: counts against the council (its duty is absolute).
    School,
    /// The child was absent or ill: does not count against the council.
    Child,
}

/// One logged session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLog {
    pub date: NaiveDate,
    pub status: SessionStatus,
    /// Minutes delivered (partial sessions); delivered sessions count in full.
    pub minutes: Option<u32>,
    pub by: Option<MissedBy>,
    /// A catch-up for missed sessions: counted apart, reducing the shortfall.
    pub catch_up: bool,
}

/// Totals for a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Tally {
    pub expected_sessions: u32,
    pub expected_minutes: u32,
    pub delivered_sessions: u32,
    pub delivered_minutes: u32,
    /// Missed or cancelled because of the provider or the school: the council's shortfall.
    pub missed_by_provider: u32,
    /// Missed because the child was absent or ill: kept apart, not the council's shortfall.
    pub missed_by_child: u32,
    /// Owed sessions with nothing logged yet.
    pub unrecorded: u32,
    /// Sessions logged beyond what was owed.
    pub extra: u32,
    /// Catch-up sessions offered (logged as catch-up, whatever happened to them).
    pub catch_up_offered: u32,
    /// Catch-up sessions delivered, fully or in part.
    pub catch_up_sessions: u32,
    pub catch_up_minutes: u32,
    /// Minutes the council owes: missed sessions, the missing part of partial ones, less catch-up.
    pub shortfall_minutes: u32,
}

impl Tally {
    /// Adds another tally to this one (a total over several provisions).
    pub fn add(&mut self, other: &Tally) {
        self.expected_sessions += other.expected_sessions;
        self.expected_minutes += other.expected_minutes;
        self.delivered_sessions += other.delivered_sessions;
        self.delivered_minutes += other.delivered_minutes;
        self.missed_by_provider += other.missed_by_provider;
        self.missed_by_child += other.missed_by_child;
        self.unrecorded += other.unrecorded;
        self.extra += other.extra;
        self.catch_up_offered += other.catch_up_offered;
        self.catch_up_sessions += other.catch_up_sessions;
        self.catch_up_minutes += other.catch_up_minutes;
        self.shortfall_minutes += other.shortfall_minutes;
    }

    /// Delivered (with catch-up) as a share of what the council owed, leaving out child absence.
    pub fn percent_delivered(&self) -> Option<u32> {
        let owed = self
            .expected_minutes
            .saturating_sub(self.missed_by_child_minutes());
        (owed > 0).then(|| {
            ((self.delivered_minutes + self.catch_up_minutes).min(owed) * 100 + owed / 2) / owed
        })
    }

    fn missed_by_child_minutes(&self) -> u32 {
        self.expected_minutes
            .checked_div(self.expected_sessions)
            .map_or(0, |per_session| self.missed_by_child * per_session)
    }
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

fn academic_year(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The slot key of `date` under a schedule (which week, fortnight, month, half-term, term, year).
fn slot_key(schedule: &Schedule, calendar: &SchoolCalendar, date: NaiveDate) -> Option<(i32, u32)> {
    let start_monday = monday_of(schedule.from);
    Some(match schedule.per {
        Per::Week => {
            let m = monday_of(date);
            (m.year(), m.ordinal())
        }
        Per::Fortnight => {
            let weeks = (monday_of(date) - start_monday).num_days().div_euclid(7);
            (0, u32::try_from(weeks.div_euclid(2)).ok()?)
        }
        Per::Month => (date.year(), date.month()),
        Per::HalfTerm => (0, u32::try_from(calendar.block_of(date)?).ok()?),
        Per::Term => {
            let block = &calendar.blocks[calendar.block_of(date)?];
            let name = block.term_name().to_lowercase();
            let order = if name.starts_with("autumn") {
                0
            } else if name.starts_with("spring") {
                1
            } else {
                2
            };
            (academic_year(block.starts), order)
        }
        Per::Year => (academic_year(date), 0),
    })
}

fn eligible(schedule: &Schedule, calendar: &SchoolCalendar, date: NaiveDate) -> bool {
    date >= schedule.from
        && schedule.to.is_none_or(|to| date <= to)
        && (!schedule.term_time_only || calendar.is_school_day(date))
}

/// Owed slots of every schedule whose eligible days fall in `from..=to`, with the first eligible
/// day of each (searching a little beyond the period so a slot is dated consistently).
fn slots(
    schedules: &[Schedule],
    calendar: &SchoolCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeMap<(usize, (i32, u32)), NaiveDate> {
    let mut out: BTreeMap<(usize, (i32, u32)), NaiveDate> = BTreeMap::new();
    for (i, schedule) in schedules.iter().enumerate() {
        let first = schedule.from;
        let last = schedule.to.unwrap_or(to).min(to);
        if last < first {
            continue;
        }
        let mut day = first;
        while day <= last {
            if eligible(schedule, calendar, day)
                && let Some(key) = slot_key(schedule, calendar, day)
            {
                out.entry((i, key)).or_insert(day);
            }
            day = day + Days::new(1);
        }
    }
    out.retain(|_, anchor| *anchor >= from && *anchor <= to);
    out
}

/// The first eligible day of every owed slot from `from` to `to` that has no regular log yet:
/// the days to mark when a whole range was delivered.
pub fn owed_session_days(
    schedules: &[Schedule],
    calendar: &SchoolCalendar,
    logs: &[SessionLog],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    let logged: Vec<(usize, (i32, u32))> = logs
        .iter()
        .filter(|l| !l.catch_up)
        .filter_map(|l| {
            let (i, s) = schedules
                .iter()
                .enumerate()
                .find(|(_, s)| l.date >= s.from && s.to.is_none_or(|t| l.date <= t))?;
            Some((i, slot_key(s, calendar, l.date)?))
        })
        .collect();
    slots(schedules, calendar, from, to)
        .into_iter()
        .filter(|(slot, _)| !logged.contains(slot))
        .flat_map(|((i, _), anchor)| {
            // A slot owing several sessions gets them on its first eligible days (one a day, as
            // the log allows), even past `to`: the slot is dated, and counted, by its first.
            let schedule = &schedules[i];
            let key = slot_key(schedule, calendar, anchor);
            let mut days = Vec::new();
            let mut day = anchor;
            let horizon = anchor + Days::new(400);
            while days.len() < schedule.sessions as usize
                && day <= horizon
                && schedule.to.is_none_or(|t| day <= t)
            {
                if eligible(schedule, calendar, day) && slot_key(schedule, calendar, day) == key {
                    days.push(day);
                }
                day = day + Days::new(1);
            }
            days
        })
        .collect()
}

/// Tallies one period `from..=to` (inclusive) for a provision with `schedules` and `logs`.
pub fn tally(
    schedules: &[Schedule],
    calendar: &SchoolCalendar,
    logs: &[SessionLog],
    from: NaiveDate,
    to: NaiveDate,
) -> Tally {
    let mut total = Tally::default();
    if to < from {
        return total;
    }
    let owed = slots(schedules, calendar, from, to);
    // Logs by slot.
    let mut by_slot: BTreeMap<(usize, (i32, u32)), Vec<&SessionLog>> = BTreeMap::new();
    for log in logs {
        let Some((i, schedule)) = schedules
            .iter()
            .enumerate()
            .find(|(_, s)| log.date >= s.from && s.to.is_none_or(|t| log.date <= t))
        else {
            continue;
        };
        let Some(key) = slot_key(schedule, calendar, log.date) else {
            continue;
        };
        if owed.contains_key(&(i, key)) {
            by_slot.entry((i, key)).or_default().push(log);
        }
    }
    for slot in owed.keys() {
        let schedule = &schedules[slot.0];
        let mut t = Tally {
            expected_sessions: schedule.sessions,
            expected_minutes: schedule.sessions * schedule.minutes,
            ..Tally::default()
        };
        let mut room = schedule.sessions;
        for log in by_slot.get(slot).map(Vec::as_slice).unwrap_or(&[]) {
            if log.catch_up {
                t.catch_up_offered += 1;
                if matches!(
                    log.status,
                    SessionStatus::Delivered | SessionStatus::Partial
                ) {
                    t.catch_up_sessions += 1;
                    t.catch_up_minutes += log
                        .minutes
                        .unwrap_or(schedule.minutes)
                        .min(schedule.minutes * 4);
                }
                continue;
            }
            if room == 0 {
                t.extra += 1;
                continue;
            }
            room -= 1;
            match log.status {
                SessionStatus::Delivered => {
                    t.delivered_sessions += 1;
                    t.delivered_minutes += schedule.minutes;
                }
                SessionStatus::Partial => {
                    let got = log.minutes.unwrap_or(0).min(schedule.minutes);
                    t.delivered_sessions += 1;
                    t.delivered_minutes += got;
                    t.shortfall_minutes += schedule.minutes - got;
                }
                SessionStatus::Missed | SessionStatus::Cancelled => match log.by {
                    Some(MissedBy::Child) => t.missed_by_child += 1,
                    _ => {
                        t.missed_by_provider += 1;
                        t.shortfall_minutes += schedule.minutes;
                    }
                },
            }
        }
        t.unrecorded = room;
        t.shortfall_minutes = t.shortfall_minutes.saturating_sub(t.catch_up_minutes);
        total.add(&t);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    /// A school year 2026-27 with two INSET days.
    fn school() -> SchoolCalendar {
        let b = |name: &str, s: &str, e: &str| TermBlock {
            name: name.into(),
            starts: d(s),
            ends: d(e),
        };
        SchoolCalendar {
            blocks: vec![
                b("Autumn 1", "2026-09-02", "2026-10-23"),
                b("Autumn 2", "2026-11-02", "2026-12-18"),
                b("Spring 1", "2027-01-05", "2027-02-12"),
                b("Spring 2", "2027-02-22", "2027-03-26"),
                b("Summer 1", "2027-04-12", "2027-05-28"),
                b("Summer 2", "2027-06-07", "2027-07-21"),
            ],
            inset_days: vec![d("2026-09-02"), d("2027-01-04")],
        }
    }

    fn weekly(minutes: u32, term_time_only: bool, from: &str) -> Schedule {
        Schedule {
            from: d(from),
            to: None,
            sessions: 1,
            per: Per::Week,
            minutes,
            term_time_only,
        }
    }

    fn log(date: &str, status: SessionStatus, by: Option<MissedBy>) -> SessionLog {
        SessionLog {
            date: d(date),
            status,
            minutes: None,
            by,
            catch_up: false,
        }
    }

    #[test]
    fn weekly_term_time_provision_across_half_term_and_christmas() {
        // Worked by hand: Mon 12 Oct to Fri 8 Jan. School weeks: 12 Oct, 19 Oct (Autumn 1 ends
        // Fri 23 Oct); half-term week 26 Oct has no school day; 2, 9, 16, 23, 30 Nov, 7, 14 Dec
        // (Autumn 2 ends Fri 18 Dec); 21 and 28 Dec are Christmas; week of 4 Jan has school on
        // 5-8 Jan (4 Jan is INSET). That is 2 + 7 + 1 = 10 weeks.
        let t = tally(
            &[weekly(45, true, "2026-09-01")],
            &school(),
            &[],
            d("2026-10-12"),
            d("2027-01-08"),
        );
        assert_eq!(t.expected_sessions, 10);
        assert_eq!(t.expected_minutes, 450);
        assert_eq!(t.unrecorded, 10);
    }

    #[test]
    fn all_year_weekly_provision_counts_holiday_weeks_too() {
        let t = tally(
            &[weekly(30, false, "2026-09-01")],
            &school(),
            &[],
            d("2026-10-12"),
            d("2027-01-08"),
        );
        // Weeks starting 12 Oct … 4 Jan: 13 weeks.
        assert_eq!(t.expected_sessions, 13);
    }

    #[test]
    fn fortnightly_provision_starting_mid_week() {
        // Starts Wed 9 Sep 2026, all year. Fortnights from Mon 7 Sep: 7 Sep (first eligible day
        // 9 Sep), 21 Sep, 5 Oct, 19 Oct. In September and October: 4 sessions.
        let s = Schedule {
            from: d("2026-09-09"),
            to: None,
            sessions: 1,
            per: Per::Fortnight,
            minutes: 60,
            term_time_only: false,
        };
        let t = tally(&[s], &school(), &[], d("2026-09-01"), d("2026-10-31"));
        assert_eq!(t.expected_sessions, 4);
    }

    #[test]
    fn six_sessions_per_term() {
        let s = Schedule {
            from: d("2026-09-01"),
            to: None,
            sessions: 6,
            per: Per::Term,
            minutes: 60,
            term_time_only: true,
        };
        let year = tally(
            std::slice::from_ref(&s),
            &school(),
            &[],
            d("2026-09-01"),
            d("2027-08-31"),
        );
        assert_eq!(year.expected_sessions, 18);
        // The autumn term is dated to its first school day (3 Sep: 2 Sep is INSET).
        let autumn = tally(&[s], &school(), &[], d("2026-09-03"), d("2026-09-03"));
        assert_eq!(autumn.expected_sessions, 6);
    }

    #[test]
    fn a_provision_that_changes_with_an_amended_plan() {
        // Weekly 30 minutes until the amended plan of 2 Nov 2026, then twice weekly 45 minutes.
        let schedules = [
            Schedule {
                from: d("2026-09-01"),
                to: Some(d("2026-11-01")),
                sessions: 1,
                per: Per::Week,
                minutes: 30,
                term_time_only: true,
            },
            Schedule {
                from: d("2026-11-02"),
                to: None,
                sessions: 2,
                per: Per::Week,
                minutes: 45,
                term_time_only: true,
            },
        ];
        let t = tally(&schedules, &school(), &[], d("2026-09-01"), d("2026-12-18"));
        // Autumn 1: weeks of 31 Aug (3-4 Sep), 7, 14, 21, 28 Sep, 5, 12, 19 Oct = 8 × 30 min.
        // Autumn 2: 7 weeks × 2 × 45 min.
        assert_eq!(t.expected_sessions, 8 + 14);
        assert_eq!(t.expected_minutes, 8 * 30 + 14 * 45);
    }

    #[test]
    fn child_absence_is_kept_out_of_the_shortfall() {
        let logs = [
            log("2026-11-03", SessionStatus::Delivered, None),
            log(
                "2026-11-10",
                SessionStatus::Missed,
                Some(MissedBy::Provider),
            ),
            log("2026-11-17", SessionStatus::Missed, Some(MissedBy::Child)),
            SessionLog {
                date: d("2026-11-24"),
                status: SessionStatus::Partial,
                minutes: Some(20),
                by: Some(MissedBy::School),
                catch_up: false,
            },
            log(
                "2026-12-01",
                SessionStatus::Cancelled,
                Some(MissedBy::School),
            ),
        ];
        let t = tally(
            &[weekly(45, true, "2026-09-01")],
            &school(),
            &logs,
            d("2026-11-02"),
            d("2026-12-18"),
        );
        assert_eq!(t.expected_sessions, 7);
        assert_eq!(t.delivered_sessions, 2);
        assert_eq!(t.delivered_minutes, 65);
        assert_eq!(t.missed_by_provider, 2);
        assert_eq!(t.missed_by_child, 1);
        assert_eq!(t.unrecorded, 2);
        // 45 + 45 missed + 25 short on the partial session.
        assert_eq!(t.shortfall_minutes, 115);
        // Owed 7 × 45 − 45 (child) = 270; delivered 65 → 24 %.
        assert_eq!(t.percent_delivered(), Some(24));
    }

    #[test]
    fn catch_up_sessions_reduce_the_shortfall() {
        let logs = [
            log(
                "2026-11-10",
                SessionStatus::Missed,
                Some(MissedBy::Provider),
            ),
            SessionLog {
                date: d("2026-11-12"),
                status: SessionStatus::Delivered,
                minutes: None,
                by: None,
                catch_up: true,
            },
        ];
        let t = tally(
            &[weekly(45, true, "2026-09-01")],
            &school(),
            &logs,
            d("2026-11-09"),
            d("2026-11-15"),
        );
        assert_eq!(t.catch_up_sessions, 1);
        assert_eq!(t.catch_up_offered, 1);
        assert_eq!(t.shortfall_minutes, 0);
    }

    #[test]
    fn extra_logs_beyond_what_was_owed_are_counted_apart() {
        let logs = [
            log("2026-11-10", SessionStatus::Delivered, None),
            log("2026-11-11", SessionStatus::Delivered, None),
        ];
        let t = tally(
            &[weekly(45, true, "2026-09-01")],
            &school(),
            &logs,
            d("2026-11-09"),
            d("2026-11-15"),
        );
        assert_eq!(
            (t.expected_sessions, t.delivered_sessions, t.extra),
            (1, 1, 1)
        );
    }

    fn arb_logs() -> impl Strategy<Value = Vec<SessionLog>> {
        prop::collection::vec((0i64..330, 0usize..4, 0usize..3, any::<bool>()), 0..60).prop_map(
            |items| {
                items
                    .into_iter()
                    .map(|(offset, status, by, catch_up)| SessionLog {
                        date: d("2026-09-01") + chrono::Duration::days(offset),
                        status: [
                            SessionStatus::Delivered,
                            SessionStatus::Partial,
                            SessionStatus::Missed,
                            SessionStatus::Cancelled,
                        ][status],
                        minutes: Some(20),
                        by: Some([MissedBy::Provider, MissedBy::School, MissedBy::Child][by]),
                        catch_up: catch_up && offset % 5 == 0,
                    })
                    .collect()
            },
        )
    }

    fn arb_schedule() -> impl Strategy<Value = Schedule> {
        (0i64..60, 1u32..3, 0usize..6, any::<bool>()).prop_map(
            |(offset, sessions, per, term_time_only)| Schedule {
                from: d("2026-09-01") + chrono::Duration::days(offset),
                to: None,
                sessions,
                per: [
                    Per::Week,
                    Per::Fortnight,
                    Per::Month,
                    Per::HalfTerm,
                    Per::Term,
                    Per::Year,
                ][per],
                minutes: 45,
                term_time_only,
            },
        )
    }

    proptest! {
        #[test]
        fn marking_every_owed_day_delivered_leaves_nothing_unrecorded(schedule in arb_schedule(), a in 0i64..200, len in 0i64..200) {
            let from = d("2026-09-01") + chrono::Duration::days(a);
            let to = from + chrono::Duration::days(len);
            // One session a slot: a slot can always hold it (the log takes one regular session a day).
            let schedules = [Schedule { sessions: 1, ..schedule }];
            let days = owed_session_days(&schedules, &school(), &[], from, to);
            let logs: Vec<SessionLog> = days.iter().map(|day| SessionLog { date: *day, status: SessionStatus::Delivered, minutes: None, by: None, catch_up: false }).collect();
            let t = tally(&schedules, &school(), &logs, from, to);
            prop_assert_eq!(t.unrecorded, 0);
            prop_assert_eq!(t.delivered_sessions, t.expected_sessions);
            prop_assert_eq!(t.extra, 0);
        }

        #[test]
        fn delivered_plus_missed_plus_unrecorded_is_expected(schedule in arb_schedule(), logs in arb_logs(), a in 0i64..300, len in 0i64..200) {
            let from = d("2026-09-01") + chrono::Duration::days(a);
            let to = from + chrono::Duration::days(len);
            let t = tally(&[schedule], &school(), &logs, from, to);
            prop_assert_eq!(t.delivered_sessions + t.missed_by_provider + t.missed_by_child + t.unrecorded, t.expected_sessions);
        }

        #[test]
        fn splitting_a_period_never_changes_the_totals(schedule in arb_schedule(), logs in arb_logs(), a in 0i64..250, len in 1i64..200, cut in 0i64..200) {
            let from = d("2026-09-01") + chrono::Duration::days(a);
            let to = from + chrono::Duration::days(len);
            let mid = from + chrono::Duration::days(cut.min(len - 1));
            let whole = tally(std::slice::from_ref(&schedule), &school(), &logs, from, to);
            let mut parts = tally(std::slice::from_ref(&schedule), &school(), &logs, from, mid);
            parts.add(&tally(std::slice::from_ref(&schedule), &school(), &logs, mid + chrono::Duration::days(1), to));
            prop_assert_eq!(whole, parts);
        }
    }
}
