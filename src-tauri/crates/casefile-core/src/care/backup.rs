//! Backups and exports. A backup is a copy of the database made with SQLite's online backup (a
//! consistent snapshot even while Casefile runs) into `backups/` in the data folder: before every
//! schema upgrade, once a day when the app starts, and when asked; the newest ten are kept. An
//! export is one file holding everything (the database and every stored document, with a
//! manifest of fingerprints) for a USB stick or another computer; it is checked by reading it
//! back, and restored into an empty folder.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::keys::DataKey;
use crate::store::{DATABASE_FILE, Store};

/// The folder in the data folder that holds backups.
pub const BACKUP_FOLDER: &str = "backups";
/// How many backups are kept.
pub const KEEP_BACKUPS: usize = 10;
const MANIFEST: &str = "casefile-export.json";

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

/// What an export holds, as checked by reading it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportReport {
    pub path: String,
    #[ts(type = "number")]
    pub cases: u64,
    #[ts(type = "number")]
    pub documents: u64,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    made: String,
    /// Stored file name (its SHA-256) → size.
    files: Vec<(String, u64)>,
    database_sha256: String,
    /// A protected case file's key file (the data key sealed, never the key itself).
    #[serde(default)]
    key_file: Option<crate::keys::KeyFile>,
    /// For a protected case file, the SHA-256 of each stored (sealed) file, in `files` order.
    #[serde(default)]
    stored_sha256: Vec<String>,
}

fn stamp() -> String {
    chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string()
}

