//! Cases, the people and organisations in them, and their timeline.

use casefile_core::{Case, CaseDetails, CaseFilter, Party, TimelineItem};
use tauri::{AppHandle, State};

use super::{CommandResult, Record, Scope, run, run_visible};
use crate::state::{AppState, AppStatus};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    Ok(state.status())
}

#[tauri::command]
pub async fn list_cases(app: AppHandle, filter: CaseFilter) -> CommandResult<Vec<Case>> {
    run_visible(&app, move |store| store.list_cases(filter), |c| c.id).await
}

#[tauri::command]
pub async fn get_case(app: AppHandle, id: i64) -> CommandResult<Case> {
    run(&app, Scope::Of(Record::Case(id)), move |store| {
        store.case(id)
    })
    .await
}

#[tauri::command]
pub async fn create_case(app: AppHandle, details: CaseDetails) -> CommandResult<Case> {
    run(&app, Scope::EveryCase, move |store| {
        store.create_case(&details)
    })
    .await
}

#[tauri::command]
pub async fn update_case(app: AppHandle, id: i64, details: CaseDetails) -> CommandResult<Case> {
    run(&app, Scope::Of(Record::Case(id)), move |store| {
        store.update_case(id, &details)
    })
    .await
}

#[tauri::command]
pub async fn archive_case(app: AppHandle, id: i64) -> CommandResult<Case> {
    run(&app, Scope::Of(Record::Case(id)), move |store| {
        store.archive_case(id)
    })
    .await
}

#[tauri::command]
pub async fn restore_case(app: AppHandle, id: i64) -> CommandResult<Case> {
    run(&app, Scope::Of(Record::Case(id)), move |store| {
        store.restore_case(id)
    })
    .await
}

#[tauri::command]
pub async fn create_demo_case(app: AppHandle) -> CommandResult<Case> {
    run(&app, Scope::EveryCase, |store| {
        Ok(casefile_core::demo::create_demo(store)?.case)
    })
    .await
}

#[tauri::command]
pub async fn list_parties(app: AppHandle, case_id: i64) -> CommandResult<Vec<Party>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.list_parties(case_id)
    })
    .await
}

#[tauri::command]
pub async fn merge_parties(
    app: AppHandle,
    keep_id: i64,
    duplicate_id: i64,
) -> CommandResult<Party> {
    // The core refuses a merge across cases, so the kept entry's case is the one that counts.
    run(&app, Scope::Of(Record::Party(keep_id)), move |store| {
        store.merge_parties(keep_id, duplicate_id)
    })
    .await
}

#[tauri::command]
pub async fn case_timeline(app: AppHandle, case_id: i64) -> CommandResult<Vec<TimelineItem>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.case_timeline(case_id)
    })
    .await
}
