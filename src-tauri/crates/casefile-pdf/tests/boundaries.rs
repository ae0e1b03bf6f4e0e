//! The PDF engine's boundaries, checked by reading its own files: it depends on no other
//! Casefile crate (it knows nothing of the case file), and outside its tests it touches no files,
//! runs no programs and reads no environment: a spec in, bytes out. The one exception is MuPDF's
//! OCR writer, which writes its page into a private temporary folder (`tempfile`) that MuPDF reads
//! back and that is removed at once; no Rust code here opens a file. `scripts/test.sh` checks the
//! same rule with `cargo tree`.

use std::fs;
use std::path::Path;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_engine_depends_on_no_other_casefile_crate() {
    let manifest = fs::read_to_string(crate_dir().join("Cargo.toml")).expect("Cargo.toml");
    let mut section = String::new();
    let mut dependencies = 0;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
            continue;
        }
        if section.contains("dependencies") && !line.is_empty() && !line.starts_with('#') {
            dependencies += 1;
            assert!(
                !line.starts_with("casefile-"),
                "casefile-pdf {section} names {line}: the PDF engine may not depend on another Casefile crate"
            );
        }
    }
    assert!(dependencies > 3, "read only {dependencies} dependencies");
}

#[test]
fn outside_its_tests_the_engine_touches_no_files_and_runs_no_programs() {
    let forbidden = [
        "std::fs",
        "fs::",
        "File::",
        "std::process",
        "Command::new",
        "std::net",
        "std::env",
        "casefile_core",
    ];
    let mut read = 0;
    for entry in fs::read_dir(crate_dir().join("src"))
        .expect("src")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("source");
        // Test modules sit at the end of each file and may write files to check the output.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            for word in forbidden {
                assert!(
                    !line.contains(word),
                    "{}:{}: `{word}` — the PDF engine takes a spec and returns bytes; files and programs belong to casefile-core",
                    path.display(),
                    number + 1
                );
            }
        }
        read += 1;
    }
    assert!(read >= 8, "read only {read} source files");
}
