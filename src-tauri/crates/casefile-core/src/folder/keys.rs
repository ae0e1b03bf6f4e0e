//! Keys for encryption at rest. A random data
//! key encrypts the data; it is kept only sealed, twice, in a small key file: once under a key
//! made from the family's passphrase with Argon2id (memory-hard, so guessing is slow), once under
//! a recovery key printed at set-up. Changing the passphrase re-seals the data key and rewrites
//! only the key file, atomically, so an interruption leaves the old passphrase working and no
//! data to re-encrypt. Keys are wiped from memory when dropped; none is ever written to disk.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{CoreError, Result};

/// Argon2id settings, kept in the key file so they can be raised later without locking anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

/// The settings new key files use: 64 MiB, 3 passes, 1 lane (OWASP's second Argon2id setting);
/// 0.14 s to unlock on this project's two-core test machine (`scripts/bench.sh` measures it).
pub const DEFAULT_KDF: KdfParams = KdfParams {
    memory_kib: 64 * 1024,
    iterations: 3,
    lanes: 1,
};

/// The data key sealed under one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Sealed {
    nonce: Vec<u8>,
    ciphertext: Vec<u8>,
}

/// The small file beside the data that holds the sealed data key and how to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: u32,
    pub kdf: KdfParams,
    salt: Vec<u8>,
    by_passphrase: Sealed,
    by_recovery: Sealed,
}

/// The key that encrypts the data; wiped from memory when dropped, never printed.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A new random key (for a temporary encrypted file).
    pub(crate) fn random() -> DataKey {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(bytes.as_mut());
        DataKey(bytes)
    }

    /// A key from its 32 bytes (read back from an encrypted hand-over file).
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey(Zeroizing::new(bytes))
    }

    /// A second copy (for a store opened from an export while the first stays with its owner).
    pub(crate) fn duplicate(&self) -> DataKey {
        DataKey(Zeroizing::new(*self.0))
    }

    /// The key as SQLCipher's raw-key literal, `x'…'` (wiped when dropped).
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(67));
        out.push_str("x'");
        for b in self.0.iter() {
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        out.push('\'');
        out
    }
}

/// A recovery key as printed for the family: 32 characters in groups of four, no 0/O or 1/I.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryKey(pub String);

const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const AAD: &[u8] = b"casefile data key v1";

pub(crate) fn derive(passphrase: &str, salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    // Settings read from a file are bounded, so a damaged or hostile one cannot ask for all
    // the computer's memory or hours of work.
    if kdf.memory_kib > 512 * 1024 || kdf.iterations > 64 || kdf.lanes > 16 {
        return Err(CoreError::invalid(
            "passphrase",
            "The key file's settings are not ones Casefile uses, so it was not tried. It may be damaged: restore it from an export.",
        ));
    }
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.lanes, Some(32)).map_err(|e| {
        CoreError::invalid(
            "passphrase",
            format!("The key file's settings are not usable ({e})."),
        )
    })?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| {
            CoreError::invalid(
                "passphrase",
                format!("The passphrase could not be used ({e})."),
            )
        })?;
    Ok(out)
}

fn recovery_secret(recovery: &str) -> Result<Zeroizing<Vec<u8>>> {
    let cleaned: String = recovery
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.len() != 32 || !cleaned.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(CoreError::invalid(
            "recovery",
            "That is not a recovery key: it has 32 letters and numbers, in eight groups of four.",
        ));
    }
    Ok(Zeroizing::new(cleaned.into_bytes()))
}

fn seal(key: &[u8; 32], secret: &[u8; 32]) -> Sealed {
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: AAD,
            },
        )
        .unwrap_or_default();
    Sealed {
        nonce: nonce.to_vec(),
        ciphertext,
    }
}

fn unseal(key: &[u8; 32], sealed: &Sealed) -> Option<DataKey> {
    if sealed.nonce.len() != 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let mut plain = cipher
        .decrypt(
            XNonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: AAD,
            },
        )
        .ok()?;
    let mut bytes = Zeroizing::new([0u8; 32]);
    let ok = plain.len() == 32;
    if ok {
        bytes.copy_from_slice(&plain);
    }
    plain.zeroize();
    ok.then_some(DataKey(bytes))
}

/// 32 random characters from [`ALPHABET`] (160 bits), in eight groups of four.
fn new_recovery_text() -> String {
    (0..32)
        .map(|_| char::from(ALPHABET[(OsRng.next_u32() % 32) as usize]))
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < 10 {
        return Err(CoreError::invalid(
            "passphrase",
            "Choose a passphrase of at least 10 characters: a few words you will remember is best.",
        ));
    }
    Ok(())
}

