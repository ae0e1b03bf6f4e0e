//! The council-bundle audit, measured (goal: a 500-page council bundle against a 100-document
//! case within 10 s). The case holds 100 documents of 5 pages or so: 34 cut from real PDFs
//! (pdfTeX's libtasn1 manual, LaTeX's shared-mime-info spec, a 120-page iLovePDF file shipped
//! with the mupdf crate) and 66 letters typeset by Casefile from generated sentences. The
//! "council's" bundle is every one of them, reordered and stamped again with its own page
//! numbers by the bundle writer. Timed: reading the bundle in the contained reader (as the app
//! does), reading the case's documents from the store, and matching. Run with
//! `scripts/bench.sh` (release; needs libtasn1-doc and shared-mime-info from install-deps).

use std::time::Instant;

use casefile_core::pdf::reader;
use casefile_core::pdf::{BundleSpec, ItemKind, ItemSpec, SectionSpec, Source, build_bundle};
use casefile_core::{AuditStatus, Store};

fn registry_file(package: &str, file: &str) -> std::path::PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    for registry in std::fs::read_dir(home.join("registry/src"))
        .expect("registry")
        .flatten()
    {
        for entry in std::fs::read_dir(registry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{package}-")) && entry.path().join(file).is_file() {
                return entry.path().join(file);
            }
        }
    }
    panic!("{package}'s {file} is not in cargo's registry")
}

/// A letter of about five pages from generated sentences (a fixed seed: the same every run).
fn letter(n: usize) -> String {
    const WORDS: &[&str] = &[
        "speech",
        "therapy",
        "session",
        "school",
        "provision",
        "weekly",
        "minutes",
        "assessment",
        "council",
        "plan",
        "review",
        "outcome",
        "support",
        "teaching",
        "assistant",
        "reading",
        "sensory",
        "occupational",
        "language",
        "progress",
        "meeting",
        "parent",
        "report",
        "specialist",
        "delivered",
        "missed",
        "term",
        "group",
        "individual",
        "advice",
        "needs",
        "social",
        "communication",
        "emotional",
        "health",
        "transport",
        "placement",
        "tribunal",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ (n as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = format!("Letter {n}\n\n");
    for paragraph in 0..30 {
        let mut sentence = Vec::new();
        for _ in 0..60 {
            sentence.push(WORDS[(next() % WORDS.len() as u64) as usize]);
        }
        text += &format!("{paragraph}. {}.\n\n", sentence.join(" "));
    }
    text
}

fn main() {
    if let Some(code) = casefile_core::serve_contained_reader_if_asked() {
        std::process::exit(code);
    }
    casefile_core::enable_contained_readers();
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("home")).expect("store");
    let case = store
        .create_case(&casefile_core::CaseDetails {
            child_name: "Benchmark".into(),
            ..Default::default()
        })
        .expect("case")
        .id;

    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, pages) in [
        (
            std::path::PathBuf::from("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
            36,
        ),
        (
            std::path::PathBuf::from("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
            17,
        ),
        (registry_file("mupdf", "tests/files/i32-box.pdf"), 120),
    ] {
        let bytes = std::fs::read(&path).expect("a real PDF (scripts/install-deps.sh --tests)");
        let mut first = 1;
        while first <= pages {
            let last = (first + 4).min(pages);
            let part = reader::pages_copy(&bytes, None, first, last).expect("pages");
            documents.push((format!("Real pages {first}-{last}"), part));
            first = last + 1;
        }
    }
    let mut n = 0;
    while documents.len() < 100 {
        n += 1;
        let pdf = casefile_core::pdf::text_pages(&format!("Letter {n}"), None, &letter(n), true)
            .expect("letter");
        documents.push((format!("Letter {n}"), pdf.bytes));
    }
    for (i, (title, bytes)) in documents.iter().enumerate() {
        let path = dir.path().join(format!("{i:03} {title}.pdf"));
        std::fs::write(&path, bytes).expect("write");
        store.import_file(case, &path).expect("import");
    }

    // The council's bundle: every document, last first, in two sections.
    let items: Vec<ItemSpec> = documents
        .iter()
        .enumerate()
        .rev()
        .map(|(i, (title, bytes))| ItemSpec {
            key: format!("doc:{i}"),
            title: title.clone(),
            date: None,
            author: None,
            kind: ItemKind::Other,
            source: Source::Pdf(bytes.clone()),
            sha256: None,
        })
        .collect();
    let (a, b) = items.split_at(50);
    let spec = BundleSpec {
        title: "Hearing bundle".into(),
        cover_facts: Vec::new(),
        build_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        version: 1,
        sections: vec![
            SectionSpec {
                letter: "B".into(),
                title: "Council's evidence".into(),
                page_limit: None,
                counts_as_evidence: false,
                items: a.to_vec(),
            },
            SectionSpec {
                letter: "D".into(),
                title: "Parent's evidence".into(),
                page_limit: None,
                counts_as_evidence: false,
                items: b.to_vec(),
            },
        ],
        total_limit: None,
    };
    let council = build_bundle(&spec, None, &mut |_| true).expect("bundle");
    println!(
        "a case of {} documents; the council's bundle has {} pages ({} bytes)",
        store.list_documents(case).expect("docs").len(),
        council.pages,
        council.bytes.len()
    );

    let mut times = Vec::new();
    let mut found = 0;
    for round in 0..3 {
        let started = Instant::now();
        let read = casefile_core::read_council_bundle(
            &council.bytes,
            "council.pdf",
            None,
            None,
            &mut |_| true,
        )
        .expect("read");
        let read_ms = started.elapsed().as_millis();
        let job = store.audit_job(case).expect("job");
        let audit = job.run(&read);
        let total = started.elapsed().as_millis();
        found = audit
            .documents
            .iter()
            .filter(|d| d.status == AuditStatus::Found)
            .count();
        println!("read {read_ms} ms, total {total} ms, {found} of 100 found");
        for doc in audit
            .documents
            .iter()
            .filter(|d| round == 0 && d.status != AuditStatus::Found)
        {
            println!(
                "  {:?}: “{}” (its pages not found: {:?}, changed: {:?})",
                doc.status, doc.title, doc.missing_pages, doc.changed_pages
            );
        }
        times.push(total);
    }
    times.sort_unstable();
    println!(
        "audit of a {}-page council bundle against 100 documents: median {} ms (goal ≤ 10000 ms); {found} of 100 documents found",
        council.pages, times[1]
    );

    // A huge bundle: every document twice (the same evidence in two sections, as happens).
    let mut twice = spec.clone();
    twice.sections[0].items.extend(b.iter().cloned());
    twice.sections[1].items.extend(a.iter().cloned());
    let huge = build_bundle(&twice, None, &mut |_| true).expect("bundle");
    let started = Instant::now();
    let read =
        casefile_core::read_council_bundle(&huge.bytes, "huge.pdf", None, None, &mut |_| true)
            .expect("read");
    let audit = store.audit_job(case).expect("job").run(&read);
    let twice_found = audit
        .documents
        .iter()
        .filter(|d| d.status == AuditStatus::Found && d.ranges.len() == 2)
        .count();
    for d in audit
        .documents
        .iter()
        .filter(|d| !(d.status == AuditStatus::Found && d.ranges.len() == 2))
    {
        println!("  {:?} “{}” at {:?}", d.status, d.title, d.ranges);
    }
    println!(
        "audit of a {}-page council bundle ({} bytes) holding every document twice: {} ms; {twice_found} of 100 found at both places",
        huge.pages,
        huge.bytes.len(),
        started.elapsed().as_millis()
    );
}
