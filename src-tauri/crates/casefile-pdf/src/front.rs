//! The bundle's front matter: a cover page and the index, laid out with the embedded font.
//! The index's rows come back with where they sit so the bundle can make each a link.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Point, Pt, Rgb,
};

use crate::BundleError;
use crate::text_pdf::{Typesetter, Weight, wrap_at};

const W: f32 = 210.0;
const H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = W - 20.0;
const TOP: f32 = H - 20.0;
/// Lowest a row may reach; the stamp band and a margin lie below.
const BOTTOM: f32 = 24.0;
const MM_PER_PT: f32 = 25.4 / 72.0;

const COL_LABEL: f32 = LEFT;
const COL_TITLE: f32 = LEFT + 24.0;
const COL_DATE: f32 = 140.0;
const TITLE_WIDTH_MM: f32 = COL_DATE - COL_TITLE - 3.0;

/// What the cover says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cover {
    pub heading: String,
    /// Label and value lines: "Child" → "Robin Example".
    pub facts: Vec<(String, String)>,
    /// One line per section: "A  Appeal papers and decision   pages 3–40".
    pub sections: Vec<String>,
    pub notes: Vec<String>,
}

/// A line of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IndexRow {
    Section {
        heading: String,
        pages: String,
        warning: Option<String>,
    },
    Item {
        labels: String,
        title: String,
        date: String,
        author: Option<String>,
        pages: String,
        sha256: String,
        /// Which item this row opens (links are made by the caller).
        item: usize,
    },
}

/// The front matter as a PDF, how many pages it has, and each index row's link area:
/// (page within the front matter, rectangle in points, item).
#[derive(Debug)]
pub(crate) struct Front {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub links: Vec<(usize, [f32; 4], usize)>,
}

fn grey() -> Color {
    Color::Rgb(Rgb {
        r: 0.33,
        g: 0.33,
        b: 0.33,
        icc_profile: None,
    })
}

fn black() -> Color {
    Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    })
}

fn rule(y_mm: f32) -> Op {
    let point = |x: f32| LinePoint {
        p: Point {
            x: Mm(x).into(),
            y: Mm(y_mm).into(),
        },
        bezier: false,
    };
    Op::DrawLine {
        line: Line {
            points: vec![point(LEFT), point(RIGHT)],
            is_closed: false,
        },
    }
}

fn right_text(
    ops: &mut Vec<Op>,
    metrics: &Typesetter,
    weight: Weight,
    size: f32,
    right: f32,
    y: f32,
    text: &str,
) {
    let x = right - metrics.width_pt(text, weight, size) * MM_PER_PT;
    ops.extend(metrics.ops(weight, size, x, y, text));
}

/// Shortens `text` to at most `lines` wrapped lines, ending the last with "…" if cut.
fn clamp_lines(
    text: &str,
    metrics: &Typesetter,
    size: f32,
    width_mm: f32,
    lines: usize,
) -> Vec<String> {
    let mut wrapped = wrap_at(text, metrics, Weight::Regular, size, width_mm / MM_PER_PT);
    if wrapped.len() > lines {
        wrapped.truncate(lines);
        if let Some(last) = wrapped.last_mut() {
            while !last.is_empty()
                && metrics.width_pt(&format!("{last}…"), Weight::Regular, size) * MM_PER_PT
                    > width_mm
            {
                last.pop();
            }
            last.push('…');
        }
    }
    wrapped
}

