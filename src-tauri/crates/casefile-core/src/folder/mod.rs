//! The ground floor: the data folder itself. This module is the only code that knows the
//! folder's file names, how the database is opened and keyed, where and how document files are
//! kept, and how a file is written so that a crash leaves the old one or the new one.
//!
//! Architecture invariant: nothing here imports from the floors above (`store`, `records`,
//! `protection`, `care`, `outside`, `outputs`, `demo`) and nothing here is `impl Store`; a tidy
//! test (`tests/tidy.rs`) reads these files and fails if that changes. Everything above reaches
//! the disk through these functions.
//!
//! ```text
//! <home>/casefile.db          the database (SQLite or SQLCipher), WAL mode
//! <home>/casefile.key         a protected folder's key file (the data key, sealed)
//! <home>/casefile.encrypting  present while a plain folder is being encrypted in place
//! <home>/blobs/ab/cdef…       every document, named by its SHA-256, sealed when protected
//! <home>/backups/casefile-YYYYMMDD-HHMMSS-<reason>.db
//! <home>/quarantine/abcdef…   files no document refers to, moved aside by a repair
//! ```

pub mod blobs;
pub mod db;
pub mod durable;
pub mod keys;
pub mod lock;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use keys::KeyFile;

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "casefile.db";
/// The key file beside a protected database.
pub const KEY_FILE: &str = "casefile.key";
/// The folder in the data folder that holds backups.
pub const BACKUP_FOLDER: &str = "backups";
/// The folder in the data folder that holds every document's file.
pub const BLOB_FOLDER: &str = "blobs";
/// Where `check --repair` keeps stored files no document refers to: moved, never deleted.
pub const QUARANTINE_FOLDER: &str = "quarantine";
/// Present while an existing folder is being encrypted; removed when every file is sealed.
pub(crate) const ENCRYPTING_MARKER: &str = "casefile.encrypting";

/// A re-key under way: the new key file, written before anything is re-encrypted and renamed
/// over `casefile.key` once everything is (see `protection::vault`).
pub(crate) const NEXT_KEY_FILE: &str = "casefile.key.next";

/// SQLite `application_id` stamped into every Casefile database ("CFC1").
pub const APPLICATION_ID: i32 = 0x4346_4331;

/// Environment variable that overrides the data folder (tests, portable USB use).
pub const HOME_ENV: &str = "CASEFILE_HOME";

/// The data folder: `explicit` (from `--home`) if given, else `CASEFILE_HOME`, else
/// `<platform data dir>/Casefile`.
pub fn resolve_home(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    dirs::data_dir()
        .map(|dir| dir.join("Casefile"))
        .ok_or_else(|| CoreError::DataFolder {
            path: PathBuf::from("~"),
            reason: format!(
                "this computer does not say where programs keep their data. Set {HOME_ENV} to a folder and try again."
            ),
        })
}

/// Makes the data folder if it is not there yet.
pub(crate) fn ensure_folder(home: &Path) -> Result<()> {
    fs::create_dir_all(home).map_err(|e| CoreError::DataFolder {
        path: home.to_path_buf(),
        reason: format!("the folder could not be created ({e})."),
    })
}

/// What a data folder holds, as seen before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FolderState {
    /// Nothing yet: the first start.
    New,
    /// A case file without a passphrase.
    Plain,
    /// A case file protected by a passphrase.
    Protected,
    /// The database is gone while the case file's documents or backups are still there: it is
    /// never replaced by an empty one; it is put back from a backup.
    Missing,
}

/// Whether `home` is new, plain, protected, or has lost its database. Reads file names only.
pub fn folder_state(home: &Path) -> FolderState {
    if home.join(KEY_FILE).exists() {
        FolderState::Protected
    } else if has_database(home) {
        FolderState::Plain
    } else if holds_documents_or_backups(home) {
        FolderState::Missing
    } else {
        FolderState::New
    }
}

/// Whether the folder's database file is there and not empty.
pub(crate) fn has_database(home: &Path) -> bool {
    fs::metadata(home.join(DATABASE_FILE))
        .map(|m| m.len() > 0)
        .unwrap_or(false)
}

/// Whether anything is kept in `blobs/` or `backups/`: a case file lived here.
pub(crate) fn holds_documents_or_backups(home: &Path) -> bool {
    [BLOB_FOLDER, BACKUP_FOLDER].iter().any(|folder| {
        fs::read_dir(home.join(folder))
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false)
    })
}

/// Refuses to open a folder whose database has gone while its documents, backups or key file
/// are still there: an empty database in its place would hide the family's evidence (and a
/// repair would then take their files for leftovers).
pub(crate) fn refuse_missing_database(home: &Path) -> Result<()> {
    if !has_database(home) && (holds_documents_or_backups(home) || home.join(KEY_FILE).exists()) {
        return Err(CoreError::MissingDatabase {
            path: home.to_path_buf(),
        });
    }
    Ok(())
}

/// The key file of a protected folder.
pub fn read_key_file(home: &Path) -> Result<KeyFile> {
    read_key_file_at(home.join(KEY_FILE))
}

/// Reads the key file at `path` (a folder's own, or the new one of a re-key under way).
pub(crate) fn read_key_file_at(path: PathBuf) -> Result<KeyFile> {
    let text = fs::read(&path).map_err(|e| CoreError::DataFolder {
        path: path.clone(),
        reason: format!("its key file could not be read ({e})."),
    })?;
    serde_json::from_slice(&text).map_err(|_| CoreError::DataFolder {
        path,
        reason: "its key file is damaged, so the case file cannot be opened. Restore the key file from an export or backup of this folder.".into(),
    })
}

/// Writes the key file of a protected folder, atomically.
pub(crate) fn write_key_file(home: &Path, file: &KeyFile) -> Result<()> {
    let json = serde_json::to_vec_pretty(file).map_err(|e| CoreError::FileWrite {
        path: home.join(KEY_FILE),
        reason: e.to_string(),
    })?;
    durable::write_atomically(&home.join(KEY_FILE), &json)
}

/// The file name of a backup made now for `reason` (`manual`, `daily`, `before-restore`…).
pub(crate) fn backup_file_name(reason: &str) -> String {
    format!(
        "casefile-{}-{reason}.db",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    )
}
