//! `casefile backup`, `export`, `verify`, `restore` and `check`.
use std::path::Path;

use casefile_core::*;
use serde_json::json;

use crate::output::Output;
use crate::secrets::*;

pub(crate) fn backup(store: &Store, list: bool) -> Result<Output, CoreError> {
    if list {
        let backups = store.list_backups()?;
        let text = if backups.is_empty() {
            "No backups yet. Make one with: casefile backup".into()
        } else {
            backups
                .iter()
                .map(|b| {
                    format!(
                        "{}  {:<15} {} KB  {}",
                        b.made,
                        b.reason,
                        b.bytes / 1024,
                        b.path
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        Ok(Output {
            refused: false,
            text,
            json: json!({ "backups": backups }),
        })
    } else {
        let made = store.backup_now("manual")?;
        Ok(Output {
            refused: false,
            text: format!("Backed up to {}", made.path),
            json: json!({ "backup": made }),
        })
    }
}

pub(crate) fn restore_backup(home: Option<&Path>, backup: &Path) -> Result<Output, CoreError> {
    // Without opening the current database, which may be too damaged to open.
    let home = casefile_core::resolve_home(home)?;
    let key = match folder_state(&home) {
        FolderState::Protected => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?
                .ok_or_else(|| no_secret("the passphrase", "CASEFILE_PASSPHRASE"))?;
            Some(casefile_core::unlock_key(&home, &passphrase)?)
        }
        _ => None,
    };
    let (_store, report) = casefile_core::restore_backup_in(&home, key, backup)?;
    let mut text = format!(
        "The case file is back as it was in {}. The file it replaced is kept among the backups (before-restore).",
        backup.display()
    );
    if !report.orphans.is_empty() {
        text.push_str(&format!(
            "\n{} document file(s) are newer than this backup, so it does not list them. They are kept in the folder; `casefile check --repair` moves them into quarantine/, and `casefile quarantine --case ID` takes them back in as documents.",
            report.orphans.len()
        ));
    }
    if !report.missing.is_empty() {
        text.push_str(&format!(
            "\nThese documents' files are no longer in the folder: {}.",
            report.missing.join(", ")
        ));
    }
    Ok(Output {
        refused: false,
        text,
        json: json!({ "restored": backup, "check": report }),
    })
}

pub(crate) fn export(store: &Store, out: &Path) -> Result<Output, CoreError> {
    let report = store.export_to(out)?;
    Ok(Output {
        refused: false,
        text: format!(
            "Exported {} case(s) and {} document(s) to {} ({} MB); read back and checked.",
            report.cases,
            report.documents,
            report.path,
            report.bytes / (1024 * 1024)
        ),
        json: json!({ "export": report }),
    })
}

pub(crate) fn verify(file: &Path) -> Result<Output, CoreError> {
    let passphrase = export_passphrase(file)?;
    let report = casefile_core::verify_export(file, passphrase.as_deref().map(String::as_str))?;
    Ok(Output {
        refused: false,
        text: format!(
            "{} is whole: {} case(s), {} document(s), {} stored file(s), {} MB.",
            report.path,
            report.cases,
            report.documents,
            report.files,
            report.bytes / (1024 * 1024)
        ),
        json: json!({ "export": report }),
    })
}

pub(crate) fn restore(home: Option<&Path>, from: &Path) -> Result<Output, CoreError> {
    let home = casefile_core::resolve_home(home)?;
    let passphrase = export_passphrase(from)?;
    let report =
        casefile_core::restore_export(from, &home, passphrase.as_deref().map(String::as_str))?;
    Ok(Output {
        refused: false,
        text: format!(
            "Restored {} case(s) and {} document(s) into {}.",
            report.cases,
            report.documents,
            home.display()
        ),
        json: json!({ "export": report, "home": home }),
    })
}

pub(crate) fn check(store: &mut Store, repair: bool) -> Result<Output, CoreError> {
    let removed = if repair { store.repair()? } else { 0 };
    let report = store.check()?;
    let mut lines = vec![format!(
        "Database: {}. Documents: {}.",
        if report.database_ok {
            "whole"
        } else {
            "damaged"
        },
        report.documents
    )];
    lines.extend(
        report
            .database_problems
            .iter()
            .map(|p| format!("problem   {p}")),
    );
    lines.extend(
        report
            .missing
            .iter()
            .map(|t| format!("missing   the stored copy of “{t}” is not there")),
    );
    lines.extend(
        report.changed.iter().map(|t| {
            format!("changed   the stored copy of “{t}” no longer matches its fingerprint")
        }),
    );
    lines.extend(report.orphans.iter().map(|o| {
        format!("leftover  {o} (no document refers to it; casefile check --repair moves it to quarantine/)")
    }));
    if repair {
        lines.push(format!(
            "Moved {removed} file(s) no document refers to into quarantine/ (kept, not deleted; `casefile quarantine --case ID` takes them back in as documents)."
        ));
    }
    // A folder that is not whole is reported in full, and the exit code says so.
    Ok(Output {
        refused: !report.is_whole(),
        text: lines.join("\n"),
        json: json!({ "check": report, "removed": removed, "whole": report.is_whole() }),
    })
}

pub(crate) fn take_back(store: &mut Store, case_id: i64) -> Result<Output, CoreError> {
    let results = store.take_in_quarantine(case_id)?;
    let text = if results.is_empty() {
        "Nothing is in quarantine.".to_owned()
    } else {
        results
            .iter()
            .map(|r| match &r.result {
                ImportOutcome::Imported { document, .. } => {
                    format!(
                        "taken in {} → document {} ({})",
                        r.file, document.id, document.title
                    )
                }
                ImportOutcome::AlreadyThere { document } => {
                    format!(
                        "already   {} is document {} ({})",
                        r.file, document.id, document.title
                    )
                }
                ImportOutcome::Refused { message } | ImportOutcome::NeedsPassword { message } => {
                    format!("kept      {}: {message}", r.file)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "results": results }),
    })
}
