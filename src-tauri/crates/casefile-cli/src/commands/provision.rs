//! `casefile provision` and `casefile terms`: the provision ledger and the school's term dates.

use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::format::*;
use crate::output::{Output, invalid, parse_iso};

pub(crate) fn run_provision(
    store: &mut Store,
    command: ProvisionCommand,
) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let show = |p: Provision| Output {
        refused: false,
        text: provision_text(&p),
        json: json!(p),
    };
    match command {
        ProvisionCommand::Add {
            case_id,
            title,
            minutes,
            per,
            sessions,
            from,
            to,
            term_time,
            section,
            wording,
            provider,
        } => {
            let p = store.add_provision(
                case_id,
                &ProvisionDetails {
                    section,
                    title,
                    wording,
                    provider,
                    sessions,
                    per,
                    minutes,
                    term_time_only: term_time,
                    from,
                    to,
                    ..ProvisionDetails::default()
                },
            )?;
            let mut text = p.id.to_string();
            for v in &p.vague {
                text += &format!("\nNote: the wording uses “{}”: {}", v.phrase, v.why);
            }
            Ok(Output {
                refused: false,
                text,
                json: json!(p),
            })
        }
        ProvisionCommand::List { case_id } => {
            let list = store.list_provisions(case_id)?;
            Ok(Output {
                refused: false,
                text: if list.is_empty() {
                    "No provisions yet. Add one with: casefile provision add".into()
                } else {
                    list.iter()
                        .map(provision_text)
                        .collect::<Vec<_>>()
                        .join("\n\n")
                },
                json: json!({ "provisions": list }),
            })
        }
        ProvisionCommand::Amend {
            provision_id,
            from,
            minutes,
            per,
            sessions,
            term_time,
        } => Ok(show(store.amend_provision(
            provision_id,
            &from,
            sessions,
            &per,
            minutes,
            term_time,
        )?)),
        ProvisionCommand::Log {
            provision_id,
            date,
            status,
            minutes,
            reason,
            by,
            catch_up,
            evidence,
        } => {
            let id = store.log_session(
                provision_id,
                &SessionDetails {
                    date,
                    status,
                    minutes,
                    by,
                    reason,
                    catch_up,
                    evidence,
                },
                today,
            )?;
            Ok(Output {
                refused: false,
                text: format!("Logged session {id}."),
                json: json!({ "session_id": id, "provision_id": provision_id }),
            })
        }
        ProvisionCommand::LogRange {
            provision_id,
            from,
            to,
            except,
        } => {
            let n = store.log_delivered_range(provision_id, &from, &to, &except, today)?;
            Ok(Output {
                refused: false,
                text: format!("Logged {n} sessions as delivered."),
                json: json!({ "provision_id": provision_id, "logged": n }),
            })
        }
        ProvisionCommand::Sessions { provision_id } => {
            let sessions = store.list_sessions(provision_id)?;
            let text = sessions
                .iter()
                .map(|s| {
                    format!(
                        "#{} {} {}{}{}{}",
                        s.id,
                        long_date(s.date),
                        s.status,
                        s.by.as_ref()
                            .map(|b| format!(" (by {b})"))
                            .unwrap_or_default(),
                        if s.catch_up { " · catch-up" } else { "" },
                        s.reason
                            .as_ref()
                            .map(|r| format!(" — {r}"))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                refused: false,
                text: if text.is_empty() {
                    "No sessions logged yet.".into()
                } else {
                    text
                },
                json: json!({ "sessions": sessions }),
            })
        }
        ProvisionCommand::Report {
            case_id,
            from,
            to,
            csv,
            pdf,
        } => {
            let from = from.map(|f| parse_iso("from", &f)).transpose()?;
            let to = to.map(|t| parse_iso("to", &t)).transpose()?;
            let report = store.provision_report(case_id, from, to, today)?;
            let mut text = report_text(&report);
            if let Some(path) = &csv {
                store.save_provision_csv(case_id, path, (from, to), today)?;
                text += &format!("\n\nWrote the table to {}.", path.display());
            }
            if let Some(path) = &pdf {
                let doc = store.save_shortfall_pdf(case_id, path, (from, to), today)?;
                text += &format!("\n\nWrote a {}-page PDF to {}.", doc.pages, path.display());
            }
            Ok(Output {
                refused: false,
                text,
                json: json!(report),
            })
        }
    }
}

pub(crate) fn run_terms(store: &mut Store, command: TermsCommand) -> Result<Output, CoreError> {
    let (case_id, calendar) = match command {
        TermsCommand::Add {
            case_id,
            name,
            from,
            to,
        } => {
            store.add_term_block(case_id, &name, &from, &to)?;
            (case_id, store.school_calendar(case_id)?)
        }
        TermsCommand::Inset { case_id, date } => {
            store.add_inset_day(case_id, &date)?;
            (case_id, store.school_calendar(case_id)?)
        }
        TermsCommand::Import { case_id, file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                invalid(
                    "file",
                    format!("Casefile could not read {} as text ({e}).", file.display()),
                )
            })?;
            (
                case_id,
                store.import_term_dates(case_id, &text, casefile_core::today())?,
            )
        }
        TermsCommand::Copy { case_id, year } => (case_id, store.copy_terms_forward(case_id, year)?),
        TermsCommand::List { case_id } => {
            store.case(case_id)?;
            (case_id, store.school_calendar(case_id)?)
        }
    };
    let mut text = String::new();
    for b in &calendar.blocks {
        text += &format!(
            "{:<10} {} to {}\n",
            b.name,
            long_date(b.starts),
            long_date(b.ends)
        );
    }
    for d in &calendar.inset_days {
        text += &format!("INSET      {}\n", long_date(*d));
    }
    if text.is_empty() {
        text =
            "No term dates yet. Add them with: casefile terms add or casefile terms import".into();
    }
    Ok(Output {
        refused: false,
        text: text.trim_end().to_owned(),
        json: json!({ "case_id": case_id, "half_terms": calendar.blocks, "inset_days": calendar.inset_days }),
    })
}
