//! Encryption at rest: nothing of a protected case file is readable without its passphrase. A protected data folder holds, beside the data, a
//! small key file (`casefile.key`): the Argon2id settings and salt, and the random data key sealed
//! under the passphrase and under the printed recovery key (see [`crate::folder::keys`]). The database is
//! an SQLCipher file keyed with the data key; every stored document is sealed with
//! XChaCha20-Poly1305 under the same key, its SHA-256 bound in as associated data so a file
//! swapped for another is refused. The data key lives only in memory while the folder is open.
//!
//! Encrypting an existing folder in place is resumable at every step, so a crash or a power cut
//! part-way loses nothing: a marker file is written first, then the key file; the database is
//! copied into an encrypted file that replaces it in one rename; then each document's file is
//! sealed and renamed over its plain copy, one at a time; a fresh encrypted backup is made and
//! then the plain backups are deleted; the marker goes last. Opening the folder with the passphrase while
//! the marker is there finishes the job. Every stored file is either plain or sealed, and reads
//! tell the two apart by the seal's header, so a half-sealed folder reads whole.
//!
//! A re-key (a new recovery key, or "my passphrase may be known") replaces the data key itself,
//! so an old copy of the key file with an old passphrase or recovery key opens nothing made
//! since. It is resumable the same way: the new key file is written beside the old one
//! (`casefile.key.next`, sealed under the same passphrase), then the database is copied under the
//! new key and renamed into place, then each document's file, each file in quarantine and each
//! backup is re-sealed under the new key and renamed over its old copy; the new key file
//! replaces the old one last. Opening the folder with the passphrase while the new key file is
//! there finishes the job. Every file opens with one of the two keys at every moment, and each
//! step tells which by trying. Exports already made (on a USB stick, say) stay under the old key:
//! that cannot be helped, and the window and the command line say so.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::folder::blobs::{self, is_sealed};
use crate::folder::db::{copy_encrypted, database_is_plain, quiet};
use crate::folder::durable::{replace_file, sync_folder, write_atomically};
use crate::folder::keys::{DataKey, KdfParams, KeyFile, RecoveryKey};
use crate::folder::{
    APPLICATION_ID, BACKUP_FOLDER, BLOB_FOLDER, DATABASE_FILE, ENCRYPTING_MARKER, FolderState,
    KEY_FILE, NEXT_KEY_FILE, folder_state, read_key_file, write_key_file,
};
use crate::store::Store;

fn folder_error(path: &Path, what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::DataFolder {
        path: path.to_path_buf(),
        reason: format!(
            "{what} ({e}). Nothing was lost: open the case file with the passphrase to finish."
        ),
    }
}

/// Replaces a plain database with an encrypted copy in one rename.
fn encrypt_database(home: &Path, key: &DataKey) -> Result<()> {
    let db = home.join(DATABASE_FILE);
    let temp = home.join(format!(".{DATABASE_FILE}.encrypting"));
    let _ = fs::remove_file(&temp);
    {
        let conn = Connection::open(&db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        quiet(&conn)?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        // Only Casefile's own database is encrypted (a file that is not ours is left alone).
        let integrity: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if app_id != i64::from(APPLICATION_ID) || integrity != "ok" {
            return Err(CoreError::NotCasefile { path: db });
        }
        copy_encrypted(&conn, &temp, key)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| folder_error(&temp, "the encrypted copy could not be saved", e))?;
    for leftover in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(home.join(format!("{DATABASE_FILE}{leftover}")));
    }
    fs::rename(&temp, &db)
        .map_err(|e| folder_error(&db, "the encrypted copy could not replace the plain one", e))?;
    sync_folder(home);
    Ok(())
}

/// Every document file of the folder with its fingerprint: the stored ones, then those a repair
/// moved into quarantine (the family's too, so sealed and re-keyed like the others).
fn every_document_file(home: &Path) -> Vec<(String, std::path::PathBuf)> {
    let quarantined = fs::read_dir(home.join(crate::folder::QUARANTINE_FOLDER))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| blobs::is_fingerprint(name));
    blobs::list(home).into_iter().chain(quarantined).collect()
}

