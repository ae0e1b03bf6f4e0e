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
