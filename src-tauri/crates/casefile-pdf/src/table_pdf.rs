//! A table on landscape A4 pages: the provision shortfall table and, later, the chronology.
//! Cells wrap inside their columns; the header row repeats on every page.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Point, Pt, Rgb,
};

use crate::BundleError;
use crate::text_pdf::{TextPdf, Typesetter, Weight, wrap_at};

const PAGE_WIDTH_MM: f32 = 297.0;
const PAGE_HEIGHT_MM: f32 = 210.0;
const MARGIN_MM: f32 = 15.0;
const CELL_PT: f32 = 9.5;
const CELL_LINE_MM: f32 = 4.6;
const PAD_MM: f32 = 1.5;

/// A table to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    pub title: &'a str,
    /// Lines under the title: whose, which period, how it was counted.
    pub intro: Vec<String>,
    pub headers: Vec<String>,
    /// Column widths in millimetres; they should add up to at most 267 (landscape A4 less margins).
    pub widths_mm: Vec<f32>,
    pub rows: Vec<Vec<String>>,
    /// Rows drawn in bold (totals).
    pub bold_rows: Vec<usize>,
    /// A bar chart in one column: each row's bar as a share of the column's width (0 to 1), or
    /// none for a row with no bar (a figure suppressed, a total).
    pub bars: Option<Bars>,
}

/// Bars drawn in a table's column, one a row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bars {
    pub column: usize,
    pub shares: Vec<Option<f32>>,
}

fn rule(y_mm: f32) -> Op {
    Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint {
                    p: Point {
                        x: Mm(MARGIN_MM).into(),
                        y: Mm(y_mm).into(),
                    },
                    bezier: false,
                },
                LinePoint {
                    p: Point {
                        x: Mm(PAGE_WIDTH_MM - MARGIN_MM).into(),
                        y: Mm(y_mm).into(),
                    },
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    }
}

/// Lays `table` out on landscape A4 pages with "Page N of M" at the foot of each.
pub fn table_pdf(table: &Table<'_>) -> Result<TextPdf, BundleError> {
    table_pages(table, true)
}

