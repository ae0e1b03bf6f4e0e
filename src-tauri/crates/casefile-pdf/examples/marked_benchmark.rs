//! How long the working document's hearing print takes to lay out and to write, at the
//! Tribunal's 25-page limit: 150 paragraphs of about 45 words, a third with a proposal in the
//! key and a footnote. The window counts the pages each time it shows the working document.
//!
//! `cargo run --release -p casefile-pdf --example marked_benchmark`

use std::time::Instant;

use casefile_pdf::{Block, Look, MarkedDocument, Span, marked_page_count, marked_pdf};

fn main() {
    let plain = Look::default();
    let parent = Look {
        bold: true,
        ..plain
    };
    let struck = Look {
        bold: true,
        strike: true,
        ..plain
    };
    let council = Look {
        italic: true,
        ..plain
    };
    let span = |text: &str, look: Look, note: Option<u32>| Span {
        text: text.to_owned(),
        look,
        note,
    };
    let mut blocks = Vec::new();
    let mut notes = Vec::new();
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(150);
    for i in 1..=n {
        if i % 50 == 1 {
            blocks.push(Block::Heading(format!(
                "Section {}",
                ["B", "F", "I"][(i / 50) as usize]
            )));
        }
        let note = (i % 3 == 0).then(|| {
            notes.push((i, format!("Jones, SaLT, 03/02/2026, p.{i}, para. 12")));
            i
        });
        blocks.push(Block::Paragraph {
            label: Some(format!("F{i}")),
            spans: vec![
                span("Sam will have", plain, None),
                span(" ", plain, None),
                span("access to", struck, None),
                span(" ", plain, None),
                span("45 minutes each week of direct speech and language therapy", parent, note),
                span(" ", plain, None),
                span("as required, reviewed termly by the school's special educational needs co-ordinator", council, None),
                span(" with a programme carried out daily by a teaching assistant trained by the therapist.", plain, None),
            ],
        });
    }
    let document = MarkedDocument {
        title: "Working document".into(),
        blocks,
        notes,
        signatures: vec![
            "Signed for the parent".into(),
            "Signed for the council".into(),
            "Date".into(),
        ],
        running: "Working document, version 3".into(),
    };
    let start = Instant::now();
    let pages = marked_page_count(&document).expect("layout");
    let count = start.elapsed();
    let start = Instant::now();
    let pdf = marked_pdf(&document).expect("pdf");
    let write = start.elapsed();
    println!(
        "{pages} pages: counted in {:.1} ms (each time the window shows it); written as a PDF of {} KB in {:.1} ms",
        count.as_secs_f64() * 1000.0,
        pdf.bytes.len() / 1024,
        write.as_secs_f64() * 1000.0
    );
}