impl KeyFile {
    /// A new data key, sealed under `passphrase` and under a new recovery key (shown once).
    pub fn create(passphrase: &str, kdf: KdfParams) -> Result<(KeyFile, DataKey, RecoveryKey)> {
        check_passphrase(passphrase)?;
        let mut data = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(data.as_mut());
        let mut salt = vec![0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let recovery = new_recovery_text();
        let by_passphrase = seal(&*derive(passphrase, &salt, kdf)?, &data);
        let by_recovery = seal(
            &*derive(
                &String::from_utf8_lossy(&recovery_secret(&recovery)?),
                &salt,
                kdf,
            )?,
            &data,
        );
        Ok((
            KeyFile {
                format: 1,
                kdf,
                salt,
                by_passphrase,
                by_recovery,
            },
            DataKey(data),
            RecoveryKey(recovery),
        ))
    }

    /// The data key, or a plain refusal; nothing changes either way.
    pub fn unlock(&self, passphrase: &str) -> Result<DataKey> {
        unseal(&*derive(passphrase, &self.salt, self.kdf)?, &self.by_passphrase).ok_or_else(|| {
            CoreError::invalid(
                "passphrase",
                "That passphrase does not open this case file. Check it (capital letters count) and try again, or use the recovery key.",
            )
        })
    }

    /// The data key from the printed recovery key.
    pub fn unlock_with_recovery(&self, recovery: &str) -> Result<DataKey> {
        let secret = recovery_secret(recovery)?;
        unseal(
            &*derive(&String::from_utf8_lossy(&secret), &self.salt, self.kdf)?,
            &self.by_recovery,
        )
        .ok_or_else(|| {
            CoreError::invalid(
                "recovery",
                "That recovery key does not open this case file.",
            )
        })
    }

    /// The same data key sealed under a new passphrase (after `key` was unlocked by the old
    /// passphrase or the recovery key); the recovery key keeps working.
    pub fn with_new_passphrase(&self, key: &DataKey, new_passphrase: &str) -> Result<KeyFile> {
        check_passphrase(new_passphrase)?;
        Ok(KeyFile {
            by_passphrase: seal(&*derive(new_passphrase, &self.salt, self.kdf)?, key.bytes()),
            ..self.clone()
        })
    }

    /// The same data key sealed under a new recovery key (the old one stops working).
    pub fn with_new_recovery(&self, key: &DataKey) -> Result<(KeyFile, RecoveryKey)> {
        let recovery = new_recovery_text();
        let secret = recovery_secret(&recovery)?;
        let by_recovery = seal(
            &*derive(&String::from_utf8_lossy(&secret), &self.salt, self.kdf)?,
            key.bytes(),
        );
        Ok((
            KeyFile {
                by_recovery,
                ..self.clone()
            },
            RecoveryKey(recovery),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small settings so the tests run quickly; the real ones are measured by the benchmark.
    const FAST: KdfParams = KdfParams {
        memory_kib: 256,
        iterations: 1,
        lanes: 1,
    };

    #[test]
    fn the_passphrase_and_the_recovery_key_open_the_same_data_key_and_nothing_else_does() {
        let (file, key, recovery) =
            KeyFile::create("correct horse battery staple", FAST).expect("create");
        assert_eq!(
            recovery.0.len(),
            39,
            "eight groups of four with dashes: {}",
            recovery.0
        );
        assert_eq!(
            file.unlock("correct horse battery staple")
                .expect("unlock")
                .bytes(),
            key.bytes()
        );
        assert_eq!(
            file.unlock_with_recovery(&recovery.0.to_lowercase().replace('-', " "))
                .expect("recovery")
                .bytes(),
            key.bytes()
        );
        let wrong = file
            .unlock("correct horse battery stapler")
            .expect_err("wrong");
        assert!(
            wrong.to_string().contains("does not open this case file"),
            "{wrong}"
        );
        assert!(file.unlock_with_recovery("AAAA-BBBB").is_err());
        assert!(
            KeyFile::create("short", FAST).is_err(),
            "too short a passphrase is refused"
        );
    }

    #[test]
    fn a_new_passphrase_keeps_the_data_key_and_the_old_one_stops_working() {
        let (file, key, recovery) = KeyFile::create("first passphrase here", FAST).expect("create");
        let changed = file
            .with_new_passphrase(&key, "second passphrase here")
            .expect("change");
        assert_eq!(
            changed
                .unlock("second passphrase here")
                .expect("new")
                .bytes(),
            key.bytes()
        );
        assert!(changed.unlock("first passphrase here").is_err());
        assert_eq!(
            changed
                .unlock_with_recovery(&recovery.0)
                .expect("recovery")
                .bytes(),
            key.bytes()
        );
        // The key file holds nothing readable: no passphrase, no key.
        let text = serde_json::to_string(&changed).expect("json");
        assert!(!text.contains("second passphrase"));
        assert!(!text.contains(&format!("{:?}", key.bytes())));
    }

    #[test]
    fn a_tampered_key_file_opens_nothing() {
        let (mut file, _key, _recovery) =
            KeyFile::create("a good long passphrase", FAST).expect("create");
        file.by_passphrase.ciphertext[0] ^= 1;
        assert!(file.unlock("a good long passphrase").is_err());
    }
}
