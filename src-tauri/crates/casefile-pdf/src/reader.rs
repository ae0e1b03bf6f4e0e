//! Reading the files families bring: PDFs of every producer, and photos and scans, through one
//! engine, MuPDF (the `mupdf` crate, built into Casefile from source; ARCHITECTURE.md says why).
//! It repairs what mainstream readers repair (a broken cross-reference table, a missing end),
//! reads text in every font encoding (CID and Type 0 fonts, ligatures, accents, right-to-left
//! scripts), draws pages as pictures for the viewer, and reads the words of a scan with the
//! Tesseract OCR engine that MuPDF carries, from the English data file Casefile ships.
//!
//! Everything here works on bytes in memory; the OCR data folder is the one path it is given.
//! A hostile file can make MuPDF's C code misbehave, so the callers run these readers in the
//! contained reader (casefile-core, `outside::worker`), never in the window's own process.

use std::path::Path;

use mupdf::pdf::{PdfDocument, PdfWriteOptions};
use mupdf::{
    Colorspace, Document, DocumentWriter, ImageFormat, Matrix, MetadataName, Page, TextPage,
    TextPageFlags,
};

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file needs a password to open, and none was given.
    #[error("the file is password-protected")]
    NeedsPassword,
    /// The password given does not open it.
    #[error("that password does not open the file")]
    WrongPassword,
    /// Not a file this engine can make sense of, even after repair.
    #[error("the file is damaged or is not a complete document ({0})")]
    Damaged(String),
    /// It opens, but has no pages.
    #[error("the file has no pages")]
    NoPages,
    /// A page number past the end.
    #[error("there is no page {0}")]
    NoSuchPage(u32),
    /// Reading the words of a picture failed (no OCR data, or the engine stopped).
    #[error("the words could not be read ({0})")]
    Ocr(String),
}

fn damaged(e: impl std::fmt::Display) -> ReadError {
    ReadError::Damaged(e.to_string())
}

/// A word OCR read, with its box on the page as shown (points, from the page's top-left corner).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OcrWord {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// How far (degrees clockwise: 0, 90, 180 or 270) the page had to be turned for the word to
    /// read upright: 90 for a letter scanned lying on its side, its lines running up the page.
    /// Words stored before pages were turned have none, and read as 0.
    #[serde(default, skip_serializing_if = "is_upright")]
    pub turned: u16,
}

fn is_upright(turned: &u16) -> bool {
    *turned == 0
}

/// Held while MuPDF runs OCR: one page at a time per process.
static OCR_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn words_of(text: &mupdf::TextPage) -> Vec<OcrWord> {
    text.words()
        .into_iter()
        .filter(|w| !w.text.trim().is_empty())
        .map(|w| OcrWord {
            text: w.text,
            x0: w.bounds.x0,
            y0: w.bounds.y0,
            x1: w.bounds.x1,
            y1: w.bounds.y1,
            turned: 0,
        })
        .collect()
}

/// English words common in any letter, so a page read the right way up scores above the same
/// page read on its side (which OCR turns into short runs of letters and marks).
const COMMON_WORDS: [&str; 40] = [
    "the", "and", "of", "to", "all", "in", "is", "for", "that", "on", "with", "as", "be", "this",
    "are", "by", "we", "you", "your", "it", "at", "not", "have", "will", "from", "or", "an", "has",
    "our", "his", "her", "he", "she", "they", "their", "was", "which", "been", "would", "school",
];

/// How well `text` reads as English: four points for each common word, and one for each other
/// word-like token in lower case (three letters or more, with a vowel). A page read on its side
/// or upside down comes out as runs of capitals and marks ("VOUDIOJOI IBYIOMASED"), which score
/// almost nothing, however many of them there are.
fn reading_score(text: &str) -> u32 {
    tokens(text)
        .map(|word| {
            if is_common(word) {
                4
            } else if word.chars().count() >= 3
                && word.chars().all(char::is_lowercase)
                && word.chars().any(|c| "aeiouy".contains(c))
            {
                1
            } else {
                0
            }
        })
        .sum()
}

/// The words of an OCR read, without the marks around them.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
}

fn is_common(word: &str) -> bool {
    COMMON_WORDS.contains(&word.to_lowercase().as_str())
}

/// Whether a read looks like a page the right way up: at least one word in ten is one of the
/// common words (in English prose about one in three is).
fn reads_upright(text: &str) -> bool {
    let count = tokens(text).count();
    let common = tokens(text).filter(|word| is_common(word)).count();
    // A page with almost nothing on it (a blank back) is not worth turning.
    count < 4 || common * 10 >= count
}

