//! Redaction that removes, not covers: what lies under each area is taken out of the page by
//! MuPDF's own redaction (the words deleted from the page's text, the pixels of pictures under
//! it blanked, drawings under it removed) and a black box drawn in its place; annotations and
//! form fields over an area or holding a redacted word go, as do bookmarks and metadata that
//! hold one; the file is written again whole, so no earlier copy of a page survives in it.
//! Then the result is read back, every page, and refused if a redacted word can still be found
//! or any word still stands inside an area (naming the page), so nothing leaves with a name the
//! family chose to hide.
//!
//! Like `reader`, it works on bytes in memory, and callers run it in the contained reader.

use mupdf::pdf::annotation::{PdfRedactImageMethod, PdfRedactLineArtMethod, PdfRedactTextMethod};
use mupdf::pdf::{PdfDocument, PdfRedactOptions, PdfWriteOptions};
use mupdf::{Rect, TextPageFlags};

/// An area of a page to redact: the page (from 1) and a box in points from the page's top-left
/// corner as shown (the space the viewer and OCR's word boxes use).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Area {
    pub page: u32,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Area {
    fn rect(&self) -> Rect {
        Rect::new(self.x0, self.y0, self.x1, self.y1)
    }

    /// How much of `other` (a word's box) lies inside this area, from 0 to 1.
    fn covers(&self, x0: f32, y0: f32, x1: f32, y1: f32) -> f32 {
        let w = (self.x1.min(x1) - self.x0.max(x0)).max(0.0);
        let h = (self.y1.min(y1) - self.y0.max(y0)).max(0.0);
        let area = ((x1 - x0) * (y1 - y0)).max(f32::EPSILON);
        w * h / area
    }
}

/// A redacted copy and the pages it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    /// The pages with something redacted (from 1), in order.
    pub pages: Vec<u32>,
}

/// Why a redacted copy was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    #[error("the file is password-protected")]
    Protected,
    #[error("the file is signed")]
    Signed,
    #[error("nothing to redact: no area, and none of the words is on any page")]
    Nothing,
    #[error("the file could not be redacted ({0})")]
    Failed(String),
    /// Read back, the copy still holds a redacted word, or a word inside an area.
    #[error("“{word}” can still be found on page {page}")]
    StillThere { word: String, page: u32 },
}

fn failed(e: impl std::fmt::Display) -> RedactError {
    RedactError::Failed(e.to_string())
}

/// Words compared as a reader would find them: lower case, spaces and line breaks as one space,
/// curly apostrophes as straight ones.
fn normal(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One place a word stands, for the family to review before it is redacted: the word as found,
/// its page, the boxes it covers (two when it runs over a line's end) and the line or lines it
/// stands in.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    pub word: String,
    pub page: u32,
    pub areas: Vec<Area>,
    pub context: String,
}

fn area_of(page: u32, quad: &mupdf::Quad) -> Area {
    let xs = [quad.ul.x, quad.ur.x, quad.ll.x, quad.lr.x];
    let ys = [quad.ul.y, quad.ur.y, quad.ll.y, quad.lr.y];
    Area {
        page,
        x0: xs.iter().copied().fold(f32::MAX, f32::min),
        y0: ys.iter().copied().fold(f32::MAX, f32::min),
        x1: xs.iter().copied().fold(f32::MIN, f32::max),
        y1: ys.iter().copied().fold(f32::MIN, f32::max),
    }
}

