//! Hostile PDFs through the real binary: a file built to overflow a PDF parser's stack, and one
//! whose compressed page expands to 4 GiB. Each is read by a contained reader (the same program,
//! run again with a memory cap and a time limit), so the import refuses that one file by name
//! and exits as usual; everything already stored stays as it was. Before the contained reader,
//! the first killed the process with a stack overflow (exit 134) and the second on allocation.

mod common;

use std::io::Write;

use common::{casefile, casefile_with, json, one_picture_pdf, pdf_of, stdout};

/// A one-page PDF whose page dictionary carries `extra` and whose content stream is `content`
/// (already encoded; `filter` names its filter), with a correct cross-reference table.
fn pdf_with(extra: &[u8], content: &[u8], filter: Option<&str>) -> Vec<u8> {
    let page = [
        &b"/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Extra "[..],
        extra,
    ]
    .concat();
    let filter = filter.map(|f| format!("/Filter /{f}")).unwrap_or_default();
    pdf_of(&[
        (b"/Type /Catalog /Pages 2 0 R", None),
        (b"/Type /Pages /Kids [3 0 R] /Count 1", None),
        (&page, None),
        (filter.as_bytes(), Some(content)),
    ])
}

/// A zlib stream of `segments` × 16 MiB of zero bytes, made without compressing all of it: one
/// sync-flushed deflate segment of zeros, repeated (its back-references reach only zeros), then
/// an empty final block and the Adler-32 of n zeros, which is (n mod 65521) << 16 | 1.
fn zeros_bomb(segments: u64) -> Vec<u8> {
    const SEGMENT: usize = 16 << 20;
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    let mut segment = Vec::with_capacity(64 << 10);
    deflate
        .compress_vec(
            &vec![0u8; SEGMENT],
            &mut segment,
            flate2::FlushCompress::Sync,
        )
        .expect("deflate");
    let mut out = vec![0x78, 0xda];
    for _ in 0..segments {
        out.extend_from_slice(&segment);
    }
    out.extend_from_slice(&[0x03, 0x00]);
    let n = segments * SEGMENT as u64;
    out.extend_from_slice(&((((n % 65521) << 16) | 1) as u32).to_be_bytes());
    out
}

#[test]
fn the_zeros_bomb_is_a_real_zlib_stream_of_what_it_claims() {
    use std::io::Read;
    let mut inflated = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    let bomb = zeros_bomb(2);
    let mut reader = flate2::read::ZlibDecoder::new(&bomb[..]);
    loop {
        let n = reader
            .read(&mut buf)
            .expect("inflate to the end, checksum included");
        if n == 0 {
            break;
        }
        assert!(buf[..n].iter().all(|b| *b == 0));
        inflated += n as u64;
    }
    assert_eq!(inflated, 32 << 20);
}

#[test]
fn hostile_pdfs_are_refused_by_name_and_nothing_stored_is_touched() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let letter = home.path().join("Letter from school.txt");
    std::fs::write(
        &letter,
        "The school confirmed the speech therapy sessions stopped.",
    )
    .expect("letter");
    assert!(
        casefile(
            home.path(),
            &["import", "--case", "1", letter.to_str().expect("path")]
        )
        .status
        .success()
    );

    let deep = home.path().join("Deep.pdf");
    let depth = 200_000;
    let mut nested = vec![b'['; depth];
    nested.extend(std::iter::repeat_n(b']', depth));
    std::fs::write(&deep, pdf_with(&nested, b"BT ET", None)).expect("deep");

    let bomb = home.path().join("Bomb.pdf");
    // 256 × 16 MiB = 4 GiB of zeros from a file of about 4 MB.
    let mut file = std::fs::File::create(&bomb).expect("bomb");
    file.write_all(&pdf_with(b"0", &zeros_bomb(256), Some("FlateDecode")))
        .expect("write");
    drop(file);
    assert!(std::fs::metadata(&bomb).expect("size").len() < 8 << 20);

    for (path, name) in [(&deep, "Deep.pdf"), (&bomb, "Bomb.pdf")] {
        let out = casefile(
            home.path(),
            &[
                "--json",
                "import",
                "--case",
                "1",
                path.to_str().expect("path"),
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {out:?}");
        let report = json(&out);
        assert_eq!(
            report["results"][0]["result"]["outcome"], "refused",
            "{name}"
        );
        let message = report["results"][0]["result"]["message"]
            .as_str()
            .expect("message");
        assert!(message.starts_with(name), "{message}");
        assert!(
            message.contains("could not be read safely") || message.contains("took longer"),
            "{message}"
        );
    }

    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    let docs = docs["documents"].as_array().expect("array");
    assert_eq!(docs.len(), 1, "only the letter is stored");
    assert_eq!(docs[0]["title"], "Letter from school");
    let check = casefile(home.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    // An ordinary PDF still imports through the same contained reader.
    let plain = home.path().join("Plain.pdf");
    std::fs::write(
        &plain,
        pdf_with(
            b"0",
            b"BT /F1 12 Tf 72 720 Td (Speech therapy was not delivered in October.) Tj ET",
            None,
        ),
    )
    .expect("plain");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            plain.to_str().expect("path"),
        ],
    );
    assert_eq!(
        json(&out)["results"][0]["result"]["outcome"],
        "imported",
        "{out:?}"
    );
}

