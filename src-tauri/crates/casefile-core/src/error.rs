//! One error type for the core. Every message is written for a parent to read and act on.

use std::path::PathBuf;

/// What went wrong, in words a parent can act on. `kind()` gives a stable machine name that the
/// app and the CLI pass on unchanged (`{ kind, message }` across IPC, `"kind"` in `--json`).
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A value the user typed is not acceptable; `field` names the input, `message` says why.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },

    /// Several values typed into one form are not acceptable: every problem, in the form's
    /// order, so the person corrects them all at once rather than one refusal at a time.
    #[error("{}", problems.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join(" "))]
    Several {
        problems: Vec<(&'static str, String)>,
    },

    #[error(
        "There is no {what} with number {id}. It may have been removed, or the number is mistyped."
    )]
    NotFound { what: &'static str, id: i64 },

    #[error(
        "The file {path} was written by a newer version of Casefile (data format {found}, this version understands up to {supported}). \
         Install the newest Casefile to open it. The file has not been changed."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "The file {path} is not a Casefile data file, so Casefile will not open or change it. \
         Choose another data folder, or move that file somewhere else."
    )]
    NotCasefile { path: PathBuf },

    #[error(
        "The case file in {path} is protected by a passphrase. Type the passphrase to open it."
    )]
    Locked { path: PathBuf },

    #[error("Casefile could not use its data folder {path}: {reason}")]
    DataFolder { path: PathBuf, reason: String },

    #[error(
        "The case file's database (casefile.db) is missing from {path}, but its documents, backups or key file are still there. Casefile will not start an empty case file over them. Put the database back from a backup: `casefile backup --restore FILE` (the backups are in the folder's backups/), or copy casefile.db back if you moved it. Nothing in the folder has been changed."
    )]
    MissingDatabase { path: PathBuf },

    #[error("Casefile could not write {path}: {reason} Nothing was written there.")]
    FileWrite { path: PathBuf, reason: String },

    #[error("Casefile could not save or read its data: {0}. Nothing was changed.")]
    Storage(#[source] rusqlite::Error),

    #[error(
        "The case file is damaged ({0}), so Casefile stopped before changing anything. Put it back as it was from a backup: under Privacy, Backups in the window, or, when Casefile cannot open it at all, with `casefile backup --restore FILE` (the backups are in the data folder's backups/)."
    )]
    Damaged(String),

    #[error(
        "Casefile could not update its data file to this version: {0}. The file has not been changed."
    )]
    Migration(#[from] rusqlite_migration::Error),

    /// A bundle or a generated PDF could not be made (the PDF engine says why); nothing was
    /// written.
    #[error(transparent)]
    Pdf(#[from] casefile_pdf::BuildError),
}

impl From<casefile_pdf::BundleError> for CoreError {
    fn from(e: casefile_pdf::BundleError) -> Self {
        CoreError::Pdf(e.into())
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                CoreError::Damaged(e.to_string())
            }
            _ => CoreError::Storage(e),
        }
    }
}

impl CoreError {
    /// A stable name for the kind of error, for programs (IPC, `--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            CoreError::Invalid { .. } | CoreError::Several { .. } => "invalid",
            CoreError::NotFound { .. } => "not_found",
            CoreError::NewerSchema { .. } => "newer_schema",
            CoreError::NotCasefile { .. } => "not_casefile",
            CoreError::Locked { .. } => "locked",
            CoreError::DataFolder { .. } => "data_folder",
            CoreError::MissingDatabase { .. } => "missing_database",
            CoreError::FileWrite { .. } => "file_write",
            CoreError::Storage(_) => "storage",
            CoreError::Damaged(_) => "damaged",
            CoreError::Migration(_) => "migration",
            CoreError::Pdf(casefile_pdf::BuildError::Cancelled) => "cancelled",
            CoreError::Pdf(_) => "bundle",
        }
    }

    /// The input field a refusal is about (`child_name`, `date_of_birth`…), so a form can point at it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            CoreError::Several { problems } => problems.first().map(|(f, _)| *f),
            _ => None,
        }
    }

    /// Every refused field with its message, in the form's order (one for a single refusal,
    /// none for other errors).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        match self {
            CoreError::Invalid { field, message } => vec![(*field, message.clone())],
            CoreError::Several { problems } => problems.clone(),
            _ => Vec::new(),
        }
    }

    /// True when the user's input was refused (as opposed to a fault of the machine or the file).
    pub fn is_rejected_input(&self) -> bool {
        matches!(
            self,
            CoreError::Invalid { .. } | CoreError::Several { .. } | CoreError::NotFound { .. }
        )
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            message: message.into(),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Checks every field of a form before refusing it, so all of its problems are reported together.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    problems: Vec<(&'static str, String)>,
}

impl Checks {
    /// The checked value, or its default while the refusal is kept for [`Checks::finish`]. Errors
    /// other than refused input stop at once.
    pub(crate) fn take<T: Default>(&mut self, result: Result<T>) -> Result<T> {
        match result {
            Ok(value) => Ok(value),
            Err(CoreError::Invalid { field, message }) => {
                self.problems.push((field, message));
                Ok(T::default())
            }
            Err(CoreError::Several { problems }) => {
                self.problems.extend(problems);
                Ok(T::default())
            }
            Err(other) => Err(other),
        }
    }

    /// Refuses with every problem kept (one alone as a plain refusal), or accepts.
    pub(crate) fn finish(mut self) -> Result<()> {
        match self.problems.len() {
            0 => Ok(()),
            1 => {
                let (field, message) = self.problems.remove(0);
                Err(CoreError::Invalid { field, message })
            }
            _ => Err(CoreError::Several {
                problems: self.problems,
            }),
        }
    }
}
