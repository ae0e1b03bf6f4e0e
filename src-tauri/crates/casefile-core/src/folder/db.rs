//! Opening the database: refusing what is not Casefile's before anything is written, keying a
//! protected one (SQLCipher, the raw data key as the connection's first statement), bringing the
//! schema up to date (a backup first), and copying it whole (backups, encrypted copies).
//!
//! Opening never changes a file that is not ours or that a newer Casefile wrote: every check
//! below runs before the first write.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use super::keys::DataKey;
use super::{APPLICATION_ID, BACKUP_FOLDER};
use crate::error::{CoreError, Result};

/// Numbered migrations, oldest first. Never edit one that has shipped; add the next.
pub(crate) const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!(
        "../../migrations/0001_cases_parties_audit.sql"
    )),
    M::up(include_str!("../../migrations/0002_clocks.sql")),
    M::up(include_str!("../../migrations/0003_correspondence.sql")),
    M::up(include_str!("../../migrations/0004_provision.sql")),
    M::up(include_str!("../../migrations/0005_documents.sql")),
    M::up(include_str!("../../migrations/0006_bundles.sql")),
    M::up(include_str!("../../migrations/0007_email_attachments.sql")),
    M::up(include_str!("../../migrations/0008_ocr.sql")),
    M::up(include_str!("../../migrations/0009_document_details.sql")),
    M::up(include_str!("../../migrations/0010_password_protected.sql")),
    M::up(include_str!("../../migrations/0011_entry_documents.sql")),
    M::up(include_str!("../../migrations/0012_exception_details.sql")),
    M::up(include_str!("../../migrations/0013_section_parts.sql")),
    M::up(include_str!(
        "../../migrations/0014_documents_read_contained.sql"
    )),
    M::up(include_str!("../../migrations/0015_step_refused.sql")),
    M::up(include_str!("../../migrations/0016_suggested_date.sql")),
    M::up(include_str!("../../migrations/0017_ocr_words.sql")),
    M::up(include_str!("../../migrations/0018_working_documents.sql")),
    M::up(include_str!("../../migrations/0019_redactions.sql")),
];

/// The newest data format this build understands (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

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
pub fn open_database(path: &Path, key: Option<&DataKey>) -> Result<Connection> {
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
    prepare(&conn, key)?;

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
    // change survive a power cut too.
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
        backup_before_upgrade(&conn, key, path, version)?;
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

/// Applies the data key to a just-opened connection: must be the first statement run on it.
/// SQLCipher's memory security goes on with it (a process-wide setting): memory SQLCipher frees
/// is wiped, so pages of a locked case file, and the key it derived, are not left readable in
/// the process's memory (security review 2026, keys).
pub(crate) fn key_connection(conn: &Connection, key: &DataKey) -> rusqlite::Result<()> {
    quiet(conn)?;
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    let literal = key.sqlcipher_literal();
    let sql = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.as_str()));
    conn.execute_batch(&sql)
}

/// Readies a just-opened connection: keyed for a protected case file, and SQLCipher's own
/// diagnostics off either way.
pub(crate) fn prepare(conn: &Connection, key: Option<&DataKey>) -> rusqlite::Result<()> {
    match key {
        Some(key) => key_connection(conn, key),
        None => quiet(conn),
    }
}

/// Attaches the database file `path` as `alias`, encrypted under `key`.
pub(crate) fn attach_encrypted(
    conn: &Connection,
    path: &Path,
    alias: &str,
    key: &DataKey,
) -> rusqlite::Result<()> {
    let literal = key.sqlcipher_literal();
    let attach = zeroize::Zeroizing::new(format!(
        "ATTACH DATABASE '{}' AS {alias} KEY \"{}\";",
        path.to_string_lossy().replace('\'', "''"),
        literal.as_str()
    ));
    conn.execute_batch(&attach)
}

/// Copies the whole open database into a new file `to`, encrypted under `key`, with its
/// version stamps (`sqlcipher_export` copies tables and rows, not the header's numbers).
pub(crate) fn copy_encrypted(conn: &Connection, to: &Path, key: &DataKey) -> Result<()> {
    attach_encrypted(conn, to, "encrypted", key)?;
    let copied = (|| -> Result<()> {
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA encrypted.user_version = {version}; PRAGMA encrypted.application_id = {app_id};"
        ))?;
        Ok(())
    })();
    conn.execute_batch("DETACH DATABASE encrypted;")?;
    copied
}

/// Stops any statement on `conn` that runs past `limit` from now (it fails as interrupted, and
/// its transaction rolls back), until `progress_handler(0, None)` clears it.
pub(crate) fn limit_sql_time(
    conn: &Connection,
    limit: std::time::Duration,
) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    conn.progress_handler(10_000, Some(move || started.elapsed() > limit))
}

/// SQLCipher's own diagnostics off (it writes them to standard error): a damaged file is
/// explained by Casefile's own message instead.
pub(crate) fn quiet(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
}

/// Whether the database file starts with plain SQLite's header (not yet encrypted).
pub(crate) fn database_is_plain(path: &Path) -> bool {
    let mut head = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|()| &head == SQLITE_MAGIC)
        .unwrap_or(false)
}

/// Copies the database `from` into a new file `to` with SQLite's online backup; a protected
/// database's copy is encrypted under the same key.
pub(crate) fn snapshot(from: &Connection, key: Option<&DataKey>, to: &Path) -> Result<()> {
    let mut dest = Connection::open(to)?;
    prepare(&dest, key)?;
    let backup = rusqlite::backup::Backup::new(from, &mut dest)?;
    backup.run_to_completion(256, Duration::from_millis(10), None)?;
    drop(backup);
    // A backup is one self-contained file: no write-ahead log beside it.
    dest.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Makes a backup of an open database before its schema is upgraded (called by `open`).
fn backup_before_upgrade(
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
        &folder.join(super::backup_file_name(&format!(
            "before-upgrade-from-{from_version}"
        ))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_past_its_time_limit_is_stopped() {
        // An endless recursive query, as a crafted database's view or index could hide.
        let conn = Connection::open_in_memory().expect("db");
        limit_sql_time(&conn, std::time::Duration::from_millis(50)).expect("limit");
        let started = std::time::Instant::now();
        let err = conn
            .query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                [],
                |r| r.get::<_, i64>(0),
            )
            .expect_err("stopped");
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::OperationInterrupted)
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
    }
}