/// The matrix turning a page of bounds `b` clockwise by `turned` degrees (0, 90, 180 or 270)
/// onto a page whose top-left corner is at the origin, as MuPDF's device space (y down) sees it.
fn turning(b: mupdf::Rect, turned: u16) -> Matrix {
    let (w, h) = (b.x1 - b.x0, b.y1 - b.y0);
    // (x, y) → (x', y') = (a x + c y + e, b x + d y + f), after moving the corner to the origin.
    let (a, bb, c, d, e, f) = match turned {
        // Clockwise a quarter: the top-left corner goes to the top right, (x, y) → (h − y, x).
        90 => (0.0, 1.0, -1.0, 0.0, h, 0.0),
        // Half: (x, y) → (w − x, h − y).
        180 => (-1.0, 0.0, 0.0, -1.0, w, h),
        // Three quarters (a quarter anticlockwise): (x, y) → (y, w − x).
        270 => (0.0, -1.0, 1.0, 0.0, 0.0, w),
        _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    };
    let mut m = Matrix::new_translate(-b.x0, -b.y0);
    m.concat(Matrix::new(a, bb, c, d, e, f));
    m
}

/// The words OCR read on one page (numbered from 1), with their boxes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageWords {
    pub page: u32,
    pub words: Vec<OcrWord>,
}

/// What OCR read from one page: its text, as lines, and each word with its box.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrPage {
    pub text: String,
    pub words: Vec<OcrWord>,
}

/// One OCR read of `page` turned clockwise by `turned` degrees, at `dpi`, with the words' boxes
/// given back on the page as shown. `data` is the OCR data folder (checked by the caller).
fn ocr_turned(page: &Page, data: &str, turned: u16, dpi: u32) -> Result<OcrPage, ReadError> {
    let ocr = |e: mupdf::Error| ReadError::Ocr(e.to_string());
    let bounds = page.bounds().map_err(ocr)?;
    let turn = turning(bounds, turned);
    let back = turn
        .invert()
        .ok_or_else(|| ReadError::Ocr("the page has no area".into()))?;
    let folder = tempfile::tempdir().map_err(|e| ReadError::Ocr(e.to_string()))?;
    let out = folder.path().join("ocr.pdf");
    let options = format!("ocr-language=eng,ocr-datadir={data},resolution={dpi}");
    let out_name = out.to_string_lossy().into_owned();
    // MuPDF's Leptonica refuses a second OCR in the same process at the same time ("Attempt
    // to use Leptonica from 2 threads at once"), so OCR takes turns.
    let _turn = OCR_TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let written = (|| {
        let mut writer = DocumentWriter::with_ocr(out_name.as_str(), &options)?;
        let device = writer.begin_page(bounds.transform(&turn))?;
        page.run(&device, &turn)?;
        writer.end_page(device)?;
        drop(writer);
        Ok::<(), mupdf::Error>(())
    })();
    // MuPDF reads back the page it wrote: the picture with the words OCR found on it.
    let result = written
        .and_then(|()| {
            let read = Document::open(out_name.as_str())?;
            read.load_page(0)?.to_text_page(TextPageFlags::empty())
        })
        .map(|text| OcrPage {
            text: page_text_of(&text),
            words: words_of(&text)
                .into_iter()
                .map(|word| {
                    // The box back on the page as shown: its corners turned back, then ordered.
                    let (ax, ay) = back.transform_xy(word.x0, word.y0);
                    let (bx, by) = back.transform_xy(word.x1, word.y1);
                    OcrWord {
                        x0: ax.min(bx),
                        y0: ay.min(by),
                        x1: ax.max(bx),
                        y1: ay.max(by),
                        turned,
                        ..word
                    }
                })
                .collect(),
        })
        .map_err(|e| ReadError::Ocr(e.to_string()));
    drop(folder);
    result
}

/// What kind of file the bytes are, for the engine: it reads PDFs, JPEG and PNG pictures.
fn magic(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        "image/jpeg"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else {
        "application/pdf"
    }
}

/// An opened file: a PDF, or a picture read as a one-page document.
#[derive(Debug)]
pub struct Opened {
    doc: Doc,
    pages: u32,
    /// Opened with a password: [`Opened::readable_copy`] makes the copy without it.
    protected: bool,
    /// The bytes and password, kept for a readable copy of a protected PDF.
    bytes: Vec<u8>,
    password: Option<String>,
}

/// What MuPDF opened: a PDF, kept as one so its objects can be read, or a picture.
#[derive(Debug)]
enum Doc {
    Pdf(PdfDocument),
    Picture(Document),
}

