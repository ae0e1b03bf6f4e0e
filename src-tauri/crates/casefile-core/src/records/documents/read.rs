//! Reading a file's bytes into what import stores: its kind, text, page count, date and title,
//! by its bytes first (`%PDF-`, JPEG and PNG signatures) and then its name (.eml, .docx, .txt).
//! Nothing here touches the store, so a file can be read while the store is free for others.

use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};

use super::{DOCX_MEDIA_TYPE, DocumentKind};
use crate::error::{CoreError, Result};
use crate::outside::worker::{self, Failure};

/// What Casefile read from a file before storing it.
#[derive(Debug)]
pub(super) struct Reading {
    pub(super) media_type: &'static str,
    pub(super) text: String,
    pub(super) page_count: Option<u32>,
    pub(super) document_date: Option<NaiveDate>,
    /// The date the file says of itself (a PDF's creation date): offered to the family, never
    /// used as the document's date unless they accept it.
    pub(super) suggested_date: Option<NaiveDate>,
    /// A title from inside the file (an email's subject).
    pub(super) title: Option<String>,
    /// Files inside this one (an email's attachments): name and bytes.
    pub(super) children: Vec<(String, Vec<u8>)>,
    pub(super) kind: Option<DocumentKind>,
    /// Who it is from (an email's sender).
    pub(super) author: Option<String>,
    /// A PDF that needed its password (its readable copy is among `children`).
    pub(super) password_protected: bool,
}

impl Reading {
    pub(super) fn plain(
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
            suggested_date: None,
            title: None,
            children: Vec::new(),
            kind: None,
            author: None,
            password_protected: false,
        }
    }
}

