//! Statutory clocks and their deadlines, chasing letters, and the files made from them.

use std::path::PathBuf;

use casefile_core::rules::{self, ExceptionDef, ProcessDef};
use casefile_core::{
    CaseDeadline, Clock, ClockStart, ExceptionInput, ExportResult, OutcomeKind, PdfExport,
    TodayItem, today,
};
use tauri::AppHandle;

use super::{CommandResult, Record, Scope, blocking, run, run_visible};

#[tauri::command]
pub async fn list_processes() -> CommandResult<Vec<ProcessDef>> {
    Ok(rules::PROCESSES.to_vec())
}

#[tauri::command]
pub async fn list_exceptions() -> CommandResult<Vec<ExceptionDef>> {
    Ok(rules::EXCEPTIONS.to_vec())
}

#[tauri::command]
pub async fn case_clocks(app: AppHandle, case_id: i64) -> CommandResult<Vec<Clock>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.clocks_for_case(case_id, today())
    })
    .await
}

#[tauri::command]
pub async fn case_deadlines(app: AppHandle, case_id: i64) -> CommandResult<Vec<CaseDeadline>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.case_deadlines(case_id, today())
    })
    .await
}

#[tauri::command]
pub async fn today_deadlines(app: AppHandle) -> CommandResult<Vec<TodayItem>> {
    run_visible(&app, |store| store.today_deadlines(today()), |i| i.case_id).await
}

#[tauri::command]
pub async fn start_clock(app: AppHandle, case_id: i64, start: ClockStart) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.start_clock(case_id, &start, today())
    })
    .await
}

#[tauri::command]
pub async fn record_clock_event(
    app: AppHandle,
    clock_id: i64,
    event: String,
    date: String,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.record_clock_event(clock_id, &event, &date, today())
    })
    .await
}

#[tauri::command]
pub async fn record_step_outcome(
    app: AppHandle,
    clock_id: i64,
    step: String,
    outcome: OutcomeKind,
    on: Option<String>,
    note: Option<String>,
    evidence: Option<i64>,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.record_step_outcome_with_evidence(
            clock_id,
            &step,
            outcome,
            on.as_deref(),
            note.as_deref(),
            evidence,
            today(),
        )
    })
    .await
}

#[tauri::command]
pub async fn set_step_due_date(
    app: AppHandle,
    clock_id: i64,
    step: String,
    date: Option<String>,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.set_step_due_date(clock_id, &step, date.as_deref(), today())
    })
    .await
}

#[tauri::command]
pub async fn set_step_evidence(
    app: AppHandle,
    clock_id: i64,
    step: String,
    entry_id: Option<i64>,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.set_step_evidence(clock_id, &step, entry_id, today())
    })
    .await
}

#[tauri::command]
pub async fn record_clock_exception(
    app: AppHandle,
    clock_id: i64,
    input: ExceptionInput,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.record_clock_exception(clock_id, &input, today())
    })
    .await
}

#[tauri::command]
pub async fn remove_clock_exception(
    app: AppHandle,
    clock_id: i64,
    exception_id: i64,
) -> CommandResult<Clock> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.remove_clock_exception(clock_id, exception_id, today())
    })
    .await
}

#[tauri::command]
pub async fn export_deadlines_ics(
    app: AppHandle,
    case_id: i64,
    path: String,
) -> CommandResult<ExportResult> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.save_deadlines_ics(case_id, &PathBuf::from(path), today())
    })
    .await
}

#[tauri::command]
pub async fn draft_chasing_letter(
    app: AppHandle,
    clock_id: i64,
    step: String,
) -> CommandResult<casefile_core::outputs::letters::Letter> {
    run(&app, Scope::Of(Record::Clock(clock_id)), move |store| {
        store.draft_chasing_letter(clock_id, &step, today())
    })
    .await
}

/// Saves text the person has written or edited (a letter) where they chose.
#[tauri::command]
pub async fn save_text_file(path: String, text: String) -> CommandResult<ExportResult> {
    blocking(move || Ok(casefile_core::save_text(&PathBuf::from(path), &text)?)).await
}

/// Saves text the person has written or edited (a letter) as an A4 PDF where they chose.
#[tauri::command]
pub async fn save_letter_pdf(
    path: String,
    title: String,
    text: String,
) -> CommandResult<PdfExport> {
    blocking(move || {
        Ok(casefile_core::save_text_pdf(
            &PathBuf::from(path),
            &title,
            &text,
        )?)
    })
    .await
}
