//! What the integration tests share: real PDFs that ship inside crates.io packages.
#![allow(dead_code)]

use std::path::PathBuf;

/// The folder cargo unpacks crates.io packages into.
fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    std::fs::read_dir(home.join("registry/src"))
        .expect("cargo's registry sources")
        .flatten()
        .map(|e| e.path())
        .collect()
}

/// PDFs in the packages whose name starts with `package-` and folder `sub` inside them.
pub fn packaged(package: &str, sub: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for registry in registry_sources() {
        for entry in std::fs::read_dir(&registry).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{package}-"))
                && name[package.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
            {
                for pdf in std::fs::read_dir(entry.path().join(sub))
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    if pdf.path().extension().is_some_and(|e| e == "pdf") {
                        found.push(pdf.path());
                    }
                }
            }
        }
    }
    found
}