impl std::ops::Deref for Doc {
    type Target = Document;
    fn deref(&self) -> &Document {
        match self {
            Doc::Pdf(pdf) => pdf,
            Doc::Picture(doc) => doc,
        }
    }
}

/// The most outline items [`mend_outline`] looks at: far past any real file's bookmarks.
const MOST_OUTLINE_ITEMS: usize = 100_000;

/// Mends the PDF's outline (its bookmarks) so the `mupdf` crate can read it: every item gets a
/// title (an empty one where it has none), and a link to an item that is not a dictionary (a
/// broken object) or that was met before (a loop) is cut. The crate reads an item's title
/// without checking there is one, and MuPDF gives an item with no /Title, or a broken item, no
/// title: either crashed the reader (found by fuzzing, `fuzz/fuzz_targets/pdf_engine.rs`).
fn mend_outline(pdf: &PdfDocument) -> Result<(), mupdf::Error> {
    use mupdf::pdf::PdfObject;
    let mut catalog = pdf.catalog()?;
    let Some(outlines) = catalog.get_dict("Outlines")? else {
        return Ok(());
    };
    if !outlines.is_dict()? {
        return catalog.dict_delete("Outlines");
    }
    let mut seen = std::collections::HashSet::new();
    // Each link still to follow: the dictionary holding it, and its key.
    let mut waiting: Vec<(PdfObject, &str)> = vec![(outlines, "First")];
    while let Some((mut holder, key)) = waiting.pop() {
        let Some(mut item) = holder.get_dict(key)? else {
            continue;
        };
        let number = item.as_indirect()?;
        let repeated = number != 0 && !seen.insert(number);
        if repeated || seen.len() > MOST_OUTLINE_ITEMS || !item.is_dict()? {
            holder.dict_delete(key)?;
            continue;
        }
        if item.get_dict("Title")?.is_none() {
            item.dict_put("Title", PdfObject::new_string("")?)?;
        }
        waiting.push((item.try_clone()?, "Next"));
        waiting.push((item, "First"));
    }
    Ok(())
}

/// Opens a PDF (or a JPEG or PNG picture) from its bytes, repairing what a mainstream reader
/// repairs; a protected PDF opens only with its password.
pub fn open(bytes: &[u8], password: Option<&str>) -> Result<Opened, ReadError> {
    let mut doc = Document::from_bytes(bytes, magic(bytes)).map_err(damaged)?;
    let mut protected = false;
    if doc.needs_password().map_err(damaged)? {
        // An empty user password (owner-only protection, common on forms) opens without asking.
        if !doc.authenticate("").map_err(damaged)? {
            let Some(password) = password else {
                return Err(ReadError::NeedsPassword);
            };
            if !doc.authenticate(password).map_err(damaged)? {
                return Err(ReadError::WrongPassword);
            }
            protected = true;
        }
    }
    let pages = doc.page_count().map_err(damaged)?;
    let pages = u32::try_from(pages).unwrap_or(0);
    if pages == 0 {
        return Err(ReadError::NoPages);
    }
    let doc = if magic(bytes) == "application/pdf" {
        let pdf = PdfDocument::try_from(doc).map_err(damaged)?;
        // A bookmark MuPDF cannot mend is left as it is: the file is still read, and only its
        // bookmarks may be missing.
        let _ = mend_outline(&pdf);
        Doc::Pdf(pdf)
    } else {
        Doc::Picture(doc)
    };
    Ok(Opened {
        doc,
        pages,
        protected,
        bytes: if protected {
            bytes.to_vec()
        } else {
            Vec::new()
        },
        password: password.filter(|_| protected).map(str::to_owned),
    })
}

/// The words of a structured-text page as lines and paragraphs: each line on its own line, a
/// blank line between blocks. Characters MuPDF could not map to Unicode are left out.
fn page_text_of(text: &TextPage) -> String {
    let mut out = String::new();
    for block in text.blocks() {
        let mut any = false;
        for line in block.lines() {
            let start = out.len();
            out.extend(line.chars().filter_map(|c| c.char()).filter(|c| {
                // The replacement character stands for a glyph with no known meaning.
                *c != '\u{fffd}' && (!c.is_control() || *c == '\t')
            }));
            if out[start..].trim().is_empty() {
                out.truncate(start);
            } else {
                out.push('\n');
                any = true;
            }
        }
        if any {
            out.push('\n');
        }
    }
    out.trim_end().to_owned()
}

impl Opened {
    /// Its number of pages (at least one).
    pub fn page_count(&self) -> u32 {
        self.pages
    }

    /// Whether it needed a password to open.
    pub fn is_protected(&self) -> bool {
        self.protected
    }

