//! `casefile protect`, `passphrase`, `recover`, `new-recovery-key` and `handover`.
use std::path::Path;

use casefile_core::*;
use serde_json::json;

use crate::output::Output;
use crate::secrets::*;

pub(crate) fn protect(store: Store) -> Result<Output, CoreError> {
    let passphrase = secret("CASEFILE_PASSPHRASE", "Choose a passphrase: ", true)?
        .ok_or_else(|| no_secret("a passphrase", "CASEFILE_PASSPHRASE"))?;
    let (_store, recovery) = store.protect(&passphrase, DEFAULT_KDF)?;
    Ok(Output {
        refused: false,
        text: format!(
            "This case file is now encrypted and opens only with the passphrase.\n{}",
            recovery_sheet(&recovery)
        ),
        json: json!({ "protected": true, "recovery_key": recovery.0 }),
    })
}

pub(crate) fn passphrase(store: &Store) -> Result<Output, CoreError> {
    let current = secret("CASEFILE_PASSPHRASE", "Current passphrase: ", false)?
        .ok_or_else(|| no_secret("the current passphrase", "CASEFILE_PASSPHRASE"))?;
    let new = secret("CASEFILE_NEW_PASSPHRASE", "New passphrase: ", true)?
        .ok_or_else(|| no_secret("a new passphrase", "CASEFILE_NEW_PASSPHRASE"))?;
    store.change_passphrase(&current, &new)?;
    Ok(Output {
        refused: false,
        text: "The passphrase is changed. The recovery key still works.".into(),
        json: json!({ "changed": true }),
    })
}

pub(crate) fn new_recovery_key(store: &mut Store) -> Result<Output, CoreError> {
    let current = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?
        .ok_or_else(|| no_secret("the passphrase", "CASEFILE_PASSPHRASE"))?;
    let recovery = store.new_recovery_key(&current)?;
    Ok(Output {
        refused: false,
        text: format!(
            "The case file is re-encrypted under a new key: the old recovery key no longer works, even with an old copy of the key file. Exports made before keep the old key.\n{}",
            recovery_sheet(&recovery)
        ),
        json: json!({ "recovery_key": recovery.0 }),
    })
}

pub(crate) fn recover(home: Option<&Path>) -> Result<Output, CoreError> {
    let home = casefile_core::resolve_home(home)?;
    let recovery = secret("CASEFILE_RECOVERY_KEY", "Recovery key: ", false)?
        .ok_or_else(|| no_secret("the recovery key", "CASEFILE_RECOVERY_KEY"))?;
    let new = secret("CASEFILE_NEW_PASSPHRASE", "New passphrase: ", true)?
        .ok_or_else(|| no_secret("a new passphrase", "CASEFILE_NEW_PASSPHRASE"))?;
    Store::unlock_with_recovery(&home, &recovery, &new)?;
    Ok(Output {
        refused: false,
        text: "The new passphrase is set; the recovery key still works.".into(),
        json: json!({ "recovered": true }),
    })
}

pub(crate) fn handover_export(
    store: &Store,
    case_id: i64,
    out: &Path,
) -> Result<Output, CoreError> {
    let passphrase = secret(
        "CASEFILE_HANDOVER_PASSPHRASE",
        "A passphrase for the hand-over file: ",
        true,
    )?
    .ok_or_else(|| {
        no_secret(
            "a passphrase for the hand-over file",
            "CASEFILE_HANDOVER_PASSPHRASE",
        )
    })?;
    let report = store.export_case_handover(case_id, out, &passphrase)?;
    Ok(Output {
        refused: false,
        text: format!(
            "{}'s case ({} documents) is in {} ({} KB), encrypted. Give the passphrase separately from the file.",
            report.child_name,
            report.documents,
            report.path,
            report.bytes / 1024
        ),
        json: json!({ "handover": report }),
    })
}

pub(crate) fn handover_import(store: &mut Store, file: &Path) -> Result<Output, CoreError> {
    let passphrase = secret(
        "CASEFILE_HANDOVER_PASSPHRASE",
        "The hand-over file's passphrase: ",
        false,
    )?
    .ok_or_else(|| {
        no_secret(
            "the hand-over file's passphrase",
            "CASEFILE_HANDOVER_PASSPHRASE",
        )
    })?;
    let report = store.import_case_handover(file, &passphrase)?;
    Ok(Output {
        refused: false,
        text: format!(
            "Took in {}'s case as case {}, with {} documents.",
            report.child_name, report.case_id, report.documents
        ),
        json: json!({ "handover": report }),
    })
}
