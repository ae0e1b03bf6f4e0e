//! Casefile's desktop shell: opens the data folder, registers the IPC commands, shows the window.
//! Domain logic lives in `casefile-core`; this crate only translates (DESIGN §3).

mod commands;
mod error;
mod ocr_worker;
mod state;

pub use error::CommandError;
pub use state::AppStatus;

/// Shows one desktop reminder when something is overdue or due within days. Runs off the main
/// thread; a machine without a notification service simply shows none.
fn remind_on_start(app: tauri::AppHandle) {
    use tauri::Manager;
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || {
        let state = app.state::<state::AppState>();
        let items = state.with_store(|store| store.today_deadlines(casefile_core::today()));
        if let Ok(items) = items
            && let Some(reminder) = casefile_core::outputs::reminders::reminder(&items)
            && let Err(e) = app
                .notification()
                .builder()
                .title(reminder.title)
                .body(reminder.body)
                .show()
        {
            eprintln!("Casefile could not show a desktop reminder: {e}");
        }
    });
}

/// Backs the database up once a day, off the main thread, when the app starts.
pub(crate) fn backup_daily(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        let state = app.state::<state::AppState>();
        if let Err(e) = state
            .with_store(|store| store.backup_if_due(std::time::Duration::from_secs(24 * 60 * 60)))
        {
            eprintln!("Casefile could not make its daily backup: {}", e.message);
        }
    });
}

/// Starts the app; returns the process exit code.
pub fn run() -> i32 {
    let state = state::AppState::open_from_environment();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .setup(|app| {
            remind_on_start(app.handle().clone());
            backup_daily(app.handle().clone());
            ocr_worker::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::list_cases,
            commands::get_case,
            commands::create_case,
            commands::update_case,
            commands::archive_case,
            commands::restore_case,
            commands::create_demo_case,
            commands::list_processes,
            commands::list_exceptions,
            commands::case_clocks,
            commands::case_deadlines,
            commands::today_deadlines,
            commands::start_clock,
            commands::record_clock_event,
            commands::record_step_outcome,
            commands::set_step_due_date,
            commands::record_clock_exception,
            commands::export_deadlines_ics,
            commands::draft_chasing_letter,
            commands::save_text_file,
            commands::save_letter_pdf,
            commands::list_entries,
            commands::add_entry,
            commands::revise_note,
            commands::note_history,
            commands::complete_follow_up,
            commands::due_follow_ups,
            commands::set_step_evidence,
            commands::list_provisions,
            commands::add_provision,
            commands::log_session,
            commands::provision_report,
            commands::school_calendar,
            commands::import_term_dates,
            commands::export_provision_csv,
            commands::export_provision_pdf,
            commands::copy_terms_forward,
            commands::amend_provision,
            commands::import_files,
            commands::list_documents,
            commands::search_case,
            commands::ocr_available,
            commands::update_document,
            commands::list_parties,
            commands::merge_parties,
            commands::case_timeline,
            commands::document_view,
            commands::document_page,
            commands::open_document,
            commands::list_bundles,
            commands::create_bundle,
            commands::bundle_overview,
            commands::update_bundle,
            commands::add_bundle_item,
            commands::remove_bundle_item,
            commands::move_bundle_item,
            commands::set_bundle_item_kind,
            commands::add_bundle_section,
            commands::update_bundle_section,
            commands::remove_bundle_section,
            commands::build_bundle,
            commands::cancel_bundle_build,
            commands::open_built_bundle,
            commands::list_sessions,
            commands::correct_session,
            commands::log_delivered_range,
            commands::set_up_case_file,
            commands::unlock,
            commands::unlock_with_recovery,
            commands::lock,
            commands::protect_case_file,
            commands::change_passphrase,
            commands::new_recovery_key,
            commands::start_visit,
            commands::end_visit,
            commands::export_case_handover,
            commands::import_case_handover,
            commands::list_backups,
            commands::backup_now,
            commands::restore_backup,
            commands::export_everything,
            commands::export_is_protected,
            commands::verify_export_file,
            commands::restore_from_export,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Casefile could not start its window: {e}");
            1
        }
    }
}
