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
//! import that fails removes those it added. `stream` frames and seals the file; `import`
//! takes one in.

mod import;
mod stream;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use chacha20poly1305::aead::stream::EncryptorBE32;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::folder::keys::{DEFAULT_KDF, DataKey, check_passphrase};
use crate::store::Store;

use stream::{
    CHUNK, RECORD_DATABASE, RECORD_DATABASE_KEY, RECORD_DOCUMENT, RECORD_END, RECORD_MANIFEST,
    SealingWriter, new_header, write_record,
};
pub use stream::{open_raw, seal_raw};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
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
            // Deleted rows are overwritten with zeros, not left in free space.
            copy.pragma_update(None, "secure_delete", "ON")?;
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
            // The sender's file paths stay on the sender's computer.
            copy.execute_batch(
                "UPDATE bundle_versions SET output_path = NULL;
                 UPDATE audit_log SET detail = json_remove(detail, '$.path', '$.name', '$.out')
                   WHERE json_valid(detail);",
            )?;
            // Deleting from the search index leaves only markers: the other families' words stay
            // in its older segments until they are merged away. Rebuilt from the rows that are
            // kept, the index holds this case's words and nothing else.
            copy.execute_batch(
                "INSERT INTO search_index(search_index) VALUES ('rebuild');
                 INSERT INTO search_index(search_index) VALUES ('optimize');",
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
}

#[cfg(test)]
mod tests {
    use super::stream::{Header, MAGIC, OpeningReader, read_record, stream_key};
    use super::*;
    use crate::folder::keys::KdfParams;
    use crate::records::cases::CaseDetails;
    use chacha20poly1305::aead::stream::DecryptorBE32;
    use std::io::Read;

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

