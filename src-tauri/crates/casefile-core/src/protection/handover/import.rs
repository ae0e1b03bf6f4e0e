//! Taking a hand-over file in: the file opened and checked record by record, its database
//! renumbered above this case file's numbers (following each table's foreign keys, read from
//! the schema) and inserted in one transaction; documents' files stored first and removed
//! again if the import fails.

use std::fs;
use std::io::{BufReader, Read};
use std::path::Path;

use chacha20poly1305::aead::stream::DecryptorBE32;
use rusqlite::params;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::folder::keys::DataKey;
use crate::store::Store;

use super::stream::*;
use super::{HandoverReport, Manifest};

impl Store {
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

        // The sender chose everything in this database: its shape is checked, read-only and
        // trusting nothing in it, before any other SQL runs on it.
        inspect_untrusted(&db_path, &db_key, work.path()).map_err(|why| bad(file, &why))?;
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
        // The copy runs under a time limit too; an interrupted one rolls back whole.
        crate::folder::db::limit_sql_time(&self.conn, 2 * UNTRUSTED_SQL_LIMIT)?;
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
            // Working documents: each footnote names the document it cites by number, inside the
            // draft and every version sent; a citation that cannot be read refuses the file
            // rather than point at another family's document.
            for (table, column) in [("working_documents", "draft"), ("working_document_versions", "content")] {
                let rows: Vec<(i64, String)> = tx
                    .prepare(&format!("SELECT id, {column} FROM main.{table} WHERE id > ?1"))?
                    .query_map(params![offset(table)], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, json) in rows {
                    let renumbered = renumber_footnotes(&json, offset("documents")).ok_or_else(unfit)?;
                    tx.execute(&format!("UPDATE main.{table} SET {column} = ?2 WHERE id = ?1"), params![id, renumbered])?;
                }
            }
            let cited_elsewhere: i64 = tx.query_row(
                "SELECT count(*) FROM main.working_documents w, json_each(w.draft, '$.footnotes') f \
                 WHERE w.id > ?1 AND json_extract(f.value, '$.document_id') IS NOT NULL \
                 AND json_extract(f.value, '$.document_id') NOT IN (SELECT id FROM main.documents WHERE case_id = w.case_id)",
                params![offset("working_documents")],
                |r| r.get(0),
            )?;
            if cited_elsewhere > 0 {
                return Err(unfit());
            }
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check(NULL, 'main')", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(unfit());
            }
            let case_id: i64 = tx.query_row("SELECT id + ?1 FROM handover.cases", params![offset("cases")], |r| r.get(0))?;
            // Another computer's word that a file was read safely is not taken: each PDF of the
            // case is read by this one's contained reader before a bundle uses it.
            tx.execute("UPDATE documents SET read_contained = 0 WHERE case_id = ?1", [case_id])?;
            crate::audit::record(tx, Some(case_id), "case.handed_over_in", &serde_json::json!({ "case_id": case_id }))?;
            Ok(case_id)
        });
        let _ = self.conn.progress_handler(0, None::<fn() -> bool>);
        let _ = self.conn.execute_batch("DETACH DATABASE handover;");
        result
    }
}

/// A bundle's page map with every `doc:N` moved on by `offset` (keys and values alike).
/// A working document's footnotes moved on to the documents' new numbers; none when it cannot be
/// read as one.
fn renumber_footnotes(json: &str, offset: i64) -> Option<String> {
    let mut wd: casefile_plan::WorkingDocument = serde_json::from_str(json).ok()?;
    for f in &mut wd.footnotes {
        if let Some(id) = f.document_id.as_mut() {
            *id += offset;
        }
    }
    serde_json::to_string(&wd).ok()
}

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

/// The longest the SQL reading an untrusted hand-over database may run: far longer than a real
/// one needs (seconds), short of hanging the window.
const UNTRUSTED_SQL_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// `name` as an SQL string literal (for table-valued pragma functions).
fn quoted_literal(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// Checks a hand-over file's database before anything trusts it: opened read-only, with
/// SQLite's defensive mode on, the schema untrusted and views and triggers disabled, it must be
/// whole and hold only tables and indexes this version of Casefile makes itself (a hand-over
/// copy has no triggers: they are dropped when it is made). Why not, in words, otherwise.
fn inspect_untrusted(path: &Path, key: &DataKey, work: &Path) -> std::result::Result<(), String> {
    use rusqlite::config::DbConfig;
    let damaged = |_| "its database is damaged".to_owned();
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(damaged)?;
    crate::folder::db::key_connection(&conn, key).map_err(damaged)?;
    // A time limit: a crafted database cannot keep a query running for ever.
    let started = std::time::Instant::now();
    crate::folder::db::limit_sql_time(&conn, UNTRUSTED_SQL_LIMIT).map_err(damaged)?;
    for (setting, on) in [
        (DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true),
        (DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false),
        (DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false),
        (DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false),
    ] {
        conn.set_db_config(setting, on).map_err(damaged)?;
    }
    let schema = |conn: &rusqlite::Connection| -> rusqlite::Result<std::collections::BTreeSet<(String, String)>> {
        conn.prepare("SELECT type, name FROM sqlite_schema")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    let found = schema(&conn).map_err(damaged)?;
    if let Some((kind, name)) = found
        .iter()
        .find(|(kind, _)| kind != "table" && kind != "index")
    {
        return Err(format!(
            "its database holds a {kind} (“{name}”), which no Casefile hand-over has"
        ));
    }
    // What this version makes: a new database with every migration, in the private folder.
    let reference = crate::folder::db::open_database(&work.join("reference.db"), None)
        .map_err(|e| e.to_string())?;
    let known = schema(&reference).map_err(|e| e.to_string())?;
    if let Some((_, name)) = found.iter().find(|object| !known.contains(*object)) {
        return Err(format!(
            "its database holds “{name}”, which is not part of a Casefile case file"
        ));
    }
    let integrity: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| {
            if started.elapsed() > UNTRUSTED_SQL_LIMIT {
                format!(
                    "checking its database took longer than {} seconds",
                    UNTRUSTED_SQL_LIMIT.as_secs()
                )
            } else {
                damaged(e)
            }
        })?;
    if integrity != "ok" {
        return Err("its database is damaged".into());
    }
    Ok(())
}