/// Copies the database `from` into a new file `to` with SQLite's online backup; a protected
/// database's copy is encrypted under the same key.
fn snapshot(from: &Connection, key: Option<&DataKey>, to: &Path) -> Result<()> {
    let mut dest = Connection::open(to)?;
    crate::vault::prepare(&dest, key)?;
    let backup = rusqlite::backup::Backup::new(from, &mut dest)?;
    backup.run_to_completion(256, Duration::from_millis(10), None)?;
    drop(backup);
    // A backup is one self-contained file: no write-ahead log beside it.
    dest.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Makes a backup of an open database before its schema is upgraded (called by `open`).
pub(crate) fn backup_before_upgrade(
    conn: &Connection,
    key: Option<&DataKey>,
    database: &Path,
    from_version: i64,
) -> Result<()> {
    let folder = database
        .parent()
        .map_or_else(|| PathBuf::from(BACKUP_FOLDER), |p| p.join(BACKUP_FOLDER));
    fs::create_dir_all(&folder).map_err(|e| CoreError::DataFolder {
        path: folder.clone(),
        reason: format!(
            "the backup folder could not be made ({e}), so the upgrade was not started."
        ),
    })?;
    snapshot(
        conn,
        key,
        &folder.join(format!(
            "casefile-{}-before-upgrade-from-{from_version}.db",
            stamp()
        )),
    )
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
        let path = folder.join(format!("casefile-{}-{reason}.db", stamp()));
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
    pub fn restore_backup(&mut self, path: &Path) -> Result<crate::check::CheckReport> {
        let home = self.home().to_path_buf();
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

    /// Writes everything (the database and every stored file) into one export file at `out`,
    /// then reads it back to check it.
    pub fn export_to(&self, out: &Path) -> Result<ExportReport> {
        let fail = |reason: String| CoreError::FileWrite {
            path: out.to_path_buf(),
            reason,
        };
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if !folder.is_dir() {
            return Err(fail("the folder does not exist.".into()));
        }
        let work = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
        let db = work.path().join(DATABASE_FILE);
        snapshot(&self.conn, self.data_key(), &db)?;
        let db_bytes = fs::read(&db).map_err(|e| fail(e.to_string()))?;
        let key_file = match self.data_key() {
            Some(_) => Some(crate::vault::read_key_file(self.home())?),
            None => None,
        };
        let blobs: Vec<(String, PathBuf)> = {
            let snapshot_conn = Connection::open(&db)?;
            crate::vault::prepare(&snapshot_conn, self.data_key())?;
            let shas: Vec<String> = snapshot_conn
                .prepare("SELECT DISTINCT sha256 FROM documents ORDER BY sha256")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            shas.into_iter()
                .map(|s| {
                    let path = self.blob_path(&s);
                    (s, path)
                })
                .collect()
        };
        let part = folder.join(format!(
            ".{}.{}.part",
            out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let written = (|| -> std::result::Result<(), String> {
            let file = fs::File::create(&part).map_err(|e| e.to_string())?;
            let mut zip = zip::ZipWriter::new(file);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(true);
            let deflated = zip::write::SimpleFileOptions::default().large_file(true);
            let mut files = Vec::new();
            let mut stored_sha256 = Vec::new();
            for (sha, path) in &blobs {
                let mut source = fs::File::open(path).map_err(|e| {
                    format!("the stored copy of a document ({sha}) could not be read: {e}")
                })?;
                let size = source.metadata().map_err(|e| e.to_string())?.len();
                zip.start_file(format!("blobs/{sha}"), stored)
                    .map_err(|e| e.to_string())?;
                let mut hashing = HashingWriter(&mut zip, Sha256::new());
                std::io::copy(&mut source, &mut hashing).map_err(|e| e.to_string())?;
                if key_file.is_some() {
                    stored_sha256.push(format!("{:x}", hashing.1.finalize()));
                }
                files.push((sha.clone(), size));
            }
            zip.start_file(DATABASE_FILE, deflated)
                .map_err(|e| e.to_string())?;
            zip.write_all(&db_bytes).map_err(|e| e.to_string())?;
            let manifest = Manifest {
                format: 1,
                made: chrono::Utc::now().to_rfc3339(),
                files,
                database_sha256: format!("{:x}", Sha256::digest(&db_bytes)),
                key_file: key_file.clone(),
                stored_sha256,
            };
            zip.start_file(MANIFEST, deflated)
                .map_err(|e| e.to_string())?;
            zip.write_all(&serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            let file = zip.finish().map_err(|e| e.to_string())?;
            file.sync_all().map_err(|e| e.to_string())?;
            fs::rename(&part, out).map_err(|e| e.to_string())
        })();
        if let Err(reason) = written {
            let _ = fs::remove_file(&part);
            return Err(fail(format!("{reason}.")));
        }
        read_export(out, None, ExportKey::Key(self.data_key()))
    }
}

/// Passes bytes on while hashing them.
struct HashingWriter<'a, W: Write>(&'a mut W, Sha256);

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// How a protected export is opened: with the key already in memory, or its passphrase.
enum ExportKey<'a> {
    Key(Option<&'a DataKey>),
    Passphrase(Option<&'a str>),
}

fn open_manifest(file: &Path) -> Result<(zip::ZipArchive<fs::File>, Manifest, u64)> {
    let handle =
        fs::File::open(file).map_err(|e| bad(file, format!("it could not be opened ({e})")))?;
    let bytes = handle.metadata().map(|m| m.len()).unwrap_or(0);
    let mut zip = zip::ZipArchive::new(handle)
        .map_err(|_| bad(file, "it is not an export file, or it is damaged"))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(MANIFEST)
            .map_err(|_| bad(file, "its list of contents is missing"))?;
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|_| bad(file, "its list of contents is damaged"))?;
        serde_json::from_str(&text).map_err(|_| bad(file, "its list of contents is damaged"))?
    };
    Ok((zip, manifest, bytes))
}

/// Whether an export holds a protected case file (opening it needs its passphrase).
pub fn export_is_protected(file: &Path) -> Result<bool> {
    Ok(open_manifest(file)?.1.key_file.is_some())
}

fn bad(file: &Path, why: impl Into<String>) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "{} is not a whole Casefile export: {}.",
            file.display(),
            why.into()
        ),
    )
}

