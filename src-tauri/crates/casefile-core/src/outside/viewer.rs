//! Copies of documents for the system's own viewer ("Open in your own viewer"). The stored
//! original is never handed out; a copy is written to a private folder of this user's — the
//! runtime folder (`$XDG_RUNTIME_DIR`, in memory, on Linux) or the user's own cache folder
//! elsewhere, never the shared temporary folder — under a name Casefile chooses (the document's
//! number and the extension of its detected type, so a file whose name claims another type
//! opens in the viewer for what it really is). The copies go when the app locks, when it closes
//! and when it starts.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::error::{CoreError, Result};

/// The folder for viewer copies, if this computer says where a user's private files go.
fn folder() -> Option<PathBuf> {
    dirs::runtime_dir()
        .or_else(dirs::cache_dir)
        .map(|base| base.join("casefile-viewer"))
}

fn refused(why: String) -> CoreError {
    CoreError::DataFolder {
        path: folder().unwrap_or_default(),
        reason: format!("a copy to open in your viewer could not be made ({why})."),
    }
}

/// Makes the private folder (readable by this user only), refusing one that is a link or that
/// others could read.
fn private_folder() -> Result<PathBuf> {
    let folder =
        folder().ok_or_else(|| refused("this computer has no private folder for it".into()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if fs::symlink_metadata(&folder).is_err() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&folder)
                .map_err(|e| refused(e.to_string()))?;
        }
        let meta = fs::symlink_metadata(&folder).map_err(|e| refused(e.to_string()))?;
        if !meta.is_dir() || meta.permissions().mode() & 0o077 != 0 {
            return Err(refused(format!(
                "{} is not a private folder",
                folder.display()
            )));
        }
    }
    #[cfg(not(unix))]
    fs::create_dir_all(&folder).map_err(|e| refused(e.to_string()))?;
    Ok(folder)
}

/// Writes `bytes` (document `id`, whose detected type has the file extension `extension`) as a
/// new private file for the viewer.
pub fn write_copy(id: i64, extension: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = private_folder()?.join(format!("{id}.{extension}"));
    // A copy opened before is replaced; a new file is made, never one a link points to.
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(refused(e.to_string())),
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(|e| refused(e.to_string()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| refused(e.to_string()))?;
    Ok(path)
}

/// Removes every viewer copy (on lock, on close and at start). Nothing stored is touched.
pub fn clear_copies() {
    let Some(folder) = folder() else { return };
    for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
        let _ = fs::remove_file(entry.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_private_named_by_its_detected_type_and_cleared() {
        // The folder belongs to this user; the test leaves it empty as it found it.
        let path = write_copy(424_242, "pdf", b"%PDF-1.4 copy").expect("copy");
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("424242.pdf")
        );
        assert_eq!(fs::read(&path).expect("read"), b"%PDF-1.4 copy");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            let dir = fs::metadata(path.parent().expect("folder"))
                .expect("meta")
                .permissions()
                .mode()
                & 0o777;
            assert_eq!((file, dir), (0o600, 0o700));
        }
        // Opened again: replaced, not refused.
        let again = write_copy(424_242, "pdf", b"%PDF-1.4 again").expect("again");
        assert_eq!(fs::read(&again).expect("read"), b"%PDF-1.4 again");
        clear_copies();
        assert!(!again.exists());
    }
}
