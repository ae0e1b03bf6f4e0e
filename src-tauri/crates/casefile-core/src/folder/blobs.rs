//! Document files: every imported file is kept byte for byte under its SHA-256 in
//! `blobs/ab/cdef…`, sealed with XChaCha20-Poly1305 under the data key in a protected folder
//! (`CFSEAL1` header + 24-byte nonce + ciphertext, the plain SHA-256 as associated data so a
//! file swapped for another is refused). Reads accept plain or sealed files and always check the
//! hash, so a half-sealed folder (an encryption in place cut off part-way) reads whole.

use std::fs;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use super::durable;
use super::keys::DataKey;
use super::{BLOB_FOLDER, QUARANTINE_FOLDER};
use crate::error::{CoreError, Result};

/// The first bytes of a sealed document file.
const SEAL_MAGIC: &[u8; 8] = b"CFSEAL1\n";
const NONCE_LEN: usize = 24;

/// Whether `sha256` is a fingerprint as Casefile writes them: 64 lower-case hex digits.
pub(crate) fn is_fingerprint(sha256: &str) -> bool {
    sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where the file with this SHA-256 is kept: `blobs/ab/cdef…`. A value that is not a
/// fingerprint (only a damaged or crafted database holds one) names a file that cannot exist,
/// so it reads as missing instead of reaching outside the folder.
pub(crate) fn path(home: &Path, sha256: &str) -> PathBuf {
    if is_fingerprint(sha256) {
        home.join(BLOB_FOLDER).join(&sha256[..2]).join(&sha256[2..])
    } else {
        home.join(BLOB_FOLDER).join("not-a-fingerprint")
    }
}

/// The SHA-256 of `bytes`, as documents are named.
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Stores `bytes` under their SHA-256 (a durable write), sealed with `key` in a protected
/// folder; false when the file was already there.
pub(crate) fn write(
    home: &Path,
    key: Option<&DataKey>,
    sha256: &str,
    bytes: &[u8],
) -> Result<bool> {
    let path = path(home, sha256);
    if path.exists() {
        return Ok(false);
    }
    let fail = |e: std::io::Error| CoreError::DataFolder {
        path: path.clone(),
        reason: format!("the file could not be stored ({e})."),
    };
    if !is_fingerprint(sha256) {
        return Err(fail(std::io::Error::other("not a fingerprint")));
    }
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if !folder.exists() {
        fs::create_dir_all(&folder).map_err(fail)?;
        // The new `ab/` folder itself must survive a power cut, as its file will.
        durable::sync_folder(&home.join(BLOB_FOLDER));
    }
    let sealed = key.map(|k| seal(k, sha256, bytes));
    durable::replace_file(&path, sealed.as_deref().unwrap_or(bytes)).map_err(fail)?;
    Ok(true)
}

/// Seals a document's bytes for storage: header, nonce, ciphertext with its tag.
pub(crate) fn seal(key: &DataKey, sha256: &str, plain: &[u8]) -> Vec<u8> {
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

/// The plain bytes of the stored document `sha256`, checked against it (sealed or not).
pub(crate) fn read(
    home: &Path,
    sha256: &str,
    key: Option<&DataKey>,
) -> std::result::Result<Vec<u8>, BlobProblem> {
    let stored = fs::read(path(home, sha256)).map_err(BlobProblem::Missing)?;
    open_stored(stored, sha256, key)
}

/// [`read`] for bytes already read.
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
    if fingerprint(&plain) != sha256 {
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

/// Moves a stored file no document refers to (`name`, at `path`) into `quarantine/`, keeping
/// it byte for byte (sealed as it was). A file already there under that name stays as it is:
/// when it holds the very same bytes (a take-back from quarantine cut off before it committed
/// leaves such a copy behind), the copy here goes, since nothing of it is lost; when it differs,
/// this one is kept beside it under a numbered name.
pub(crate) fn quarantine(home: &Path, name: &str, path: &Path) -> Result<()> {
    let folder = home.join(QUARANTINE_FOLDER);
    let fail = |e: std::io::Error| CoreError::DataFolder {
        path: path.to_path_buf(),
        reason: format!(
            "a file no document refers to could not be moved to quarantine ({e}); nothing was removed."
        ),
    };
    fs::create_dir_all(&folder).map_err(fail)?;
    // Only names Casefile gave (a fingerprint, or prefix + name as found) become paths there.
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut target = folder.join(safe.trim_start_matches('.'));
    if target.exists() {
        let same = match (fs::read(&target), fs::read(path)) {
            (Ok(kept), Ok(here)) => kept == here,
            _ => false,
        };
        if same {
            fs::remove_file(path).map_err(fail)?;
            if let Some(parent) = path.parent() {
                durable::sync_folder(parent);
            }
            return Ok(());
        }
        let base = target.clone();
        let mut n = 1;
        while target.exists() {
            target = base.with_file_name(format!(
                "{}-{n}",
                base.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            n += 1;
        }
    }
    fs::rename(path, &target).map_err(fail)?;
    durable::sync_folder(&folder);
    if let Some(parent) = path.parent() {
        durable::sync_folder(parent);
    }
    Ok(())
}

/// Every stored document file: (SHA-256 from its name, path), sorted.
pub(crate) fn list(home: &Path) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = list_all(home)
        .into_iter()
        .filter(|(name, _)| is_fingerprint(name))
        .collect();
    found.sort();
    found
}

/// Every file in the two-character folders of `blobs/`, named as prefix + file name: stored
/// documents, half-written temporary files (`ab.cdef….PID.part`) and anything else found there.
pub(crate) fn list_all(home: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(dirs) = fs::read_dir(home.join(BLOB_FOLDER)) else {
        return out;
    };
    for dir in dirs.flatten() {
        let prefix = dir.file_name().to_string_lossy().into_owned();
        if prefix.len() != 2 || !dir.path().is_dir() {
            continue;
        }
        for file in fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            let rest = file.file_name().to_string_lossy().into_owned();
            out.push((format!("{prefix}{rest}"), file.path()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_is_not_a_fingerprint_never_names_a_path_outside_the_folder() {
        let home = Path::new("/data/home");
        for bad in ["", "a", "ab/../../etc/passwd", "é1", &"A".repeat(64)] {
            assert_eq!(
                path(home, bad),
                home.join("blobs/not-a-fingerprint"),
                "{bad}"
            );
        }
        let sha = fingerprint(b"letter");
        assert_eq!(
            path(home, &sha),
            home.join("blobs").join(&sha[..2]).join(&sha[2..])
        );
    }
}