/// The contained reader's memory cap is kept by counting allocations (the same on Windows, macOS
/// and Linux), not only by Linux's address-space limit: a PDF whose page expands to 128 MiB is
/// read under the default 1.5 GiB cap, and refused by name under a 32 MB cap, which is far below
/// the address-space limit, so only the counting allocator can have stopped it.
#[test]
fn the_contained_readers_memory_cap_holds_by_counting_allocations() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let big = home.path().join("Big page.pdf");
    // 8 × 16 MiB = 128 MiB of zeros from a file of about 130 KB.
    std::fs::write(&big, pdf_with(b"0", &zeros_bomb(8), Some("FlateDecode"))).expect("big");
    let import = |env: &[(&str, &str)]| {
        json(&casefile_with(
            home.path(),
            &[
                "--json",
                "import",
                "--case",
                "1",
                big.to_str().expect("path"),
            ],
            env,
        ))
    };
    let capped = import(&[("CASEFILE_READER_MEMORY_MB", "32")]);
    assert_eq!(
        capped["results"][0]["result"]["outcome"], "refused",
        "{capped}"
    );
    let message = capped["results"][0]["result"]["message"]
        .as_str()
        .expect("message");
    assert!(
        message.starts_with("Big page.pdf could not be read safely"),
        "{message}"
    );
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    assert_eq!(docs["documents"].as_array().expect("array").len(), 0);

    let read = import(&[]);
    assert_eq!(
        read["results"][0]["result"]["outcome"], "imported",
        "{read}"
    );
}

/// A one-page PDF showing one greyscale picture of `side` × `side` pixels whose compressed
/// stream is `image` (FlateDecode): small on disk, large once MuPDF decodes it to draw the page.
fn pdf_with_picture(side: u32, image: &[u8]) -> Vec<u8> {
    one_picture_pdf(
        [595, 842],
        "595 0 0 842 0 0",
        &format!(
            "/Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8 \
             /Filter /FlateDecode"
        ),
        image,
    )
}

