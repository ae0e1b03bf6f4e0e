//! Passphrase, lock and unlock (encryption at rest), visit mode and hand-over files.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, State};
use zeroize::Zeroizing;

use super::{CommandResult, Record, Scope, blocking, run};
use crate::state::AppState;

/// Once the case file is open: the daily backup and the background reader resume.
fn after_open(app: &AppHandle) {
    crate::background::backup_daily(app.clone());
    crate::ocr_worker::start(app.clone());
}

/// First start: protects the new case file with `passphrase` and returns the recovery key to
/// show once; with no passphrase, the case file is made unprotected (the family's choice).
#[tauri::command]
pub async fn set_up_case_file(
    app: AppHandle,
    passphrase: Option<String>,
) -> CommandResult<Option<String>> {
    let passphrase = passphrase.map(Zeroizing::new);
    let state = app.clone();
    let recovery = blocking(move || {
        state
            .state::<AppState>()
            .set_up(passphrase.as_deref().map(String::as_str))
    })
    .await?;
    after_open(&app);
    Ok(recovery.map(|r| r.0))
}

#[tauri::command]
pub async fn unlock(app: AppHandle, passphrase: String) -> CommandResult<()> {
    let passphrase = Zeroizing::new(passphrase);
    let state = app.clone();
    blocking(move || state.state::<AppState>().unlock(&passphrase)).await?;
    after_open(&app);
    Ok(())
}

#[tauri::command]
pub async fn unlock_with_recovery(
    app: AppHandle,
    recovery: String,
    new_passphrase: String,
) -> CommandResult<()> {
    let (recovery, new_passphrase) = (Zeroizing::new(recovery), Zeroizing::new(new_passphrase));
    let state = app.clone();
    blocking(move || {
        state
            .state::<AppState>()
            .unlock_with_recovery(&recovery, &new_passphrase)
    })
    .await?;
    after_open(&app);
    Ok(())
}

/// Locks now (the key leaves memory); false for a case file with no passphrase.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CommandResult<bool> {
    state.lock()
}

/// Encrypts a plain case file in place; returns the recovery key to show once.
#[tauri::command]
pub async fn protect_case_file(app: AppHandle, passphrase: String) -> CommandResult<String> {
    let passphrase = Zeroizing::new(passphrase);
    blocking(move || Ok(app.state::<AppState>().protect(&passphrase)?.0)).await
}

#[tauri::command]
pub async fn change_passphrase(
    app: AppHandle,
    current: String,
    new_passphrase: String,
) -> CommandResult<()> {
    let (current, new_passphrase) = (Zeroizing::new(current), Zeroizing::new(new_passphrase));
    run(&app, Scope::Any, move |store| {
        store.change_passphrase(&current, &new_passphrase)
    })
    .await
}

#[tauri::command]
pub async fn new_recovery_key(app: AppHandle, passphrase: String) -> CommandResult<String> {
    let passphrase = Zeroizing::new(passphrase);
    run(&app, Scope::Any, move |store| {
        store.new_recovery_key(&passphrase).map(|r| r.0)
    })
    .await
}

/// Visit mode: the window shows only `case_id` until it is ended.
#[tauri::command]
pub async fn start_visit(app: AppHandle, case_id: i64) -> CommandResult<()> {
    blocking(move || app.state::<AppState>().start_visit(case_id)).await
}

/// Ends visit mode (with the passphrase, for a protected case file).
#[tauri::command]
pub async fn end_visit(app: AppHandle, passphrase: Option<String>) -> CommandResult<()> {
    let passphrase = passphrase.map(Zeroizing::new);
    blocking(move || {
        app.state::<AppState>()
            .end_visit(passphrase.as_deref().map(String::as_str))
    })
    .await
}

/// Writes one case into an encrypted hand-over file at `path`.
#[tauri::command]
pub async fn export_case_handover(
    app: AppHandle,
    case_id: i64,
    path: String,
    passphrase: String,
) -> CommandResult<casefile_core::HandoverReport> {
    let passphrase = Zeroizing::new(passphrase);
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.export_case_handover(case_id, &PathBuf::from(path), &passphrase)
    })
    .await
}

/// Takes in the case from a hand-over file as a new case.
#[tauri::command]
pub async fn import_case_handover(
    app: AppHandle,
    path: String,
    passphrase: String,
) -> CommandResult<casefile_core::HandoverReport> {
    let passphrase = Zeroizing::new(passphrase);
    run(&app, Scope::EveryCase, move |store| {
        store.import_case_handover(&PathBuf::from(path), &passphrase)
    })
    .await
}
