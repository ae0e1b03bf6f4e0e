//! One Casefile process at a time changes a folder wholesale. Protecting it (encrypting every
//! file), restoring a backup or an export into it and repairing it each hold an exclusive lock
//! on `casefile.lock` while they run; a second window or command that tries the same, or another
//! of them, is refused at once with a message saying why, and changes nothing. The lock is the
//! operating system's (`flock` on Linux and macOS, `LockFileEx` on Windows), so it is let go when
//! the process ends, however it ends: a crash never leaves a folder locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{CoreError, Result};

/// The lock file's name in the data folder (it holds nothing; only its lock matters).
pub const LOCK_FILE: &str = "casefile.lock";

/// Held while a folder is being protected, restored or repaired; dropping it lets go.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// Takes the folder's lock for `doing` ("protecting", "restoring", "repairing"), or refuses if
/// another Casefile process holds it.
pub fn hold(home: &Path, doing: &str) -> Result<FolderLock> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(home.join(LOCK_FILE))
        .map_err(|e| CoreError::DataFolder {
            path: home.to_path_buf(),
            reason: format!("its lock file could not be opened ({e})."),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(FolderLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(CoreError::DataFolder {
            path: home.to_path_buf(),
            reason: format!(
                "another Casefile window or command is protecting, restoring or repairing this case file right now, so {doing} it was not started and nothing was changed. Wait for that to finish, then try again."
            ),
        }),
        Err(TryLockError::Error(e)) => Err(CoreError::DataFolder {
            path: home.to_path_buf(),
            reason: format!("its lock could not be taken ({e})."),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("dir");
        let first = hold(dir.path(), "repairing").expect("first");
        let err = hold(dir.path(), "restoring").expect_err("second");
        let message = err.to_string();
        assert!(
            message.contains("another Casefile window or command"),
            "{message}"
        );
        assert!(
            message.contains("restoring it was not started"),
            "{message}"
        );
        drop(first);
        hold(dir.path(), "restoring").expect("free again");
    }
}
