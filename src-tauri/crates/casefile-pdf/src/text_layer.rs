//! The words OCR read on a scanned page, written back onto that page as invisible text (PDF
//! text rendering mode 3, as scanners' "searchable PDF" does), so a judge can search a bundle's
//! scanned letters and copy their words. The picture is untouched; each word lies over its box.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, Stream, StringFormat, dictionary};

use crate::merge::{Matrix, effective, upright};
use crate::reader::{OcrWord, PageWords, ReadError, load_for_writing};

/// The font name the layer uses on each page (Helvetica, one of the 14 every reader has).
const LAYER_FONT: &str = "CasefileOcr";
/// Helvetica's advance widths (thousandths of the type size) for the printable ASCII characters,
/// from its Adobe font metrics, so each word is stretched exactly to the box OCR found for it
/// and the gaps between words stay the gaps on the page (readers then see one line, with spaces).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// The width of WinAnsi `text` in Helvetica at size 1 (characters past ASCII taken as 0.556).
fn helvetica_width(text: &[u8]) -> f32 {
    text.iter()
        .map(|b| match b {
            32..=126 => f32::from(HELVETICA[usize::from(b - 32)]),
            _ => 556.0,
        })
        .sum::<f32>()
        / 1000.0
}

/// A word in WinAnsi, the encoding of the standard fonts: Latin letters, digits, punctuation and
/// the common typographic marks; a character outside it becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

fn invert(m: Matrix) -> Option<Matrix> {
    let det = m[0] * m[3] - m[1] * m[2];
    if det.abs() < f32::EPSILON {
        return None;
    }
    Some([
        m[3] / det,
        -m[1] / det,
        -m[2] / det,
        m[0] / det,
        (m[2] * m[5] - m[3] * m[4]) / det,
        (m[1] * m[4] - m[0] * m[5]) / det,
    ])
}

/// `bytes` with the words of `pages` laid invisibly over their boxes. Box coordinates are those
/// OCR gives: points on the page as a viewer shows it, from its top-left corner. Pages not named
/// are left as they are; a page number past the end is ignored.
pub fn with_text_layer(bytes: &[u8], pages: &[PageWords]) -> Result<Vec<u8>, ReadError> {
    let damaged = |e: lopdf::Error| ReadError::Damaged(e.to_string());
    let mut doc = load_for_writing(bytes).map_err(damaged)?;
    let numbers = doc.get_pages();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut changed = false;
    for page in pages.iter().filter(|p| !p.words.is_empty()) {
        let Some(&page_id) = numbers.get(&page.page) else {
            continue;
        };
        let Ok(found) = effective(&doc, page_id) else {
            continue;
        };
        let (to_upright, _, height) = upright(found.visible, found.rotate);
        let Some(from_upright) = invert(to_upright) else {
            continue;
        };
        let [a, b, c, d, _, _] = from_upright;
        let op = |name: &str, operands: Vec<Object>| Operation::new(name, operands);
        let mut ops = vec![op("BT", vec![]), op("Tr", vec![3.into()])];
        for word in &page.words {
            let text = win_ansi(word.text.trim());
            if text.is_empty() {
                continue;
            }
            // In upright coordinates (y up): which way the word runs, which way its letters
            // stand, how tall and long its box is across and along that way, and where its
            // baseline starts (a little inside the box's foot, where descenders end).
            let (bottom, top) = (height - word.y1, height - word.y0);
            let (wide, tall) = (word.x1 - word.x0, word.y1 - word.y0);
            let (run, stand, size, length, start) = match word.turned {
                // Lines running up the page: the letters stand towards the left.
                90 => (
                    (0.0, 1.0),
                    (-1.0, 0.0),
                    wide,
                    tall,
                    (word.x1 - 0.2 * wide, bottom),
                ),
                // Upside down: running right to left, letters standing downwards.
                180 => (
                    (-1.0, 0.0),
                    (0.0, -1.0),
                    tall,
                    wide,
                    (word.x1, top - 0.2 * tall),
                ),
                // Lines running down the page: the letters stand towards the right.
                270 => (
                    (0.0, -1.0),
                    (1.0, 0.0),
                    wide,
                    tall,
                    (word.x0 + 0.2 * wide, top),
                ),
                _ => (
                    (1.0, 0.0),
                    (0.0, 1.0),
                    tall,
                    wide,
                    (word.x0, bottom + 0.2 * tall),
                ),
            };
            let size = size.max(1.0);
            let natural = (helvetica_width(&text) * size).max(0.1);
            let stretch = (length.max(1.0) / natural).clamp(0.1, 10.0);
            let (ux, uy) = start;
            let px = a * ux + c * uy + from_upright[4];
            let py = b * ux + d * uy + from_upright[5];
            // The two directions in the page's own coordinates.
            let run = (a * run.0 + c * run.1, b * run.0 + d * run.1);
            let stand = (a * stand.0 + c * stand.1, b * stand.0 + d * stand.1);
            ops.push(op("Tf", vec![Object::Name(LAYER_FONT.into()), 1.into()]));
            ops.push(op(
                "Tm",
                [
                    run.0 * size * stretch,
                    run.1 * size * stretch,
                    stand.0 * size,
                    stand.1 * size,
                    px,
                    py,
                ]
                .into_iter()
                .map(Object::Real)
                .collect(),
            ));
            ops.push(op("Tj", vec![Object::String(text, StringFormat::Literal)]));
        }
        ops.push(op("ET", vec![]));
        let mut layer = b"\nQ\n".to_vec();
        layer.extend(Content { operations: ops }.encode().map_err(damaged)?);
        let mut resources = found.resources;
        let mut fonts = match resources.get(b"Font") {
            Ok(Object::Dictionary(fonts)) => fonts.clone(),
            _ => Dictionary::new(),
        };
        fonts.set(LAYER_FONT, Object::Reference(font));
        resources.set("Font", Object::Dictionary(fonts));
        // The page's own drawing is closed in q … Q, so whatever state it leaves, the layer
        // starts from the page's own coordinates.
        let before = doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
        let after = doc.add_object(Stream::new(Dictionary::new(), layer));
        let mut contents = vec![Object::Reference(before)];
        contents.extend(found.contents);
        contents.push(Object::Reference(after));
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page_id) {
            dict.set("Resources", Object::Dictionary(resources));
            dict.set("Contents", Object::Array(contents));
            changed = true;
        }
    }
    if !changed {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ReadError::Damaged(e.to_string()))?;
    Ok(out)
}

