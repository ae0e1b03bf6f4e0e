//! Casefile's desktop shell: opens the data folder, registers the IPC commands (one file per
//! area under `commands/`), shows the window. Domain logic lives in `casefile-core`; this crate
//! only translates.

mod background;
mod commands;
mod error;
mod ocr_worker;
mod state;

pub use error::CommandError;
pub use state::AppStatus;

/// What of the window is remembered between starts.
const WINDOW_STATE: tauri_plugin_window_state::StateFlags =
    tauri_plugin_window_state::StateFlags::SIZE
        .union(tauri_plugin_window_state::StateFlags::POSITION)
        .union(tauri_plugin_window_state::StateFlags::MAXIMIZED);

/// Saves the window's size and place half a second after it last changed, so they are kept
/// even when Casefile does not close normally (the computer shuts down, the process is ended);
/// the plugin on its own saves only on a normal exit.
fn remember_window_soon(app: tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static CHANGES: AtomicU64 = AtomicU64::new(0);
    let this_change = CHANGES.fetch_add(1, Ordering::SeqCst) + 1;
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        if CHANGES.load(Ordering::SeqCst) == this_change {
            // Saved on the main thread. The plugin holds its lock while it asks the window for
            // its size and place, which only the main thread answers: asked from this thread,
            // it waited for the main thread while the main thread, handling the next resize or
            // move, waited for the lock, and the window froze.
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                use tauri_plugin_window_state::AppHandleExt;
                let _ = handle.save_window_state(WINDOW_STATE);
            });
        }
    });
}

/// Starts the app; returns the process exit code.
pub fn run() -> i32 {
    // Copies an earlier run opened in the system viewer are not left lying about.
    casefile_core::clear_viewer_copies();
    let state = state::AppState::open_from_environment();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        // The window opens at the size and place it was left in (it first opens at 1120×680,
        // which fits a 1366×768 laptop with a taskbar).
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(WINDOW_STATE)
                .build(),
        )
        .on_window_event(|window, event| {
            if matches!(
                event,
                tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
            ) {
                remember_window_soon(tauri::Manager::app_handle(window).clone());
            }
        })
        .manage(state)
        .setup(|app| {
            background::remind_on_start(app.handle().clone());
            background::backup_daily(app.handle().clone());
            ocr_worker::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::cases::app_status,
            commands::cases::list_cases,
            commands::cases::get_case,
            commands::cases::create_case,
            commands::cases::update_case,
            commands::cases::archive_case,
            commands::cases::restore_case,
            commands::cases::create_demo_case,
            commands::clocks::list_processes,
            commands::clocks::list_exceptions,
            commands::clocks::case_clocks,
            commands::clocks::case_deadlines,
            commands::clocks::today_deadlines,
            commands::clocks::start_clock,
            commands::clocks::record_clock_event,
            commands::clocks::record_step_outcome,
            commands::clocks::set_step_due_date,
            commands::clocks::record_clock_exception,
            commands::clocks::remove_clock_exception,
            commands::clocks::export_deadlines_ics,
            commands::clocks::draft_chasing_letter,
            commands::clocks::save_text_file,
            commands::clocks::save_letter_pdf,
            commands::correspondence::list_entries,
            commands::correspondence::add_entry,
            commands::correspondence::revise_note,
            commands::correspondence::note_history,
            commands::correspondence::complete_follow_up,
            commands::correspondence::due_follow_ups,
            commands::clocks::set_step_evidence,
            commands::provision::list_provisions,
            commands::provision::add_provision,
            commands::provision::log_session,
            commands::provision::provision_report,
            commands::provision::school_calendar,
            commands::provision::import_term_dates,
            commands::provision::preview_term_dates,
            commands::provision::typical_school_year,
            commands::provision::save_term_rows,
            commands::provision::export_provision_csv,
            commands::provision::export_provision_pdf,
            commands::provision::copy_terms_forward,
            commands::provision::amend_provision,
            commands::documents::import_files,
            commands::documents::list_documents,
            commands::documents::search_case,
            commands::documents::ocr_available,
            commands::documents::update_document,
            commands::cases::list_parties,
            commands::cases::merge_parties,
            commands::cases::case_timeline,
            commands::documents::document_view,
            commands::documents::redact_document,
            commands::documents::find_to_redact,
            commands::documents::find_to_redact_in_bundle,
            commands::complaints::complaint_case,
            commands::complaints::draft_complaint_letter,
            commands::complaints::save_complaint_letter,
            commands::complaints::complaint_pack_bundle,
            commands::complaints::pattern_report,
            commands::complaints::save_pattern_report,
            commands::complaints::draft_foi_request,
            commands::complaints::save_foi_request,
            commands::documents::document_page,
            commands::documents::open_document,
            commands::plans::plan_compare,
            commands::plans::plan_check,
            commands::plans::plan_lines,
            commands::plans::set_plan_section_starts,
            commands::plans::save_plan_comparison_pdf,
            commands::plans::keep_plan_comparison,
            commands::plans::draft_plan_change_letter,
            commands::plans::working_document_of_plan,
            commands::plans::start_working_document,
            commands::plans::propose_working_change,
            commands::plans::agree_working_paragraph,
            commands::plans::save_working_document,
            commands::plans::read_council_reply,
            commands::plans::take_council_reply,
            commands::bundles::list_bundles,
            commands::bundles::create_bundle,
            commands::bundles::bundle_overview,
            commands::bundles::check_bundle,
            commands::bundles::audit_council_bundle,
            commands::bundles::import_council_pages,
            commands::bundles::pack_bundle,
            commands::bundles::update_bundle,
            commands::bundles::add_bundle_item,
            commands::bundles::remove_bundle_item,
            commands::bundles::move_bundle_item,
            commands::bundles::set_bundle_item_kind,
            commands::bundles::add_bundle_section,
            commands::bundles::update_bundle_section,
            commands::bundles::remove_bundle_section,
            commands::bundles::build_bundle,
            commands::bundles::cancel_bundle_build,
            commands::bundles::open_built_bundle,
            commands::provision::list_sessions,
            commands::provision::correct_session,
            commands::provision::log_delivered_range,
            commands::privacy::set_up_case_file,
            commands::privacy::unlock,
            commands::privacy::unlock_with_recovery,
            commands::privacy::lock,
            commands::privacy::protect_case_file,
            commands::privacy::change_passphrase,
            commands::privacy::new_recovery_key,
            commands::privacy::start_visit,
            commands::privacy::end_visit,
            commands::privacy::export_case_handover,
            commands::privacy::import_case_handover,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::backups::take_back_unlisted_documents,
            commands::backups::restore_missing_database,
            commands::backups::export_everything,
            commands::backups::export_is_protected,
            commands::backups::verify_export_file,
            commands::backups::restore_from_export,
        ])
        .run(tauri::generate_context!());
    casefile_core::clear_viewer_copies();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Casefile could not start its window: {e}");
            1
        }
    }
}
