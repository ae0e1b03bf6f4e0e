//! `casefile clock` and `casefile deadlines`: statutory clocks and their deadlines.
use std::path::PathBuf;

use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::format::*;
use crate::output::{Output, day_or_today};

pub(crate) fn list_processes() -> Output {
    let mut text = String::new();
    for p in rules::PROCESSES {
        text += &format!(
            "{:<26}{}\n{:<26}starts from: {}\n",
            p.key, p.title, "", p.start_label
        );
    }
    Output {
        refused: false,
        text: text.trim_end().to_owned(),
        json: json!({ "processes": rules::PROCESSES, "exceptions": rules::EXCEPTIONS }),
    }
}

pub(crate) fn run_clock(store: &mut Store, command: ClockCommand) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let clock = match command {
        ClockCommand::Processes => return Ok(list_processes()),
        ClockCommand::Letter {
            clock_id,
            step,
            out,
            pdf,
        } => {
            let letter = store.draft_chasing_letter(clock_id, &step, today)?;
            let mut note = String::new();
            if let Some(path) = &pdf {
                let doc = casefile_core::save_text_pdf(path, &letter.subject, &letter.text)?;
                note = format!("\nWrote a {}-page PDF to {}.", doc.pages, path.display());
                if !doc.missing_characters.is_empty() {
                    let missing = &doc.missing_characters;
                    note += &format!(" The PDF font cannot show: {missing} (the text keeps them).");
                }
            }
            let text = match &out {
                Some(path) => {
                    casefile_core::save_text(path, &letter.text)?;
                    format!(
                        "Wrote the letter to {}. Edit it before sending.",
                        path.display()
                    )
                }
                None => letter.text.trim_end().to_owned(),
            } + &note;
            return Ok(Output {
                refused: false,
                text,
                json: json!({ "letter": letter, "out": out, "pdf": pdf }),
            });
        }
        ClockCommand::Start {
            case_id,
            process,
            date,
            label,
        } => store.start_clock(
            case_id,
            &ClockStart {
                process,
                started_on: date,
                label,
            },
            today,
        )?,
        ClockCommand::Show { id, on } => store.clock(id, day_or_today(on.as_deref())?)?,
        ClockCommand::Event {
            clock_id,
            event,
            date,
        } => store.record_clock_event(clock_id, &event, &date, today)?,
        ClockCommand::Record {
            clock_id,
            step,
            outcome,
            date,
            note,
            evidence,
        } => {
            let outcome = OutcomeKind::parse(&outcome)?;
            // The outcome and its proof land together; a refused proof changes nothing.
            store.record_step_outcome_with_evidence(
                clock_id,
                &step,
                outcome,
                date.as_deref(),
                note.as_deref(),
                evidence,
                today,
            )?
        }
        ClockCommand::SetDate {
            clock_id,
            step,
            date,
        } => store.set_step_due_date(clock_id, &step, Some(&date), today)?,
        ClockCommand::Exception {
            clock_id,
            kind,
            steps,
            from,
            to,
            advice_requested,
            note,
        } => store.record_clock_exception(
            clock_id,
            &casefile_core::ExceptionInput {
                kind,
                from,
                to,
                advice_requested,
                steps,
                note,
            },
            today,
        )?,
        ClockCommand::RemoveException {
            clock_id,
            exception_id,
        } => store.remove_clock_exception(clock_id, exception_id, today)?,
    };
    Ok(Output {
        refused: false,
        text: clock_text(&clock),
        json: json!(clock),
    })
}

pub(crate) fn deadlines(
    store: &Store,
    case_id: i64,
    on: Option<String>,
    ics: Option<PathBuf>,
) -> Result<Output, CoreError> {
    let today = day_or_today(on.as_deref())?;
    let case = store.case(case_id)?;
    let deadlines = store.case_deadlines(case_id, today)?;
    let mut text = deadline_table(&case, &deadlines, today);
    if let Some(path) = &ics {
        let saved = store.save_deadlines_ics(case_id, path, today)?;
        text += &format!(
            "\n\nWrote {} dated deadlines to {}.",
            saved.count,
            path.display()
        );
    }
    Ok(Output {
        refused: false,
        text,
        json: json!({ "case_id": case_id, "on": today, "deadlines": deadlines, "ics": ics }),
    })
}