    fn page(&self, number: u32) -> Result<Page, ReadError> {
        if number == 0 || number > self.pages {
            return Err(ReadError::NoSuchPage(number));
        }
        let index = i32::try_from(number - 1).map_err(|_| ReadError::NoSuchPage(number))?;
        self.doc.load_page(index).map_err(damaged)
    }

    /// The words of page `number` (from 1) with their boxes, measured as [`Opened::ocr_page`]
    /// measures them.
    pub fn page_words(&self, number: u32) -> Result<Vec<OcrWord>, ReadError> {
        let page = self.page(number)?;
        let text = page.to_text_page(TextPageFlags::empty()).map_err(damaged)?;
        Ok(words_of(&text))
    }

    /// The size of page `number` (from 1) as a viewer shows it, in points: the space OCR's word
    /// boxes are measured in.
    pub fn page_size(&self, number: u32) -> Result<(f32, f32), ReadError> {
        let bounds = self.page(number)?.bounds().map_err(damaged)?;
        Ok((bounds.x1 - bounds.x0, bounds.y1 - bounds.y0))
    }

    /// The text of page `number` (from 1); empty for a page of pictures only.
    pub fn page_text(&self, number: u32) -> Result<String, ReadError> {
        let page = self.page(number)?;
        let text = page.to_text_page(TextPageFlags::empty()).map_err(damaged)?;
        Ok(page_text_of(&text))
    }

    /// The text of every page, one string per page. A page that cannot be read gives no text
    /// rather than failing the whole file (a damaged page in a long report).
    pub fn pages_text(&self) -> Vec<String> {
        (1..=self.pages)
            .map(|n| self.page_text(n).unwrap_or_default())
            .collect()
    }

    /// The date the file gives as its creation date, as written ("D:20260312…"), if any.
    pub fn creation_date(&self) -> Option<String> {
        self.doc
            .metadata(MetadataName::CreationDate)
            .ok()
            .filter(|d| !d.trim().is_empty())
    }

