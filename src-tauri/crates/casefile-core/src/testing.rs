//! Fixtures the core's tests share: a store in a temporary folder with a case in it, and files
//! to import. Compiled for tests only.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{CaseDetails, Document, ImportOutcome, Store};

/// A plain store in `<temp>/data` with one case for a child called Ava; the folder goes when
/// the first value is dropped.
pub(crate) fn store_with_case() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("data")).expect("open");
    let case = store
        .create_case(&CaseDetails {
            child_name: "Ava".into(),
            ..CaseDetails::default()
        })
        .expect("case")
        .id;
    (dir, store, case)
}

/// [`store_with_case`] with one letter imported (the council agreed to assess).
pub(crate) fn store_with_document() -> (tempfile::TempDir, Store) {
    let (dir, mut store, case) = store_with_case();
    import_text(
        &mut store,
        case,
        dir.path(),
        "letter.txt",
        "The council agreed to assess.",
    );
    (dir, store)
}

/// Imports a text file called `name` holding `text` into `case`; the stored document.
pub(crate) fn import_text(
    store: &mut Store,
    case: i64,
    dir: &Path,
    name: &str,
    text: &str,
) -> Document {
    let path = dir.join(name);
    fs::write(&path, text).expect("write");
    match store.import_file(case, &path).expect("import") {
        ImportOutcome::Imported { document, .. } => document,
        other => panic!("{name} was not imported: {other:?}"),
    }
}

/// A real PDF made with the test-oracle tools (qpdf), holding `text`.
pub(crate) fn make_pdf(dir: &Path, name: &str, text: &str) -> PathBuf {
    let body = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let pdf = format!(
        "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>> endobj\n4 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj\n5 0 obj <</Length {}>> stream\n{body}\nendstream endobj\n6 0 obj <</CreationDate(D:20260312090000Z)>> endobj\ntrailer <</Root 1 0 R/Info 6 0 R/Size 7>>\n%%EOF\n",
        body.len()
    );
    let raw = dir.join(format!("{name}.raw.pdf"));
    fs::write(&raw, pdf).expect("raw pdf");
    let out = dir.join(name);
    // qpdf rewrites it with a proper cross-reference table (exit 3 means warnings, still written).
    let status = Command::new("qpdf")
        .arg(&raw)
        .arg(&out)
        .status()
        .expect("qpdf (scripts/install-deps.sh --tests installs it)");
    assert!(matches!(status.code(), Some(0 | 3)), "qpdf failed");
    out
}

/// How many files lie under `path`, in every folder below it.
pub(crate) fn count_files(path: &Path) -> usize {
    fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// How many document files the store in `<dir>/data` keeps.
pub(crate) fn stored_files(dir: &Path) -> usize {
    count_files(&dir.join("data/blobs"))
}

/// `bytes` in base64, as an email carries attachments (coreutils' `base64`).
pub(crate) fn base64(bytes: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = Command::new("base64")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("base64 (coreutils)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write");
    String::from_utf8(child.wait_with_output().expect("output").stdout).expect("ascii")
}
