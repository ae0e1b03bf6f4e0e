//! Documents: the family's files kept byte for byte under their SHA-256, with the text Casefile
//! can read from them, and one search over documents and the correspondence log.
//!
//! Import order keeps the store consistent through a crash: the blob is written and renamed into
//! place first, then the row is inserted in one transaction; if the transaction fails, a blob this
//! import created is removed again. So there is never a row without its blob, and an orphan blob
//! can only be left by a crash between the two steps (a later consistency check can sweep those).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::store::{Store, now_timestamp};

/// The media type of Word (.docx) files.
pub const DOCX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Largest file Casefile imports: 200 MB (a long scanned report is well under this).
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum DocumentKind {
    EhcpDraft,
    EhcpFinal,
    ReportEducationalPsychology,
    ReportSpeechLanguage,
    ReportOccupationalTherapy,
    ReportPhysiotherapy,
    ReportMedical,
    ReportCamhs,
    DecisionLetter,
    AnnualReview,
    SchoolReport,
    Letter,
    Email,
    TribunalPaper,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 15] = [
        DocumentKind::EhcpDraft,
        DocumentKind::EhcpFinal,
        DocumentKind::ReportEducationalPsychology,
        DocumentKind::ReportSpeechLanguage,
        DocumentKind::ReportOccupationalTherapy,
        DocumentKind::ReportPhysiotherapy,
        DocumentKind::ReportMedical,
        DocumentKind::ReportCamhs,
        DocumentKind::DecisionLetter,
        DocumentKind::AnnualReview,
        DocumentKind::SchoolReport,
        DocumentKind::Letter,
        DocumentKind::Email,
        DocumentKind::TribunalPaper,
        DocumentKind::Other,
    ];

    /// The stored name: `report-speech-language`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::EhcpDraft => "ehcp-draft",
            DocumentKind::EhcpFinal => "ehcp-final",
            DocumentKind::ReportEducationalPsychology => "report-educational-psychology",
            DocumentKind::ReportSpeechLanguage => "report-speech-language",
            DocumentKind::ReportOccupationalTherapy => "report-occupational-therapy",
            DocumentKind::ReportPhysiotherapy => "report-physiotherapy",
            DocumentKind::ReportMedical => "report-medical",
            DocumentKind::ReportCamhs => "report-camhs",
            DocumentKind::DecisionLetter => "decision-letter",
            DocumentKind::AnnualReview => "annual-review",
            DocumentKind::SchoolReport => "school-report",
            DocumentKind::Letter => "letter",
            DocumentKind::Email => "email",
            DocumentKind::TribunalPaper => "tribunal-paper",
            DocumentKind::Other => "other",
        }
    }

    /// In words: "Speech and language therapy report".
    pub fn words(self) -> &'static str {
        match self {
            DocumentKind::EhcpDraft => "Draft EHC plan",
            DocumentKind::EhcpFinal => "Final EHC plan",
            DocumentKind::ReportEducationalPsychology => "Educational psychology report",
            DocumentKind::ReportSpeechLanguage => "Speech and language therapy report",
            DocumentKind::ReportOccupationalTherapy => "Occupational therapy report",
            DocumentKind::ReportPhysiotherapy => "Physiotherapy report",
            DocumentKind::ReportMedical => "Medical report",
            DocumentKind::ReportCamhs => "CAMHS report",
            DocumentKind::DecisionLetter => "Decision letter",
            DocumentKind::AnnualReview => "Annual review",
            DocumentKind::SchoolReport => "School report",
            DocumentKind::Letter => "Letter",
            DocumentKind::Email => "Email",
            DocumentKind::TribunalPaper => "Tribunal paper",
            DocumentKind::Other => "Other",
        }
    }

    /// A professional's report (the Tribunal's expert-report limits apply).
    pub fn is_report(self) -> bool {
        self.as_str().starts_with("report-")
    }

    pub fn parse(text: &str) -> Result<DocumentKind> {
        let key = text.trim().to_lowercase().replace(['_', ' '], "-");
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == key)
            .ok_or_else(|| {
                CoreError::invalid(
                    "kind",
                    format!(
                        "“{}” is not a kind of document. Use one of: {}.",
                        text.trim(),
                        DocumentKind::ALL.map(DocumentKind::as_str).join(", ")
                    ),
                )
            })
    }
}

/// What a person edits about a document (its bytes never change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DocumentDetails {
    pub title: String,
    /// `YYYY-MM-DD`, or blank.
    pub document_date: Option<String>,
    pub kind: Option<DocumentKind>,
    /// Who it is from: matched to the case's register by name, or added to it.
    pub author: Option<String>,
    pub tags: Vec<String>,
}

/// A document as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Document {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub sha256: String,
    pub original_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size_bytes: i64,
    pub page_count: Option<u32>,
    pub title: String,
    pub document_date: Option<NaiveDate>,
    pub imported_at: String,
    /// How much text Casefile could read from it (0 for a scan not yet read by OCR).
    #[ts(type = "number")]
    pub text_chars: i64,
    /// The email this document came attached to.
    #[ts(type = "number | null")]
    pub parent_id: Option<i64>,
    /// Reading its text with OCR: `pending`, `done` or `failed`; none when it had text.
    pub ocr_status: Option<String>,
    pub kind: Option<DocumentKind>,
    #[ts(type = "number | null")]
    pub author_party_id: Option<i64>,
    /// The author's name from the register.
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// Kept as it came, locked with a password; its readable copy is a document of its own.
    pub password_protected: bool,
}

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[ts(export)]
pub enum ImportOutcome {
    Imported {
        document: Document,
        /// An email's attachments, imported as documents of their own.
        attachments: Vec<Document>,
        /// Attachments kept inside the email but not imported separately, and why.
        notes: Vec<String>,
    },
    /// The same bytes are already in this case.
    AlreadyThere {
        document: Document,
    },
    Refused {
        message: String,
    },
    /// A password-protected PDF: import it again with its password.
    NeedsPassword {
        message: String,
    },
}

