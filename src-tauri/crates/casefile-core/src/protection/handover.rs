//! Hand-over files: one case, encrypted under a passphrase of its own, for a support worker to
//! give a family their file (or take one to another computer). Nothing of the case is written
//! to disk in plain form on either side.
//!
//! The file is a short plain header (format, Argon2id settings and salt, the stream nonce) and
//! then, sealed with XChaCha20-Poly1305 in 1 MiB chunks (the STREAM construction, so a cut or
//! reordered file is refused and memory stays small), a run of records: a manifest, the case's
//! database (SQLCipher, under a random key of its own, carried in the next record) and every
//! document's file. The database is a copy of the whole case file with every other case deleted
//! and then vacuumed, so nothing of another family survives in its free pages.
//!
//! Importing gives every row a fresh number above those already on this computer, following
//! each table's foreign keys (read from the schema, so new tables are covered without code
//! here), and inserts the case in one transaction; documents' files are stored first, and an
//! import that fails removes those it added.

use std::fs;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::folder::keys::{DEFAULT_KDF, DataKey, KdfParams, check_passphrase, derive};
use crate::store::Store;

const MAGIC: &[u8] = b"CASEFILE-HANDOVER 1\n";
const CHUNK: usize = 1 << 20;
const TAG: usize = 16;
const STREAM_NONCE: usize = 19;
/// Records: what follows each header.
const RECORD_MANIFEST: u8 = 1;
const RECORD_DATABASE_KEY: u8 = 2;
const RECORD_DATABASE: u8 = 3;
const RECORD_DOCUMENT: u8 = 4;
const RECORD_END: u8 = 0;
/// The largest single record accepted (a document, or the database): 1 GiB.
const MAX_RECORD: u64 = 1 << 30;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    kdf: KdfParams,
    salt: Vec<u8>,
    nonce: Vec<u8>,
    /// A fingerprint of the key, so a wrong passphrase is told apart from a damaged file.
    key_check: Vec<u8>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    child_name: String,
    documents: u64,
    made: String,
}

/// What a hand-over file holds, or what was taken in from one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HandoverReport {
    pub path: String,
    #[ts(type = "number")]
    pub case_id: i64,
    pub child_name: String,
    #[ts(type = "number")]
    pub documents: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

fn bad(file: &Path, why: &str) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "{} is not a whole Casefile hand-over file: {why}.",
            file.display()
        ),
    )
}

/// Writes sealed chunks; the last chunk is sealed as the last when `finish` is called.
struct SealingWriter<W: Write> {
    out: W,
    stream: Option<EncryptorBE32<XChaCha20Poly1305>>,
    buffer: Vec<u8>,
    aad: Vec<u8>,
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