/// Reads an export back: every file present with the fingerprint it is named by, the database
/// whole and every document's file in it. Unpacks into `into` when given (a restore).
fn read_export(file: &Path, into: Option<&Path>, key: ExportKey<'_>) -> Result<ExportReport> {
    let (mut zip, manifest, bytes) = open_manifest(file)?;
    let unlocked;
    let key: Option<&DataKey> = match (&manifest.key_file, key) {
        (None, _) => None,
        (Some(_), ExportKey::Key(Some(key))) => Some(key),
        (Some(key_file), ExportKey::Passphrase(Some(passphrase))) => {
            unlocked = key_file.unlock(passphrase)?;
            Some(&unlocked)
        }
        (Some(_), _) => {
            return Err(CoreError::invalid(
                "passphrase",
                format!(
                    "{} holds a case file protected by a passphrase. Give its passphrase to check or restore it.",
                    file.display()
                ),
            ));
        }
    };
    if key.is_some() && manifest.stored_sha256.len() != manifest.files.len() {
        return Err(bad(file, "its list of contents is damaged"));
    }
    let work = tempfile::tempdir().map_err(|e| bad(file, e.to_string()))?;
    let db_path = work.path().join(DATABASE_FILE);
    {
        let mut entry = zip
            .by_name(DATABASE_FILE)
            .map_err(|_| bad(file, "the database is missing"))?;
        let mut db = Vec::new();
        entry
            .read_to_end(&mut db)
            .map_err(|_| bad(file, "the database is damaged"))?;
        if format!("{:x}", Sha256::digest(&db)) != manifest.database_sha256 {
            return Err(bad(file, "the database does not match its fingerprint"));
        }
        fs::write(&db_path, &db).map_err(|e| bad(file, e.to_string()))?;
    }
    // Names become paths below: only SHA-256 fingerprints are accepted, so a crafted export
    // cannot write outside the folder it is restored into.
    if manifest.files.iter().any(|(sha, _)| {
        sha.len() != 64
            || !sha
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }) {
        return Err(bad(
            file,
            "its list of contents names a file that is not a fingerprint",
        ));
    }
    for (index, (sha, size)) in manifest.files.iter().enumerate() {
        let mut entry = zip
            .by_name(&format!("blobs/{sha}"))
            .map_err(|_| bad(file, format!("a document's file ({sha}) is missing")))?;
        let mut hasher = Sha256::new();
        let mut out: Option<fs::File> = match into {
            Some(home) => {
                let path = home.join("blobs").join(&sha[..2]).join(&sha[2..]);
                fs::create_dir_all(path.parent().unwrap_or(home))
                    .map_err(|e| bad(file, e.to_string()))?;
                Some(fs::File::create(&path).map_err(|e| bad(file, e.to_string()))?)
            }
            None => None,
        };
        let mut buffer = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        let mut kept: Option<Vec<u8>> = key.map(|_| Vec::new());
        loop {
            let n = entry
                .read(&mut buffer)
                .map_err(|_| bad(file, format!("a document's file ({sha}) is damaged")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            total += n as u64;
            if let Some(k) = kept.as_mut() {
                k.extend_from_slice(&buffer[..n]);
            }
            if let Some(f) = out.as_mut() {
                f.write_all(&buffer[..n])
                    .map_err(|e| bad(file, e.to_string()))?;
            }
        }
        let expected = match key {
            Some(_) => &manifest.stored_sha256[index],
            None => sha,
        };
        if format!("{:x}", hasher.finalize()) != *expected || total != *size {
            return Err(bad(
                file,
                format!("a document's file ({sha}) does not match its fingerprint"),
            ));
        }
        if let Some(f) = out {
            f.sync_all().map_err(|e| bad(file, e.to_string()))?;
        }
        if let (Some(key), Some(sealed)) = (key, kept) {
            // A sealed file also opens with the key and is the document its name says.
            crate::vault::open_stored(sealed, sha, Some(key)).map_err(|_| {
                bad(
                    file,
                    format!("a document's file ({sha}) does not open with its key"),
                )
            })?;
        }
    }
    // The database opens as Casefile's, is whole, and every document's file was in the export.
    if let Some(key_file) = &manifest.key_file {
        let json = serde_json::to_vec_pretty(key_file).map_err(|e| bad(file, e.to_string()))?;
        fs::write(work.path().join(crate::vault::KEY_FILE), &json)
            .map_err(|e| bad(file, e.to_string()))?;
    }
    let store = Store::open_keyed(work.path(), key.map(|k| std::sync::Arc::new(k.duplicate())))?;
    let check = store.check_database_only()?;
    if !check {
        return Err(bad(file, "the database inside it is damaged"));
    }
    let listed: std::collections::HashSet<&str> =
        manifest.files.iter().map(|(s, _)| s.as_str()).collect();
    let needed: Vec<String> = store
        .conn
        .prepare("SELECT DISTINCT sha256 FROM documents")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(missing) = needed.iter().find(|s| !listed.contains(s.as_str())) {
        return Err(bad(
            file,
            format!("a document's file ({missing}) is not in it"),
        ));
    }
    let cases: i64 = store
        .conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    let documents: i64 = store
        .conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
    drop(store);
    if let Some(home) = into {
        if manifest.key_file.is_some() {
            fs::copy(
                work.path().join(crate::vault::KEY_FILE),
                home.join(crate::vault::KEY_FILE),
            )
            .map_err(|e| bad(file, e.to_string()))?;
        }
        fs::copy(&db_path, home.join(DATABASE_FILE)).map_err(|e| bad(file, e.to_string()))?;
    }
    Ok(ExportReport {
        path: file.to_string_lossy().into_owned(),
        cases: cases.unsigned_abs(),
        documents: documents.unsigned_abs(),
        files: manifest.files.len() as u64,
        bytes,
    })
}

/// Checks an export by reading all of it back; changes nothing. A protected export needs its
/// passphrase.
pub fn verify_export(file: &Path, passphrase: Option<&str>) -> Result<ExportReport> {
    read_export(file, None, ExportKey::Passphrase(passphrase))
}

/// Restores an export into `home`, which must be empty or not exist yet.
pub fn restore_export(file: &Path, home: &Path, passphrase: Option<&str>) -> Result<ExportReport> {
    if home.exists()
        && fs::read_dir(home)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(CoreError::invalid(
            "home",
            format!(
                "{} is not empty. Restore into a new, empty folder so nothing there is overwritten.",
                home.display()
            ),
        ));
    }
    fs::create_dir_all(home).map_err(|e| CoreError::DataFolder {
        path: home.to_path_buf(),
        reason: format!("the folder could not be created ({e})."),
    })?;
    match read_export(file, Some(home), ExportKey::Passphrase(passphrase)) {
        Ok(report) => Ok(report),
        Err(e) => {
            // Nothing half-restored is left to be mistaken for a case file.
            let _ = fs::remove_dir_all(home);
            Err(e)
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
    crate::vault::prepare(&conn, key)?;
    let inspect = || -> rusqlite::Result<(i32, i64, String)> {
        Ok((
            conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
        ))
    };
    let (app_id, version, integrity) =
        inspect().map_err(|_| refuse("it is not a backup of this case file, or it is damaged"))?;
    if app_id != crate::store::APPLICATION_ID {
        return Err(refuse("it is not a Casefile backup"));
    }
    if version > crate::store::SCHEMA_VERSION {
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
) -> Result<(Store, crate::check::CheckReport)> {
    check_backup(path, key.as_deref())?;
    let staged = stage(home, path)?;
    let restored =
        keep_raw_copy(home, key.as_deref()).and_then(|()| put_in_place(home, &staged, key));
    if restored.is_err() {
        let _ = fs::remove_file(&staged);
    }
    restored
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
        && crate::vault::prepare(&conn, key).is_ok()
    {
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
    let folder = home.join(BACKUP_FOLDER);
    fs::create_dir_all(&folder)
        .and_then(|()| {
            fs::copy(
                &database,
                folder.join(format!("casefile-{}-before-restore.db", stamp())),
            )
        })
        .map(|_| ())
        .map_err(|e| restore_failed(home, e))
}

/// Renames the staged backup over the database and opens it.
fn put_in_place(
    home: &Path,
    staged: &Path,
    key: Option<std::sync::Arc<DataKey>>,
) -> Result<(Store, crate::check::CheckReport)> {
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
    use crate::{CaseDetails, ImportOutcome};

    fn store_with_document() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let path = dir.path().join("letter.txt");
        fs::write(&path, "The council agreed to assess.").expect("write");
        assert!(matches!(
            store.import_file(case, &path).expect("import"),
            ImportOutcome::Imported { .. }
        ));
        (dir, store)
    }

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
    fn an_export_is_read_back_and_restored_into_an_empty_folder() {
        let (dir, store) = store_with_document();
        let out = dir.path().join("Ava.casefile");
        let report = store.export_to(&out).expect("export");
        assert_eq!((report.cases, report.documents, report.files), (1, 1, 1));
        let home = dir.path().join("restored");
        let restored = restore_export(&out, &home, None).expect("restore");
        assert_eq!(restored.documents, 1);
        let reopened = Store::open(&home).expect("open restored");
        assert!(reopened.check().expect("check").is_whole());
        assert_eq!(reopened.search(1, "assess").expect("search").len(), 1);
        // Not over an existing folder.
        assert!(restore_export(&out, &home, None).is_err());
        // A damaged export is named and nothing is restored.
        let mut damaged = fs::read(&out).expect("read");
        let middle = damaged.len() / 3;
        damaged[middle] ^= 0xFF;
        let broken = dir.path().join("broken.casefile");
        fs::write(&broken, &damaged).expect("write");
        let err = verify_export(&broken, None).expect_err("damaged");
        assert!(
            err.to_string().contains("is not a whole Casefile export"),
            "{err}"
        );
        let elsewhere = dir.path().join("elsewhere");
        assert!(restore_export(&broken, &elsewhere, None).is_err());
        assert!(!elsewhere.exists(), "nothing half-restored is left");
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

    #[test]
    fn an_export_naming_a_file_outside_its_folder_is_refused_and_writes_nothing_there() {
        let (dir, store) = store_with_document();
        let good = dir.path().join("good.zip");
        store.export_to(&good).expect("export");
        // The same export with its list of contents pointing one file outside the folder.
        let mut source = zip::ZipArchive::new(fs::File::open(&good).expect("open")).expect("zip");
        let crafted = dir.path().join("crafted.zip");
        let mut out = zip::ZipWriter::new(fs::File::create(&crafted).expect("create"));
        let options = zip::write::SimpleFileOptions::default();
        for i in 0..source.len() {
            let mut entry = source.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            let mut name = entry.name().expect("name").to_string();
            if name == MANIFEST {
                let mut manifest: Manifest = serde_json::from_slice(&bytes).expect("manifest");
                manifest.files[0].0 = "../../escaped-file-written-by-a-crafted-export".into();
                bytes = serde_json::to_vec(&manifest).expect("json");
            } else if name.starts_with("blobs/") {
                name = "blobs/../../escaped-file-written-by-a-crafted-export".into();
            }
            out.start_file(name, options).expect("start");
            out.write_all(&bytes).expect("write");
        }
        out.finish().expect("finish");
        let home = dir.path().join("restored");
        let err = restore_export(&crafted, &home, None).expect_err("refused");
        assert!(err.to_string().contains("not a fingerprint"), "{err}");
        assert!(
            !dir.path()
                .join("escaped-file-written-by-a-crafted-export")
                .exists()
        );
        assert!(!home.exists(), "nothing half-restored");
    }
}
