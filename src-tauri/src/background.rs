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
        if let Err(e) = state
            .with_store(|store| store.backup_if_due(std::time::Duration::from_secs(24 * 60 * 60)))
        {
            eprintln!("Casefile could not make its daily backup: {}", e.message);
        }
    });
}