/// Seals every plain document file in place, one rename at a time, and removes leftovers of
/// cut-off writes (plain temporary files). A file that does not match its name is sealed too:
/// it stays unreadable as a document (the check names it), but its bytes are not left plain.
fn seal_blobs(home: &Path, key: &DataKey) -> Result<u64> {
    let mut sealed = 0;
    let mut folders = std::collections::BTreeSet::new();
    // Files a repair moved into quarantine are the family's too, and are sealed as well.
    for (sha, path) in every_document_file(home) {
        let stored = fs::read(&path)
            .map_err(|e| folder_error(&path, "a document's file could not be read", e))?;
        if is_sealed(&stored) {
            continue;
        }
        replace_file(&path, &blobs::seal(key, &sha, &stored))
            .map_err(|e| folder_error(&path, "a document's file could not be encrypted", e))?;
        sealed += 1;
        if let Some(folder) = path.parent() {
            folders.insert(folder.to_path_buf());
        }
    }
    for (name, path) in blobs::list_all(home) {
        if name.ends_with(".part") {
            fs::remove_file(&path)
                .map_err(|e| folder_error(&path, "a leftover file could not be removed", e))?;
            if let Some(folder) = path.parent() {
                folders.insert(folder.to_path_buf());
            }
        }
    }
    // Each renamed file's folder is synced, so a power cut cannot bring a plain copy back.
    for folder in folders {
        sync_folder(&folder);
    }
    sync_folder(&home.join(BLOB_FOLDER));
    Ok(sealed)
}

/// Encrypts what is still plain in a folder whose key file is written: the database, then
/// each document (both steps can be repeated after an interruption).
fn encrypt_what_is_plain(home: &Path, key: &DataKey) -> Result<()> {
    if database_is_plain(&home.join(DATABASE_FILE)) {
        encrypt_database(home, key)?;
    }
    seal_blobs(home, key)?;
    Ok(())
}

/// After everything is encrypted and an encrypted backup is made: the backups made before
/// encryption (which hold the case in plain form) go, then the marker.
fn clear_plain_backups(home: &Path) -> Result<()> {
    if let Ok(entries) = fs::read_dir(home.join(BACKUP_FOLDER)) {
        for entry in entries.flatten() {
            if database_is_plain(&entry.path()) {
                fs::remove_file(entry.path()).map_err(|e| {
                    folder_error(
                        &entry.path(),
                        "a backup made before encryption could not be removed",
                        e,
                    )
                })?;
            }
        }
    }
    sync_folder(&home.join(BACKUP_FOLDER));
    let _ = fs::remove_file(home.join(ENCRYPTING_MARKER));
    sync_folder(home);
    Ok(())
}

/// Whether the SQLCipher database at `path` opens with `key` (reads its first page).
fn opens_with(path: &Path, key: &DataKey) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    crate::folder::db::key_connection(&conn, key).is_ok()
        && conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
}

