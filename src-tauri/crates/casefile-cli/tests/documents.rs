//! Importing and searching through the real binary (`casefile import`, `doc list`, `search`).

mod common;

use std::process::Command;

use common::{casefile, casefile_with, json, one_picture_pdf, stdout};

#[test]
fn a_batch_import_reports_each_file_imports_the_good_ones_and_exits_1_for_the_bad() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let note = home.path().join("Call with SENCo.txt");
    std::fs::write(
        &note,
        "The SENCo agreed the speech therapy had not happened since October.",
    )
    .expect("note");
    let empty = home.path().join("blank.pdf");
    std::fs::write(&empty, b"").expect("empty");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            note.to_str().expect("path"),
            empty.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = json(&out);
    assert_eq!(report["results"][0]["result"]["outcome"], "imported");
    assert_eq!(report["results"][1]["result"]["outcome"], "refused");
    assert!(
        report["results"][1]["result"]["message"]
            .as_str()
            .expect("message")
            .contains("blank.pdf is empty")
    );
    // Only the empty file: nothing was imported, and the last line does not say otherwise.
    let alone = casefile(
        home.path(),
        &["import", "--case", "1", empty.to_str().expect("path")],
    );
    assert_eq!(alone.status.code(), Some(1), "{alone:?}");
    let said = String::from_utf8_lossy(&alone.stdout).into_owned();
    assert!(
        said.trim_end().ends_with("The file was not imported."),
        "{said}"
    );
    assert!(!said.contains("the others were"), "{said}");
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    assert_eq!(docs["documents"].as_array().expect("array").len(), 1);
    assert_eq!(docs["documents"][0]["title"], "Call with SENCo");
    assert_eq!(
        docs["documents"][0]["sha256"].as_str().expect("hash").len(),
        64
    );

    let text = casefile(
        home.path(),
        &["import", "--case", "1", note.to_str().expect("path")],
    );
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("already"));

    let found = json(&casefile(
        home.path(),
        &["--json", "search", "--case", "1", "speech", "therapy"],
    ));
    assert_eq!(found["hits"][0]["source"], "document");
    assert!(
        found["hits"][0]["snippet"]
            .as_str()
            .expect("snippet")
            .contains("«speech»")
    );
}

#[test]
fn an_encrypted_pdf_is_refused_with_a_clear_message() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let plain = home.path().join("plain.pdf");
    let minimal = "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>> endobj\ntrailer <</Root 1 0 R/Size 4>>\n%%EOF\n";
    std::fs::write(home.path().join("raw.pdf"), minimal).expect("raw");
    let fixed = Command::new("qpdf")
        .arg(home.path().join("raw.pdf"))
        .arg(&plain)
        .status()
        .expect("qpdf (scripts/install-deps.sh --tests)");
    assert!(matches!(fixed.code(), Some(0 | 3)));
    let locked = home.path().join("locked.pdf");
    let status = Command::new("qpdf")
        .args(["--encrypt", "u", "o", "256", "--"])
        .arg(&plain)
        .arg(&locked)
        .status()
        .expect("qpdf");
    assert!(status.success());
    let out = casefile(
        home.path(),
        &["import", "--case", "1", locked.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("locked.pdf is password-protected"),
        "{out:?}"
    );
}

