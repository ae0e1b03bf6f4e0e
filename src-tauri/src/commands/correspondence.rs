//! The correspondence log: letters, emails, calls and meetings, and their follow-ups.

use casefile_core::{Entry, EntryDetails, FollowUp, NoteVersion, today};
use tauri::AppHandle;

use super::{CommandResult, Record, Scope, run, run_visible};

#[tauri::command]
pub async fn list_entries(app: AppHandle, case_id: i64) -> CommandResult<Vec<Entry>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.list_entries(case_id)
    })
    .await
}

#[tauri::command]
pub async fn add_entry(
    app: AppHandle,
    case_id: i64,
    details: EntryDetails,
) -> CommandResult<Entry> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.add_entry(case_id, &details, today())
    })
    .await
}

#[tauri::command]
pub async fn revise_note(app: AppHandle, entry_id: i64, note: String) -> CommandResult<Entry> {
    run(&app, Scope::Of(Record::Entry(entry_id)), move |store| {
        store.revise_note(entry_id, &note)
    })
    .await
}

#[tauri::command]
pub async fn note_history(app: AppHandle, entry_id: i64) -> CommandResult<Vec<NoteVersion>> {
    run(&app, Scope::Of(Record::Entry(entry_id)), move |store| {
        store.note_history(entry_id)
    })
    .await
}

#[tauri::command]
pub async fn complete_follow_up(app: AppHandle, entry_id: i64) -> CommandResult<Entry> {
    run(&app, Scope::Of(Record::Entry(entry_id)), move |store| {
        store.complete_follow_up(entry_id, today())
    })
    .await
}

#[tauri::command]
pub async fn due_follow_ups(app: AppHandle) -> CommandResult<Vec<FollowUp>> {
    run_visible(&app, |store| store.due_follow_ups(today()), |i| i.case_id).await
}
