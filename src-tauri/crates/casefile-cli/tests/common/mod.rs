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
