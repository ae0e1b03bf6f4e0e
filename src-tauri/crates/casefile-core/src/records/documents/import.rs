//! Importing: a file is read first (`prepare_import`, no store needed, so a long read never
//! holds the store), then stored (`Store::store_prepared`). Import order keeps the store
//! consistent through a crash: the blob is written and renamed into place first, then the row is
//! inserted in one transaction; if the transaction fails, a blob this import created is removed
//! again. So there is never a row without its blob, and an orphan blob can only be left by a
//! crash between the two steps (`casefile check` names those).

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::params;

use super::read::{Reading, display_name, needs_ocr, read_file, read_file_with_password};
use super::{DocumentKind, ImportOutcome, ImportResult, MAX_IMPORT_BYTES};
use crate::audit;
use crate::error::{CoreError, Result};
use crate::store::{Store, now_timestamp};

/// Inserts one document row and its search entry.
#[allow(clippy::too_many_arguments)]
fn insert_document(
    tx: &rusqlite::Transaction<'_>,
    case_id: i64,
    sha256: &str,
    name: &str,
    size: usize,
    reading: &Reading,
    title: &str,
    parent_id: Option<i64>,
) -> Result<i64> {
    let author = reading
        .author
        .as_deref()
        .map(|a| a.chars().take(200).collect::<String>())
        .filter(|a| !a.trim().is_empty())
        .map(|a| crate::records::parties::party_id(tx, case_id, a.trim()))
        .transpose()?;
    tx.execute(
        "INSERT INTO documents (case_id, sha256, original_name, media_type, size_bytes, page_count, title, document_date, text, imported_at, parent_id, ocr_status, kind, author_party_id, password_protected, read_contained, suggested_date) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![case_id, sha256, name, reading.media_type, i64::try_from(size).unwrap_or(i64::MAX), reading.page_count, title, reading.document_date, reading.text, now_timestamp(), parent_id, needs_ocr(reading).then_some("pending"), reading.kind.map(DocumentKind::as_str), author, reading.password_protected, crate::outside::worker::enabled(), reading.suggested_date],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO search_index (source, source_id, case_id, title, body) VALUES ('document', ?1, ?2, ?3, ?4)",
        params![id, case_id, title, reading.text],
    )?;
    Ok(id)
}

/// How files are imported.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// The password of protected PDFs among the files: such a PDF is kept as it came, with a
    /// readable copy as a document of its own.
    pub password: Option<&'a str>,
}

/// A child of a file (an email's attachment), read and ready to store.
#[derive(Debug)]
struct PreparedChild {
    name: String,
    sha256: String,
    bytes: Vec<u8>,
    reading: Reading,
}

/// A file read and ready to be stored, or what import says about it without storing anything
/// (refused, or it needs a password).
#[derive(Debug)]
pub struct PreparedFile {
    /// The file's name as the person chose it (safe to show).
    name: String,
    prepared: Result<Ready, ImportOutcome>,
}

#[derive(Debug)]
struct Ready {
    sha256: String,
    bytes: Vec<u8>,
    reading: Reading,
    title: String,
    children: Vec<PreparedChild>,
    /// Attachments that could not be imported on their own (they stay inside the email).
    notes: Vec<String>,
}

impl PreparedFile {
    /// The file's name as shown to the person.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Reads the file at `path` as import would, without the store: its bytes, fingerprint, text
/// and (for an email) its attachments. A long read holds nothing, so it can run while the store
/// serves others (and while the app is locked, which then refuses to store it).
pub fn prepare_import(path: &Path, options: &ImportOptions<'_>) -> PreparedFile {
    let name = display_name(path);
    let refused = |message: String| PreparedFile {
        name: name.clone(),
        prepared: Err(ImportOutcome::Refused { message }),
    };
    let meta = match fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return refused(format!("{name} is a folder, not a file.")),
        Err(e) => return refused(format!("{name} could not be opened ({e}).")),
    };
    if meta.len() == 0 {
        return refused(format!(
            "{name} is empty (0 bytes), so there is nothing to import."
        ));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return refused(format!(
            "{name} is {} MB; Casefile imports files up to 200 MB. Split it, or scan it at a lower resolution.",
            meta.len() / (1024 * 1024)
        ));
    }
    match fs::read(path) {
        Ok(bytes) => prepare_read(path, name, bytes, options),
        Err(e) => refused(format!("{name} could not be read ({e}).")),
    }
}