    /// The file's bookmarks (its outline), flattened in reading order: each title with the page
    /// it points to (from 1). Bookmarks that point outside the file, or nowhere, are left out.
    pub fn bookmarks(&self) -> Vec<Bookmark> {
        fn walk(entries: &[mupdf::Outline], pages: u32, depth: u32, out: &mut Vec<Bookmark>) {
            for entry in entries {
                if let Some(dest) = &entry.dest {
                    let page = dest.loc.page_number + 1;
                    let title = entry.title.trim();
                    if page <= pages && !title.is_empty() {
                        out.push(Bookmark {
                            title: title.chars().filter(|c| !c.is_control()).collect(),
                            page,
                            depth,
                        });
                    }
                }
                walk(&entry.down, pages, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        if let Ok(entries) = self.doc.outlines() {
            walk(&entries, self.pages, 0, &mut out);
        }
        out
    }

    /// annotations and form fields drawn as a reader shows them.
    pub fn render_png(&self, number: u32, dpi: u32) -> Result<Vec<u8>, ReadError> {
        let page = self.page(number)?;
        let scale = dpi.clamp(30, 300) as f32 / 72.0;
        let pixmap = page
            .to_pixmap(
                &Matrix::new_scale(scale, scale),
                &Colorspace::device_rgb(),
                false,
                true,
            )
            .map_err(damaged)?;
        let mut png = Vec::new();
        pixmap
            .write_to(&mut png, ImageFormat::PNG)
            .map_err(damaged)?;
        Ok(png)
    }

    /// The words of page `number` read by OCR (Tesseract inside MuPDF), with the English data
    /// from `tessdata` (the folder holding `eng.traineddata`). The page is drawn at 300 dpi
    /// first, so this reads scanned PDFs and photos alike.
    ///
    /// A page that does not read as words the right way up (a letter fed into the scanner on
    /// its side, or upside down; a photo taken sideways without an orientation tag) is read
    /// again turned a quarter, a half and three quarters, quickly at 150 dpi, and then in full
    /// the way that read best. The words' boxes are given back on the page as it is shown, each
    /// with how far it was turned ([`OcrWord::turned`]), and the text reads in the turned lines.
    pub fn ocr_page(&self, number: u32, tessdata: &Path) -> Result<OcrPage, ReadError> {
        let page = self.page(number)?;
        if !tessdata.join("eng.traineddata").is_file() {
            return Err(ReadError::Ocr(format!(
                "the English OCR data is missing from {}",
                tessdata.display()
            )));
        }
        let data = tessdata.to_string_lossy();
        if data.contains(',') {
            return Err(ReadError::Ocr(
                "the OCR data folder's name has a comma in it".into(),
            ));
        }
        let upright = ocr_turned(&page, &data, 0, 300)?;
        if reads_upright(&upright.text) {
            return Ok(upright);
        }
        // Each other way round, quickly; the upright read scored at the same quick resolution.
        let score_at = |turned: u16| {
            ocr_turned(&page, &data, turned, 150).map(|read| reading_score(&read.text))
        };
        let mut best = (score_at(0)?, 0u16);
        for turned in [90, 180, 270] {
            let score = score_at(turned)?;
            if score > best.0 {
                best = (score, turned);
            }
        }
        // Turned only when that way reads clearly better, not on the noise of a picture.
        let upright_score = reading_score(&upright.text);
        if best.1 == 0 || best.0 < 4 || best.0 <= upright_score {
            return Ok(upright);
        }
        ocr_turned(&page, &data, best.1, 300)
    }

    /// A copy of a password-protected PDF without its protection, to keep beside the original
    /// (the same pages and objects, written again unencrypted).
    pub fn readable_copy(&self) -> Result<Vec<u8>, ReadError> {
        let mut pdf = PdfDocument::from_bytes(&self.bytes).map_err(damaged)?;
        if pdf.needs_password().map_err(damaged)? {
            let password = self.password.as_deref().unwrap_or("");
            if !pdf.authenticate(password).map_err(damaged)? {
                return Err(ReadError::WrongPassword);
            }
        }
        let mut options = PdfWriteOptions::default();
        options.set_encryption(mupdf::pdf::Encryption::None);
        let mut out = Vec::new();
        pdf.write_to_with_options(&mut out, options)
            .map_err(damaged)?;
        Ok(out)
    }
}

/// A bookmark of a PDF (see [`Opened::bookmarks`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bookmark {
    pub title: String,
    /// The page it opens, from 1.
    pub page: u32,
    /// 0 for a top-level bookmark, 1 for one inside it, and so on.
    pub depth: u32,
}

/// Pages `first` to `last` (from 1, inclusive) of a PDF as a PDF of their own, unencrypted (a
/// protected file needs its `password`): what is kept when part of a file is imported.
pub fn pages_copy(
    bytes: &[u8],
    password: Option<&str>,
    first: u32,
    last: u32,
) -> Result<Vec<u8>, ReadError> {
    let mut pdf = PdfDocument::from_bytes(bytes).map_err(damaged)?;
    if pdf.needs_password().map_err(damaged)?
        && !pdf.authenticate(password.unwrap_or("")).map_err(damaged)?
    {
        return Err(if password.is_some() {
            ReadError::WrongPassword
        } else {
            ReadError::NeedsPassword
        });
    }
    let count = u32::try_from(pdf.page_count().map_err(damaged)?).unwrap_or(0);
    if count == 0 {
        return Err(ReadError::NoPages);
    }
    if first == 0 || first > last {
        return Err(ReadError::NoSuchPage(first));
    }
    if last > count {
        return Err(ReadError::NoSuchPage(last));
    }
    // The pages grafted into a new file, so nothing of the others comes with them.
    let mut copy = PdfDocument::new();
    copy.insert_pdf(
        &pdf,
        mupdf::pdf::InsertPdfOptions {
            source_pages: mupdf::pdf::PageSelection::Range(mupdf::pdf::PageRange::new(
                first as usize - 1,
                last as usize,
            )),
            ..Default::default()
        },
    )
    .map_err(damaged)?;
    // Compressed, and objects the pages share kept once, so a part is no larger than its pages.
    let mut options = PdfWriteOptions::default();
    options
        .set_garbage_level(3)
        .set_compress(true)
        .set_compress_fonts(true)
        .set_compress_images(true);
    let mut out = Vec::new();
    copy.write_to_with_options(&mut out, options)
        .map_err(damaged)?;
    Ok(out)
}

/// pages, with a sound cross-reference table. Bundles use this for sources that lopdf refuses.
pub fn repaired_copy(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let pdf = PdfDocument::from_bytes(bytes).map_err(damaged)?;
    let mut options = PdfWriteOptions::default();
    options.set_garbage_level(1);
    let mut out = Vec::new();
    pdf.write_to_with_options(&mut out, options)
        .map_err(damaged)?;
    Ok(out)
}

/// Whether lopdf found pages and every one of them is a dictionary it can read.
pub(crate) fn pages_sound(doc: &lopdf::Document) -> bool {
    let pages = doc.get_pages();
    !pages.is_empty() && pages.values().all(|id| doc.get_dictionary(*id).is_ok())
}

/// A PDF loaded for writing (lopdf, which the bundle merge and page checks use). A file lopdf
/// cannot parse, but MuPDF can repair (a broken cross-reference table, say), is repaired first,
/// so every PDF that imports also goes into a bundle.
pub(crate) fn load_for_writing(bytes: &[u8]) -> Result<lopdf::Document, lopdf::Error> {
    match lopdf::Document::load_mem(bytes) {
        // A file whose page tree lopdf could not follow (no pages, or a page it could not
        // parse) is repaired too.
        Ok(doc) if !pages_sound(&doc) && !doc.is_encrypted() => match repaired_copy(bytes) {
            Ok(repaired) => lopdf::Document::load_mem(&repaired).or(Ok(doc)),
            Err(_) => Ok(doc),
        },
        Ok(doc) => Ok(doc),
        Err(lopdf::Error::Decryption(e)) => Err(lopdf::Error::Decryption(e)),
        Err(first) => match repaired_copy(bytes) {
            Ok(repaired) => lopdf::Document::load_mem(&repaired),
            Err(_) => Err(first),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCAN: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.jpg"
    ));
    /// The same scan in a one-page PDF holding only that greyscale JPEG, as a scanner makes it.
    const SCANNED_PDF: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.pdf"
    ));

