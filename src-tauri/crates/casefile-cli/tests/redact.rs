//! Redaction through the real binary (`casefile redact`, `doc save`), on a PDF another program
//! made (LibreOffice), proven with poppler's tools and a raw byte search of the copy.

mod common;

use std::process::Command;

use common::{casefile, json};

/// `text` made into a PDF by LibreOffice, as a school's office software would make it.
fn libreoffice_pdf(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let source = dir.join(format!("{name}.txt"));
    std::fs::write(&source, text).expect("text");
    let out = Command::new("soffice")
        .args([
            &format!("-env:UserInstallation=file://{}/lo-profile", dir.display()),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().expect("path"),
            source.to_str().expect("path"),
        ])
        .output()
        .expect("soffice is needed for this test (scripts/install-deps.sh --tests installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join(format!("{name}.pdf"))
}

/// `casefile redact --doc 1 --text TEXT`, which must succeed; what it printed as JSON.
fn redact(home: &std::path::Path, text: &str) -> serde_json::Value {
    let out = casefile(
        home,
        &[
            "--json",
            "redact",
            "--doc",
            "1",
            "--text",
            text,
            "--reason",
            "third party",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}")
    });
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_name_and_its_variants_are_removed_from_a_school_s_pdf_and_proven_gone() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let report = libreoffice_pdf(
        files.path(),
        "Incident report",
        "Willowbrook Primary School: incident report, 3 March 2026\n\n\
         At morning break Sam Taylor was pushed over by another pupil, Jane Mary Smith (Year 4).\n\
         J. Smith was spoken to by the head teacher, and Jane Smith's parents were told the same day.\n\
         Sam's speech and language therapy session that afternoon was missed.\n",
    );
    let imported = json(&casefile(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            report.to_str().expect("path"),
        ],
    ));
    assert_eq!(
        imported["results"][0]["result"]["outcome"], "imported",
        "{imported}"
    );

    let done = redact(home.path(), "Jane Mary Smith");
    assert_eq!(done["redacted"]["id"], 2, "{done}");
    assert_eq!(done["pages"], serde_json::json!([1]));
    assert_eq!(done["redacted"]["title"], "Incident report (redacted)");

    let copy = files.path().join("copy.pdf");
    let saved = casefile(
        home.path(),
        &["doc", "save", "2", "--out", copy.to_str().expect("path")],
    );
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let path = copy.to_str().expect("path");
    tool("qpdf", &["--check", path]);
    let text = tool("pdftotext", &[path, "-"]);
    for gone in ["Jane", "Smith", "J. Smith"] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
    for kept in [
        "Sam Taylor was pushed over by another pupil,",
        "was spoken to by the head teacher",
        "speech and language therapy session",
    ] {
        assert!(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(kept),
            "{kept} in {text}"
        );
    }
    // No picture left carries the words, and no byte of the file spells them.
    let images = tool("pdfimages", &["-list", path]);
    assert!(images.lines().count() <= 2, "{images}");
    let raw = String::from_utf8_lossy(&std::fs::read(&copy).expect("copy")).to_lowercase();
    assert!(!raw.contains("smith"), "the name is in the file's bytes");

    // The original is kept byte for byte.
    let original = files.path().join("original.pdf");
    casefile(
        home.path(),
        &[
            "doc",
            "save",
            "1",
            "--out",
            original.to_str().expect("path"),
        ],
    );
    assert_eq!(
        std::fs::read(&original).expect("original"),
        std::fs::read(&report).expect("report")
    );

    // A word on no page, and an area off the page, are said plainly.
    let out = casefile(
        home.path(),
        &["redact", "--doc", "1", "--text", "Ravensworth"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("“Ravensworth” was not found in “Incident report”"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = casefile(
        home.path(),
        &["redact", "--doc", "1", "--box", "1,72,x,100,20"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an area"));
}

#[test]
fn a_name_on_a_scanned_letter_is_found_by_ocr_and_taken_out_of_the_picture() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let scanned = home.path().join("Scanned letter.pdf");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/scanned-letter.pdf"
        ),
        &scanned,
    )
    .expect("scan");
    let out = casefile(
        home.path(),
        &["import", "--case", "1", scanned.to_str().expect("path")],
    );
    assert!(out.status.success(), "{out:?}");
    // The scan has no text of its own: the name is found among the words OCR read.
    let done = redact(home.path(), "Caseworker reference 48213");
    assert_eq!(done["pages"], serde_json::json!([1]));
    // The copy is a picture too; read again by OCR, the reference is not in it, and the rest is.
    let read = casefile(home.path(), &["ocr"]);
    assert!(read.status.success(), "{read:?}");
    let titles = |words: &[&str]| -> Vec<String> {
        let mut args = vec!["--json", "search", "--case", "1"];
        args.extend_from_slice(words);
        json(&casefile(home.path(), &args))["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter_map(|h| h["title"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(titles(&["48213"]), ["Scanned letter"]);
    let mut both = titles(&["cancelled"]);
    both.sort();
    assert_eq!(both, ["Scanned letter", "Scanned letter (redacted)"]);
}
