//! Benchmarks: import 1,000 .eml files (bar: ≤ 10 s), and search over 10,000
//! documents with text (bar: median ≤ 20 ms). Run with `scripts/bench.sh` (release build).

use std::path::PathBuf;
use std::time::Instant;

use casefile_core::{CaseDetails, Store};

const WORDS: [&str; 24] = [
    "therapy",
    "speech",
    "language",
    "occupational",
    "council",
    "school",
    "review",
    "annual",
    "provision",
    "section",
    "tribunal",
    "appeal",
    "assessment",
    "plan",
    "caseworker",
    "SENCo",
    "missed",
    "session",
    "report",
    "psychology",
    "transport",
    "placement",
    "deadline",
    "letter",
];

/// Deterministic filler text: `n` words chosen by a simple generator from `seed`.
fn text(seed: usize, n: usize) -> String {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[x % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("data")).expect("store");
    let case = store
        .create_case(&CaseDetails {
            child_name: "Benchmark".into(),
            ..CaseDetails::default()
        })
        .expect("case")
        .id;

    // 1,000 emails, a quarter with a small text attachment, a quarter HTML-only.
    let mail_dir = dir.path().join("mail");
    std::fs::create_dir_all(&mail_dir).expect("dir");
    let mut emails: Vec<PathBuf> = Vec::new();
    for i in 0..1000 {
        let body = text(i, 120);
        let eml = match i % 4 {
            0 => format!(
                "From: Caseworker {i} <case{i}@northshire.example>\r\nTo: parent@example.org\r\nDate: Mon, 3 Nov 2025 09:{:02}:00 +0000\r\nSubject: Update {i}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--B\r\nContent-Type: text/plain; name=\"note{i}.txt\"\r\nContent-Disposition: attachment; filename=\"note{i}.txt\"\r\n\r\nAttachment {i}: {}\r\n--B--\r\n",
                i % 60,
                text(i + 7, 40)
            ),
            1 => format!(
                "From: school{i}@example.org\r\nSubject: Newsletter {i}\r\nDate: Tue, 4 Nov 2025 10:00:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>{body}</p></body></html>\r\n"
            ),
            _ => format!(
                "From: therapist{i}@nhs.example\r\nSubject: Session {i}\r\nDate: Wed, 5 Nov 2025 14:30:00 +0000\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{body} caf=E9\r\n"
            ),
        };
        let path = mail_dir.join(format!("{i:04}.eml"));
        std::fs::write(&path, eml).expect("write");
        emails.push(path);
    }
    let started = Instant::now();
    let results = store
        .import_files(case, &emails, &casefile_core::ImportOptions::default())
        .expect("import");
    let import_s = started.elapsed().as_secs_f64();
    let imported = results
        .iter()
        .filter(|r| matches!(r.result, casefile_core::ImportOutcome::Imported { .. }))
        .count();
    assert_eq!(imported, 1000);

    // Up to 10,000 documents with text.
    let text_dir = dir.path().join("text");
    std::fs::create_dir_all(&text_dir).expect("dir");
    let total_docs = store.list_documents(case).expect("list").len();
    let mut letters = Vec::new();
    for i in 0..(10_000 - total_docs) {
        let path = text_dir.join(format!("letter{i:05}.txt"));
        std::fs::write(&path, format!("Letter {i}. {}", text(i + 100_000, 250))).expect("write");
        letters.push(path);
    }
    let started = Instant::now();
    store
        .import_files(case, &letters, &casefile_core::ImportOptions::default())
        .expect("import letters");
    let fill_s = started.elapsed().as_secs_f64();
    let documents = store.list_documents(case).expect("list").len();

    let queries = [
        "speech therapy",
        "annual review",
        "tribunal appeal",
        "missed session",
        "caseworker",
        "occupational therapy report",
        "transport",
        "placement deadline",
        "café",
        "Letter 4242",
        "psychology",
        "section plan",
        "SENCo",
        "council letter",
        "assessment",
        "provision",
        "school review",
        "appeal deadline",
        "language",
        "nothing-matches-this",
    ];
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        for q in &queries {
            let started = Instant::now();
            hits += store.search(case, q).expect("search").len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];

    println!(
        "import:  1,000 .eml files (250 with an attachment) in {import_s:.2} s (goal: ≤ 10 s)"
    );
    println!(
        "fill:    {} more text documents in {fill_s:.1} s",
        letters.len()
    );
    println!(
        "search:  {} queries over {documents} documents: median {median:.1} ms, 95th percentile {p95:.1} ms (goal: p95 ≤ 20 ms); {hits} hits",
        times.len()
    );
}