/// Every place `words` stand in a PDF, in page order (MuPDF's search, which ignores case and
/// finds words split over lines). Where two of the words are found in the same place (a name and
/// its shorter form), the first of `words` is kept, so the longer forms should come first.
pub fn find(bytes: &[u8], words: &[String]) -> Result<Vec<Found>, RedactError> {
    use mupdf::text_page::SearchHitResponse;
    let doc = PdfDocument::from_bytes(bytes).map_err(failed)?;
    if doc.needs_password().map_err(failed)? {
        return Err(RedactError::Protected);
    }
    let count = doc.page_count().map_err(failed)?;
    let mut found: Vec<Found> = Vec::new();
    for index in 0..count {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let page = doc.load_page(index).map_err(failed)?;
        let text = page.to_text_page(TextPageFlags::empty()).map_err(failed)?;
        let mut lines: Option<Vec<(Rect, String)>> = None;
        let first = found.len();
        for word in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
            let mut hits: Vec<Vec<mupdf::Quad>> = Vec::new();
            text.search_cb(word, &mut hits, |v, quads| {
                v.push(quads.to_vec());
                SearchHitResponse::ContinueSearch
            })
            .map_err(failed)?;
            for quads in hits {
                let areas: Vec<Area> = quads.iter().map(|q| area_of(number, q)).collect();
                let taken = found[first..].iter().any(|f| {
                    f.areas.iter().any(|a| {
                        areas.iter().any(|b| {
                            a.covers(b.x0, b.y0, b.x1, b.y1) > 0.5
                                || b.covers(a.x0, a.y0, a.x1, a.y1) > 0.5
                        })
                    })
                });
                if taken || areas.is_empty() {
                    continue;
                }
                let lines = lines.get_or_insert_with(|| {
                    let mut all = Vec::new();
                    for block in text.blocks() {
                        for line in block.lines() {
                            let said: String = line.chars().filter_map(|c| c.char()).collect();
                            all.push((line.bounds(), said.trim().to_owned()));
                        }
                    }
                    all
                });
                let context = lines
                    .iter()
                    .filter(|(r, _)| {
                        areas.iter().any(|a| {
                            a.covers(r.x0, r.y0, r.x1, r.y1) > 0.0
                                || Area {
                                    page: number,
                                    x0: r.x0,
                                    y0: r.y0,
                                    x1: r.x1,
                                    y1: r.y1,
                                }
                                .covers(a.x0, a.y0, a.x1, a.y1)
                                    > 0.0
                        })
                    })
                    .map(|(_, said)| said.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                found.push(Found {
                    word: word.to_owned(),
                    page: number,
                    areas,
                    context,
                });
            }
        }
        found[first..].sort_by(|a, b| {
            let (a, b) = (&a.areas[0], &b.areas[0]);
            a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0))
        });
    }
    Ok(found)
}

/// Where `words` stand in a PDF: one area per box of each occurrence (see [`find`]).
pub fn find_words(bytes: &[u8], words: &[String]) -> Result<Vec<Area>, RedactError> {
    Ok(find(bytes, words)?
        .into_iter()
        .flat_map(|f| f.areas)
        .collect())
}

