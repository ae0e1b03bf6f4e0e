//! `casefile people`: the register of people and organisations.

use casefile_core::*;
use serde_json::json;

use crate::output::Output;

pub(crate) fn list(store: &Store, case_id: i64) -> Result<Output, CoreError> {
    let people = store.list_parties(case_id)?;
    let text = if people.is_empty() {
        "No one in the register yet. Names are added as you log letters and calls.".into()
    } else {
        people
            .iter()
            .map(|p| {
                format!(
                    "{}  {}{}",
                    p.id,
                    p.name,
                    p.role
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "people": people }),
    })
}

pub(crate) fn merge(store: &mut Store, keep: i64, duplicate: i64) -> Result<Output, CoreError> {
    let kept = store.merge_parties(keep, duplicate)?;
    Ok(Output {
        refused: false,
        text: format!("Merged into {} ({}).", kept.name, kept.id),
        json: json!({ "party": kept }),
    })
}
