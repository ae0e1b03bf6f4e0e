//! How long unlocking takes with the key file's default Argon2id settings (issue #7 asks for
//! the parameters and the unlock time). Run with `scripts/bench.sh` (release build).

use std::time::Instant;

use casefile_core::keys::{DEFAULT_KDF, KeyFile};

fn main() {
    let started = Instant::now();
    let (file, _key, _recovery) =
        KeyFile::create("a passphrase of several words", DEFAULT_KDF).expect("create");
    let create = started.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        file.unlock("a passphrase of several words")
            .expect("unlock");
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "unlock:  Argon2id {} MiB, {} passes, {} lane(s): median {:.2} s to unlock (set-up with recovery key {:.2} s)",
        DEFAULT_KDF.memory_kib / 1024,
        DEFAULT_KDF.iterations,
        DEFAULT_KDF.lanes,
        times[times.len() / 2],
        create
    );
}