/// What MuPDF's C code allocates (with `malloc`, unseen by the counting allocator) is capped too,
/// on every platform, by the reader's watch on its own resident memory: a scan whose one picture
/// decodes to 144 MiB (12,288 × 12,288 grey pixels from a file of about 150 KB) is read by OCR
/// under the default cap, and under a 32 MB cap its OCR is stopped, the file is named, and the
/// scan stays stored. Reading the picture allocates in MuPDF alone,
/// and 32 MB is far below Linux's address-space wall, so only the watch can have stopped it.
#[test]
fn the_contained_readers_memory_cap_holds_for_what_the_pdf_engine_allocates() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let scan = home.path().join("Huge scan.pdf");
    // 9 × 16 MiB = 150,994,944 bytes = 12,288 × 12,288 pixels of one byte.
    std::fs::write(&scan, pdf_with_picture(12_288, &zeros_bomb(9))).expect("scan");
    let capped = casefile_with(
        home.path(),
        &["import", "--case", "1", scan.to_str().expect("path")],
        &[("CASEFILE_READER_MEMORY_MB", "32")],
    );
    let said = stdout(&capped);
    assert!(said.contains("Huge scan"), "{said}");
    assert!(
        said.contains("the reader stopped on this file"),
        "the OCR was stopped: {said}"
    );
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    assert_eq!(
        docs["documents"].as_array().expect("array").len(),
        1,
        "the scan itself is stored: {docs}"
    );
    // Without the lower cap the same page is read (a blank picture: no words, but read). The
    // copy differs by a comment after its end, so it is not the same file twice.
    let copy = home.path().join("Huge scan copy.pdf");
    let mut bytes = std::fs::read(&scan).expect("scan");
    bytes.extend_from_slice(b"% a second copy\n");
    std::fs::write(&copy, bytes).expect("copy");
    let again = casefile(
        home.path(),
        &["import", "--case", "1", copy.to_str().expect("path")],
    );
    let said = stdout(&again);
    assert!(again.status.success(), "{again:?}");
    assert!(said.contains("Huge scan copy"), "{said}");
    assert!(!said.contains("stopped"), "{said}");
}

#[test]
fn a_hostile_pdf_stored_before_the_contained_reader_is_refused_at_the_bundle_build() {
    use sha2::Digest;
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let plain = home.path().join("Plain.pdf");
    std::fs::write(&plain, pdf_with(b"0", b"BT ET", None)).expect("plain");
    assert!(
        casefile(
            home.path(),
            &["import", "--case", "1", plain.to_str().expect("path")]
        )
        .status
        .success()
    );
    // A document stored by an earlier version, whose import read PDFs in process: its row and
    // its file put in place as that version left them (never read by the contained reader).
    let depth = 200_000;
    let mut nested = vec![b'['; depth];
    nested.extend(std::iter::repeat_n(b']', depth));
    let deep = pdf_with(&nested, b"BT ET", None);
    let sha = format!("{:x}", sha2::Sha256::digest(&deep));
    let blob = home.path().join("blobs").join(&sha[..2]).join(&sha[2..]);
    std::fs::create_dir_all(blob.parent().expect("folder")).expect("folder");
    std::fs::write(&blob, &deep).expect("blob");
    let db = rusqlite::Connection::open(home.path().join("casefile.db")).expect("db");
    db.execute(
        "INSERT INTO documents (case_id, sha256, original_name, media_type, size_bytes, title, imported_at) \
         VALUES (1, ?1, 'Deep.pdf', 'application/pdf', ?2, 'Old scan', '2026-01-05T10:00:00Z')",
        rusqlite::params![sha, deep.len() as i64],
    )
    .expect("row");
    let read_contained = |db: &rusqlite::Connection, title: &str| -> i64 {
        db.query_row(
            "SELECT read_contained FROM documents WHERE title = ?1",
            [title],
            |r| r.get(0),
        )
        .expect("row")
    };
    assert_eq!(
        read_contained(&db, "Plain"),
        1,
        "imported now: read by the contained reader"
    );
    assert_eq!(read_contained(&db, "Old scan"), 0);
    drop(db);

    let out = home.path().join("bundle.pdf");
    let build = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(
        build.status.code(),
        Some(1),
        "refused, not killed: {build:?}"
    );
    let said = String::from_utf8_lossy(&build.stderr);
    assert!(
        said.contains("“Old scan” cannot go into the bundle"),
        "{said}"
    );
    assert!(said.contains("could not be read safely"), "{said}");
    assert!(!out.exists(), "no bundle written");

    // Without it, the bundle builds, and a PDF the contained reader passed once is recorded.
    let db = rusqlite::Connection::open(home.path().join("casefile.db")).expect("db");
    db.execute("DELETE FROM documents WHERE title = 'Old scan'", [])
        .expect("delete");
    db.execute("UPDATE documents SET read_contained = 0", [])
        .expect("as if stored before");
    drop(db);
    let build = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert!(build.status.success(), "{build:?}");
    let db = rusqlite::Connection::open(home.path().join("casefile.db")).expect("db");
    assert_eq!(
        read_contained(&db, "Plain"),
        1,
        "read once at the build, and recorded"
    );
}
