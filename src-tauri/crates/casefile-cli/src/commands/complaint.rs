//! `casefile complaint`: the guided check, the letters, and the pack with its remedy.

use casefile_core::*;
use serde_json::json;

use crate::cli::{ComplaintCommand, ReportCommand};
use crate::output::{Output, day_or_today};

fn long(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The check in words: where each grievance goes, the Ombudsman's dates, the council's stage.
fn check_text(c: &ComplaintCase) -> String {
    let mut lines = vec![format!("{} · complaint about {}", c.child_name, c.council)];
    lines.push(String::new());
    lines.push("Where each grievance belongs (* = in this case's records):".into());
    for r in &c.routes {
        lines.push(format!(
            "{} {}: {}. {} ({})",
            if r.in_this_case { "*" } else { " " },
            r.grievance,
            r.place,
            r.why,
            r.source
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "The council's procedure: {}",
        c.council_procedure.said
    ));
    lines.push(String::new());
    lines.push("The Ombudsman's 12 months (Local Government Act 1974 s.26B):".into());
    for t in &c.time_limits {
        lines.push(format!(
            "  {}: first known {}, complain by {}{}",
            t.matter,
            long(t.noticed_on),
            long(t.last_day),
            if t.out_of_time {
                " (past: the Ombudsman may still look at it if the failure goes on)"
            } else {
                ""
            }
        ));
    }
    if let Some(by) = c.ombudsman_by {
        lines.push(format!(
            "  Earliest still in time: complain by {}.",
            long(by)
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "{} statutory step{} late; {:.1} hours of provision not delivered over {} term{}; {} chasing message{} sent.",
        c.breaches.len(),
        if c.breaches.len() == 1 { "" } else { "s" },
        c.missed_hours,
        c.shortfall.len(),
        if c.shortfall.len() == 1 { "" } else { "s" },
        c.chasing.len(),
        if c.chasing.len() == 1 { "" } else { "s" },
    ));
    lines.push(remedy_text(&c.remedy));
    lines.join("\n")
}

fn remedy_text(r: &Remedy) -> String {
    if r.range[1] == 0 {
        return "Remedy: nothing recorded to base one on.".into();
    }
    let mut lines = vec![format!(
        "Remedy to ask for: £{} to £{}. {} (Guide dated {}.)",
        thousands(r.range[0]),
        thousands(r.range[1]),
        r.guide,
        r.dated
    )];
    for h in &r.heads {
        lines.push(format!(
            "  {}: £{} to £{} ({})",
            h.label,
            thousands(h.low),
            thousands(h.high),
            h.worked
        ));
    }
    lines.push("  Decisions like this case:".into());
    for p in &r.precedents {
        lines.push(format!(
            "  - {} {} ({}): £{} — {} [{}]",
            p.council,
            p.reference,
            p.date,
            thousands(p.amount),
            p.summary,
            p.like
        ));
    }
    lines.join("\n")
}

pub(crate) fn run(store: &mut Store, command: ComplaintCommand) -> Result<Output, CoreError> {
    match command {
        ComplaintCommand::Check { case_id, on } => {
            let on = day_or_today(on.as_deref())?;
            let c = store.complaint_case(case_id, on)?;
            Ok(Output {
                refused: false,
                text: check_text(&c),
                json: json!(c),
            })
        }
        ComplaintCommand::Letter {
            case_id,
            stage,
            out,
            on,
        } => {
            let on = day_or_today(on.as_deref())?;
            let stage = ComplaintStage::parse(&stage)?;
            let letter = store.draft_complaint_letter(case_id, stage, on)?;
            let Some(out) = out else {
                return Ok(Output {
                    refused: false,
                    text: letter.text.clone(),
                    json: json!({ "letter": letter }),
                });
            };
            let saved = save_letter(&out, &letter.subject, &letter.text)?;
            let entry =
                store.record_complaint_letter(case_id, stage, &letter.subject, &saved, on)?;
            Ok(Output {
                refused: false,
                text: format!(
                    "Saved “{}” to {saved}, and recorded it in the correspondence log (entry {}).",
                    letter.subject, entry.id
                ),
                json: json!({ "letter": letter, "saved": saved, "entry": entry }),
            })
        }
        ComplaintCommand::Pack { case_id, out, on } => {
            let on = day_or_today(on.as_deref())?;
            // The facts first: a case with nothing to complain of is refused before a pack is made.
            let facts = store.complaint_case(case_id, on)?;
            let bundle = match store
                .list_bundles(case_id)?
                .into_iter()
                .find(|b| b.kind == BundleKind::Complaint)
            {
                Some(bundle) => bundle,
                None => store.create_bundle(case_id, BundleKind::Complaint, None)?,
            };
            let report = store.build_bundle_to_file(&bundle, &out, on, false, &mut |_| true)?;
            let pages = store.complaint_pack_pages(case_id)?;
            let mut text = format!(
                "Built the complaint pack {} ({} pages, version {}) · sha256 {}",
                report.path, report.pages, report.version, report.sha256
            );
            for p in &pages {
                text += &format!("\n  {}: pages {}", p.title, p.pages);
            }
            text += &format!("\n{}", remedy_text(&facts.remedy));
            Ok(Output {
                refused: false,
                text,
                json: json!({
                    "pack": { "path": report.path, "pages": report.pages, "version": report.version, "sha256": report.sha256, "contents": pages },
                    "remedy": facts.remedy,
                    "ombudsman_by": facts.ombudsman_by,
                    "council_procedure": facts.council_procedure,
                }),
            })
        }
    }
}

fn pattern_text(r: &PatternReport) -> String {
    let mut lines = vec![format!(
        "The pattern across {} families, as of {}{}:",
        r.families,
        r.as_of,
        if r.no_council > 0 {
            format!(
                " ({} more name no council and are not counted)",
                r.no_council
            )
        } else {
            String::new()
        }
    )];
    for c in &r.councils {
        if c.suppressed {
            lines.push(format!(
                "{}: fewer than 5 families, so nothing is shown.",
                c.council
            ));
            continue;
        }
        lines.push(format!(
            "{}: {} families; {} statutory steps missed or late; {} hours of provision not delivered{}.",
            c.council,
            c.families.unwrap_or(0),
            c.breaches.map_or_else(|| "fewer than 5 families'".to_owned(), |b| b.to_string()),
            c.missed_hours.map_or_else(|| "fewer than 5 families'".to_owned(), |h| format!("{h:.1}")),
            c.median_wait_weeks
                .map(|w| format!("; the middle family waited {w:.1} weeks from request to final plan"))
                .unwrap_or_default()
        ));
        for s in &c.steps {
            lines.push(match (s.breaches, s.median_days_late) {
                (Some(n), Some(d)) => {
                    format!("  {}: {n} late (the middle one {d} days late)", s.step)
                }
                _ => format!("  {}: fewer than 5 families", s.step),
            });
        }
        for k in &c.kinds {
            lines.push(match k.missed_hours {
                Some(h) => format!("  {}: {h:.1} hours not delivered", k.kind),
                None => format!("  {}: fewer than 5 families", k.kind),
            });
        }
    }
    lines.join("\n")
}

pub(crate) fn report(store: &mut Store, command: ReportCommand) -> Result<Output, CoreError> {
    match command {
        ReportCommand::Patterns { out, csv, on } => {
            let on = day_or_today(on.as_deref())?;
            let report = store.pattern_report(on)?;
            let mut text = pattern_text(&report);
            if let Some(out) = &out {
                let pdf = pattern_pdf(&report)?;
                write_atomically(out, &pdf.bytes)?;
                text += &format!(
                    "\nSaved the report to {} ({} pages).",
                    out.display(),
                    pdf.pages
                );
            }
            if let Some(csv) = &csv {
                write_atomically(csv, pattern_csv(&report).as_bytes())?;
                text += &format!("\nSaved the figures to {}.", csv.display());
            }
            Ok(Output {
                refused: false,
                text,
                json: json!(report),
            })
        }
        ReportCommand::Foi { case_id, out, on } => {
            let on = day_or_today(on.as_deref())?;
            let case = store.case(case_id)?;
            let letter = foi_request(&case, on)?;
            let Some(out) = out else {
                return Ok(Output {
                    refused: false,
                    text: letter.text.clone(),
                    json: json!({ "letter": letter }),
                });
            };
            let saved = save_letter(&out, &letter.subject, &letter.text)?;
            let clock = store.record_foi_request(case_id, &letter, &saved, on)?;
            let due = clock.deadlines.first().and_then(|d| d.due);
            Ok(Output {
                refused: false,
                text: format!(
                    "Saved the request to {saved}, logged it, and started its clock: the council must answer by {}.",
                    due.map_or_else(|| "its 20th working day".to_owned(), long)
                ),
                json: json!({ "letter": letter, "saved": saved, "clock": clock }),
            })
        }
    }
}
