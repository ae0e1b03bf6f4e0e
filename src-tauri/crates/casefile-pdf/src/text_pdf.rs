//! Plain text on A4 pages: paragraphs wrapped to the page width, a page number on every page.

use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions};

use crate::BundleError;
pub(crate) use crate::typeset::{Typesetter, Weight};

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const MARGIN_MM: f32 = 25.0;
/// 12 pt body text, as the Tribunal asks of witness statements and reports (Practice Direction 2025).
const BODY_PT: f32 = 12.0;
const LINE_PT: f32 = 16.5;
const FOOTER_PT: f32 = 9.0;
const MM_PER_PT: f32 = 25.4 / 72.0;

/// A written PDF and what it could not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the embedded font has no glyph for; the PDF shows a blank box for them, so
    /// the caller should say so (the text file keeps them).
    pub missing_characters: Vec<char>,
}

/// Breaks one paragraph into lines no wider than `max_pt`; a word wider than a line is split.
fn wrap(paragraph: &str, typesetter: &Typesetter, max_pt: f32) -> Vec<String> {
    wrap_at(paragraph, typesetter, Weight::Regular, BODY_PT, max_pt)
}

/// [`wrap`] at a given font size.
pub(crate) fn wrap_at(
    paragraph: &str,
    metrics: &Typesetter,
    weight: Weight,
    size_pt: f32,
    max_pt: f32,
) -> Vec<String> {
    if paragraph.trim().is_empty() {
        return vec![String::new()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if metrics.width_pt(&candidate, weight, size_pt) <= max_pt {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone may still be too wide (a long web address): split it by characters.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if metrics.width_pt(&piece, weight, size_pt) > max_pt && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    lines.push(line);
    lines
}

/// Lays `text` out on A4 pages under an optional bold `heading`, with "Page N of M" at the foot
/// of each page.
pub fn text_document_pdf(
    title: &str,
    heading: Option<&str>,
    text: &str,
) -> Result<TextPdf, BundleError> {
    text_pages(title, heading, text, true)
}

/// [`text_document_pdf`], with or without its own page numbers (a bundle stamps its own).
pub fn text_pages(
    title: &str,
    heading: Option<&str>,
    text: &str,
    footer: bool,
) -> Result<TextPdf, BundleError> {
    let metrics = Typesetter::new(&format!("{title}{heading:?}{text}"))?;
    let missing = metrics.missing_characters(&format!("{}{text}", heading.unwrap_or("")));

    let max_pt = (PAGE_WIDTH_MM - 2.0 * MARGIN_MM) / MM_PER_PT;
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.replace("\r\n", "\n").split('\n') {
        lines.extend(wrap(&paragraph.replace('\t', "    "), &metrics, max_pt));
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }

    let line_mm = LINE_PT * MM_PER_PT;
    let top = PAGE_HEIGHT_MM - MARGIN_MM;
    let bottom = MARGIN_MM + 8.0;
    let mut doc = PdfDocument::new(title);
    let mut pages_ops: Vec<Vec<Op>> = vec![Vec::new()];
    let mut y = top;
    if let Some(heading) = heading {
        pages_ops[0].extend(metrics.ops(Weight::Bold, 14.0, MARGIN_MM, y, heading));
        y -= line_mm * 2.0;
    }
    for line in &lines {
        if y < bottom {
            pages_ops.push(Vec::new());
            y = top;
        }
        if !line.is_empty()
            && let Some(ops) = pages_ops.last_mut()
        {
            ops.extend(metrics.ops(Weight::Regular, BODY_PT, MARGIN_MM, y, line));
        }
        y -= line_mm;
    }
    let total = pages_ops.len();
    let pages: Vec<PdfPage> = pages_ops
        .into_iter()
        .enumerate()
        .map(|(i, mut ops)| {
            if footer {
                let footer = format!("Page {} of {total}", i + 1);
                let x = (PAGE_WIDTH_MM
                    - metrics.width_pt(&footer, Weight::Regular, FOOTER_PT) * MM_PER_PT)
                    / 2.0;
                ops.extend(metrics.ops(Weight::Regular, FOOTER_PT, x, MARGIN_MM / 2.0, &footer));
            }
            PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
        })
        .collect();
    metrics.install(&mut doc)?;
    let bytes = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(TextPdf {
        bytes,
        pages: total,
        missing_characters: missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Runs a PDF tool from poppler-utils or qpdf (installed by scripts/install-deps.sh --tests).
    fn tool(name: &str, args: &[&str]) -> std::process::Output {
        Command::new(name).args(args).output().unwrap_or_else(|e| {
            panic!(
                "{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}"
            )
        })
    }

    fn write_temp(bytes: &[u8]) -> (tempfile_dir::Dir, String) {
        let dir = tempfile_dir::Dir::new();
        let path = dir.path.join("doc.pdf");
        std::fs::write(&path, bytes).expect("write pdf");
        let text = path.to_str().expect("utf-8 path").to_owned();
        (dir, text)
    }

    /// A throwaway folder without another dependency.
    mod tempfile_dir {
        pub struct Dir {
            pub path: std::path::PathBuf,
        }
        impl Dir {
            pub fn new() -> Dir {
                let path = std::env::temp_dir().join(format!(
                    "casefile-bundle-test-{}-{:?}",
                    std::process::id(),
                    std::thread::current().id()
                ));
                std::fs::create_dir_all(&path).expect("temp dir");
                Dir { path }
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.path);
            }
        }
    }

    fn letter_text(paragraphs: usize) -> String {
        let mut text = String::from(
            "[Your name]\n[Your address]\n\n25 November 2026\n\nDear Sir or Madam,\n\n",
        );
        for i in 0..paragraphs {
            text += &format!(
                "Paragraph {i}: The final EHC plan must be issued within 20 weeks of the council receiving the request (SEND Regs 2014 reg 13(2).) In Zoë O'Brien-Ćwikła’s case this was due by 1 June 2026.\n\n"
            );
        }
        text + "Yours faithfully,\n"
    }

    #[test]
    fn a_letter_becomes_a_valid_pdf_whose_text_can_be_read_back() {
        let pdf = text_document_pdf("Chasing letter", Some("Chasing letter"), &letter_text(3))
            .expect("pdf");
        assert_eq!(pdf.pages, 1);
        assert!(
            pdf.missing_characters.is_empty(),
            "{:?}",
            pdf.missing_characters
        );
        let (_dir, path) = write_temp(&pdf.bytes);
        let check = tool("qpdf", &["--check", &path]);
        assert!(
            check.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let text =
            String::from_utf8(tool("pdftotext", &["-layout", &path, "-"]).stdout).expect("utf-8");
        assert!(text.contains("Dear Sir or Madam,"), "{text}");
        assert!(text.contains("Zoë O'Brien-Ćwikła’s"), "{text}");
        assert!(text.contains("Page 1 of 1"), "{text}");
    }

    #[test]
    fn a_long_letter_runs_onto_more_pages_each_numbered() {
        let pdf = text_document_pdf("Long", None, &letter_text(40)).expect("pdf");
        assert!(pdf.pages >= 3, "{} pages", pdf.pages);
        let (_dir, path) = write_temp(&pdf.bytes);
        let info = String::from_utf8(tool("pdfinfo", &[&path]).stdout).expect("utf-8");
        assert!(
            info.contains(&format!("Pages:           {}", pdf.pages)),
            "{info}"
        );
        let text = String::from_utf8(tool("pdftotext", &[&path, "-"]).stdout).expect("utf-8");
        assert!(text.contains(&format!("Page {0} of {0}", pdf.pages)));
        assert!(
            text.contains("Paragraph 39"),
            "nothing is lost at page breaks"
        );
    }

    #[test]
    fn lines_never_run_past_the_margin_even_for_a_very_long_word() {
        let metrics = Typesetter::new("").expect("font");
        let max = 300.0;
        let lines = wrap(
            &format!("see https://{} now", "x".repeat(300)),
            &metrics,
            max,
        );
        assert!(lines.len() > 2);
        assert!(
            lines
                .iter()
                .all(|l| metrics.width_pt(l, Weight::Regular, BODY_PT) <= max)
        );
        assert_eq!(
            lines.concat().replace(' ', ""),
            format!("seehttps://{}now", "x".repeat(300))
        );
    }

    #[test]
    fn characters_no_font_has_are_reported() {
        // Gothic letters are in none of the fonts Casefile ships; Arabic is.
        let pdf = text_document_pdf("Letter", None, "Dear Sir,\nمحمد 𐌰\n").expect("pdf");
        assert_eq!(pdf.missing_characters, vec!['𐌰']);
    }
}
