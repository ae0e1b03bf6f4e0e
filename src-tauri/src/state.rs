use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use casefile_core::keys::{DEFAULT_KDF, RecoveryKey};
use casefile_core::{FolderState, Record, Store, folder_state};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;

/// The open data folder, or why it could not be opened (shown in the window, not a crash).
#[derive(Debug)]
pub struct AppState {
    data_folder: Option<PathBuf>,
    store: Mutex<Result<Store, CommandError>>,
    /// Set by "Cancel", and by locking, while a bundle is being built; the build checks it
    /// between steps and writes nothing once it is set.
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
        problems: Vec::new(),
    }
}

fn setup_error() -> CommandError {
    CommandError {
        kind: "setup".into(),
        message: "Choose a passphrase to protect the case files on this computer.".into(),
        field: None,
        problems: Vec::new(),
    }
}

fn opened(home: &std::path::Path) -> Result<Store, CommandError> {
    match folder_state(home) {
        FolderState::New => Err(setup_error()),
        FolderState::Protected => Err(locked_error()),
        // Opening refuses it with the message that says how to put the database back.
        FolderState::Plain | FolderState::Missing => Store::open(home).map_err(CommandError::from),
    }
}

impl AppState {
    /// Opens the folder named by `CASEFILE_HOME`, else the platform's data folder.
    pub fn open_from_environment() -> AppState {
        match casefile_core::resolve_home(None) {
            Ok(home) => AppState::open_at(home),
            Err(e) => AppState {
                data_folder: None,
                store: Mutex::new(Err(e.into())),
                build_cancelled: Default::default(),
                visit: Mutex::new(None),
            },
        }
    }

