//! Text for people: tables and lines the commands print (dates as "Mon 3 Feb 2025").

use casefile_core::ledger::Schedule;
use casefile_core::rules::{self};
use casefile_core::*;
use chrono::NaiveDate;

pub(crate) fn schedule_words(s: &Schedule) -> String {
    format!(
        "{} × {} min per {}{}, from {}{}",
        s.sessions,
        s.minutes,
        s.per.as_str(),
        if s.term_time_only { ", term time" } else { "" },
        long_date(s.from),
        s.to.map(|t| format!(" to {}", long_date(t)))
            .unwrap_or_default()
    )
}

pub(crate) fn provision_text(p: &Provision) -> String {
    let mut text = format!("#{} Section {:?}: {}", p.id, p.section, p.title);
    for s in &p.schedules {
        text += &format!("\n  {}", schedule_words(s));
    }
    for v in &p.vague {
        text += &format!("\n  Vague wording “{}”: {}", v.phrase, v.why);
    }
    text
}

pub(crate) fn hours(minutes: u32) -> String {
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

pub(crate) fn report_text(r: &ProvisionReport) -> String {
    if r.lines.is_empty() {
        return "No provisions yet. Add one with: casefile provision add".into();
    }
    let mut text = format!(
        "Provision from {} to {}\n",
        long_date(r.from),
        long_date(r.to)
    );
    for line in &r.lines {
        let t = &line.tally;
        text += &format!(
            "\n{} (Section {:?})\n  expected {} sessions ({}), delivered {} ({}), missed by provider or school {}, missed because of the child {}, not yet recorded {}\n  shortfall {}{}{}\n",
            line.provision.title,
            line.provision.section,
            t.expected_sessions,
            hours(t.expected_minutes),
            t.delivered_sessions,
            hours(t.delivered_minutes),
            t.missed_by_provider,
            t.missed_by_child,
            t.unrecorded,
            hours(t.shortfall_minutes),
            line.percent_delivered
                .map(|p| format!(" · {p}% delivered"))
                .unwrap_or_default(),
            if line.terms_affected.is_empty() {
                String::new()
            } else {
                format!(" · terms affected: {}", line.terms_affected.join(", "))
            }
        );
    }
    text += &format!(
        "\nTotal: expected {} sessions, delivered {}, missed by provider or school {}, shortfall {}",
        r.total.expected_sessions,
        r.total.delivered_sessions,
        r.total.missed_by_provider,
        hours(r.total.shortfall_minutes)
    );
    text
}

pub(crate) fn entry_text(e: &Entry) -> String {
    let arrow = match e.direction {
        Direction::In => "from",
        Direction::Out => "to",
    };
    let mut text = format!(
        "#{} {}{} · {:?} {} {}{}",
        e.id,
        long_date(e.occurred_on),
        e.occurred_time
            .as_ref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default(),
        e.channel,
        arrow,
        e.party_name.as_deref().unwrap_or("(no one named)"),
        e.subject
            .as_ref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default()
    );
    if !e.note.is_empty() {
        text += &format!("\n  {}", e.note.replace('\n', "\n  "));
    }
    if e.note_versions > 1 {
        text += &format!("\n  (note edited: {} versions kept)", e.note_versions);
    }
    if let (Some(by), None) = (e.follow_up_by, e.follow_up_done) {
        text += &format!("\n  Follow up by {}", long_date(by));
    }
    if !e.documents.is_empty() {
        text += &format!(
            "\n  Documents: {}",
            e.documents
                .iter()
                .map(|d| format!("#{} {}", d.id, d.title))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    text
}

pub(crate) fn clock_text(clock: &Clock) -> String {
    let mut text = format!(
        "Clock {}: {}{}\n{}: {}\n",
        clock.id,
        clock.process_title,
        clock
            .label
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default(),
        clock.start_label,
        long_date(clock.started_on)
    );
    for event in &clock.events {
        text += &format!(
            "{}: {}\n",
            event.label,
            event
                .date
                .map(long_date)
                .unwrap_or_else(|| "not recorded".into())
        );
    }
    for e in &clock.exceptions {
        text += &format!("Exception {} recorded: {}", e.id, e.label);
        match (e.from, e.to) {
            (Some(from), Some(to)) => {
                text += &format!(" ({} to {})", long_date(from), long_date(to))
            }
            (Some(from), None) => text += &format!(" ({})", long_date(from)),
            _ => {}
        }
        text += "\n";
    }
    for d in &clock.deadlines {
        text += &format!(
            "\n  {:<18} {}\n  {:<18} {} — {}{}\n",
            d.due.map(long_date).unwrap_or_else(|| "—".into()),
            d.title,
            match d.refused_on {
                Some(on) => format!("refused on {}", long_date(on)),
                None => status_words(&d.status, d.days_left),
            },
            d.who_label,
            d.source,
            if d.unconfirmed {
                " (UNCONFIRMED rule)"
            } else {
                ""
            }
        );
        text += &exception_lines(d);
        text += &refusal_lines(d, clock.case_id);
    }
    text.trim_end().to_owned()
}

/// Why a deadline does not apply, and what each recorded exception means for it, one indented
/// line each.
pub(crate) fn exception_lines(d: &rules::Deadline) -> String {
    use rules::ExceptionVerdict as V;
    let mut text = String::new();
    if let Some(other) = &d.ruled_out_by {
        text += &format!(
            "  {:<18} Does not apply, because this was done: {other}.\n",
            ""
        );
    }
    for f in &d.exceptions {
        let head = match f.verdict {
            V::Applies => "Exception claimed: the council must still act as soon as practicable.",
            V::DoesNotApply => "Exception claimed, but it does not excuse this deadline.",
            V::CannotCheck => "Exception claimed, but it cannot be checked yet.",
        };
        text += &format!(
            "  {:<18} {head} {} ({}{})\n",
            "",
            f.reason,
            f.source,
            if f.unconfirmed {
                ", not yet confirmed"
            } else {
                ""
            }
        );
    }
    text
}

pub(crate) fn status_words(status: &rules::DeadlineStatus, days_left: Option<i64>) -> String {
    use rules::DeadlineStatus::*;
    match (status, days_left) {
        (Overdue, Some(n)) => format!("OVERDUE {} days", -n),
        (DueSoon, Some(0)) => "due today".into(),
        (DueSoon, Some(n)) => format!("due in {n} days"),
        (Upcoming, Some(n)) => format!("in {n} days"),
        (Waiting, _) => "waiting for a date".into(),
        (Met, _) => "met".into(),
        (MetLate, _) => "met late".into(),
        (Missed, _) => "missed".into(),
        (ExceptionClaimed, Some(n)) => format!("{} days past; exception claimed", -n),
        (ExceptionClaimed, None) => "exception claimed".into(),
        (NotApplicable, _) => "not applicable".into(),
        (_, None) => String::new(),
    }
}

pub(crate) fn deadline_table(case: &Case, deadlines: &[CaseDeadline], today: NaiveDate) -> String {
    if deadlines.is_empty() {
        return format!(
            "No deadlines for {} yet. Start a clock with: casefile clock start --case {} --process NAME --date DATE",
            case.child_name, case.id
        );
    }
    let mut text = format!(
        "Deadlines for {} as on {}\n",
        case.child_name,
        long_date(today)
    );
    for item in deadlines {
        let d = &item.deadline;
        text += &format!(
            "\n{:<17} {}{}\n{:<17} {} · {} · {}{}{}\n",
            d.due.map(long_date).unwrap_or_else(|| "—".into()),
            d.title,
            if d.breach { "  [BREACH]" } else { "" },
            "",
            match d.refused_on {
                Some(on) => format!("refused on {}", long_date(on)),
                None => status_words(&d.status, d.days_left),
            },
            d.who_label,
            d.source,
            if d.unconfirmed { " (UNCONFIRMED)" } else { "" },
            d.waiting_for
                .as_ref()
                .map(|w| format!(" · needs: {w}"))
                .unwrap_or_default()
        );
        text += &exception_lines(d);
        text += &refusal_lines(d, case.id);
    }
    text.trim_end().to_owned()
}

/// After a refusal: what matters now, and the command that starts its clock; on a step it
/// ended, why it does not apply.
fn refusal_lines(d: &rules::Deadline, case_id: i64) -> String {
    if let (Some(refusal), Some(on)) = (&d.refusal, d.refused_on) {
        return format!(
            "{:<17} The council {} on {}. What matters now: {} ({}.)\n{:<17} Start that clock: casefile clock start --case {case_id} --process {} --date {on}\n",
            "",
            refusal.what,
            long_date(on),
            refusal.advice,
            refusal.source,
            "",
            refusal.next
        );
    }
    match &d.ended_by_refusal {
        Some(step) => format!(
            "{:<17} Does not apply: the council refused at “{step}”.\n",
            ""
        ),
        None => String::new(),
    }
}

pub(crate) fn case_table(cases: &[Case], filter: CaseFilter) -> String {
    if cases.is_empty() {
        return match filter {
            CaseFilter::Archived => "No archived cases.".into(),
            _ => "No cases yet. Create one with: casefile case new --name \"Child's name\"".into(),
        };
    }
    let rows: Vec<[String; 5]> = cases
        .iter()
        .map(|c| {
            [
                c.id.to_string(),
                c.child_name.clone(),
                c.date_of_birth.map(long_date).unwrap_or_default(),
                c.ehcp_status.label().to_owned(),
                c.local_authority.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["ID", "CHILD", "BORN", "EHC PLAN", "LOCAL AUTHORITY"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    std::iter::once(&header)
        .chain(&rows)
        .map(|r| {
            r.iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Mon 3 Feb 2025": dates are written out wherever people read them.
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

pub(crate) fn bundle_text(bundle: &Bundle) -> String {
    let mut text = format!(
        "Bundle {} · {} ({}){}\n",
        bundle.id,
        bundle.title,
        bundle.kind.as_str(),
        bundle
            .total_limit
            .map(|l| format!(" · evidence limit {l} pages"))
            .unwrap_or_default()
    );
    for section in &bundle.sections {
        let pages: u32 = section.items.iter().filter_map(|i| i.pages).sum();
        text += &format!(
            "\n{}  {} [section {}]{}\n",
            section.letter,
            section.title,
            section.id,
            section
                .page_limit
                .map(|l| format!(" (limit {l} pages; {pages} known so far)"))
                .unwrap_or_default()
        );
        if section.items.is_empty() {
            text += "   (empty)\n";
        }
        for (n, item) in section.items.iter().enumerate() {
            text += &format!(
                "  {}. [item {}] {}{}{}\n",
                n + 1,
                item.id,
                item.title,
                item.date
                    .map(|d| format!(" · {}", long_date(d)))
                    .unwrap_or_default(),
                item.pages
                    .map(|p| format!(" · {p} page{}", if p == 1 { "" } else { "s" }))
                    .unwrap_or_else(|| " · generated".into())
            );
        }
    }
    for v in &bundle.versions {
        text += &format!(
            "\nVersion {} · built {} · {} pages · sha256 {}{}",
            v.version,
            v.build_date,
            v.pages,
            v.sha256,
            v.output_path
                .as_deref()
                .map(|p| format!(" · {p}"))
                .unwrap_or_default()
        );
    }
    text
}
