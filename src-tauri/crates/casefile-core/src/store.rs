//! The data file: where it lives, opening it safely, and schema migrations.
//!
//! Opening never changes a file that is not ours or that a newer Casefile wrote (DESIGN §4):
//! every check below runs before the first write.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{M, Migrations};

use crate::error::{CoreError, Result};

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "casefile.db";

/// SQLite `application_id` stamped into every Casefile database ("CFC1").
pub const APPLICATION_ID: i32 = 0x4346_4331;

/// Environment variable that overrides the data folder (tests, portable USB use).
pub const HOME_ENV: &str = "CASEFILE_HOME";

/// Numbered migrations, oldest first. Never edit one that has shipped; add the next.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_cases_parties_audit.sql")),
    M::up(include_str!("../migrations/0002_clocks.sql")),
    M::up(include_str!("../migrations/0003_correspondence.sql")),
    M::up(include_str!("../migrations/0004_provision.sql")),
    M::up(include_str!("../migrations/0005_documents.sql")),
    M::up(include_str!("../migrations/0006_bundles.sql")),
    M::up(include_str!("../migrations/0007_email_attachments.sql")),
    M::up(include_str!("../migrations/0008_ocr.sql")),
    M::up(include_str!("../migrations/0009_document_details.sql")),
    M::up(include_str!("../migrations/0010_password_protected.sql")),
    M::up(include_str!("../migrations/0011_entry_documents.sql")),
];

/// The newest data format this build understands (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

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

/// An open Casefile data folder.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    home: PathBuf,
    /// The data key of a protected folder (wiped when the store is dropped, i.e. locked).
    pub(crate) key: Option<std::sync::Arc<crate::keys::DataKey>>,
}

impl Store {
    /// Opens (creating if needed) the data folder `home` and its database. A folder protected
    /// by a passphrase is refused with [`CoreError::Locked`]: see [`Store::unlock`].
    pub fn open(home: &Path) -> Result<Store> {
        if home.join(crate::vault::KEY_FILE).exists() {
            return Err(CoreError::Locked {
                path: home.to_path_buf(),
            });
        }
        Store::open_keyed(home, None)
    }

    pub(crate) fn open_keyed(
        home: &Path,
        key: Option<std::sync::Arc<crate::keys::DataKey>>,
    ) -> Result<Store> {
        fs::create_dir_all(home).map_err(|e| CoreError::DataFolder {
            path: home.to_path_buf(),
            reason: format!("the folder could not be created ({e})."),
        })?;
        let conn = open_database(&home.join(DATABASE_FILE), key.as_deref())?;
        Ok(Store {
            conn,
            home: home.to_path_buf(),
            key,
        })
    }

    /// The data folder this store lives in.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The data format version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs `f` in one transaction: all of its writes land, or none do.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Lets SQLite and SQLCipher finish starting up before any connection is made. SQLCipher marks
/// itself ready before it registers `sqlcipher_export` for new connections, so a connection
/// opened by a second thread at that moment would lack it; the first connection is made here,
/// once, with everyone else waiting.
pub(crate) fn sqlite_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let _ = Connection::open_in_memory();
    });
}

/// Opens the database file at `path`, refusing files that are not Casefile's or are too new,
/// then brings the schema up to date.
pub fn open_database(path: &Path, key: Option<&crate::keys::DataKey>) -> Result<Connection> {
    sqlite_ready();
    if key.is_none() {
        refuse_non_sqlite(path)?;
    }
    let not_ours = || CoreError::NotCasefile {
        path: path.to_path_buf(),
    };
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify_open_error(e, path))?;
    crate::vault::prepare(&conn, key)?;

    // Read-only inspection first: nothing below writes until the file is known to be ours.
    let inspect = |conn: &Connection| -> rusqlite::Result<(i32, i64, i64)> {
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app_id, version, objects))
    };
    let (app_id, version, objects) = inspect(&conn).map_err(|e| match key {
        Some(_) => CoreError::DataFolder {
            path: path.to_path_buf(),
            reason: "the data file does not open with this folder's key: it is damaged, or the key file belongs to another case file. Restore the folder from an export or a backup.".into(),
        },
        None => classify_open_error(e, path),
    })?;
    let fresh = app_id == 0 && version == 0 && objects == 0;
    if app_id != APPLICATION_ID && !fresh {
        return Err(not_ours());
    }
    if version > SCHEMA_VERSION {
        return Err(CoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }

    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL keeps the last committed state intact through a crash; FULL sync makes a committed
    // change survive a power cut too (DESIGN §2 principle 3).
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(CoreError::DataFolder {
            path: path.to_path_buf(),
            reason: format!(
                "the file system does not support the safe saving mode Casefile needs (it offered {mode}). Use a folder on this computer's own disk."
            ),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if fresh {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    } else if version < SCHEMA_VERSION {
        // Before changing the shape of a family's data, keep a copy as it was.
        crate::backup::backup_before_upgrade(&conn, key, path, version)?;
    }
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

/// Refuses, by reading its first bytes only, a file that is not an SQLite database at all.
fn refuse_non_sqlite(path: &Path) -> Result<()> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(CoreError::DataFolder {
                path: path.to_path_buf(),
                reason: format!("the data file could not be read ({e})."),
            });
        }
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| CoreError::DataFolder {
            path: path.to_path_buf(),
            reason: format!("the data file could not be read ({e})."),
        })?;
    if head.is_empty() || head.as_slice() == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(CoreError::NotCasefile {
            path: path.to_path_buf(),
        })
    }
}

