//! Encryption at rest, measured (issue #7 asks for the parameters and the unlock time): the
//! Argon2id unlock with the key file's default settings; then, on a case file of 1,000
//! documents, encrypting it in place, opening it with the passphrase, and search on the
//! encrypted database against the same search before. Run with `scripts/bench.sh` (release).

use std::time::Instant;

use casefile_core::Store;
use casefile_core::keys::{DEFAULT_KDF, KeyFile};

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn search_median(store: &Store, case: i64) -> f64 {
    let words = [
        "therapy",
        "assessment",
        "annual",
        "tribunal",
        "speech",
        "refused",
        "delivered",
        "school",
    ];
    median(
        (0..200)
            .map(|i| {
                let started = Instant::now();
                store.search(case, words[i % words.len()]).expect("search");
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let started = Instant::now();
    let (file, _key, _recovery) =
        KeyFile::create("a passphrase of several words", DEFAULT_KDF).expect("create");
    let create = started.elapsed().as_secs_f64();
    let unlock = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                file.unlock("a passphrase of several words")
                    .expect("unlock");
                started.elapsed().as_secs_f64()
            })
            .collect(),
    );
    println!(
        "unlock:  Argon2id {} MiB, {} passes, {} lane(s): median {:.2} s to unlock (set-up with recovery key {:.2} s)",
        DEFAULT_KDF.memory_kib / 1024,
        DEFAULT_KDF.iterations,
        DEFAULT_KDF.lanes,
        unlock,
        create
    );

    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    let mut store = Store::open(&home).expect("open");
    let case = store
        .create_case(&casefile_core::CaseDetails {
            child_name: "Benchmark child".into(),
            ..Default::default()
        })
        .expect("case")
        .id;
    let incoming = dir.path().join("incoming");
    std::fs::create_dir_all(&incoming).expect("dir");
    let mut bytes = 0;
    for n in 0..1000 {
        let text = format!(
            "Letter {n}. The speech and language therapy set out in section F was not delivered this week; the annual review is overdue and the school says the assessment was refused. {}",
            "The family asks for the provision to be delivered as the plan says. ".repeat(40)
        );
        bytes += text.len();
        let path = incoming.join(format!("letter{n}.txt"));
        std::fs::write(&path, text).expect("write");
        store.import_file(case, &path).expect("import");
    }
    let plain_search = search_median(&store, case);
    let started = Instant::now();
    let (store, _recovery) = store
        .protect("a passphrase of several words", DEFAULT_KDF)
        .expect("protect");
    let protect = started.elapsed().as_secs_f64();
    drop(store);
    let started = Instant::now();
    let store = Store::unlock(&home, "a passphrase of several words").expect("unlock");
    let open = started.elapsed().as_secs_f64();
    let sealed_search = search_median(&store, case);
    println!(
        "encrypt: 1,000 documents ({:.1} MB) encrypted in place in {protect:.2} s; opened with the passphrase in {open:.2} s",
        bytes as f64 / 1e6
    );
    println!(
        "search:  median {plain_search:.2} ms before, {sealed_search:.2} ms on the encrypted database"
    );
}
