//! The desktop reminder shown when Casefile opens: what is overdue and what is due very soon.
//! Pure text; the app hands it to the system's own notification service (nothing leaves the
//! machine).

use casefile_rules::DeadlineStatus;

use crate::records::clocks::TodayItem;

/// Days ahead that count as "due very soon" for a reminder (the Today view shows 14).
pub const REMINDER_DAYS: i64 = 3;

/// A reminder's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub title: String,
    pub body: String,
}

/// One reminder summarising `items` (from `Store::today_deadlines`), or none when nothing is
/// overdue and nothing is due within [`REMINDER_DAYS`].
pub fn reminder(items: &[TodayItem]) -> Option<Reminder> {
    let overdue: Vec<&TodayItem> = items
        .iter()
        .filter(|i| i.item.deadline.status == DeadlineStatus::Overdue)
        .collect();
    let soon: Vec<&TodayItem> = items
        .iter()
        .filter(|i| {
            i.item.deadline.status == DeadlineStatus::DueSoon
                && i.item
                    .deadline
                    .days_left
                    .is_some_and(|d| d <= REMINDER_DAYS)
        })
        .collect();
    if overdue.is_empty() && soon.is_empty() {
        return None;
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if !soon.is_empty() {
        parts.push(format!(
            "{} due in the next {REMINDER_DAYS} days",
            count(soon.len(), "deadline")
        ));
    }
    if !overdue.is_empty() {
        parts.push(format!("{} overdue", count(overdue.len(), "deadline")));
    }
    let first = soon.first().or(overdue.first()).map(|i| {
        let when = match i.item.deadline.days_left {
            Some(0) => "today".to_owned(),
            Some(1) => "tomorrow".to_owned(),
            Some(n) if n > 1 => format!("in {n} days"),
            Some(n) => format!("{} days ago", -n),
            None => String::new(),
        };
        format!("{}: {} ({when}).", i.child_name, i.item.deadline.title)
    });
    Some(Reminder {
        title: format!("Casefile: {}", parts.join(", ")),
        body: first.unwrap_or_default() + " Open Casefile to see them all.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::clocks::ClockStart;
    use crate::store::Store;
    use chrono::NaiveDate;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_reminder_names_what_is_due_soonest_and_counts_the_rest() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let ava = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let today = d("2026-11-25");
        // SAR received 27 Oct → due Fri 27 Nov: in 2 days.
        store
            .start_clock(
                ava,
                &ClockStart {
                    process: "subject-access-request".into(),
                    started_on: "2026-10-27".into(),
                    label: None,
                },
                today,
            )
            .expect("sar");
        store
            .start_clock(
                ava,
                &ClockStart {
                    process: "ehc-needs-assessment".into(),
                    started_on: "2026-01-12".into(),
                    label: None,
                },
                today,
            )
            .expect("late");
        let items = store.today_deadlines(today).expect("today");
        let r = reminder(&items).expect("a reminder");
        assert_eq!(
            r.title,
            "Casefile: 1 deadline due in the next 3 days, 3 deadlines overdue"
        );
        assert_eq!(
            r.body,
            "Ava: The organisation sends your data (in 2 days). Open Casefile to see them all."
        );
    }

    #[test]
    fn no_reminder_when_nothing_is_pressing() {
        assert_eq!(reminder(&[]), None);
    }
}