    fn finish(mut self) -> std::io::Result<W> {
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
struct OpeningReader<R: Read> {
    input: R,
    stream: Option<DecryptorBE32<XChaCha20Poly1305>>,
    plain: Vec<u8>,
    at: usize,
    aad: Vec<u8>,
    /// One sealed chunk read ahead, to know whether the current one is the last.
    ahead: Option<Vec<u8>>,
}

fn read_up_to(input: &mut impl Read, n: usize) -> std::io::Result<Vec<u8>> {
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

fn write_record(out: &mut impl Write, kind: u8, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&[kind])?;
    out.write_all(&u16::try_from(name.len()).unwrap_or(0).to_be_bytes())?;
    out.write_all(name.as_bytes())?;
    out.write_all(&(bytes.len() as u64).to_be_bytes())?;
    out.write_all(bytes)
}

/// The next record: (kind, name, bytes); kind 0 at the end.
fn read_record(input: &mut impl Read) -> std::io::Result<(u8, String, Vec<u8>)> {
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
fn stream_key(
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
fn new_header(passphrase: &str, kdf: KdfParams) -> Result<(Vec<u8>, XChaCha20Poly1305, Vec<u8>)> {
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

/// Drops the triggers of a temporary copy (the audit log's guard against change), so that its
/// rows can be pruned and renumbered; the real case file keeps its own.
fn drop_triggers(conn: &Connection, schema: &str) -> Result<()> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_schema WHERE type = 'trigger'"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        conn.execute_batch(&format!(
            "DROP TRIGGER {schema}.\"{}\";",
            name.replace('"', "\"\"")
        ))?;
    }
    Ok(())
}

impl Store {
    /// Writes case `case_id` into one hand-over file at `out`, encrypted under `passphrase`.
    pub fn export_case_handover(
        &self,
        case_id: i64,
        out: &Path,
        passphrase: &str,
    ) -> Result<HandoverReport> {
        check_passphrase(passphrase)?;
        let case = self.case(case_id)?;
        let fail = |reason: String| CoreError::FileWrite {
            path: out.to_path_buf(),
            reason,
        };
        let work = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
        let db_path = work.path().join("case.db");
        let db_key = DataKey::random();
        crate::folder::db::copy_encrypted(&self.conn, &db_path, &db_key)?;
        let shas: Vec<String> = {
            let copy = Connection::open(&db_path)?;
            crate::folder::db::key_connection(&copy, &db_key)?;
            copy.pragma_update(None, "foreign_keys", "ON")?;
            drop_triggers(&copy, "main")?;
            copy.execute_batch("BEGIN")?;
            copy.execute("DELETE FROM cases WHERE id <> ?1", params![case_id])?;
            copy.execute(
                "DELETE FROM audit_log WHERE case_id IS NULL OR case_id <> ?1",
                params![case_id],
            )?;
            copy.execute(
                "DELETE FROM search_index WHERE case_id <> ?1",
                params![case_id],
            )?;
            copy.execute_batch("COMMIT; VACUUM;")?;
            copy.prepare("SELECT DISTINCT sha256 FROM documents ORDER BY sha256")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let db_bytes = fs::read(&db_path).map_err(|e| fail(e.to_string()))?;

        let (head, cipher, nonce) = new_header(passphrase, DEFAULT_KDF)?;

        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| std::path::PathBuf::from("."), Path::to_path_buf);
        if !folder.is_dir() {
            return Err(fail("the folder does not exist.".into()));
        }
        let part = folder.join(format!(
            ".{}.{}.part",
            out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let written = (|| -> Result<()> {
            let io = |e: std::io::Error| fail(e.to_string());
            let mut file = BufWriter::new(fs::File::create(&part).map_err(io)?);
            file.write_all(&head).map_err(io)?;
            let mut sealed = SealingWriter {
                out: file,
                stream: Some(EncryptorBE32::from_aead(cipher, nonce.as_slice().into())),
                buffer: Vec::with_capacity(CHUNK * 2),
                aad: head.clone(),
            };
            let manifest = Manifest {
                child_name: case.child_name.clone(),
                documents: shas.len() as u64,
                made: chrono::Utc::now().to_rfc3339(),
            };
            write_record(
                &mut sealed,
                RECORD_MANIFEST,
                "manifest",
                &serde_json::to_vec(&manifest).map_err(|e| fail(e.to_string()))?,
            )
            .map_err(io)?;
            write_record(&mut sealed, RECORD_DATABASE_KEY, "key", db_key.bytes()).map_err(io)?;
            write_record(&mut sealed, RECORD_DATABASE, "case.db", &db_bytes).map_err(io)?;
            for sha in &shas {
                let bytes = self.read_blob(sha)
                    .map_err(|_| fail(format!("the stored copy of a document ({sha}) is missing or changed; run a check first.")))?;
                write_record(&mut sealed, RECORD_DOCUMENT, sha, &bytes).map_err(io)?;
            }
            sealed.write_all(&[RECORD_END]).map_err(io)?;
            let file = sealed.finish().map_err(io)?;
            let file = file.into_inner().map_err(|e| fail(e.to_string()))?;
            file.sync_all().map_err(io)?;
            fs::rename(&part, out).map_err(io)?;
            Ok(())
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&part);
            return Err(e);
        }
        Ok(HandoverReport {
            path: out.to_string_lossy().into_owned(),
            case_id,
            child_name: case.child_name,
            documents: shas.len() as u64,
            bytes: fs::metadata(out).map(|m| m.len()).unwrap_or(0),
        })
    }

    /// Takes in the case from a hand-over file as a new case on this computer.
    pub fn import_case_handover(
        &mut self,
        file: &Path,
        passphrase: &str,
    ) -> Result<HandoverReport> {
        let handle = fs::File::open(file)
            .map_err(|e| bad(file, &format!("it could not be opened ({e})")))?;
        let bytes = handle.metadata().map(|m| m.len()).unwrap_or(0);
        let mut input = BufReader::new(handle);
        let mut magic = vec![0u8; MAGIC.len()];
        if input.read_exact(&mut magic).is_err() || magic != MAGIC {
            return Err(bad(file, "it is not a hand-over file"));
        }
        let mut line = Vec::new();
        for byte in input.by_ref().bytes().take(4096) {
            let byte = byte.map_err(|_| bad(file, "it is cut short"))?;
            if byte == b'\n' {
                break;
            }
            line.push(byte);
        }
        let header: Header =
            serde_json::from_slice(&line).map_err(|_| bad(file, "its header is damaged"))?;
        // Settings from the file are bounded, so a hostile file cannot ask for all the memory.
        if header.format != 1
            || header.nonce.len() != STREAM_NONCE
            || header.kdf.memory_kib > 1024 * 1024
            || header.kdf.iterations > 16
            || header.kdf.lanes > 8
        {
            return Err(bad(file, "its header is not one this version reads"));
        }
        let mut head = MAGIC.to_vec();
        head.extend_from_slice(&line);
        head.push(b'\n');
        let (cipher, key_check) = stream_key(passphrase, &header.salt, header.kdf)?;
        if key_check != header.key_check {
            return Err(CoreError::invalid(
                "passphrase",
                "That passphrase does not open this hand-over file. Check it with whoever made the file.",
            ));
        }
        let mut plain = OpeningReader {
            input,
            stream: Some(DecryptorBE32::from_aead(
                cipher,
                header.nonce.as_slice().into(),
            )),
            plain: Vec::new(),
            at: 0,
            aad: head,
            ahead: None,
        };
        let damaged = |e: std::io::Error| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                bad(file, "it is damaged, or changed since it was made")
            } else {
                bad(file, "it is cut short")
            }
        };
        let (kind, _, manifest) = read_record(&mut plain).map_err(damaged)?;
        if kind != RECORD_MANIFEST {
            return Err(bad(file, "its contents are out of order"));
        }
        let manifest: Manifest = serde_json::from_slice(&manifest)
            .map_err(|_| bad(file, "its list of contents is damaged"))?;
        let (kind, _, key_bytes) = read_record(&mut plain).map_err(damaged)?;
        let db_key = <[u8; 32]>::try_from(key_bytes.as_slice())
            .ok()
            .filter(|_| kind == RECORD_DATABASE_KEY)
            .map(DataKey::from_bytes)
            .ok_or_else(|| bad(file, "its contents are out of order"))?;
        let (kind, _, db_bytes) = read_record(&mut plain).map_err(damaged)?;
        if kind != RECORD_DATABASE {
            return Err(bad(file, "its contents are out of order"));
        }
        let work = tempfile::tempdir().map_err(|e| bad(file, &e.to_string()))?;
        let db_path = work.path().join("case.db");
        fs::write(&db_path, &db_bytes).map_err(|e| bad(file, &e.to_string()))?;
        drop(db_bytes);

        // The case's database: ours, not newer, brought up to this version's schema.
        let copy = crate::folder::db::open_database(&db_path, Some(&db_key))?;
        let needed: std::collections::HashSet<String> = copy
            .prepare("SELECT DISTINCT sha256 FROM documents")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let cases: i64 = copy.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        drop(copy);
        if cases != 1 {
            return Err(bad(file, "it does not hold exactly one case"));
        }

        // Documents' files next (each checked against its name, and only those the case
        // lists); removed again if anything later fails.
        let mut added: Vec<String> = Vec::new();
        let mut carried = std::collections::HashSet::new();
        let result = (|| -> Result<HandoverReport> {
            loop {
                let (kind, sha, bytes) = read_record(&mut plain).map_err(damaged)?;
                match kind {
                    RECORD_END => break,
                    RECORD_DOCUMENT => {
                        if !needed.contains(&sha) {
                            continue;
                        }
                        if format!("{:x}", Sha256::digest(&bytes)) != sha {
                            return Err(bad(
                                file,
                                "a document in it does not match its fingerprint",
                            ));
                        }
                        if self.write_blob(&sha, &bytes)? {
                            added.push(sha.clone());
                        }
                        carried.insert(sha);
                    }
                    _ => return Err(bad(file, "its contents are out of order")),
                }
            }
            if let Some(missing) = needed.iter().find(|s| !carried.contains(*s)) {
                return Err(bad(
                    file,
                    &format!("a document's file ({missing}) is not in it"),
                ));
            }
            let case_id = self.take_in(&db_path, &db_key)?;
            Ok(HandoverReport {
                path: file.to_string_lossy().into_owned(),
                case_id,
                child_name: manifest.child_name.clone(),
                documents: needed.len() as u64,
                bytes,
            })
        })();
        if result.is_err() {
            for sha in added {
                let _ = fs::remove_file(self.blob_path(&sha));
            }
        }
        result
    }

