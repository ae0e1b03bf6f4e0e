//! Checking a data folder is whole: SQLite's own integrity check, every document's stored file
//! present and unchanged (its SHA-256), and no stored file that no document refers to.
//!
//! An import writes its file first and its row second, so a crash between the two can leave a
//! file nothing refers to (never a row without its file); so can restoring an older backup,
//! whose database does not know the documents imported since. `repair` never deletes such a
//! file: it moves it into `quarantine/`, where it is kept, listed, and can be taken back in as a
//! document. It works inside a write transaction, and an import checks its file is still there
//! after writing its row and before committing (by then it holds the write lock), so a repair
//! running alongside an import can never leave a row without its file. Only half-written
//! temporary files (`.part`, never a whole document) are removed.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::folder::blobs::{self, BlobProblem};
use crate::store::Store;

/// How old a half-written temporary file must be before `repair` removes it.
const PART_AGE: Duration = Duration::from_secs(60);

/// What a check found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    /// SQLite's `integrity_check` said "ok".
    pub database_ok: bool,
    /// Problems SQLite reported, if any.
    pub database_problems: Vec<String>,
    #[ts(type = "number")]
    pub documents: u64,
    /// Documents whose stored file is missing.
    pub missing: Vec<String>,
    /// Documents whose stored file no longer matches its fingerprint.
    pub changed: Vec<String>,
    /// Stored files no document refers to (an import cut off part-way).
    pub orphans: Vec<String>,
}

impl CheckReport {
    /// Nothing wrong.
    pub fn is_whole(&self) -> bool {
        self.database_ok
            && self.missing.is_empty()
            && self.changed.is_empty()
            && self.orphans.is_empty()
    }
}

impl Store {
    /// Stored files, and half-written temporary ones (`.…part`).
    fn blob_files(&self) -> Vec<(String, PathBuf)> {
        self.all_blob_files()
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".part"))
            .collect()
    }

    fn all_blob_files(&self) -> Vec<(String, PathBuf)> {
        blobs::list_all(self.home())
    }

    /// SQLite's own integrity check alone.
    pub(crate) fn check_database_only(&self) -> Result<bool> {
        let first: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(first == "ok")
    }

    /// Checks the data folder; changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let problems: rusqlite::Result<Vec<String>> = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
        let problems = match problems {
            Ok(problems) => problems,
            // Too damaged to be checked: nothing further can be read from it either.
            Err(e) => {
                report.database_problems = vec![e.to_string()];
                return Ok(report);
            }
        };
        report.database_ok = problems == ["ok"];
        if !report.database_ok {
            report.database_problems = problems;
        }
        let rows: Vec<(String, String)> = self
            .conn
            .prepare("SELECT sha256, title FROM documents ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        report.documents = rows.len() as u64;
        let mut referenced = HashSet::new();
        for (sha, title) in rows {
            if !referenced.insert(sha.clone()) {
                continue;
            }
            match self.read_blob(&sha) {
                Err(BlobProblem::Missing(_)) => report.missing.push(title),
                Err(_) => report.changed.push(title),
                Ok(_) => {}
            }
        }
        report.orphans = self
            .blob_files()
            .into_iter()
            .filter(|(sha, _)| !referenced.contains(sha))
            .map(|(sha, _)| sha)
            .collect();
        Ok(report)
    }

    /// Moves stored files no document refers to into `quarantine/` (never deleting one), and
    /// removes half-written temporary files older than a minute; returns how many files it
    /// moved or removed. Safe while an import runs (see the module notes).
    pub fn repair(&mut self) -> Result<usize> {
        // Listed before taking the write lock: a file written after this is not touched, and one
        // whose import has not committed yet is rewritten by that import (see the module notes).
        let home = self.home().to_path_buf();
        let _lock = crate::folder::lock::hold(&home, "repairing")?;
        let files = self.all_blob_files();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let referenced: HashSet<String> = tx
            .prepare("SELECT DISTINCT sha256 FROM documents")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let now = SystemTime::now();
        let mut removed = 0;
        for (name, path) in files {
            let part = name.ends_with(".part");
            if !part && referenced.contains(&name) {
                continue;
            }
            if !part {
                blobs::quarantine(&home, &name, &path)?;
                removed += 1;
                continue;
            }
            let old_enough = fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= PART_AGE);
            if old_enough && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        tx.commit()?;
        Ok(removed)
    }
}

