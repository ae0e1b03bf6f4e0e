//! Backups in the data folder, and one-file exports for a USB stick or a new computer.

use std::path::PathBuf;

use casefile_core::{BackupInfo, CheckReport, ExportReport, ImportResult};
use tauri::{AppHandle, Manager};
use zeroize::Zeroizing;

use super::{CommandResult, Record, Scope, blocking, run};
use crate::state::AppState;

/// The backups in the data folder, newest first.
#[tauri::command]
pub async fn list_backups(app: AppHandle) -> CommandResult<Vec<BackupInfo>> {
    run(&app, Scope::Any, |store| store.list_backups()).await
}

#[tauri::command]
pub async fn backup_now(app: AppHandle) -> CommandResult<BackupInfo> {
    run(&app, Scope::Any, |store| store.backup_now("manual")).await
}

/// Puts the case file back as the backup at `path` had it (the current state is backed up
/// first); returns the check of the result.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, path: String) -> CommandResult<CheckReport> {
    run(&app, Scope::EveryCase, move |store| {
        store.restore_backup(&PathBuf::from(path))
    })
    .await
}

/// When the database is missing but the documents are there: puts it back from the backup at
/// `path` and opens the case file (a protected one with its `passphrase`).
#[tauri::command]
pub async fn restore_missing_database(
    app: AppHandle,
    path: String,
    passphrase: Option<String>,
) -> CommandResult<CheckReport> {
    let passphrase = passphrase.map(Zeroizing::new);
    blocking(move || {
        app.state::<AppState>().restore_missing_database(
            &PathBuf::from(path),
            passphrase.as_deref().map(|p| p.as_str()),
        )
    })
    .await
}

/// After a restore: takes the document files the restored database does not list (documents
/// stored since that backup) back in as documents of `case_id`.
#[tauri::command]
pub async fn take_back_unlisted_documents(
    app: AppHandle,
    case_id: i64,
) -> CommandResult<Vec<ImportResult>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.take_back_unlisted_documents(case_id)
    })
    .await
}

/// Writes everything (database and documents, encrypted as stored) into one export file at
/// `path`, then reads it back to check it.
#[tauri::command]
pub async fn export_everything(app: AppHandle, path: String) -> CommandResult<ExportReport> {
    run(&app, Scope::EveryCase, move |store| {
        store.export_to(&PathBuf::from(path))
    })
    .await
}

/// Whether an export file needs its passphrase to be checked or restored.
#[tauri::command]
pub async fn export_is_protected(path: String) -> CommandResult<bool> {
    blocking(move || Ok(casefile_core::export_is_protected(&PathBuf::from(path))?)).await
}

/// Reads an export file back whole; changes nothing.
#[tauri::command]
pub async fn verify_export_file(
    path: String,
    passphrase: Option<String>,
) -> CommandResult<ExportReport> {
    let passphrase = passphrase.map(Zeroizing::new);
    blocking(move || {
        Ok(casefile_core::verify_export(
            &PathBuf::from(path),
            passphrase.as_deref().map(String::as_str),
        )?)
    })
    .await
}

/// First start on a new computer: the data folder is filled from an export file.
#[tauri::command]
pub async fn restore_from_export(
    app: AppHandle,
    path: String,
    passphrase: Option<String>,
) -> CommandResult<ExportReport> {
    let passphrase = passphrase.map(Zeroizing::new);
    blocking(move || {
        app.state::<AppState>().restore_from_export(
            &PathBuf::from(path),
            passphrase.as_deref().map(String::as_str),
        )
    })
    .await
}