    /// Copies every row of the one-case database at `path` into this store under fresh numbers,
    /// in one transaction; returns the new case's number.
    fn take_in(&mut self, path: &Path, key: &DataKey) -> Result<i64> {
        crate::folder::db::attach_encrypted(&self.conn, path, "handover", key)?;
        let result = self.write(|tx| {
            // Links between rows are checked when the whole case is in (parents and children
            // arrive table by table).
            tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
            let unfit = || {
                CoreError::invalid(
                    "file",
                    "The case in the hand-over file does not fit together (a link between its records is broken, or it was made by a different version of Casefile), so nothing was added.",
                )
            };
            let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
            let names = |schema: &str| -> Result<Vec<String>> {
                Ok(tx
                    .prepare(&format!("SELECT name FROM {schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name"))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            };
            // The shape is this case file's own: same tables, same columns in the same order.
            let tables = names("main")?;
            if names("handover")? != tables {
                return Err(unfit());
            }
            let columns = |schema: &str, table: &str| -> Result<Vec<String>> {
                Ok(tx
                    .prepare(&format!("SELECT name FROM pragma_table_info({}, '{schema}') ORDER BY cid", quoted_literal(table)))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            };
            // Links as this case file declares them, not as the file says.
            let mut shapes = Vec::new();
            for table in &tables {
                let cols = columns("main", table)?;
                if columns("handover", table)? != cols {
                    return Err(unfit());
                }
                let links: Vec<(String, String)> = tx
                    .prepare(&format!("SELECT \"from\", \"table\" FROM pragma_foreign_key_list({}, 'main')", quoted_literal(table)))?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                let has_id: bool = tx.query_row(
                    &format!("SELECT count(*) FROM pragma_table_info({}, 'main') WHERE name = 'id' AND pk = 1", quoted_literal(table)),
                    [],
                    |r| r.get::<_, i64>(0).map(|n| n > 0),
                )?;
                shapes.push((table.clone(), cols, links, has_id));
            }
            // Every link in the file points at a row that is in the file: nothing may reach
            // into a case already on this computer.
            for (table, _, links, _) in &shapes {
                for (column, target) in links {
                    let dangling: i64 = tx.query_row(
                        &format!(
                            "SELECT count(*) FROM handover.{t} WHERE {c} IS NOT NULL AND {c} NOT IN (SELECT id FROM handover.{u})",
                            t = quoted(table),
                            c = quoted(column),
                            u = quoted(target)
                        ),
                        [],
                        |r| r.get(0),
                    )?;
                    if dangling > 0 {
                        return Err(unfit());
                    }
                }
            }
            let strays: i64 = tx.query_row(
                "SELECT count(*) FROM handover.search_index s WHERE s.case_id NOT IN (SELECT id FROM handover.cases) \
                 OR (s.source = 'document' AND s.source_id NOT IN (SELECT id FROM handover.documents)) \
                 OR (s.source = 'entry' AND s.source_id NOT IN (SELECT id FROM handover.correspondence)) \
                 OR s.source NOT IN ('document', 'entry')",
                [],
                |r| r.get(0),
            )?;
            if strays > 0 {
                return Err(unfit());
            }
            // How far each table's numbers move: on from the highest number already here.
            let mut offsets = std::collections::HashMap::new();
            for (table, _, _, has_id) in &shapes {
                if *has_id {
                    let highest: i64 = tx.query_row(&format!("SELECT coalesce(max(id), 0) FROM main.{}", quoted(table)), [], |r| r.get(0))?;
                    let lowest: i64 = tx.query_row(&format!("SELECT coalesce(min(id), 1) FROM handover.{}", quoted(table)), [], |r| r.get(0))?;
                    offsets.insert(table.clone(), highest - (lowest - 1));
                }
            }
            let offset = |t: &str| offsets.get(t).copied().unwrap_or(0);
            // Copied row by row with the new numbers worked out on the way: nothing in the file
            // is changed in place, so no two rows ever meet on a unique key.
            for (table, cols, links, has_id) in &shapes {
                let values: Vec<String> = cols
                    .iter()
                    .map(|c| {
                        if *has_id && c == "id" {
                            format!("id + {}", offset(table))
                        } else if let Some((_, target)) = links.iter().find(|(from, _)| from == c) {
                            format!("{} + {}", quoted(c), offset(target))
                        } else {
                            quoted(c)
                        }
                    })
                    .collect();
                let list: Vec<String> = cols.iter().map(|c| quoted(c)).collect();
                tx.execute(
                    &format!(
                        "INSERT INTO main.{t} ({cols}) SELECT {values} FROM handover.{t}",
                        t = quoted(table),
                        cols = list.join(", "),
                        values = values.join(", ")
                    ),
                    [],
                )?;
            }
            tx.execute(
                "INSERT INTO main.search_index (source, source_id, case_id, title, body) \
                 SELECT source, source_id + CASE source WHEN 'document' THEN ?1 ELSE ?2 END, case_id + ?3, title, body FROM handover.search_index",
                params![offset("documents"), offset("correspondence"), offset("cases")],
            )?;
            // Built bundles: their page maps name documents by number ("doc:12"), and where
            // the sender saved the PDF means nothing here.
            let versions: Vec<(i64, String)> = tx
                .prepare("SELECT id, page_map FROM main.bundle_versions WHERE id > ?1")?
                .query_map(params![offset("bundle_versions")], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, map) in versions {
                let renumbered = renumber_documents(&map, offset("documents"));
                tx.execute(
                    "UPDATE main.bundle_versions SET page_map = ?2, output_path = NULL WHERE id = ?1",
                    params![id, renumbered],
                )?;
            }
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check(NULL, 'main')", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(unfit());
            }
            let case_id: i64 = tx.query_row("SELECT id + ?1 FROM handover.cases", params![offset("cases")], |r| r.get(0))?;
            crate::audit::record(tx, Some(case_id), "case.handed_over_in", &serde_json::json!({ "case_id": case_id }))?;
            Ok(case_id)
        });
        let _ = self.conn.execute_batch("DETACH DATABASE handover;");
        result
    }
}

/// A bundle's page map with every `doc:N` moved on by `offset` (keys and values alike).
fn renumber_documents(map: &str, offset: i64) -> String {
    fn walk(value: serde_json::Value, offset: i64) -> serde_json::Value {
        use serde_json::Value;
        let text = |s: String| -> String {
            match s.strip_prefix("doc:").and_then(|n| n.parse::<i64>().ok()) {
                Some(n) => format!("doc:{}", n + offset),
                None => s,
            }
        };
        match value {
            Value::String(s) => Value::String(text(s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| walk(v, offset)).collect())
            }
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(k, v)| (text(k), walk(v, offset)))
                    .collect(),
            ),
            other => other,
        }
    }
    match serde_json::from_str(map) {
        Ok(value) => walk(value, offset).to_string(),
        Err(_) => map.to_owned(),
    }
}