#[test]
fn a_photo_and_a_scanned_pdf_are_read_by_ocr_with_no_outside_program_on_the_path() {
    let home = tempfile::tempdir().expect("dir");
    // No tesseract, pdftoppm or pdftotext can be found: the PATH holds one empty folder, as on
    // a Windows or macOS laptop that has none of them.
    let empty = tempfile::tempdir().expect("empty folder");
    let path = empty.path().to_str().expect("path").to_owned();
    let env = [("PATH", path.as_str())];
    casefile_with(home.path(), &["case", "new", "--name", "Ava"], &env);
    let scan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.jpg"
    ))
    .expect("fixture");
    let photo = home.path().join("Letter photo.jpg");
    std::fs::write(&photo, &scan).expect("photo");
    let scanned = home.path().join("Scanned letter.pdf");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/scanned-letter.pdf"
        ),
        &scanned,
    )
    .expect("scan");
    let out = casefile_with(
        home.path(),
        &[
            "import",
            "--case",
            "1",
            photo.to_str().expect("path"),
            scanned.to_str().expect("path"),
        ],
        &env,
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for title in ["Letter photo", "Scanned letter"] {
        assert!(
            text.contains(&format!("read      {title}:"))
                && text.contains("characters of text (OCR)"),
            "{title}: {text}"
        );
    }
    let found = json(&casefile_with(
        home.path(),
        &["--json", "search", "--case", "1", "Caseworker", "reference"],
        &env,
    ));
    let titles: Vec<&str> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["title"].as_str())
        .collect();
    assert_eq!(titles.len(), 2, "{found}");
    // Nothing is left waiting.
    let again = casefile_with(home.path(), &["ocr"], &env);
    assert!(String::from_utf8_lossy(&again.stdout).contains("No scans or photos are waiting"));

    // In a bundle the scanned PDF and the photo carry the words OCR read as an invisible
    // layer, so the judge can search them: poppler finds them in the bundle, once on the
    // scan's page and once on the photo's.
    let bundle = home.path().join("bundle.pdf");
    let built = casefile_with(
        home.path(),
        &[
            "--json",
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            bundle.to_str().expect("path"),
            "--date",
            "2026-12-02",
        ],
        &env,
    );
    assert!(built.status.success(), "{built:?}");
    // Nothing else in the bundle holds these words (the index and chronology name documents by
    // title), so only the layers over the scan and the photo can have put them there.
    let text = Command::new("pdftotext")
        .arg(&bundle)
        .arg("-")
        .output()
        .expect("pdftotext (scripts/install-deps.sh --tests)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert_eq!(
        text.matches("Caseworker reference 48213").count(),
        2,
        "on the scan and on the photo: {text}"
    );
    assert_eq!(
        text.matches("speech and language therapy").count(),
        2,
        "{text}"
    );
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&bundle)
        .status()
        .expect("qpdf");
    assert!(check.success());
}

/// A one-page PDF as a scanner makes it when the letter went in on its side: the photographed
/// letter (a JPEG, 595 × 288 pt as shown upright) drawn turned a quarter anticlockwise on a
/// 288 × 595 pt page, with nothing (no /Rotate) to say so.
fn letter_scanned_on_its_side() -> Vec<u8> {
    let jpeg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.jpg"
    ))
    .expect("fixture");
    // The picture's unit square: its width (595 pt) runs up the page, its height (288 pt)
    // leftwards, from the page's bottom-right corner.
    one_picture_pdf(
        [288, 595],
        "0 595 -288 0 288 0",
        "/Width 1240 /Height 600 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
        &jpeg,
    )
}

/// A letter that went into the scanner on its side is read the right way up, found by search,
/// and searchable in the bundle, where poppler reads its line in order.
#[test]
fn a_letter_scanned_on_its_side_is_read_found_and_searchable_in_the_bundle() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let scan = home.path().join("Sideways scan.pdf");
    std::fs::write(&scan, letter_scanned_on_its_side()).expect("scan");
    let out = casefile(
        home.path(),
        &["import", "--case", "1", scan.to_str().expect("path")],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("characters of text (OCR)"), "{out:?}");
    let found = json(&casefile(
        home.path(),
        &[
            "--json",
            "search",
            "--case",
            "1",
            "speech",
            "therapy",
            "cancelled",
        ],
    ));
    assert_eq!(found["hits"].as_array().expect("hits").len(), 1, "{found}");
    let bundle = home.path().join("bundle.pdf");
    let built = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            bundle.to_str().expect("path"),
            "--date",
            "2026-12-07",
        ],
    );
    assert!(built.status.success(), "{built:?}");
    let text = Command::new("pdftotext")
        .arg(&bundle)
        .arg("-")
        .output()
        .expect("pdftotext (scripts/install-deps.sh --tests)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Caseworker reference 48213"), "{text}");
    assert!(text.contains("speech and language therapy"), "{text}");
}

