//! The provision ledger: what the EHC plan promises, the sessions delivered or missed, the
//! school's term dates, and the shortfall table.

use std::path::PathBuf;

use casefile_core::ledger::{SchoolCalendar, TermBlock};
use casefile_core::records::provision::{TermDatesPreview, TermRow, TermRowsSaved};
use casefile_core::{
    ExportResult, PdfExport, Provision, ProvisionDetails, ProvisionReport, SessionDetails,
    SessionRecord, today,
};
use tauri::AppHandle;

use super::{CommandResult, Record, Scope, run};

#[tauri::command]
pub async fn list_provisions(app: AppHandle, case_id: i64) -> CommandResult<Vec<Provision>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.list_provisions(case_id)
    })
    .await
}

#[tauri::command]
pub async fn add_provision(
    app: AppHandle,
    case_id: i64,
    details: ProvisionDetails,
) -> CommandResult<Provision> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.add_provision(case_id, &details)
    })
    .await
}

/// A new schedule from a date (an amended plan).
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ScheduleChange {
    pub from: String,
    pub sessions: u32,
    pub per: String,
    pub minutes: u32,
    pub term_time_only: bool,
}

#[tauri::command]
pub async fn amend_provision(
    app: AppHandle,
    provision_id: i64,
    change: ScheduleChange,
) -> CommandResult<Provision> {
    run(
        &app,
        Scope::Of(Record::Provision(provision_id)),
        move |store| {
            store.amend_provision(
                provision_id,
                &change.from,
                change.sessions,
                &change.per,
                change.minutes,
                change.term_time_only,
            )
        },
    )
    .await
}

#[tauri::command]
pub async fn log_session(
    app: AppHandle,
    provision_id: i64,
    details: SessionDetails,
) -> CommandResult<i64> {
    run(
        &app,
        Scope::Of(Record::Provision(provision_id)),
        move |store| store.log_session(provision_id, &details, today()),
    )
    .await
}

#[tauri::command]
pub async fn list_sessions(app: AppHandle, provision_id: i64) -> CommandResult<Vec<SessionRecord>> {
    run(
        &app,
        Scope::Of(Record::Provision(provision_id)),
        move |store| store.list_sessions(provision_id),
    )
    .await
}

#[tauri::command]
pub async fn correct_session(
    app: AppHandle,
    session_id: i64,
    details: SessionDetails,
) -> CommandResult<SessionRecord> {
    run(&app, Scope::Of(Record::Session(session_id)), move |store| {
        store.correct_session(session_id, &details, today())
    })
    .await
}

#[tauri::command]
pub async fn log_delivered_range(
    app: AppHandle,
    provision_id: i64,
    from: String,
    to: String,
    except: Vec<String>,
) -> CommandResult<u32> {
    run(
        &app,
        Scope::Of(Record::Provision(provision_id)),
        move |store| store.log_delivered_range(provision_id, &from, &to, &except, today()),
    )
    .await
}

#[tauri::command]
pub async fn provision_report(app: AppHandle, case_id: i64) -> CommandResult<ProvisionReport> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.provision_report(case_id, None, None, today())
    })
    .await
}

#[tauri::command]
pub async fn school_calendar(app: AppHandle, case_id: i64) -> CommandResult<SchoolCalendar> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.case(case_id)?;
        store.school_calendar(case_id)
    })
    .await
}

#[tauri::command]
pub async fn import_term_dates(
    app: AppHandle,
    case_id: i64,
    text: String,
) -> CommandResult<SchoolCalendar> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.import_term_dates(case_id, &text, today())
    })
    .await
}

/// What Casefile reads from pasted or typed term dates, with every line's problem; nothing stored.
#[tauri::command]
pub async fn preview_term_dates(
    app: AppHandle,
    case_id: i64,
    text: String,
) -> CommandResult<TermDatesPreview> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.preview_term_dates(case_id, &text, today())
    })
    .await
}

/// Saves the half-terms typed in the window in place of the stored ones; every row's problems
/// instead, with nothing stored.
#[tauri::command]
pub async fn save_term_rows(
    app: AppHandle,
    case_id: i64,
    rows: Vec<TermRow>,
) -> CommandResult<TermRowsSaved> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.save_term_rows(case_id, &rows)
    })
    .await
}

/// A common English school year from September of `year`, for the family to correct.
#[tauri::command]
pub fn typical_school_year(year: i32) -> Vec<TermBlock> {
    casefile_core::records::provision::typical_school_year(year)
}

#[tauri::command]
pub async fn copy_terms_forward(
    app: AppHandle,
    case_id: i64,
    year: i32,
) -> CommandResult<SchoolCalendar> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.copy_terms_forward(case_id, year)
    })
    .await
}

#[tauri::command]
pub async fn export_provision_csv(
    app: AppHandle,
    case_id: i64,
    path: String,
) -> CommandResult<ExportResult> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.save_provision_csv(case_id, &PathBuf::from(path), (None, None), today())
    })
    .await
}

#[tauri::command]
pub async fn export_provision_pdf(
    app: AppHandle,
    case_id: i64,
    path: String,
) -> CommandResult<PdfExport> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.save_shortfall_pdf(case_id, &PathBuf::from(path), (None, None), today())
    })
    .await
}
