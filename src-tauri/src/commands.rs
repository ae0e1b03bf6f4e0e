//! IPC commands: parse, call the core, map errors. No rules live here.
//! `async` so that the store work runs off the window's main thread.

use casefile_core::{Case, CaseDetails, CaseFilter, demo};
use tauri::State;

use crate::error::CommandError;
use crate::state::{AppState, AppStatus};

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    Ok(state.status())
}

#[tauri::command]
pub async fn list_cases(
    state: State<'_, AppState>,
    filter: CaseFilter,
) -> CommandResult<Vec<Case>> {
    state.with_store(|store| store.list_cases(filter))
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.with_store(|store| store.case(id))
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, details: CaseDetails) -> CommandResult<Case> {
    state.with_store(|store| store.create_case(&details))
}

#[tauri::command]
pub async fn update_case(
    state: State<'_, AppState>,
    id: i64,
    details: CaseDetails,
) -> CommandResult<Case> {
    state.with_store(|store| store.update_case(id, &details))
}

#[tauri::command]
pub async fn archive_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.with_store(|store| store.archive_case(id))
}

#[tauri::command]
pub async fn restore_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.with_store(|store| store.restore_case(id))
}

#[tauri::command]
pub async fn create_demo_case(state: State<'_, AppState>) -> CommandResult<Case> {
    state.with_store(|store| demo::create_demo_case(store).map(|outcome| outcome.case))
}