/// Copies the database file `path`, now under `old`, into the same place under `new`, in one
/// rename (a database already under `new` is left as it is).
fn rekey_database_file(path: &Path, old: &DataKey, new: &DataKey) -> Result<()> {
    if opens_with(path, new) {
        return Ok(());
    }
    let temp = path.with_extension("rekeying");
    let _ = fs::remove_file(&temp);
    {
        let conn = Connection::open(path)?;
        crate::folder::db::key_connection(&conn, old)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        copy_encrypted(&conn, &temp, new)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| folder_error(&temp, "the re-encrypted copy could not be saved", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(folder) = path.parent() {
        for leftover in ["-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(folder.join(format!("{name}{leftover}")));
        }
    }
    fs::rename(&temp, path).map_err(|e| {
        folder_error(
            path,
            "the re-encrypted copy could not replace the old one",
            e,
        )
    })?;
    if let Some(folder) = path.parent() {
        sync_folder(folder);
    }
    Ok(())
}

/// Finishes a re-key from `old` to `new` (each step can be repeated after an interruption), then
/// puts the new key file in place.
fn finish_rekey(home: &Path, old: &DataKey, new: &DataKey) -> Result<()> {
    rekey_database_file(&home.join(DATABASE_FILE), old, new)?;
    let mut folders = std::collections::BTreeSet::new();
    for (sha, path) in every_document_file(home) {
        let stored = fs::read(&path)
            .map_err(|e| folder_error(&path, "a document's file could not be read", e))?;
        if blobs::open_stored(stored.clone(), &sha, Some(new)).is_ok() {
            continue;
        }
        // A file that opens with neither key (one that no longer matches its name) is left as
        // it is: the check names it, and nothing of it is lost.
        let Ok(plain) = blobs::open_stored(stored, &sha, Some(old)) else {
            continue;
        };
        replace_file(&path, &blobs::seal(new, &sha, &plain))
            .map_err(|e| folder_error(&path, "a document's file could not be re-encrypted", e))?;
        if let Some(folder) = path.parent() {
            folders.insert(folder.to_path_buf());
        }
    }
    for folder in folders {
        sync_folder(&folder);
    }
    if let Ok(entries) = fs::read_dir(home.join(BACKUP_FOLDER)) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "db") && opens_with(&path, old) {
                rekey_database_file(&path, old, new)?;
            }
        }
    }
    fs::rename(home.join(NEXT_KEY_FILE), home.join(KEY_FILE))
        .map_err(|e| folder_error(home, "the new key file could not be put in place", e))?;
    sync_folder(home);
    Ok(())
}

/// The data key of a protected folder, from its passphrase, without opening the database
/// (for work on a case file too damaged to open, such as restoring a backup over it).
pub fn unlock_key(home: &Path, passphrase: &str) -> Result<Arc<DataKey>> {
    Ok(Arc::new(read_key_file(home)?.unlock(passphrase)?))
}

impl Store {
    /// Opens a protected folder with its passphrase, first finishing a re-key cut off part-way.
    /// A wrong passphrase changes nothing.
    pub fn unlock(home: &Path, passphrase: &str) -> Result<Store> {
        let key = read_key_file(home)?.unlock(passphrase)?;
        if home.join(NEXT_KEY_FILE).exists() {
            let _lock = crate::folder::lock::hold(home, "finishing the change of key for")?;
            let new =
                crate::folder::read_key_file_at(home.join(NEXT_KEY_FILE))?.unlock(passphrase)?;
            finish_rekey(home, &key, &new)?;
            return Store::open_with_key(home, Arc::new(new));
        }
        Store::open_with_key(home, Arc::new(key))
    }

    /// Opens a protected folder with the printed recovery key and sets `new_passphrase`
    /// (a forgotten passphrase is replaced; the recovery key keeps working).
    pub fn unlock_with_recovery(
        home: &Path,
        recovery: &str,
        new_passphrase: &str,
    ) -> Result<Store> {
        if home.join(NEXT_KEY_FILE).exists() {
            // The new key is sealed under the passphrase only until the change is finished.
            return Err(CoreError::invalid(
                "recovery",
                "A change of this case file's key was cut off part-way. Open it with its passphrase once to finish it; then the new recovery key works.",
            ));
        }
        let file = read_key_file(home)?;
        let key = file.unlock_with_recovery(recovery)?;
        let renewed = file.with_new_passphrase(&key, new_passphrase)?;
        write_key_file(home, &renewed)?;
        Store::open_with_key(home, Arc::new(key))
    }