impl Store {
    /// Keeps the document files a restored (older) database does not list: moves them into
    /// quarantine/ and takes every file there back in as a document of `case_id`. What cannot
    /// be read stays in quarantine/, untouched.
    pub fn take_back_unlisted_documents(
        &mut self,
        case_id: i64,
    ) -> Result<Vec<crate::ImportResult>> {
        self.case(case_id)?;
        self.repair()?;
        self.take_in_quarantine(case_id)
    }

    /// Takes every file in quarantine/ back in as a document of `case_id` (named "recovered"
    /// with the first digits of its fingerprint; its type read from its bytes). A file taken in,
    /// or found already stored, leaves quarantine (its bytes are kept among the documents); one
    /// that cannot be read stays where it is.
    pub fn take_in_quarantine(&mut self, case_id: i64) -> Result<Vec<crate::ImportResult>> {
        self.case(case_id)?;
        let folder = self.home().join(crate::folder::QUARANTINE_FOLDER);
        let mut names: Vec<PathBuf> = fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        let mut results = Vec::new();
        for path in names {
            let sha = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = format!("quarantine/{sha}");
            let result = match fs::read(&path)
                .ok()
                .and_then(|stored| blobs::open_stored(stored, &sha, self.data_key()).ok())
            {
                None => crate::ImportOutcome::Refused {
                    message: format!(
                        "{file} is not a whole document of this case file, so it stays in quarantine."
                    ),
                },
                Some(plain) => {
                    let name = format!(
                        "recovered-{}.{}",
                        &sha[..12.min(sha.len())],
                        guessed_extension(&plain)
                    );
                    let prepared = crate::prepare_bytes(&name, plain, &Default::default());
                    let outcome = self.store_prepared_or_refuse(case_id, prepared)?;
                    if matches!(
                        outcome,
                        crate::ImportOutcome::Imported { .. }
                            | crate::ImportOutcome::AlreadyThere { .. }
                    ) {
                        let _ = fs::remove_file(&path);
                    }
                    outcome
                }
            };
            results.push(crate::ImportResult { file, result });
        }
        Ok(results)
    }
}