    fn letter() -> Vec<u8> {
        crate::text_document_pdf(
            "Letter",
            Some("Speech and language therapy"),
            "The sessions in Section F were cancelled on 3 and 10 November.\nGrüße aus Köln; naïve café.",
        )
        .expect("letter")
        .bytes
    }

    /// The English OCR data of the distribution's package (installed for the tests by
    /// scripts/install-deps.sh); the app ships its own copy.
    fn tessdata() -> std::path::PathBuf {
        let dir = std::path::PathBuf::from("/usr/share/tesseract-ocr/5/tessdata");
        assert!(
            dir.join("eng.traineddata").is_file(),
            "the English OCR data is needed (scripts/install-deps.sh --tests installs it)"
        );
        dir
    }

    #[test]
    fn a_letter_is_read_with_its_accents_page_count_and_nothing_else() {
        let opened = open(&letter(), None).expect("opens");
        assert_eq!(opened.page_count(), 1);
        assert!(!opened.is_protected());
        let text = opened.page_text(1).expect("text");
        assert!(text.contains("cancelled on 3 and 10 November"), "{text}");
        assert!(text.contains("Grüße aus Köln; naïve café."), "{text}");
        assert_eq!(opened.page_text(2), Err(ReadError::NoSuchPage(2)));
    }

    #[test]
    fn a_pdf_whose_cross_reference_table_is_wrong_is_repaired_as_readers_repair_it() {
        let good = letter();
        // Every offset in the table, and where the table is, now point at the wrong bytes.
        let text = String::from_utf8_lossy(&good).into_owned();
        let at = good
            .windows(9)
            .rposition(|w| w == b"startxref")
            .expect("startxref");
        let mut broken = good[..at].to_vec();
        broken.extend_from_slice(b"startxref\n17\n%%EOF\n");
        assert!(text.contains("startxref"));
        // lopdf 0.39 refused it (the file a session found refused as "damaged"); lopdf 0.47
        // repairs it too. A copy MuPDF writes after its repair loads whatever lopdf makes of it.
        let repaired = repaired_copy(&broken).expect("repaired copy");
        assert_eq!(
            lopdf::Document::load_mem(&repaired)
                .expect("sound")
                .get_pages()
                .len(),
            1
        );
        let opened = open(&broken, None).expect("repaired on opening");
        assert!(opened.page_text(1).expect("text").contains("Section F"));
        // And the bundle writer gets a sound copy of it.
        let doc = load_for_writing(&broken).expect("loads for writing");
        assert_eq!(doc.get_pages().len(), 1);
        // A truncated file with no pages left is refused, not half-read.
        assert!(matches!(
            open(&good[..200], None),
            Err(ReadError::Damaged(_) | ReadError::NoPages)
        ));
        assert!(matches!(
            open(b"not a pdf at all", None),
            Err(ReadError::Damaged(_))
        ));
    }

    #[test]
    fn a_protected_pdf_opens_only_with_its_password_and_its_readable_copy_needs_none() {
        let pdf = PdfDocument::from_bytes(&letter()).expect("pdf");
        let mut options = PdfWriteOptions::default();
        options
            .set_encryption(mupdf::pdf::Encryption::Aes256)
            .set_user_password("ava2026")
            .set_owner_password("owner");
        let mut locked = Vec::new();
        pdf.write_to_with_options(&mut locked, options)
            .expect("encrypt");
        assert_eq!(open(&locked, None).err(), Some(ReadError::NeedsPassword));
        assert_eq!(
            open(&locked, Some("wrong")).err(),
            Some(ReadError::WrongPassword)
        );
        let opened = open(&locked, Some("ava2026")).expect("opens with its password");
        assert!(opened.is_protected());
        assert!(opened.page_text(1).expect("text").contains("Section F"));
        let copy = opened.readable_copy().expect("copy");
        let again = open(&copy, None).expect("the copy needs no password");
        assert!(!again.is_protected());
        assert!(again.page_text(1).expect("text").contains("Section F"));
    }