/// A file name safe to show: the last path part, without control characters.
pub(super) fn display_name(path: &Path) -> String {
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
    use casefile_pdf::reader::{self, ReadError};
    let refuse = |message: String| CoreError::invalid("file", message);
    let opened = reader::open(bytes, password).map_err(|e| match e {
        ReadError::NeedsPassword => CoreError::invalid(
            "password",
            format!(
                "{name} is password-protected. Import it again with its password, and Casefile keeps it with a readable copy."
            ),
        ),
        ReadError::WrongPassword => CoreError::invalid(
            "password",
            format!(
                "That password does not open {name}. Check it (passwords are case-sensitive) and try again; nothing was imported."
            ),
        ),
        ReadError::NoPages => refuse(format!("{name} has no pages, so it was not imported.")),
        _ => refuse(format!(
            "{name} is damaged beyond repair or is not a complete PDF, so it was not imported. Try downloading or scanning it again."
        )),
    })?;
    // Pages apart as pdftotext puts them: a form feed on a line of its own.
    let text = opened.pages_text().join("\n\u{c}\n");
    // Bundles are written, and their pages checked, by the PDF engine's writer (lopdf) in the
    // window's own process. Walking every page here as they will, inside the contained reader,
    // means a file that would take that parser past the memory cap is refused now, by name, and
    // never reaches it; and a file it cannot load even after MuPDF's repair (a hostile one,
    // nested beyond any real document) is refused now rather than at the bundle.
    if !opened.is_protected() && casefile_pdf::inspect_pdf(bytes).is_none_or(|p| p.is_empty()) {
        return Err(refuse(format!(
            "{name} could not be read safely: its structure is damaged or built to attack PDF readers, so it cannot go into a bundle and was not imported. Try downloading or scanning it again."
        )));
    }
    let mut reading = Reading::plain("application/pdf", text, Some(opened.page_count()), None);
    // A PDF's creation date is often the day it was saved or scanned, not the letter's date.
    reading.suggested_date = opened
        .creation_date()
        .as_deref()
        .and_then(|d| pdf_date(d.as_bytes()));
    if opened.is_protected() {
        // The readable copy: the same document written out without its encryption.
        let copy = opened.readable_copy().map_err(|e| {
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

/// [`read_pdf`] in a contained reader when the binaries enabled one (`outside::worker`): PDF
/// parsing is where a hostile file can overflow the stack or allocate without bound (legal and
/// security review 2026, H5), so there it fails only that one file.
fn read_pdf_contained(bytes: &[u8], name: &str, password: Option<&str>) -> Result<Reading> {
    // A minute, and two seconds more for each megabyte: a 200 MB scan gets almost 8 minutes.
    let limit = Duration::from_secs(60 + 2 * (bytes.len() as u64 / 1_000_000));
    let header = serde_json::json!({ "name": name, "password": password });
    match worker::run(READ_PDF, header, bytes, limit) {
        None => read_pdf(bytes, name, password),
        Some(Ok((reply, body))) => reading_from_reply(&reply, body, name),
        Some(Err(Failure::Stopped(_))) => Err(CoreError::invalid(
            "file",
            format!(
                "{name} could not be read safely: the PDF reader stopped on it. The file may be damaged, or built to attack PDF readers. Nothing was imported, and everything already stored is as it was."
            ),
        )),
        Some(Err(Failure::TimedOut(limit))) => Err(CoreError::invalid(
            "file",
            format!(
                "Reading {name} took longer than {} seconds, so Casefile stopped. The file may be damaged; nothing was imported.",
                limit.as_secs()
            ),
        )),
    }
}

/// Reads a stored PDF once in the contained reader (when enabled), so a file stored before the
/// reader existed cannot bring down the process that then merges it into a bundle. `Ok` when it
/// reads, or when there is no contained reader to ask.
pub(crate) fn vet_pdf(bytes: &[u8], title: &str) -> Result<()> {
    if !worker::enabled() {
        return Ok(());
    }
    match read_pdf_contained(bytes, title, None) {
        // A readable copy's own password is not the question here: it opened far enough.
        Ok(_)
        | Err(CoreError::Invalid {
            field: "password", ..
        }) => Ok(()),
        Err(CoreError::Invalid { message, .. }) => Err(CoreError::invalid(
            "file",
            format!("“{title}” cannot go into the bundle: {message}"),
        )),
        Err(other) => Err(other),
    }
}

/// The contained reader's task name for [`serve_read_pdf`].
pub(crate) const READ_PDF: &str = "read-pdf";

/// The contained reader's side of [`read_pdf_contained`]: reads the PDF in `body` and sends back
/// what was read (the readable copy of a protected PDF as the reply's body).
pub(crate) fn serve_read_pdf(
    header: serde_json::Value,
    body: Vec<u8>,
) -> (serde_json::Value, Vec<u8>) {
    let name = header["name"].as_str().unwrap_or("The file");
    let password = header["password"].as_str();
    match read_pdf(&body, name, password) {
        Ok(reading) => {
            let mut out = Vec::new();
            let children: Vec<serde_json::Value> = reading
                .children
                .iter()
                .map(|(child, bytes)| {
                    out.extend_from_slice(bytes);
                    serde_json::json!({ "name": child, "len": bytes.len() })
                })
                .collect();
            (
                serde_json::json!({
                    "ok": true,
                    "text": reading.text,
                    "page_count": reading.page_count,
                    "suggested_date": reading.suggested_date,
                    "password_protected": reading.password_protected,
                    "children": children,
                }),
                out,
            )
        }
        Err(CoreError::Invalid { field, message }) => (
            serde_json::json!({ "ok": false, "field": field, "message": message }),
            Vec::new(),
        ),
        Err(other) => (
            serde_json::json!({ "ok": false, "field": "file", "message": other.to_string() }),
            Vec::new(),
        ),
    }
}

fn reading_from_reply(reply: &serde_json::Value, mut body: Vec<u8>, name: &str) -> Result<Reading> {
    let broken = || {
        CoreError::invalid(
            "file",
            format!(
                "{name} could not be read: the PDF reader's answer was incomplete. Nothing was imported."
            ),
        )
    };
    if reply["ok"] != serde_json::Value::Bool(true) {
        let message = reply["message"].as_str().ok_or_else(broken)?.to_owned();
        let field = if reply["field"] == "password" {
            "password"
        } else {
            "file"
        };
        return Err(CoreError::Invalid { field, message });
    }
    let mut reading = Reading::plain(
        "application/pdf",
        reply["text"].as_str().ok_or_else(broken)?.to_owned(),
        reply["page_count"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok()),
        None,
    );
    reading.suggested_date = reply["suggested_date"]
        .as_str()
        .and_then(|d| d.parse::<NaiveDate>().ok());
    reading.password_protected = reply["password_protected"] == serde_json::Value::Bool(true);
    let mut rest = body.as_mut_slice();
    for child in reply["children"].as_array().ok_or_else(broken)? {
        let len = child["len"]
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n <= rest.len())
            .ok_or_else(broken)?;
        let (bytes, after) = rest.split_at_mut(len);
        reading.children.push((
            child["name"].as_str().ok_or_else(broken)?.to_owned(),
            bytes.to_vec(),
        ));
        rest = after;
    }
    Ok(reading)
}

pub(super) fn read_file(bytes: &[u8], path: &Path, name: &str) -> Result<Reading> {
    read_file_with_password(bytes, path, name, None)
}

/// What import would read from a file's bytes, without storing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    pub media_type: &'static str,
    pub text_chars: usize,
    pub pages: Option<u32>,
    pub date: Option<NaiveDate>,
    /// The date the file says of itself, offered as a suggestion only.
    pub suggested_date: Option<NaiveDate>,
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
        suggested_date: reading.suggested_date,
        inner_files: reading.children.len(),
    })
}

