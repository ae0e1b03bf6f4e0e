//! The app's own work in the background, off the window's thread: one desktop reminder at
//! start, and the daily backup. A machine without a notification service simply shows none.

use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// Shows one desktop reminder when something is overdue or due within days.
pub fn remind_on_start(app: AppHandle) {
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
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

/// Backs the database up once a day, when the app starts or the case file is opened.
pub fn backup_daily(app: AppHandle) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        match state
            .with_store(|store| store.backup_if_due(std::time::Duration::from_secs(24 * 60 * 60)))
        {
            // Still locked, or no case file chosen yet on first start: there is nothing to back
            // up, and the backup runs when the case files are opened.
            Err(e) if e.kind == "locked" || e.kind == "setup" => {}
            Err(e) => eprintln!("Casefile could not make its daily backup: {}", e.message),
            Ok(_) => {}
        }
    });
}
