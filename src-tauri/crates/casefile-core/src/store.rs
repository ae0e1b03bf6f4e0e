//! The store: one open data folder and its database connection. Everything above the ground
//! floor (`folder`) works through it; `write()` is the only way to a transaction, so every
//! change lands whole or not at all, with its audit row in the same transaction.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

use crate::error::{CoreError, Result};
use crate::folder::keys::DataKey;
use crate::folder::{self, DATABASE_FILE, KEY_FILE, db::open_database};

/// An open Casefile data folder.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    home: PathBuf,
    /// The data key of a protected folder (wiped when the store is dropped, i.e. locked).
    pub(crate) key: Option<std::sync::Arc<DataKey>>,
}

impl Store {
    /// Opens (creating if needed) the data folder `home` and its database. A folder protected
    /// by a passphrase is refused with [`CoreError::Locked`]: see [`Store::unlock`].
    pub fn open(home: &Path) -> Result<Store> {
        if home.join(KEY_FILE).exists() {
            return Err(CoreError::Locked {
                path: home.to_path_buf(),
            });
        }
        Store::open_keyed(home, None)
    }

    /// Opens the folder's database with `key` (None: plain); a folder whose database has gone
    /// while its documents, backups or key file remain is refused, never given an empty one.
    pub(crate) fn open_keyed(home: &Path, key: Option<std::sync::Arc<DataKey>>) -> Result<Store> {
        folder::refuse_missing_database(home)?;
        Store::open_or_create(home, key)
    }

    /// [`Store::open_keyed`] for a case file being made now (its key file may already be
    /// written, its database not yet).
    pub(crate) fn open_or_create(
        home: &Path,
        key: Option<std::sync::Arc<DataKey>>,
    ) -> Result<Store> {
        folder::ensure_folder(home)?;
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

impl Store {
    /// The data key of a protected folder.
    pub(crate) fn data_key(&self) -> Option<&DataKey> {
        self.key.as_deref()
    }

    /// Where the stored file of the document with this SHA-256 is kept.
    pub(crate) fn blob_path(&self, sha256: &str) -> PathBuf {
        folder::blobs::path(&self.home, sha256)
    }

    /// Stores a document's bytes under their SHA-256; false when they were already there.
    pub(crate) fn write_blob(&self, sha256: &str, bytes: &[u8]) -> Result<bool> {
        folder::blobs::write(&self.home, self.data_key(), sha256, bytes)
    }

    /// The plain bytes of a stored document, checked against its SHA-256.
    pub(crate) fn read_blob(
        &self,
        sha256: &str,
    ) -> std::result::Result<Vec<u8>, folder::blobs::BlobProblem> {
        folder::blobs::read(&self.home, sha256, self.data_key())
    }
}

/// The current time as RFC 3339 UTC text, the form every timestamp is stored in.
pub(crate) fn now_timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::folder::db::{MIGRATIONS, SCHEMA_VERSION, SQLITE_MAGIC};
    use crate::folder::{APPLICATION_ID, resolve_home};
    use rusqlite_migration::Migrations;
    use std::fs;

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