/// [`prepare_import`] for bytes already in memory, named `file_name` (its extension tells an
/// email or a Word file from text, as a file's would).
pub fn prepare_bytes(file_name: &str, bytes: Vec<u8>, options: &ImportOptions<'_>) -> PreparedFile {
    let path = Path::new(file_name);
    let name = display_name(path);
    if bytes.is_empty() || bytes.len() as u64 > MAX_IMPORT_BYTES {
        return PreparedFile {
            prepared: Err(ImportOutcome::Refused {
                message: format!("{name} is empty or larger than 200 MB, so it was not imported."),
            }),
            name,
        };
    }
    prepare_read(path, name, bytes, options)
}

fn prepare_read(
    path: &Path,
    name: String,
    bytes: Vec<u8>,
    options: &ImportOptions<'_>,
) -> PreparedFile {
    let refused = |message: String| PreparedFile {
        name: name.clone(),
        prepared: Err(ImportOutcome::Refused { message }),
    };
    let sha256 = crate::folder::blobs::fingerprint(&bytes);
    let mut reading = match read_file_with_password(&bytes, path, &name, options.password) {
        Ok(r) => r,
        Err(CoreError::Invalid {
            field: "password",
            message,
        }) => {
            return PreparedFile {
                name,
                prepared: Err(ImportOutcome::NeedsPassword { message }),
            };
        }
        Err(e) => return refused(e.to_string()),
    };
    let title = reading
        .title
        .clone()
        .or_else(|| {
            path.file_stem().map(|s| {
                s.to_string_lossy()
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            })
        })
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| name.clone());

    // An email's attachments: each read like a file of its own; what cannot be imported
    // stays inside the email (nothing is lost) and is named in a note.
    let mut children: Vec<PreparedChild> = Vec::new();
    let mut notes = Vec::new();
    for (child_name, child_bytes) in std::mem::take(&mut reading.children) {
        let child_sha = crate::folder::blobs::fingerprint(&child_bytes);
        if child_sha == sha256 || children.iter().any(|c| c.sha256 == child_sha) {
            continue;
        }
        match read_file(&child_bytes, Path::new(&child_name), &child_name) {
            Ok(child) => children.push(PreparedChild {
                name: child_name,
                sha256: child_sha,
                bytes: child_bytes,
                reading: child,
            }),
            Err(e) => notes.push(format!(
                "The attachment {child_name} is kept inside the email but was not imported on its own: {e}"
            )),
        }
    }
    PreparedFile {
        name,
        prepared: Ok(Ready {
            sha256,
            bytes,
            reading,
            title,
            children,
            notes,
        }),
    }
}

impl Store {
    /// Imports one file into a case (see the module notes for the order of writes).
    pub fn import_file(&mut self, case_id: i64, path: &Path) -> Result<ImportOutcome> {
        self.import_file_with(case_id, path, &ImportOptions::default())
    }

    /// [`Store::import_file`] with options (the password of a protected PDF).
    pub fn import_file_with(
        &mut self,
        case_id: i64,
        path: &Path,
        options: &ImportOptions<'_>,
    ) -> Result<ImportOutcome> {
        self.case(case_id)?;
        self.store_prepared(case_id, prepare_import(path, options))
    }

