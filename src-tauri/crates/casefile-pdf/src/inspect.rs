//! What each page of a PDF holds, for checking a bundle against the Practice Direction before it
//! is built: its text, whether anything is drawn from a picture, and the type size most of its
//! text is set in. Reads bytes only; a page that cannot be read is reported as unreadable, never
//! as blank.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId};

/// One page, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFacts {
    /// The page's text, as the PDF's own text layer gives it (empty for a scan without one).
    pub text: String,
    /// Whether the page draws a picture (an image or a form holding one): a scan is not blank.
    pub has_images: bool,
    /// Whether the page draws any lines or filled shapes (a form's boxes, a chart).
    pub has_drawing: bool,
    /// The type size, in points on the page as it prints, that most of the page's characters
    /// are set in; `None` without text.
    pub body_size: Option<f32>,
    /// False when the page's content could not be decoded: then nothing else here is known.
    pub readable: bool,
}

impl PageFacts {
    /// Nothing on the page: no characters drawn (whether or not their letters can be read
    /// back), no picture, no drawing; and it could be read.
    pub fn is_blank(&self) -> bool {
        self.readable
            && self.text.trim().is_empty()
            && self.body_size.is_none()
            && !self.has_images
            && !self.has_drawing
    }
}

/// Every page of `bytes`, in order; `None` when the PDF cannot be opened at all.
pub fn inspect_pdf(bytes: &[u8]) -> Option<Vec<PageFacts>> {
    let doc = crate::reader::load_for_writing(bytes)
        .ok()
        .filter(|d| d.is_encrypted() || crate::reader::pages_sound(d))?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return None;
    }
    Some(
        doc.get_pages()
            .into_iter()
            .map(|(number, id)| inspect_page(&doc, number, id))
            .collect(),
    )
}