    /// Makes a new protected case file in an empty folder; returns it and its recovery key,
    /// which is shown once and never stored.
    pub fn create_protected(
        home: &Path,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(Store, RecoveryKey)> {
        if folder_state(home) != FolderState::New {
            return Err(CoreError::invalid(
                "home",
                format!("{} already holds a case file.", home.display()),
            ));
        }
        let (file, key, recovery) = KeyFile::create(passphrase, kdf)?;
        crate::folder::ensure_folder(home)?;
        write_key_file(home, &file)?;
        let store = Store::open_or_create(home, Some(Arc::new(key)))?;
        Ok((store, recovery))
    }

    /// Encrypts this plain case file in place under `passphrase` (see the module notes: an
    /// interruption is finished the next time the folder is opened with that passphrase).
    pub fn protect(self, passphrase: &str, kdf: KdfParams) -> Result<(Store, RecoveryKey)> {
        if self.key.is_some() {
            return Err(CoreError::invalid(
                "passphrase",
                "This case file is already protected by a passphrase.",
            ));
        }
        let home = self.home().to_path_buf();
        let _lock = crate::folder::lock::hold(&home, "protecting")?;
        let (file, key, recovery) = KeyFile::create(passphrase, kdf)?;
        drop(self);
        write_atomically(&home.join(ENCRYPTING_MARKER), b"encrypting\n")?;
        write_key_file(&home, &file)?;
        match Store::open_with_key(&home, Arc::new(key)) {
            Ok(store) => Ok((store, recovery)),
            Err(e) => Err(CoreError::DataFolder {
                path: home,
                reason: format!(
                    "the encryption stopped part-way ({e}). Nothing is lost: it finishes the next time the case file is opened with the new passphrase. The recovery key made now cannot be shown, so then make a new one (Privacy, or `casefile new-recovery-key`)."
                ),
            }),
        }
    }

    /// Opens a protected folder with its data key, first finishing an interrupted encryption.
    pub(crate) fn open_with_key(home: &Path, key: Arc<DataKey>) -> Result<Store> {
        let finishing =
            home.join(ENCRYPTING_MARKER).exists() || database_is_plain(&home.join(DATABASE_FILE));
        if finishing {
            encrypt_what_is_plain(home, &key)?;
        }
        let store = Store::open_keyed(home, Some(key))?;
        if finishing {
            store.backup_now("manual")?;
            clear_plain_backups(home)?;
        }
        Ok(store)
    }

    /// Whether this case file is protected by a passphrase.
    pub fn is_protected(&self) -> bool {
        self.key.is_some()
    }

    /// Replaces the passphrase after checking the current one; only the small key file is
    /// rewritten (atomically), so an interruption leaves the old passphrase working.
    pub fn change_passphrase(&self, current: &str, new_passphrase: &str) -> Result<()> {
        let key = self.protected_key()?;
        let file = read_key_file(self.home())?;
        file.unlock(current)?;
        let renewed = file.with_new_passphrase(key, new_passphrase)?;
        write_key_file(self.home(), &renewed)
    }

    /// A new recovery key (after checking the passphrase), with a new data key under it: the
    /// whole case file is re-encrypted (see [`Store::rekey`]), so the old recovery key, even with
    /// an old copy of the key file, opens nothing stored now.
    pub fn new_recovery_key(&mut self, passphrase: &str) -> Result<RecoveryKey> {
        self.rekey(passphrase)
    }

    /// Replaces the data key: a new one, sealed under the same passphrase and a new recovery key
    /// (returned, to print), and every file re-encrypted under it, resumably (see the module
    /// notes). This store is the re-keyed one afterwards. Exports made before stay under the
    /// old key.
    pub fn rekey(&mut self, passphrase: &str) -> Result<RecoveryKey> {
        let old = Arc::clone(self.key.as_ref().ok_or_else(|| {
            CoreError::invalid(
                "passphrase",
                "This case file has no passphrase yet. Protect it with one first.",
            )
        })?);
        let home = self.home().to_path_buf();
        let current = read_key_file(&home)?;
        current.unlock(passphrase)?;
        let _lock = crate::folder::lock::hold(&home, "re-keying")?;
        let (next, new, recovery) = KeyFile::create(passphrase, current.kdf)?;
        let json = serde_json::to_vec_pretty(&next).map_err(|e| CoreError::FileWrite {
            path: home.join(NEXT_KEY_FILE),
            reason: e.to_string(),
        })?;
        write_atomically(&home.join(NEXT_KEY_FILE), &json)?;
        // The connection closes (checkpointing its log) before the database is copied.
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        let finished = finish_rekey(&home, &old, &new);
        let new = Arc::new(new);
        match finished {
            Ok(()) => {
                *self = Store::open_keyed(&home, Some(new))?;
                self.backup_now("manual")?;
                Ok(recovery)
            }
            Err(e) => {
                // Half done: every file opens with one key or the other, and the next unlock
                // with the passphrase finishes. Until then this store reads what it can.
                if let Ok(store) = Store::open_keyed(&home, Some(Arc::clone(&old)))
                    .or_else(|_| Store::open_keyed(&home, Some(new)))
                {
                    *self = store;
                }
                Err(e)
            }
        }
    }

    fn protected_key(&self) -> Result<&DataKey> {
        self.key.as_deref().ok_or_else(|| {
            CoreError::invalid(
                "passphrase",
                "This case file has no passphrase yet. Protect it with one first.",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::folder::db::key_connection;
    use crate::folder::keys::KdfParams;
    use std::path::PathBuf;

    const FAST: KdfParams = KdfParams {
        memory_kib: 256,
        iterations: 1,
        lanes: 1,
    };
    const MARKER: &str = "Zephyrine-Quillfeather-7731";

    fn letter(dir: &Path) -> PathBuf {
        let path = dir.join("letter.txt");
        fs::write(
            &path,
            format!("Dear parent, the assessment of {MARKER} is refused."),
        )
        .expect("write");
        path
    }

    /// Every file in the folder, read raw, must not contain `needle`.
    fn assert_nowhere(home: &Path, needle: &str) {
        let mut stack = vec![home.to_path_buf()];
        let mut looked = 0;
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = fs::read(&path).expect("read");
                    looked += 1;
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                        "{} holds the marker in plain form",
                        path.display()
                    );
                }
            }
        }
        assert!(looked >= 3, "the folder held only {looked} files");
    }

    fn with_case(store: &mut Store, dir: &Path) -> i64 {
        let case = store
            .create_case(&crate::CaseDetails {
                child_name: format!("{MARKER} child"),
                ..Default::default()
            })
            .expect("case")
            .id;
        store.import_file(case, &letter(dir)).expect("import");
        case
    }

    #[test]
    fn a_new_protected_folder_holds_no_plain_text_and_opens_only_with_its_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, recovery) =
            Store::create_protected(&home, "correct horse battery", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        store.backup_now("manual").expect("backup");
        drop(store);
        assert_eq!(folder_state(&home), FolderState::Protected);
        assert_nowhere(&home, MARKER);

        assert!(matches!(Store::open(&home), Err(CoreError::Locked { .. })));
        let wrong = Store::unlock(&home, "wrong horse battery").expect_err("wrong");
        assert!(wrong.to_string().contains("does not open"), "{wrong}");

        let store = Store::unlock(&home, "correct horse battery").expect("unlock");
        let hits = store.search(case, MARKER).expect("search");
        assert_eq!(hits.len(), 1, "{hits:?}");
        let docs = store.list_documents(case).expect("docs");
        let bytes = store.document_bytes(docs[0].id).expect("bytes");
        assert!(String::from_utf8_lossy(&bytes).contains(MARKER));
        assert!(store.check().expect("check").is_whole());
        drop(store);

        let store = Store::unlock_with_recovery(&home, &recovery.0, "a brand new passphrase")
            .expect("recovery");
        drop(store);
        assert!(Store::unlock(&home, "correct horse battery").is_err());
        Store::unlock(&home, "a brand new passphrase").expect("new passphrase");
    }