    /// Stores a file [`prepare_import`] read: its blobs first, then every row in one
    /// transaction; blobs this import made are removed again if the rows cannot be written.
    /// A file already in the case is not stored twice.
    pub fn store_prepared(
        &mut self,
        case_id: i64,
        prepared: PreparedFile,
    ) -> Result<ImportOutcome> {
        self.case(case_id)?;
        let name = prepared.name;
        let Ready {
            sha256,
            bytes,
            reading,
            title,
            children: read_children,
            mut notes,
        } = match prepared.prepared {
            Ok(ready) => ready,
            Err(outcome) => return Ok(outcome),
        };
        if let Some(existing) = self.find_document(case_id, &sha256)? {
            return Ok(ImportOutcome::AlreadyThere { document: existing });
        }
        let mut children = Vec::new();
        for child in read_children {
            match self.find_document(case_id, &child.sha256)? {
                Some(existing) => notes.push(format!(
                    "The attachment {} is already here, as “{}”.",
                    child.name, existing.title
                )),
                None => children.push(child),
            }
        }

        let mut created = Vec::new();
        if self.write_blob(&sha256, &bytes)? {
            created.push(sha256.clone());
        }
        for child in &children {
            match self.write_blob(&child.sha256, &child.bytes) {
                Ok(true) => created.push(child.sha256.clone()),
                Ok(false) => {}
                Err(e) => {
                    self.remove_unreferenced_blobs(&created);
                    return Err(e);
                }
            }
        }
        let home = self.home().to_path_buf();
        let key = self.key.clone();
        let result = self.write(|tx| {
            let id = insert_document(tx, case_id, &sha256, &name, bytes.len(), &reading, &title, None)?;
            let mut child_ids = Vec::new();
            for child in &children {
                let child_title = Path::new(&child.name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| child.name.clone());
                // An attachment is dated by its email (the date it was sent); a date the file
                // says of itself is only a suggestion.
                let c = &child.reading;
                let mut child_reading = Reading::plain(c.media_type, c.text.clone(), c.page_count, c.document_date.or(reading.document_date));
                child_reading.suggested_date = c.suggested_date;
                child_reading.title = None;
                child_ids.push(insert_document(tx, case_id, &child.sha256, &child.name, child.bytes.len(), &child_reading, &child_title, Some(id))?);
            }
            audit::record(tx, Some(case_id), "document.imported", &serde_json::json!({ "document_id": id, "sha256": sha256, "name": name, "attachments": child_ids }))?;
            // This transaction now holds the write lock, so no repair can run until it ends: if
            // one removed a file before it began, the file is written again here.
            for (sha, file_bytes) in std::iter::once((&sha256, &bytes)).chain(children.iter().map(|c| (&c.sha256, &c.bytes))) {
                crate::folder::blobs::write(&home, key.as_deref(), sha, file_bytes)?;
            }
            Ok((id, child_ids))
        });
        match result {
            Ok((id, child_ids)) => Ok(ImportOutcome::Imported {
                document: self.document(id)?,
                attachments: child_ids
                    .into_iter()
                    .map(|c| self.document(c))
                    .collect::<Result<_>>()?,
                notes,
            }),
            Err(e) => {
                self.remove_unreferenced_blobs(&created);
                Err(e)
            }
        }
    }

    /// Removes blobs an import wrote when no row refers to them (the import failed).
    fn remove_unreferenced_blobs(&self, hashes: &[String]) {
        for sha in hashes {
            if let Ok(false) = self.blob_referenced(sha) {
                let _ = fs::remove_file(self.blob_path(sha));
            }
        }
    }

    /// Imports several files; each gets its own result and one failure does not stop the rest.
    pub fn import_files(
        &mut self,
        case_id: i64,
        paths: &[PathBuf],
        options: &ImportOptions<'_>,
    ) -> Result<Vec<ImportResult>> {
        self.case(case_id)?;
        paths
            .iter()
            .map(|p| {
                let prepared = prepare_import(p, options);
                let file = prepared.name.clone();
                let result = self.store_prepared_or_refuse(case_id, prepared)?;
                Ok(ImportResult { file, result })
            })
            .collect()
    }