/// One file's result, named as the person chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportResult {
    pub file: String,
    pub result: ImportOutcome,
}

/// One search hit, with a snippet whose matches are wrapped in « ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// `document` or `entry`.
    pub source: String,
    #[ts(type = "number")]
    pub source_id: i64,
    pub title: String,
    pub snippet: String,
    /// The document's date or the entry's date.
    pub date: Option<NaiveDate>,
    /// The document's kind (`letter`, `report-medical`…) or `correspondence`.
    pub kind: Option<String>,
}

/// One dated thing on a case's timeline: a document or a correspondence entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimelineItem {
    pub date: Option<NaiveDate>,
    /// `document` or `entry`.
    pub source: String,
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// What it is and who from: "Medical report · Dr Shah", "Phone call · out · SENCo".
    pub detail: String,
}

/// What to narrow a search to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SearchFilter {
    /// A document kind (`letter`, `report-medical`…), or `correspondence` for the log only.
    pub kind: Option<String>,
    /// Documents from, or entries with, this person or organisation of the register.
    #[ts(type = "number | null")]
    pub party_id: Option<i64>,
    /// `YYYY-MM-DD`: on or after.
    pub from: Option<NaiveDate>,
    /// `YYYY-MM-DD`: on or before.
    pub to: Option<NaiveDate>,
}

/// What Casefile read from a file before storing it.
struct Reading {
    media_type: &'static str,
    text: String,
    page_count: Option<u32>,
    document_date: Option<NaiveDate>,
    /// A title from inside the file (an email's subject).
    title: Option<String>,
    /// Files inside this one (an email's attachments): name and bytes.
    children: Vec<(String, Vec<u8>)>,
    kind: Option<DocumentKind>,
    /// Who it is from (an email's sender).
    author: Option<String>,
    /// A PDF that needed its password (its readable copy is among `children`).
    password_protected: bool,
}

impl Reading {
    fn plain(
        media_type: &'static str,
        text: String,
        page_count: Option<u32>,
        document_date: Option<NaiveDate>,
    ) -> Reading {
        Reading {
            media_type,
            text,
            page_count,
            document_date,
            title: None,
            children: Vec::new(),
            kind: None,
            author: None,
            password_protected: false,
        }
    }
}

/// A file name safe to show: the last path part, without control characters.
fn display_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    if clean.trim().is_empty() {
        "(unnamed file)".into()
    } else {
        clean
    }
}

/// Windows-1252 for bytes that are not UTF-8: the usual encoding of older letters saved as text.
fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => {
            const HIGH: [char; 32] = [
                '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}',
                'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›',
                'œ', '\u{9d}', 'ž', 'Ÿ',
            ];
            bytes
                .iter()
                .map(|b| match *b {
                    0x80..=0x9f => HIGH[usize::from(b - 0x80)],
                    b => char::from(b),
                })
                .collect()
        }
    }
}

/// "D:20260312…" (PDF date) → 12 Mar 2026.
fn pdf_date(value: &[u8]) -> Option<NaiveDate> {
    let text = std::str::from_utf8(value).ok()?;
    let digits = text.trim_start_matches("D:");
    // Some PDF writers stamp a placeholder (1 January 1970): no date is better than a wrong one.
    NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d")
        .ok()
        .filter(|d| d.year() >= 1990)
}

fn read_pdf(bytes: &[u8], name: &str, password: Option<&str>) -> Result<Reading> {
    let refuse = |message: String| CoreError::invalid("file", message);
    let locked = || match password {
        None => CoreError::invalid(
            "password",
            format!(
                "{name} is password-protected. Import it again with its password, and Casefile keeps it with a readable copy."
            ),
        ),
        Some(_) => CoreError::invalid(
            "password",
            format!(
                "That password does not open {name}. Check it (passwords are case-sensitive) and try again; nothing was imported."
            ),
        ),
    };
    let opened = match lopdf::Document::load_mem(bytes) {
        Ok(doc) if !(doc.is_encrypted() && doc.encryption_state.is_none()) => Ok(doc),
        Ok(_) | Err(lopdf::Error::Decryption(_)) => Err(true),
        Err(_) => Err(false),
    };
    let (mut doc, protected) = match opened {
        Ok(doc) => (doc, false),
        Err(true) => match password {
            Some(pw) => match lopdf::Document::load_mem_with_password(bytes, pw) {
                Ok(doc) if doc.encryption_state.is_some() => (doc, true),
                _ => return Err(locked()),
            },
            None => return Err(locked()),
        },
        Err(false) => {
            return Err(refuse(format!(
                "{name} is damaged or is not a complete PDF, so it was not imported. Try downloading or scanning it again."
            )));
        }
    };
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(refuse(format!(
            "{name} has no pages, so it was not imported."
        )));
    }
    let mut text = doc.extract_text(&pages).unwrap_or_default();
    if text.trim().chars().count() < 20 {
        // lopdf cannot read every font encoding; poppler, when installed, reads the rest. Only
        // a PDF with no text at all is left for OCR.
        if let Some(better) =
            crate::ocr::pdftotext(bytes).filter(|t| t.chars().count() > text.trim().chars().count())
        {
            text = better;
        }
    }
    let document_date = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| info.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|info| info.get(b"CreationDate").ok())
        .and_then(|d| d.as_str().ok())
        .and_then(pdf_date);
    let mut reading = Reading::plain(
        "application/pdf",
        text,
        u32::try_from(pages.len()).ok(),
        document_date,
    );
    if protected {
        // The readable copy: the same document written out without its encryption.
        doc.trailer.remove(b"Encrypt");
        doc.encryption_state = None;
        let mut copy = Vec::new();
        doc.save_to(&mut copy).map_err(|e| {
            CoreError::invalid(
                "file",
                format!("A readable copy of {name} could not be made ({e})."),
            )
        })?;
        let stem = Path::new(name)
            .file_stem()
            .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
        reading.children = vec![(format!("{stem} (readable copy).pdf"), copy)];
        reading.password_protected = true;
    }
    Ok(reading)
}

