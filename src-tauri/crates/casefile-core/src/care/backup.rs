//! Backups: copies of the database made with SQLite's online backup (a consistent snapshot even
//! while Casefile runs) into `backups/` in the data folder: before every schema upgrade (by
//! `folder::db` when it opens an older file), once a day when the app starts, and when asked; the
//! newest ten are kept. A restore checks the backup first, keeps the current file among the
//! backups, and replaces the database in one rename.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::folder::db::{SCHEMA_VERSION, prepare, snapshot};
use crate::folder::keys::DataKey;
use crate::folder::{APPLICATION_ID, BACKUP_FOLDER, DATABASE_FILE, backup_file_name};
use crate::store::Store;

/// How many backups are kept.
pub const KEEP_BACKUPS: usize = 10;

/// One backup of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    /// `YYYY-MM-DD HH:MM:SS` (UTC), from the file name.
    pub made: String,
    /// Why: `manual`, `daily` or `before-upgrade`.
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

fn describe(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let rest = name.strip_prefix("casefile-")?.strip_suffix(".db")?;
    let (date, rest) = rest.split_at_checked(8)?;
    let time = rest.get(1..7)?;
    let reason = rest.get(8..).unwrap_or("manual").to_owned();
    Some(BackupInfo {
        path: path.to_string_lossy().into_owned(),
        made: format!(
            "{}-{}-{} {}:{}:{}",
            &date[..4],
            &date[4..6],
            &date[6..8],
            &time[..2],
            &time[2..4],
            &time[4..6]
        ),
        reason: if reason.starts_with("before-upgrade") {
            "before-upgrade".into()
        } else {
            reason
        },
        bytes: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    })
}

impl Store {
    fn backup_folder(&self) -> PathBuf {
        self.home().join(BACKUP_FOLDER)
    }

    /// The backups in the data folder, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        let mut found: Vec<BackupInfo> = fs::read_dir(self.backup_folder())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| describe(&e.path()))
            .collect();
        found.sort_by(|a, b| b.made.cmp(&a.made).then(b.path.cmp(&a.path)));
        Ok(found)
    }

    /// Backs the database up now (`reason`: manual or daily) and keeps the newest ten.
    pub fn backup_now(&self, reason: &str) -> Result<BackupInfo> {
        let folder = self.backup_folder();
        fs::create_dir_all(&folder).map_err(|e| CoreError::DataFolder {
            path: folder.clone(),
            reason: format!("the backup folder could not be made ({e})."),
        })?;
        let path = folder.join(backup_file_name(reason));
        let part = folder.join(format!(".casefile-{}.part", std::process::id()));
        let _ = fs::remove_file(&part);
        snapshot(&self.conn, self.data_key(), &part)?;
        fs::rename(&part, &path).map_err(|e| CoreError::DataFolder {
            path: path.clone(),
            reason: format!("the backup could not be saved ({e})."),
        })?;
        for old in self.list_backups()?.into_iter().skip(KEEP_BACKUPS) {
            let _ = fs::remove_file(old.path);
        }
        describe(&path).ok_or_else(|| CoreError::DataFolder {
            path,
            reason: "the backup was saved under an unexpected name.".into(),
        })
    }

    /// Puts the database back as it was in the backup at `path` (see [`restore_backup_in`]),
    /// keeping the current state as a `before-restore` backup; returns the check of the result.
    pub fn restore_backup(&mut self, path: &Path) -> Result<crate::care::check::CheckReport> {
        let home = self.home().to_path_buf();
        let _lock = crate::folder::lock::hold(&home, "restoring")?;
        let key = self.key.clone();
        check_backup(path, key.as_deref())?;
        // Copied aside first: the backup made next may prune the oldest, which may be this one.
        let staged = stage(&home, path)?;
        let kept = self.backup_now("before-restore");
        // The current connection closes (checkpointing its log) before the file is replaced.
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        let restored = (|| {
            if kept.is_err() {
                keep_raw_copy(&home, key.as_deref())?;
            }
            put_in_place(&home, &staged, key.clone())
        })();
        match restored {
            Ok((store, report)) => {
                *self = store;
                Ok(report)
            }
            Err(e) => {
                let _ = fs::remove_file(&staged);
                // The store opens what is on disk, which the failed restore left as it was.
                *self = Store::open_keyed(&home, key)?;
                Err(e)
            }
        }
    }

    /// Backs up when the newest backup is older than `every` (the app calls this at start).
    pub fn backup_if_due(&self, every: Duration) -> Result<Option<BackupInfo>> {
        let newest = self
            .list_backups()?
            .into_iter()
            .next()
            .and_then(|b| fs::metadata(&b.path).ok()?.modified().ok()?.elapsed().ok());
        match newest {
            Some(age) if age < every => Ok(None),
            _ => self.backup_now("daily").map(Some),
        }
    }
}