/// A file extension for bytes found without their name: what import reads them as.
fn guessed_extension(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"%PDF-") {
        "pdf"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if bytes.starts_with(b"\x89PNG") {
        "png"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "docx"
    } else if bytes
        .split(|b| *b == b'\n')
        .take(20)
        .any(|line| line.starts_with(b"From:") || line.starts_with(b"Message-ID:"))
    {
        "eml"
    } else {
        "txt"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CaseDetails;

    #[test]
    fn a_whole_folder_passes_and_each_kind_of_damage_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        for (name, text) in [("a.txt", "First letter"), ("b.txt", "Second letter")] {
            let path = dir.path().join(name);
            fs::write(&path, text).expect("write");
            store.import_file(case, &path).expect("import");
        }
        let report = store.check().expect("check");
        assert!(report.is_whole(), "{report:?}");
        assert_eq!(report.documents, 2);

        let docs = store.list_documents(case).expect("docs");
        fs::write(store.blob_path(&docs[0].sha256), "tampered").expect("tamper");
        fs::remove_file(store.blob_path(&docs[1].sha256)).expect("remove");
        let stray = "ab".to_owned() + &"c".repeat(62);
        fs::create_dir_all(store.home().join("blobs/ab")).expect("dir");
        fs::write(store.blob_path(&stray), "left by a crash").expect("orphan");
        let report = store.check().expect("check");
        assert!(!report.is_whole());
        assert_eq!(report.changed, vec![docs[0].title.clone()]);
        assert_eq!(report.missing, vec![docs[1].title.clone()]);
        assert_eq!(report.orphans, vec![stray.clone()]);
        assert_eq!(store.repair().expect("repair"), 1);
        assert!(store.check().expect("check").orphans.is_empty());
        // The file no document refers to is kept, in quarantine, byte for byte.
        let kept = store.home().join("quarantine").join(&stray);
        assert_eq!(fs::read(&kept).expect("kept"), b"left by a crash");
        assert_eq!(
            store.check().expect("check").documents,
            2,
            "documents are never removed"
        );
    }

    #[test]
    fn documents_newer_than_a_restored_backup_are_quarantined_never_deleted_and_taken_back() {
        let (dir, mut store, case) = crate::testing::store_with_case();
        crate::testing::import_text(&mut store, case, dir.path(), "old.txt", "Old letter");
        let backup = store.backup_now("manual").expect("backup");
        let newer = crate::testing::import_text(
            &mut store,
            case,
            dir.path(),
            "new.txt",
            "The council agreed the therapy in writing.",
        );
        let report = store
            .restore_backup(std::path::Path::new(&backup.path))
            .expect("restore");
        assert_eq!(
            report.orphans,
            vec![newer.sha256.clone()],
            "the newer letter is named"
        );
        assert!(store.blob_path(&newer.sha256).exists(), "and still there");
        assert_eq!(store.repair().expect("repair"), 1);
        let kept = store.home().join("quarantine").join(&newer.sha256);
        assert!(kept.exists(), "a repair moves it aside, never deletes it");
        let back = store.take_in_quarantine(case).expect("take back");
        assert_eq!(back.len(), 1);
        assert!(
            matches!(back[0].result, crate::ImportOutcome::Imported { .. }),
            "{back:?}"
        );
        let docs = store.list_documents(case).expect("docs");
        assert_eq!(docs.len(), 2);
        let text = store
            .document_text(
                docs.iter()
                    .find(|d| d.sha256 == newer.sha256)
                    .expect("back")
                    .id,
            )
            .expect("text");
        assert!(text.contains("agreed the therapy"), "{text}");
        assert!(!kept.exists());
        assert!(store.check().expect("check").is_whole());
    }

    #[test]
    fn the_window_takes_back_what_a_restored_backup_does_not_list_in_one_step() {
        let (dir, mut store, case) = crate::testing::store_with_case();
        let backup = store.backup_now("manual").expect("backup");
        let newer = crate::testing::import_text(
            &mut store,
            case,
            dir.path(),
            "new.txt",
            "The SENCo confirmed the sessions stopped in October.",
        );
        store
            .restore_backup(std::path::Path::new(&backup.path))
            .expect("restore");
        assert!(store.list_documents(case).expect("docs").is_empty());
        let back = store.take_back_unlisted_documents(case).expect("take back");
        assert_eq!(back.len(), 1, "{back:?}");
        let docs = store.list_documents(case).expect("docs");
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].sha256, newer.sha256,
            "the same bytes, byte for byte"
        );
        assert!(store.check().expect("check").is_whole());
        assert!(
            store.take_back_unlisted_documents(999).is_err(),
            "an unknown case is refused"
        );
    }

    #[test]
    fn a_folder_whose_database_is_gone_is_refused_and_its_documents_are_kept() {
        let (dir, mut store, case) = crate::testing::store_with_case();
        crate::testing::import_text(&mut store, case, dir.path(), "a.txt", "Evidence letter");
        let home = store.home().to_path_buf();
        drop(store);
        let moved = dir.path().join("moved.db");
        fs::rename(home.join("casefile.db"), &moved).expect("move the database away");
        let _ = fs::remove_file(home.join("casefile.db-wal"));
        let _ = fs::remove_file(home.join("casefile.db-shm"));
        assert_eq!(crate::folder_state(&home), crate::FolderState::Missing);
        let refused = Store::open(&home).expect_err("no empty case file over the documents");
        assert_eq!(refused.kind(), "missing_database");
        assert!(
            refused.to_string().contains("backup --restore"),
            "{refused}"
        );
        assert!(
            !home.join("casefile.db").exists(),
            "no empty database was made"
        );
        assert_eq!(
            crate::testing::count_files(&home.join("blobs")),
            1,
            "the document is kept"
        );
    }
}