fn read_file(bytes: &[u8], path: &Path, name: &str) -> Result<Reading> {
    read_file_with_password(bytes, path, name, None)
}

/// What import would read from a file's bytes, without storing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    pub media_type: &'static str,
    pub text_chars: usize,
    pub pages: Option<u32>,
    pub date: Option<NaiveDate>,
    /// Files inside it (an email's attachments).
    pub inner_files: usize,
}

/// Reads `bytes` as import would for a file called `name` (the fuzz targets use this): a
/// summary, or the refusal import would give. Never panics, whatever the bytes.
pub fn read_document_bytes(bytes: &[u8], name: &str) -> Result<ReadSummary> {
    let reading = read_file(bytes, Path::new(name), name)?;
    Ok(ReadSummary {
        media_type: reading.media_type,
        text_chars: reading.text.chars().count(),
        pages: reading.page_count,
        date: reading.document_date,
        inner_files: reading.children.len(),
    })
}

/// Reads a file's bytes; a panic inside a reader (a malformed file tripping a library) becomes
/// a refusal naming the file, never a crash.
fn read_file_with_password(
    bytes: &[u8],
    path: &Path,
    name: &str,
    password: Option<&str>,
) -> Result<Reading> {
    std::panic::catch_unwind(|| read_file_unguarded(bytes, path, name, password)).unwrap_or_else(
        |_| {
            Err(CoreError::invalid(
                "file",
                format!("{name} could not be read (it may be damaged), so it was not imported."),
            ))
        },
    )
}

fn read_file_unguarded(
    bytes: &[u8],
    path: &Path,
    name: &str,
    password: Option<&str>,
) -> Result<Reading> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let refuse = |message: String| CoreError::invalid("file", message);
    if bytes.starts_with(b"%PDF-") {
        return read_pdf(bytes, name, password);
    }
    if ext == "pdf" {
        return Err(refuse(format!(
            "{name} is named .pdf but is not a PDF, so it was not imported."
        )));
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        if !crate::images::jpeg_is_complete(bytes) {
            return Err(refuse(format!(
                "{name} is a photo that is damaged or cut short, so it was not imported. Copy it from your phone or camera again."
            )));
        }
        return Ok(Reading::plain("image/jpeg", String::new(), Some(1), None));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if !crate::images::png_is_complete(bytes) {
            return Err(refuse(format!(
                "{name} is a picture that is damaged or cut short, so it was not imported. Save or download it again."
            )));
        }
        return Ok(Reading::plain("image/png", String::new(), Some(1), None));
    }
    if matches!(ext.as_str(), "txt" | "text" | "md") {
        if bytes.contains(&0) {
            return Err(refuse(format!(
                "{name} is not plain text, so it was not imported."
            )));
        }
        return Ok(Reading::plain("text/plain", decode_text(bytes), None, None));
    }
    if ext == "docx" {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(refuse(format!(
                "{name} is password-protected, so it was not imported. Open it in Word, remove the password (or save it as PDF), and import that copy."
            )));
        }
        return match crate::docx::docx_text(bytes) {
            Ok(text) => Ok(Reading::plain(DOCX_MEDIA_TYPE, text, None, None)),
            Err(crate::docx::DocxProblem::TooLarge) => Err(refuse(format!(
                "{name} unpacks to more text than Casefile reads from one Word file, so it was not imported. Save it as PDF and import that."
            ))),
            Err(crate::docx::DocxProblem::Damaged) => Err(refuse(format!(
                "{name} is damaged or is not a complete Word file, so it was not imported. Open it in Word or LibreOffice and save it again."
            ))),
        };
    }
    if ext == "doc" {
        return Err(refuse(format!(
            "{name} is an older Word file (.doc), which Casefile cannot read. Open it and save it as .docx or PDF, then import that."
        )));
    }
    if ext == "eml" {
        let email = crate::email::read_email(bytes).ok_or_else(|| {
            refuse(format!(
                "{name} is not an email Casefile can read (no sender, subject or date), so it was not imported. Save the email again from your email program as .eml."
            ))
        })?;
        return Ok(Reading {
            media_type: "message/rfc822",
            text: email.text,
            page_count: None,
            document_date: email.date,
            title: email.subject,
            children: email.attachments,
            kind: Some(DocumentKind::Email),
            author: email.from_name,
            password_protected: false,
        });
    }
    Err(refuse(format!(
        "Casefile cannot import {} files yet, so {name} was not imported. PDFs, JPEG and PNG photos, emails (.eml), Word files (.docx) and .txt files can be imported.",
        if ext.is_empty() {
            "these".to_owned()
        } else {
            format!(".{ext}")
        }
    )))
}

/// A picture, or a PDF with (almost) no text: a scan whose words only OCR can read.
fn needs_ocr(reading: &Reading) -> bool {
    matches!(reading.media_type, "image/jpeg" | "image/png")
        || (reading.media_type == "application/pdf" && reading.text.trim().chars().count() < 20)
}

/// Where a file with this SHA-256 is kept: `blobs/ab/cdef…`.
fn blob_path_in(home: &Path, sha256: &str) -> PathBuf {
    home.join("blobs").join(&sha256[..2]).join(&sha256[2..])
}

