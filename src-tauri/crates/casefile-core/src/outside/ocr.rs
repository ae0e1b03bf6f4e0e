//! Reading the text of scans and photos on this computer with Tesseract (installed from the
//! distribution's packages; nothing leaves the machine). Scanned PDFs are turned into page images
//! with poppler's `pdftoppm` first. Both run as separate programs with a time limit, so a bad file
//! can neither crash Casefile nor hang it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// How long one page may take.
const PAGE_TIME_LIMIT: Duration = Duration::from_secs(120);
/// Pages read from one scanned PDF (a longer scan is read up to here).
pub const MAX_OCR_PAGES: u32 = 200;

/// Why a document's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrProblem {
    #[error(
        "Casefile reads the text of scans and photos with Tesseract, which is not installed. Install it (on Debian or Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-eng poppler-utils) and the text will be read."
    )]
    NotInstalled,
    #[error("the text could not be read ({0})")]
    Failed(String),
}

use super::tools::find_program as on_path;

/// Runs a program within the page time limit; its standard output.
fn run(command: Command) -> Result<Vec<u8>, OcrProblem> {
    super::tools::run_program(command, PAGE_TIME_LIMIT).map_err(OcrProblem::Failed)
}

/// Tesseract and pdftoppm as found on this machine.
#[derive(Debug, Clone)]
pub struct OcrEngine {
    tesseract: PathBuf,
    pdftoppm: Option<PathBuf>,
    /// Page layout mode: 1 (find the orientation first) when Tesseract's orientation data is
    /// installed, else 3.
    psm: &'static str,
}

impl OcrEngine {
    /// The engine, or why there is none.
    pub fn find() -> Result<OcrEngine, OcrProblem> {
        let tesseract = on_path("tesseract").ok_or(OcrProblem::NotInstalled)?;
        let mut list = Command::new(&tesseract);
        list.arg("--list-langs");
        let langs = String::from_utf8_lossy(&run(list).unwrap_or_default()).into_owned();
        if !langs.lines().any(|l| l.trim() == "eng") {
            return Err(OcrProblem::NotInstalled);
        }
        Ok(OcrEngine {
            psm: if langs.lines().any(|l| l.trim() == "osd") {
                "1"
            } else {
                "3"
            },
            tesseract,
            pdftoppm: on_path("pdftoppm"),
        })
    }

    fn image_file(&self, path: &Path) -> Result<String, OcrProblem> {
        let mut command = Command::new(&self.tesseract);
        command
            .arg(path)
            .arg("stdout")
            .args(["-l", "eng", "--psm", self.psm]);
        let out = run(command)?;
        Ok(String::from_utf8_lossy(&out).trim().to_owned())
    }

    /// The text of a JPEG or PNG picture.
    pub fn read_image(&self, bytes: &[u8]) -> Result<String, OcrProblem> {
        let dir = tempfile::tempdir().map_err(|e| OcrProblem::Failed(e.to_string()))?;
        let path = dir.path().join("page.img");
        std::fs::write(&path, bytes).map_err(|e| OcrProblem::Failed(e.to_string()))?;
        self.image_file(&path)
    }

    /// The text of a scanned PDF, page by page (pages separated by form feeds).
    pub fn read_pdf(&self, bytes: &[u8], pages: u32) -> Result<String, OcrProblem> {
        let pdftoppm = self.pdftoppm.as_ref().ok_or(OcrProblem::NotInstalled)?;
        let dir = tempfile::tempdir().map_err(|e| OcrProblem::Failed(e.to_string()))?;
        let input = dir.path().join("scan.pdf");
        std::fs::write(&input, bytes).map_err(|e| OcrProblem::Failed(e.to_string()))?;
        let mut texts = Vec::new();
        for page in 1..=pages.clamp(1, MAX_OCR_PAGES) {
            let prefix = dir.path().join(format!("p{page}"));
            let mut render = Command::new(pdftoppm);
            render
                .args(["-r", "200", "-gray", "-png", "-singlefile"])
                .args(["-f", &page.to_string(), "-l", &page.to_string()])
                .arg(&input)
                .arg(&prefix);
            run(render)?;
            let image = prefix.with_extension("png");
            texts.push(self.image_file(&image)?);
            let _ = std::fs::remove_file(&image);
        }
        Ok(texts.join("\n\u{c}\n"))
    }
}

/// The text of a PDF as poppler's pdftotext reads it (it understands fonts lopdf cannot, such as
/// the embedded Unicode fonts Casefile's own letters use); `None` without poppler or on failure.
pub fn pdftotext(bytes: &[u8]) -> Option<String> {
    let program = on_path("pdftotext")?;
    let dir = tempfile::tempdir().ok()?;
    let input = dir.path().join("document.pdf");
    std::fs::write(&input, bytes).ok()?;
    let mut command = Command::new(program);
    command.args(["-enc", "UTF-8"]).arg(&input).arg("-");
    let out = run(command).ok()?;
    Some(
        String::from_utf8_lossy(&out)
            .replace('\u{c}', "\n")
            .trim()
            .to_owned(),
    )
}

/// One page of a PDF as a PNG picture, for viewing inside Casefile (poppler's pdftoppm).
pub fn render_pdf_page(bytes: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>, OcrProblem> {
    let pdftoppm = on_path("pdftoppm").ok_or(OcrProblem::NotInstalled)?;
    let dir = tempfile::tempdir().map_err(|e| OcrProblem::Failed(e.to_string()))?;
    let input = dir.path().join("document.pdf");
    std::fs::write(&input, bytes).map_err(|e| OcrProblem::Failed(e.to_string()))?;
    let prefix = dir.path().join("page");
    let mut render = Command::new(pdftoppm);
    render
        .args(["-r", &dpi.clamp(30, 300).to_string(), "-png", "-singlefile"])
        .args([
            "-f",
            &page.max(1).to_string(),
            "-l",
            &page.max(1).to_string(),
        ])
        .arg(&input)
        .arg(&prefix);
    run(render)?;
    std::fs::read(prefix.with_extension("png")).map_err(|e| OcrProblem::Failed(e.to_string()))
}

/// Reads the text of a stored scan or photo (`media_type`, and a PDF's number of pages) with
/// `engine`.
pub fn read_document(
    engine: &OcrEngine,
    media_type: &str,
    pages: Option<u32>,
    bytes: &[u8],
) -> Result<String, OcrProblem> {
    match media_type {
        "application/pdf" => engine.read_pdf(bytes, pages.unwrap_or(1)),
        _ => engine.read_image(bytes),
    }
}
