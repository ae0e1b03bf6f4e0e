//! Running the real `casefile` binary in tests: a private data folder, the process's output.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `casefile --home HOME ARGS…` with no `CASEFILE_HOME` from the environment.
pub fn casefile(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casefile"))
        .arg("--home")
        .arg(home)
        .arg("--no-passphrase")
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env_remove("CASEFILE_PASSPHRASE")
        .output()
        .expect("run casefile")
}

/// [`casefile`] with environment variables set for it (passwords and passphrases, as a script
/// gives them).
pub fn casefile_with(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casefile"))
        .arg("--home")
        .arg(home)
        .arg("--no-passphrase")
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env_remove("CASEFILE_PASSPHRASE")
        .envs(env.iter().copied())
        .output()
        .expect("run casefile")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

/// The one JSON document a `--json` command prints.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("one JSON document on stdout")
}

/// A file shipped inside a crates.io package in cargo's registry (the mupdf crate ships real
/// PDFs from several producers in its `tests/files`).
#[allow(dead_code)]
pub fn registry_file(package: &str, file: &str) -> std::path::PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
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
    panic!("{package}'s {file} is not in cargo's registry")
}

/// A PDF of `objects`, numbered from 1 (the first is the catalogue), with a correct
/// cross-reference table. Each object is its dictionary's entries (without `<< >>`) and, for a
/// stream, its bytes as stored (already encoded); a stream's /Length is added here.
pub fn pdf_of(objects: &[(&[u8], Option<&[u8]>)]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, (entries, stream)) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n<< ", number + 1).as_bytes());
        out.extend_from_slice(entries);
        match stream {
            Some(stream) => {
                out.extend_from_slice(format!(" /Length {} >>\nstream\n", stream.len()).as_bytes());
                out.extend_from_slice(stream);
                out.extend_from_slice(b"\nendstream");
            }
            None => out.extend_from_slice(b" >>"),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for offset in &offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF of `media` = [width, height] points showing one picture, as a scanner makes
/// it: the picture's unit square drawn by the matrix `cm` ("a b c d e f"), its XObject
/// dictionary's entries `picture` (size, colour space, filter) and its stored bytes `image`.
pub fn one_picture_pdf(media: [u32; 2], cm: &str, picture: &str, image: &[u8]) -> Vec<u8> {
    let page = format!(
        "/Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Contents 4 0 R \
         /Resources << /XObject << /Im0 5 0 R >> >>",
        media[0], media[1]
    );
    let content = format!("q {cm} cm /Im0 Do Q");
    let picture = format!("/Type /XObject /Subtype /Image {picture}");
    pdf_of(&[
        (b"/Type /Catalog /Pages 2 0 R", None),
        (b"/Type /Pages /Kids [3 0 R] /Count 1", None),
        (page.as_bytes(), None),
        (b"", Some(content.as_bytes())),
        (picture.as_bytes(), Some(image)),
    ])
}
