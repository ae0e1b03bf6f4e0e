//! The hand-over file's framing: a short plain header line (format, Argon2id settings and
//! salt, the stream nonce, a key fingerprint so a wrong passphrase is told from damage), then
//! XChaCha20-Poly1305 STREAM in 1 MiB chunks (a cut, reordered or changed file is refused) of
//! records: a kind byte, a name, a length and the bytes.

use std::io::{Read, Write};
use std::path::Path;

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::folder::keys::{KdfParams, derive};

pub(super) const MAGIC: &[u8] = b"CASEFILE-HANDOVER 1\n";
pub(super) const CHUNK: usize = 1 << 20;
pub(super) const TAG: usize = 16;
pub(super) const STREAM_NONCE: usize = 19;
/// Records: what follows each header.
pub(super) const RECORD_MANIFEST: u8 = 1;
pub(super) const RECORD_DATABASE_KEY: u8 = 2;
pub(super) const RECORD_DATABASE: u8 = 3;
pub(super) const RECORD_DOCUMENT: u8 = 4;
pub(super) const RECORD_END: u8 = 0;
/// The largest single record accepted (a document, or the database): 1 GiB.
pub(super) const MAX_RECORD: u64 = 1 << 30;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) format: u32,
    pub(super) kdf: KdfParams,
    pub(super) salt: Vec<u8>,
    pub(super) nonce: Vec<u8>,
    /// A fingerprint of the key, so a wrong passphrase is told apart from a damaged file.
    pub(super) key_check: Vec<u8>,
}

pub(super) fn bad(file: &Path, why: &str) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "{} is not a whole Casefile hand-over file: {why}.",
            file.display()
        ),
    )
}

/// Writes sealed chunks; the last chunk is sealed as the last when `finish` is called.
pub(super) struct SealingWriter<W: Write> {
    pub(super) out: W,
    pub(super) stream: Option<EncryptorBE32<XChaCha20Poly1305>>,
    pub(super) buffer: Vec<u8>,
    pub(super) aad: Vec<u8>,
}

