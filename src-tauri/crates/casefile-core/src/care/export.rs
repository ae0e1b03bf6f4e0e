//! Exports: one file holding everything (the database and every stored document, with a
//! manifest of fingerprints) for a USB stick or another computer. An export is checked by
//! reading it back, and restored only into an empty folder.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::folder::blobs;
use crate::folder::db::{prepare, snapshot};
use crate::folder::keys::DataKey;
use crate::folder::{DATABASE_FILE, KEY_FILE, read_key_file};
use crate::store::Store;

const MANIFEST: &str = "casefile-export.json";

/// The most an export's list of contents may unpack to (a real one is a few kilobytes per
/// thousand documents).
const MAX_MANIFEST_BYTES: u64 = 32 * 1024 * 1024;

/// The most an export's database may unpack to: far beyond any family's case file, short of
/// filling a disk from a small crafted file.
const MAX_DATABASE_BYTES: u64 = 8 * 1024 * 1024 * 1024;

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
    key_file: Option<crate::folder::keys::KeyFile>,
    /// For a protected case file, the SHA-256 of each stored (sealed) file, in `files` order.
    #[serde(default)]
    stored_sha256: Vec<String>,
}

impl Store {
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
            Some(_) => Some(read_key_file(self.home())?),
            None => None,
        };
        let blobs: Vec<(String, PathBuf)> = {
            let snapshot_conn = Connection::open(&db)?;
            prepare(&snapshot_conn, self.data_key())?;
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
            file.sync_all().map_err(|e| e.to_string())
        })();
        if let Err(reason) = written {
            let _ = fs::remove_file(&part);
            return Err(fail(format!("{reason}.")));
        }
        // Read back and checked before it takes the place of an earlier export at `out`: a
        // good export on a USB stick is never replaced by a bad one.
        let report = match read_export(&part, None, ExportKey::Key(self.data_key())) {
            Ok(report) => report,
            Err(e) => {
                let _ = fs::remove_file(&part);
                return Err(e);
            }
        };
        fs::rename(&part, out).map_err(|e| {
            let _ = fs::remove_file(&part);
            fail(format!("{e}."))
        })?;
        crate::folder::durable::sync_folder(&folder);
        Ok(ExportReport {
            path: out.to_string_lossy().into_owned(),
            ..report
        })
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
        (&mut entry)
            .take(MAX_MANIFEST_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|_| bad(file, "its list of contents is damaged"))?;
        if text.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(bad(file, "its list of contents is far too large"));
        }
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
        // Streamed to disk with a cap: a crafted export cannot fill memory or the disk.
        let mut out = fs::File::create(&db_path).map_err(|e| bad(file, e.to_string()))?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        loop {
            let n = entry
                .read(&mut buffer)
                .map_err(|_| bad(file, "the database is damaged"))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_DATABASE_BYTES {
                return Err(bad(file, "its database is far too large"));
            }
            hasher.update(&buffer[..n]);
            out.write_all(&buffer[..n])
                .map_err(|e| bad(file, e.to_string()))?;
        }
        if format!("{:x}", hasher.finalize()) != manifest.database_sha256 {
            return Err(bad(file, "the database does not match its fingerprint"));
        }
    }
    // Names become paths below: only SHA-256 fingerprints are accepted, so a crafted export
    // cannot write outside the folder it is restored into.
    if manifest
        .files
        .iter()
        .any(|(sha, _)| !blobs::is_fingerprint(sha))
    {
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
                let path = blobs::path(home, sha);
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
            // A file bigger than the list says stops here, before it fills memory or the disk.
            if total > *size {
                return Err(bad(
                    file,
                    format!("a document's file ({sha}) is larger than its list of contents says"),
                ));
            }
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
            blobs::open_stored(sealed, sha, Some(key)).map_err(|_| {
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
        fs::write(work.path().join(KEY_FILE), &json).map_err(|e| bad(file, e.to_string()))?;
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
            fs::copy(work.path().join(KEY_FILE), home.join(KEY_FILE))
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
    let restored = {
        let _lock = crate::folder::lock::hold(home, "restoring")?;
        read_export(file, Some(home), ExportKey::Passphrase(passphrase))
    };
    // The lock is let go first: Windows cannot remove a file held open.
    match restored {
        Ok(report) => Ok(report),
        Err(e) => {
            // Nothing half-restored is left to be mistaken for a case file.
            let _ = fs::remove_dir_all(home);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::store_with_document;

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

    /// `good` rewritten with `change` applied to each entry's name and bytes (deflated).
    fn crafted_from(good: &Path, crafted: &Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
        let mut source = zip::ZipArchive::new(fs::File::open(good).expect("open")).expect("zip");
        let mut out = zip::ZipWriter::new(fs::File::create(crafted).expect("create"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..source.len() {
            let mut entry = source.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            let name = entry.name().expect("name").to_string();
            let bytes = change(&name, bytes);
            out.start_file(name, options).expect("start");
            out.write_all(&bytes).expect("write");
        }
        out.finish().expect("finish");
    }

    #[test]
    fn an_export_whose_parts_unpack_beyond_what_it_lists_is_refused_without_filling_anything() {
        let (dir, store) = store_with_document();
        let good = dir.path().join("good.zip");
        store.export_to(&good).expect("export");
        // A document's file that unpacks to 64 MiB of zeros (about 64 KB packed) where the list
        // says a few hundred bytes: reading stops at the listed size.
        let crafted = dir.path().join("bigger.zip");
        crafted_from(&good, &crafted, |name, bytes| {
            if name.starts_with("blobs/") {
                vec![0u8; 64 << 20]
            } else {
                bytes
            }
        });
        assert!(fs::metadata(&crafted).expect("size").len() < 2 << 20);
        let home = dir.path().join("restored");
        let err = restore_export(&crafted, &home, None).expect_err("refused");
        assert!(
            err.to_string()
                .contains("larger than its list of contents says"),
            "{err}"
        );
        assert!(!home.exists(), "nothing half-restored");
        // A list of contents padded to 40 MiB is refused before it is parsed.
        let padded = dir.path().join("padded.zip");
        crafted_from(&good, &padded, |name, mut bytes| {
            if name == MANIFEST {
                bytes.extend(std::iter::repeat_n(b' ', 40 << 20));
            }
            bytes
        });
        let err = verify_export(&padded, None).expect_err("refused");
        assert!(err.to_string().contains("far too large"), "{err}");
    }

    #[test]
    fn an_export_that_does_not_check_out_never_replaces_an_earlier_good_one() {
        let (dir, store) = store_with_document();
        let out = dir.path().join("stick.casefile");
        store.export_to(&out).expect("first export");
        let good = fs::read(&out).expect("read");
        // A stored file changes on disk: the next export reads it back and refuses.
        let sha: String = store
            .conn
            .query_row("SELECT sha256 FROM documents", [], |r| r.get(0))
            .expect("sha");
        fs::write(store.blob_path(&sha), "changed on disk").expect("tamper");
        let err = store.export_to(&out).expect_err("a bad export");
        assert!(
            err.to_string().contains("does not match its fingerprint"),
            "{err}"
        );
        assert_eq!(
            fs::read(&out).expect("read"),
            good,
            "the earlier export is untouched"
        );
        verify_export(&out, None).expect("and still whole");
        let leftovers = fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .count();
        assert_eq!(leftovers, 0, "no half-made export is left beside it");
    }
}
