//! Auditing a council's hearing bundle against the case file, with real PDFs nobody here wrote
//! (pdfTeX, LaTeX with hyperref, iLovePDF, OpenOffice, LibreOffice, macOS Quartz) and a scan.
//! The "council's bundle" is put together the way councils do it: the family's documents in
//! another order, every page stamped again with the bundle's own numbers, one document printed
//! and scanned again (a picture of its page, whose words only OCR can read), one with a page
//! left out, a document the family holds left out altogether, and pages the family never had.
//! Needs scripts/install-deps.sh --tests (the OCR data and Debian's documentation PDFs).

use std::path::{Path, PathBuf};

use casefile_core::outside::ocr::{OcrEngine, render_pdf_page};
use casefile_core::pdf::reader;
use casefile_core::pdf::{BundleSpec, ItemKind, ItemSpec, SectionSpec, Source, build_bundle};
use casefile_core::{
    AuditStatus, BundleAudit, CaseDetails, ImportOutcome, Store, audit_letter,
    compare_bundle_versions, read_council_bundle,
};
use chrono::NaiveDate;

fn registry_file(package: &str, file: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
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
    panic!("{package}'s {file} is not in cargo's registry (the mupdf crate ships it)");
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures")
        .join(name)
}

fn debian_doc(path: &str) -> PathBuf {
    let path = PathBuf::from(path);
    assert!(
        path.is_file(),
        "{} is missing: scripts/install-deps.sh --tests installs it",
        path.display()
    );
    path
}

fn item(key: &str, title: &str, source: Source) -> ItemSpec {
    ItemSpec {
        key: key.into(),
        title: title.into(),
        date: None,
        author: None,
        kind: ItemKind::Other,
        source,
        sha256: None,
    }
}

fn section(letter: &str, title: &str, items: Vec<ItemSpec>) -> SectionSpec {
    SectionSpec {
        letter: letter.into(),
        title: title.into(),
        page_limit: None,
        counts_as_evidence: false,
        items,
    }
}

fn council_bundle(sections: Vec<SectionSpec>) -> casefile_core::pdf::BuiltBundle {
    let spec = BundleSpec {
        title: "Hearing bundle".into(),
        cover_facts: vec![("Prepared by".into(), "Exampleshire County Council".into())],
        build_date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        version: 1,
        sections,
        total_limit: None,
    };
    build_bundle(&spec, None, &mut |_| true).expect("the council's bundle")
}

fn pages_of(built: &casefile_core::pdf::BuiltBundle, key: &str) -> [u32; 2] {
    let entry = built.map.iter().find(|m| m.key == key).expect(key);
    [entry.first_page as u32, entry.last_page as u32]
}

fn status<'a>(audit: &'a BundleAudit, title: &str) -> &'a casefile_core::AuditedDocument {
    audit
        .documents
        .iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("{title} is not in the audit: {:#?}", audit.documents))
}