/// Lays out the cover and index.
pub(crate) fn front_matter(
    title: &str,
    cover: &Cover,
    rows: &[IndexRow],
) -> Result<Front, BundleError> {
    let mut doc = PdfDocument::new(title);
    let metrics = Typesetter::new(&format!("{title}{cover:?}{rows:?}"))?;

    // The cover.
    let mut ops: Vec<Op> = Vec::new();
    let mut y = TOP - 20.0;
    for line in wrap_at(
        &cover.heading,
        &metrics,
        Weight::Bold,
        24.0,
        (RIGHT - LEFT) / MM_PER_PT,
    ) {
        ops.extend(metrics.ops(Weight::Bold, 24.0, LEFT, y, &line));
        y -= 11.0;
    }
    y -= 8.0;
    for (label, value) in &cover.facts {
        ops.extend(metrics.ops(Weight::Bold, 12.0, LEFT, y, label));
        for line in wrap_at(
            value,
            &metrics,
            Weight::Regular,
            12.0,
            (RIGHT - LEFT - 50.0) / MM_PER_PT,
        ) {
            ops.extend(metrics.ops(Weight::Regular, 12.0, LEFT + 50.0, y, &line));
            y -= 6.5;
        }
        y -= 1.5;
    }
    y -= 8.0;
    ops.extend(metrics.ops(Weight::Bold, 13.0, LEFT, y, "Sections"));
    y -= 7.5;
    for line in &cover.sections {
        ops.extend(metrics.ops(Weight::Regular, 12.0, LEFT, y, line));
        y -= 6.5;
    }
    y -= 8.0;
    ops.push(Op::SetFillColor { col: grey() });
    for note in &cover.notes {
        for line in wrap_at(
            note,
            &metrics,
            Weight::Regular,
            10.0,
            (RIGHT - LEFT) / MM_PER_PT,
        ) {
            if y < BOTTOM {
                break;
            }
            ops.extend(metrics.ops(Weight::Regular, 10.0, LEFT, y, &line));
            y -= 5.0;
        }
        y -= 2.0;
    }
    ops.push(Op::SetFillColor { col: black() });
    let mut pages: Vec<Vec<Op>> = vec![ops];

    // The index.
    let mut links = Vec::new();
    let start_page = |heading: bool| -> (Vec<Op>, f32) {
        let mut ops = vec![
            Op::SetOutlineColor { col: grey() },
            Op::SetOutlineThickness { pt: Pt(0.5) },
        ];
        let mut y = TOP;
        if heading {
            ops.extend(metrics.ops(Weight::Bold, 18.0, LEFT, y, "Index"));
            y -= 10.0;
        } else {
            ops.extend(metrics.ops(Weight::Bold, 12.0, LEFT, y, "Index (continued)"));
            y -= 7.0;
        }
        ops.extend(metrics.ops(Weight::Bold, 9.0, COL_LABEL, y, "Pages"));
        ops.extend(metrics.ops(Weight::Bold, 9.0, COL_TITLE, y, "Document"));
        ops.extend(metrics.ops(Weight::Bold, 9.0, COL_DATE, y, "Date"));
        ops.push(Op::SetFillColor { col: black() });
        (ops, y)
    };
    let (mut ops, mut y) = start_page(true);
    {
        let right = |ops: &mut Vec<Op>, y: f32, text: &str| {
            right_text(ops, &metrics, Weight::Bold, 9.0, RIGHT, y, text);
        };
        right(&mut ops, y, "Bundle pages");
    }
    y -= 2.5;
    ops.push(rule(y));
    y -= 6.0;
    for row in rows {
        let needed = match row {
            IndexRow::Section { warning, .. } => 12.0 + if warning.is_some() { 5.0 } else { 0.0 },
            IndexRow::Item { title, author, .. } => {
                let lines = clamp_lines(title, &metrics, 10.0, TITLE_WIDTH_MM, 2).len() as f32;
                lines * 5.0 + if author.is_some() { 4.2 } else { 0.0 } + 4.2 + 3.0
            }
        };
        if y - needed < BOTTOM {
            pages.push(std::mem::take(&mut ops));
            let (o, top) = start_page(false);
            ops = o;
            y = top;
            right_text(
                &mut ops,
                &metrics,
                Weight::Bold,
                9.0,
                RIGHT,
                y,
                "Bundle pages",
            );
            y -= 2.5;
            ops.push(rule(y));
            y -= 6.0;
        }
        match row {
            IndexRow::Section {
                heading,
                pages: range,
                warning,
            } => {
                y -= 2.0;
                ops.extend(metrics.ops(Weight::Bold, 12.0, LEFT, y, heading));
                right_text(&mut ops, &metrics, Weight::Bold, 10.0, RIGHT, y, range);
                y -= 5.5;
                if let Some(warning) = warning {
                    ops.extend(metrics.ops(Weight::Regular, 9.0, LEFT, y, warning));
                    y -= 4.5;
                }
                ops.push(rule(y + 1.5));
                y -= 4.5;
            }
            IndexRow::Item {
                labels,
                title,
                date,
                author,
                pages: range,
                sha256,
                item,
            } => {
                let top = y + 4.0;
                ops.extend(metrics.ops(Weight::Bold, 10.0, COL_LABEL, y, labels));
                ops.extend(metrics.ops(Weight::Regular, 10.0, COL_DATE, y, date));
                right_text(&mut ops, &metrics, Weight::Regular, 10.0, RIGHT, y, range);
                for line in clamp_lines(title, &metrics, 10.0, TITLE_WIDTH_MM, 2) {
                    ops.extend(metrics.ops(Weight::Regular, 10.0, COL_TITLE, y, &line));
                    y -= 5.0;
                }
                ops.push(Op::SetFillColor { col: grey() });
                if let Some(author) = author {
                    let line = clamp_lines(
                        &format!("From {author}"),
                        &metrics,
                        8.0,
                        RIGHT - COL_TITLE,
                        1,
                    );
                    ops.extend(metrics.ops(
                        Weight::Regular,
                        8.0,
                        COL_TITLE,
                        y + 0.8,
                        &line.concat(),
                    ));
                    y -= 4.2;
                }
                ops.extend(metrics.ops(
                    Weight::Regular,
                    7.0,
                    COL_TITLE,
                    y + 0.8,
                    &format!("SHA-256 {sha256}"),
                ));
                ops.push(Op::SetFillColor { col: black() });
                y -= 4.2;
                let bottom = y + 1.5;
                links.push((
                    pages.len(),
                    [
                        LEFT / MM_PER_PT,
                        bottom / MM_PER_PT,
                        RIGHT / MM_PER_PT,
                        top / MM_PER_PT,
                    ],
                    *item,
                ));
                y -= 3.0;
            }
        }
    }
    pages.push(ops);
    let total = pages.len();
    let pdf_pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(W), Mm(H), ops))
        .collect();
    metrics.install(&mut doc)?;
    let bytes = doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(Front {
        bytes,
        pages: total,
        links,
    })
}
