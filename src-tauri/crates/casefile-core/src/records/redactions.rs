//! Redacted versions of documents. The family chooses words (a name, with its common variants)
//! or areas of pages to hide; Casefile makes a new, redacted copy (`casefile_pdf::redact`, run in
//! the contained reader), checks it by reading it back, and keeps it as a document of its own,
//! linked to the original, which stays byte for byte as evidence. Each redaction is in the case's
//! audit log with its reason and pages (not the words, so the log itself names no one).

use std::time::Duration;

use casefile_pdf::redact::{Area, RedactError};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::outside::worker::{self, Failure};
use crate::records::documents::Document;
use crate::store::{Store, now_timestamp};

/// The reasons offered for a redaction; any other words may be written instead.
pub const REDACTION_REASONS: [&str; 3] = ["third party", "not relevant", "legal privilege"];

/// What to redact from a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RedactRequest {
    /// Names or words to hide wherever they stand; a name's common variants go with it (with
    /// and without a middle name, initials).
    pub words: Vec<String>,
    /// Areas of pages to hide.
    #[ts(type = "Array<{ page: number, x0: number, y0: number, x1: number, y1: number }>")]
    pub areas: Vec<Area>,
    /// Why: third party, not relevant, legal privilege, or the family's own words.
    pub reason: String,
    /// Go on with a signed PDF (the copy cannot keep its signature).
    pub drop_signatures: bool,
}

/// A redaction made.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Redaction {
    pub original: Document,
    pub redacted: Document,
    /// The pages with something hidden (from 1).
    pub pages: Vec<u32>,
    pub reason: String,
}

/// One place a name or word stands in a document, for the family to review before redacting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Occurrence {
    /// The name or word as the family typed it.
    pub asked: String,
    /// The form found there ("J. Smith" for "Jane Smith").
    pub found: String,
    /// Its page (from 1).
    pub page: u32,
    /// The boxes to redact for it, in points from the page's top-left corner.
    #[ts(type = "Array<{ page: number, x0: number, y0: number, x1: number, y1: number }>")]
    pub areas: Vec<Area>,
    /// The line it stands in, as read.
    pub context: String,
}

/// Where the names or words asked for stand in one document.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FoundToRedact {
    /// The document searched: a redacted copy, where one has been made, as bundles use it.
    pub document: Document,
    pub occurrences: Vec<Occurrence>,
    /// What was asked and found nowhere in it.
    pub not_found: Vec<String>,
    /// Why it could not be searched (a password, a Word file with no LibreOffice), if it could not.
    pub refused: Option<String>,
}

/// A name and the ways it is commonly written: "Jane Mary Smith" is also "Jane Smith",
/// "J. M. Smith", "J M Smith", "J. Smith", "J Smith" and "Jane M. Smith" ("Jane Smith's" is
/// found by "Jane Smith"). One word is only itself.
pub fn name_variants(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split_whitespace().collect();
    let mut out = vec![parts.join(" ")];
    if let [first, middle @ .., last] = parts.as_slice()
        && first.chars().next().is_some_and(char::is_alphabetic)
    {
        let initial = |w: &str| w.chars().next().map(|c| c.to_string()).unwrap_or_default();
        out.push(format!("{first} {last}"));
        out.push(format!("{}. {last}", initial(first)));
        out.push(format!("{} {last}", initial(first)));
        if !middle.is_empty() {
            let middles: Vec<String> = middle.iter().map(|m| initial(m)).collect();
            out.push(format!(
                "{}. {}. {last}",
                initial(first),
                middles.join(". ")
            ));
            out.push(format!("{} {} {last}", initial(first), middles.join(" ")));
            out.push(format!("{first} {}. {last}", middles.join(". ")));
        }
    }
    out.retain(|v| !v.is_empty());
    out.dedup();
    out
}