    /// [`Store::store_prepared`], with refused input (a case number that is not there…) given
    /// as that file's refusal rather than an error for the whole batch.
    pub fn store_prepared_or_refuse(
        &mut self,
        case_id: i64,
        prepared: PreparedFile,
    ) -> Result<ImportOutcome> {
        match self.store_prepared(case_id, prepared) {
            Ok(outcome) => Ok(outcome),
            Err(e) if e.is_rejected_input() => Ok(ImportOutcome::Refused {
                message: e.to_string(),
            }),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DOCX_MEDIA_TYPE;
    use crate::testing::{base64, make_pdf, store_with_case as setup, stored_files as blobs};
    use chrono::NaiveDate;
    use sha2::{Digest, Sha256};
    use std::process::Command;

    #[test]
    fn a_pdf_is_kept_byte_for_byte_under_its_hash_and_its_text_is_searchable() {
        let (dir, mut store, case) = setup();
        let file = make_pdf(
            dir.path(),
            "Decision letter.pdf",
            "We have decided not to carry out an assessment",
        );
        let outcome = store.import_file(case, &file).expect("import");
        let ImportOutcome::Imported { document, .. } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(document.media_type, "application/pdf");
        assert_eq!(document.page_count, Some(1));
        assert_eq!(document.title, "Decision letter");
        // The PDF's own creation date is offered, never taken as the letter's date.
        assert_eq!(document.document_date, None);
        assert_eq!(
            document.suggested_date,
            NaiveDate::from_ymd_opt(2026, 3, 12)
        );
        let original = fs::read(&file).expect("original");
        assert_eq!(store.document_bytes(document.id).expect("bytes"), original);
        assert_eq!(document.sha256, format!("{:x}", Sha256::digest(&original)));

        let hits = store.search(case, "assessment decided").expect("search");
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0].snippet.contains("«assessment»"),
            "{}",
            hits[0].snippet
        );

        let again = store.import_file(case, &file).expect("again");
        assert!(
            matches!(again, ImportOutcome::AlreadyThere { .. }),
            "{again:?}"
        );
        assert_eq!(store.list_documents(case).expect("list").len(), 1);
        assert_eq!(blobs(dir.path()), 1);
    }

