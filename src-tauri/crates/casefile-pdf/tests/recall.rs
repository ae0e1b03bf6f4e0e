//! Casefile's reader against poppler's pdftotext on real PDFs that nobody here wrote: of the
//! words pdftotext reads from each file, how many Casefile's reader reads too (word recall).
//! The files come from many producers: those that ship inside crates.io packages or did (pdfcpu,
//! OpenOffice 2.1, Adobe Designer, iLovePDF, LibreOffice Draw, Microsoft Word through macOS,
//! Google Docs), Debian's documentation (pdfTeX and LaTeX with hyperref), and made here by
//! LibreOffice (plain and PDF/A) and Chromium (Skia) from a letter in English, German, Polish,
//! French, Spanish and Arabic with ligatures. Needs scripts/install-deps.sh --tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use casefile_pdf::reader;

mod common;
use common::packaged;

/// Words as search sees them: runs of letters and digits, lower-cased, counted.
fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (scripts/install-deps.sh --tests installs poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text Casefile reads, or `None` for a file that needs a password to open.
fn read(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).expect("read");
    match reader::open(&bytes, None) {
        Ok(opened) => Some(opened.pages_text().join("\n\u{c}\n")),
        Err(reader::ReadError::NeedsPassword) => None,
        Err(e) => panic!("{} was not opened: {e}", path.display()),
    }
}

fn ours(path: &Path) -> String {
    read(path).unwrap_or_else(|| panic!("{} needs a password", path.display()))
}

const LETTER: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>Annual review</title></head><body>
<h1>Annual review of the EHC plan</h1>
<p>The office affirms the difficult official figures: efficient, affluent, fluffy, offline.</p>
<p>Grüße aus Köln: Frau Müller bestätigt die Übergabe. Zażółć gęślą jaźń, powiedziała Łucja.</p>
<p>Élodie a noté: naïve café, crème brûlée, garçon. Señora Núñez, año.</p>
<p>الطفل أحمد يحتاج إلى علاج النطق كل أسبوع</p>
<p>Speech and language therapy: 45 minutes weekly with a qualified therapist, reviewed each term.</p>
</body></html>"#;

/// The letter made into PDFs by LibreOffice (plain and PDF/A-2) and Chromium, in `dir`.
fn made_here(dir: &Path) -> Vec<PathBuf> {
    let html = dir.join("letter.html");
    std::fs::write(&html, LETTER).expect("html");
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let mut made = Vec::new();
    for (sub, filter) in [
        ("libreoffice", "pdf"),
        (
            "libreoffice-pdfa",
            r#"pdf:writer_web_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#,
        ),
    ] {
        let out = dir.join(sub);
        let status = Command::new("soffice")
            .arg(&profile)
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(&out)
            .arg(&html)
            .output()
            .expect("LibreOffice (scripts/install-deps.sh --tests)");
        assert!(status.status.success(), "{status:?}");
        made.push(out.join("letter.pdf"));
    }
    let docx_out = dir.join("libreoffice-docx");
    let status = Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&docx_out)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/school-letter.docx"
        ))
        .output()
        .expect("LibreOffice");
    assert!(status.status.success(), "{status:?}");
    made.push(docx_out.join("school-letter.pdf"));
    let chrome = dir.join("chromium.pdf");
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join("chromium-profile").display()
        ))
        .arg(format!("--print-to-pdf={}", chrome.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("Chromium (scripts/install-deps.sh --tests)");
    assert!(chrome.is_file(), "{status:?}");
    made.push(chrome);
    made
}

#[test]
fn casefile_reads_at_least_97_percent_of_the_words_pdftotext_reads_from_real_pdfs() {
    let dir = tempfile::tempdir().expect("dir");
    let mut corpus = Vec::new();
    // lopdf's sample files (a Designer 6.5 form with a password only for changes, Google Docs,
    // an incremental update), kept in tests/fixtures/lopdf since lopdf stopped shipping them.
    let lopdf: Vec<PathBuf> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/lopdf"
    ))
    .expect("tests/fixtures/lopdf")
    .flatten()
    .map(|e| e.path())
    .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    .collect();
    let mupdf = packaged("mupdf", "tests/files");
    assert!(
        lopdf.len() >= 4 && mupdf.len() >= 5,
        "lopdf's sample PDFs (tests/fixtures/lopdf) or those shipped in the mupdf package (cargo's registry) are missing: {lopdf:?} {mupdf:?}"
    );
    corpus.extend(lopdf);
    corpus.extend(mupdf);
    for doc in [
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
        "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
    ] {
        assert!(
            Path::new(doc).is_file(),
            "{doc} is missing (scripts/install-deps.sh --tests installs it)"
        );
        corpus.push(PathBuf::from(doc));
    }
    let made = made_here(dir.path());
    corpus.extend(made.iter().cloned());

    let (mut reference, mut found) = (0usize, 0usize);
    let mut report = Vec::new();
    for path in &corpus {
        let theirs = words(&pdftotext(path));
        let Some(text) = read(path) else {
            // A file with a user password: neither reader opens it without one.
            assert!(theirs.is_empty(), "{}: pdftotext read it", path.display());
            report.push(format!("  (needs a password)  {}", path.display()));
            continue;
        };
        let mine = words(&text);
        let n: usize = theirs.values().sum();
        let k: usize = theirs
            .iter()
            .map(|(w, c)| (*c).min(mine.get(w).copied().unwrap_or(0)))
            .sum();
        reference += n;
        found += k;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        report.push(format!(
            "{:>6} of {:>6}  {}",
            k,
            n,
            name.unwrap_or_default()
        ));
        // Every file with real text is read almost whole, not only the corpus on average.
        if n >= 20 {
            assert!(
                k * 100 >= n * 90,
                "{}: {k} of {n} words\n{}",
                path.display(),
                report.join("\n")
            );
        }
    }
    let recall = found as f64 / reference as f64;
    println!(
        "{}\nword recall against pdftotext: {found} of {reference} = {:.2} %",
        report.join("\n"),
        100.0 * recall
    );
    assert!(
        reference > 50_000,
        "the corpus is too small: {reference} words"
    );
    assert!(
        recall >= 0.97,
        "recall {:.2} %\n{}",
        100.0 * recall,
        report.join("\n")
    );

    // The words that readers most often lose are read exactly: ligatures, accents, Polish,
    // Arabic (in reading order), in each file made here.
    for path in &made[..2] {
        let text = ours(path);
        for word in [
            "affluent",
            "offline",
            "difficult",
            "Grüße",
            "Übergabe",
            "Zażółć",
            "jaźń",
            "naïve",
            "brûlée",
            "Núñez",
            "أحمد",
            "أسبوع",
        ] {
            assert!(
                text.contains(word),
                "{}: {word} missing in\n{text}",
                path.display()
            );
        }
    }
    let chrome = ours(&made[3]);
    for word in ["affluent", "Zażółć", "brûlée", "أسبوع"] {
        assert!(
            chrome.contains(word),
            "Chromium's PDF: {word} missing in\n{chrome}"
        );
    }
}