/// Stores `bytes` under their SHA-256 (written to a temporary file, synced, renamed into place),
/// sealed with the data key in a protected folder; false when the file was already there.
fn write_blob_in(
    home: &Path,
    key: Option<&crate::keys::DataKey>,
    sha256: &str,
    bytes: &[u8],
) -> Result<bool> {
    let path = blob_path_in(home, sha256);
    if path.exists() {
        return Ok(false);
    }
    let fail = |e: std::io::Error| CoreError::DataFolder {
        path: path.clone(),
        reason: format!("the file could not be stored ({e})."),
    };
    let folder = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| home.to_path_buf());
    fs::create_dir_all(&folder).map_err(fail)?;
    let temp = folder.join(format!(".{}.{}.part", &sha256[2..], std::process::id()));
    let sealed = key.map(|k| crate::vault::seal_blob(k, sha256, bytes));
    let written = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(sealed.as_deref().unwrap_or(bytes))?;
        file.sync_all()?;
        fs::rename(&temp, &path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(true)
}

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
        .map(|a| crate::correspondence::party_id(tx, case_id, a.trim()))
        .transpose()?;
    tx.execute(
        "INSERT INTO documents (case_id, sha256, original_name, media_type, size_bytes, page_count, title, document_date, text, imported_at, parent_id, ocr_status, kind, author_party_id, password_protected) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![case_id, sha256, name, reading.media_type, i64::try_from(size).unwrap_or(i64::MAX), reading.page_count, title, reading.document_date, reading.text, now_timestamp(), parent_id, needs_ocr(reading).then_some("pending"), reading.kind.map(DocumentKind::as_str), author, reading.password_protected],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO search_index (source, source_id, case_id, title, body) VALUES ('document', ?1, ?2, ?3, ?4)",
        params![id, case_id, title, reading.text],
    )?;
    Ok(id)
}

impl Store {
    pub(crate) fn blob_path(&self, sha256: &str) -> PathBuf {
        blob_path_in(self.home(), sha256)
    }

    pub(crate) fn write_blob(&self, sha256: &str, bytes: &[u8]) -> Result<bool> {
        write_blob_in(self.home(), self.data_key(), sha256, bytes)
    }

    /// Imports one file into a case (see the module notes for the order of writes).
    pub fn import_file(&mut self, case_id: i64, path: &Path) -> Result<ImportOutcome> {
        self.import_file_with_password(case_id, path, None)
    }

