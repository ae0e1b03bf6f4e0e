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

use crate::tools::find_program as on_path;

/// Runs a program within the page time limit; its standard output.
fn run(command: Command) -> Result<Vec<u8>, OcrProblem> {
    crate::tools::run_program(command, PAGE_TIME_LIMIT).map_err(OcrProblem::Failed)
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

/// Reads the text of a stored scan or photo with `engine`.
pub fn read_document(
    engine: &OcrEngine,
    doc: &crate::Document,
    bytes: &[u8],
) -> Result<String, OcrProblem> {
    match doc.media_type.as_str() {
        "application/pdf" => engine.read_pdf(bytes, doc.page_count.unwrap_or(1)),
        _ => engine.read_image(bytes),
    }
}

/// Reads every document waiting for OCR (of one case, or all), one at a time, telling
/// `progress` about each: its number of characters read, or why not.
pub fn run_pending(
    store: &mut crate::Store,
    engine: &OcrEngine,
    case_id: Option<i64>,
    progress: &mut dyn FnMut(&crate::Document, &Result<usize, OcrProblem>),
) -> crate::Result<()> {
    for doc in store.pending_ocr(case_id)? {
        let bytes = store.document_bytes(doc.id)?;
        let read = read_document(engine, &doc, &bytes);
        match &read {
            Ok(text) => store.save_ocr_text(doc.id, Ok(text))?,
            Err(e) => store.save_ocr_text(doc.id, Err(&e.to_string()))?,
        };
        progress(&doc, &read.map(|t| t.chars().count()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CaseDetails, ImportOutcome, Store};

    const SCAN: &[u8] = include_bytes!("../../../../tests/fixtures/scanned-letter.jpg");

    /// The scan wrapped in a one-page PDF with no text layer, as a scanner makes them.
    fn image_only_pdf(jpeg: &[u8], width: u32, height: u32) -> Vec<u8> {
        let mut pdf = Vec::new();
        let mut offsets = Vec::new();
        let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n");
        };
        pdf.extend_from_slice(b"%PDF-1.4\n");
        object(&mut pdf, b"<</Type/Catalog/Pages 2 0 R>>");
        object(&mut pdf, b"<</Type/Pages/Kids[3 0 R]/Count 1>>");
        object(&mut pdf, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 288]/Resources<</XObject<</Im0 4 0 R>>>>/Contents 5 0 R>>");
        let mut image = format!("<</Type/XObject/Subtype/Image/Width {width}/Height {height}/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/DCTDecode/Length {}>>\nstream\n", jpeg.len()).into_bytes();
        image.extend_from_slice(jpeg);
        image.extend_from_slice(b"\nendstream");
        object(&mut pdf, &image);
        let content = b"q 595 0 0 288 0 0 cm /Im0 Do Q";
        let mut stream = format!("<</Length {}>>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        object(&mut pdf, &stream);
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
        );
        for offset in &offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer <</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
                offsets.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn scans_and_photos_become_searchable_after_ocr() {
        let engine = OcrEngine::find()
            .expect("Tesseract is needed for this test (scripts/install-deps.sh installs it)");
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let photo = dir.path().join("letter photo.jpg");
        std::fs::write(&photo, SCAN).expect("photo");
        let scan = dir.path().join("scanned letter.pdf");
        std::fs::write(&scan, image_only_pdf(SCAN, 1240, 600)).expect("scan");
        for path in [&photo, &scan] {
            let ImportOutcome::Imported { document, .. } =
                store.import_file(case, path).expect("import")
            else {
                panic!("not imported");
            };
            assert_eq!(
                document.ocr_status.as_deref(),
                Some("pending"),
                "{}",
                document.title
            );
        }
        assert!(
            store.search(case, "cancelled").expect("search").is_empty(),
            "nothing to find before OCR"
        );

        let mut seen = Vec::new();
        run_pending(&mut store, &engine, Some(case), &mut |doc, read| {
            seen.push((doc.title.clone(), read.clone()));
        })
        .expect("ocr");
        assert_eq!(seen.len(), 2);
        assert!(
            seen.iter()
                .all(|(_, read)| matches!(read, Ok(n) if *n > 50)),
            "{seen:?}"
        );
        let hits = store.search(case, "cancelled November").expect("search");
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits.iter().all(|h| h.snippet.contains("«cancelled»")));
        assert!(store.pending_ocr(Some(case)).expect("pending").is_empty());
        assert_eq!(
            store.list_documents(case).expect("list")[0]
                .ocr_status
                .as_deref(),
            Some("done")
        );
    }

    #[test]
    fn a_picture_the_reader_cannot_handle_is_marked_and_kept() {
        let engine = OcrEngine::find().expect("Tesseract is needed for this test");
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        // A JPEG that looks whole (a frame header, an end marker) but has no picture data.
        let path = dir.path().join("empty photo.jpg");
        let mut jpeg = vec![
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03,
        ];
        jpeg.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.extend([0xFF, 0xD9]);
        std::fs::write(&path, &jpeg).expect("write");
        assert!(matches!(
            store.import_file(case, &path).expect("import"),
            ImportOutcome::Imported { .. }
        ));
        // One cut short in a download is refused at import instead.
        let scan = dir.path().join("cut short.jpg");
        std::fs::write(&scan, &SCAN[..SCAN.len() / 2]).expect("write");
        let ImportOutcome::Refused { message } = store.import_file(case, &scan).expect("import")
        else {
            panic!("a cut-short photo is refused");
        };
        assert!(
            message.contains("cut short.jpg is a photo that is damaged or cut short"),
            "{message}"
        );
        let mut results = Vec::new();
        run_pending(&mut store, &engine, Some(case), &mut |_, read| {
            results.push(read.clone())
        })
        .expect("ocr");
        assert!(
            matches!(results[..], [Err(OcrProblem::Failed(_))]),
            "{results:?}"
        );
        let doc = &store.list_documents(case).expect("list")[0];
        assert_eq!(doc.ocr_status.as_deref(), Some("failed"));
        assert!(store.document_bytes(doc.id).is_ok(), "the file is kept");
    }
}
