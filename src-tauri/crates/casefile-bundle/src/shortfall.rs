//! The provision shortfall table as a PDF page, for complaint packs and evidence bundles.

use casefile_core::ProvisionReport;

use crate::table_pdf::{Table, table_pages};
use crate::{BundleError, TextPdf};

fn hours(minutes: u32) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

fn long(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// One row per provision and a total row: what was owed, delivered and missed, and the shortfall.
pub fn shortfall_pdf(report: &ProvisionReport, child_name: &str) -> Result<TextPdf, BundleError> {
    shortfall_pages(report, child_name, true)
}

/// [`shortfall_pdf`], with or without its own page numbers (a bundle stamps its own).
pub(crate) fn shortfall_pages(
    report: &ProvisionReport,
    child_name: &str,
    footer: bool,
) -> Result<TextPdf, BundleError> {
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
    table_pages(
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
    },
        footer,
    )
}