/// Refuses, changing nothing, a file that is not a whole backup of this case file.
fn check_backup(path: &Path, key: Option<&DataKey>) -> Result<()> {
    let refuse = |why: &str| {
        CoreError::invalid(
            "backup",
            format!(
                "{} cannot be restored: {why}. Nothing was changed.",
                path.display()
            ),
        )
    };
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| refuse("it could not be opened"))?;
    prepare(&conn, key)?;
    let inspect = || -> rusqlite::Result<(i32, i64, String)> {
        Ok((
            conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
        ))
    };
    let (app_id, version, integrity) =
        inspect().map_err(|_| refuse("it is not a backup of this case file, or it is damaged"))?;
    if app_id != APPLICATION_ID {
        return Err(refuse("it is not a Casefile backup"));
    }
    if version > SCHEMA_VERSION {
        return Err(refuse("a newer version of Casefile made it"));
    }
    if integrity != "ok" {
        return Err(refuse("it is damaged"));
    }
    Ok(())
}

/// Puts the database in `home` back as the backup at `path` had it, without opening the
/// current one first, so that a case file too damaged to open can still be restored. The
/// backup is checked first, and the current file is kept byte for byte among the backups
/// (`before-restore`) before it is replaced in one rename. Stored documents stay where they are;
/// the returned check names any the restored database lists that are gone.
pub fn restore_backup_in(
    home: &Path,
    key: Option<std::sync::Arc<DataKey>>,
    path: &Path,
) -> Result<(Store, crate::care::check::CheckReport)> {
    let _lock = crate::folder::lock::hold(home, "restoring")?;
    check_backup(path, key.as_deref())?;
    let staged = stage(home, path)?;
    let restored =
        keep_raw_copy(home, key.as_deref()).and_then(|()| put_in_place(home, &staged, key));
    if restored.is_err() {
        let _ = fs::remove_file(&staged);
    }
    restored
}

/// Puts back the database of a folder that lost it, from the backup at `path`, and opens it.
/// A protected folder's backups are encrypted with its data key, so its `passphrase` opens the
/// key file first (a wrong one changes nothing). The documents are never touched; the returned
/// check names those stored after that backup (`orphans`), which stay in the folder.
pub fn restore_missing_database(
    home: &Path,
    passphrase: Option<&str>,
    path: &Path,
) -> Result<(Store, crate::care::check::CheckReport)> {
    if crate::folder::has_database(home) {
        return Err(CoreError::invalid(
            "file",
            "This case file's database is not missing, so no backup is put in its place from here. Use Privacy, Backups.",
        ));
    }
    let key = if home.join(crate::folder::KEY_FILE).exists() {
        let passphrase = passphrase.filter(|p| !p.is_empty()).ok_or_else(|| {
            CoreError::invalid(
                "passphrase",
                "Type the case file's passphrase first: its backups are encrypted with it.",
            )
        })?;
        Some(crate::protection::vault::unlock_key(home, passphrase)?)
    } else {
        None
    };
    restore_backup_in(home, key, path)
}

