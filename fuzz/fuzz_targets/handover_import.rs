//! Hand-over files: the header and the sealed stream from any bytes (mode byte even), and the
//! contents behind the cipher from any bytes (mode byte odd: the fuzzer's bytes are sealed with
//! the right passphrase first, as a hostile sender who knows it could). A refused file must
//! leave the receiving case file as it was: no documents added, no files left behind.
#![no_main]
use std::sync::{Mutex, OnceLock};

use casefile_core::keys::KdfParams;
use casefile_core::Store;
use casefile_core::protection::handover;
use libfuzzer_sys::fuzz_target;

const PASSPHRASE: &str = "fuzz passphrase";
const FAST: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};

static RECEIVER: OnceLock<Mutex<(tempfile::TempDir, Store)>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode & 1 == 1 {
        match handover::seal_raw(rest, PASSPHRASE, FAST) {
            Ok(file) => file,
            Err(_) => return,
        }
    } else {
        rest.to_vec()
    };
    let receiver = RECEIVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("home")).expect("open");
        Mutex::new((dir, store))
    });
    let mut guard = receiver.lock().expect("lock");
    let (dir, store) = &mut *guard;
    let path = dir.path().join("incoming.casefile");
    std::fs::write(&path, &file).expect("write");
    let before = store.check().expect("check").documents;
    if store.import_case_handover(&path, PASSPHRASE).is_err() {
        let after = store.check().expect("check");
        assert_eq!(after.documents, before, "a refused hand-over changed the documents");
        assert!(after.orphans.is_empty(), "a refused hand-over left files behind: {:?}", after.orphans);
        assert!(after.database_ok, "a refused hand-over damaged the database");
    }
});