    #[test]
    fn a_plain_folder_is_encrypted_in_place_and_keeps_everything() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let mut store = Store::open(&home).expect("open");
        let case = with_case(&mut store, dir.path());
        store.backup_now("manual").expect("plain backup");
        let (store, _recovery) = store.protect("a long passphrase", FAST).expect("protect");
        assert!(store.is_protected());
        assert_eq!(store.list_documents(case).expect("docs").len(), 1);
        assert_eq!(store.list_backups().expect("backups").len(), 1);
        drop(store);
        assert!(!home.join(ENCRYPTING_MARKER).exists());
        assert_nowhere(&home, MARKER);
        let store = Store::unlock(&home, "a long passphrase").expect("unlock");
        assert_eq!(store.search(case, MARKER).expect("search").len(), 1);
        assert!(store.check().expect("check").is_whole());
    }

    #[test]
    fn an_interrupted_encryption_is_finished_at_the_next_unlock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let mut store = Store::open(&home).expect("open");
        let case = with_case(&mut store, dir.path());
        drop(store);
        // As if the program stopped just after writing the key file: the marker and the key
        // file are there, the database and the document are still plain.
        let (file, _key, _recovery) = KeyFile::create("a long passphrase", FAST).expect("key");
        fs::write(home.join(ENCRYPTING_MARKER), "encrypting\n").expect("marker");
        write_key_file(&home, &file).expect("key file");
        assert_eq!(folder_state(&home), FolderState::Protected);

        let store = Store::unlock(&home, "a long passphrase").expect("unlock finishes");
        assert_eq!(store.list_documents(case).expect("docs").len(), 1);
        drop(store);
        assert!(!home.join(ENCRYPTING_MARKER).exists());
        assert_nowhere(&home, MARKER);
    }

    /// Whether `key` opens the stored file of the case's first document.
    fn document_opens_with(store: &Store, case: i64, key: &DataKey) -> bool {
        let doc = &store.list_documents(case).expect("docs")[0];
        let stored = fs::read(store.blob_path(&doc.sha256)).expect("stored");
        blobs::open_stored(stored, &doc.sha256, Some(key)).is_ok()
    }

    #[test]
    fn a_new_recovery_key_re_keys_everything_so_an_old_key_file_opens_nothing_new() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, old_recovery) =
            Store::create_protected(&home, "correct horse battery", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        store.backup_now("manual").expect("backup");
        // What an attacker kept: a copy of the key file, and the old recovery sheet.
        let old_key_file = read_key_file(&home).expect("key file");
        let old_key = old_key_file
            .unlock("correct horse battery")
            .expect("old key");

        let recovery = store
            .new_recovery_key("correct horse battery")
            .expect("re-key");
        assert_ne!(recovery.0, old_recovery.0);
        // This store carries on under the new key.
        assert_eq!(store.search(case, MARKER).expect("search").len(), 1);
        let new_key = Arc::clone(store.key.as_ref().expect("key"));
        assert!(document_opens_with(&store, case, &new_key));
        assert!(
            !document_opens_with(&store, case, &old_key),
            "the old key opens no document"
        );
        assert!(
            !opens_with(&home.join(DATABASE_FILE), &old_key),
            "nor the database"
        );
        for entry in fs::read_dir(home.join(BACKUP_FOLDER))
            .expect("backups")
            .flatten()
        {
            assert!(
                !opens_with(&entry.path(), &old_key),
                "nor any backup: {}",
                entry.path().display()
            );
            assert!(opens_with(&entry.path(), &new_key));
        }
        assert!(!home.join(NEXT_KEY_FILE).exists());
        assert!(store.check().expect("check").is_whole());
        drop(store);
        assert_nowhere(&home, MARKER);
        // The old recovery key opens nothing; the new one does.
        assert!(
            Store::unlock_with_recovery(&home, &old_recovery.0, "another long passphrase").is_err()
        );
        let store = Store::unlock(&home, "correct horse battery").expect("passphrase still works");
        assert_eq!(store.list_documents(case).expect("docs").len(), 1);
        drop(store);
        Store::unlock_with_recovery(&home, &recovery.0, "another long passphrase")
            .expect("new recovery");
    }

    #[test]
    fn a_re_key_cut_off_part_way_is_finished_at_the_next_unlock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "correct horse battery", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let old = Arc::clone(store.key.as_ref().expect("key"));
        drop(store);
        // As if the program stopped after the new key file was written and the database copied
        // under the new key, before any document was re-sealed.
        let (next, new, _recovery) = KeyFile::create("correct horse battery", FAST).expect("key");
        write_atomically(
            &home.join(NEXT_KEY_FILE),
            &serde_json::to_vec(&next).expect("json"),
        )
        .expect("next");
        rekey_database_file(&home.join(DATABASE_FILE), &old, &new).expect("database");
        // The recovery key cannot finish it (the new key is under the passphrase only).
        let err = Store::unlock_with_recovery(&home, "AAAA-BBBB", "x long passphrase")
            .expect_err("refused");
        assert!(err.to_string().contains("cut off part-way"), "{err}");

        let store = Store::unlock(&home, "correct horse battery").expect("unlock finishes");
        assert!(!home.join(NEXT_KEY_FILE).exists());
        assert!(document_opens_with(&store, case, &new));
        assert!(!document_opens_with(&store, case, &old));
        assert_eq!(store.search(case, MARKER).expect("search").len(), 1);
        assert!(store.check().expect("check").is_whole());
    }

    #[test]
    fn a_changed_passphrase_opens_the_same_data_and_the_old_one_stops_working() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "first passphrase", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let refused = store
            .change_passphrase("not the passphrase", "second passphrase")
            .expect_err("wrong current");
        assert!(refused.to_string().contains("does not open"));
        store
            .change_passphrase("first passphrase", "second passphrase")
            .expect("change");
        drop(store);
        assert!(Store::unlock(&home, "first passphrase").is_err());
        let store = Store::unlock(&home, "second passphrase").expect("unlock");
        assert_eq!(store.list_documents(case).expect("docs").len(), 1);
    }

    #[test]
    fn a_sealed_file_swapped_for_another_or_changed_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "first passphrase", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let doc = store.list_documents(case).expect("docs").remove(0);
        let path = store.blob_path(&doc.sha256);
        let mut stored = fs::read(&path).expect("read");
        assert!(is_sealed(&stored));
        let last = stored.len() - 1;
        stored[last] ^= 1;
        fs::write(&path, &stored).expect("tamper");
        let err = store.document_bytes(doc.id).expect_err("changed");
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(store.check().expect("check").changed.len(), 1);
    }

    #[test]
    fn backups_and_exports_of_a_protected_file_stay_encrypted_and_restore_with_the_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "first passphrase", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let backup = store.backup_now("manual").expect("backup");
        let export = dir.path().join("family.casefile");
        let report = store.export_to(&export).expect("export");
        assert_eq!((report.cases, report.documents), (1, 1));
        drop(store);

        // The backup is a whole database under the same key, and unreadable without it.
        let conn = Connection::open(&backup.path).expect("open backup");
        assert!(
            conn.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))
                .is_err()
        );
        let key = read_key_file(&home)
            .expect("key file")
            .unlock("first passphrase")
            .expect("key");
        let conn = Connection::open(&backup.path).expect("open backup");
        key_connection(&conn, &key).expect("key");
        let cases: i64 = conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .expect("count");
        assert_eq!(cases, 1);

        let export_bytes = fs::read(&export).expect("export bytes");
        assert!(
            !export_bytes
                .windows(MARKER.len())
                .any(|w| w == MARKER.as_bytes())
        );
        let refused =
            crate::care::export::verify_export(&export, None).expect_err("needs passphrase");
        assert!(refused.to_string().contains("passphrase"), "{refused}");
        assert!(crate::care::export::verify_export(&export, Some("wrong passphrase")).is_err());
        crate::care::export::verify_export(&export, Some("first passphrase")).expect("verify");

        let elsewhere = dir.path().join("elsewhere");
        crate::care::export::restore_export(&export, &elsewhere, Some("first passphrase"))
            .expect("restore");
        assert_eq!(folder_state(&elsewhere), FolderState::Protected);
        let restored = Store::unlock(&elsewhere, "first passphrase").expect("unlock restored");
        let doc = restored.list_documents(case).expect("docs").remove(0);
        assert!(
            String::from_utf8_lossy(&restored.document_bytes(doc.id).expect("bytes"))
                .contains(MARKER)
        );
        assert!(restored.check().expect("check").is_whole());
    }

    #[test]
    fn a_protected_case_file_is_put_back_as_a_backup_had_it_and_a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "first passphrase", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let backup = store.backup_now("manual").expect("backup");
        store
            .create_case(&crate::CaseDetails {
                child_name: "Added after the backup".into(),
                ..Default::default()
            })
            .expect("case");

        let foreign = dir.path().join("notes.db");
        fs::write(&foreign, "not a database").expect("write");
        let refused = store.restore_backup(&foreign).expect_err("foreign");
        assert!(
            refused.to_string().contains("Nothing was changed"),
            "{refused}"
        );
        assert_eq!(
            store
                .list_cases(crate::CaseFilter::Active)
                .expect("cases")
                .len(),
            2
        );

        let report = store
            .restore_backup(Path::new(&backup.path))
            .expect("restore");
        assert!(report.is_whole(), "{report:?}");
        let cases = store.list_cases(crate::CaseFilter::Active).expect("cases");
        assert_eq!(cases.iter().map(|c| c.id).collect::<Vec<_>>(), [case]);
        assert!(
            store
                .list_backups()
                .expect("backups")
                .iter()
                .any(|b| b.reason == "before-restore")
        );
        drop(store);
        assert_nowhere(&home, MARKER);
        Store::unlock(&home, "first passphrase").expect("opens after the restore");
    }

    #[test]
    fn a_protected_folder_that_lost_its_database_is_put_back_with_its_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let (mut store, _) =
            Store::create_protected(&home, "first passphrase", FAST).expect("create");
        let case = with_case(&mut store, dir.path());
        let backup = store.backup_now("manual").expect("backup");
        let later = dir.path().join("later.txt");
        fs::write(&later, "Written after the backup: the therapist's report.").expect("write");
        store.import_file(case, &later).expect("import");
        drop(store);
        fs::remove_file(home.join(crate::folder::DATABASE_FILE)).expect("lose the database");
        let refused = Store::unlock(&home, "first passphrase").expect_err("missing");
        assert!(
            matches!(refused, CoreError::MissingDatabase { .. }),
            "{refused}"
        );

        let backup = Path::new(&backup.path);
        let asked =
            crate::restore_missing_database(&home, None, backup).expect_err("no passphrase");
        assert!(asked.to_string().contains("passphrase first"), "{asked}");
        crate::restore_missing_database(&home, Some("wrong passphrase"), backup)
            .expect_err("wrong passphrase");
        assert!(
            !home.join(crate::folder::DATABASE_FILE).exists(),
            "nothing put back yet"
        );

        let (mut store, report) =
            crate::restore_missing_database(&home, Some("first passphrase"), backup)
                .expect("restore");
        assert_eq!(
            report.orphans.len(),
            1,
            "the later document is kept: {report:?}"
        );
        assert_eq!(store.list_documents(case).expect("docs").len(), 1);
        store.take_back_unlisted_documents(case).expect("take back");
        assert_eq!(store.list_documents(case).expect("docs").len(), 2);
        drop(store);
        assert_nowhere(&home, MARKER);
        Store::unlock(&home, "first passphrase").expect("opens after the restore");
        let again = crate::restore_missing_database(&home, Some("first passphrase"), backup)
            .expect_err("not missing now");
        assert!(again.to_string().contains("not missing"), "{again}");
    }
}