#[test]
fn a_document_is_given_its_kind_author_and_tags_and_search_narrows_by_them() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let a = home.path().join("gp.txt");
    std::fs::write(&a, "Therapy recommended weekly by the GP.").expect("a");
    let b = home.path().join("council.txt");
    std::fs::write(&b, "Therapy refused by the panel.").expect("b");
    casefile(
        home.path(),
        &[
            "import",
            "--case",
            "1",
            a.to_str().expect("path"),
            b.to_str().expect("path"),
        ],
    );
    let out = casefile(
        home.path(),
        &[
            "doc",
            "edit",
            "1",
            "--title",
            "GP letter",
            "--date",
            "2026-02-01",
            "--kind",
            "report-medical",
            "--author",
            "Dr Shah",
            "--tag",
            "therapy",
            "--tag",
            "health",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "GP letter · Sun 1 Feb 2026 · Medical report · from Dr Shah · tags: health, therapy"
    ));
    let bad = casefile(
        home.path(),
        &["doc", "edit", "1", "--kind", "shopping-list"],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a kind of document"));

    let all = json(&casefile(
        home.path(),
        &["--json", "search", "--case", "1", "therapy"],
    ));
    assert_eq!(all["hits"].as_array().expect("hits").len(), 2);
    let by_kind = json(&casefile(
        home.path(),
        &[
            "--json",
            "search",
            "--case",
            "1",
            "--kind",
            "report-medical",
            "therapy",
        ],
    ));
    assert_eq!(by_kind["hits"].as_array().expect("hits").len(), 1);
    assert_eq!(by_kind["hits"][0]["title"], "GP letter");
    let by_party = json(&casefile(
        home.path(),
        &[
            "--json", "search", "--case", "1", "--party", "dr shah", "therapy",
        ],
    ));
    assert_eq!(by_party["hits"].as_array().expect("hits").len(), 1);
    let by_date = json(&casefile(
        home.path(),
        &[
            "--json",
            "search",
            "--case",
            "1",
            "--from",
            "2026-03-01",
            "therapy",
        ],
    ));
    assert_eq!(by_date["hits"].as_array().expect("hits").len(), 0);
}

#[test]
fn a_password_protected_pdf_is_imported_with_its_password_and_bundled_from_its_readable_copy() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    // A PDF made by Casefile itself (a one-letter bundle of a scratch case), then locked with qpdf.
    casefile(home.path(), &["case", "new", "--name", "Scratch"]);
    let letter_txt = home.path().join("letter.txt");
    std::fs::write(&letter_txt, "Medical evidence about sleep and anxiety.").expect("txt");
    casefile(
        home.path(),
        &["import", "--case", "2", letter_txt.to_str().expect("path")],
    );
    let source = home.path().join("plain.pdf");
    assert!(
        casefile(
            home.path(),
            &[
                "bundle",
                "build",
                "--case",
                "2",
                "--out",
                source.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let locked = home.path().join("Medical letter.pdf");
    let status = Command::new("qpdf")
        .args(["--encrypt", "open-me", "owner", "256", "--"])
        .arg(&source)
        .arg(&locked)
        .status()
        .expect("qpdf");
    assert!(status.success());
    let without = casefile(
        home.path(),
        &["import", "--case", "1", locked.to_str().expect("path")],
    );
    assert_eq!(without.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&without.stdout)
            .contains("password  Medical letter.pdf is password-protected")
    );
    // The password is never an argument (others could read it from the process list): without
    // it in the environment or a terminal to type it at, the import is refused, naming how.
    let asked = casefile(
        home.path(),
        &[
            "import",
            "--case",
            "1",
            "--password",
            locked.to_str().expect("path"),
        ],
    );
    assert_eq!(asked.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&asked.stderr).contains("CASEFILE_PDF_PASSWORD"),
        "{asked:?}"
    );
    let with = json(&casefile_with(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            "--password",
            locked.to_str().expect("path"),
        ],
        &[("CASEFILE_PDF_PASSWORD", "open-me")],
    ));
    assert_eq!(with["results"][0]["result"]["outcome"], "imported");
    assert_eq!(
        with["results"][0]["result"]["attachments"][0]["title"],
        "Medical letter (readable copy)"
    );
    let pdf = home.path().join("bundle.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "the bundle uses the readable copy: {out:?}"
    );
}