/// Reads a file's bytes; a panic inside a reader (a malformed file tripping a library) becomes
/// a refusal naming the file, never a crash.
pub(super) fn read_file_with_password(
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
        return read_pdf_contained(bytes, name, password);
    }
    if ext == "pdf" {
        return Err(refuse(format!(
            "{name} is named .pdf but is not a PDF, so it was not imported."
        )));
    }
    if let Some((width, height)) = casefile_pdf::images::too_many_pixels(bytes) {
        return Err(refuse(format!(
            "{name} says it is a picture of {width} × {height} pixels, far larger than any photo or scan, so it was not imported. If it is a real picture, save a smaller copy and import that."
        )));
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        if !casefile_pdf::images::jpeg_is_complete(bytes) {
            return Err(refuse(format!(
                "{name} is a photo that is damaged or cut short, so it was not imported. Copy it from your phone or camera again."
            )));
        }
        return Ok(Reading::plain("image/jpeg", String::new(), Some(1), None));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if !casefile_pdf::images::png_is_complete(bytes) {
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
        return match super::docx::docx_text(bytes) {
            Ok(text) => Ok(Reading::plain(DOCX_MEDIA_TYPE, text, None, None)),
            Err(super::docx::DocxProblem::TooLarge) => Err(refuse(format!(
                "{name} unpacks to more text than Casefile reads from one Word file, so it was not imported. Save it as PDF and import that."
            ))),
            Err(super::docx::DocxProblem::Damaged) => Err(refuse(format!(
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
        let email = super::email::read_email(bytes).ok_or_else(|| {
            refuse(format!(
                "{name} is not an email Casefile can read (no sender, subject or date), so it was not imported. Save the email again from your email program as .eml."
            ))
        })?;
        return Ok(Reading {
            media_type: "message/rfc822",
            text: email.text,
            page_count: None,
            document_date: email.date,
            suggested_date: None,
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
pub(super) fn needs_ocr(reading: &Reading) -> bool {
    matches!(reading.media_type, "image/jpeg" | "image/png")
        || (reading.media_type == "application/pdf" && reading.text.trim().chars().count() < 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_pdf_date_is_not_taken_as_the_letter_date() {
        assert_eq!(pdf_date(b"D:19700101000000+00'00'"), None);
        assert_eq!(
            pdf_date(b"D:20260312090000Z"),
            NaiveDate::from_ymd_opt(2026, 3, 12)
        );
        assert_eq!(pdf_date(b"garbage"), None);
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
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../fuzz/corpus/import_file/letter.pdf"
                ))
                .to_vec(),
            ),
            (
                "mail.eml",
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../fuzz/corpus/import_email/multipart-attachment.eml"
                ))
                .to_vec(),
            ),
            (
                "report.docx",
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../tests/fixtures/school-letter.docx"
                ))
                .to_vec(),
            ),
            (
                "photo.jpg",
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../../tests/fixtures/scanned-letter.jpg"
                ))
                .to_vec(),
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