    #[test]
    fn bad_files_are_refused_by_name_and_leave_nothing_behind() {
        let (dir, mut store, case) = setup();
        let empty = dir.path().join("empty.pdf");
        fs::write(&empty, b"").expect("empty");
        let fake = dir.path().join("not really.pdf");
        fs::write(&fake, b"hello, I am a letter").expect("fake");
        let truncated = dir.path().join("truncated.pdf");
        let good = fs::read(make_pdf(dir.path(), "good.pdf", "x")).expect("good");
        fs::write(&truncated, &good[..good.len() / 3]).expect("truncated");
        let word = dir.path().join("report.xyz");
        fs::write(&word, b"PK\x03\x04 something").expect("xyz");
        let source = make_pdf(dir.path(), "secret-source.pdf", "private");
        let locked = dir.path().join("locked.pdf");
        let status = Command::new("qpdf")
            .args(["--encrypt", "user-pass", "owner-pass", "256", "--"])
            .arg(&source)
            .arg(&locked)
            .status()
            .expect("qpdf");
        assert!(status.success());
        let results = store
            .import_files(
                case,
                &[
                    empty.clone(),
                    fake.clone(),
                    truncated.clone(),
                    word.clone(),
                    locked.clone(),
                    dir.path().join("missing.pdf"),
                ],
                &ImportOptions::default(),
            )
            .expect("batch");
        let messages: Vec<String> = results
            .iter()
            .map(|r| match &r.result {
                ImportOutcome::Refused { message } | ImportOutcome::NeedsPassword { message } => {
                    message.clone()
                }
                other => panic!("{} should be refused: {other:?}", r.file),
            })
            .collect();
        assert!(matches!(
            results[4].result,
            ImportOutcome::NeedsPassword { .. }
        ));
        assert!(
            messages[0].contains("empty.pdf is empty"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("not really.pdf is named .pdf but is not a PDF"),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].contains("truncated.pdf is damaged"),
            "{}",
            messages[2]
        );
        assert!(
            messages[3].contains("cannot import .xyz files yet"),
            "{}",
            messages[3]
        );
        assert!(
            messages[4].contains("locked.pdf is password-protected"),
            "{}",
            messages[4]
        );
        assert!(
            messages[5].contains("missing.pdf could not be opened"),
            "{}",
            messages[5]
        );
        assert!(store.list_documents(case).expect("list").is_empty());
        assert_eq!(blobs(dir.path()), 0, "no orphan blobs");

        // With the wrong password: still refused; with the right one: kept as it came, with a
        // readable copy that is searchable and can go into a bundle.
        let wrong = store
            .import_file_with(
                case,
                &locked,
                &ImportOptions {
                    password: Some("guess"),
                },
            )
            .expect("import");
        let ImportOutcome::NeedsPassword { message } = wrong else {
            panic!("wrong password refused");
        };
        assert!(
            message.contains("That password does not open locked.pdf"),
            "{message}"
        );
        let ImportOutcome::Imported {
            document,
            attachments,
            ..
        } = store
            .import_file_with(
                case,
                &locked,
                &ImportOptions {
                    password: Some("user-pass"),
                },
            )
            .expect("import")
        else {
            panic!("imported with its password");
        };
        assert!(document.password_protected);
        assert_eq!(
            fs::read(&locked).expect("locked"),
            store.document_bytes(document.id).expect("kept"),
            "the original, byte for byte"
        );
        assert_eq!(attachments.len(), 1);
        let copy = &attachments[0];
        assert_eq!(copy.title, "locked (readable copy)");
        assert!(!copy.password_protected);
        let copy_bytes = store.document_bytes(copy.id).expect("copy");
        let reopened =
            lopdf::Document::load_mem(&copy_bytes).expect("the copy opens without a password");
        assert!(!reopened.is_encrypted());
        assert!(!store.search(case, "private").expect("search").is_empty());
    }

    #[test]
    fn text_in_windows_1252_and_a_hostile_name_import_cleanly() {
        let (dir, mut store, case) = setup();
        let file = dir.path().join("call\u{7}note.txt");
        fs::write(&file, b"Caf\xe9 meeting \x96 Zo\xeb\x92s review").expect("cp1252");
        let ImportOutcome::Imported { document, .. } =
            store.import_file(case, &file).expect("import")
        else {
            panic!("not imported")
        };
        assert_eq!(document.original_name, "callnote.txt");
        let hits = store.search(case, "zoe").expect("search");
        assert_eq!(hits.len(), 1, "diacritics folded: zoe finds Zoë");
        assert!(
            hits[0].snippet.contains("Café meeting – «Zoë»’s review"),
            "{}",
            hits[0].snippet
        );
        assert!(
            store
                .search(case, "\"AND OR ( NEAR")
                .expect("odd query")
                .is_empty()
        );
    }

