//! Marked-up text on A4 pages: words in bold, italic, underlined or struck through (the
//! Tribunal's key for a working document), numbered paragraphs with their numbers hanging in the
//! margin, footnotes at the foot of the page that cites them, and places for signatures at the
//! foot of every page (the panel asks both parties to sign each page of the marked-up copy).

use printpdf::{Line, LinePoint, Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Point, Pt};

use crate::BundleError;
use crate::text_pdf::TextPdf;
use crate::typeset::{Typesetter, Weight};

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const MARGIN_MM: f32 = 20.0;
const BODY_PT: f32 = 12.0;
const LINE_PT: f32 = 16.0;
const HEADING_PT: f32 = 13.5;
const NOTE_PT: f32 = 9.0;
const NOTE_LINE_PT: f32 = 11.5;
/// The footnote's number in the text: smaller, and raised.
const MARK_PT: f32 = 7.5;
const FOOT_PT: f32 = 8.5;
/// Where a paragraph's words start, right of its number ("F12").
const HANG_MM: f32 = 13.0;
/// The lowest a line of text or footnote may sit: below are the signatures and the page number.
const BOTTOM_MM: f32 = 38.0;
const MM_PER_PT: f32 = 25.4 / 72.0;

/// How a span of words looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
}

impl Look {
    fn weight(self) -> Weight {
        if self.bold {
            Weight::Bold
        } else if self.italic {
            Weight::Italic
        } else {
            Weight::Regular
        }
    }
}

/// Words of one look, and the footnote cited after them, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub look: Look,
    pub note: Option<u32>,
}

/// A heading, or a paragraph with its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph {
        /// Shown in bold in the left margin ("F3").
        label: Option<String>,
        /// Joined as they are: a space between spans is the caller's.
        spans: Vec<Span>,
    },
}

/// A marked-up document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedDocument {
    pub title: String,
    pub blocks: Vec<Block>,
    /// Each footnote's number and words.
    pub notes: Vec<(u32, String)>,
    /// Who signs each page ("Signed for the parent"); each gets a line at the page's foot.
    pub signatures: Vec<String>,
    /// Said at the foot of each page before its number.
    pub running: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Word(String, Look),
    Space(Look),
    Note(u32),
}

impl Atom {
    fn width(&self, metrics: &Typesetter) -> f32 {
        match self {
            Atom::Word(text, look) => metrics.width_pt(text, look.weight(), BODY_PT),
            Atom::Space(look) => metrics.width_pt(" ", look.weight(), BODY_PT),
            Atom::Note(n) => metrics.width_pt(&n.to_string(), Weight::Regular, MARK_PT),
        }
    }
}

/// A rule drawn under or through words: from `x0` to `x1` (points from the text's left edge),
/// at `rise` points above the baseline.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    x0: f32,
    x1: f32,
    rise: f32,
}

/// A laid-out line: what to draw where (points from its left edge) and the rules with it.
#[derive(Debug, Clone, PartialEq, Default)]
struct SetLine {
    pieces: Vec<(f32, String, Look)>,
    marks: Vec<(f32, u32)>,
    rules: Vec<Rule>,
}

impl SetLine {
    fn notes(&self) -> impl Iterator<Item = u32> + '_ {
        self.marks.iter().map(|(_, n)| *n)
    }
}

fn atoms(spans: &[Span]) -> Vec<Atom> {
    let mut atoms = Vec::new();
    for span in spans {
        for (i, word) in span.text.split(' ').enumerate() {
            if i > 0 {
                atoms.push(Atom::Space(span.look));
            }
            if !word.is_empty() {
                atoms.push(Atom::Word(word.to_owned(), span.look));
            }
        }
        if let Some(n) = span.note {
            atoms.push(Atom::Note(n));
        }
    }
    atoms
}