    /// [`Store::import_file`] with the password of a protected PDF: the PDF is kept as it came,
    /// with a readable copy as a document of its own.
    pub fn import_file_with_password(
        &mut self,
        case_id: i64,
        path: &Path,
        password: Option<&str>,
    ) -> Result<ImportOutcome> {
        self.case(case_id)?;
        let name = display_name(path);
        let refuse = |message: String| Ok(ImportOutcome::Refused { message });
        let meta = match fs::metadata(path) {
            Ok(m) if m.is_file() => m,
            Ok(_) => return refuse(format!("{name} is a folder, not a file.")),
            Err(e) => return refuse(format!("{name} could not be opened ({e}).")),
        };
        if meta.len() == 0 {
            return refuse(format!(
                "{name} is empty (0 bytes), so there is nothing to import."
            ));
        }
        if meta.len() > MAX_IMPORT_BYTES {
            return refuse(format!(
                "{name} is {} MB; Casefile imports files up to 200 MB. Split it, or scan it at a lower resolution.",
                meta.len() / (1024 * 1024)
            ));
        }
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => return refuse(format!("{name} could not be read ({e}).")),
        };
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        if let Some(existing) = self.find_document(case_id, &sha256)? {
            return Ok(ImportOutcome::AlreadyThere { document: existing });
        }
        let mut reading = match read_file_with_password(&bytes, path, &name, password) {
            Ok(r) => r,
            Err(CoreError::Invalid {
                field: "password",
                message,
            }) => {
                return Ok(ImportOutcome::NeedsPassword { message });
            }
            Err(CoreError::Invalid { message, .. }) => return refuse(message),
            Err(e) => return Err(e),
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
        let mut children: Vec<(String, String, Vec<u8>, Reading)> = Vec::new();
        let mut notes = Vec::new();
        for (child_name, child_bytes) in std::mem::take(&mut reading.children) {
            let child_sha = format!("{:x}", Sha256::digest(&child_bytes));
            if child_sha == sha256 || children.iter().any(|c| c.1 == child_sha) {
                continue;
            }
            if let Some(existing) = self.find_document(case_id, &child_sha)? {
                notes.push(format!(
                    "The attachment {child_name} is already here, as “{}”.",
                    existing.title
                ));
                continue;
            }
            match read_file(&child_bytes, Path::new(&child_name), &child_name) {
                Ok(child) => children.push((child_name, child_sha, child_bytes, child)),
                Err(CoreError::Invalid { message, .. }) => notes.push(format!(
                    "The attachment {child_name} is kept inside the email but was not imported on its own: {message}"
                )),
                Err(e) => return Err(e),
            }
        }

        // Blobs first, then every row in one transaction; blobs this import made are removed
        // again if the rows cannot be written.
        let mut created = Vec::new();
        if self.write_blob(&sha256, &bytes)? {
            created.push(sha256.clone());
        }
        for (_, child_sha, child_bytes, _) in &children {
            match self.write_blob(child_sha, child_bytes) {
                Ok(true) => created.push(child_sha.clone()),
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
            for (child_name, child_sha, child_bytes, child) in &children {
                let child_title = Path::new(child_name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| child_name.clone());
                // An attachment is dated by its email unless it carries its own date.
                let mut child_reading = Reading::plain(child.media_type, child.text.clone(), child.page_count, child.document_date.or(reading.document_date));
                child_reading.title = None;
                child_ids.push(insert_document(tx, case_id, child_sha, child_name, child_bytes.len(), &child_reading, &child_title, Some(id))?);
            }
            audit::record(tx, Some(case_id), "document.imported", &serde_json::json!({ "document_id": id, "sha256": sha256, "name": name, "attachments": child_ids }))?;
            // This transaction now holds the write lock, so no repair can run until it ends: if
            // one removed a file before it began, the file is written again here.
            for (sha, file_bytes) in std::iter::once((&sha256, &bytes)).chain(children.iter().map(|c| (&c.1, &c.2))) {
                write_blob_in(&home, key.as_deref(), sha, file_bytes)?;
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
    pub fn import_files(&mut self, case_id: i64, paths: &[PathBuf]) -> Result<Vec<ImportResult>> {
        self.import_files_with_progress(case_id, paths, None, &mut |_, _, _| {})
    }

    /// [`Store::import_files`] with the password for protected PDFs among them.
    pub fn import_files_with_password(
        &mut self,
        case_id: i64,
        paths: &[PathBuf],
        password: Option<&str>,
    ) -> Result<Vec<ImportResult>> {
        self.import_files_with_progress(case_id, paths, password, &mut |_, _, _| {})
    }

    /// [`Store::import_files`], telling `progress` (files done, files in all, the next file's name)
    /// before each file.
    pub fn import_files_with_progress(
        &mut self,
        case_id: i64,
        paths: &[PathBuf],
        password: Option<&str>,
        progress: &mut dyn FnMut(usize, usize, &str),
    ) -> Result<Vec<ImportResult>> {
        self.case(case_id)?;
        let total = paths.len();
        paths
            .iter()
            .enumerate()
            .map(|(done, p)| {
                progress(done, total, &display_name(p));
                let result = match self.import_file_with_password(case_id, p, password) {
                    Ok(outcome) => outcome,
                    Err(e) if e.is_rejected_input() => ImportOutcome::Refused {
                        message: e.to_string(),
                    },
                    Err(e) => return Err(e),
                };
                Ok(ImportResult {
                    file: display_name(p),
                    result,
                })
            })
            .collect()
    }

    fn blob_referenced(&self, sha256: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE sha256 = ?1 LIMIT 1",
                [sha256],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn find_document(&self, case_id: i64, sha256: &str) -> Result<Option<Document>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE case_id = ?1 AND sha256 = ?2",
                params![case_id, sha256],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.document(id)).transpose()
    }

    /// One document by its number.
    pub fn document(&self, id: i64) -> Result<Document> {
        self.conn
            .query_row(
                "SELECT d.id, d.case_id, d.sha256, d.original_name, d.media_type, d.size_bytes, d.page_count, d.title, d.document_date, d.imported_at, length(d.text), d.parent_id, d.ocr_status, d.kind, d.author_party_id, p.name, \
                 (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM document_tags WHERE document_id = d.id ORDER BY tag)), d.password_protected \
                 FROM documents d LEFT JOIN parties p ON p.id = d.author_party_id WHERE d.id = ?1",
                [id],
                |r| {
                    Ok(Document {
                        id: r.get(0)?,
                        case_id: r.get(1)?,
                        sha256: r.get(2)?,
                        original_name: r.get(3)?,
                        media_type: r.get(4)?,
                        size_bytes: r.get(5)?,
                        page_count: r.get(6)?,
                        title: r.get(7)?,
                        document_date: r.get(8)?,
                        imported_at: r.get(9)?,
                        text_chars: r.get(10)?,
                        parent_id: r.get(11)?,
                        ocr_status: r.get(12)?,
                        kind: r
                            .get::<_, Option<String>>(13)?
                            .and_then(|k| DocumentKind::parse(&k).ok()),
                        author_party_id: r.get(14)?,
                        author: r.get(15)?,
                        tags: r
                            .get::<_, Option<String>>(16)?
                            .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
                            .unwrap_or_default(),
                        password_protected: r.get(17)?,
                    })
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "document", id })
    }

    /// A case's documents, newest document date first.
    pub fn list_documents(&self, case_id: i64) -> Result<Vec<Document>> {
        self.case(case_id)?;
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE case_id = ?1 ORDER BY coalesce(document_date, substr(imported_at, 1, 10)) DESC, id DESC")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Documents waiting for OCR, oldest first (of one case, or of every case).
    pub fn pending_ocr(&self, case_id: Option<i64>) -> Result<Vec<Document>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE ocr_status = 'pending' AND (?1 IS NULL OR case_id = ?1) ORDER BY id")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Stores what OCR read from a document (or that it could not), and makes it searchable.
    pub fn save_ocr_text(
        &mut self,
        id: i64,
        read: std::result::Result<&str, &str>,
    ) -> Result<Document> {
        let doc = self.document(id)?;
        self.write(|tx| {
            match read {
                Ok(text) => {
                    let existing: String = tx.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
                    let combined = if existing.trim().is_empty() {
                        text.to_owned()
                    } else {
                        format!("{}\n{text}", existing.trim_end())
                    };
                    tx.execute("UPDATE documents SET text = ?2, ocr_status = 'done' WHERE id = ?1", params![id, combined])?;
                    tx.execute(
                        "UPDATE search_index SET body = ?2 WHERE source = 'document' AND source_id = ?1",
                        params![id, combined],
                    )?;
                    audit::record(tx, Some(doc.case_id), "document.ocr", &serde_json::json!({ "document_id": id, "chars": text.chars().count() }))?;
                }
                Err(why) => {
                    tx.execute("UPDATE documents SET ocr_status = 'failed' WHERE id = ?1", [id])?;
                    audit::record(tx, Some(doc.case_id), "document.ocr_failed", &serde_json::json!({ "document_id": id, "why": why }))?;
                }
            }
            Ok(())
        })?;
        self.document(id)
    }

    /// Changes what Casefile records about a document: title, date, kind, author, tags (its
    /// bytes never change).
    pub fn update_document(&mut self, id: i64, details: &DocumentDetails) -> Result<Document> {
        let doc = self.document(id)?;
        let title = details.title.trim();
        if title.is_empty() {
            return Err(CoreError::invalid("title", "Give the document a title."));
        }
        if title.chars().count() > 300 {
            return Err(CoreError::invalid(
                "title",
                "The title is too long: keep it under 300 characters.",
            ));
        }
        let date = match details
            .document_date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            None => None,
            Some(text) => {
                let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                    CoreError::invalid(
                        "document_date",
                        format!("“{text}” is not a date. Use the day, month and year."),
                    )
                })?;
                if d.year() < 1990 || d.year() > 2100 {
                    return Err(CoreError::invalid(
                        "document_date",
                        format!("{} is out of range. Check the year.", d.format("%-d %b %Y")),
                    ));
                }
                Some(d)
            }
        };
        let author = details
            .author
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        if author.is_some_and(|a| a.chars().count() > 200) {
            return Err(CoreError::invalid(
                "author",
                "The name is too long: keep it under 200 characters.",
            ));
        }
        let mut tags: Vec<String> = details
            .tags
            .iter()
            .map(|t| {
                t.trim()
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            })
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(long) = tags.iter().find(|t| t.chars().count() > 60) {
            return Err(CoreError::invalid(
                "tags",
                format!("The tag “{long}” is too long: keep tags under 60 characters."),
            ));
        }
        tags.sort();
        tags.dedup();
        self.write(|tx| {
            let author_id = author.map(|a| crate::correspondence::party_id(tx, doc.case_id, a)).transpose()?;
            tx.execute(
                "UPDATE documents SET title = ?2, document_date = ?3, kind = ?4, author_party_id = ?5 WHERE id = ?1",
                params![id, title, date, details.kind.map(DocumentKind::as_str), author_id],
            )?;
            tx.execute("DELETE FROM document_tags WHERE document_id = ?1", [id])?;
            for tag in &tags {
                tx.execute("INSERT INTO document_tags (document_id, tag) VALUES (?1, ?2)", params![id, tag])?;
            }
            tx.execute(
                "UPDATE search_index SET title = ?2 WHERE source = 'document' AND source_id = ?1",
                params![id, title],
            )?;
            audit::record(tx, Some(doc.case_id), "document.updated", &serde_json::json!({ "document_id": id, "title": title, "date": date, "kind": details.kind.map(DocumentKind::as_str), "author": author, "tags": tags }))?;
            Ok(())
        })?;
        self.document(id)
    }

    /// The text Casefile read from a document (a text file's whole content).
    pub fn document_text(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "document",
                id,
            })
    }

    /// The stored bytes of a document, checked against its hash.
    pub fn document_bytes(&self, id: i64) -> Result<Vec<u8>> {
        let doc = self.document(id)?;
        let path = self.blob_path(&doc.sha256);
        crate::vault::read_blob(&path, &doc.sha256, self.data_key()).map_err(|problem| {
            let reason = match problem {
                crate::vault::BlobProblem::Missing(e) => format!(
                    "the stored copy of “{}” is missing ({e}). Restore the data folder from a backup.",
                    doc.title
                ),
                crate::vault::BlobProblem::NoKey => format!(
                    "the stored copy of “{}” is encrypted, but this case file has no key. Restore the folder's key file from an export.",
                    doc.title
                ),
                crate::vault::BlobProblem::Changed => format!(
                    "the stored copy of “{}” has been changed since it was imported. Restore it from a backup.",
                    doc.title
                ),
            };
            CoreError::DataFolder { path, reason }
        })
    }

    /// A case's documents and correspondence interleaved by date, newest first; undated documents
    /// (by the day they were imported) among them.
    pub fn case_timeline(&self, case_id: i64) -> Result<Vec<TimelineItem>> {
        let mut items: Vec<TimelineItem> = self
            .list_documents(case_id)?
            .into_iter()
            .map(|d| TimelineItem {
                date: d.document_date,
                source: "document".into(),
                id: d.id,
                detail: [
                    d.kind.map(|k| k.words().to_owned()),
                    d.author.clone(),
                    d.document_date.is_none().then(|| {
                        format!(
                            "undated, imported {}",
                            &d.imported_at[..10.min(d.imported_at.len())]
                        )
                    }),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
                title: d.title,
            })
            .collect();
        for e in self.list_entries(case_id)? {
            items.push(TimelineItem {
                date: Some(e.occurred_on),
                source: "entry".into(),
                id: e.id,
                title: e
                    .subject
                    .clone()
                    .unwrap_or_else(|| e.note.chars().take(80).collect()),
                detail: [
                    Some(e.channel.words().to_owned()),
                    Some(match e.direction {
                        crate::Direction::In => "received".to_owned(),
                        crate::Direction::Out => "sent".to_owned(),
                    }),
                    e.party_name.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            });
        }
        items.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        Ok(items)
    }

    /// Searches a case's documents and correspondence; words are matched as typed, in any order.
    pub fn search(&self, case_id: i64, query: &str) -> Result<Vec<SearchHit>> {
        self.search_filtered(case_id, query, &SearchFilter::default())
    }

    /// [`Store::search`] narrowed by kind, person or organisation, and dates.
    pub fn search_filtered(
        &self,
        case_id: i64,
        query: &str,
        filter: &SearchFilter,
    ) -> Result<Vec<SearchHit>> {
        self.case(case_id)?;
        // Each word quoted, so FTS5 syntax in what people type ("AND", quotes, hyphens) is plain text.
        let fts: String = query
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ");
        if fts.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT search_index.source, search_index.source_id, search_index.title, \
                    snippet(search_index, 4, '«', '»', '…', 12), \
                    coalesce(d.document_date, c.occurred_on), \
                    CASE WHEN search_index.source = 'entry' THEN 'correspondence' ELSE d.kind END \
             FROM search_index \
             LEFT JOIN documents d ON search_index.source = 'document' AND d.id = search_index.source_id \
             LEFT JOIN correspondence c ON search_index.source = 'entry' AND c.id = search_index.source_id \
             WHERE search_index MATCH ?1 AND search_index.case_id = ?2 \
               AND (?3 IS NULL OR (?3 = 'correspondence' AND search_index.source = 'entry') OR d.kind = ?3) \
               AND (?4 IS NULL OR d.author_party_id = ?4 OR c.party_id = ?4) \
               AND (?5 IS NULL OR coalesce(d.document_date, c.occurred_on) >= ?5) \
               AND (?6 IS NULL OR coalesce(d.document_date, c.occurred_on) <= ?6) \
             ORDER BY search_index.rank LIMIT 200",
        )?;
        let rows = stmt.query_map(
            params![
                fts,
                case_id,
                filter.kind,
                filter.party_id,
                filter.from,
                filter.to
            ],
            |r| {
                Ok(SearchHit {
                    source: r.get(0)?,
                    source_id: r.get(1)?,
                    title: r.get(2)?,
                    snippet: r.get(3)?,
                    date: r.get(4)?,
                    kind: r.get(5)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::CaseDetails;
    use std::process::Command;

    fn setup() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("open");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        (dir, store, case)
    }

    /// A real PDF made with the test-oracle tools (qpdf), holding `text`.
    fn make_pdf(dir: &Path, name: &str, text: &str) -> PathBuf {
        let body = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        let pdf = format!(
            "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>> endobj\n4 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj\n5 0 obj <</Length {}>> stream\n{body}\nendstream endobj\n6 0 obj <</CreationDate(D:20260312090000Z)>> endobj\ntrailer <</Root 1 0 R/Info 6 0 R/Size 7>>\n%%EOF\n",
            body.len()
        );
        let raw = dir.join(format!("{name}.raw.pdf"));
        fs::write(&raw, pdf).expect("raw pdf");
        let out = dir.join(name);
        // qpdf rewrites it with a proper cross-reference table (exit 3 means warnings, still written).
        let status = Command::new("qpdf")
            .arg(&raw)
            .arg(&out)
            .status()
            .expect("qpdf (scripts/install-deps.sh --tests installs it)");
        assert!(matches!(status.code(), Some(0 | 3)), "qpdf failed");
        out
    }

    fn blobs(dir: &Path) -> usize {
        walk(&dir.join("data/blobs"))
    }

    fn walk(path: &Path) -> usize {
        fs::read_dir(path)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            walk(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }

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
        assert_eq!(document.document_date, NaiveDate::from_ymd_opt(2026, 3, 12));
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
            .import_file_with_password(case, &locked, Some("guess"))
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
            .import_file_with_password(case, &locked, Some("user-pass"))
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
    fn a_placeholder_pdf_date_is_not_taken_as_the_letter_date() {
        assert_eq!(pdf_date(b"D:19700101000000+00'00'"), None);
        assert_eq!(
            pdf_date(b"D:20260312090000Z"),
            NaiveDate::from_ymd_opt(2026, 3, 12)
        );
        assert_eq!(pdf_date(b"garbage"), None);
    }

    #[test]
    fn a_changed_blob_is_detected_on_read() {
        let (dir, mut store, case) = setup();
        let file = dir.path().join("note.txt");
        fs::write(&file, "Original words").expect("txt");
        let ImportOutcome::Imported { document, .. } =
            store.import_file(case, &file).expect("import")
        else {
            panic!("not imported")
        };
        let blob = store.blob_path(&document.sha256);
        fs::write(&blob, "Changed words").expect("tamper");
        let err = store.document_bytes(document.id).expect_err("tampered");
        assert!(
            err.to_string()
                .contains("has been changed since it was imported"),
            "{err}"
        );
    }

    fn base64(bytes: &[u8]) -> String {
        use std::io::Write as _;
        let mut child = Command::new("base64")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("base64 (coreutils)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write");
        String::from_utf8(child.wait_with_output().expect("output").stdout).expect("ascii")
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
            NaiveDate::from_ymd_opt(2026, 3, 12),
            "a PDF keeps its own date"
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
            include_bytes!("../../../../tests/fixtures/school-letter.docx"),
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
        let results = store.import_files(case, &[broken, old]).expect("import");
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

    #[test]
    fn search_narrows_by_kind_person_and_dates() {
        let (dir, mut store, case) = setup();
        let mut import = |name: &str, text: &str, kind: DocumentKind, author: &str, date: &str| {
            let path = dir.path().join(name);
            fs::write(&path, text).expect("write");
            let ImportOutcome::Imported { document, .. } =
                store.import_file(case, &path).expect("import")
            else {
                panic!("not imported");
            };
            store
                .update_document(
                    document.id,
                    &DocumentDetails {
                        title: name.into(),
                        document_date: Some(date.into()),
                        kind: Some(kind),
                        author: Some(author.into()),
                        tags: vec![],
                    },
                )
                .expect("details")
        };
        let letter = import(
            "council.txt",
            "Therapy refused by the panel",
            DocumentKind::DecisionLetter,
            "Northshire Council",
            "2025-01-10",
        );
        let report = import(
            "gp.txt",
            "Therapy recommended weekly",
            DocumentKind::ReportMedical,
            "Dr Shah",
            "2026-02-01",
        );
        let entry = store
            .add_entry(
                case,
                &crate::EntryDetails {
                    occurred_on: "2026-03-05".into(),
                    direction: "out".into(),
                    channel: "phone".into(),
                    party: Some("Dr Shah".into()),
                    note: "Asked about therapy".into(),
                    ..crate::EntryDetails::default()
                },
                NaiveDate::from_ymd_opt(2026, 11, 25).expect("today"),
            )
            .expect("entry");
        let ids = |filter: SearchFilter| -> Vec<(String, i64)> {
            store
                .search_filtered(case, "therapy", &filter)
                .expect("search")
                .into_iter()
                .map(|h| (h.source, h.source_id))
                .collect()
        };
        assert_eq!(ids(SearchFilter::default()).len(), 3);
        assert_eq!(
            ids(SearchFilter {
                kind: Some("report-medical".into()),
                ..SearchFilter::default()
            }),
            vec![("document".into(), report.id)]
        );
        assert_eq!(
            ids(SearchFilter {
                kind: Some("correspondence".into()),
                ..SearchFilter::default()
            }),
            vec![("entry".into(), entry.id)]
        );
        let shah = report.author_party_id.expect("author");
        let mut by_shah = ids(SearchFilter {
            party_id: Some(shah),
            ..SearchFilter::default()
        });
        by_shah.sort();
        assert_eq!(
            by_shah,
            vec![("document".into(), report.id), ("entry".into(), entry.id)],
            "the register links the report and the call"
        );
        let in_2025 = SearchFilter {
            from: NaiveDate::from_ymd_opt(2025, 1, 1),
            to: NaiveDate::from_ymd_opt(2025, 12, 31),
            ..SearchFilter::default()
        };
        assert_eq!(ids(in_2025), vec![("document".into(), letter.id)]);
        let hit = &store.search(case, "recommended").expect("search")[0];
        assert_eq!(
            (hit.date, hit.kind.as_deref()),
            (NaiveDate::from_ymd_opt(2026, 2, 1), Some("report-medical"))
        );
    }

    #[test]
    fn the_timeline_interleaves_documents_and_correspondence_newest_first() {
        let (dir, mut store, case) = setup();
        let path = dir.path().join("letter.txt");
        fs::write(&path, "Decision").expect("write");
        let ImportOutcome::Imported { document, .. } =
            store.import_file(case, &path).expect("import")
        else {
            panic!("not imported");
        };
        store
            .update_document(
                document.id,
                &DocumentDetails {
                    title: "Decision letter".into(),
                    document_date: Some("2026-02-10".into()),
                    kind: Some(DocumentKind::DecisionLetter),
                    author: Some("Northshire Council".into()),
                    tags: vec![],
                },
            )
            .expect("details");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("today");
        for (day, note) in [
            ("2026-01-05", "Asked for an assessment"),
            ("2026-03-01", "Chased the decision"),
        ] {
            store
                .add_entry(
                    case,
                    &crate::EntryDetails {
                        occurred_on: day.into(),
                        direction: "out".into(),
                        channel: "email".into(),
                        party: Some("Northshire Council".into()),
                        note: note.into(),
                        ..crate::EntryDetails::default()
                    },
                    today,
                )
                .expect("entry");
        }
        let timeline = store.case_timeline(case).expect("timeline");
        let titles: Vec<&str> = timeline.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Chased the decision",
                "Decision letter",
                "Asked for an assessment"
            ]
        );
        assert_eq!(timeline[1].detail, "Decision letter · Northshire Council");
        assert_eq!(timeline[0].detail, "Email · sent · Northshire Council");
    }

    /// A short fuzz run for CI (the long runs use cargo fuzz, see fuzz/): the seed files, cut
    /// short and with bytes changed at many places, under every importer's name. Every call must
    /// come back with a reading or a refusal that names the file; a panic inside a library is
    /// caught and counted.
    #[test]
    fn importers_survive_damaged_versions_of_real_files() {
        let seeds: Vec<(&str, Vec<u8>)> = vec![
            (
                "letter.pdf",
                include_bytes!("../../../../fuzz/corpus/import_file/letter.pdf").to_vec(),
            ),
            (
                "mail.eml",
                include_bytes!("../../../../fuzz/corpus/import_email/multipart-attachment.eml")
                    .to_vec(),
            ),
            (
                "report.docx",
                include_bytes!("../../../../tests/fixtures/school-letter.docx").to_vec(),
            ),
            (
                "photo.jpg",
                include_bytes!("../../../../tests/fixtures/scanned-letter.jpg").to_vec(),
            ),
        ];
        let mut state = 0x2026_1125_u64;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % below.max(1)
        };
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let mut caught = 0;
        let mut runs = 0;
        for (name, seed) in &seeds {
            for round in 0..150 {
                let mut bytes = seed.clone();
                match round % 3 {
                    0 => bytes.truncate(next(bytes.len())),
                    1 => {
                        for _ in 0..1 + next(16) {
                            let at = next(bytes.len());
                            bytes[at] = next(256) as u8;
                        }
                    }
                    _ => {
                        let at = next(bytes.len());
                        let len = next(64).min(bytes.len() - at);
                        bytes.drain(at..at + len);
                    }
                }
                runs += 1;
                if std::panic::catch_unwind(|| {
                    read_file_unguarded(&bytes, Path::new(name), name, None)
                })
                .is_err()
                {
                    caught += 1;
                }
                match read_document_bytes(&bytes, name) {
                    Ok(_) => {}
                    Err(e) => assert!(e.to_string().contains(name), "{name}: {e}"),
                }
            }
        }
        std::panic::set_hook(previous);
        eprintln!(
            "importer fuzz smoke: {runs} damaged files, {caught} library panics caught and turned into refusals"
        );
    }
}
