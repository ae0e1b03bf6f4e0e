//! Encryption at rest (DESIGN §2 principle 1). A protected data folder holds, beside the data, a
//! small key file (`casefile.key`): the Argon2id settings and salt, and the random data key sealed
//! under the passphrase and under the printed recovery key (see [`crate::keys`]). The database is
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

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::keys::{DataKey, KdfParams, KeyFile, RecoveryKey};
use crate::store::{DATABASE_FILE, Store};

/// The key file beside a protected database.
pub const KEY_FILE: &str = "casefile.key";
/// Present while an existing folder is being encrypted; removed when every file is sealed.
const ENCRYPTING_MARKER: &str = "casefile.encrypting";
/// The first bytes of a sealed document file.
const SEAL_MAGIC: &[u8; 8] = b"CFSEAL1\n";
const NONCE_LEN: usize = 24;

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
}

/// Whether `home` is new, plain or protected. Reads file names only.
pub fn folder_state(home: &Path) -> FolderState {
    if home.join(KEY_FILE).exists() {
        FolderState::Protected
    } else if fs::metadata(home.join(DATABASE_FILE))
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        FolderState::Plain
    } else {
        FolderState::New
    }
}

/// The key file of a protected folder.
pub fn read_key_file(home: &Path) -> Result<KeyFile> {
    let path = home.join(KEY_FILE);
    let text = fs::read(&path).map_err(|e| CoreError::DataFolder {
        path: path.clone(),
        reason: format!("its key file could not be read ({e})."),
    })?;
    serde_json::from_slice(&text).map_err(|_| CoreError::DataFolder {
        path,
        reason: "its key file is damaged, so the case file cannot be opened. Restore the key file from an export or backup of this folder.".into(),
    })
}

fn write_key_file(home: &Path, file: &KeyFile) -> Result<()> {
    let json = serde_json::to_vec_pretty(file).map_err(|e| CoreError::FileWrite {
        path: home.join(KEY_FILE),
        reason: e.to_string(),
    })?;
    crate::files::write_atomically(&home.join(KEY_FILE), &json)
}

/// Seals a document's bytes for storage: header, nonce, ciphertext with its tag.
pub(crate) fn seal_blob(key: &DataKey, sha256: &str, plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key.bytes()));
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: sha256.as_bytes(),
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(SEAL_MAGIC.len() + NONCE_LEN + sealed.len());
    out.extend_from_slice(SEAL_MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Whether stored bytes are a sealed document.
pub fn is_sealed(stored: &[u8]) -> bool {
    stored.starts_with(SEAL_MAGIC)
}

/// Why a stored document could not be read back.
#[derive(Debug)]
pub(crate) enum BlobProblem {
    Missing(std::io::Error),
    /// Sealed, and this folder is open without a key.
    NoKey,
    /// Changed, damaged or not the file its name says.
    Changed,
}

/// The plain bytes of a stored document, checked against its SHA-256 (sealed or not).
pub(crate) fn read_blob(
    path: &Path,
    sha256: &str,
    key: Option<&DataKey>,
) -> std::result::Result<Vec<u8>, BlobProblem> {
    let stored = fs::read(path).map_err(BlobProblem::Missing)?;
    open_stored(stored, sha256, key)
}

/// [`read_blob`] for bytes already read.
pub(crate) fn open_stored(
    stored: Vec<u8>,
    sha256: &str,
    key: Option<&DataKey>,
) -> std::result::Result<Vec<u8>, BlobProblem> {
    let plain = if is_sealed(&stored) {
        let key = key.ok_or(BlobProblem::NoKey)?;
        open_sealed(key, sha256, &stored).ok_or(BlobProblem::Changed)?
    } else {
        stored
    };
    if format!("{:x}", Sha256::digest(&plain)) != sha256 {
        return Err(BlobProblem::Changed);
    }
    Ok(plain)
}

fn open_sealed(key: &DataKey, sha256: &str, stored: &[u8]) -> Option<Vec<u8>> {
    let body = stored.get(SEAL_MAGIC.len()..)?;
    if body.len() < NONCE_LEN {
        return None;
    }
    let (nonce, sealed) = body.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(Key::from_slice(key.bytes()))
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: sha256.as_bytes(),
            },
        )
        .ok()
}

