//! Benchmark: a 500-page bundle from 100 mixed PDFs, against `qpdf --empty --pages
//! … --` merging the same files, in one run. Prints both times, the ratio and this process's
//! peak memory. Not a test: run it with `scripts/bench.sh` (release build).
//!
//! `bundle_benchmark make DIR` writes the 100 sources; `bundle_benchmark run DIR` measures (a
//! separate process, so the peak memory is the build's alone). `make DIR DOCS PAGES` writes
//! another number of sources, named `gen…`, for `scripts/bundle-cli-benchmark.sh`, which makes
//! up the rest of its 100 documents from real PDFs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use casefile_pdf::{
    BundleSpec, ItemKind, ItemSpec, SectionSpec, Source, build_bundle, text_document_pdf,
};
use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

const DOCUMENTS: usize = 100;
const PAGES: usize = 500;

/// A scan: every page one greyscale picture (A4 at 100 dpi), some pages turned.
fn scan_pdf(pages: usize, seed: usize, rotate: bool) -> Vec<u8> {
    let (w, h) = (827usize, 1169usize);
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for p in 0..pages {
        let pixels: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                // Text-like strokes on paper with scanner noise, so it compresses like a scan.
                let noise = ((x * 2_654_435_761 + y * 40_503 + seed * 97 + p * 13) >> 7) % 24;
                if (y / 24) % 3 == 0 && x > 80 && x < 740 && (x * 7 + y * 3 + seed + p) % 11 < 6 {
                    (30 + noise) as u8
                } else {
                    (230 + noise) as u8
                }
            })
            .collect();
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            pixels,
        );
        image.compress().expect("compress");
        let image_id = doc.add_object(image);
        let content = doc.add_object(Stream::new(
            Dictionary::new(),
            b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
        ));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
            "Contents" => content,
        };
        if rotate && p % 2 == 1 {
            page.set("Rotate", 90);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    finish(doc, pages_id, kids)
}

/// A typed letter in Helvetica with inherited resources.
fn typed_pdf(pages: usize, seed: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let mut kids = Vec::new();
    for p in 0..pages {
        let mut content = String::new();
        for line in 0..45 {
            content += &format!(
                "BT /F1 11 Tf 60 {} Td (Paragraph {line} of page {p} in letter {seed}: the council has not delivered the provision.) Tj ET\n",
                780 - line * 16
            );
        }
        let mut stream = Stream::new(Dictionary::new(), content.into_bytes());
        stream.compress().expect("compress");
        let content = doc.add_object(stream);
        kids.push(Object::Reference(doc.add_object(
            dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content },
        )));
    }
    let mut bytes = {
        let mut pages_dict = dictionary! {
            "Type" => "Pages", "Count" => kids.len() as i64, "Kids" => kids,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        };
        pages_dict.set("Type", "Pages");
        doc.objects.insert(pages_id, Object::Dictionary(pages_dict));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_modern(&mut out).expect("save");
        out
    };
    bytes.shrink_to_fit();
    bytes
}

