use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use casefile_core::Store;
use casefile_core::keys::{DEFAULT_KDF, RecoveryKey};
use casefile_core::{FolderState, folder_state};
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
    /// Visit mode: the one case the window shows (a support worker in a family's home).
    visit: Mutex<Option<i64>>,
}

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    /// Where the case files are kept on this computer.
    pub data_folder: Option<String>,
    /// Why the data folder could not be opened, if it could not (kind `locked` when it waits
    /// for its passphrase, `setup` on the first start).
    pub error: Option<CommandError>,
    /// Whether the case file is new, plain or protected by a passphrase.
    pub folder: Option<FolderState>,
    /// In visit mode, the one case shown.
    #[ts(type = "number | null")]
    pub visit_case: Option<i64>,
}

fn locked_error() -> CommandError {
    CommandError {
        kind: "locked".into(),
        message: "Casefile is locked. Type the passphrase to open the case files.".into(),
        field: None,
    }
}

fn setup_error() -> CommandError {
    CommandError {
        kind: "setup".into(),
        message: "Choose a passphrase to protect the case files on this computer.".into(),
        field: None,
    }
}

fn opened(home: &std::path::Path) -> Result<Store, CommandError> {
    match folder_state(home) {
        FolderState::New => Err(setup_error()),
        FolderState::Protected => Err(locked_error()),
        FolderState::Plain => Store::open(home).map_err(CommandError::from),
    }
}

impl AppState {
    /// Opens the folder named by `CASEFILE_HOME`, else the platform's data folder.
    pub fn open_from_environment() -> AppState {
        match casefile_core::resolve_home(None) {
            Ok(home) => AppState {
                store: Mutex::new(opened(&home)),
                data_folder: Some(home),
                build_cancelled: Default::default(),
                visit: Mutex::new(None),
            },
            Err(e) => AppState {
                data_folder: None,
                store: Mutex::new(Err(e.into())),
                build_cancelled: Default::default(),
                visit: Mutex::new(None),
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
            folder: self.data_folder.as_deref().map(folder_state),
            visit_case: self.visit_case(),
        }
    }

    /// The case visit mode shows, if it is on.
    pub fn visit_case(&self) -> Option<i64> {
        self.visit.lock().map(|v| *v).unwrap_or(None)
    }

    /// Refuses work on any other case while visit mode is on.
    pub fn check_visible(&self, case_id: i64) -> Result<(), CommandError> {
        match self.visit_case() {
            Some(visit) if visit != case_id => Err(CommandError {
                kind: "visit_mode".into(),
                message: "Visit mode shows only one case. End visit mode to see the others.".into(),
                field: None,
            }),
            _ => Ok(()),
        }
    }

    /// Visit mode on for `case_id` (which must exist).
    pub fn start_visit(&self, case_id: i64) -> Result<(), CommandError> {
        self.with_store(|store| store.case(case_id).map(|_| ()))?;
        *self.visit.lock().map_err(|_| poisoned())? = Some(case_id);
        Ok(())
    }

    /// Visit mode off; for a protected case file only with its passphrase, so that the family
    /// being visited cannot open other families' cases.
    pub fn end_visit(&self, passphrase: Option<&str>) -> Result<(), CommandError> {
        let home = self.home()?;
        if folder_state(home) == FolderState::Protected {
            casefile_core::read_key_file(home)?.unlock(passphrase.unwrap_or_default())?;
        }
        *self.visit.lock().map_err(|_| poisoned())? = None;
        Ok(())
    }

    fn home(&self) -> Result<&std::path::Path, CommandError> {
        self.data_folder
            .as_deref()
            .ok_or_else(|| CommandError::internal("Casefile has no data folder on this computer."))
    }

    /// Puts a freshly opened store in place of the locked (or new) one.
    fn replace(&self, opened: casefile_core::Result<Store>) -> Result<(), CommandError> {
        let store = opened.map_err(CommandError::from)?;
        *self.store.lock().map_err(|_| poisoned())? = Ok(store);
        Ok(())
    }

    /// Opens the protected case file; a wrong passphrase changes nothing.
    pub fn unlock(&self, passphrase: &str) -> Result<(), CommandError> {
        let home = self.home()?;
        self.replace(Store::unlock(home, passphrase))
    }

    /// Opens with the recovery key and sets a new passphrase.
    pub fn unlock_with_recovery(
        &self,
        recovery: &str,
        new_passphrase: &str,
    ) -> Result<(), CommandError> {
        let home = self.home()?;
        self.replace(Store::unlock_with_recovery(home, recovery, new_passphrase))
    }

    /// First start: a new protected case file; the recovery key is returned to be shown once.
    pub fn set_up(&self, passphrase: Option<&str>) -> Result<Option<RecoveryKey>, CommandError> {
        let home = self.home()?;
        if folder_state(home) != FolderState::New {
            return Err(CommandError::internal(
                "This computer already has a case file.",
            ));
        }
        match passphrase {
            Some(passphrase) => {
                let (store, recovery) = Store::create_protected(home, passphrase, DEFAULT_KDF)?;
                self.replace(Ok(store))?;
                Ok(Some(recovery))
            }
            None => {
                self.replace(Store::open(home))?;
                Ok(None)
            }
        }
    }

    /// First start: fills the (empty) data folder from an export file, then opens it as it
    /// came: a protected one waits for its passphrase.
    pub fn restore_from_export(
        &self,
        file: &std::path::Path,
        passphrase: Option<&str>,
    ) -> Result<casefile_core::ExportReport, CommandError> {
        let home = self.home()?;
        if folder_state(home) != FolderState::New {
            return Err(CommandError::internal(
                "This computer already has a case file, so an export is not restored over it.",
            ));
        }
        let report = casefile_core::restore_export(file, home, passphrase)?;
        *self.store.lock().map_err(|_| poisoned())? = opened(home);
        Ok(report)
    }

    /// Encrypts a plain case file in place.
    pub fn protect(&self, passphrase: &str) -> Result<RecoveryKey, CommandError> {
        let mut guard = self.store.lock().map_err(|_| poisoned())?;
        if let Err(e) = guard.as_ref() {
            return Err(e.clone());
        }
        let store = std::mem::replace(&mut *guard, Err(locked_error()))?;
        let home = store.home().to_path_buf();
        match store.protect(passphrase, DEFAULT_KDF) {
            Ok((store, recovery)) => {
                *guard = Ok(store);
                Ok(recovery)
            }
            Err(e) => {
                // A refused passphrase leaves the plain case file open as it was; anything
                // later is finished at the next unlock.
                *guard = match folder_state(&home) {
                    FolderState::Plain => Store::open(&home).map_err(CommandError::from),
                    _ => Err(locked_error()),
                };
                Err(e.into())
            }
        }
    }

    /// Drops the store, and with it the data key: the window shows nothing until unlocked.
    /// A plain case file cannot be locked.
    pub fn lock(&self) -> Result<bool, CommandError> {
        let mut guard = self.store.lock().map_err(|_| poisoned())?;
        let protected = matches!(guard.as_ref(), Ok(store) if store.is_protected());
        if protected {
            *guard = Err(locked_error());
        }
        Ok(protected)
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

fn poisoned() -> CommandError {
    CommandError::internal(
        "Casefile hit an internal problem and stopped saving to be safe. Close Casefile and open it again; everything saved so far is kept.",
    )
}
