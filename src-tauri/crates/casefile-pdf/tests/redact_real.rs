//! Redaction on real PDFs nobody here wrote, from three producers (Microsoft Word through macOS
//! Quartz, and two through iLovePDF, one of them 120 pages): each name asked for is gone from
//! what poppler's pdftotext reads and from the file's bytes, the rest of the text is still read,
//! and qpdf finds the file sound. Needs scripts/install-deps.sh --tests.

mod common;

use std::process::Command;

use casefile_pdf::redact;

fn tool(name: &str, args: &[&str], input: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, input).expect("write");
    let out = Command::new(name)
        .args(args)
        .arg(&path)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (scripts/install-deps.sh --tests): {e}"));
    assert!(
        out.status
            .code()
            .is_some_and(|c| c == 0 || (name == "qpdf" && c == 3)),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn names_are_redacted_from_real_pdfs_of_several_producers_and_proven_gone() {
    let files = common::packaged("mupdf", "tests/files");
    // (file, the name and its forms as the core would ask, words that must stay, words that must go)
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let cases: [Case; 3] = [
        (
            "no-json.pdf",
            &["Hindustan Agrigenetics"],
            &["Annual Report", "Limited"],
            &["Hindustan", "Agrigenetics"],
        ),
        (
            "utf8-error-on-this-file.pdf",
            &["C. Doersch", "C Doersch"],
            &["J. Walker", "A. Gupta", "Image Tower"],
            &["Doersch"],
        ),
        (
            "i32-box.pdf",
            &[
                "Bhumika L. Batra",
                "Bhumika Batra",
                "B. L. Batra",
                "B. Batra",
                "B L Batra",
                "B Batra",
            ],
            &["Syed K. Husain", "BOARD OF DIRECTORS"],
            &["Bhumika", "Batra"],
        ),
    ];
    for (name, words, kept, gone) in cases {
        let path = files
            .iter()
            .find(|p| p.file_name().is_some_and(|f| f == name))
            .unwrap_or_else(|| panic!("{name} ships with the mupdf crate"));
        let original = std::fs::read(path).expect("read");
        let before = flat(&tool("pdftotext", &[], &original));
        for g in gone {
            assert!(before.contains(g), "{name} holds {g} before");
        }
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let done =
            redact::redact(&original, &[], &words, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!done.pages.is_empty(), "{name}");
        let after = flat(&tool("pdftotext", &[], &done.bytes));
        for g in gone {
            assert!(!after.contains(g), "{name}: {g} still read");
        }
        for k in kept {
            assert!(after.contains(k), "{name}: {k} was lost");
        }
        let raw = String::from_utf8_lossy(&done.bytes).to_lowercase();
        for g in gone {
            assert!(
                !raw.contains(&g.to_lowercase()),
                "{name}: {g} in the file's bytes"
            );
        }
        tool("qpdf", &["--check"], &done.bytes);
        if name == "i32-box.pdf" {
            // Here MuPDF's redaction does not take on page 2 (its drawing is clipped away): the
            // page is made a picture of itself with the name painted out. Seen as a reader
            // shows it, the name's place is black.
            let dark = dark_share(&done.bytes, 2, [272.0, 724.0, 355.0, 737.0]);
            assert!(dark > 0.95, "the name's place on page 2 is {dark} dark");
            assert!(
                after.contains("Syed K. Husain"),
                "the page's other words are still read"
            );
        }
    }
}

/// How much of a box (points from the top-left corner) on page `page` pdftoppm draws black.
fn dark_share(pdf: &[u8], page: u32, [x0, y0, x1, y1]: [f32; 4]) -> f64 {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).expect("write");
    let n = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "72", "-f", &n, "-l", &n, "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm");
    assert!(out.status.success());
    let pgm = std::fs::read(dir.path().join("page.pgm")).expect("pgm");
    // "P5\n<width> <height>\n255\n" then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let width: usize = fields[1].parse().expect("width");
    let pixels = &pgm[at + 1..];
    let (mut dark, mut all) = (0usize, 0usize);
    for y in y0 as usize..y1 as usize {
        for x in x0 as usize..x1 as usize {
            all += 1;
            if pixels[y * width + x] < 40 {
                dark += 1;
            }
        }
    }
    dark as f64 / all.max(1) as f64
}
