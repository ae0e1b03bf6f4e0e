//! Outside programs Casefile uses when they are installed (LibreOffice, for Word files): found
//! on the PATH, run with no input and a time limit, so a bad file can neither crash Casefile nor
//! hang it.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A program on the PATH, if it is installed.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// What an outside program may see of Casefile's environment: where programs and the user's
/// folders are, and the language. Nothing else, so a passphrase given to Casefile in its
/// environment (`CASEFILE_PASSPHRASE` and the like) never reaches another program.
const PASSED_ON: &[&str] = &[
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "TMP",
    "TEMP",
    "TESSDATA_PREFIX",
    "SYSTEMROOT",
    "WINDIR",
    "USERPROFILE",
    "LOCALAPPDATA",
    "APPDATA",
];

/// Gives `command` an environment of its own: only [`PASSED_ON`].
pub(crate) fn pass_on_environment(command: &mut Command) {
    command.env_clear();
    for name in PASSED_ON {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
}

/// Runs `command` to completion, stopping it after `limit`; its standard output, or why not.
/// It starts with an environment of its own (see [`PASSED_ON`]).
pub fn run_program(mut command: Command, limit: Duration) -> Result<Vec<u8>, String> {
    pass_on_environment(&mut command);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Read the output on another thread so a program writing a lot never blocks on its pipe.
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("it took too long".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let out = reader.join().unwrap_or_default();
    if status.success() {
        Ok(out)
    } else {
        Err(format!("the program stopped with {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_outside_program_sees_no_passphrase_from_casefiles_environment() {
        // `env` is part of every Unix.
        let env = find_program("env").expect("env is on the PATH");
        let mut command = Command::new(env);
        command.env("CASEFILE_PASSPHRASE", "purple kettle seventeen");
        let seen = String::from_utf8(run_program(command, Duration::from_secs(10)).expect("ran"))
            .expect("text");
        assert!(!seen.contains("purple kettle"), "{seen}");
        assert!(!seen.contains("CASEFILE_"), "{seen}");
        assert!(seen.contains("PATH="), "programs are still found: {seen}");
    }
}