    /// Opens the data folder `home` (as far as it can be opened without a passphrase).
    pub fn open_at(home: PathBuf) -> AppState {
        AppState {
            store: Mutex::new(opened(&home)),
            data_folder: Some(home),
            build_cancelled: Default::default(),
            visit: Mutex::new(None),
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

    /// Visit mode on for `case_id` (which must exist, and be the visited one if a visit is on).
    pub fn start_visit(&self, case_id: i64) -> Result<(), CommandError> {
        self.with_store_in(Scope::Of(Record::Case(case_id)), |_| Ok(()))?;
        *self.visit.lock().map_err(|_| poisoned())? = Some(case_id);
        Ok(())
    }

    /// Visit mode's one check, for every command: what `scope` names must belong to the case
    /// being visited (looked up in the store, whatever kind of record it is), and nothing new
    /// is made beside it.
    fn check_scope(&self, store: &Store, scope: &Scope) -> Result<(), CommandError> {
        let Some(visit) = self.visit_case() else {
            return Ok(());
        };
        let refused = || CommandError {
            kind: "visit_mode".into(),
            message: "Visit mode shows only one case. End visit mode to see the others.".into(),
            field: None,
            problems: Vec::new(),
        };
        match scope {
            Scope::Any => Ok(()),
            Scope::EveryCase => Err(refused()),
            Scope::Of(record) => {
                if store.case_of(*record)? == visit {
                    Ok(())
                } else {
                    Err(refused())
                }
            }
        }
    }

    /// Keeps only what belongs to the visited case (every case when no visit is on).
    pub fn visible<T>(&self, mut items: Vec<T>, case_of: impl Fn(&T) -> i64) -> Vec<T> {
        if let Some(visit) = self.visit_case() {
            items.retain(|item| case_of(item) == visit);
        }
        items
    }

    /// Visit mode off; for a protected case file only with its passphrase, so that the family
    /// being visited cannot open other families' cases.
    pub fn end_visit(&self, passphrase: Option<&str>) -> Result<(), CommandError> {
        let home = self.home()?;
        if folder_state(home) == FolderState::Protected {
            // Only the case files' own passphrase ends a visit (the recovery key does not).
            casefile_core::read_key_file(home)?
                .unlock(passphrase.unwrap_or_default())
                .map_err(|_| CommandError {
                    kind: "invalid".into(),
                    message: "That is not the passphrase of these case files, so visit mode stays on. Check it (capital letters count) and try again, or carry on the visit and end it later.".into(),
                    field: Some("passphrase".into()),
                    problems: Vec::new(),
                })?;
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

    /// Puts back the database of a folder that lost it, from one of its backups, and opens it
    /// (a protected one with its `passphrase`); the documents were never touched. Returns the
    /// check of the restored folder.
    pub fn restore_missing_database(
        &self,
        backup: &std::path::Path,
        passphrase: Option<&str>,
    ) -> Result<casefile_core::CheckReport, CommandError> {
        let home = self.home()?;
        let (store, report) = casefile_core::restore_missing_database(home, passphrase, backup)?;
        *self.store.lock().map_err(|_| poisoned())? = Ok(store);
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
    /// A bundle being built stops (it needs no store, so only the flag tells it) and writes
    /// nothing; an import stops at its next file; copies opened in the system viewer go.
    /// The store is held only for a moment at a time, so this takes effect at once. A plain
    /// case file cannot be locked.
    pub fn lock(&self) -> Result<bool, CommandError> {
        let protected = {
            let mut guard = self.store.lock().map_err(|_| poisoned())?;
            let protected = matches!(guard.as_ref(), Ok(store) if store.is_protected());
            if protected {
                *guard = Err(locked_error());
            }
            protected
        };
        if protected {
            self.build_cancelled
                .store(true, std::sync::atomic::Ordering::SeqCst);
            casefile_core::clear_viewer_copies();
        }
        Ok(protected)
    }

    /// Runs `f` with the open store after visit mode's check of `scope`: the one way commands
    /// reach the store (`commands::run`).
    pub fn with_store_in<T>(
        &self,
        scope: Scope,
        f: impl FnOnce(&mut Store) -> casefile_core::Result<T>,
    ) -> Result<T, CommandError> {
        let mut guard: MutexGuard<'_, _> = self.store.lock().map_err(|_| poisoned())?;
        match guard.as_mut() {
            Ok(store) => {
                self.check_scope(store, &scope)?;
                f(store).map_err(CommandError::from)
            }
            Err(e) => Err(e.clone()),
        }
    }

    /// Runs `f` with the open store, for the app's own background work (reminders, the daily
    /// backup, OCR), which is not about one case; an unopened folder gives its error.
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

/// What a command is about, for visit mode's check (see [`AppState::with_store_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Nothing of one case: lists filtered with [`AppState::visible`], settings, backups.
    Any,
    /// Reaches beyond one case (a new case, a case taken in, a restore, everything exported):
    /// refused during a visit.
    EveryCase,
    /// One record; refused unless it belongs to the visited case.
    Of(Record),
}

fn poisoned() -> CommandError {
    CommandError::internal(
        "Casefile hit an internal problem and stopped saving to be safe. Close Casefile and open it again; everything saved so far is kept.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use casefile_core::{BundleKind, CaseDetails, EntryDetails};

    /// One family's case, document, correspondence entry and bundle.
    type Family = (i64, i64, i64, i64);

    /// A plain case file with two families, each with a document, an entry and a bundle.
    fn two_families() -> (tempfile::TempDir, AppState, [Family; 2]) {
        let dir = tempfile::tempdir().expect("dir");
        let home = dir.path().join("data");
        let mut records = Vec::new();
        {
            let mut store = Store::open(&home).expect("open");
            for name in ["Ava", "Robin"] {
                let case = store
                    .create_case(&CaseDetails {
                        child_name: name.into(),
                        ..Default::default()
                    })
                    .expect("case")
                    .id;
                let letter = dir.path().join(format!("{name}.txt"));
                std::fs::write(&letter, format!("Letter about {name}")).expect("write");
                let doc = match store.import_file(case, &letter).expect("import") {
                    casefile_core::ImportOutcome::Imported { document, .. } => document.id,
                    other => panic!("{other:?}"),
                };
                let entry = store
                    .add_entry(
                        case,
                        &EntryDetails {
                            occurred_on: "2026-11-02".into(),
                            direction: "in".into(),
                            channel: "phone".into(),
                            note: format!("Call about {name}"),
                            ..Default::default()
                        },
                        casefile_core::today(),
                    )
                    .expect("entry")
                    .id;
                let bundle = store
                    .create_bundle(case, BundleKind::Evidence, None)
                    .expect("bundle")
                    .id;
                records.push((case, doc, entry, bundle));
            }
        }
        let state = AppState::open_at(home);
        (dir, state, [records[0], records[1]])
    }

    #[test]
    fn a_visit_refuses_every_record_of_another_family_and_nothing_of_its_own() {
        let (
            _dir,
            state,
            [
                (ava, ava_doc, ava_entry, ava_bundle),
                (robin, doc, entry, bundle),
            ],
        ) = two_families();
        state.start_visit(ava).expect("visit");
        for record in [
            Record::Case(robin),
            Record::Document(doc),
            Record::Entry(entry),
            Record::Bundle(bundle),
        ] {
            let refused = state
                .with_store_in(Scope::Of(record), |store| store.case_of(record))
                .expect_err("another family's record");
            assert_eq!(refused.kind, "visit_mode", "{record:?}");
        }
        for record in [
            Record::Case(ava),
            Record::Document(ava_doc),
            Record::Entry(ava_entry),
            Record::Bundle(ava_bundle),
        ] {
            let case = state
                .with_store_in(Scope::Of(record), |store| store.case_of(record))
                .expect("the visited family's own record");
            assert_eq!(case, ava);
        }
        let new_case = state
            .with_store_in(Scope::EveryCase, |store| {
                store.create_case(&CaseDetails {
                    child_name: "New".into(),
                    ..Default::default()
                })
            })
            .expect_err("no new case during a visit");
        assert_eq!(new_case.kind, "visit_mode");
        let cases = state
            .with_store_in(Scope::Any, |store| {
                store.list_cases(casefile_core::CaseFilter::Active)
            })
            .expect("list");
        assert_eq!(
            state
                .visible(cases, |c| c.id)
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [ava]
        );
        // A record that is not there is named as missing, not as another family's.
        let missing = state
            .with_store_in(Scope::Of(Record::Document(9_999)), |_| Ok(()))
            .expect_err("missing");
        assert_eq!(missing.kind, "not_found");

        state.end_visit(None).expect("end");
        state
            .with_store_in(Scope::Of(Record::Document(doc)), |_| Ok(()))
            .expect("every family again");
    }

    #[test]
    fn locking_stops_a_build_and_a_plain_case_file_cannot_be_locked() {
        let (_dir, state, _) = two_families();
        assert!(
            !state.lock().expect("lock"),
            "no passphrase: nothing to lock"
        );
        assert!(
            !state
                .build_cancelled
                .load(std::sync::atomic::Ordering::SeqCst)
        );
        let home = state.home().expect("home").to_path_buf();
        drop(state);
        let protected = home.with_file_name("protected");
        let (store, _) = Store::create_protected(
            &protected,
            "a long passphrase",
            casefile_core::keys::KdfParams {
                memory_kib: 256,
                iterations: 1,
                lanes: 1,
            },
        )
        .expect("protected");
        drop(store);
        let state = AppState::open_at(protected);
        state.unlock("a long passphrase").expect("unlock");
        assert!(state.lock().expect("lock"));
        assert!(
            state
                .build_cancelled
                .load(std::sync::atomic::Ordering::SeqCst),
            "a build under way stops"
        );
        let locked = state
            .with_store_in(Scope::Any, |store| store.list_backups())
            .expect_err("locked");
        assert_eq!(locked.kind, "locked");
    }

    #[test]
    fn a_visit_ends_only_with_the_passphrase_and_a_wrong_one_says_the_visit_stays_on() {
        let dir = tempfile::tempdir().expect("dir");
        let home = dir.path().join("protected");
        let (mut store, _) = Store::create_protected(
            &home,
            "a long passphrase",
            casefile_core::keys::KdfParams {
                memory_kib: 256,
                iterations: 1,
                lanes: 1,
            },
        )
        .expect("protected");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..Default::default()
            })
            .expect("case")
            .id;
        drop(store);
        let state = AppState::open_at(home);
        state.unlock("a long passphrase").expect("unlock");
        state.start_visit(case).expect("visit");
        let wrong = state.end_visit(Some("a guess")).expect_err("wrong");
        assert_eq!(wrong.field.as_deref(), Some("passphrase"));
        assert!(
            wrong.message.contains("visit mode stays on"),
            "{}",
            wrong.message
        );
        assert!(!wrong.message.contains("recovery key"), "{}", wrong.message);
        assert_eq!(state.visit_case(), Some(case), "still visiting");
        state.end_visit(Some("a long passphrase")).expect("end");
        assert_eq!(state.visit_case(), None);
    }
}