/// `name` as an SQL string literal (for table-valued pragma functions).
fn quoted_literal(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;

    const MARKER: &str = "Perpetua-Longbottom";

    fn family(home: &Path, dir: &Path, name: &str, letters: usize) -> (Store, i64) {
        let mut store = Store::open(home).expect("open");
        let case = store
            .create_case(&CaseDetails {
                child_name: name.into(),
                ..Default::default()
            })
            .expect("case")
            .id;
        for n in 0..letters {
            let path = dir.join(format!("{name}-{n}.txt"));
            fs::write(
                &path,
                format!("Letter {n} for {name}: speech therapy was missed."),
            )
            .expect("write");
            store.import_file(case, &path).expect("import");
        }
        store
            .add_entry(
                case,
                &crate::EntryDetails {
                    occurred_on: "2026-11-20".into(),
                    channel: "phone".into(),
                    direction: "out".into(),
                    party: Some("SENCo".into()),
                    note: format!("Called about {name}'s therapy."),
                    ..Default::default()
                },
                crate::today(),
            )
            .expect("entry");
        // Two clocks, each with a step recorded: rows that share step names across clocks.
        for date in ["2026-01-12", "2026-03-02"] {
            let clock = store
                .start_clock(
                    case,
                    &crate::ClockStart {
                        process: "ehc-needs-assessment".into(),
                        started_on: date.into(),
                        label: None,
                    },
                    crate::today(),
                )
                .expect("clock");
            store
                .record_step_outcome(
                    clock.id,
                    "decide-to-assess",
                    crate::OutcomeKind::Met,
                    Some("2026-03-20"),
                    None,
                    crate::today(),
                )
                .expect("step");
        }
        (store, case)
    }

    #[test]
    fn a_case_handed_over_arrives_whole_under_new_numbers_and_nothing_of_other_families_goes_with_it()
     {
        let dir = tempfile::tempdir().expect("dir");
        let (mut worker, _) = family(&dir.path().join("worker"), dir.path(), "Other Family", 2);
        let case = worker
            .create_case(&CaseDetails {
                child_name: MARKER.into(),
                ..Default::default()
            })
            .expect("case")
            .id;
        let letter = dir.path().join("visit.txt");
        fs::write(&letter, format!("Visit notes about {MARKER}.")).expect("write");
        worker.import_file(case, &letter).expect("import");
        for date in ["2026-02-02", "2026-04-06", "2026-05-11"] {
            let clock = worker
                .start_clock(
                    case,
                    &crate::ClockStart {
                        process: "ehc-needs-assessment".into(),
                        started_on: date.into(),
                        label: None,
                    },
                    crate::today(),
                )
                .expect("clock");
            worker
                .record_step_outcome(
                    clock.id,
                    "decide-to-assess",
                    crate::OutcomeKind::Met,
                    Some("2026-06-01"),
                    None,
                    crate::today(),
                )
                .expect("step");
        }
        let file = dir.path().join("handover.casefile");
        let report = worker
            .export_case_handover(case, &file, "a handover passphrase")
            .expect("export");
        assert_eq!(report.documents, 1);
        let raw = fs::read(&file).expect("read");
        for needle in [MARKER, "Other Family", "speech therapy"] {
            assert!(
                !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} readable in the file"
            );
        }

        // The family's own computer already has a case of its own.
        let (mut home, own) = family(&dir.path().join("family"), dir.path(), "Own Child", 3);
        let wrong = home
            .import_case_handover(&file, "not the passphrase")
            .expect_err("wrong");
        assert!(wrong.to_string().contains("does not open"), "{wrong}");
        let taken = home
            .import_case_handover(&file, "a handover passphrase")
            .expect("import");
        assert_ne!(taken.case_id, own);
        assert_eq!(home.case(taken.case_id).expect("case").child_name, MARKER);
        assert_eq!(
            home.list_cases(crate::CaseFilter::Active)
                .expect("cases")
                .len(),
            2
        );
        let docs = home.list_documents(taken.case_id).expect("docs");
        assert_eq!(docs.len(), 1);
        assert!(
            String::from_utf8_lossy(&home.document_bytes(docs[0].id).expect("bytes"))
                .contains(MARKER)
        );
        assert_eq!(
            home.search(taken.case_id, "visit").expect("search").len(),
            1
        );
        assert!(
            home.search(taken.case_id, "Other")
                .expect("search")
                .is_empty()
        );
        // The family's own case is untouched.
        assert_eq!(home.list_documents(own).expect("docs").len(), 3);
        assert_eq!(home.list_entries(own).expect("entries").len(), 1);
        assert_eq!(
            home.clocks_for_case(own, crate::today())
                .expect("clocks")
                .len(),
            2
        );
        assert_eq!(
            home.clocks_for_case(taken.case_id, crate::today())
                .expect("clocks")
                .len(),
            3
        );
        assert!(home.check().expect("check").is_whole());
        let integrity: String = home
            .conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .unwrap_or_else(|_| "none".into());
        assert_eq!(integrity, "none");
    }

    #[test]
    fn a_damaged_or_cut_hand_over_file_is_refused_and_nothing_is_added() {
        let dir = tempfile::tempdir().expect("dir");
        let (worker, case) = family(&dir.path().join("worker"), dir.path(), MARKER, 2);
        let file = dir.path().join("handover.casefile");
        worker
            .export_case_handover(case, &file, "a handover passphrase")
            .expect("export");
        let whole = fs::read(&file).expect("read");
        let (mut home, _) = family(&dir.path().join("family"), dir.path(), "Own Child", 1);
        let before = home.check().expect("check");

        let mut flipped = whole.clone();
        let at = whole.len() - 40;
        flipped[at] ^= 1;
        let cut = whole[..whole.len() - 10].to_vec();
        for (name, bytes) in [("flipped", flipped), ("cut", cut), ("empty", Vec::new())] {
            let path = dir.path().join(name);
            fs::write(&path, bytes).expect("write");
            let err = home
                .import_case_handover(&path, "a handover passphrase")
                .expect_err(name);
            assert!(
                err.to_string()
                    .contains("not a whole Casefile hand-over file"),
                "{name}: {err}"
            );
            let after = home.check().expect("check");
            assert_eq!(
                (after.documents, after.orphans.len()),
                (before.documents, 0),
                "{name}"
            );
            assert_eq!(
                home.list_cases(crate::CaseFilter::Active)
                    .expect("cases")
                    .len(),
                1,
                "{name}"
            );
        }
    }

    /// Writes the fuzzer's seed files for `handover_import` (run by hand when the format changes).
    #[test]
    #[ignore = "writes fuzz/corpus/handover_import: cargo test -p casefile-core -- --ignored write_fuzz_seeds"]
    fn write_fuzz_seeds() {
        let dir = tempfile::tempdir().expect("dir");
        let (worker, case) = family(&dir.path().join("worker"), dir.path(), MARKER, 2);
        let file = dir.path().join("seed.casefile");
        worker
            .export_case_handover(case, &file, "fuzz passphrase")
            .expect("export");
        let records = open_raw(&fs::read(&file).expect("read"), "fuzz passphrase").expect("open");
        let fast = KdfParams {
            memory_kib: 8,
            iterations: 1,
            lanes: 1,
        };
        let corpus =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fuzz/corpus/handover_import");
        fs::create_dir_all(&corpus).expect("corpus");
        let mut plain = vec![1u8];
        plain.extend_from_slice(&records);
        fs::write(corpus.join("records"), plain).expect("write");
        let mut sealed = vec![0u8];
        sealed.extend(seal_raw(&records, "fuzz passphrase", fast).expect("seal"));
        fs::write(corpus.join("sealed"), sealed).expect("write");
    }
}
