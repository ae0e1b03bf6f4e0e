//! Reading the words of scans and photos, and drawing PDF pages for the viewer, with Casefile's
//! own PDF engine (`casefile_pdf::reader`: MuPDF with the Tesseract OCR built into it) and the
//! English OCR data Casefile ships. No outside program is run and nothing leaves the machine.
//! Both run in the contained reader (`outside::worker`) with a time limit, so a bad file can
//! neither crash Casefile nor hang it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use casefile_pdf::reader;

use super::worker::{self, Failure};

/// How long one page may take.
const PAGE_TIME_LIMIT: Duration = Duration::from_secs(120);
/// Pages read from one scanned PDF (a longer scan is read up to here).
pub const MAX_OCR_PAGES: u32 = 200;

/// A folder holding `eng.traineddata`, for a developer or a packager who keeps it elsewhere.
pub const OCR_DATA_ENV: &str = "CASEFILE_OCR_DATA";

/// Why a document's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrProblem {
    #[error(
        "Casefile reads the text of scans and photos with the English reading data it is installed with (eng.traineddata), and that file is missing. Installing Casefile again puts it back, and the text will be read."
    )]
    NotInstalled,
    #[error("the text could not be read ({0})")]
    Failed(String),
}

/// Where the English OCR data may be, in order: the folder [`OCR_DATA_ENV`] names; beside the
/// program, where the packages put it (`tessdata` beside the program on Windows,
/// `../share/casefile/tessdata` in the Linux packages, `../Resources/tessdata` in the macOS
/// app); and, on Linux, the data file of the distribution's `tesseract-ocr-eng` package (a data
/// file only: no program of it is run).
fn data_folders() -> Vec<PathBuf> {
    let mut folders = Vec::new();
    if let Some(dir) = std::env::var_os(OCR_DATA_ENV) {
        folders.push(PathBuf::from(dir));
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        folders.push(exe_dir.join("tessdata"));
        folders.push(exe_dir.join("resources").join("tessdata"));
        folders.push(exe_dir.join("../share/casefile/tessdata"));
        folders.push(exe_dir.join("../Resources/tessdata"));
    }
    #[cfg(target_os = "linux")]
    {
        folders.push(PathBuf::from("/usr/share/tesseract-ocr/5/tessdata"));
        folders.push(PathBuf::from("/usr/share/tesseract-ocr/4.00/tessdata"));
    }
    folders
}

/// What OCR read from a scan or photo: its text (pages apart by form feeds) and, page by page,
/// each word with its box, so a bundle can carry the words over the picture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrReading {
    pub text: String,
    pub pages: Vec<reader::PageWords>,
}

/// The OCR engine with its English data, as found on this machine.
#[derive(Debug, Clone)]
pub struct OcrEngine {
    data: PathBuf,
}

/// The contained reader's task name for [`serve_ocr`].
pub(crate) const OCR: &str = "ocr";
/// The contained reader's task name for [`serve_render`].
pub(crate) const RENDER_PAGE: &str = "render-page";

impl OcrEngine {
    /// The engine, or why there is none.
    pub fn find() -> Result<OcrEngine, OcrProblem> {
        data_folders()
            .into_iter()
            .find(|dir| dir.join("eng.traineddata").is_file())
            .map(|data| OcrEngine { data })
            .ok_or(OcrProblem::NotInstalled)
    }

    /// The folder the English data was found in.
    pub fn data_folder(&self) -> &Path {
        &self.data
    }

    /// The text of a JPEG or PNG picture.
    pub fn read_image(&self, bytes: &[u8]) -> Result<OcrReading, OcrProblem> {
        self.read(bytes, 1)
    }

    /// The text of a scanned PDF, page by page (pages separated by form feeds).
    pub fn read_pdf(&self, bytes: &[u8], pages: u32) -> Result<OcrReading, OcrProblem> {
        self.read(bytes, pages.clamp(1, MAX_OCR_PAGES))
    }

    /// The text OCR reads from the pages `list` (numbers from 1) of a PDF, one string per page
    /// in the order asked: for a long file of which only some pages are scans.
    pub fn read_pdf_pages(&self, bytes: &[u8], list: &[u32]) -> Result<Vec<String>, OcrProblem> {
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let header = serde_json::json!({ "data": self.data, "list": list });
        let limit = PAGE_TIME_LIMIT * u32::try_from(list.len()).unwrap_or(u32::MAX).max(1);
        let reading = match worker::run(OCR, header, bytes, limit) {
            None => ocr_pages(bytes, &self.data, list)?,
            Some(Ok((reply, _))) => from_reply(&reply).map(|r| OcrReading {
                text: r["text"].as_str().unwrap_or_default().to_owned(),
                pages: Vec::new(),
            })?,
            Some(Err(failure)) => return Err(stopped(&failure)),
        };
        let texts: Vec<String> = reading.text.split("\n\u{c}\n").map(str::to_owned).collect();
        if texts.len() == list.len() {
            Ok(texts)
        } else {
            Err(OcrProblem::Failed(
                "the reader's answer was incomplete".into(),
            ))
        }
    }

