//! Deadlines as an iCalendar file (RFC 5545), so a family can see them in the calendar they
//! already use. Written here and saved by the shells; nothing is sent anywhere.

use std::fmt::Write as _;

use casefile_rules::DeadlineStatus;
use chrono::{DateTime, Days, Utc};

use crate::records::cases::Case;
use crate::records::clocks::CaseDeadline;

/// An iCalendar document with one all-day event per dated deadline of `case`.
/// Open deadlines carry a reminder two days before. `now` stamps the file (DTSTAMP).
pub fn deadlines_calendar(case: &Case, deadlines: &[CaseDeadline], now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Casefile//Casefile deadlines//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!("Casefile: {}", case.child_name))
        ),
    ];
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for item in deadlines {
        let d = &item.deadline;
        let Some(due) = d.due else { continue };
        let open = matches!(
            d.status,
            DeadlineStatus::Overdue
                | DeadlineStatus::DueSoon
                | DeadlineStatus::Upcoming
                | DeadlineStatus::ExceptionClaimed
        );
        let prefix = match d.status {
            DeadlineStatus::Met | DeadlineStatus::MetLate => "[Done] ",
            DeadlineStatus::Missed => "[Missed] ",
            DeadlineStatus::NotApplicable => "[Does not apply] ",
            DeadlineStatus::ExceptionClaimed => "[Exception claimed] ",
            _ => "",
        };
        let mut description = format!("{} must act. {}", d.who_label, d.rule);
        if d.status == DeadlineStatus::ExceptionClaimed {
            description.push_str(
                "\nAn exception is claimed: the council must still act as soon as practicable.",
            );
        }
        if let Some(only_if) = &d.only_if {
            let _ = write!(description, "\n{only_if}.");
        }
        let _ = write!(description, "\nSource: {}.", d.source);
        if d.unconfirmed {
            description.push_str("\nThis rule is not yet confirmed against the text of the law.");
        }
        if d.breach {
            description.push_str("\nThis deadline was missed: a breach of the time limit.");
        }
        let _ = write!(
            description,
            "\n{}{}",
            item.process_title,
            item.clock_label
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default()
        );
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:casefile-case{}-clock{}-{}@casefile.invalid",
            case.id, item.clock_id, d.step
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")));
        if let Some(next) = due.checked_add_days(Days::new(1)) {
            lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        }
        lines.push(format!(
            "SUMMARY:{}",
            escape(&format!("{prefix}{} ({})", d.title, case.child_name))
        ));
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push("TRANSP:TRANSPARENT".into());
        if open {
            lines.push("BEGIN:VALARM".into());
            lines.push("ACTION:DISPLAY".into());
            lines.push("TRIGGER:-P2D".into());
            lines.push(format!(
                "DESCRIPTION:{}",
                escape(&format!("Due in 2 days: {}", d.title))
            ));
            lines.push("END:VALARM".into());
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<String>()
}

/// RFC 5545 §3.3.11 text escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a space, never splitting a
/// UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::clocks::ClockStart;
    use crate::store::Store;
    use chrono::{NaiveDate, TimeZone};

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn unfold(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn each_dated_deadline_becomes_an_all_day_event_with_rule_and_source() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Zoë O'Brien-Ćwikła, junior".into(),
                ..CaseDetails::default()
            })
            .expect("case");
        let today = d("2026-02-01");
        store
            .start_clock(
                case.id,
                &ClockStart {
                    process: "ehc-needs-assessment".into(),
                    started_on: "2026-01-12".into(),
                    label: None,
                },
                today,
            )
            .expect("clock");
        let deadlines = store.case_deadlines(case.id, today).expect("deadlines");
        let now = Utc
            .with_ymd_and_hms(2026, 2, 1, 9, 30, 0)
            .single()
            .expect("time");
        let ics = deadlines_calendar(&case, &deadlines, now);

        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for physical in ics.split("\r\n") {
            assert!(physical.len() <= 75, "line over 75 octets: {physical:?}");
        }
        let lines = unfold(&ics);
        // 5 steps, 2 waiting for dates: 3 events.
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 3);
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20260601".to_owned()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20260602".to_owned()));
        assert!(lines.contains(&"DTSTAMP:20260201T093000Z".to_owned()));
        assert!(
            lines
                .iter()
                .any(|l| l
                    == "SUMMARY:Council issues the final EHC plan (Zoë O'Brien-Ćwikła\\, junior)"),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("DESCRIPTION:Council must act.")
                    && l.contains("Source: SEND Regs 2014 reg 13(2)."))
        );
        assert_eq!(
            lines.iter().filter(|l| *l == "TRIGGER:-P2D").count(),
            3,
            "open deadlines carry a reminder"
        );
        let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(uids.len(), 3);
        assert!(uids.iter().all(|u| u.ends_with("@casefile.invalid")));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let long = format!("SUMMARY:{}", "Ćwikła ".repeat(30));
        let folded = fold(&long);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75);
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