fn classify_open_error(e: rusqlite::Error, path: &Path) -> CoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            CoreError::NotCasefile {
                path: path.to_path_buf(),
            }
        }
        Some(rusqlite::ErrorCode::CannotOpen) | Some(rusqlite::ErrorCode::PermissionDenied) => {
            CoreError::DataFolder {
                path: path.to_path_buf(),
                reason: "the data file could not be opened; check that the folder exists and that you may write to it.".into(),
            }
        }
        _ => CoreError::Storage(e),
    }
}

/// The current time as RFC 3339 UTC text, the form every timestamp is stored in.
pub(crate) fn now_timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
    }

    #[test]
    fn an_older_data_file_is_backed_up_before_it_is_upgraded() {
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let mut conn = Connection::open(dir.path().join(DATABASE_FILE)).expect("db");
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .expect("id");
            Migrations::from_slice(&MIGRATIONS[..5])
                .to_latest(&mut conn)
                .expect("old schema");
            conn.execute(
                "INSERT INTO cases (child_name, ehcp_status, is_demo, created_at, updated_at) VALUES ('Ava', 'none', 0, 'x', 'x')",
                [],
            )
            .expect("case");
        }
        let store = Store::open(dir.path()).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let backups = store.list_backups().expect("backups");
        assert_eq!(backups.len(), 1);
        assert_eq!(backups[0].reason, "before-upgrade");
        let old = Connection::open(&backups[0].path).expect("backup opens");
        let version: i64 = old
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        let name: String = old
            .query_row("SELECT child_name FROM cases", [], |r| r.get(0))
            .expect("case");
        assert_eq!(
            (version, name.as_str()),
            (5, "Ava"),
            "the copy is the data as it was"
        );
        // Opening again (nothing to upgrade) makes no further copy.
        drop(store);
        assert_eq!(
            Store::open(dir.path())
                .expect("open")
                .list_backups()
                .expect("backups")
                .len(),
            1
        );
    }

    #[test]
    fn an_empty_file_is_migrated_to_the_latest_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(DATABASE_FILE), b"").expect("write empty file");
        let store = Store::open(dir.path()).expect("open empty file");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let app_id: i32 = store
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .expect("application id");
        assert_eq!(app_id, APPLICATION_ID);
    }

    #[test]
    fn a_file_from_the_first_version_is_upgraded_and_keeps_its_cases() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        {
            let mut conn = Connection::open(&path).expect("raw open");
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .expect("app id");
            Migrations::from_slice(&MIGRATIONS[..1])
                .to_latest(&mut conn)
                .expect("v1");
            conn.execute(
                "INSERT INTO cases (child_name, created_at, updated_at) VALUES ('Kept', 'x', 'x')",
                [],
            )
            .expect("v1 case");
        }
        let store = Store::open(dir.path()).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let name: String = store
            .conn
            .query_row("SELECT child_name FROM cases", [], |r| r.get(0))
            .expect("case kept");
        assert_eq!(name, "Kept");
    }

    #[test]
    fn reopening_keeps_the_schema_and_does_not_migrate_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        drop(Store::open(dir.path()).expect("first open"));
        let store = Store::open(dir.path()).expect("second open");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_schema_is_refused_and_the_file_left_byte_identical() {
        let dir = tempfile::tempdir().expect("temp dir");
        drop(Store::open(dir.path()).expect("create"));
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
                .expect("bump version");
            conn.pragma_update(None, "journal_mode", "DELETE")
                .expect("checkpoint");
        }
        let before = fs::read(&path).expect("read before");
        let err = Store::open(dir.path()).expect_err("newer schema must be refused");
        assert_eq!(err.kind(), "newer_schema");
        let message = err.to_string();
        assert!(message.contains("newer version of Casefile"), "{message}");
        assert!(message.contains("has not been changed"), "{message}");
        assert_eq!(fs::read(&path).expect("read after"), before);
    }

    #[test]
    fn a_text_file_is_refused_and_left_byte_identical() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        let content = b"Dear Sir or Madam,\nThis is a letter, not a database.\n".repeat(100);
        fs::write(&path, &content).expect("write");
        let err = Store::open(dir.path()).expect_err("text file must be refused");
        assert_eq!(err.kind(), "not_casefile");
        assert!(err.to_string().contains("not a Casefile data file"));
        assert_eq!(fs::read(&path).expect("read after"), content);
    }

    #[test]
    fn another_programs_sqlite_database_is_refused_and_left_byte_identical() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = Connection::open(&path).expect("raw open");
            conn.execute_batch(
                "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
            )
            .expect("other schema");
        }
        let before = fs::read(&path).expect("read before");
        let err = Store::open(dir.path()).expect_err("foreign database must be refused");
        assert_eq!(err.kind(), "not_casefile");
        assert_eq!(fs::read(&path).expect("read after"), before);
        assert!(!dir.path().join("casefile.db-wal").exists());
    }

    #[test]
    fn a_truncated_database_is_refused_and_left_byte_identical() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DATABASE_FILE);
        let mut bytes = SQLITE_MAGIC.to_vec();
        bytes.extend_from_slice(&[0xff; 40]);
        fs::write(&path, &bytes).expect("write");
        let err = Store::open(dir.path()).expect_err("truncated file must be refused");
        assert_eq!(err.kind(), "not_casefile", "{err}");
        assert_eq!(fs::read(&path).expect("read after"), bytes);
    }

    #[test]
    fn home_prefers_the_explicit_folder() {
        let explicit = Path::new("/tmp/somewhere");
        assert_eq!(resolve_home(Some(explicit)).expect("home"), explicit);
    }
}
