//! Documents Casefile makes from the case's own records, as PDF pages for bundles and packs:
//! the provision shortfall table, the chronology of every dated event, and the correspondence
//! log with its call notes.

use casefile_pdf::{Table, TextPdf, day, table_pages, text_pages};
use chrono::NaiveDate;

use crate::error::Result;
use crate::records::correspondence::Direction;
use crate::records::provision::ProvisionReport;
use crate::store::Store;

fn hours(minutes: u32) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

fn long(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// One row per provision and a total row: what was owed, delivered and missed, and the shortfall.
pub fn shortfall_pdf(report: &ProvisionReport, child_name: &str) -> Result<TextPdf> {
    shortfall_pages(report, child_name, true)
}

/// [`shortfall_pdf`], with or without its own page numbers (a bundle stamps its own).
pub(crate) fn shortfall_pages(
    report: &ProvisionReport,
    child_name: &str,
    footer: bool,
) -> Result<TextPdf> {
    let mut rows: Vec<Vec<String>> = report
        .lines
        .iter()
        .map(|line| {
            let p = &line.provision;
            let t = &line.tally;
            let schedule = p
                .schedules
                .iter()
                .map(|s| {
                    format!(
                        "{} × {} min a {}{}",
                        s.sessions,
                        s.minutes,
                        s.per.as_str(),
                        if s.term_time_only { ", term time" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("; then ");
            vec![
                format!("{} (Section {:?})\n{schedule}", p.title, p.section),
                format!("{}\n{}", t.expected_sessions, hours(t.expected_minutes)),
                format!("{}\n{}", t.delivered_sessions, hours(t.delivered_minutes)),
                t.missed_by_provider.to_string(),
                t.missed_by_child.to_string(),
                t.unrecorded.to_string(),
                hours(t.shortfall_minutes),
                line.percent_delivered
                    .map(|p| format!("{p}%"))
                    .unwrap_or_else(|| "—".into()),
                line.terms_affected.join(", "),
            ]
        })
        .collect();
    let t = &report.total;
    rows.push(vec![
        "Total".into(),
        format!("{}\n{}", t.expected_sessions, hours(t.expected_minutes)),
        format!("{}\n{}", t.delivered_sessions, hours(t.delivered_minutes)),
        t.missed_by_provider.to_string(),
        t.missed_by_child.to_string(),
        t.unrecorded.to_string(),
        hours(t.shortfall_minutes),
        t.percent_delivered()
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "—".into()),
        String::new(),
    ]);
    let total_row = rows.len() - 1;
    let title = format!("Provision shortfall: {child_name}");
    Ok(table_pages(
        &Table {
        title: &title,
        intro: vec![
            format!("What the EHC plan provides against what was delivered, from {} to {}.", long(report.from), long(report.to)),
            "Expected sessions count each week, fortnight, month, half-term or term the provision applied (term-time provision only when the school was open). Sessions missed because the child was absent are shown apart and are not counted in the shortfall.".into(),
        ],
        headers: [
            "Provision",
            "Expected (sessions, time)",
            "Delivered (sessions, time)",
            "Missed by provider or school",
            "Missed: child absent",
            "Not yet recorded",
            "Shortfall",
            "Delivered",
            "Terms affected",
        ]
        .map(String::from)
        .to_vec(),
        widths_mm: vec![66.0, 26.0, 26.0, 24.0, 21.0, 20.0, 24.0, 18.0, 42.0],
        rows,
        bold_rows: vec![total_row],
        bars: None,
    },
        footer,
    )?)
}

/// "45 min", "6 h", "1 h 5 min".
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A logged call, letter or meeting as a sentence a judge reads: "Phone call to Kent County
/// Council", "Letter from Dr Shah", "Meeting with the school".
fn entry_sentence(entry: &crate::records::correspondence::Entry) -> String {
    let channel = entry.channel.words();
    let party = entry
        .party_name
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let meeting = entry.channel == crate::records::correspondence::Channel::Meeting;
    match (party, entry.direction) {
        (Some(party), _) if meeting => format!("{channel} with {party}"),
        (Some(party), Direction::In) => format!("{channel} from {party}"),
        (Some(party), Direction::Out) => format!("{channel} to {party}"),
        (None, _) if meeting => channel.to_owned(),
        (None, Direction::In) => format!("{channel} received"),
        (None, Direction::Out) => format!("{channel} sent by the parent"),
    }
}

/// Every dated event of the case as table rows: date, what happened, who, status.
fn chronology_rows(
    store: &Store,
    case_id: i64,
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, [String; 3])>> {
    let mut rows: Vec<(NaiveDate, [String; 3])> = Vec::new();
    for doc in store.list_documents(case_id)? {
        if let Some(date) = doc.document_date {
            rows.push((
                date,
                [
                    format!("Document: {}", doc.title),
                    String::new(),
                    String::new(),
                ],
            ));
        }
    }
    for entry in store.list_entries(case_id)? {
        let what = match &entry.subject {
            Some(subject) => format!("{}: {subject}", entry_sentence(&entry)),
            None => entry_sentence(&entry),
        };
        // Who acted: the other party for what came in, the parent for what went out.
        let who = match entry.direction {
            Direction::In => entry.party_name.clone().unwrap_or_default(),
            Direction::Out => "The parent".to_owned(),
        };
        rows.push((entry.occurred_on, [what, who, String::new()]));
    }
    // The events that started each clock, and those recorded along the way ("the council
    // received the request"): the dates every deadline below is counted from.
    for clock in store.clocks_for_case(case_id, today)? {
        rows.push((
            clock.started_on,
            [
                format!(
                    "{} ({})",
                    casefile_rules::event_sentence(&clock.start_label),
                    clock
                        .label
                        .clone()
                        .unwrap_or_else(|| casefile_rules::third_person(&clock.process_title))
                ),
                String::new(),
                "Clock started".to_owned(),
            ],
        ));
        for event in &clock.events {
            if let Some(date) = event.date {
                rows.push((
                    date,
                    [
                        format!(
                            "{} ({})",
                            casefile_rules::event_sentence(&event.label),
                            clock
                                .label
                                .clone()
                                .unwrap_or_else(|| casefile_rules::third_person(
                                    &clock.process_title
                                ))
                        ),
                        String::new(),
                        String::new(),
                    ],
                ));
            }
        }
    }
    for item in store.case_deadlines(case_id, today)? {
        let d = &item.deadline;
        let Some(due) = d.due else { continue };
        use crate::rules::clock::DeadlineStatus as S;
        let status = match (d.status, d.met_on, d.refused_on) {
            (S::Met, _, Some(on)) => format!("Refused {}", day(on)),
            (S::MetLate, _, Some(on)) => format!("Refused late, {}", day(on)),
            (S::Met, Some(on), None) => format!("Done {}", day(on)),
            (S::MetLate, Some(on), None) => format!("Done late, {}", day(on)),
            (S::Missed, ..) => "Missed".to_owned(),
            (S::Overdue, ..) => "Overdue".to_owned(),
            (S::ExceptionClaimed, ..) => "Overdue; exception claimed".to_owned(),
            (S::NotApplicable, ..) => continue,
            _ => "Not yet due".to_owned(),
        };
        let status = if d.breach {
            format!("{status} (breach)")
        } else {
            status
        };
        rows.push((
            due,
            [
                format!(
                    "Due: {} ({})",
                    casefile_rules::third_person(&d.title),
                    casefile_rules::third_person(&item.process_title)
                ),
                casefile_rules::third_person(&d.who_label),
                status,
            ],
        ));
    }
    let report = store.provision_report(case_id, None, None, today)?;
    for line in &report.lines {
        for month in &line.by_month {
            let t = &month.tally;
            if t.missed_by_provider > 0 || t.shortfall_minutes > 0 {
                rows.push((
                    month.to,
                    [
                        if t.missed_by_provider > 0 {
                            format!(
                                "{}: {} of {} sessions not delivered in {}",
                                line.provision.title,
                                t.missed_by_provider,
                                t.expected_sessions,
                                month.label
                            )
                        } else {
                            format!(
                                "{}: sessions cut short in {}",
                                line.provision.title, month.label
                            )
                        },
                        line.provision.provider.clone().unwrap_or_default(),
                        format!("{} short", duration(t.shortfall_minutes)),
                    ],
                ));
            }
        }
    }
    rows.sort_by_key(|(date, _)| *date);
    Ok(rows)
}

/// The chronology of the case on `today`, as PDF pages without page numbers (a bundle stamps
/// its own).
pub(crate) fn chronology_pdf(
    store: &Store,
    case_id: i64,
    child: &str,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = chronology_rows(store, case_id, today)?
        .into_iter()
        .map(|(date, [what, who, status])| vec![day(date), what, who, status])
        .collect();
    let rows = if rows.is_empty() {
        vec![vec![
            String::new(),
            "No dated events recorded yet.".to_owned(),
            String::new(),
            String::new(),
        ]]
    } else {
        rows
    };
    let title = format!("Chronology: {child}");
    Ok(table_pages(
        &Table {
            title: &title,
            intro: vec![format!(
                "Every dated event in the case file as of {}: documents, correspondence, the events each statutory clock counts from, statutory deadlines (with whether they were met) and months when provision in the EHC plan was not delivered.",
                day(today)
            )],
            headers: ["Date", "What happened", "Who", "Status"].map(String::from).to_vec(),
            widths_mm: vec![28.0, 150.0, 55.0, 34.0],
            rows,
            bold_rows: Vec::new(),
            bars: None,
        },
        false,
    )?
    .bytes)
}

/// The correspondence log, oldest first, with each note's history, as PDF pages without page
/// numbers.
pub(crate) fn correspondence_pdf(store: &Store, case_id: i64, child: &str) -> Result<Vec<u8>> {
    let mut entries = store.list_entries(case_id)?;
    entries.reverse();
    let mut text = String::new();
    for entry in &entries {
        text += &format!(
            "{}{} — {}\n",
            day(entry.occurred_on),
            entry
                .occurred_time
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default(),
            entry_sentence(entry),
        );
        if let Some(subject) = &entry.subject {
            text += &format!("Subject: {subject}\n");
        }
        if !entry.note.trim().is_empty() {
            text += &format!("{}\n", entry.note.trim());
        }
        if !entry.documents.is_empty() {
            text += &format!(
                "Documents: {}\n",
                entry
                    .documents
                    .iter()
                    .map(|d| d.title.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        // When the note was typed is the case file's business (its audit log keeps it); a
        // judge reads only that a note was changed after it was first written.
        if entry.note_versions > 1 {
            text += "(This note was changed after it was first written; every earlier version is kept in the case file.)\n";
        }
        text += "\n";
    }
    if entries.is_empty() {
        text = "No correspondence has been logged.".to_owned();
    }
    let heading = format!("Correspondence log: {child}");
    Ok(text_pages(&heading, Some(&heading), &text, false)?.bytes)
}