impl<W: Write> SealingWriter<W> {
    fn seal_full_chunks(&mut self) -> std::io::Result<()> {
        // A full chunk is only sealed once more data follows it: the last one is marked so.
        while self.buffer.len() > CHUNK {
            let chunk: Vec<u8> = self.buffer.drain(..CHUNK).collect();
            let sealed = self
                .stream
                .as_mut()
                .ok_or_else(|| std::io::Error::other("sealed already"))?
                .encrypt_next(Payload {
                    msg: &chunk,
                    aad: &self.aad,
                })
                .map_err(|_| std::io::Error::other("could not seal"))?;
            self.out.write_all(&sealed)?;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> std::io::Result<W> {
        let stream = self
            .stream
            .take()
            .ok_or_else(|| std::io::Error::other("sealed already"))?;
        let sealed = stream
            .encrypt_last(Payload {
                msg: &self.buffer,
                aad: &self.aad,
            })
            .map_err(|_| std::io::Error::other("could not seal"))?;
        self.out.write_all(&sealed)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Takes at most what fills the buffer to one chunk and a byte, so sealing never moves
        // more than a chunk (a large document is written a chunk at a time by `write_all`).
        let room = (CHUNK + 1).saturating_sub(self.buffer.len()).max(1);
        let n = buf.len().min(room);
        self.buffer.extend_from_slice(&buf[..n]);
        self.seal_full_chunks()?;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads and opens sealed chunks; a damaged, cut or reordered file fails with `InvalidData`.
pub(super) struct OpeningReader<R: Read> {
    pub(super) input: R,
    pub(super) stream: Option<DecryptorBE32<XChaCha20Poly1305>>,
    pub(super) plain: Vec<u8>,
    pub(super) at: usize,
    pub(super) aad: Vec<u8>,
    /// One sealed chunk read ahead, to know whether the current one is the last.
    pub(super) ahead: Option<Vec<u8>>,
}

pub(super) fn read_up_to(input: &mut impl Read, n: usize) -> std::io::Result<Vec<u8>> {
    // Never reserve what a length in the file asks for: only what actually arrives.
    let mut out = Vec::with_capacity(n.min(CHUNK + TAG));
    input.take(n as u64).read_to_end(&mut out)?;
    Ok(out)
}

impl<R: Read> OpeningReader<R> {
    fn refill(&mut self) -> std::io::Result<()> {
        let damaged = || std::io::Error::new(std::io::ErrorKind::InvalidData, "damaged");
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        let current = match self.ahead.take() {
            Some(chunk) => chunk,
            None => read_up_to(&mut self.input, CHUNK + TAG)?,
        };
        let next = read_up_to(&mut self.input, CHUNK + TAG)?;
        let payload = Payload {
            msg: &current,
            aad: &self.aad,
        };
        if next.is_empty() {
            let stream = self.stream.take().ok_or_else(damaged)?;
            self.plain = stream.decrypt_last(payload).map_err(|_| damaged())?;
        } else {
            if current.len() != CHUNK + TAG {
                return Err(damaged());
            }
            self.plain = stream.decrypt_next(payload).map_err(|_| damaged())?;
            self.ahead = Some(next);
        }
        self.at = 0;
        Ok(())
    }
}

impl<R: Read> Read for OpeningReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.plain.len() {
            if self.stream.is_none() {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.plain.len() - self.at);
        buf[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

pub(super) fn write_record(
    out: &mut impl Write,
    kind: u8,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    out.write_all(&[kind])?;
    out.write_all(&u16::try_from(name.len()).unwrap_or(0).to_be_bytes())?;
    out.write_all(name.as_bytes())?;
    out.write_all(&(bytes.len() as u64).to_be_bytes())?;
    out.write_all(bytes)
}

/// The next record: (kind, name, bytes); kind 0 at the end.
pub(super) fn read_record(input: &mut impl Read) -> std::io::Result<(u8, String, Vec<u8>)> {
    let mut kind = [0u8; 1];
    input.read_exact(&mut kind)?;
    if kind[0] == RECORD_END {
        return Ok((RECORD_END, String::new(), Vec::new()));
    }
    let mut len = [0u8; 2];
    input.read_exact(&mut len)?;
    let name = read_up_to(input, usize::from(u16::from_be_bytes(len)))?;
    let mut size = [0u8; 8];
    input.read_exact(&mut size)?;
    let size = u64::from_be_bytes(size);
    if size > MAX_RECORD {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "too large",
        ));
    }
    let bytes = read_up_to(input, usize::try_from(size).unwrap_or(usize::MAX))?;
    if bytes.len() as u64 != size {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "cut short",
        ));
    }
    Ok((kind[0], String::from_utf8_lossy(&name).into_owned(), bytes))
}

/// The stream cipher from the passphrase, and the key's fingerprint.
pub(super) fn stream_key(
    passphrase: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<(XChaCha20Poly1305, Vec<u8>)> {
    let key = derive(passphrase, salt, kdf)?;
    let mut check = Sha256::new();
    check.update(b"casefile hand-over key check");
    check.update(*key);
    Ok((
        XChaCha20Poly1305::new(Key::from_slice(&*key)),
        check.finalize()[..16].to_vec(),
    ))
}

/// A new header (fresh salt and stream nonce) as written at the start of the file, with the
/// stream cipher from `passphrase` and the nonce.
pub(super) fn new_header(
    passphrase: &str,
    kdf: KdfParams,
) -> Result<(Vec<u8>, XChaCha20Poly1305, Vec<u8>)> {
    let mut salt = vec![0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = vec![0u8; STREAM_NONCE];
    OsRng.fill_bytes(&mut nonce);
    let (cipher, key_check) = stream_key(passphrase, &salt, kdf)?;
    let header = Header {
        format: 1,
        kdf,
        salt,
        nonce: nonce.clone(),
        key_check,
    };
    let mut head = MAGIC.to_vec();
    head.extend(serde_json::to_vec(&header).unwrap_or_default());
    head.push(b'\n');
    Ok((head, cipher, nonce))
}

/// A hand-over file whose sealed contents are `plain` exactly as given, well-formed or not: for
/// the fuzzer, which must get past the cipher to reach the reader of the contents.
#[doc(hidden)]
pub fn seal_raw(plain: &[u8], passphrase: &str, kdf: KdfParams) -> Result<Vec<u8>> {
    let (head, cipher, nonce) = new_header(passphrase, kdf)?;
    let mut writer = SealingWriter {
        out: head.clone(),
        stream: Some(EncryptorBE32::from_aead(cipher, nonce.as_slice().into())),
        buffer: Vec::new(),
        aad: head,
    };
    let fail = |e: std::io::Error| CoreError::invalid("file", e.to_string());
    writer.write_all(plain).map_err(fail)?;
    writer.finish().map_err(fail)
}

/// The sealed contents of a hand-over file, opened: for making the fuzzer's seed files.
#[doc(hidden)]
pub fn open_raw(file: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    let line_end = file
        .iter()
        .skip(MAGIC.len())
        .position(|b| *b == b'\n')
        .map(|p| p + MAGIC.len())
        .ok_or_else(|| CoreError::invalid("file", "no header"))?;
    let header: Header = serde_json::from_slice(&file[MAGIC.len()..line_end])
        .map_err(|_| CoreError::invalid("file", "damaged header"))?;
    let (cipher, _) = stream_key(passphrase, &header.salt, header.kdf)?;
    let mut reader = OpeningReader {
        input: &file[line_end + 1..],
        stream: Some(DecryptorBE32::from_aead(
            cipher,
            header.nonce.as_slice().into(),
        )),
        plain: Vec::new(),
        at: 0,
        aad: file[..=line_end].to_vec(),
        ahead: None,
    };
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| CoreError::invalid("file", e.to_string()))?;
    Ok(out)
}
