//! `casefile case` and `casefile demo`.

use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::format::*;
use crate::output::Output;

pub(crate) fn run_case(store: &mut Store, command: CaseCommand) -> Result<Output, CoreError> {
    match command {
        CaseCommand::New(new) => {
            let details = new.details.apply(CaseDetails {
                child_name: new.name,
                ..CaseDetails::default()
            })?;
            let case = store.create_case(&details)?;
            // Plain text is just the number, so scripts can write `id=$(casefile case new …)`.
            Ok(Output {
                refused: false,
                text: case.id.to_string(),
                json: json!(case),
            })
        }
        CaseCommand::List { archived, all } => {
            let filter = match (archived, all) {
                (_, true) => CaseFilter::All,
                (true, false) => CaseFilter::Archived,
                (false, false) => CaseFilter::Active,
            };
            let cases = store.list_cases(filter)?;
            Ok(Output {
                refused: false,
                text: case_table(&cases, filter),
                json: json!({ "cases": cases }),
            })
        }
        CaseCommand::Show { id } => one_case(store.case(id)?),
        CaseCommand::Edit(edit) => {
            let current = store.case(edit.id)?;
            let base = CaseDetails {
                child_name: edit.name.unwrap_or(current.child_name),
                date_of_birth: current
                    .date_of_birth
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                local_authority: current.local_authority,
                school: current.school,
                ehcp_status: current.ehcp_status,
                tribunal_reference: current.tribunal_reference,
            };
            let details = edit.details.apply(base)?;
            one_case(store.update_case(edit.id, &details)?)
        }
        CaseCommand::Archive { id } => one_case(store.archive_case(id)?),
        CaseCommand::Restore { id } => one_case(store.restore_case(id)?),
    }
}

pub(crate) fn one_case(case: Case) -> Result<Output, CoreError> {
    let line = |label: &str, value: Option<String>| {
        format!("{label:<20}{}\n", value.unwrap_or_else(|| "—".into()))
    };
    let mut text = String::new();
    text += &line("Case", Some(case.id.to_string()));
    text += &line("Child", Some(case.child_name.clone()));
    text += &line("Date of birth", case.date_of_birth.map(long_date));
    text += &line("Local authority", case.local_authority.clone());
    text += &line("School or setting", case.school.clone());
    text += &line("EHC plan", Some(case.ehcp_status.label().into()));
    text += &line("Tribunal reference", case.tribunal_reference.clone());
    if case.archived_at.is_some() {
        text += &line("Archived", Some("yes".into()));
    }
    if case.is_demo {
        text += &line("Demo", Some("yes — a fictional case".into()));
    }
    Ok(Output {
        refused: false,
        text: text.trim_end().to_owned(),
        json: json!(case),
    })
}

pub(crate) fn demo(store: &mut Store) -> Result<Output, CoreError> {
    let outcome = casefile_core::demo::create_demo(store)?;
    let text = if outcome.created {
        format!(
            "Created the demo case {} for {} (fictional). Open Casefile to explore it.",
            outcome.case.id, outcome.case.child_name
        )
    } else {
        format!(
            "The demo case already exists: case {} ({}).",
            outcome.case.id, outcome.case.child_name
        )
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "case": outcome.case, "created": outcome.created }),
    })
}