/// Breaks a paragraph's words into lines no wider than `max_pt`; a word wider than a line is
/// split.
fn break_lines(atoms: Vec<Atom>, metrics: &Typesetter, max_pt: f32) -> Vec<Vec<Atom>> {
    let mut lines: Vec<Vec<Atom>> = Vec::new();
    let mut line: Vec<Atom> = Vec::new();
    let mut width = 0.0;
    let finish = |line: &mut Vec<Atom>, lines: &mut Vec<Vec<Atom>>| {
        while matches!(line.last(), Some(Atom::Space(_))) {
            line.pop();
        }
        if !line.is_empty() {
            lines.push(std::mem::take(line));
        }
    };
    for atom in atoms {
        let w = atom.width(metrics);
        match &atom {
            Atom::Space(_) if line.is_empty() => continue,
            Atom::Word(text, look) if width + w > max_pt => {
                finish(&mut line, &mut lines);
                width = 0.0;
                if w > max_pt {
                    // A word wider than the line (a long web address): split by characters.
                    let mut piece = String::new();
                    for c in text.chars() {
                        piece.push(c);
                        if metrics.width_pt(&piece, look.weight(), BODY_PT) > max_pt
                            && piece.chars().count() > 1
                        {
                            piece.pop();
                            lines.push(vec![Atom::Word(std::mem::take(&mut piece), *look)]);
                            piece.push(c);
                        }
                    }
                    let atom = Atom::Word(piece, *look);
                    width = atom.width(metrics);
                    line.push(atom);
                    continue;
                }
            }
            _ => {}
        }
        width += w;
        line.push(atom);
    }
    finish(&mut line, &mut lines);
    lines
}

/// Places a line's atoms: words of one look drawn together, and the rules through or under
/// each struck or underlined run of them. A footnote's mark ends the words before it.
fn set_line(line: &[Atom], metrics: &Typesetter) -> SetLine {
    let mut set = SetLine::default();
    let mut x = 0.0;
    let mut joinable = false;
    for atom in line {
        let w = atom.width(metrics);
        match atom {
            Atom::Note(n) => {
                set.marks.push((x, *n));
                joinable = false;
            }
            Atom::Word(_, look) | Atom::Space(look) => {
                let text = match atom {
                    Atom::Word(text, _) => text.as_str(),
                    _ => " ",
                };
                match set.pieces.last_mut() {
                    Some((_, piece, last)) if joinable && last == look => piece.push_str(text),
                    _ => set.pieces.push((x, text.to_owned(), *look)),
                }
                joinable = true;
                if look.strike {
                    push_rule(&mut set.rules, x, x + w, BODY_PT * 0.3);
                }
                if look.underline {
                    push_rule(&mut set.rules, x, x + w, -BODY_PT * 0.14);
                }
            }
        }
        x += w;
    }
    set
}

/// Adds a rule, joining it to the last when they meet at the same height.
fn push_rule(rules: &mut Vec<Rule>, x0: f32, x1: f32, rise: f32) {
    if let Some(last) = rules
        .iter_mut()
        .rev()
        .find(|r| (r.rise - rise).abs() < 0.01)
        && (last.x1 - x0).abs() < 0.01
    {
        last.x1 = x1;
        return;
    }
    rules.push(Rule { x0, x1, rise });
}

fn rule_op(x0_mm: f32, x1_mm: f32, y_mm: f32) -> Op {
    let point = |x: f32| LinePoint {
        p: Point {
            x: Mm(x).into(),
            y: Mm(y_mm).into(),
        },
        bezier: false,
    };
    Op::DrawLine {
        line: Line {
            points: vec![point(x0_mm), point(x1_mm)],
            is_closed: false,
        },
    }
}

/// One page being filled.
struct Page {
    ops: Vec<Op>,
    /// The top of the next line's box.
    y: f32,
    /// Footnotes cited on this page, each as its wrapped lines.
    notes: Vec<(u32, Vec<String>)>,
}

impl Page {
    fn new() -> Page {
        Page {
            ops: Vec::new(),
            y: PAGE_HEIGHT_MM - MARGIN_MM,
            notes: Vec::new(),
        }
    }

    fn notes_height(&self) -> f32 {
        notes_height(self.notes.iter().map(|(_, lines)| lines.len()))
    }
}

