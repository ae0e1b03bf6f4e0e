//! A 150-page EHC plan (Sections A to K, most of it Section K's appended advice, as long plans
//! are) read into its sections, its provision checked and read for the ledger, compared with an
//! amended version, and a working document started and marked, each timed; the reference is one
//! pass over the plan's words (lower-cased and split), measured in the same run.
//!
//! `cargo run --release -p casefile-plan --example plan_benchmark`

use std::time::{Duration, Instant};

use casefile_plan::{Letter, Party, WorkingDocument, check, compare, ledger_provisions, sections};

/// About 500 words a page, as a council's plan in 11-point type with headings and tables.
const WORDS_A_PAGE: usize = 500;
const PAGES: usize = 150;

fn plan(amended: bool) -> String {
    let mut text = String::new();
    let mut words = 0;
    let page = |text: &mut String, words: &mut usize, line: &str| {
        text.push_str(line);
        text.push('\n');
        *words += line.split_whitespace().count();
        if *words >= WORDS_A_PAGE {
            text.push_str("Page footer: Northshire Council EHC plan\n\u{c}");
            *words = 0;
        }
    };
    let sections = [
        ("A", "Views, interests and aspirations", 8),
        ("B", "Special educational needs", 30),
        ("C", "Health needs", 6),
        ("D", "Social care needs", 6),
        ("E", "Outcomes", 20),
        ("F", "Special educational provision", 60),
        ("G", "Health provision", 10),
        (
            "H1",
            "Social care provision under the Chronically Sick and Disabled Persons Act",
            4,
        ),
        ("H2", "Other social care provision", 4),
        ("I", "Placement", 1),
        ("J", "Personal budget", 2),
    ];
    for (letter, title, items) in sections {
        page(&mut text, &mut words, &format!("Section {letter}: {title}"));
        for i in 0..items {
            let line = match letter {
                "F" | "G" | "H1" | "H2" if amended && i % 7 == 0 => format!(
                    "{}. Sam will have access to support for area {i} as required, reviewed regularly by the team around the child.",
                    i + 1
                ),
                "F" | "G" | "H1" | "H2" => format!(
                    "{}. Sam will have {} minutes of support for area {i} {} from a qualified specialist teacher, delivered in a group of no more than four.",
                    i + 1,
                    30 + 5 * (i % 4),
                    ["each week", "twice a week", "daily", "a fortnight"][i % 4]
                ),
                "I" if amended => "Riverside Academy".to_owned(),
                "I" => "Willowbrook Primary School".to_owned(),
                _ => format!(
                    "Sam's needs in area {i}: he finds it hard to follow spoken instructions of more than two steps and needs them broken down, with visual support and time to respond, in every lesson."
                ),
            };
            page(&mut text, &mut words, &line);
        }
    }
    page(&mut text, &mut words, "Section K: Advice and information");
    let mut n = 0;
    while text.matches('\u{c}').count() < PAGES {
        n += 1;
        page(
            &mut text,
            &mut words,
            &format!(
                "Appendix {}: report paragraph {n}. The assessment found that Sam's receptive language is below the expected range for his age and that he benefits from structured teaching of vocabulary with repetition across the week.",
                n / 40 + 1
            ),
        );
    }
    text
}

fn time<T>(label: &str, reference: Duration, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = work();
    let took = started.elapsed();
    println!(
        "{label:<52} {:>8.1} ms  ({:.1}× one pass over the words)",
        took.as_secs_f64() * 1000.0,
        took.as_secs_f64() / reference.as_secs_f64()
    );
    value
}

fn main() {
    let old = plan(false);
    let new = plan(true);
    let pages = old.matches('\u{c}').count();
    let words = old.split_whitespace().count();
    println!("A plan of {pages} pages, {words} words (Section K appendices most of it).");
    let started = Instant::now();
    let mut count = 0;
    for word in old.to_lowercase().split_whitespace() {
        count += word.len();
    }
    let reference = started.elapsed();
    println!(
        "{:<52} {:>8.1} ms  (reference; {count} letters)",
        "One pass over the words",
        reference.as_secs_f64() * 1000.0
    );
    let read = time("Read into its sections", reference, || {
        sections(&old).expect("headings")
    });
    let amended = sections(&new).expect("headings");
    let findings = time("Check Sections F, G and H", reference, || check(&read));
    let items = time("Read each provision for the ledger", reference, || {
        ledger_provisions(&read)
    });
    let compared = time("Compare with an amended version", reference, || {
        compare(&read, &amended)
    });
    let mut wd = time("Start a working document (B, F, I)", reference, || {
        WorkingDocument::from_plan(&read, &[Letter::B, Letter::F, Letter::I])
    });
    time(
        "Mark a proposal on each of F's 60 paragraphs",
        reference,
        || {
            for i in 0..60 {
                wd.propose(
                Letter::F,
                i,
                Party::Parent,
                &format!("Sam will have 45 minutes of support for area {i} each week from a qualified speech and language therapist."),
                None,
            )
            .expect("proposed");
            }
        },
    );
    println!(
        "{} sections, {} findings, {} provisions, {} concerns.",
        read.len(),
        findings.len(),
        items.len(),
        compared.concerns.len()
    );
}