fn finish(mut doc: Document, pages_id: (u32, u16), kids: Vec<Object>) -> Vec<u8> {
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Count" => kids.len() as i64, "Kids" => kids },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn make(dir: &Path, documents: usize, pages_in_all: usize, prefix: &str) {
    std::fs::create_dir_all(dir).expect("dir");
    // 100 documents, 500 pages: page counts 1–9 cycling, topped up on the last.
    let mut counts: Vec<usize> = (0..documents).map(|i| 1 + (i * 7) % 9).collect();
    let total: usize = counts.iter().sum();
    let last = counts.len() - 1;
    counts[last] = counts[last] + pages_in_all - total.min(pages_in_all + counts[last] - 1);
    assert_eq!(counts.iter().sum::<usize>(), pages_in_all, "{counts:?}");
    for (i, pages) in counts.iter().enumerate() {
        let bytes = match i % 4 {
            // Casefile's own letters (embedded TrueType font).
            0 => {
                let text = "The local authority has not arranged the speech and language therapy in Section F. ".repeat(*pages * 30);
                let pdf = text_document_pdf("Letter", Some("Letter"), &text).expect("letter");
                // A letter's page count follows its text; pad with a typed letter if short.
                if pdf.pages == *pages {
                    pdf.bytes
                } else {
                    typed_pdf(*pages, i)
                }
            }
            1 | 2 => typed_pdf(*pages, i),
            _ => scan_pdf(*pages, i, i % 8 == 3),
        };
        std::fs::write(dir.join(format!("{prefix}{i:03}.pdf")), bytes).expect("write");
    }
    println!(
        "wrote {documents} PDFs with {pages_in_all} pages to {}",
        dir.display()
    );
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn run(dir: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pdf")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("doc"))
        })
        .collect();
    files.sort();
    let input_bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();

    let qpdf_out = dir.join("merged-qpdf.pdf");
    let started = Instant::now();
    let status = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .args(&files)
        .arg("--")
        .arg(&qpdf_out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("qpdf (apt install qpdf)");
    let qpdf = started.elapsed().as_secs_f64();
    assert!(status.success());

    let started = Instant::now();
    let items: Vec<ItemSpec> = files
        .iter()
        .enumerate()
        .map(|(i, f)| ItemSpec {
            key: format!("doc:{i}"),
            title: format!("Document {i}"),
            date: NaiveDate::from_ymd_opt(2026, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(i as u64))),
            author: Some("Northshire County Council".into()),
            kind: ItemKind::Other,
            source: Source::Pdf(std::fs::read(f).expect("read")),
            sha256: None,
        })
        .collect();
    let spec = BundleSpec {
        title: "Benchmark bundle".into(),
        cover_facts: vec![("Child".into(), "Benchmark".into())],
        build_date: NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
        version: 1,
        total_limit: None,
        sections: vec![
            SectionSpec {
                letter: "D".into(),
                title: "Parent's evidence".into(),
                page_limit: None,
                counts_as_evidence: true,
                items: items[..50].to_vec(),
            },
            SectionSpec {
                letter: "E".into(),
                title: "Local authority's evidence".into(),
                page_limit: None,
                counts_as_evidence: true,
                items: items[50..].to_vec(),
            },
        ],
    };
    drop(items);
    let built = build_bundle(&spec, None, &mut |_| true).expect("bundle");
    let ours_out = dir.join("bundle-casefile.pdf");
    std::fs::write(&ours_out, &built.bytes).expect("write");
    let ours = started.elapsed().as_secs_f64();
    let peak = peak_memory_mb();

    println!(
        "sources:        {DOCUMENTS} PDFs, {PAGES} pages, {:.1} MB",
        input_bytes as f64 / 1e6
    );
    println!("qpdf merge:     {qpdf:.3} s");
    println!(
        "Casefile build: {ours:.3} s ({} pages with cover and index, {:.1} MB)",
        built.pages,
        built.bytes.len() as f64 / 1e6
    );
    println!("ratio:          {:.2}× qpdf (target ≤ 0.5×)", ours / qpdf);
    if let Some(peak) = peak {
        println!("peak memory:    {peak:.0} MB (target ≤ 150 MB)");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize| args.get(i).and_then(|a| a.parse::<usize>().ok());
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("make"), Some(dir)) => match (number(3), number(4)) {
            (Some(documents), Some(pages)) if documents > 0 && pages >= documents => {
                make(Path::new(dir), documents, pages, "gen")
            }
            _ => make(Path::new(dir), DOCUMENTS, PAGES, "doc"),
        },
        (Some("run"), Some(dir)) => run(Path::new(dir)),
        _ => eprintln!("usage: bundle_benchmark make DIR [DOCS PAGES] | run DIR"),
    }
}