/// The height of footnotes of so many lines each, with the rule above them.
fn notes_height(lines: impl Iterator<Item = usize>) -> f32 {
    let count: usize = lines.sum();
    if count == 0 {
        return 0.0;
    }
    4.0 + count as f32 * NOTE_LINE_PT * MM_PER_PT
}

/// How many A4 pages [`marked_pdf`] makes of `document`, without writing them.
pub fn marked_page_count(document: &MarkedDocument) -> Result<usize, BundleError> {
    let metrics = Typesetter::new("")?;
    Ok(lay_out(document, &metrics).len())
}

/// Lays out a marked-up document on A4 pages.
pub fn marked_pdf(document: &MarkedDocument) -> Result<TextPdf, BundleError> {
    let seed = format!("{document:?}");
    let metrics = Typesetter::new(&seed)?;
    let missing = metrics.missing_characters(&all_text(document));
    let pages = lay_out(document, &metrics);
    let total = pages.len();
    let mut doc = PdfDocument::new(&document.title);
    let mut pdf_pages = Vec::with_capacity(total);
    for (index, page) in pages.into_iter().enumerate() {
        pdf_pages.push(finish_page(document, &metrics, page, index, total));
    }
    metrics.install(&mut doc)?;
    let bytes = doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(TextPdf {
        bytes,
        pages: total,
        missing_characters: missing,
    })
}

/// Every word of the document, to find the characters no font has.
fn all_text(document: &MarkedDocument) -> String {
    let mut all = String::new();
    for block in &document.blocks {
        match block {
            Block::Heading(text) => all.push_str(text),
            Block::Paragraph { spans, .. } => {
                for span in spans {
                    all.push_str(&span.text);
                }
            }
        }
    }
    for (_, note) in &document.notes {
        all.push_str(note);
    }
    all
}

/// The document's blocks laid out on pages: each page's text and the footnotes it cites.
fn lay_out(document: &MarkedDocument, metrics: &Typesetter) -> Vec<Page> {
    let text_pt = (PAGE_WIDTH_MM - 2.0 * MARGIN_MM) / MM_PER_PT;
    let note_lines = |n: u32| -> Vec<String> {
        let words = document
            .notes
            .iter()
            .find(|(m, _)| *m == n)
            .map_or("", |(_, w)| w.as_str());
        crate::text_pdf::wrap_at(
            &format!("{n}  {words}"),
            metrics,
            Weight::Regular,
            NOTE_PT,
            text_pt,
        )
    };
    let line_mm = LINE_PT * MM_PER_PT;
    let mut pages: Vec<Page> = vec![Page::new()];
    for block in &document.blocks {
        match block {
            Block::Heading(text) => {
                let page = pages.last_mut().expect("a page");
                // A heading keeps two lines of its section with it.
                if page.y - 4.0 * line_mm < BOTTOM_MM + page.notes_height() {
                    pages.push(Page::new());
                }
                let page = pages.last_mut().expect("a page");
                if page.y < PAGE_HEIGHT_MM - MARGIN_MM {
                    page.y -= line_mm * 0.5;
                }
                let lines =
                    crate::text_pdf::wrap_at(text, metrics, Weight::Bold, HEADING_PT, text_pt);
                for line in lines {
                    page.y -= line_mm * 1.1;
                    page.ops.extend(metrics.ops(
                        Weight::Bold,
                        HEADING_PT,
                        MARGIN_MM,
                        page.y,
                        &line,
                    ));
                }
                page.y -= line_mm * 0.4;
            }
            Block::Paragraph { label, spans } => {
                let indent = if label.is_some() { HANG_MM } else { 0.0 };
                let max = text_pt - indent / MM_PER_PT;
                let lines = break_lines(atoms(spans), metrics, max);
                for (i, line) in lines.iter().enumerate() {
                    let set = set_line(line, metrics);
                    let cited: Vec<(u32, Vec<String>)> =
                        set.notes().map(|n| (n, note_lines(n))).collect();
                    let fits = |page: &Page| {
                        let notes = notes_height(
                            page.notes.iter().chain(cited.iter()).map(|(_, l)| l.len()),
                        );
                        page.y - line_mm >= BOTTOM_MM + notes
                    };
                    if !fits(pages.last().expect("a page")) {
                        pages.push(Page::new());
                    }
                    let page = pages.last_mut().expect("a page");
                    page.y -= line_mm;
                    let left = MARGIN_MM + indent;
                    if i == 0
                        && let Some(label) = label
                    {
                        page.ops.extend(metrics.ops(
                            Weight::Bold,
                            BODY_PT,
                            MARGIN_MM,
                            page.y,
                            label,
                        ));
                    }
                    draw_line(&mut page.ops, metrics, &set, left, page.y);
                    page.notes.extend(cited);
                }
                pages.last_mut().expect("a page").y -= line_mm * 0.45;
            }
        }
    }
    pages
}

