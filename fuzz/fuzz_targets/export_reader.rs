//! Export files (the one-file copy of a whole case file): any bytes, as a file on disk, are
//! checked by `verify_export` and restored by `restore_export` into an empty folder, or refused
//! by name; never a panic, a hang or unbounded memory, and a refused restore leaves no folder
//! behind.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let file = dir.path().join("export.zip");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let _ = casefile_core::verify_export(&file, None);
    let home = dir.path().join("restored");
    if casefile_core::restore_export(&file, &home, None).is_err() {
        assert!(!home.exists(), "a refused restore left a folder behind");
    }
});