    #[test]
    fn a_greyscale_scan_opens_renders_and_is_read_by_ocr() {
        let opened = open(SCANNED_PDF, None).expect("a plain greyscale scan opens");
        assert_eq!(opened.page_text(1).expect("text"), "");
        let png = opened.render_png(1, 72).expect("render");
        assert!(png.starts_with(b"\x89PNG"));
        // 595 × 288 pt at 72 dpi is 595 × 288 pixels (the width is bytes 16–19 of a PNG).
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().expect("4")), 595);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().expect("4")), 288);
        let read = opened.ocr_page(1, &tessdata()).expect("ocr");
        assert!(
            read.text.contains("Caseworker reference 48213"),
            "{}",
            read.text
        );
        // Each word has its box on the 595 × 288 pt page: "48213" ends the last line, low on the
        // page and right of "Caseworker".
        let word = |t: &str| read.words.iter().find(|w| w.text == t).expect(t).clone();
        let (number, caseworker) = (word("48213"), word("Caseworker"));
        assert!(number.x0 > caseworker.x1 && (number.y0 - caseworker.y0).abs() < 5.0);
        assert!(
            number.y1 <= 288.0 && number.x1 <= 595.0 && number.y0 > 144.0,
            "{number:?}"
        );
        // The photo itself reads the same way.
        let photo = open(SCAN, None).expect("a JPEG opens as one page");
        assert!(
            photo
                .ocr_page(1, &tessdata())
                .expect("ocr")
                .text
                .contains("cancelled on 3 and 10")
        );
        // Without the data, a clear problem, not a crash.
        let missing = opened.ocr_page(1, Path::new("/nonexistent"));
        assert!(matches!(missing, Err(ReadError::Ocr(m)) if m.contains("English OCR data")));
    }

    /// The scanned letter (595 × 288 pt) as a scanner gives it when the letter was fed in turned
    /// `turned` degrees anticlockwise: the page's picture drawn turned, no /Rotate to say so.
    fn scanned_turned(turned: u16) -> Vec<u8> {
        use lopdf::{Object, Stream, dictionary};
        let (w, h) = (595.0f32, 288.0f32);
        // PDF space (y up). Turning anticlockwise a quarter: (x, y) → (h − y, x), so the page
        // becomes h × w; a half: (x, y) → (w − x, h − y); three quarters: (x, y) → (y, w − x).
        let (cm, media) = match turned {
            90 => ([0.0, 1.0, -1.0, 0.0, h, 0.0], [h, w]),
            180 => ([-1.0, 0.0, 0.0, -1.0, w, h], [w, h]),
            _ => ([0.0, -1.0, 1.0, 0.0, 0.0, w], [h, w]),
        };
        let mut doc = lopdf::Document::load_mem(SCANNED_PDF).expect("load");
        let page = *doc.get_pages().get(&1).expect("page");
        let contents = match doc.get_dictionary(page).expect("page").get(b"Contents") {
            Ok(Object::Array(parts)) => parts.clone(),
            Ok(one) => vec![one.clone()],
            Err(_) => vec![],
        };
        let matrix: Vec<String> = cm.iter().map(f32::to_string).collect();
        let before = doc.add_object(Stream::new(
            dictionary! {},
            format!("q {} cm\n", matrix.join(" ")).into_bytes(),
        ));
        let after = doc.add_object(Stream::new(dictionary! {}, b"\nQ".to_vec()));
        let mut parts = vec![Object::Reference(before)];
        parts.extend(contents);
        parts.push(Object::Reference(after));
        let dict = doc.get_dictionary_mut(page).expect("page");
        dict.set("Contents", Object::Array(parts));
        dict.set(
            "MediaBox",
            vec![0.into(), 0.into(), media[0].into(), media[1].into()],
        );
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    /// Found by fuzzing the engine (`fuzz/fuzz_targets/pdf_engine.rs`): a bookmark with no
    /// /Title made the `mupdf` crate read a title through a null pointer and crash the reader.
    #[test]
    fn a_bookmark_without_a_title_is_read_past_and_the_others_kept() {
        use lopdf::{Object, dictionary};
        let mut doc = lopdf::Document::load_mem(SCANNED_PDF).expect("load");
        let page = *doc.get_pages().get(&1).expect("page");
        let outlines = doc.new_object_id();
        let second = doc.add_object(dictionary! {
            "Title" => Object::string_literal("Section B"),
            "Parent" => outlines,
            "Dest" => vec![page.into(), "Fit".into()],
        });
        let first = doc.add_object(dictionary! {
            "Parent" => outlines,
            "Next" => second,
            "Dest" => vec![page.into(), "Fit".into()],
        });
        doc.objects.insert(
            outlines,
            Object::Dictionary(dictionary! {
                "Type" => "Outlines", "First" => first, "Last" => second, "Count" => 2,
            }),
        );
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .expect("root");
        doc.get_dictionary_mut(root)
            .expect("catalog")
            .set("Outlines", outlines);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let opened = open(&bytes, None).expect("opens");
        let titles: Vec<String> = opened.bookmarks().into_iter().map(|b| b.title).collect();
        assert_eq!(titles, ["Section B"]);

        // The second item a broken object (its number points at nothing), and the first
        // pointing back at itself: the file is read, with the bookmarks that can be.
        doc.objects.remove(&second);
        doc.get_dictionary_mut(first)
            .expect("first")
            .set("First", first);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        let opened = open(&bytes, None).expect("opens");
        assert!(opened.bookmarks().is_empty());
        assert_eq!(opened.page_count(), 1);
    }

    #[test]
    fn a_page_read_the_wrong_way_round_scores_below_the_same_page_read_upright() {
        // What OCR read from the test letter upright, and from the same letter upside down.
        let upright = "Northshire County Council (Notional)\n\nThe speech and language therapy \
                       sessions were cancelled on 3 and 10 November.";
        let upside_down = "SLZ8p VOUDIOJOI IBYIOMASED\n\n‘JOQUWOAON OQ} Pue € UO Payjaoued \
                           BBM suoisses Adesayu] abenbue) pue yoseds ou] (JEUONOI) OUNOD";
        assert!(reads_upright(upright));
        assert!(!reads_upright(upside_down));
        // "the", "and", "were", "on", "and" are common (4 each, "were" not in the list);
        // "speech", "language", "therapy", "sessions", "were", "cancelled" score 1 each.
        // the(4) speech(1) and(4) language(1) therapy(1) sessions(1) were(1) cancelled(1)
        // on(4) and(4) = 22; the capitalised names score nothing.
        assert_eq!(reading_score(upright), 22);
        // Only "suoisses", "abenbue", "pue" (twice) and "yoseds" look like lower-case words.
        assert!(
            reading_score(upside_down) <= 5,
            "{}",
            reading_score(upside_down)
        );
        // A blank back of a page is not turned.
        assert!(reads_upright(""));
    }

    #[test]
    fn a_letter_scanned_on_its_side_or_upside_down_is_read_the_right_way_up() {
        // The letter's last line, read upright, is "Caseworker reference 48213".
        for (fed, turned) in [(90, 90), (180, 180), (270, 270)] {
            let scan = scanned_turned(fed);
            let opened = open(&scan, None).expect("opens");
            let read = opened.ocr_page(1, &tessdata()).expect("ocr");
            assert!(
                read.text.contains("Caseworker reference 48213"),
                "fed {fed}: {}",
                read.text
            );
            assert!(
                read.words.iter().all(|w| w.turned == turned),
                "fed {fed}: {:?}",
                read.words
            );
            // The boxes are on the page as it is shown (288 × 595 on its side), and a word
            // lying on its side is taller than it is wide.
            let (pw, ph) = opened.page_size(1).expect("size");
            let number = read
                .words
                .iter()
                .find(|w| w.text == "48213")
                .expect("48213");
            assert!(
                number.x0 >= 0.0 && number.y0 >= 0.0 && number.x1 <= pw && number.y1 <= ph,
                "fed {fed}: {number:?} on {pw} × {ph}"
            );
            let (wide, tall) = (number.x1 - number.x0, number.y1 - number.y0);
            assert_eq!(turned != 180, tall > wide, "fed {fed}: {number:?}");
            // Laid back over the page as invisible text, the words read as the line they are.
            let layered = crate::text_layer::with_text_layer(
                &scan,
                &[PageWords {
                    page: 1,
                    words: read.words.clone(),
                }],
            )
            .expect("layer");
            let text = open(&layered, None)
                .expect("open")
                .page_text(1)
                .expect("text");
            assert!(
                text.contains("Caseworker reference 48213"),
                "fed {fed}: {text}"
            );
        }
    }
}