/// A laid-out page with its footnotes, the places to sign and its number.
fn finish_page(
    document: &MarkedDocument,
    metrics: &Typesetter,
    page: Page,
    index: usize,
    total: usize,
) -> PdfPage {
    {
        let mut ops = vec![
            Op::SetOutlineColor {
                col: printpdf::Color::Rgb(printpdf::Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            },
            Op::SetOutlineThickness { pt: Pt(0.6) },
        ];
        ops.extend(page.ops);
        // Footnotes, from the bottom up: the last note's last line sits just above the foot.
        if !page.notes.is_empty() {
            let lines: Vec<&String> = page.notes.iter().flat_map(|(_, l)| l.iter()).collect();
            let note_line_mm = NOTE_LINE_PT * MM_PER_PT;
            let mut y = BOTTOM_MM + (lines.len() as f32 - 1.0) * note_line_mm;
            ops.push(rule_op(MARGIN_MM, MARGIN_MM + 50.0, y + note_line_mm + 0.5));
            for line in lines {
                ops.extend(metrics.ops(Weight::Regular, NOTE_PT, MARGIN_MM, y, line));
                y -= note_line_mm;
            }
        }
        // The places to sign, side by side: a line each, and who signs under it.
        if !document.signatures.is_empty() {
            let gap = 8.0;
            let count = document.signatures.len() as f32;
            let width = (PAGE_WIDTH_MM - 2.0 * MARGIN_MM - gap * (count - 1.0)) / count;
            for (i, who) in document.signatures.iter().enumerate() {
                let x = MARGIN_MM + i as f32 * (width + gap);
                ops.push(rule_op(x, x + width, 26.0));
                ops.extend(metrics.ops(Weight::Regular, FOOT_PT, x, 22.0, who));
            }
        }
        let foot = if document.running.is_empty() {
            format!("Page {} of {total}", index + 1)
        } else {
            format!("{} · page {} of {total}", document.running, index + 1)
        };
        let x =
            (PAGE_WIDTH_MM - metrics.width_pt(&foot, Weight::Regular, FOOT_PT) * MM_PER_PT) / 2.0;
        ops.extend(metrics.ops(Weight::Regular, FOOT_PT, x, 11.0, &foot));
        PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
    }
}

/// Draws a set line with its left edge at `left_mm`, its baseline at `y_mm`.
fn draw_line(ops: &mut Vec<Op>, metrics: &Typesetter, set: &SetLine, left_mm: f32, y_mm: f32) {
    for (x, text, look) in &set.pieces {
        if text.trim().is_empty() {
            continue;
        }
        ops.extend(metrics.ops(look.weight(), BODY_PT, left_mm + x * MM_PER_PT, y_mm, text));
    }
    for (x, n) in &set.marks {
        ops.extend(metrics.ops(
            Weight::Regular,
            MARK_PT,
            left_mm + x * MM_PER_PT,
            y_mm + BODY_PT * 0.38 * MM_PER_PT,
            &n.to_string(),
        ));
    }
    for rule in &set.rules {
        let y = y_mm + rule.rise * MM_PER_PT;
        ops.push(rule_op(
            left_mm + rule.x0 * MM_PER_PT,
            left_mm + rule.x1 * MM_PER_PT,
            y,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn tool(name: &str, args: &[&str]) -> String {
        let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
            panic!(
                "{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}"
            )
        });
        assert!(
            out.status.success(),
            "{name} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    const PLAIN: Look = Look {
        bold: false,
        italic: false,
        underline: false,
        strike: false,
    };
    const PARENT_DELETED: Look = Look {
        bold: true,
        strike: true,
        ..PLAIN
    };
    const COUNCIL_ADDED: Look = Look {
        italic: true,
        ..PLAIN
    };
    const AGREED: Look = Look {
        underline: true,
        ..PLAIN
    };

    fn span(text: &str, look: Look) -> Span {
        Span {
            text: text.to_owned(),
            look,
            note: None,
        }
    }

    #[test]
    fn a_strike_runs_through_the_struck_words_and_stops_before_the_plain_space_after_them() {
        let metrics = Typesetter::new("").expect("fonts");
        let spans = [
            span("Weekly", PLAIN),
            span(" ", PLAIN),
            span("45-minute sessions", PARENT_DELETED),
            span(" ", PLAIN),
            span("termly", COUNCIL_ADDED),
        ];
        let lines = break_lines(atoms(&spans), &metrics, 1000.0);
        assert_eq!(lines.len(), 1);
        let set = set_line(&lines[0], &metrics);
        let width = |t: &str, w: Weight| metrics.width_pt(t, w, BODY_PT);
        let start = width("Weekly ", Weight::Regular);
        let struck = width("45-minute sessions", Weight::Bold);
        // One rule, through "45-minute sessions" (the space inside is struck with them), and
        // none under the plain words or the plain space that follows.
        assert_eq!(set.rules.len(), 1, "{:?}", set.rules);
        let rule = &set.rules[0];
        assert!((rule.x0 - start).abs() < 0.01, "{rule:?} starts at {start}");
        assert!((rule.x1 - (start + struck)).abs() < 0.01, "{rule:?}");
        assert!(rule.rise > 0.0, "through the words, not under them");
        // Three pieces in their own weights: plain (with its space), bold struck, italic.
        let looks: Vec<Look> = set
            .pieces
            .iter()
            .filter(|(_, t, _)| !t.trim().is_empty())
            .map(|(_, _, l)| *l)
            .collect();
        assert_eq!(looks, vec![PLAIN, PARENT_DELETED, COUNCIL_ADDED]);
    }

    #[test]
    fn agreed_words_are_underlined_and_a_footnote_mark_follows_its_words() {
        let metrics = Typesetter::new("").expect("fonts");
        let spans = [
            Span {
                text: "by a speech and language therapist".to_owned(),
                look: AGREED,
                note: Some(3),
            },
            span(" ", PLAIN),
            span("each week", PLAIN),
        ];
        let lines = break_lines(atoms(&spans), &metrics, 1000.0);
        let set = set_line(&lines[0], &metrics);
        assert_eq!(set.rules.len(), 1);
        assert!(set.rules[0].rise < 0.0, "under the words");
        let agreed = metrics.width_pt(
            "by a speech and language therapist",
            Weight::Regular,
            BODY_PT,
        );
        assert_eq!(set.marks.len(), 1);
        assert!((set.marks[0].0 - agreed).abs() < 0.01);
        assert_eq!(set.marks[0].1, 3);
        // The plain words after the mark start after it, not under it.
        let after = set
            .pieces
            .iter()
            .find(|(_, t, _)| t.contains("each"))
            .expect("piece");
        assert!(after.0 > agreed);
    }

    #[test]
    fn wrapped_lines_keep_every_word_and_stay_inside_the_width() {
        let metrics = Typesetter::new("").expect("fonts");
        let text = "Mia will receive 45 minutes of direct speech and language therapy each week in term time from an HCPC registered speech and language therapist. ".repeat(4);
        let spans = [span(&text, PARENT_DELETED), span(" and more", PLAIN)];
        let max = 300.0;
        let lines = break_lines(atoms(&spans), &metrics, max);
        assert!(lines.len() > 4);
        let mut words = Vec::new();
        for line in &lines {
            let width: f32 = line.iter().map(|a| a.width(&metrics)).sum();
            assert!(width <= max + 0.01, "{width}");
            assert!(!matches!(line.first(), Some(Atom::Space(_))));
            assert!(!matches!(line.last(), Some(Atom::Space(_))));
            for atom in line {
                if let Atom::Word(w, _) = atom {
                    words.push(w.clone());
                }
            }
        }
        let expected: Vec<&str> = format!("{text} and more")
            .split_whitespace()
            .map(|_| "")
            .collect();
        assert_eq!(words.len(), expected.len());
    }

    fn working_document(paragraphs: usize) -> MarkedDocument {
        let mut blocks = vec![Block::Heading(
            "Section F: Special educational provision".to_owned(),
        )];
        let mut notes = Vec::new();
        for i in 1..=paragraphs {
            let note = (i % 3 == 0).then_some(u32::try_from(i).expect("small"));
            if let Some(n) = note {
                notes.push((
                    n,
                    format!("Jones, SaLT, 03/02/2026, p.{n}, para. 12 (cited by paragraph{i}x)"),
                ));
            }
            blocks.push(Block::Paragraph {
                label: Some(format!("F{i}")),
                spans: vec![
                    span(&format!("paragraph{i}x Mia will have"), PLAIN),
                    span(" ", PLAIN),
                    span("access to", PARENT_DELETED),
                    span(" ", PLAIN),
                    Span {
                        text: "45 minutes of speech and language therapy each week".to_owned(),
                        look: Look {
                            bold: true,
                            ..PLAIN
                        },
                        note,
                    },
                    span(" ", PLAIN),
                    span("as required by her needs, reviewed termly", COUNCIL_ADDED),
                ],
            });
        }
        MarkedDocument {
            title: "Working document".to_owned(),
            blocks,
            notes,
            signatures: vec![
                "Signed for the parent".to_owned(),
                "Signed for the council".to_owned(),
                "Date".to_owned(),
            ],
            running: "Working document, version 2".to_owned(),
        }
    }

    #[test]
    fn each_page_has_the_places_to_sign_and_each_footnote_is_on_the_page_that_cites_it() {
        let document = working_document(40);
        let pdf = marked_pdf(&document).expect("pdf");
        assert!(pdf.pages >= 3, "{} pages", pdf.pages);
        assert_eq!(marked_page_count(&document).expect("count"), pdf.pages);
        assert!(pdf.missing_characters.is_empty());
        let dir = std::env::temp_dir().join(format!("casefile-marked-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("wd.pdf");
        std::fs::write(&path, &pdf.bytes).expect("write");
        let path = path.to_str().expect("utf-8");
        let check = Command::new("qpdf")
            .args(["--check", path])
            .output()
            .expect("qpdf");
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        let fonts = tool("pdffonts", &[path]);
        assert!(fonts.contains("AtkinsonHyperlegible-Italic"), "{fonts}");
        assert!(fonts.contains("AtkinsonHyperlegible-Bold"), "{fonts}");
        let text = tool("pdftotext", &["-layout", path, "-"]);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(pages.len(), pdf.pages);
        for (i, page) in pages.iter().enumerate() {
            for who in ["Signed for the parent", "Signed for the council", "Date"] {
                assert!(page.contains(who), "page {}: {page}", i + 1);
            }
            assert!(
                page.contains(&format!(
                    "Working document, version 2 · page {} of {}",
                    i + 1,
                    pdf.pages
                )),
                "{page}"
            );
        }
        for i in (3..=40).step_by(3) {
            let cites = format!("paragraph{i}x Mia");
            let note = format!("(cited by paragraph{i}x)");
            let page = pages
                .iter()
                .position(|p| p.contains(&cites))
                .expect("cited");
            assert!(
                pages[page].contains(&note),
                "note {i} is not on page {}",
                page + 1
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