#[test]
fn the_audit_finds_each_document_in_a_restamped_reordered_council_bundle_and_what_is_not_there() {
    let engine = OcrEngine::find().expect("the English OCR data (scripts/install-deps.sh)");
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("data")).expect("store");
    let case = store
        .create_case(&CaseDetails {
            child_name: "Robin Example".into(),
            local_authority: Some("Exampleshire County Council".into()),
            tribunal_reference: Some("EH123/26/00042".into()),
            ..CaseDetails::default()
        })
        .expect("case")
        .id;

    let manual = debian_doc("/usr/share/doc/libtasn1-doc/libtasn1.pdf"); // pdfTeX, 36 pages
    let spec = debian_doc("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"); // LaTeX, 17
    let paper = registry_file("mupdf", "tests/files/utf8-error-on-this-file.pdf"); // iLovePDF
    let dummy = registry_file("mupdf", "tests/files/dummy.pdf"); // OpenOffice 2.1, 3 words
    let report = registry_file("mupdf", "tests/files/no-json.pdf"); // macOS Quartz
    let scan = fixture("scanned-letter.pdf"); // an image-only scan, read by OCR
    let titles = [
        (&manual, "Speech and language therapy report"),
        (&spec, "Educational psychologist's report"),
        (&paper, "Occupational therapy assessment"),
        (&dummy, "Note from school"),
        (&report, "Annual review report 2025"),
        (&scan, "Letter from the council"),
    ];
    for (path, title) in titles {
        match store.import_file(case, path).expect("import") {
            ImportOutcome::Imported { document, .. } => {
                store
                    .change_document(
                        document.id,
                        &casefile_core::DocumentChanges {
                            title: Some(title.into()),
                            ..Default::default()
                        },
                    )
                    .expect("title");
            }
            other => panic!("{} was not imported: {other:?}", path.display()),
        }
    }
    store
        .read_pending_text(&engine, Some(case), &mut |_, _| {})
        .expect("OCR of the scan");

    let read = |p: &Path| std::fs::read(p).expect("read");
    let manual_bytes = read(&manual);
    // The council's copy of the manual lacks its page 5: pages 1–4 and 6–36.
    let manual_start = reader::pages_copy(&manual_bytes, None, 1, 4).expect("pages 1-4");
    let manual_rest = reader::pages_copy(&manual_bytes, None, 6, 36).expect("pages 6-36");
    // The paper, printed and scanned again: a picture of its page at 150 dpi, no words in it.
    let rescanned = render_pdf_page(&read(&paper), 1, 150).expect("picture of the page");
    // Pages the family never had: three pages of a 120-page iLovePDF file, and a LibreOffice one.
    let unknown = reader::pages_copy(
        &read(&registry_file("mupdf", "tests/files/i32-box.pdf")),
        None,
        1,
        3,
    )
    .expect("unknown pages");
    let unknown_too = read(&registry_file("mupdf", "tests/files/multiple-images.pdf"));

    let sections = |extra: Option<ItemSpec>| {
        let mut first = vec![
            item("spec", "EP report", Source::Pdf(read(&spec))),
            item("scan", "Council letter", Source::Pdf(read(&scan))),
        ];
        if let Some(extra) = extra {
            first.insert(0, extra);
        }
        vec![
            section("A", "Local authority's documents", first),
            section(
                "B",
                "Reports",
                vec![
                    item(
                        "unknown",
                        "Minutes of a panel",
                        Source::Pdf(unknown.clone()),
                    ),
                    item("manual-1", "SALT report", Source::Pdf(manual_start.clone())),
                    item(
                        "manual-2",
                        "SALT report (continued)",
                        Source::Pdf(manual_rest.clone()),
                    ),
                    item("rescan", "OT assessment", Source::Png(rescanned.clone())),
                    item(
                        "unknown-2",
                        "Placement costs",
                        Source::Pdf(unknown_too.clone()),
                    ),
                    item("dummy", "School note", Source::Pdf(read(&dummy))),
                ],
            ),
        ]
    };
    let built = council_bundle(sections(None));
    let job = store.audit_job(case).expect("job");
    let mut steps = Vec::new();
    let council = read_council_bundle(
        &built.bytes,
        "Hearing bundle v1.pdf",
        None,
        Some(&engine),
        &mut |p| {
            steps.push(p.step.clone());
            true
        },
    )
    .expect("read the council's bundle");
    assert!(
        steps
            .iter()
            .any(|s| s.starts_with("Reading the words of scanned pages")),
        "{steps:?}"
    );
    let audit = job.run(&council);

    // Re-stamped and moved, every page there.
    let ep = status(&audit, "Educational psychologist's report");
    assert_eq!(ep.status, AuditStatus::Found, "{ep:?}");
    assert_eq!(ep.pages, Some(pages_of(&built, "spec")));
    // The same scan, read by OCR on both sides.
    let letter = status(&audit, "Letter from the council");
    assert_eq!(letter.status, AuditStatus::Found, "{letter:?}");
    assert_eq!(letter.pages, Some(pages_of(&built, "scan")));
    // Printed and scanned again: found by the words OCR read from the picture.
    let ot = status(&audit, "Occupational therapy assessment");
    assert_eq!(ot.status, AuditStatus::Found, "{ot:?}");
    assert_eq!(ot.pages, Some(pages_of(&built, "rescan")));
    // A three-word note, found by its words inside the stamped page.
    let note = status(&audit, "Note from school");
    assert_eq!(note.status, AuditStatus::Found, "{note:?}");
    assert_eq!(note.pages, Some(pages_of(&built, "dummy")));
    // A page left out: in the bundle, but not whole.
    let salt = status(&audit, "Speech and language therapy report");
    assert_eq!(salt.status, AuditStatus::Different, "{salt:?}");
    assert_eq!(salt.missing_pages, vec![5]);
    assert_eq!(
        salt.pages,
        Some([
            pages_of(&built, "manual-1")[0],
            pages_of(&built, "manual-2")[1]
        ])
    );
    // Not in the bundle at all.
    let annual = status(&audit, "Annual review report 2025");
    assert_eq!(annual.status, AuditStatus::Missing, "{annual:?}");
    assert_eq!(annual.pages, None);

    // What matches nothing: the council's index (its own, expected), and the two documents the
    // family never had, apart at the bundle's bookmarks.
    let unknown_runs: Vec<[u32; 2]> = audit
        .unmatched
        .iter()
        .filter(|u| !u.index)
        .map(|u| u.pages)
        .collect();
    assert_eq!(
        unknown_runs,
        vec![pages_of(&built, "unknown"), pages_of(&built, "unknown-2")],
        "{:#?}",
        audit.unmatched
    );
    let minutes = audit
        .unmatched
        .iter()
        .find(|u| u.pages == pages_of(&built, "unknown"))
        .expect("run");
    assert!(
        minutes
            .title
            .as_deref()
            .is_some_and(|t| t.contains("Minutes of a panel")),
        "{minutes:?}"
    );
    assert!(audit.unmatched.iter().any(|u| u.index && u.pages[0] <= 2));

    let text = audit_letter(
        &job,
        &audit,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("d"),
    )
    .expect("a letter");
    assert!(text.contains("EH123/26/00042 | Robin Example"), "{text}");
    assert!(text.contains("“Annual review report 2025”"), "{text}");
    assert!(text.contains("its page 5 is missing"), "{text}");
    let [a, b] = pages_of(&built, "unknown");
    assert!(text.contains(&format!("bundle pages {a}–{b}")), "{text}");
    assert!(!text.contains("Educational psychologist"), "{text}");

    // A second version with a document put in at the front of section A: every later page's
    // number changes, and the letter lists the shifts.
    let inserted = item(
        "new",
        "Amended plan",
        Source::Pdf(read(&registry_file(
            "mupdf",
            "tests/files/utf8-error-on-this-file.pdf",
        ))),
    );
    let built_v2 = council_bundle(sections(Some(inserted)));
    let council_v2 = read_council_bundle(
        &built_v2.bytes,
        "Hearing bundle v2.pdf",
        None,
        Some(&engine),
        &mut |_| true,
    )
    .expect("v2");
    let versions = compare_bundle_versions(&council, &council_v2);
    let [first_new, last_new] = pages_of(&built_v2, "new");
    assert!(
        versions
            .added
            .iter()
            .any(|r| r[0] <= first_new && r[1] >= last_new),
        "{versions:#?}"
    );
    let [ep_old, ep_old_last] = pages_of(&built, "spec");
    let [ep_new, _] = pages_of(&built_v2, "spec");
    assert_ne!(ep_old, ep_new);
    assert!(
        versions.moved.iter().any(|m| m.old[0] <= ep_old
            && m.old[1] >= ep_old_last
            && m.new[0] + (ep_old - m.old[0]) == ep_new),
        "{versions:#?}"
    );
    let text = audit_letter(
        &job,
        &job.run(&council_v2),
        Some(&versions),
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("d"),
    )
    .expect("letter");
    assert!(text.contains("of the earlier version"), "{text}");
}

#[test]
fn a_damaged_or_protected_council_bundle_is_refused_with_what_to_do() {
    let damaged =
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF";
    let e =
        read_council_bundle(damaged, "bundle.pdf", None, None, &mut |_| true).expect_err("refused");
    assert!(e.to_string().contains("bundle.pdf"), "{e}");
    assert!(
        e.to_string()
            .contains("Nothing in the case file was changed")
            || e.to_string().contains("no pages"),
        "{e}"
    );

    let protected =
        std::fs::read(registry_file("mupdf", "tests/files/dummy-encrypted.pdf")).expect("read");
    let e = read_council_bundle(&protected, "locked.pdf", None, None, &mut |_| true)
        .expect_err("refused");
    assert_eq!(e.field(), Some("password"), "{e}");
    assert!(e.to_string().contains("password-protected"), "{e}");

    let mut stop_at_once = |_: &casefile_core::AuditProgress| false;
    let e = read_council_bundle(&protected, "locked.pdf", None, None, &mut stop_at_once)
        .expect_err("cancelled");
    assert_eq!(e.kind(), "cancelled");
}
