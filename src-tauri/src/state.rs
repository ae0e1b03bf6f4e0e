use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use casefile_core::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;

/// The open data folder, or why it could not be opened (shown in the window, not a crash).
#[derive(Debug)]
pub struct AppState {
    data_folder: Option<PathBuf>,
    store: Mutex<Result<Store, CommandError>>,
    /// Set by "Cancel" while a bundle is being built; the build checks it between steps.
    pub build_cancelled: std::sync::atomic::AtomicBool,
}

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    /// Where the case files are kept on this computer.
    pub data_folder: Option<String>,
    /// Why the data folder could not be opened, if it could not.
    pub error: Option<CommandError>,
}

impl AppState {
    /// Opens the folder named by `CASEFILE_HOME`, else the platform's data folder.
    pub fn open_from_environment() -> AppState {
        match casefile_core::resolve_home(None) {
            Ok(home) => AppState {
                store: Mutex::new(Store::open(&home).map_err(CommandError::from)),
                data_folder: Some(home),
                build_cancelled: Default::default(),
            },
            Err(e) => AppState {
                data_folder: None,
                store: Mutex::new(Err(e.into())),
                build_cancelled: Default::default(),
            },
        }
    }

    pub fn status(&self) -> AppStatus {
        let error = match self.store.lock() {
            Ok(guard) => guard.as_ref().err().cloned(),
            Err(_) => Some(poisoned()),
        };
        AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_folder: self.data_folder.as_ref().map(|p| p.display().to_string()),
            error,
        }
    }

    /// Runs `f` with the open store; an unopened folder gives its error to every command.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> casefile_core::Result<T>,
    ) -> Result<T, CommandError> {
        let mut guard: MutexGuard<'_, _> = self.store.lock().map_err(|_| poisoned())?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(CommandError::from),
            Err(e) => Err(e.clone()),
        }
    }
}

impl AppState {
    /// [`AppState::with_store`] for work whose errors are not the core's (bundle builds).
    pub fn with_store_try<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut guard: MutexGuard<'_, _> = self.store.lock().map_err(|_| poisoned())?;
        match guard.as_mut() {
            Ok(store) => f(store),
            Err(e) => Err(e.clone()),
        }
    }
}

fn poisoned() -> CommandError {
    CommandError::internal(
        "Casefile hit an internal problem and stopped saving to be safe. Close Casefile and open it again; everything saved so far is kept.",
    )
}
