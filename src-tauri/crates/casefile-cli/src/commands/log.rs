//! `casefile log`: the correspondence log.

use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::format::*;
use crate::output::Output;

pub(crate) fn run_log(store: &mut Store, command: LogCommand) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let one = |entry: Entry| Output {
        refused: false,
        text: entry_text(&entry),
        json: json!(entry),
    };
    match command {
        LogCommand::Add {
            case_id,
            date,
            time,
            channel,
            direction,
            party,
            subject,
            summary,
            follow_up,
            documents,
        } => {
            let entry = store.add_entry(
                case_id,
                &EntryDetails {
                    occurred_on: date,
                    occurred_time: time,
                    direction,
                    channel,
                    party,
                    subject,
                    note: summary,
                    follow_up_by: follow_up,
                    documents,
                },
                today,
            )?;
            Ok(Output {
                refused: false,
                text: entry.id.to_string(),
                json: json!(entry),
            })
        }
        LogCommand::List { case_id } => {
            let entries = store.list_entries(case_id)?;
            let text = if entries.is_empty() {
                "No correspondence logged yet. Add some with: casefile log add".to_owned()
            } else {
                entries
                    .iter()
                    .map(entry_text)
                    .collect::<Vec<_>>()
                    .join("\n\n")
            };
            Ok(Output {
                refused: false,
                text,
                json: json!({ "entries": entries }),
            })
        }
        LogCommand::Edit { entry_id, summary } => Ok(one(store.revise_note(entry_id, &summary)?)),
        LogCommand::Done { entry_id } => Ok(one(store.complete_follow_up(entry_id, today)?)),
        LogCommand::History { entry_id } => {
            let history = store.note_history(entry_id)?;
            Ok(Output {
                refused: false,
                text: history
                    .iter()
                    .map(|v| format!("Version {} written {}\n{}", v.version, v.written_at, v.body))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                json: json!({ "entry_id": entry_id, "versions": history }),
            })
        }
    }
}
