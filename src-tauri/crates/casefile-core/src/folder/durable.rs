//! Durable writes: a temporary file in the same folder, flushed to disk, renamed over the
//! target, then the folder itself flushed, so a crash or a power cut leaves the old file or the
//! new one, never half of one. The one copy of that routine; everything that writes a file the
//! family relies on goes through it.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{CoreError, Result};

/// Writes `bytes` to `path` atomically (see the module notes), clearing first what an earlier
/// write of the same file left when its program was stopped part-way.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |reason: String| CoreError::FileWrite {
        path: path.to_path_buf(),
        reason,
    };
    let name = path
        .file_name()
        .ok_or_else(|| fail("that is a folder, not a file name.".into()))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::env::current_dir().map_err(|e| fail(e.to_string()))?,
    };
    if !folder.is_dir() {
        return Err(fail("the folder does not exist.".into()));
    }
    remove_stale_parts(&folder, &name.to_string_lossy());
    replace_file(&folder.join(name), bytes).map_err(|e| fail(e.to_string()))
}

/// The temporary name a write of `path` by this process uses: `.name.PID.part` beside it.
pub(crate) fn part_path(path: &Path) -> std::path::PathBuf {
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(path.file_name().unwrap_or_default());
    temp_name.push(format!(".{}.part", std::process::id()));
    path.with_file_name(temp_name)
}

/// Writes `bytes` to `path` through a synced temporary file and a rename, then syncs the folder
/// so the rename itself survives a power cut. The temporary file is removed if anything fails.
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = part_path(path);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    if let Some(folder) = path.parent() {
        sync_folder(folder);
    }
    Ok(())
}

/// Makes renames and new files in `folder` durable where the platform allows it (a folder
/// cannot be opened for syncing on Windows; there the file system journals it).
pub(crate) fn sync_folder(folder: &Path) {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Removes temporary files an earlier write of `name` left when its program was stopped part-way
/// (`.name.PID.part` whose program is no longer running, or older than ten minutes).
fn remove_stale_parts(folder: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".part"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let gone = if cfg!(target_os = "linux") {
            !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600)
        };
        if gone {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_left_by_a_stopped_program_is_cleared_by_the_next_write() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("bundle.pdf");
        // No process has this number on a Linux machine (the maximum is 4194304).
        let stale = dir.path().join(".bundle.pdf.4294967.part");
        fs::write(&stale, b"half a bundle").expect("stale");
        let other = dir.path().join(".notes.txt.4294967.part");
        fs::write(&other, b"another file's").expect("other");
        write_atomically(&target, b"whole bundle").expect("write");
        assert!(!stale.exists() || !cfg!(target_os = "linux"));
        assert!(other.exists(), "only this file's leftovers are touched");
    }

    #[test]
    fn writes_the_whole_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("deadlines.ics");
        fs::write(&target, b"old").expect("old");
        write_atomically(&target, b"new contents").expect("write");
        assert_eq!(fs::read(&target).expect("read"), b"new contents");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("dir");
        let err = write_atomically(&dir.path().join("nope/out.ics"), b"x").expect_err("no folder");
        assert!(
            err.to_string().contains("the folder does not exist"),
            "{err}"
        );
    }
}