/// [`table_pdf`], with or without its own page numbers (a bundle stamps its own).
pub fn table_pages(table: &Table<'_>, footer: bool) -> Result<TextPdf, BundleError> {
    let metrics = Typesetter::new(&format!("{table:?}"))?;
    let all_text: String = std::iter::once(table.title.to_owned())
        .chain(table.intro.iter().cloned())
        .chain(table.headers.iter().cloned())
        .chain(table.rows.iter().flatten().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let missing = metrics.missing_characters(&all_text);

    let mut doc = PdfDocument::new(table.title);
    let mm_per_pt = 25.4 / 72.0;
    let wrap_cell = |text: &str, width_mm: f32| -> Vec<String> {
        text.split('\n')
            .flat_map(|p| {
                wrap_at(
                    p,
                    &metrics,
                    Weight::Regular,
                    CELL_PT,
                    (width_mm - 2.0 * PAD_MM) / mm_per_pt,
                )
            })
            .collect()
    };
    let lay_row = |cells: &[String]| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&table.widths_mm)
            .map(|(c, w)| wrap_cell(c, *w))
            .collect()
    };
    let header_cells = lay_row(&table.headers);
    let height = |cells: &[Vec<String>]| {
        cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * CELL_LINE_MM + 2.0 * PAD_MM
    };
    let header_h = height(&header_cells);

    let draw_row = |ops: &mut Vec<Op>, cells: &[Vec<String>], top: f32, font: Weight| {
        let mut x = MARGIN_MM;
        for (lines, w) in cells.iter().zip(&table.widths_mm) {
            for (i, line) in lines.iter().enumerate() {
                if !line.is_empty() {
                    ops.extend(metrics.ops(
                        font,
                        CELL_PT,
                        x + PAD_MM,
                        top - PAD_MM - 3.4 - i as f32 * CELL_LINE_MM,
                        line,
                    ));
                }
            }
            x += w;
        }
    };

    let grey = Color::Rgb(Rgb {
        r: 0.55,
        g: 0.55,
        b: 0.55,
        icc_profile: None,
    });
    // Dark enough to print and to tell apart from the rules (Casefile's own green).
    let bar_colour = Color::Rgb(Rgb {
        r: 0.12,
        g: 0.36,
        b: 0.33,
        icc_profile: None,
    });
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
    let mut pages: Vec<Vec<Op>> = Vec::new();
    let mut ops: Vec<Op> = vec![
        Op::SetOutlineColor { col: grey.clone() },
        Op::SetOutlineThickness { pt: Pt(0.5) },
    ];
    let mut y = PAGE_HEIGHT_MM - MARGIN_MM - 4.0;
    ops.extend(metrics.ops(Weight::Bold, 15.0, MARGIN_MM, y, table.title));
    y -= 7.0;
    for line in &table.intro {
        for wrapped in wrap_at(
            line,
            &metrics,
            Weight::Regular,
            10.0,
            (PAGE_WIDTH_MM - 2.0 * MARGIN_MM) / mm_per_pt,
        ) {
            ops.extend(metrics.ops(Weight::Regular, 10.0, MARGIN_MM, y, &wrapped));
            y -= 5.0;
        }
    }
    y -= 2.0;
    let bottom = MARGIN_MM + 8.0;
    let start_table = |ops: &mut Vec<Op>, y: &mut f32| {
        ops.push(rule(*y));
        draw_row(ops, &header_cells, *y, Weight::Bold);
        *y -= header_h;
        ops.push(rule(*y));
    };
    start_table(&mut ops, &mut y);
    for (r, row) in table.rows.iter().enumerate() {
        let cells = lay_row(row);
        let h = height(&cells);
        if y - h < bottom {
            pages.push(std::mem::take(&mut ops));
            ops = vec![
                Op::SetOutlineColor { col: grey.clone() },
                Op::SetOutlineThickness { pt: Pt(0.5) },
            ];
            y = PAGE_HEIGHT_MM - MARGIN_MM;
            start_table(&mut ops, &mut y);
        }
        let font = if table.bold_rows.contains(&r) {
            Weight::Bold
        } else {
            Weight::Regular
        };
        draw_row(&mut ops, &cells, y, font);
        if let Some(bars) = &table.bars
            && let Some(Some(share)) = bars.shares.get(r)
            && let Some(width) = table.widths_mm.get(bars.column)
            && *share > 0.0
        {
            let left: f32 = MARGIN_MM + table.widths_mm[..bars.column].iter().sum::<f32>() + PAD_MM;
            let full = width - 2.0 * PAD_MM;
            let long = (full * share.clamp(0.0, 1.0)).max(0.4);
            ops.push(Op::SetFillColor {
                col: bar_colour.clone(),
            });
            ops.push(Op::DrawPolygon {
                polygon: printpdf::Rect::from_xywh(
                    Mm(left).into(),
                    Mm(y - PAD_MM - 3.6).into(),
                    Mm(long).into(),
                    Mm(3.2).into(),
                )
                .to_polygon(),
            });
            // Text is drawn in the fill colour: back to black for the rows after.
            ops.push(Op::SetFillColor { col: black.clone() });
        }
        y -= h;
        ops.push(rule(y));
    }
    pages.push(ops);
    let total = pages.len();
    let pages: Vec<PdfPage> = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut ops)| {
            if footer {
                let footer = format!("Page {} of {total}", i + 1);
                let x = (PAGE_WIDTH_MM
                    - metrics.width_pt(&footer, Weight::Regular, 9.0) * mm_per_pt)
                    / 2.0;
                ops.extend(metrics.ops(Weight::Regular, 9.0, x, MARGIN_MM / 2.0, &footer));
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

    fn pdftotext(bytes: &[u8]) -> (String, String) {
        let dir = std::env::temp_dir().join(format!(
            "casefile-table-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("t.pdf");
        std::fs::write(&path, bytes).expect("write");
        let text = Command::new("pdftotext")
            .args(["-layout"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (install-deps --tests)");
        let info = Command::new("pdfinfo")
            .arg(&path)
            .output()
            .expect("pdfinfo");
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf");
        assert!(check.status.success(), "qpdf --check failed");
        let _ = std::fs::remove_dir_all(&dir);
        (
            String::from_utf8_lossy(&text.stdout).into_owned(),
            String::from_utf8_lossy(&info.stdout).into_owned(),
        )
    }

    fn table(rows: usize) -> Table<'static> {
        Table {
            title: "Provision shortfall: Robin Example",
            intro: vec!["From 3 September 2025 to 25 November 2026.".into()],
            headers: vec!["Provision".into(), "Expected".into(), "Delivered".into(), "Shortfall".into()],
            widths_mm: vec![120.0, 40.0, 40.0, 40.0],
            rows: (0..rows)
                .map(|i| vec![format!("Speech and language therapy, row {i}, with a long name that wraps onto a second line in its column"), "53".into(), "38".into(), "8 h 05 min".into()])
                .collect(),
            bold_rows: vec![],
            bars: None,
        }
    }

    #[test]
    fn a_table_page_is_landscape_valid_and_readable() {
        let pdf = table_pdf(&table(3)).expect("pdf");
        let (text, info) = pdftotext(&pdf.bytes);
        assert!(
            info.contains("841.89 x 595.276") || info.contains("842 x 595"),
            "{info}"
        );
        assert!(
            text.contains("Provision shortfall: Robin Example"),
            "{text}"
        );
        assert!(text.contains("8 h 05 min"), "{text}");
        assert!(text.contains("Page 1 of 1"), "{text}");
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let pdf = table_pdf(&table(60)).expect("pdf");
        assert!(pdf.pages > 1);
        let (text, _) = pdftotext(&pdf.bytes);
        assert_eq!(
            text.matches("Delivered").count(),
            pdf.pages,
            "one header row a page"
        );
        assert!(text.contains("row 59"), "no row lost at page breaks");
    }
}
