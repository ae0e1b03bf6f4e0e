//! Redaction through the real binary (`casefile redact`, `doc save`), on a PDF another program
//! made (LibreOffice), proven with poppler's tools and a raw byte search of the copy.

mod common;

use std::process::Command;

use common::{casefile, json, stdout};

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
            .contains("“Ravensworth” was not found in “Incident report (redacted)”"),
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

#[test]
fn names_are_found_across_a_bundle_reviewed_and_redacted_from_a_pdf_an_email_and_a_photo() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let report = libreoffice_pdf(
        files.path(),
        "Incident report",
        "Incident report, 3 March 2026\n\nAt break Sam Taylor was pushed over by Jane Smith (Year 4).\n\
         The head teacher spoke to her the same day.\n",
    );
    let email = files.path().join("lunch.eml");
    std::fs::write(
        &email,
        "From: Class teacher <class4@school.example>\r\nTo: parent@example.org\r\nDate: Wed, 4 Mar 2026 16:40:00 +0000\r\nSubject: After lunch\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJane Smith's mother has been told about the coat.\r\nSam's 1:1 support was not in place at lunch.\r\n",
    )
    .expect("eml");
    let photo = files.path().join("Photo of letter.jpg");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/scanned-letter.jpg"
        ),
        &photo,
    )
    .expect("photo");
    for file in [&report, &email, &photo] {
        let out = casefile(
            home.path(),
            &["import", "--case", "1", file.to_str().expect("path")],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let read = casefile(home.path(), &["ocr"]);
    assert!(read.status.success(), "{read:?}");
    let created = json(&casefile(
        home.path(),
        &["--json", "bundle", "new", "--case", "1"],
    ));
    let bundle = created["bundle"]["id"].as_i64().expect("id").to_string();
    let names = ["--text", "Jane Smith", "--text", "48213"];

    // Review first: where each stands, with its line; nothing is changed.
    let mut args = vec!["--json", "redact", "--bundle", &bundle, "--find"];
    args.extend_from_slice(&names);
    let found = json(&casefile(home.path(), &args));
    let found = found.as_array().expect("documents");
    assert_eq!(found.len(), 3, "{found:?}");
    let count = |title: &str| {
        found
            .iter()
            .find(|f| f["document"]["title"] == title)
            .map(|f| f["occurrences"].as_array().expect("list").len())
    };
    assert_eq!(count("Incident report"), Some(1), "{found:?}");
    assert_eq!(count("After lunch"), Some(1), "{found:?}");
    assert_eq!(count("Photo of letter"), Some(1), "{found:?}");
    let listed = stdout(&casefile(
        home.path(),
        &[
            "redact",
            "--bundle",
            &bundle,
            "--find",
            "--text",
            "Jane Smith",
        ],
    ));
    assert!(
        listed.contains(
            "page 1: “Jane Smith” in “At break Sam Taylor was pushed over by Jane Smith (Year 4).”"
        ),
        "{listed}"
    );
    assert_eq!(
        json(&casefile(
            home.path(),
            &["--json", "doc", "list", "--case", "1"]
        ))["documents"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "the review changed nothing"
    );

    // Then all at once: each document gets its redacted copy, and the bundle uses them.
    let mut args = vec!["redact", "--bundle", &bundle];
    args.extend_from_slice(&names);
    let out = casefile(home.path(), &args);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out).matches("kept as document").count(),
        3,
        "{}",
        stdout(&out)
    );
    let built = files.path().join("bundle.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--bundle",
            &bundle,
            "--out",
            built.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let path = built.to_str().expect("path");
    tool("qpdf", &["--check", path]);
    let text = tool("pdftotext", &[path, "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for gone in ["Jane", "Smith", "48213"] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
    for kept in [
        "Incident report (redacted)",
        "After lunch (redacted)",
        "Photo of letter (redacted)",
        "was pushed over by",
        "support was not in place at lunch",
        "cancelled",
    ] {
        assert!(text.contains(kept), "{kept} in {text}");
    }
    let raw = String::from_utf8_lossy(&std::fs::read(&built).expect("bundle")).to_lowercase();
    assert!(!raw.contains("jane smith") && !raw.contains("48213"));
}