/// Whether any signature field of the PDF holds a signature.
fn is_signed(doc: &PdfDocument) -> Result<bool, RedactError> {
    let count = doc.page_count().map_err(failed)?;
    for index in 0..count {
        let page = doc.load_pdf_page(index).map_err(failed)?;
        for widget in page.widgets() {
            if widget.is_signed().unwrap_or(false) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// A redacted copy of the PDF `bytes`: every area in `areas` and every occurrence of `words`
/// removed (see the module's notes), read back and checked. A signed PDF is refused unless
/// `drop_signatures` (a redacted copy cannot keep a valid signature).
pub fn redact(
    bytes: &[u8],
    areas: &[Area],
    words: &[String],
    drop_signatures: bool,
) -> Result<Redacted, RedactError> {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.trim().to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    let mut all: Vec<Area> = areas.to_vec();
    all.extend(find_words(bytes, &words)?);
    if all.is_empty() {
        return Err(RedactError::Nothing);
    }
    let mut doc = PdfDocument::from_bytes(bytes).map_err(failed)?;
    if doc.needs_password().map_err(failed)? {
        return Err(RedactError::Protected);
    }
    if !drop_signatures && is_signed(&doc)? {
        return Err(RedactError::Signed);
    }
    let count = doc.page_count().map_err(failed)?;
    let mut pages: Vec<u32> = all.iter().map(|a| a.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let wanted: Vec<String> = words.iter().map(|w| normal(w)).collect();
    let holds_word = |text: &str| {
        let text = normal(text);
        wanted.iter().any(|w| text.contains(w.as_str()))
    };
    for &number in &pages {
        let index = i32::try_from(number - 1).map_err(failed)?;
        if index >= count {
            return Err(RedactError::Failed(format!("there is no page {number}")));
        }
        let mut page = doc.load_pdf_page(index).map_err(failed)?;
        for area in all.iter().filter(|a| a.page == number) {
            page.add_redact_annotation(area.rect()).map_err(failed)?;
        }
        page.apply_redactions_with_options(PdfRedactOptions {
            black_boxes: true,
            image_method: PdfRedactImageMethod::Pixels,
            line_art: PdfRedactLineArtMethod::RemoveIfCovered,
            text: PdfRedactTextMethod::Remove,
        })
        .map_err(failed)?;
    }
    // Annotations and form fields that hold a redacted word, or stand over an area, go.
    for index in 0..count {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut page = doc.load_pdf_page(index).map_err(failed)?;
        let over = |r: Rect| {
            all.iter()
                .filter(|a| a.page == number)
                .any(|a| a.covers(r.x0, r.y0, r.x1, r.y1) > 0.0)
        };
        let mut doomed = Vec::new();
        for annot in page.annotations() {
            let says = [
                annot.contents().ok().flatten(),
                annot.author().ok().flatten(),
            ]
            .into_iter()
            .flatten()
            .any(&holds_word);
            let rect = annot.rect().ok();
            if says || rect.is_some_and(over) {
                doomed.push(annot);
            }
        }
        for annot in doomed {
            page.delete_annotation(annot).map_err(failed)?;
        }
        let mut doomed = Vec::new();
        for widget in page.widgets() {
            let says = widget
                .value()
                .ok()
                .flatten()
                .is_some_and(|v| holds_word(&v));
            let rect = widget.annotation().rect().ok();
            if says
                || rect.is_some_and(over)
                || (drop_signatures && widget.is_signed().unwrap_or(false))
            {
                doomed.push(widget);
            }
        }
        for widget in doomed {
            page.delete_widget(widget).map_err(failed)?;
        }
    }
    // Bookmarks that name a redacted word, and the metadata, which may.
    let outlines = doc.outlines().map_err(failed)?;
    if outlines_hold(&outlines, &holds_word) {
        doc.delete_outlines().map_err(failed)?;
    }
    let trailer = doc.trailer().map_err(failed)?;
    if let Some(mut info) = trailer.get_dict("Info").map_err(failed)? {
        for key in [
            "Title", "Author", "Subject", "Keywords", "Creator", "Producer",
        ] {
            let says = info
                .get_dict(key)
                .ok()
                .flatten()
                .and_then(|v| v.as_string().ok())
                .is_some_and(|t| holds_word(&t));
            if says {
                info.dict_delete(key).map_err(failed)?;
            }
        }
    }
    let mut catalog = doc.catalog().map_err(failed)?;
    // The XMP metadata repeats the title and author: it goes.
    catalog.dict_delete("Metadata").map_err(failed)?;

    let mut options = PdfWriteOptions::default();
    options
        .set_garbage_level(4)
        .set_clean(true)
        .set_compress(true);
    let mut out = Vec::new();
    doc.write_to_with_options(&mut out, options)
        .map_err(failed)?;
    // Where MuPDF's redaction left a word (a font whose glyphs it cannot place), that page is
    // made a picture of itself, black boxes and all, with the words not redacted laid invisibly
    // over it again so it can still be searched; then the copy is checked again. Each page at
    // most once: a word still found after that refuses the copy.
    let mut flattened = Vec::new();
    loop {
        match check(&out, &all, &words) {
            Ok(()) => break,
            Err(RedactError::StillThere { page, .. }) if page > 0 && !flattened.contains(&page) => {
                out = flatten_page(&out, bytes, page, &all, &holds_word)?;
                flattened.push(page);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Redacted { bytes: out, pages })
}

/// How finely a page made a picture of itself is drawn, in dots per inch: enough to print and to
/// read again by OCR.
const FLATTEN_DPI: f32 = 150.0;

/// `current` with page `number` (from 1) replaced by a picture of itself as it stands (the
/// redactions' black boxes drawn), and the words of that page in `original` that lie in no area
/// and hold no redacted word laid invisibly over it.
fn flatten_page(
    current: &[u8],
    original: &[u8],
    number: u32,
    areas: &[Area],
    holds_word: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, RedactError> {
    use mupdf::{Buffer, Colorspace, Image, Matrix};
    let index = i32::try_from(number - 1).map_err(failed)?;
    let mut doc = PdfDocument::from_bytes(current).map_err(failed)?;
    let shown = doc.load_page(index).map_err(failed)?;
    let bounds = shown.bounds().map_err(failed)?;
    let (width, height) = (bounds.x1 - bounds.x0, bounds.y1 - bounds.y0);
    let scale = FLATTEN_DPI / 72.0;
    let mut pixmap = shown
        .to_pixmap(
            &Matrix::new_scale(scale, scale),
            &Colorspace::device_rgb(),
            false,
            true,
        )
        .map_err(failed)?;
    drop(shown);
    // The black boxes painted into the picture itself: a page whose redaction did not take
    // (its drawing clipped away, or its words not placed) is covered all the same.
    let (ox, oy) = pixmap.origin();
    let (pw, ph) = (pixmap.width() as usize, pixmap.height() as usize);
    let (n, stride) = (usize::from(pixmap.n()), pixmap.stride().unsigned_abs());
    let samples = pixmap.samples_mut();
    for a in areas.iter().filter(|a| a.page == number) {
        let span = |from: f32, to: f32, origin: i32, size: usize| {
            let lo = ((from * scale).floor() as i64 - i64::from(origin)).clamp(0, size as i64);
            let hi = ((to * scale).ceil() as i64 - i64::from(origin)).clamp(0, size as i64);
            lo as usize..hi as usize
        };
        let columns = span(a.x0, a.x1, ox, pw);
        for row in span(a.y0, a.y1, oy, ph) {
            let start = row * stride + columns.start * n;
            let end = row * stride + columns.end * n;
            if let Some(pixels) = samples.get_mut(start..end) {
                pixels.fill(0);
            }
        }
    }
    let image = Image::from_pixmap(&pixmap).map_err(failed)?;
    let fresh = doc.new_page_at(index, (width, height)).map_err(failed)?;
    let image = doc.add_image(&image).map_err(failed)?;
    let mut xobjects = doc.new_dict().map_err(failed)?;
    xobjects.dict_put("Im0", image).map_err(failed)?;
    fresh
        .resources()
        .and_then(|mut r| r.dict_put("XObject", xobjects))
        .map_err(failed)?;
    let content = format!("q {width} 0 0 {height} 0 0 cm /Im0 Do Q");
    let stream = doc
        .add_stream(
            &Buffer::from_bytes(content.as_bytes()).map_err(failed)?,
            None,
            false,
        )
        .map_err(failed)?;
    fresh
        .object()
        .dict_put("Contents", stream)
        .map_err(failed)?;
    drop(fresh);
    doc.delete_page(index + 1).map_err(failed)?;
    let mut options = PdfWriteOptions::default();
    options
        .set_garbage_level(4)
        .set_clean(true)
        .set_compress(true);
    let mut pictured = Vec::new();
    doc.write_to_with_options(&mut pictured, options)
        .map_err(failed)?;
    // The words that stay, where they stood on the page as shown.
    let source = mupdf::Document::from_bytes(original, "application/pdf").map_err(failed)?;
    let page = source.load_page(index).map_err(failed)?;
    let from = page.bounds().map_err(failed)?;
    let text = page.to_text_page(TextPageFlags::empty()).map_err(failed)?;
    let kept: Vec<crate::reader::OcrWord> = text
        .words()
        .into_iter()
        .filter(|w| {
            let b = w.bounds;
            !w.text.trim().is_empty()
                && !holds_word(&w.text)
                && !areas
                    .iter()
                    .filter(|a| a.page == number)
                    .any(|a| a.covers(b.x0, b.y0, b.x1, b.y1) > 0.0)
        })
        .map(|w| crate::reader::OcrWord {
            text: w.text,
            x0: w.bounds.x0 - from.x0,
            y0: w.bounds.y0 - from.y0,
            x1: w.bounds.x1 - from.x0,
            y1: w.bounds.y1 - from.y0,
            turned: 0,
        })
        .collect();
    if kept.is_empty() {
        return Ok(pictured);
    }
    crate::with_text_layer(
        &pictured,
        &[crate::reader::PageWords {
            page: number,
            words: kept,
        }],
    )
    .map_err(failed)
}

fn outlines_hold(outlines: &[mupdf::Outline], holds: &dyn Fn(&str) -> bool) -> bool {
    outlines
        .iter()
        .any(|o| holds(&o.title) || outlines_hold(&o.down, holds))
}

/// The copy read back: refused if a redacted word can be found on any page (its text, as any
/// reader extracts it, or its bytes as they stand), or a word still stands inside an area.
fn check(bytes: &[u8], areas: &[Area], words: &[String]) -> Result<(), RedactError> {
    let doc = mupdf::Document::from_bytes(bytes, "application/pdf").map_err(failed)?;
    let count = doc.page_count().map_err(failed)?;
    let wanted: Vec<(String, &String)> = words.iter().map(|w| (normal(w), w)).collect();
    for index in 0..count {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let page = doc.load_page(index).map_err(failed)?;
        let text = page.to_text_page(TextPageFlags::empty()).map_err(failed)?;
        // Read character by character: MuPDF's own text output is refused whole by a strict
        // UTF-8 reader when a font maps a glyph to no valid character (a Word file through
        // macOS Quartz does).
        let mut all = String::new();
        for block in text.blocks() {
            for line in block.lines() {
                all.extend(line.chars().filter_map(|c| c.char()));
                all.push('\n');
            }
        }
        let read = normal(&all);
        for (w, word) in &wanted {
            if read.contains(w.as_str()) {
                return Err(RedactError::StillThere {
                    word: (*word).clone(),
                    page: number,
                });
            }
        }
        for word in text.words() {
            let b = word.bounds;
            if areas
                .iter()
                .filter(|a| a.page == number)
                .any(|a| a.covers(b.x0, b.y0, b.x1, b.y1) > 0.5)
                && !word.text.trim().is_empty()
            {
                return Err(RedactError::StillThere {
                    word: word.text.clone(),
                    page: number,
                });
            }
        }
    }
    // The file's own bytes, for words written plainly (uncompressed streams, strings).
    let raw = String::from_utf8_lossy(bytes).to_lowercase();
    for (w, word) in &wanted {
        if w.len() >= 3 && raw.contains(w.as_str()) {
            return Err(RedactError::StillThere {
                word: (*word).clone(),
                page: 0,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn tool(name: &str, args: &[&str], input: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!(
            "casefile-redact-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("in.pdf");
        std::fs::write(&path, input).expect("write");
        let mut all: Vec<&str> = args.to_vec();
        let p = path.to_str().expect("utf-8");
        all.push(p);
        if name == "pdftotext" {
            all.push("-");
        }
        let out = Command::new(name).args(&all).output().unwrap_or_else(|e| {
            panic!(
                "{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}"
            )
        });
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn incident_report() -> Vec<u8> {
        crate::text_document_pdf(
            "Incident report",
            Some("Incident report, Willowbrook Primary School"),
            "On 3 March, Sam was pushed in the playground by Jane Smith (Year 4).\n\
             Jane Smith's parents were told the same day.\n\
             Mrs Patel, the teaching assistant, saw it and took Sam to the office.\n\
             Sam's speech and language therapy session was missed that afternoon.",
        )
        .expect("pdf")
        .bytes
    }

    #[test]
    fn a_name_is_gone_from_the_text_and_the_bytes_and_the_rest_of_the_page_is_still_read() {
        let original = incident_report();
        let before = tool("pdftotext", &[], &original);
        assert!(before.contains("Jane Smith"), "{before}");
        let redacted = redact(&original, &[], &["jane smith".to_owned()], false).expect("redacted");
        assert_eq!(redacted.pages, vec![1]);
        tool("qpdf", &["--check"], &redacted.bytes);
        let after = tool("pdftotext", &[], &redacted.bytes);
        assert!(!after.to_lowercase().contains("jane"), "{after}");
        assert!(!after.to_lowercase().contains("smith"), "{after}");
        // Everything else on the page is still there to read and search.
        for kept in [
            "pushed in the playground by",
            "parents were told the same day",
            "Mrs Patel",
            "speech and language therapy",
        ] {
            assert!(after.contains(kept), "{kept} in {after}");
        }
        assert!(
            !String::from_utf8_lossy(&redacted.bytes)
                .to_lowercase()
                .contains("jane smith")
        );
    }

    #[test]
    fn an_area_takes_out_what_lies_under_it_and_only_that() {
        let original = incident_report();
        let areas = find_words(&original, &["Mrs Patel".to_owned()]).expect("found");
        assert_eq!(areas.len(), 1);
        let redacted = redact(&original, &areas, &[], false).expect("redacted");
        let after = tool("pdftotext", &[], &redacted.bytes);
        assert!(!after.contains("Patel"), "{after}");
        assert!(after.contains("the teaching assistant, saw it"), "{after}");
        assert!(after.contains("Jane Smith"), "only the area: {after}");
    }

    #[test]
    fn each_place_a_name_stands_is_found_once_with_its_line_for_review() {
        let found = find(
            &incident_report(),
            &[
                "Jane Smith".to_owned(),
                "J Smith".to_owned(),
                "Smith".to_owned(),
            ],
        )
        .expect("found");
        // "Jane Smith" twice; "Smith" in the same places is not found again.
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.word == "Jane Smith" && f.page == 1));
        assert!(
            found[0]
                .context
                .contains("pushed in the playground by Jane Smith"),
            "{}",
            found[0].context
        );
        assert!(
            found[1].context.contains("parents were told"),
            "{}",
            found[1].context
        );
        assert!(
            found[0].areas[0].y0 < found[1].areas[0].y0,
            "in reading order"
        );
    }

    /// The incident report with a signature field holding a signature, as a signing program
    /// leaves it (a signature dictionary with its byte range and contents).
    fn signed_report() -> Vec<u8> {
        use lopdf::{Object, dictionary};
        let mut doc = lopdf::Document::load_mem(&incident_report()).expect("loads");
        let signature = doc.add_object(dictionary! {
            "Type" => "Sig",
            "Filter" => "Adobe.PPKLite",
            "SubFilter" => "adbe.pkcs7.detached",
            "ByteRange" => vec![0.into(), 10.into(), 20.into(), 30.into()],
            "Contents" => Object::String(vec![0; 64], lopdf::StringFormat::Hexadecimal),
            "Name" => Object::string_literal("School office"),
        });
        let page = *doc.get_pages().get(&1).expect("page 1");
        let widget = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "FT" => "Sig",
            "T" => Object::string_literal("Signature1"),
            "Rect" => vec![400.into(), 40.into(), 550.into(), 80.into()],
            "F" => 4,
            "P" => page,
            "V" => signature,
        });
        doc.get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .expect("page")
            .set("Annots", vec![widget.into()]);
        let form = doc.add_object(dictionary! { "Fields" => vec![widget.into()], "SigFlags" => 3 });
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .expect("root");
        doc.get_object_mut(root)
            .and_then(Object::as_dict_mut)
            .expect("catalog")
            .set("AcroForm", form);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("saved");
        out
    }

    #[test]
    fn a_signed_pdf_is_refused_unless_its_signature_may_go_and_then_the_copy_has_none() {
        let signed = signed_report();
        let words = ["Jane Smith".to_owned()];
        assert_eq!(
            redact(&signed, &[], &words, false),
            Err(RedactError::Signed)
        );
        let redacted = redact(&signed, &[], &words, true).expect("without its signature");
        let copy = PdfDocument::from_bytes(&redacted.bytes).expect("opens");
        assert!(
            !is_signed(&copy).expect("read"),
            "the copy claims no signature it cannot have"
        );
        let after = tool("pdftotext", &[], &redacted.bytes);
        assert!(
            !after.contains("Jane Smith") && after.contains("Mrs Patel"),
            "{after}"
        );
        tool("qpdf", &["--check"], &redacted.bytes);
    }

    #[test]
    fn a_pdf_that_needs_a_password_is_refused_before_anything_is_made() {
        let dir = std::env::temp_dir().join(format!("casefile-redact-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let (plain, locked) = (dir.join("plain.pdf"), dir.join("locked.pdf"));
        std::fs::write(&plain, incident_report()).expect("write");
        let made = Command::new("qpdf")
            .args(["--encrypt", "open-sesame", "owner", "256", "--"])
            .args([&plain, &locked])
            .status()
            .expect("qpdf is needed for this test");
        assert!(made.success());
        let bytes = std::fs::read(&locked).expect("locked");
        let _ = std::fs::remove_dir_all(&dir);
        let words = ["Jane Smith".to_owned()];
        assert_eq!(
            redact(&bytes, &[], &words, false),
            Err(RedactError::Protected)
        );
        assert_eq!(find(&bytes, &words), Err(RedactError::Protected));
    }

    #[test]
    fn a_word_on_no_page_is_nothing_to_redact() {
        assert_eq!(
            redact(&incident_report(), &[], &["Ravensworth".to_owned()], false),
            Err(RedactError::Nothing)
        );
    }
}