    /// A working document whose footnote cites the case's own report arrives citing that report
    /// under its new number, not whatever document had the old number on the family's computer.
    #[test]
    fn a_working_document_s_footnote_follows_its_document_to_its_new_number() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut worker, case) = family(&dir.path().join("worker"), dir.path(), MARKER, 1);
        let plan = dir.path().join("plan.txt");
        fs::write(
            &plan,
            "Section B: Needs\nSpeech is hard.\n\nSection F: Provision\nAccess to speech therapy as required.\n",
        )
        .expect("write");
        let plan = match worker.import_file(case, &plan).expect("import") {
            crate::ImportOutcome::Imported { document, .. } => document.id,
            other => panic!("{other:?}"),
        };
        worker
            .change_document(
                plan,
                &crate::DocumentChanges {
                    kind: Some("ehcp-final".into()),
                    ..Default::default()
                },
            )
            .expect("marked");
        let report = worker.list_documents(case).expect("docs")[0].clone();
        let wd = worker.start_working_document(plan, &[]).expect("started");
        worker
            .propose_working_change(
                wd.id,
                &crate::WorkingProposal {
                    section: "F".into(),
                    paragraph: 1,
                    by: "parent".into(),
                    wording: "45 minutes of speech therapy a week.".into(),
                    evidence: Some("Therapy letter, p.1".into()),
                    evidence_document: Some(report.id),
                    evidence_page: Some(1),
                },
            )
            .expect("proposed");
        worker.send_working_document(wd.id).expect("version 1");
        let file = dir.path().join("handover.casefile");
        worker
            .export_case_handover(case, &file, "a handover passphrase")
            .expect("export");

        let (mut home, _) = family(&dir.path().join("family"), dir.path(), "Own Child", 3);
        let taken = home
            .import_case_handover(&file, "a handover passphrase")
            .expect("import");
        let arrived = home
            .list_documents(taken.case_id)
            .expect("docs")
            .into_iter()
            .find(|d| d.sha256 == report.sha256)
            .expect("the report");
        let new_plan = home
            .list_documents(taken.case_id)
            .expect("docs")
            .into_iter()
            .find(|d| d.title == "plan")
            .expect("the plan");
        let wd = home
            .working_document(
                home.working_document_of(new_plan.id)
                    .expect("of")
                    .expect("there"),
            )
            .expect("view");
        assert_eq!(wd.case_id, taken.case_id);
        assert_eq!(wd.draft.footnotes[0].document_id, Some(arrived.id));
        let sent = home.working_document_version(wd.id, 1).expect("v1");
        assert_eq!(sent.footnotes[0].document_id, Some(arrived.id));
        assert_ne!(arrived.id, report.id);
    }

    #[test]
    fn a_redacted_copy_stays_linked_to_its_original_when_the_case_is_handed_over() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut worker, case) = family(&dir.path().join("worker"), dir.path(), MARKER, 1);
        let pdf = crate::testing::make_pdf(
            dir.path(),
            "incident.pdf",
            "Jane Smith pushed Sam at break.",
        );
        let original = match worker.import_file(case, &pdf).expect("import") {
            crate::ImportOutcome::Imported { document, .. } => document,
            other => panic!("{other:?}"),
        };
        worker
            .redact_document(
                original.id,
                &crate::RedactRequest {
                    words: vec!["Jane Smith".into()],
                    reason: "third party".into(),
                    ..Default::default()
                },
            )
            .expect("redacted");
        let file = dir.path().join("handover.casefile");
        worker
            .export_case_handover(case, &file, "a handover passphrase")
            .expect("export");
        let (mut home, _) = family(&dir.path().join("family"), dir.path(), "Own Child", 3);
        let taken = home
            .import_case_handover(&file, "a handover passphrase")
            .expect("import");
        let docs = home.list_documents(taken.case_id).expect("docs");
        let arrived = docs
            .iter()
            .find(|d| d.sha256 == original.sha256)
            .expect("original");
        let copy = home
            .redacted_version(arrived.id)
            .expect("link")
            .expect("linked");
        let copy = docs
            .iter()
            .find(|d| d.id == copy)
            .expect("the copy, in the same case");
        assert_eq!(copy.title, "incident (redacted)");
        assert!(!home.document_text(copy.id).expect("text").contains("Smith"));
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

    /// The words of every other family, in every form the search index keeps them (lower case),
    /// must be nowhere in a hand-over file's database: it is opened with the key the file carries,
    /// copied out plain, and read byte by byte.
    #[test]
    fn a_hand_over_made_beside_other_families_holds_none_of_their_words_in_its_database() {
        let dir = tempfile::tempdir().expect("dir");
        let home = dir.path().join("worker");
        // Another family with many imports, so that its words sit in several index segments.
        let (mut worker, other) = family(&home, dir.path(), "Zanzibar-Quillon", 24);
        for n in 0..12 {
            let path = dir.path().join(format!("nhs-{n}.txt"));
            fs::write(
                &path,
                format!("Xylophonic assessment {n}; NHS number 4857773456; diagnosis Zebracorn."),
            )
            .expect("write");
            worker.import_file(other, &path).expect("import");
        }
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
        let file = dir.path().join("handover.casefile");
        worker
            .export_case_handover(case, &file, "a handover passphrase")
            .expect("export");

        // Open the file as its recipient would, and take out the database and its key.
        let bytes = fs::read(&file).expect("read");
        let mut input = &bytes[..];
        let mut magic = vec![0u8; MAGIC.len()];
        input.read_exact(&mut magic).expect("magic");
        let line: Vec<u8> = input.iter().take_while(|b| **b != b'\n').copied().collect();
        input = &input[line.len() + 1..];
        let header: Header = serde_json::from_slice(&line).expect("header");
        let (cipher, _) =
            stream_key("a handover passphrase", &header.salt, header.kdf).expect("key");
        let mut head = MAGIC.to_vec();
        head.extend_from_slice(&line);
        head.push(b'\n');
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
        let (_, _, _manifest) = read_record(&mut plain).expect("manifest");
        let (_, _, key) = read_record(&mut plain).expect("key");
        let (_, _, db) = read_record(&mut plain).expect("database");
        let work = tempfile::tempdir().expect("work");
        let sealed_db = work.path().join("case.db");
        fs::write(&sealed_db, &db).expect("db");
        let key = DataKey::from_bytes(<[u8; 32]>::try_from(key.as_slice()).expect("32 bytes"));
        let conn = Connection::open(&sealed_db).expect("open");
        crate::folder::db::key_connection(&conn, &key).expect("key");
        let open_db = work.path().join("open.db");
        conn.execute_batch(&format!(
            "ATTACH DATABASE '{}' AS open KEY ''; SELECT sqlcipher_export('open'); DETACH DATABASE open;",
            open_db.display()
        ))
        .expect("copied out plain");
        let raw = fs::read(&open_db).expect("plain copy").to_ascii_lowercase();
        assert!(
            raw.windows(MARKER.len())
                .any(|w| w == MARKER.to_ascii_lowercase().as_bytes()),
            "the handed-over family's own words are there (the check can see words)"
        );
        for needle in [
            "zanzibar",
            "quillon",
            "xylophonic",
            "zebracorn",
            "4857773456",
        ] {
            assert!(
                !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "another family's “{needle}” is in the hand-over file's database"
            );
        }
    }

    /// A hand-over made by a hostile sender who knows the passphrase: its database gains a view
    /// and a trigger (the kind of thing that would run SQL the moment it is read). It is refused,
    /// naming what it holds, and nothing is added to the receiving case file.
    #[test]
    fn a_hand_over_whose_database_holds_a_view_or_a_trigger_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("dir");
        let (sender, case) = family(&dir.path().join("sender"), dir.path(), "Sender Family", 1);
        let honest = dir.path().join("honest.casefile");
        sender
            .export_case_handover(case, &honest, "a handover passphrase")
            .expect("export");
        let plain =
            open_raw(&fs::read(&honest).expect("read"), "a handover passphrase").expect("open");
        for hostile_sql in [
            "CREATE VIEW sneaky AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;",
            "CREATE TRIGGER sneaky AFTER INSERT ON cases BEGIN DELETE FROM cases; END;",
            "CREATE TABLE sneaky (x);",
        ] {
            // Take the records apart, change the database, and seal them again.
            let mut input = &plain[..];
            let mut records = Vec::new();
            loop {
                let (kind, name, bytes) = read_record(&mut input).expect("record");
                if kind == RECORD_END {
                    break;
                }
                records.push((kind, name, bytes));
            }
            let key =
                DataKey::from_bytes(<[u8; 32]>::try_from(records[1].2.as_slice()).expect("key"));
            let work = tempfile::tempdir().expect("work");
            let db = work.path().join("case.db");
            fs::write(&db, &records[2].2).expect("db");
            {
                let conn = Connection::open(&db).expect("open");
                crate::folder::db::key_connection(&conn, &key).expect("key");
                conn.execute_batch(hostile_sql).expect("hostile change");
            }
            records[2].2 = fs::read(&db).expect("db");
            let mut contents = Vec::new();
            for (kind, name, bytes) in &records {
                write_record(&mut contents, *kind, name, bytes).expect("write");
            }
            contents.push(RECORD_END);
            let file = dir.path().join("hostile.casefile");
            fs::write(
                &file,
                seal_raw(
                    &contents,
                    "a handover passphrase",
                    KdfParams {
                        memory_kib: 256,
                        iterations: 1,
                        lanes: 1,
                    },
                )
                .expect("seal"),
            )
            .expect("write");
            let mut receiver = Store::open(&dir.path().join("receiver")).expect("receiver");
            let refused = receiver
                .import_case_handover(&file, "a handover passphrase")
                .expect_err("refused");
            assert!(
                refused.to_string().contains("sneaky"),
                "{hostile_sql}: {refused}"
            );
            assert!(
                receiver
                    .list_cases(crate::CaseFilter::All)
                    .expect("cases")
                    .is_empty(),
                "nothing was taken in"
            );
        }
    }
}