/// A word as OCR read it, for matching: lower case, without the punctuation around it
/// ("Smith's," is "smith"; "(Year" is "year").
fn ocr_token(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Where `words` stand among the words OCR read from a scan, one area per word read (a little
/// larger than its box, so no edge of a letter is left): a scan has no text for the PDF engine
/// to find, only OCR's words and their boxes. The line given with each is the words read
/// around it.
pub(crate) fn ocr_found(
    pages: &[casefile_pdf::reader::PageWords],
    words: &[String],
) -> Vec<casefile_pdf::redact::Found> {
    const PAD: f32 = 1.5;
    const AROUND: usize = 6;
    let mut found: Vec<casefile_pdf::redact::Found> = Vec::new();
    for page in pages {
        let read: Vec<String> = page.words.iter().map(|w| ocr_token(&w.text)).collect();
        let mut taken = vec![false; read.len()];
        for wanted in words {
            let wanted: Vec<String> = wanted
                .split_whitespace()
                .map(ocr_token)
                .filter(|t| !t.is_empty())
                .collect();
            if wanted.is_empty() || wanted.len() > read.len() {
                continue;
            }
            for start in 0..=read.len() - wanted.len() {
                let span = start..start + wanted.len();
                if read[span.clone()] != wanted[..] || taken[span.clone()].iter().any(|t| *t) {
                    continue;
                }
                taken[span.clone()].iter_mut().for_each(|t| *t = true);
                let around = start.saturating_sub(AROUND)..(span.end + AROUND).min(read.len());
                found.push(casefile_pdf::redact::Found {
                    word: page.words[span.clone()]
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    page: page.page,
                    areas: page.words[span]
                        .iter()
                        .map(|w| Area {
                            page: page.page,
                            x0: w.x0 - PAD,
                            y0: w.y0 - PAD,
                            x1: w.x1 + PAD,
                            y1: w.y1 + PAD,
                        })
                        .collect(),
                    context: page.words[around]
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
        }
    }
    found
}

pub(crate) fn ocr_areas(pages: &[casefile_pdf::reader::PageWords], words: &[String]) -> Vec<Area> {
    ocr_found(pages, words)
        .into_iter()
        .flat_map(|f| f.areas)
        .collect()
}

/// A document as the PDF that is redacted: a PDF itself; a photo as the page a bundle shows,
/// with the words OCR read on it; an email or text as the pages a bundle prints; a Word file
/// as LibreOffice turns it into pages. With it, a scan's OCR words (where its names are found).
struct ToRedact {
    bytes: Vec<u8>,
    ocr: Option<Vec<casefile_pdf::reader::PageWords>>,
    /// A picture with words OCR read (a scan or a photo): its copy is read back by OCR too.
    picture: bool,
}

/// The first of `words` OCR's `text` of a page still holds, word for word as OCR reads words
/// (punctuation and possessives aside).
fn ocr_still_holds<'a>(text: &str, words: &'a [String]) -> Option<&'a String> {
    let read: Vec<String> = text
        .split_whitespace()
        .map(ocr_token)
        .filter(|t| !t.is_empty())
        .collect();
    words.iter().find(|wanted| {
        let wanted: Vec<String> = wanted
            .split_whitespace()
            .map(ocr_token)
            .filter(|t| !t.is_empty())
            .collect();
        !wanted.is_empty() && read.windows(wanted.len()).any(|w| w == wanted.as_slice())
    })
}

/// The contained reader's task: where words stand in the PDF in the body.
pub(crate) const FIND: &str = "find-to-redact";

/// The contained reader's side of [`Store::find_to_redact`].
pub(crate) fn serve_find(header: serde_json::Value, body: Vec<u8>) -> (serde_json::Value, Vec<u8>) {
    let words: Vec<String> = serde_json::from_value(header["words"].clone()).unwrap_or_default();
    match casefile_pdf::redact::find(&body, &words) {
        Ok(found) => (
            serde_json::json!({ "ok": true, "found": found }),
            Vec::new(),
        ),
        Err(e) => (
            serde_json::json!({ "ok": false, "error": error_json(&e) }),
            Vec::new(),
        ),
    }
}

/// The contained reader's task: a redacted copy of the PDF in the body.
pub(crate) const REDACT: &str = "redact";

/// The contained reader's side of [`Store::redact_document`].
pub(crate) fn serve_redact(
    header: serde_json::Value,
    body: Vec<u8>,
) -> (serde_json::Value, Vec<u8>) {
    let areas: Vec<Area> = serde_json::from_value(header["areas"].clone()).unwrap_or_default();
    let words: Vec<String> = serde_json::from_value(header["words"].clone()).unwrap_or_default();
    let drop = header["drop_signatures"].as_bool().unwrap_or(false);
    match casefile_pdf::redact::redact(&body, &areas, &words, drop) {
        Ok(done) => (
            serde_json::json!({ "ok": true, "pages": done.pages }),
            done.bytes,
        ),
        Err(e) => (
            serde_json::json!({ "ok": false, "error": error_json(&e) }),
            Vec::new(),
        ),
    }
}

fn error_json(e: &RedactError) -> serde_json::Value {
    match e {
        RedactError::Protected => serde_json::json!({ "kind": "protected" }),
        RedactError::Signed => serde_json::json!({ "kind": "signed" }),
        RedactError::Nothing => serde_json::json!({ "kind": "nothing" }),
        RedactError::Failed(why) => serde_json::json!({ "kind": "failed", "why": why }),
        RedactError::StillThere { word, page } => {
            serde_json::json!({ "kind": "still-there", "word": word, "page": page })
        }
    }
}

fn error_of(value: &serde_json::Value) -> RedactError {
    match value["kind"].as_str() {
        Some("protected") => RedactError::Protected,
        Some("signed") => RedactError::Signed,
        Some("nothing") => RedactError::Nothing,
        Some("still-there") => RedactError::StillThere {
            word: value["word"].as_str().unwrap_or("").to_owned(),
            page: value["page"]
                .as_u64()
                .and_then(|p| u32::try_from(p).ok())
                .unwrap_or(0),
        },
        _ => RedactError::Failed(value["why"].as_str().unwrap_or("unknown").to_owned()),
    }
}

/// The redaction refused, in words the family can act on.
fn refusal(title: &str, words: &[String], e: RedactError) -> CoreError {
    let field = match e {
        RedactError::Nothing => "words",
        RedactError::Signed => "drop_signatures",
        _ => "document",
    };
    CoreError::invalid(
        field,
        match e {
            RedactError::Protected => format!(
                "“{title}” is password-protected. Import it again with its password (Casefile keeps a readable copy), then redact that."
            ),
            RedactError::Signed => format!(
                "“{title}” is signed. A redacted copy cannot keep its signature: the copy will show it was changed. Say to go on without the signature if that is what you want."
            ),
            RedactError::Nothing => format!(
                "{} not found in “{title}”, so nothing was redacted. Check the spelling, or mark the area on the page instead.",
                match words {
                    [] => "Nothing to redact was".to_owned(),
                    [one] => format!("“{one}” was"),
                    more => format!(
                        "None of {} was",
                        more.iter()
                            .map(|w| format!("“{w}”"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            ),
            RedactError::StillThere { word, page } => format!(
                "Casefile made a redacted copy of “{title}”, but on reading it back “{word}” could still be found{}, so the copy was not kept. Mark that area on the page and try again.",
                if page == 0 {
                    " in the file".to_owned()
                } else {
                    format!(" on page {page}")
                }
            ),
            RedactError::Failed(why) => {
                format!("“{title}” could not be redacted ({why}). Nothing was changed.")
            }
        },
    )
}

fn stopped(title: &str, failure: &Failure) -> CoreError {
    CoreError::invalid(
        "document",
        match failure {
            Failure::Stopped(_) => format!(
                "Redacting “{title}” stopped: the PDF reader could not finish it. The file may be damaged. Nothing was changed."
            ),
            Failure::TimedOut(limit) => format!(
                "Redacting “{title}” took longer than {} seconds, so Casefile stopped. Nothing was changed.",
                limit.as_secs()
            ),
        },
    )
}

impl Store {
    /// A redacted copy of document `id`, kept as a new document linked to it. The original is
    /// not changed.
    /// A document that already has a redacted copy is redacted further from that copy, so no
    /// redaction made before is lost.
    pub fn redact_document(&mut self, id: i64, request: &RedactRequest) -> Result<Redaction> {
        let id = self.redacted_version(id)?.unwrap_or(id);
        let original = self.document(id)?;
        // A redacted copy redacted again is linked to the first original, so bundles find the
        // newest copy by it, and is named after it.
        let root = self.redacted_from(original.id)?;
        let root_doc = match root {
            Some(r) => self.document(r)?,
            None => original.clone(),
        };
        let reason = request.reason.trim();
        if reason.is_empty() {
            return Err(CoreError::invalid(
                "reason",
                "Say why it is redacted: third party, not relevant, legal privilege, or your own words.",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(CoreError::invalid(
                "reason",
                "The reason is too long: say it in a sentence.",
            ));
        }
        if request.words.iter().all(|w| w.trim().is_empty()) && request.areas.is_empty() {
            return Err(CoreError::invalid(
                "words",
                "Say what to redact: a name or words, or an area of a page.",
            ));
        }
        let source = self.to_redact(&original)?;
        // A PDF's pages were counted when it was imported (by the contained reader: the family's
        // file is not parsed again in this process); pages made here from an email, a photo or a
        // Word file are Casefile's own, counted here.
        let page_count = if original.media_type == "application/pdf" {
            original.page_count
        } else {
            casefile_pdf::reader::open(&source.bytes, None)
                .ok()
                .map(|pdf| pdf.page_count())
        };
        for area in &request.areas {
            let sane = area.page >= 1
                && page_count.is_none_or(|n| area.page <= n)
                && area.x1 > area.x0
                && area.y1 > area.y0
                && [area.x0, area.y0, area.x1, area.y1]
                    .iter()
                    .all(|v| v.is_finite());
            if !sane {
                return Err(CoreError::invalid(
                    "areas",
                    format!(
                        "An area on page {} is not on the page or has no size.",
                        area.page
                    ),
                ));
            }
        }
        let words: Vec<String> = request
            .words
            .iter()
            .filter(|w| !w.trim().is_empty())
            .flat_map(|w| name_variants(w))
            .collect();
        // A scan's words are OCR's: where the names stand among them is where to redact.
        let mut areas = request.areas.clone();
        if let Some(pages) = &source.ocr {
            areas.extend(ocr_areas(pages, &words));
        }
        let picture = source.picture;
        let bytes = source.bytes;
        let header = serde_json::json!({
            "areas": areas,
            "words": words,
            "drop_signatures": request.drop_signatures,
        });
        let limit = Duration::from_secs(60 + 2 * (bytes.len() as u64 / 1_000_000));
        let asked: Vec<String> = request
            .words
            .iter()
            .map(|w| w.trim().to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        let (pages, redacted_bytes) = match worker::run(REDACT, header, &bytes, limit) {
            None => {
                let done =
                    casefile_pdf::redact::redact(&bytes, &areas, &words, request.drop_signatures)
                        .map_err(|e| refusal(&original.title, &asked, e))?;
                (done.pages, done.bytes)
            }
            Some(Ok((reply, body))) if reply["ok"] == serde_json::Value::Bool(true) => {
                let pages: Vec<u32> =
                    serde_json::from_value(reply["pages"].clone()).unwrap_or_default();
                (pages, body)
            }
            Some(Ok((reply, _))) => {
                return Err(refusal(&original.title, &asked, error_of(&reply["error"])));
            }
            Some(Err(failure)) => return Err(stopped(&original.title, &failure)),
        };
        // A picture's words are in its pixels: the copy's changed pages are read again by OCR,
        // and the copy refused if OCR still reads a name on one.
        if picture && !words.is_empty() {
            let engine = crate::outside::ocr::OcrEngine::find();
            let texts = engine
                .and_then(|e| e.read_pdf_pages(&redacted_bytes, &pages))
                .map_err(|e| {
                    CoreError::invalid(
                        "document",
                        format!(
                            "Casefile made a redacted copy of “{}”, but could not read it back by OCR to check it ({e}), so the copy was not kept.",
                            original.title
                        ),
                    )
                })?;
            for (page, text) in pages.iter().zip(&texts) {
                if let Some(word) = ocr_still_holds(text, &words) {
                    return Err(refusal(
                        &original.title,
                        &asked,
                        RedactError::StillThere {
                            word: word.clone(),
                            page: *page,
                        },
                    ));
                }
            }
        }
        let stem = std::path::Path::new(&root_doc.original_name)
            .file_stem()
            .map_or_else(
                || root_doc.title.clone(),
                |s| s.to_string_lossy().into_owned(),
            );
        let prepared = crate::records::documents::prepare_bytes(
            &format!("{stem} (redacted).pdf"),
            redacted_bytes,
            &crate::ImportOptions::default(),
        );
        let redacted = match self.store_prepared(original.case_id, prepared)? {
            crate::ImportOutcome::Imported { document, .. }
            | crate::ImportOutcome::AlreadyThere { document } => document,
            crate::ImportOutcome::Refused { message }
            | crate::ImportOutcome::NeedsPassword { message } => {
                return Err(CoreError::invalid("document", message));
            }
        };
        let title: String = format!("{} (redacted)", root_doc.title)
            .chars()
            .take(200)
            .collect();
        let pages_json = serde_json::to_string(&pages)
            .map_err(|e| CoreError::invalid("pages", e.to_string()))?;
        let (case_id, original_id, redacted_id) = (original.case_id, root_doc.id, redacted.id);
        let kind = original.kind.map(|k| k.as_str().to_owned());
        let date = original.document_date.map(|d| d.to_string());
        self.write(|tx| {
            tx.execute(
                "UPDATE documents SET title = ?2, kind = ?3, document_date = ?4 WHERE id = ?1",
                params![redacted_id, title, kind, date],
            )?;
            tx.execute(
                "INSERT INTO redactions (original_id, redacted_id, reason, pages, words, areas, redacted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (redacted_id) DO NOTHING",
                params![original_id, redacted_id, reason, pages_json, asked.len() as i64, request.areas.len() as i64, now_timestamp()],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "document.redacted",
                &serde_json::json!({
                    "original_id": original_id,
                    "redacted_id": redacted_id,
                    "pages": pages,
                    "reason": reason,
                    "words": asked.len(),
                    "areas": request.areas.len(),
                }),
            )?;
            Ok(())
        })?;
        Ok(Redaction {
            original,
            redacted: self.document(redacted_id)?,
            pages,
            reason: reason.to_owned(),
        })
    }

    /// The original document `id` is a redacted copy of, if it is one.
    pub fn redacted_from(&self, id: i64) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT original_id FROM redactions WHERE redacted_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A document as the PDF that is redacted (see [`ToRedact`]).
    fn to_redact(&self, doc: &Document) -> Result<ToRedact> {
        let bytes = self.document_bytes(doc.id)?;
        let ocr: Option<String> = self.conn.query_row(
            "SELECT ocr_words FROM documents WHERE id = ?1",
            [doc.id],
            |r| r.get(0),
        )?;
        let ocr = ocr.and_then(|json| {
            serde_json::from_str::<Vec<casefile_pdf::reader::PageWords>>(&json).ok()
        });
        match doc.media_type.as_str() {
            "application/pdf" => Ok(ToRedact {
                bytes,
                picture: ocr
                    .as_ref()
                    .is_some_and(|pages| pages.iter().any(|p| !p.words.is_empty())),
                ocr,
            }),
            media @ ("image/jpeg" | "image/png") => {
                // The words OCR read go on the page as its text, where the search finds them.
                let pdf = casefile_pdf::photo_with_text_layer(
                    &bytes,
                    media == "image/jpeg",
                    ocr.as_deref().unwrap_or_default(),
                )
                .ok_or_else(|| {
                    CoreError::invalid(
                        "document",
                        format!(
                            "The picture “{}” could not be read, so it cannot be redacted.",
                            doc.title
                        ),
                    )
                })?;
                Ok(ToRedact {
                    bytes: pdf,
                    picture: ocr
                        .as_ref()
                        .is_some_and(|pages| pages.iter().any(|p| !p.words.is_empty())),
                    ocr: None,
                })
            }
            media if media.starts_with("image/") => Err(CoreError::invalid(
                "document",
                format!(
                    "“{}” is a kind of picture Casefile cannot redact. Save it as a JPEG or PNG and import that.",
                    doc.title
                ),
            )),
            crate::records::documents::DOCX_MEDIA_TYPE => {
                let office = crate::outside::convert::find_office();
                let pdf =
                    crate::outside::convert::word_to_pdf(office.as_deref(), &bytes, &doc.title)?;
                Ok(ToRedact {
                    bytes: pdf,
                    ocr: None,
                    picture: false,
                })
            }
            _ => {
                // An email or a text: the pages a bundle prints of it.
                let text = self.document_text(doc.id)?;
                let pdf = casefile_pdf::text_pages(&doc.title, Some(&doc.title), &text, false)?;
                Ok(ToRedact {
                    bytes: pdf.bytes,
                    ocr: None,
                    picture: false,
                })
            }
        }
    }

    /// Where `words` (and each name's common forms) stand in document `id`, or in its redacted
    /// copy where one has been made, for the family to review before redacting. Nothing is
    /// changed.
    pub fn find_to_redact(&self, id: i64, words: &[String]) -> Result<FoundToRedact> {
        let id = self.redacted_version(id)?.unwrap_or(id);
        let document = self.document(id)?;
        let asked: Vec<String> = words
            .iter()
            .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|w| !w.is_empty())
            .collect();
        if asked.is_empty() {
            return Err(CoreError::invalid(
                "words",
                "Say what to find: a name or words, one on each line.",
            ));
        }
        let source = match self.to_redact(&document) {
            Ok(source) => source,
            Err(e @ (CoreError::Invalid { .. } | CoreError::Pdf(_))) => {
                return Ok(FoundToRedact {
                    document,
                    occurrences: Vec::new(),
                    not_found: Vec::new(),
                    refused: Some(e.to_string()),
                });
            }
            Err(e) => return Err(e),
        };
        // Each form, longest first, with the name it was asked as.
        let mut forms: Vec<(String, String)> = asked
            .iter()
            .flat_map(|a| name_variants(a).into_iter().map(move |v| (v, a.clone())))
            .collect();
        forms.sort_by_key(|(v, _)| std::cmp::Reverse(v.chars().count()));
        let variants: Vec<String> = forms.iter().map(|(v, _)| v.clone()).collect();
        let found = match &source.ocr {
            Some(pages) if pages.iter().any(|p| !p.words.is_empty()) => {
                Ok(ocr_found(pages, &variants))
            }
            _ => {
                let limit = Duration::from_secs(60 + 2 * (source.bytes.len() as u64 / 1_000_000));
                let header = serde_json::json!({ "words": variants });
                match worker::run(FIND, header, &source.bytes, limit) {
                    None => casefile_pdf::redact::find(&source.bytes, &variants),
                    Some(Ok((reply, _))) if reply["ok"] == serde_json::Value::Bool(true) => {
                        Ok(serde_json::from_value(reply["found"].clone()).unwrap_or_default())
                    }
                    Some(Ok((reply, _))) => Err(error_of(&reply["error"])),
                    Some(Err(failure)) => {
                        return Ok(FoundToRedact {
                            refused: Some(stopped(&document.title, &failure).to_string()),
                            document,
                            occurrences: Vec::new(),
                            not_found: Vec::new(),
                        });
                    }
                }
            }
        };
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                return Ok(FoundToRedact {
                    refused: Some(refusal(&document.title, &asked, e).to_string()),
                    document,
                    occurrences: Vec::new(),
                    not_found: Vec::new(),
                });
            }
        };
        let occurrences: Vec<Occurrence> = found
            .into_iter()
            .map(|f| {
                let said = f.word.to_lowercase();
                let asked = forms
                    .iter()
                    .find(|(v, _)| {
                        v.to_lowercase() == said
                            || v.to_lowercase()
                                .split_whitespace()
                                .eq(said.split_whitespace().map(ocr_token))
                    })
                    .map_or_else(|| f.word.clone(), |(_, a)| a.clone());
                Occurrence {
                    asked,
                    found: f.word,
                    page: f.page,
                    areas: f.areas,
                    context: f.context,
                }
            })
            .collect();
        let not_found = asked
            .iter()
            .filter(|a| !occurrences.iter().any(|o| &o.asked == *a))
            .cloned()
            .collect();
        Ok(FoundToRedact {
            document,
            occurrences,
            not_found,
            refused: None,
        })
    }

    /// [`Store::find_to_redact`] for each document of bundle `bundle_id`, in the bundle's order.
    pub fn find_to_redact_in_bundle(
        &self,
        bundle_id: i64,
        words: &[String],
    ) -> Result<Vec<FoundToRedact>> {
        let bundle = self.bundle(bundle_id)?;
        let mut out = Vec::new();
        for item in bundle.sections.iter().flat_map(|s| &s.items) {
            if let (crate::records::bundles::ItemSource::Document, Some(id)) =
                (item.source, item.document_id)
            {
                out.push(self.find_to_redact(id, words)?);
            }
        }
        Ok(out)
    }

    /// The redacted copy of document `id`, if one has been made (the newest).
    pub fn redacted_version(&self, id: i64) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT redacted_id FROM redactions WHERE original_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{import_text, make_pdf, store_with_case};

    #[test]
    fn a_name_s_common_variants_are_hidden_with_it() {
        // "Jane Mary Smith": without the middle name, with initials, with the middle initial.
        assert_eq!(
            name_variants("Jane  Mary Smith"),
            [
                "Jane Mary Smith",
                "Jane Smith",
                "J. Smith",
                "J Smith",
                "J. M. Smith",
                "J M Smith",
                "Jane M. Smith"
            ]
        );
        assert_eq!(
            name_variants("Jane Smith"),
            ["Jane Smith", "J. Smith", "J Smith"]
        );
        assert_eq!(name_variants("Ravensworth"), ["Ravensworth"]);
    }

    #[test]
    fn ocr_reading_a_redacted_scan_again_is_held_to_every_form_of_the_name() {
        let forms = name_variants("Jane Mary Smith");
        assert_eq!(
            ocr_still_holds("Dear Ms Patel,\n\nJ. Smith's coat was taken.", &forms),
            Some(&"J. Smith".to_owned())
        );
        assert_eq!(
            ocr_still_holds("The coat was taken by ███ at break; Smithson saw.", &forms),
            None
        );
    }

    #[test]
    fn a_name_is_found_among_a_scan_s_ocr_words_with_its_punctuation() {
        let word = |text: &str, x0: f32| casefile_pdf::reader::OcrWord {
            text: text.into(),
            x0,
            y0: 100.0,
            x1: x0 + 30.0,
            y1: 112.0,
            turned: 0,
        };
        let pages = vec![casefile_pdf::reader::PageWords {
            page: 2,
            words: vec![
                word("pupil,", 10.0),
                word("Jane", 50.0),
                word("Smith's", 90.0),
                word("parents", 130.0),
                word("(Jane", 170.0),
                word("Smithson)", 210.0),
            ],
        }];
        let areas = ocr_areas(&pages, &["Jane Smith".to_owned()]);
        // "Jane Smith's" is found, each word boxed with 1.5 points to spare; "Jane Smithson" is
        // another name.
        assert_eq!(areas.len(), 2, "{areas:?}");
        assert_eq!((areas[0].page, areas[0].x0, areas[0].y0), (2, 48.5, 98.5));
        assert_eq!((areas[1].x0, areas[1].x1), (88.5, 121.5));
    }

    fn imported_pdf(store: &mut Store, case: i64, dir: &std::path::Path, text: &str) -> Document {
        let pdf = make_pdf(dir, "incident.pdf", text);
        match store.import_file(case, &pdf).expect("import") {
            crate::ImportOutcome::Imported { document, .. } => document,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_redacted_copy_is_a_new_document_linked_to_its_original_and_logged_without_the_name() {
        let (dir, mut store, case) = store_with_case();
        let original = imported_pdf(
            &mut store,
            case,
            dir.path(),
            "Incident: Jane Mary Smith pushed Sam at break. J. Smith was sent home. Sam was upset.",
        );
        let done = store
            .redact_document(
                original.id,
                &RedactRequest {
                    words: vec!["Jane Mary Smith".into()],
                    reason: "third party".into(),
                    ..Default::default()
                },
            )
            .expect("redacted");
        assert_eq!(done.pages, vec![1]);
        assert_eq!(done.redacted.title, "incident (redacted)");
        assert_ne!(done.redacted.sha256, original.sha256);
        // The original is kept as it was; the copy reads without the name or its initials.
        assert_eq!(
            store.document(original.id).expect("original").sha256,
            original.sha256
        );
        assert_eq!(
            store.document_bytes(original.id).expect("bytes"),
            std::fs::read(dir.path().join("incident.pdf")).expect("file")
        );
        let text = store.document_text(done.redacted.id).expect("text");
        assert!(!text.contains("Smith") && !text.contains("Jane"), "{text}");
        assert!(
            text.contains("pushed Sam at break.") && text.contains("was sent home."),
            "{text}"
        );
        assert_eq!(
            store.redacted_version(original.id).expect("link"),
            Some(done.redacted.id)
        );
        // The audit log says who was redacted from what, when, where and why, but not the name.
        let log = store.audit_for_case(case).expect("audit");
        let entry = log
            .iter()
            .find(|e| e.action == "document.redacted")
            .expect("logged");
        let detail = &entry.detail;
        assert!(
            detail.contains("\"reason\":\"third party\"") && detail.contains("\"pages\":[1]"),
            "{detail}"
        );
        assert!(!detail.contains("Smith"), "{detail}");
    }

    #[test]
    fn a_bundle_holds_the_redacted_copy_in_its_original_s_place_and_its_index_says_so() {
        use crate::records::bundles::BundleKind;
        let (dir, mut store, case) = store_with_case();
        let original = imported_pdf(
            &mut store,
            case,
            dir.path(),
            "Incident: Jane Smith pushed Sam at break. Sam was upset.",
        );
        store
            .redact_document(
                original.id,
                &RedactRequest {
                    words: vec!["Jane Smith".into()],
                    reason: "third party".into(),
                    ..Default::default()
                },
            )
            .expect("redacted");
        // A new bundle has one item for the incident report, not two.
        let bundle = store
            .create_bundle(case, BundleKind::Evidence, None)
            .expect("bundle");
        let documents: Vec<Option<i64>> = bundle
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .filter_map(|i| i.document_id.map(Some))
            .collect();
        assert_eq!(documents, vec![Some(original.id)]);
        let out = dir.path().join("bundle.pdf");
        store
            .build_bundle_to_file(&bundle, &out, crate::today(), false, &mut |_| true)
            .expect("built");
        let bytes = std::fs::read(&out).expect("bundle");
        let pdf = casefile_pdf::reader::open(&bytes, None).expect("opens");
        let text = pdf.pages_text().join("\n");
        assert!(
            text.contains("incident (redacted)"),
            "the index says so: {text}"
        );
        assert!(text.contains("pushed Sam at break."), "{text}");
        assert!(!text.contains("Jane") && !text.contains("Smith"), "{text}");
    }

    #[test]
    fn each_place_a_name_stands_is_found_for_review_and_only_the_chosen_ones_are_redacted() {
        let (dir, mut store, case) = store_with_case();
        let original = imported_pdf(
            &mut store,
            case,
            dir.path(),
            "Incident: Jane Mary Smith pushed Sam at break. J. Smith was sent home. Mr Okafor saw it.",
        );
        let found = store
            .find_to_redact(
                original.id,
                &["Jane Mary Smith".into(), " Ravensworth ".into()],
            )
            .expect("found");
        assert_eq!(found.refused, None);
        assert_eq!(found.not_found, ["Ravensworth"]);
        // Both forms of the name, each with the line it stands in, under the name as asked.
        let forms: Vec<(&str, &str)> = found
            .occurrences
            .iter()
            .map(|o| (o.asked.as_str(), o.found.as_str()))
            .collect();
        assert_eq!(
            forms,
            [
                ("Jane Mary Smith", "Jane Mary Smith"),
                ("Jane Mary Smith", "J. Smith")
            ]
        );
        assert!(found.occurrences[0].context.contains("pushed Sam at break"));
        // The family keeps the second ("J. Smith" is the school's head here) and redacts the first.
        let done = store
            .redact_document(
                original.id,
                &RedactRequest {
                    areas: found.occurrences[0].areas.clone(),
                    reason: "third party".into(),
                    ..Default::default()
                },
            )
            .expect("redacted");
        let text = store.document_text(done.redacted.id).expect("text");
        assert!(!text.contains("Jane"), "{text}");
        assert!(text.contains("J. Smith was sent home"), "{text}");
        // Found again in the copy, as bundles use it: only the one left.
        let again = store
            .find_to_redact(original.id, &["Jane Mary Smith".into()])
            .expect("found");
        assert_eq!(again.document.id, done.redacted.id);
        assert_eq!(again.occurrences.len(), 1);
        assert_eq!(again.occurrences[0].found, "J. Smith");
    }

    #[test]
    fn a_redacted_copy_redacted_again_stays_linked_to_the_original_under_its_name() {
        let (dir, mut store, case) = store_with_case();
        let original = imported_pdf(
            &mut store,
            case,
            dir.path(),
            "Jane Smith and Tom Reid were in the room with Sam.",
        );
        let ask = |name: &str| RedactRequest {
            words: vec![name.to_owned()],
            reason: "third party".into(),
            ..Default::default()
        };
        let first = store
            .redact_document(original.id, &ask("Jane Smith"))
            .expect("first");
        let second = store
            .redact_document(first.redacted.id, &ask("Tom Reid"))
            .expect("second");
        // Asked of the original again, the newest copy is redacted further: nothing is lost.
        let third = store
            .redact_document(original.id, &ask("Sam"))
            .expect("third");
        let text = store.document_text(third.redacted.id).expect("text");
        assert!(
            !text.contains("Jane") && !text.contains("Reid") && !text.contains("Sam"),
            "{text}"
        );
        assert_eq!(third.original.id, second.redacted.id);
        assert_eq!(second.redacted.title, "incident (redacted)");
        assert_eq!(
            store.redacted_version(original.id).expect("link"),
            Some(third.redacted.id)
        );
        let text = store.document_text(second.redacted.id).expect("text");
        assert!(!text.contains("Jane") && !text.contains("Reid"), "{text}");
        assert!(text.contains("were in the room with Sam."), "{text}");
    }

    #[test]
    fn an_email_is_redacted_as_the_pages_a_bundle_prints_of_it() {
        let (dir, mut store, case) = store_with_case();
        let path = dir.path().join("incident.eml");
        std::fs::write(
            &path,
            "From: Class teacher <class4@school.example>\r\nTo: parent@example.org\r\nDate: Wed, 15 Oct 2025 16:40:00 +0100\r\nSubject: What happened at lunch\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear Ms Khan,\r\n\r\nAt lunch Jane Smith took Sam's coat. Jane Smith's mother has been told.\r\nSam's 1:1 support was not in place.\r\n",
        )
        .expect("eml");
        let crate::ImportOutcome::Imported {
            document: email, ..
        } = store.import_file(case, &path).expect("import")
        else {
            panic!("not imported");
        };
        assert_eq!(email.media_type, "message/rfc822");
        let found = store
            .find_to_redact(email.id, &["Jane Smith".into()])
            .expect("found");
        assert_eq!(found.occurrences.len(), 2, "{:?}", found.occurrences);
        let done = store
            .redact_document(
                email.id,
                &RedactRequest {
                    words: vec!["Jane Smith".into()],
                    reason: "third party".into(),
                    ..Default::default()
                },
            )
            .expect("redacted");
        assert_eq!(done.redacted.media_type, "application/pdf");
        assert_eq!(done.redacted.title, "What happened at lunch (redacted)");
        let text = store.document_text(done.redacted.id).expect("text");
        assert!(!text.contains("Jane") && !text.contains("Smith"), "{text}");
        assert!(
            text.contains("took Sam's coat") && text.contains("1:1 support was not in place"),
            "{text}"
        );
        // The email itself is kept as it came.
        assert_eq!(
            store.document_bytes(email.id).expect("bytes"),
            std::fs::read(&path).expect("file")
        );
    }

    #[test]
    fn what_cannot_be_redacted_is_refused_in_words_and_nothing_is_stored() {
        let (dir, mut store, case) = store_with_case();
        let pdf = imported_pdf(&mut store, case, dir.path(), "Sam was upset at break.");
        let letter = import_text(
            &mut store,
            case,
            dir.path(),
            "letter.txt",
            "Dear Jane Smith,",
        );
        let before = store.list_documents(case).expect("list").len();
        let ask = |words: &[&str], reason: &str| RedactRequest {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            reason: reason.into(),
            ..Default::default()
        };
        for (id, request, said) in [
            (pdf.id, ask(&["Jane Smith"], ""), "Say why it is redacted"),
            (pdf.id, ask(&[], "third party"), "Say what to redact"),
            (
                letter.id,
                ask(&["Ravensworth"], "third party"),
                "“Ravensworth” was not found in “letter”",
            ),
            (
                pdf.id,
                ask(&["Jane Smith"], "third party"),
                "“Jane Smith” was not found in “incident”",
            ),
        ] {
            let why = store
                .redact_document(id, &request)
                .expect_err("refused")
                .to_string();
            assert!(why.contains(said), "{said} in {why}");
        }
        let area = RedactRequest {
            areas: vec![Area {
                page: 3,
                x0: 0.0,
                y0: 0.0,
                x1: 10.0,
                y1: 10.0,
            }],
            reason: "not relevant".into(),
            ..Default::default()
        };
        let why = store
            .redact_document(pdf.id, &area)
            .expect_err("no page 3")
            .to_string();
        assert!(why.contains("page 3"), "{why}");
        assert_eq!(store.list_documents(case).expect("list").len(), before);
    }
}