/// A photo as the one-page PDF a bundle shows (fitted to A4, upright by its EXIF orientation),
/// with the words OCR read on it laid invisibly over the picture, so a judge can search a
/// photographed letter. `words` are the photo's OCR words (its page 1), measured as the reader
/// shows the photo. `None` when the photo cannot be read.
pub fn photo_with_text_layer(bytes: &[u8], jpeg: bool, words: &[PageWords]) -> Option<Vec<u8>> {
    let mut placed = crate::image_page::image_page(bytes, jpeg).ok()?;
    let mut pdf = Vec::new();
    placed.doc.save_to(&mut pdf).ok()?;
    let Some(first) = words.iter().find(|p| p.page == 1) else {
        return Some(pdf);
    };
    let (width, height) = crate::reader::open(bytes, None).ok()?.page_size(1).ok()?;
    if width <= 0.0 || height <= 0.0 {
        return Some(pdf);
    }
    // From the photo as the reader shows it to the picture's box on the page, both measured
    // from the top-left corner.
    let [left, bottom, w, h] = placed.shown;
    let top = placed.page_height - bottom - h;
    let (sx, sy) = (w / width, h / height);
    let moved = PageWords {
        page: 1,
        words: first
            .words
            .iter()
            .map(|word| OcrWord {
                text: word.text.clone(),
                x0: left + word.x0 * sx,
                y0: top + word.y0 * sy,
                x1: left + word.x1 * sx,
                y1: top + word.y1 * sy,
                turned: word.turned,
            })
            .collect(),
    };
    with_text_layer(&pdf, &[moved]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::open;

    const SCANNED_PDF: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.pdf"
    ));

    fn word(text: &str, x0: f32, y0: f32, x1: f32, y1: f32) -> OcrWord {
        OcrWord {
            text: text.into(),
            x0,
            y0,
            x1,
            y1,
            turned: 0,
        }
    }

    fn line() -> Vec<PageWords> {
        vec![PageWords {
            page: 1,
            words: vec![
                word("Caseworker", 60.0, 220.0, 150.0, 234.0),
                word("reference", 156.0, 220.0, 230.0, 234.0),
                word("48213", 236.0, 220.0, 280.0, 234.0),
                word("café’s", 290.0, 220.0, 340.0, 234.0),
            ],
        }]
    }

    #[test]
    fn the_words_are_found_on_the_scan_and_the_picture_is_unchanged() {
        let before = open(SCANNED_PDF, None).expect("scan");
        assert_eq!(before.page_text(1).expect("text"), "");
        let layered = with_text_layer(SCANNED_PDF, &line()).expect("layer");
        let after = open(&layered, None).expect("layered");
        let text = after.page_text(1).expect("text");
        assert!(text.contains("Caseworker reference 48213 café’s"), "{text}");
        // Invisible: the page draws exactly as before.
        assert_eq!(
            before.render_png(1, 50).expect("png"),
            after.render_png(1, 50).expect("png")
        );
        // Nothing to add: the same bytes back.
        assert_eq!(
            with_text_layer(SCANNED_PDF, &[]).expect("none"),
            SCANNED_PDF
        );
        let past_the_end = vec![PageWords {
            page: 9,
            words: line()[0].words.clone(),
        }];
        assert_eq!(
            with_text_layer(SCANNED_PDF, &past_the_end).expect("none"),
            SCANNED_PDF
        );
    }

    #[test]
    fn on_a_page_shown_turned_the_words_still_read_left_to_right_where_ocr_saw_them() {
        // The scan stored sideways and shown turned 90° clockwise (/Rotate 90): OCR saw a
        // 288 × 595 pt page as shown, and the layer must follow the page as shown.
        let mut doc = lopdf::Document::load_mem(SCANNED_PDF).expect("load");
        let page = *doc.get_pages().get(&1).expect("page");
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) {
            dict.set("Rotate", 90);
        }
        let mut turned = Vec::new();
        doc.save_to(&mut turned).expect("save");
        let layered = with_text_layer(&turned, &line()).expect("layer");
        let text = open(&layered, None)
            .expect("open")
            .page_text(1)
            .expect("text");
        assert!(text.contains("Caseworker reference 48213"), "{text}");
    }

    #[test]
    fn characters_outside_the_standard_fonts_become_question_marks() {
        assert_eq!(win_ansi("£5 – “ok”"), b"\xa35 \x96 \x93ok\x94".to_vec());
        assert_eq!(win_ansi("أحمد"), b"????".to_vec());
    }

    const PHOTO: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.jpg"
    ));
    const SIDEWAYS_PHOTO: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/phone-photo-rotated.jpg"
    ));

    /// Tesseract's English data as Debian installs it (scripts/install-deps.sh --tests).
    fn tessdata() -> std::path::PathBuf {
        [
            "/usr/share/tesseract-ocr/5/tessdata",
            "/usr/share/tesseract-ocr/4.00/tessdata",
        ]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.join("eng.traineddata").is_file())
        .expect("tesseract-ocr-eng is installed (scripts/install-deps.sh --tests)")
    }

    #[test]
    fn a_photographed_letter_carries_the_words_ocr_read_where_they_are_on_the_page() {
        let photo = open(PHOTO, None).expect("photo");
        let ocr = photo.ocr_page(1, &tessdata()).expect("ocr");
        assert!(ocr.words.len() > 5, "{:?}", ocr.text);
        let pages = vec![PageWords {
            page: 1,
            words: ocr.words.clone(),
        }];
        let layered = photo_with_text_layer(PHOTO, true, &pages).expect("layer");
        let plain = photo_with_text_layer(PHOTO, true, &[]).expect("plain");
        let (after, before) = (
            open(&layered, None).expect("pdf"),
            open(&plain, None).expect("pdf"),
        );
        // Every word OCR read is searchable on the bundle page, in the same order.
        let text = after.page_text(1).expect("text");
        let words: Vec<&str> = ocr.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), words, "{text}");
        assert_eq!(before.page_text(1).expect("text"), "");
        // Invisible: the page looks exactly as the photo's page without the layer.
        assert_eq!(
            before.render_png(1, 40).expect("png"),
            after.render_png(1, 40).expect("png")
        );
        // And each word lies over the picture where OCR saw it: reading the bundle page again
        // by OCR finds the first word in the same place, to within a few points.
        let again = after.ocr_page(1, &tessdata()).expect("ocr again");
        let (first, seen) = (&after_words(&after)[0], &again.words[0]);
        assert_eq!(first.text, seen.text);
        // The layer's box is its font's (ascender to descender), OCR's the ink's: compare the
        // left edge and the middle of the line.
        let middle = |w: &OcrWord| (w.y0 + w.y1) / 2.0;
        assert!(
            (first.x0 - seen.x0).abs() < 4.0 && (middle(first) - middle(seen)).abs() < 4.0,
            "{first:?} vs {seen:?}"
        );
    }

    /// The words of page 1 of `pdf` with their boxes, as MuPDF reads the text layer.
    fn after_words(pdf: &crate::reader::Opened) -> Vec<OcrWord> {
        pdf.page_words(1).expect("words")
    }

    #[test]
    fn a_photo_stored_sideways_is_measured_as_it_is_shown() {
        // The reader shows the photo turned as its EXIF orientation says (portrait), the way
        // the bundle page shows it, so OCR's boxes and the page agree.
        let (w, h) = open(SIDEWAYS_PHOTO, None)
            .expect("photo")
            .page_size(1)
            .expect("size");
        assert!(h > w, "{w} × {h}");
    }
}