    #[test]
    fn an_email_is_imported_with_its_attachments_as_documents_of_their_own() {
        let (dir, mut store, case) = setup();
        let pdf =
            fs::read(make_pdf(dir.path(), "report.pdf", "Speech therapy report")).expect("pdf");
        let eml = format!(
            "From: SENCo <senco@school.example>\r\nTo: parent@example.org\r\nDate: Wed, 15 Oct 2025 16:40:00 +0100\r\nSubject: Therapy report attached\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHere is the therapist=92s report.\r\n--B\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment; filename=report.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--B\r\nContent-Type: application/vnd.ms-excel; name=timetable.xls\r\nContent-Disposition: attachment; filename=timetable.xls\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQ=\r\n--B--\r\n",
            base64(&pdf)
        );
        let path = dir.path().join("Therapy report.eml");
        fs::write(&path, eml).expect("eml");
        let ImportOutcome::Imported {
            document,
            attachments,
            notes,
        } = store.import_file(case, &path).expect("import")
        else {
            panic!("not imported");
        };
        assert_eq!(document.media_type, "message/rfc822");
        assert_eq!(document.title, "Therapy report attached");
        assert_eq!(
            document.document_date,
            NaiveDate::from_ymd_opt(2025, 10, 15)
        );
        assert_eq!(attachments.len(), 1);
        assert_eq!(attachments[0].media_type, "application/pdf");
        assert_eq!(attachments[0].parent_id, Some(document.id));
        assert_eq!(
            attachments[0].document_date,
            NaiveDate::from_ymd_opt(2025, 10, 15),
            "an attachment is dated by the email it came with"
        );
        assert_eq!(
            attachments[0].suggested_date, None,
            "nothing is suggested for a document that has a date"
        );
        assert_eq!(
            store.document_bytes(attachments[0].id).expect("bytes"),
            pdf,
            "kept byte for byte"
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("timetable.xls is kept inside the email"),
            "{notes:?}"
        );
        // Both are searchable: the email body (Windows-1252 apostrophe) and the PDF's text.
        assert_eq!(store.search(case, "therapist’s").expect("search").len(), 1);
        let hits = store.search(case, "Speech therapy report").expect("search");
        assert!(hits.iter().any(|h| h.source_id == attachments[0].id));
        // Importing the email again points at the first copy; nothing is duplicated.
        assert!(matches!(
            store.import_file(case, &path).expect("again"),
            ImportOutcome::AlreadyThere { .. }
        ));
        assert_eq!(blobs(dir.path()), 2);
    }

    #[test]
    fn a_file_named_eml_that_is_not_an_email_is_refused_and_nothing_is_stored() {
        let (dir, mut store, case) = setup();
        let path = dir.path().join("broken.eml");
        fs::write(&path, b"\x00\x01\x02\x03 not mail at all").expect("write");
        let ImportOutcome::Refused { message } = store.import_file(case, &path).expect("import")
        else {
            panic!("should be refused");
        };
        assert!(
            message.contains("broken.eml is not an email Casefile can read"),
            "{message}"
        );
        assert_eq!(blobs(dir.path()), 0);
        assert!(store.list_documents(case).expect("list").is_empty());
    }

    #[test]
    fn a_word_file_is_kept_and_its_text_is_searchable_and_old_or_broken_ones_are_refused() {
        let (dir, mut store, case) = setup();
        let path = dir.path().join("School letter.docx");
        fs::write(
            &path,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../tests/fixtures/school-letter.docx"
            )),
        )
        .expect("docx");
        let ImportOutcome::Imported { document, .. } =
            store.import_file(case, &path).expect("import")
        else {
            panic!("not imported");
        };
        assert_eq!(document.media_type, DOCX_MEDIA_TYPE);
        assert_eq!(document.title, "School letter");
        let hits = store.search(case, "therapist post vacant").expect("search");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].snippet.contains("«vacant»"), "{}", hits[0].snippet);

        let broken = dir.path().join("broken.docx");
        fs::write(&broken, b"PK\x03\x04 not really").expect("write");
        let old = dir.path().join("old.doc");
        fs::write(&old, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).expect("write");
        let results = store
            .import_files(case, &[broken, old], &ImportOptions::default())
            .expect("import");
        let messages: Vec<String> = results
            .iter()
            .map(|r| match &r.result {
                ImportOutcome::Refused { message } => message.clone(),
                other => panic!("should be refused: {other:?}"),
            })
            .collect();
        assert!(
            messages[0].contains("broken.docx is damaged"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("old.doc is an older Word file"),
            "{messages:?}"
        );
        assert_eq!(blobs(dir.path()), 1);
    }
}