fn restore_failed(home: &Path, e: std::io::Error) -> CoreError {
    CoreError::DataFolder {
        path: home.join(DATABASE_FILE),
        reason: format!("the backup could not be put in place ({e}). The case file is as it was."),
    }
}

/// A synced copy of the backup beside the database, ready to be renamed over it.
fn stage(home: &Path, path: &Path) -> Result<PathBuf> {
    let staged = home.join(format!(".{DATABASE_FILE}.restoring"));
    fs::copy(path, &staged)
        .and_then(|_| fs::File::open(&staged)?.sync_all())
        .map_err(|e| restore_failed(home, e))?;
    Ok(staged)
}

/// Keeps the current database file, as it is, among the backups (`before-restore`).
fn keep_raw_copy(home: &Path, key: Option<&DataKey>) -> Result<()> {
    let database = home.join(DATABASE_FILE);
    if !database.exists() {
        return Ok(());
    }
    // Whatever its log still holds goes into the file first, if it can be read at all.
    if let Ok(conn) = Connection::open(&database)
        && prepare(&conn, key).is_ok()
    {
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
    let folder = home.join(BACKUP_FOLDER);
    fs::create_dir_all(&folder)
        .and_then(|()| fs::copy(&database, folder.join(backup_file_name("before-restore"))))
        .map(|_| ())
        .map_err(|e| restore_failed(home, e))
}

/// Renames the staged backup over the database and opens it.
fn put_in_place(
    home: &Path,
    staged: &Path,
    key: Option<std::sync::Arc<DataKey>>,
) -> Result<(Store, crate::care::check::CheckReport)> {
    for leftover in ["-wal", "-shm"] {
        let _ = fs::remove_file(home.join(format!("{DATABASE_FILE}{leftover}")));
    }
    fs::rename(staged, home.join(DATABASE_FILE)).map_err(|e| restore_failed(home, e))?;
    if let Ok(dir) = fs::File::open(home) {
        let _ = dir.sync_all();
    }
    let store = Store::open_keyed(home, key)?;
    let report = store.check()?;
    Ok((store, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CaseDetails;

    use crate::testing::store_with_document;

    #[test]
    fn backups_are_whole_databases_and_only_the_newest_ten_are_kept() {
        let (_dir, store) = store_with_document();
        let first = store.backup_now("manual").expect("backup");
        let copy = Connection::open(&first.path).expect("open backup");
        let cases: i64 = copy
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .expect("count");
        assert_eq!(cases, 1);
        assert_eq!(first.reason, "manual");
        assert!(
            store
                .backup_if_due(Duration::from_secs(3600))
                .expect("due")
                .is_none(),
            "one was just made"
        );
        for _ in 0..12 {
            store.backup_now("manual").expect("backup");
        }
        assert!(store.list_backups().expect("list").len() <= KEEP_BACKUPS);
    }

    #[test]
    fn the_oldest_of_ten_backups_can_be_restored_though_the_restore_backs_up_first() {
        let (_dir, mut store) = store_with_document();
        let newest = store.backup_now("manual").expect("backup");
        let folder = store.home().join(BACKUP_FOLDER);
        // Nine older backups, named as made on earlier days: the oldest is the one wanted.
        for day in 1..=9 {
            fs::copy(
                &newest.path,
                folder.join(format!("casefile-202601{day:02}-090000-daily.db")),
            )
            .expect("copy");
        }
        let oldest = folder.join("casefile-20260101-090000-daily.db");
        store
            .create_case(&CaseDetails {
                child_name: "Added after".into(),
                ..CaseDetails::default()
            })
            .expect("case");
        let report = store.restore_backup(&oldest).expect("restore the oldest");
        assert!(report.is_whole(), "{report:?}");
        assert_eq!(
            store
                .list_cases(crate::CaseFilter::Active)
                .expect("cases")
                .len(),
            1
        );
        let kept = store.list_backups().expect("backups");
        assert_eq!(kept.len(), KEEP_BACKUPS);
        assert!(kept.iter().any(|b| b.reason == "before-restore"));
    }
}
