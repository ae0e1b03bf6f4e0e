//! Documents: the family's files kept byte for byte under their SHA-256, with the text Casefile
//! can read from them. `read` turns a file's bytes into what import stores (no store needed),
//! `import` stores it, `ocr` keeps the text of scans, `search` finds documents and
//! correspondence and lays them on a timeline; this module holds the types and the queries.

pub(crate) mod docx;
mod email;
mod import;
mod ocr;
pub(crate) mod read;
mod search;

pub(crate) use docx::{DocxProblem, docx_marked_copy};
pub use import::{ImportOptions, PreparedFile, prepare_bytes, prepare_import};
pub use read::{ReadSummary, read_document_bytes};

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::store::Store;

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
    /// A plan as amended after an annual review or a Tribunal's order (reg. 22; reg. 44(2)).
    EhcpAmended,
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
    pub const ALL: [DocumentKind; 16] = [
        DocumentKind::EhcpDraft,
        DocumentKind::EhcpFinal,
        DocumentKind::EhcpAmended,
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
            DocumentKind::EhcpAmended => "ehcp-amended",
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
            DocumentKind::EhcpAmended => "Amended EHC plan",
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

    /// An EHC plan: draft, final or amended.
    pub fn is_plan(self) -> bool {
        matches!(
            self,
            DocumentKind::EhcpDraft | DocumentKind::EhcpFinal | DocumentKind::EhcpAmended
        )
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

/// The file extension of a stored document's detected type (a copy for the system's viewer is
/// named by it, so a file whose name claims another type opens as what it really is).
pub fn file_extension(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "message/rfc822" => "eml",
        DOCX_MEDIA_TYPE => "docx",
        _ => "txt",
    }
}

/// Some of a document's details to change; what is `None` stays as stored (the command line's
/// `doc edit`, where each option is given or not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentChanges {
    pub title: Option<String>,
    pub date: Option<String>,
    /// A kind's name (`report-medical`…).
    pub kind: Option<String>,
    pub author: Option<String>,
    pub tags: Option<Vec<String>>,
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
    /// The date the file says of itself (a PDF's creation date), while the family has not given
    /// one: shown as a question ("is that the letter's date?"), never used as its date.
    pub suggested_date: Option<NaiveDate>,
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

impl Store {
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
                 (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM document_tags WHERE document_id = d.id ORDER BY tag)), d.password_protected, \
                 CASE WHEN d.document_date IS NULL THEN d.suggested_date END \
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
                        suggested_date: r.get(18)?,
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

    /// A copy of the document for the system's own viewer, in a private folder (see
    /// `outside::viewer`); the stored original is never handed out, so nothing can change it.
    pub fn document_copy_for_viewer(&self, id: i64) -> Result<std::path::PathBuf> {
        let doc = self.document(id)?;
        let bytes = self.document_bytes(id)?;
        crate::outside::viewer::write_copy(doc.id, file_extension(&doc.media_type), &bytes)
    }

    /// Changes only what `changes` names about a document, keeping the rest as stored.
    pub fn change_document(&mut self, id: i64, changes: &DocumentChanges) -> Result<Document> {
        let doc = self.document(id)?;
        let details = DocumentDetails {
            title: changes.title.clone().unwrap_or(doc.title),
            document_date: match &changes.date {
                Some(d) => Some(d.clone()),
                None => doc.document_date.map(|d| d.to_string()),
            },
            kind: match &changes.kind {
                Some(k) => Some(DocumentKind::parse(k)?),
                None => doc.kind,
            },
            author: changes.author.clone().or(doc.author),
            tags: changes.tags.clone().unwrap_or(doc.tags),
        };
        self.update_document(id, &details)
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
            let author_id = author.map(|a| crate::records::parties::party_id(tx, doc.case_id, a)).transpose()?;
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
            // A plan marked as issued moves the case's plan status on (never back, and never
            // away from an appeal): a final or amended plan means a final plan is in place, a
            // draft that a draft has been issued.
            let (status, behind): (&str, &[&str]) = match details.kind {
                Some(DocumentKind::EhcpFinal | DocumentKind::EhcpAmended) => ("final", &["none", "requested", "assessing", "draft"]),
                Some(DocumentKind::EhcpDraft) => ("draft", &["none", "requested", "assessing"]),
                _ => ("", &[]),
            };
            let was: String = tx.query_row("SELECT ehcp_status FROM cases WHERE id = ?1", [doc.case_id], |r| r.get(0))?;
            if behind.contains(&was.as_str()) {
                tx.execute(
                    "UPDATE cases SET ehcp_status = ?2, updated_at = ?3 WHERE id = ?1",
                    params![doc.case_id, status, crate::store::now_timestamp()],
                )?;
                audit::record(tx, Some(doc.case_id), "case.ehcp_status_from_document", &serde_json::json!({ "document_id": id, "from": was, "to": status }))?;
            }
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
        self.read_blob(&doc.sha256).map_err(|problem| {
            let reason = match problem {
                crate::folder::blobs::BlobProblem::Missing(e) => format!(
                    "the stored copy of “{}” is missing ({e}). Restore the data folder from a backup.",
                    doc.title
                ),
                crate::folder::blobs::BlobProblem::NoKey => format!(
                    "the stored copy of “{}” is encrypted, but this case file has no key. Restore the folder's key file from an export.",
                    doc.title
                ),
                crate::folder::blobs::BlobProblem::Changed => format!(
                    "the stored copy of “{}” has been changed since it was imported. Restore it from a backup.",
                    doc.title
                ),
            };
            CoreError::DataFolder { path, reason }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::ImportOutcome;
    use crate::testing::store_with_case as setup;

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

    #[test]
    fn a_picture_named_as_a_web_page_opens_as_a_picture() {
        assert_eq!(super::file_extension("image/png"), "png");
        assert_eq!(super::file_extension("text/html"), "txt");
        assert_eq!(super::file_extension(super::DOCX_MEDIA_TYPE), "docx");
    }
}
