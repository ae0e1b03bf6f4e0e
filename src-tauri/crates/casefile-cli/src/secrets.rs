//! Passphrases and recovery keys: from the environment (scripts) or typed at the terminal
//! without being shown, and how a protected folder is opened.

use casefile_core::{CoreError, FolderState, Store, folder_state};

use casefile_core::keys::{DEFAULT_KDF, RecoveryKey};
use std::io::IsTerminal;
use zeroize::Zeroizing;

/// A secret from the environment variable `env`, else typed at the terminal (twice when
/// `confirm`); None when neither is possible (a script with no terminal).
pub(crate) fn secret(
    env: &str,
    prompt: &str,
    confirm: bool,
) -> Result<Option<Zeroizing<String>>, CoreError> {
    if let Some(value) = std::env::var_os(env).filter(|v| !v.is_empty()) {
        return Ok(Some(Zeroizing::new(value.to_string_lossy().into_owned())));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| {
                CoreError::invalid(
                    "passphrase",
                    format!("The passphrase could not be read ({e})."),
                )
            })
    };
    let first = read(prompt)?;
    if confirm && *read("Type it again: ")? != *first {
        return Err(CoreError::invalid(
            "passphrase",
            "The two passphrases are not the same. Nothing was changed; try again.",
        ));
    }
    Ok(Some(first))
}

pub(crate) fn no_secret(what: &str, env: &str) -> CoreError {
    CoreError::invalid(
        "passphrase",
        format!(
            "Casefile needs {what}: set {env}, or run casefile in a terminal to type it. Nothing was changed."
        ),
    )
}

/// The recovery key as the family should keep it.
pub(crate) fn recovery_sheet(recovery: &RecoveryKey) -> String {
    format!(
        "RECOVERY KEY (write it down or print it, and keep it away from this computer):\n\n    {}\n\nIf the passphrase is forgotten, `casefile recover` sets a new one with this key. Without both, the case file cannot be opened by anyone, including Casefile.",
        recovery.0
    )
}

/// Opens the data folder: a protected one with its passphrase; a new one is protected with a
/// passphrase unless `--no-passphrase` says otherwise.
pub(crate) fn open_store(home: &std::path::Path, no_passphrase: bool) -> Result<Store, CoreError> {
    match folder_state(home) {
        FolderState::Protected => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?.ok_or_else(|| {
                CoreError::invalid(
                    "passphrase",
                    format!("The case file in {} is protected by a passphrase: set CASEFILE_PASSPHRASE, or run casefile in a terminal to type it.", home.display()),
                )
            })?;
            Store::unlock(home, &passphrase)
        }
        FolderState::New if !no_passphrase => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "This is a new case file. Choose a passphrase to protect it: ", true)?
                .ok_or_else(|| CoreError::invalid(
                    "passphrase",
                    format!("{} holds no case file yet, and Casefile protects new ones with a passphrase: set CASEFILE_PASSPHRASE, or run casefile in a terminal to choose one. To keep it unprotected, add --no-passphrase.", home.display()),
                ))?;
            let (store, recovery) = Store::create_protected(home, &passphrase, DEFAULT_KDF)?;
            eprintln!(
                "A new case file, protected by your passphrase.\n{}",
                recovery_sheet(&recovery)
            );
            Ok(store)
        }
        _ => Store::open(home),
    }
}

/// The passphrase of a protected export (None for a plain one).
pub(crate) fn export_passphrase(
    file: &std::path::Path,
) -> Result<Option<Zeroizing<String>>, CoreError> {
    if !casefile_core::export_is_protected(file)? {
        return Ok(None);
    }
    secret("CASEFILE_PASSPHRASE", "The export's passphrase: ", false)?
        .map(Some)
        .ok_or_else(|| no_secret("the export's passphrase", "CASEFILE_PASSPHRASE"))
}