/// Applies the data key to a just-opened connection: must be the first statement run on it.
pub(crate) fn key_connection(conn: &Connection, key: &DataKey) -> rusqlite::Result<()> {
    quiet(conn)?;
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

/// SQLCipher's own diagnostics off (it writes them to standard error): a damaged file is
/// explained by Casefile's own message instead.
pub(crate) fn quiet(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(path.file_name().unwrap_or_default());
    temp_name.push(format!(".{}.part", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn sync_folder(folder: &Path) {
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

fn folder_error(path: &Path, what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::DataFolder {
        path: path.to_path_buf(),
        reason: format!(
            "{what} ({e}). Nothing was lost: open the case file with the passphrase to finish."
        ),
    }
}

/// Whether the database file starts with plain SQLite's header (not yet encrypted).
fn database_is_plain(path: &Path) -> bool {
    let mut head = [0u8; 16];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|()| &head == b"SQLite format 3\0")
        .unwrap_or(false)
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
        if app_id != i64::from(crate::store::APPLICATION_ID) || integrity != "ok" {
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

/// Seals every plain document file in place, one rename at a time, and removes leftovers of
/// cut-off writes (plain temporary files). A file that does not match its name is sealed too:
/// it stays unreadable as a document (the check names it), but its bytes are not left plain.
fn seal_blobs(home: &Path, key: &DataKey) -> Result<u64> {
    let mut sealed = 0;
    let mut folders = std::collections::BTreeSet::new();
    for (sha, path) in blob_files_in(home) {
        let stored = fs::read(&path)
            .map_err(|e| folder_error(&path, "a document's file could not be read", e))?;
        if is_sealed(&stored) {
            continue;
        }
        replace_file(&path, &seal_blob(key, &sha, &stored))
            .map_err(|e| folder_error(&path, "a document's file could not be encrypted", e))?;
        sealed += 1;
        if let Some(folder) = path.parent() {
            folders.insert(folder.to_path_buf());
        }
    }
    for prefix in fs::read_dir(home.join("blobs"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in fs::read_dir(prefix.path()).into_iter().flatten().flatten() {
            if file.file_name().to_string_lossy().ends_with(".part") {
                fs::remove_file(file.path()).map_err(|e| {
                    folder_error(&file.path(), "a leftover file could not be removed", e)
                })?;
                folders.insert(prefix.path());
            }
        }
    }
    // Each renamed file's folder is synced, so a power cut cannot bring a plain copy back.
    for folder in folders {
        sync_folder(&folder);
    }
    sync_folder(&home.join("blobs"));
    Ok(sealed)
}

/// Every stored document file: (SHA-256 from its name, path).
pub(crate) fn blob_files_in(home: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let Ok(prefixes) = fs::read_dir(home.join("blobs")) else {
        return found;
    };
    for prefix in prefixes.flatten() {
        let head = prefix.file_name().to_string_lossy().into_owned();
        let Ok(files) = fs::read_dir(prefix.path()) else {
            continue;
        };
        for file in files.flatten() {
            let rest = file.file_name().to_string_lossy().into_owned();
            let sha = format!("{head}{rest}");
            if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                found.push((sha, file.path()));
            }
        }
    }
    found.sort();
    found
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
    if let Ok(entries) = fs::read_dir(home.join(crate::backup::BACKUP_FOLDER)) {
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
    sync_folder(&home.join(crate::backup::BACKUP_FOLDER));
    let _ = fs::remove_file(home.join(ENCRYPTING_MARKER));
    sync_folder(home);
    Ok(())
}

/// The data key of a protected folder, from its passphrase, without opening the database
/// (for work on a case file too damaged to open, such as restoring a backup over it).
pub fn unlock_key(home: &Path, passphrase: &str) -> Result<Arc<DataKey>> {
    Ok(Arc::new(read_key_file(home)?.unlock(passphrase)?))
}

impl Store {
    /// Opens a protected folder with its passphrase. A wrong passphrase changes nothing.
    pub fn unlock(home: &Path, passphrase: &str) -> Result<Store> {
        let key = read_key_file(home)?.unlock(passphrase)?;
        Store::open_with_key(home, Arc::new(key))
    }

    /// Opens a protected folder with the printed recovery key and sets `new_passphrase`
    /// (a forgotten passphrase is replaced; the recovery key keeps working).
    pub fn unlock_with_recovery(
        home: &Path,
        recovery: &str,
        new_passphrase: &str,
    ) -> Result<Store> {
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
        fs::create_dir_all(home).map_err(|e| CoreError::DataFolder {
            path: home.to_path_buf(),
            reason: format!("the folder could not be created ({e})."),
        })?;
        write_key_file(home, &file)?;
        Ok((Store::open_with_key(home, Arc::new(key))?, recovery))
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
        let (file, key, recovery) = KeyFile::create(passphrase, kdf)?;
        drop(self);
        crate::files::write_atomically(&home.join(ENCRYPTING_MARKER), b"encrypting\n")?;
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

    /// A new recovery key (after checking the passphrase); the old one stops working.
    pub fn new_recovery_key(&self, passphrase: &str) -> Result<RecoveryKey> {
        let key = self.protected_key()?;
        let file = read_key_file(self.home())?;
        file.unlock(passphrase)?;
        let (renewed, recovery) = file.with_new_recovery(key)?;
        write_key_file(self.home(), &renewed)?;
        Ok(recovery)
    }

    fn protected_key(&self) -> Result<&DataKey> {
        self.key.as_deref().ok_or_else(|| {
            CoreError::invalid(
                "passphrase",
                "This case file has no passphrase yet. Protect it with one first.",
            )
        })
    }

    pub(crate) fn data_key(&self) -> Option<&DataKey> {
        self.key.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KdfParams;

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
            .create_case(&crate::cases::CaseDetails {
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
        let refused = crate::backup::verify_export(&export, None).expect_err("needs passphrase");
        assert!(refused.to_string().contains("passphrase"), "{refused}");
        assert!(crate::backup::verify_export(&export, Some("wrong passphrase")).is_err());
        crate::backup::verify_export(&export, Some("first passphrase")).expect("verify");

        let elsewhere = dir.path().join("elsewhere");
        crate::backup::restore_export(&export, &elsewhere, Some("first passphrase"))
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
            .create_case(&crate::cases::CaseDetails {
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
}