fn inspect_page(doc: &Document, number: u32, id: ObjectId) -> PageFacts {
    let text = doc.extract_text(&[number]).unwrap_or_default();
    let Some(content) = Content::decode(&doc.get_page_content(id)).ok() else {
        return PageFacts {
            text,
            has_images: false,
            has_drawing: false,
            body_size: None,
            readable: false,
        };
    };
    let mut state = Walk::default();
    state.walk(&content.operations);
    PageFacts {
        text,
        has_images: state.images,
        has_drawing: state.drawing,
        body_size: state.body_size(),
        readable: true,
    }
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// A 2-D affine matrix [a b c d e f], as PDF writes them.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// How much a matrix scales lengths (the square root of its area scale).
fn scale(m: Matrix) -> f32 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

fn matrix(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f32> = operands.iter().filter_map(number).collect();
    (values.len() == 6).then(|| {
        [
            values[0], values[1], values[2], values[3], values[4], values[5],
        ]
    })
}

/// The graphics state a content stream walks through, as far as type size needs it.
#[derive(Default)]
struct Walk {
    ctm: Option<Matrix>,
    saved: Vec<Option<Matrix>>,
    text_matrix: Option<Matrix>,
    font_size: f32,
    /// Characters set at each size (in tenths of a point).
    sizes: std::collections::BTreeMap<u32, usize>,
    images: bool,
    drawing: bool,
    /// Whether the fill colour is white (a page's background painted white is not a drawing).
    white_fill: bool,
    saved_fill: Vec<bool>,
}

impl Walk {
    fn walk(&mut self, operations: &[Operation]) {
        for op in operations {
            let operands = &op.operands;
            match op.operator.as_str() {
                "q" => {
                    self.saved.push(self.ctm);
                    self.saved_fill.push(self.white_fill);
                }
                "Q" => {
                    self.ctm = self.saved.pop().flatten();
                    self.white_fill = self.saved_fill.pop().unwrap_or(false);
                }
                "g" | "rg" | "sc" | "scn" => {
                    let values: Vec<f32> = operands.iter().filter_map(number).collect();
                    self.white_fill = !values.is_empty() && values.iter().all(|v| *v >= 0.999);
                }
                "k" => {
                    let values: Vec<f32> = operands.iter().filter_map(number).collect();
                    self.white_fill = values.len() == 4 && values.iter().all(|v| *v <= 0.001);
                }
                "cm" => {
                    if let Some(m) = matrix(operands) {
                        self.ctm = Some(multiply(m, self.ctm.unwrap_or(IDENTITY)));
                    }
                }
                "BT" => self.text_matrix = Some(IDENTITY),
                "Tm" => self.text_matrix = matrix(operands).or(self.text_matrix),
                "Tf" => {
                    if let Some(size) = operands.get(1).and_then(number) {
                        self.font_size = size;
                    }
                }
                "Tj" | "'" | "\"" => {
                    let chars = operands.iter().map(string_chars).sum();
                    self.count(chars);
                }
                "TJ" => {
                    let chars = operands
                        .iter()
                        .filter_map(|o| o.as_array().ok())
                        .flatten()
                        .map(string_chars)
                        .sum();
                    self.count(chars);
                }
                "Do" | "BI" | "sh" => self.images = true,
                "f" | "F" | "f*" => self.drawing |= !self.white_fill,
                "S" | "s" | "B" | "B*" | "b" | "b*" => self.drawing = true,
                _ => {}
            }
        }
    }

    fn count(&mut self, chars: usize) {
        if chars == 0 {
            return;
        }
        let size = self.font_size.abs()
            * scale(self.text_matrix.unwrap_or(IDENTITY))
            * scale(self.ctm.unwrap_or(IDENTITY));
        if size.is_finite() && size > 0.0 {
            *self.sizes.entry((size * 10.0).round() as u32).or_default() += chars;
        }
    }

    fn body_size(&self) -> Option<f32> {
        self.sizes
            .iter()
            .max_by_key(|(size, chars)| (**chars, std::cmp::Reverse(**size)))
            .map(|(size, _)| *size as f32 / 10.0)
    }
}

/// Characters in a string operand, not counting spaces.
fn string_chars(object: &Object) -> usize {
    match object {
        Object::String(bytes, _) => bytes.iter().filter(|b| !b.is_ascii_whitespace()).count(),
        _ => 0,
    }
}

/// A page's text reduced to its words, lower case, for comparing pages across documents: the
/// same page under another title (or re-stamped) compares equal.
pub fn page_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_pages;

    #[test]
    fn a_generated_letter_is_not_blank_and_reads_at_its_own_size() {
        let letter = text_pages(
            "Letter",
            Some("Letter"),
            "Speech and language therapy was not delivered in October or November.",
            false,
        )
        .expect("pdf");
        let pages = inspect_pdf(&letter.bytes).expect("reads");
        assert_eq!(pages.len(), 1);
        // (lopdf cannot map this embedded font's glyphs back to letters; the size still reads.)
        assert!(!pages[0].is_blank());
        let size = pages[0].body_size.expect("a size");
        assert!((9.0..=14.0).contains(&size), "{size}");
    }

    /// A one-page A4 PDF drawing `content`, with Helvetica as /F1.
    fn one_page(content: &str) -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("save");
        out
    }

    fn size_of(content: &str) -> Option<f32> {
        inspect_pdf(&one_page(content)).expect("reads")[0].body_size
    }

    #[test]
    fn the_type_size_is_measured_as_it_prints_through_both_matrices() {
        assert_eq!(
            size_of("BT /F1 9 Tf 72 720 Td (Nine point body text for the report) Tj ET"),
            Some(9.0)
        );
        // 6 pt type drawn at twice the size by the page's matrix prints at 12 pt.
        assert_eq!(
            size_of("q 2 0 0 2 0 0 cm BT /F1 6 Tf 10 10 Td (Twelve point once scaled) Tj ET Q"),
            Some(12.0)
        );
        // 10 pt type scaled 1.2 times by the text matrix.
        assert_eq!(
            size_of("BT /F1 10 Tf 1.2 0 0 1.2 72 700 Tm (Scaled by the text matrix) Tj ET"),
            Some(12.0)
        );
        // A large heading over a body of small type: the body is what counts.
        assert_eq!(
            size_of(
                "BT /F1 18 Tf 72 760 Td (Report) Tj /F1 10 Tf 0 -30 Td [(The child needs weekly) -250 (speech therapy sessions.)] TJ ET"
            ),
            Some(10.0)
        );
        // After Q the page's matrix is back to what it was.
        assert_eq!(
            size_of(
                "q 3 0 0 3 0 0 cm Q BT /F1 11 Tf 72 700 Td (Eleven point after a restored state) Tj ET"
            ),
            Some(11.0)
        );
    }

    #[test]
    fn an_empty_page_is_blank_and_a_page_with_a_drawing_or_text_is_not() {
        let blank = &inspect_pdf(&one_page("")).expect("reads")[0];
        assert!(blank.is_blank());
        assert_eq!(blank.body_size, None);
        assert!(!inspect_pdf(&one_page("0 0 100 100 re f")).expect("reads")[0].is_blank());
        // A page whose background is painted white (as browsers print) is still blank.
        assert!(inspect_pdf(&one_page("1 1 1 rg 0 0 595 842 re f")).expect("reads")[0].is_blank());
        assert!(inspect_pdf(&one_page("q 1 g 0 0 595 842 re f Q")).expect("reads")[0].is_blank());
        assert!(!inspect_pdf(&one_page("1 g 0 g 0 0 10 10 re f")).expect("reads")[0].is_blank());
        assert!(!inspect_pdf(&one_page("BT /F1 12 Tf (x) Tj ET")).expect("reads")[0].is_blank());
        assert!(
            !inspect_pdf(&one_page("q 100 0 0 100 0 0 cm /Im1 Do Q")).expect("reads")[0].is_blank()
        );
    }

    #[test]
    fn page_words_ignore_case_punctuation_and_spacing() {
        assert_eq!(
            page_words("The  Council's\nREPORT, page 3"),
            page_words("the council s report page 3")
        );
    }

    #[test]
    fn bytes_that_are_not_a_pdf_are_not_read() {
        assert_eq!(inspect_pdf(b"not a pdf"), None);
    }
}