    fn read(&self, bytes: &[u8], pages: u32) -> Result<OcrReading, OcrProblem> {
        let header = serde_json::json!({ "data": self.data, "pages": pages });
        let limit = PAGE_TIME_LIMIT * pages.max(1);
        let list: Vec<u32> = (1..=pages).collect();
        match worker::run(OCR, header.clone(), bytes, limit) {
            None => ocr_pages(bytes, &self.data, &list),
            Some(Ok((reply, _))) => from_reply(&reply).map(|r| OcrReading {
                text: r["text"].as_str().unwrap_or_default().to_owned(),
                pages: serde_json::from_value(r["pages"].clone()).unwrap_or_default(),
            }),
            Some(Err(failure)) => Err(stopped(&failure)),
        }
    }
}

fn stopped(failure: &Failure) -> OcrProblem {
    OcrProblem::Failed(match failure {
        Failure::Stopped(_) => "the reader stopped on this file; it may be damaged".into(),
        Failure::TimedOut(limit) => format!("it took longer than {} seconds", limit.as_secs()),
    })
}

fn from_reply(reply: &serde_json::Value) -> Result<&serde_json::Value, OcrProblem> {
    if reply["ok"] == serde_json::Value::Bool(true) {
        Ok(reply)
    } else {
        Err(OcrProblem::Failed(
            reply["message"].as_str().unwrap_or("no answer").to_owned(),
        ))
    }
}

/// OCR of the pages `list` (numbers from 1; those past the end are left out) of a PDF or
/// picture, here in this process.
fn ocr_pages(bytes: &[u8], data: &Path, list: &[u32]) -> Result<OcrReading, OcrProblem> {
    let opened = reader::open(bytes, None).map_err(|e| OcrProblem::Failed(e.to_string()))?;
    let mut texts = Vec::new();
    let mut words = Vec::new();
    for &page in list.iter().filter(|&&p| p >= 1 && p <= opened.page_count()) {
        let read = opened
            .ocr_page(page, data)
            .map_err(|e| OcrProblem::Failed(e.to_string()))?;
        texts.push(read.text);
        words.push(reader::PageWords {
            page,
            words: read.words,
        });
    }
    Ok(OcrReading {
        text: texts.join("\n\u{c}\n"),
        pages: words,
    })
}

fn reply_of<T>(
    result: Result<T, OcrProblem>,
    ok: impl FnOnce(T) -> (serde_json::Value, Vec<u8>),
) -> (serde_json::Value, Vec<u8>) {
    match result {
        Ok(value) => ok(value),
        Err(e) => (
            serde_json::json!({ "ok": false, "message": match e { OcrProblem::Failed(why) => why, other => other.to_string() } }),
            Vec::new(),
        ),
    }
}

/// The contained reader's side of [`OcrEngine::read_pdf`] and [`OcrEngine::read_image`].
pub(crate) fn serve_ocr(header: serde_json::Value, body: Vec<u8>) -> (serde_json::Value, Vec<u8>) {
    let data = PathBuf::from(header["data"].as_str().unwrap_or_default());
    let list: Vec<u32> = match header["list"].as_array() {
        Some(list) => list
            .iter()
            .filter_map(|n| n.as_u64().and_then(|n| u32::try_from(n).ok()))
            .take(MAX_OCR_PAGES as usize)
            .collect(),
        None => (1..=header["pages"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(1)
            .clamp(1, MAX_OCR_PAGES))
            .collect(),
    };
    reply_of(ocr_pages(&body, &data, &list), |read| {
        (
            serde_json::json!({ "ok": true, "text": read.text, "pages": read.pages }),
            Vec::new(),
        )
    })
}

fn render_here(bytes: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>, OcrProblem> {
    reader::open(bytes, None)
        .and_then(|opened| opened.render_png(page.max(1), dpi))
        .map_err(|e| OcrProblem::Failed(e.to_string()))
}

/// The contained reader's side of [`render_pdf_page`]: the picture is the reply's body.
pub(crate) fn serve_render(
    header: serde_json::Value,
    body: Vec<u8>,
) -> (serde_json::Value, Vec<u8>) {
    let number = |key: &str| {
        header[key]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(1)
    };
    reply_of(render_here(&body, number("page"), number("dpi")), |png| {
        (serde_json::json!({ "ok": true }), png)
    })
}

/// One page of a PDF as a PNG picture, for viewing inside Casefile.
pub fn render_pdf_page(bytes: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>, OcrProblem> {
    let header = serde_json::json!({ "page": page, "dpi": dpi });
    match worker::run(RENDER_PAGE, header, bytes, PAGE_TIME_LIMIT) {
        None => render_here(bytes, page, dpi),
        Some(Ok((reply, png))) => from_reply(&reply).map(|_| png),
        Some(Err(failure)) => Err(stopped(&failure)),
    }
}

/// Reads the text of a stored scan or photo (`media_type`, and a PDF's number of pages) with
/// `engine`.
pub fn read_document(
    engine: &OcrEngine,
    media_type: &str,
    pages: Option<u32>,
    bytes: &[u8],
) -> Result<OcrReading, OcrProblem> {
    match media_type {
        "application/pdf" => engine.read_pdf(bytes, pages.unwrap_or(1)),
        _ => engine.read_image(bytes),
    }
}
