//! Crash harness: the real `casefile` is killed with SIGKILL at many moments during
//! imports, edits, bundle builds and backups (and, in the second test, while a case file is
//! encrypted in place, its passphrase changed, or re-keyed under a new recovery key). After each kill the data folder must open, pass SQLite's
//! integrity check and Casefile's own (every document's file present and unchanged), keep every
//! document committed before, and never hold a half-written bundle. Leftover files from a cut-off
//! import are allowed until `casefile check --repair`, which must then leave the folder whole.
//!
//! `CASEFILE_CRASH_POINTS` sets how many kills (default 200).

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{casefile, json};

fn spawn(home: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_casefile"))
        .arg("--home")
        .arg(home)
        .arg("--no-passphrase")
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env_remove("CASEFILE_PASSPHRASE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start casefile")
}

/// Kills `child` after `delay` unless it finished first; true when it was killed part-way.
fn kill_after(mut child: Child, delay: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < delay {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let killed = matches!(child.try_wait(), Ok(None));
    let _ = child.kill();
    let _ = child.wait();
    killed
}

/// A small deterministic generator, so a failing run can be repeated exactly.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

#[test]
fn killing_casefile_at_any_moment_loses_nothing_committed_and_leaves_no_half_files() {
    let points: usize = std::env::var("CASEFILE_CRASH_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let home = tempfile::tempdir().expect("dir");
    let home = home.path();
    assert!(
        casefile(home, &["case", "new", "--name", "Ava"])
            .status
            .success()
    );
    let files = home.join("incoming");
    std::fs::create_dir_all(&files).expect("dir");
    // A first import and a saved bundle plan of those documents.
    let mut first = Vec::new();
    for n in 0..4 {
        let path = files.join(format!("first{n}.txt"));
        std::fs::write(
            &path,
            format!("Letter {n} about speech and language therapy."),
        )
        .expect("write");
        first.push(path.to_string_lossy().into_owned());
    }
    let mut args = vec!["import", "--case", "1"];
    args.extend(first.iter().map(String::as_str));
    assert!(casefile(home, &args).status.success());
    assert!(
        casefile(home, &["bundle", "new", "--case", "1"])
            .status
            .success()
    );
    let out = home.join("bundle.pdf");
    let out_arg = out.to_string_lossy().into_owned();

    let mut rng = Lcg(20_261_125);
    let mut documents = 4u64;
    let mut entries = 0usize;
    let mut killed = [0usize; 4];
    for i in 0..points {
        let op = i % 4;
        let delay = Duration::from_millis(rng.next(90));
        let was_killed = match op {
            0 => {
                // Ten new files: letters and emails.
                let mut paths = Vec::new();
                for n in 0..10 {
                    let path = if n % 3 == 0 {
                        let p = files.join(format!("m{i}-{n}.eml"));
                        std::fs::write(&p, format!("From: school@example.org\r\nSubject: Update {i}-{n}\r\nDate: Mon, 3 Nov 2025 09:00:00 +0000\r\n\r\nSession {i}-{n} was cancelled.\r\n")).expect("eml");
                        p
                    } else {
                        let p = files.join(format!("l{i}-{n}.txt"));
                        std::fs::write(
                            &p,
                            format!("Letter {i}-{n}: therapy was not delivered this week."),
                        )
                        .expect("txt");
                        p
                    };
                    paths.push(path.to_string_lossy().into_owned());
                }
                let mut args = vec!["import", "--case", "1"];
                args.extend(paths.iter().map(String::as_str));
                kill_after(spawn(home, &args), delay)
            }
            1 => {
                let date = "2026-11-20";
                let note = format!("Call {i}: the SENCo confirmed no therapy.");
                kill_after(
                    spawn(
                        home,
                        &[
                            "log",
                            "add",
                            "--case",
                            "1",
                            "--date",
                            date,
                            "--channel",
                            "phone",
                            "--direction",
                            "out",
                            "--party",
                            "SENCo",
                            "--summary",
                            &note,
                        ],
                    ),
                    delay,
                )
            }
            3 => kill_after(
                spawn(home, &["backup"]),
                Duration::from_millis(rng.next(40)),
            ),
            _ => kill_after(
                spawn(
                    home,
                    &[
                        "bundle",
                        "build",
                        "--bundle",
                        "1",
                        "--out",
                        &out_arg,
                        "--date",
                        "2026-11-25",
                    ],
                ),
                delay,
            ),
        };
        if was_killed {
            killed[op] += 1;
        }

        // The folder opens and is whole, apart from leftovers of a cut-off import.
        let check = json(&casefile(home, &["--json", "check"]));
        let report = &check["check"];
        assert_eq!(report["database_ok"], true, "kill {i}: {check}");
        assert_eq!(
            report["missing"],
            serde_json::json!([]),
            "kill {i}: a document lost its file: {check}"
        );
        assert_eq!(
            report["changed"],
            serde_json::json!([]),
            "kill {i}: a stored file was changed: {check}"
        );
        let now = report["documents"].as_u64().expect("count");
        assert!(
            now >= documents,
            "kill {i}: documents went from {documents} to {now}"
        );
        documents = now;
        let log = json(&casefile(home, &["--json", "log", "list", "--case", "1"]));
        let logged = log["entries"].as_array().expect("entries").len();
        assert!(logged >= entries, "kill {i}: the log lost entries");
        entries = logged;
        // The bundle is either the last whole one or not there: never half of one.
        if out.exists() {
            let status = Command::new("qpdf")
                .arg("--check")
                .arg(&out)
                .stdout(Stdio::null())
                .status()
                .expect("qpdf");
            assert!(status.success(), "kill {i}: a half-written bundle");
        }
        // Every backup listed is a whole database file: a cut-off one stays a hidden part file.
        for backup in std::fs::read_dir(home.join("backups"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = backup.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let bytes = std::fs::read(backup.path()).expect("backup");
            assert!(
                bytes.starts_with(b"SQLite format 3\0") && bytes.len() % 4096 == 0,
                "kill {i}: backup {name} is not a whole database ({} bytes)",
                bytes.len()
            );
        }
    }

    let repaired = json(&casefile(home, &["--json", "check", "--repair"]));
    assert_eq!(repaired["whole"], true, "{repaired}");
    // Ending with a build that finishes clears temporary files left beside the bundle.
    assert!(
        casefile(
            home,
            &["bundle", "build", "--bundle", "1", "--out", &out_arg]
        )
        .status
        .success()
    );
    let leftovers: Vec<String> = std::fs::read_dir(home)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!(
        "crash harness: {points} kill points; killed part-way: {} imports, {} log entries, {} bundle builds, {} backups; {documents} documents and {entries} entries survived whole",
        killed[0], killed[1], killed[2], killed[3]
    );
    assert!(
        killed[0] + killed[2] >= points / 4,
        "most kills should land part-way through: {killed:?}"
    );
}

/// Runs `casefile` with a passphrase (and a new one) in the environment, no `--no-passphrase`.
fn spawn_keyed(home: &Path, args: &[&str], passphrase: &str, new: Option<&str>) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casefile"));
    command
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env("CASEFILE_PASSPHRASE", passphrase)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match new {
        Some(new) => command.env("CASEFILE_NEW_PASSPHRASE", new),
        None => command.env_remove("CASEFILE_NEW_PASSPHRASE"),
    };
    command.spawn().expect("start casefile")
}

fn keyed_json(home: &Path, args: &[&str], passphrase: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_casefile"))
        .arg("--home")
        .arg(home)
        .arg("--json")
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env("CASEFILE_PASSPHRASE", passphrase)
        .output()
        .expect("run casefile");
    json(&out)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Whether any file under `home` holds `needle` as plain bytes.
fn plain_anywhere(home: &Path, needle: &[u8]) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(home).expect("read").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = plain_anywhere(&path, needle) {
                return Some(found);
            }
        } else if std::fs::read(&path)
            .map(|b| b.windows(needle.len()).any(|w| w == needle))
            .unwrap_or(false)
        {
            return Some(path);
        }
    }
    None
}

#[test]
fn killing_encryption_or_a_passphrase_change_at_any_moment_loses_nothing() {
    let points: usize = std::env::var("CASEFILE_CRASH_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|n: usize| n / 2)
        .unwrap_or(100);
    const MARKER: &str = "Ottoline-Brackenbury";
    const OLD: &str = "first long passphrase";
    const NEW: &str = "second long passphrase";
    let work = tempfile::tempdir().expect("dir");
    // A plain case file with forty documents, copied afresh before each kill.
    let plain = work.path().join("plain");
    assert!(
        casefile(&plain, &["case", "new", "--name", MARKER])
            .status
            .success()
    );
    let incoming = work.path().join("incoming");
    std::fs::create_dir_all(&incoming).expect("dir");
    let mut paths = Vec::new();
    for n in 0..40 {
        let path = incoming.join(format!("letter{n}.txt"));
        std::fs::write(
            &path,
            format!(
                "Letter {n} about {MARKER}: therapy was not delivered. {}",
                "x".repeat(20_000)
            ),
        )
        .expect("write");
        paths.push(path.to_string_lossy().into_owned());
    }
    let mut args = vec!["import", "--case", "1"];
    args.extend(paths.iter().map(String::as_str));
    assert!(casefile(&plain, &args).status.success());

    // How long an uninterrupted run takes, so that kills spread over all of it.
    let timed = work.path().join("timed");
    copy_folder(&plain, &timed);
    let started = Instant::now();
    assert!(
        spawn_keyed(&timed, &["protect"], OLD, None)
            .wait()
            .expect("wait")
            .success()
    );
    let protect_ms = started.elapsed().as_millis() as u64 + 20;
    let started = Instant::now();
    assert!(
        spawn_keyed(&timed, &["passphrase"], OLD, Some(NEW))
            .wait()
            .expect("wait")
            .success()
    );
    let rekey_ms = started.elapsed().as_millis() as u64 + 20;
    // A new recovery key re-encrypts everything under a new data key.
    let rekeyed = work.path().join("rekeyed");
    copy_folder(&timed, &rekeyed);
    let started = Instant::now();
    assert!(
        spawn_keyed(&rekeyed, &["new-recovery-key"], NEW, None)
            .wait()
            .expect("wait")
            .success()
    );
    let new_key_ms = started.elapsed().as_millis() as u64 + 20;

    let mut rng = Lcg(7);
    let mut killed = [0usize; 3];
    for i in 0..points + points / 2 {
        let home = work.path().join(format!("kill{i}"));
        let rekey = i % 3 == 1;
        if i % 3 == 2 {
            copy_folder(&timed, &home);
            let delay = Duration::from_millis(rng.next(new_key_ms));
            if kill_after(spawn_keyed(&home, &["new-recovery-key"], NEW, None), delay) {
                killed[2] += 1;
            }
            // Whatever the moment, the passphrase opens it (finishing a cut-off re-key), every
            // document is there and whole, and nothing is left plain or half-keyed.
            let check = keyed_json(&home, &["check"], NEW);
            let report = &check["check"];
            assert_eq!(report["database_ok"], true, "kill {i}: {check}");
            assert_eq!(report["documents"], 40, "kill {i}: {check}");
            assert_eq!(
                report["changed"],
                serde_json::json!([]),
                "kill {i}: {check}"
            );
            assert_eq!(
                report["missing"],
                serde_json::json!([]),
                "kill {i}: {check}"
            );
            assert!(
                !home.join("casefile.key.next").exists(),
                "kill {i}: re-key not finished"
            );
            assert_eq!(plain_anywhere(&home, MARKER.as_bytes()), None, "kill {i}");
        } else if rekey {
            copy_folder(&timed, &home);
            // `timed` opens with NEW; change it back to OLD under fire.
            let delay = Duration::from_millis(rng.next(rekey_ms));
            if kill_after(spawn_keyed(&home, &["passphrase"], NEW, Some(OLD)), delay) {
                killed[1] += 1;
            }
            let with_old = keyed_json(&home, &["check"], OLD);
            let with_new = keyed_json(&home, &["check"], NEW);
            let opened: Vec<&serde_json::Value> = [&with_old, &with_new]
                .into_iter()
                .filter(|j| j.get("check").is_some())
                .collect();
            assert_eq!(
                opened.len(),
                1,
                "kill {i}: exactly one passphrase opens it: {with_old} / {with_new}"
            );
            let report = &opened[0]["check"];
            assert_eq!(report["database_ok"], true, "kill {i}: {report}");
            assert_eq!(report["documents"], 40, "kill {i}: {report}");
            assert_eq!(
                report["changed"],
                serde_json::json!([]),
                "kill {i}: {report}"
            );
            assert_eq!(
                report["missing"],
                serde_json::json!([]),
                "kill {i}: {report}"
            );
        } else {
            copy_folder(&plain, &home);
            let delay = Duration::from_millis(rng.next(protect_ms));
            if kill_after(spawn_keyed(&home, &["protect"], OLD, None), delay) {
                killed[0] += 1;
            }
            // Whatever the moment: the folder is still plain and whole, or opens with the
            // passphrase, finishing the encryption, and then holds no plain text.
            let protected = home.join("casefile.key").exists();
            let check = if protected {
                keyed_json(&home, &["check"], OLD)
            } else {
                json(&casefile(&home, &["--json", "check"]))
            };
            let report = &check["check"];
            assert_eq!(report["database_ok"], true, "kill {i}: {check}");
            assert_eq!(report["documents"], 40, "kill {i}: {check}");
            assert_eq!(
                report["changed"],
                serde_json::json!([]),
                "kill {i}: {check}"
            );
            assert_eq!(
                report["missing"],
                serde_json::json!([]),
                "kill {i}: {check}"
            );
            if protected {
                assert_eq!(
                    plain_anywhere(&home, MARKER.as_bytes()),
                    None,
                    "kill {i}: plain text left after the unlock finished the job"
                );
            }
        }
        let _ = std::fs::remove_dir_all(&home);
    }
    eprintln!(
        "{} kills: {} encryptions, {} passphrase changes and {} re-keys stopped part-way (uninterrupted: {protect_ms} ms, {rekey_ms} ms and {new_key_ms} ms)",
        points + points / 2,
        killed[0],
        killed[1],
        killed[2]
    );
    assert!(
        killed[2] > points / 8,
        "too few re-keys were interrupted: {killed:?}"
    );
    assert!(
        killed[0] > points / 8,
        "too few encryptions were interrupted: {killed:?}"
    );
}

/// Every fingerprint of a stored file, wherever it is in the folder: among the documents'
/// files, left over, or in quarantine/.
fn fingerprints_anywhere(home: &Path) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![home.join("blobs"), home.join("quarantine")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let mut name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                stack.push(entry.path());
                continue;
            }
            // blobs/ab/cdef… is the file whose fingerprint is abcdef…
            if name.len() == 62 {
                let folder = dir.file_name().map(|f| f.to_string_lossy().into_owned());
                name = format!("{}{name}", folder.unwrap_or_default());
            }
            if name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()) {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn killing_a_repair_or_a_take_back_from_quarantine_loses_no_file() {
    let points: usize = std::env::var("CASEFILE_CRASH_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|n: usize| n / 5)
        .unwrap_or(40);
    let work = tempfile::tempdir().expect("dir");
    // Thirty documents stored after the backup that is then restored: thirty files the
    // database no longer lists.
    let orphaned = work.path().join("orphaned");
    assert!(
        casefile(&orphaned, &["case", "new", "--name", "Ava"])
            .status
            .success()
    );
    let backup = json(&casefile(&orphaned, &["--json", "backup"]));
    let backup = backup["backup"]["path"].as_str().expect("path").to_owned();
    let incoming = work.path().join("incoming");
    std::fs::create_dir_all(&incoming).expect("dir");
    let mut args = vec!["import".to_owned(), "--case".into(), "1".into()];
    for n in 0..30 {
        let path = incoming.join(format!("letter{n}.txt"));
        std::fs::write(&path, format!("Letter {n}: {}", "y".repeat(30_000))).expect("write");
        args.push(path.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(casefile(&orphaned, &args).status.success());
    let all = fingerprints_anywhere(&orphaned);
    assert_eq!(all.len(), 30);
    assert!(
        casefile(&orphaned, &["backup", "--restore", &backup])
            .status
            .success()
    );
    // The same, repaired: the thirty in quarantine/.
    let quarantined = work.path().join("quarantined");
    copy_folder(&orphaned, &quarantined);
    assert!(
        casefile(&quarantined, &["check", "--repair"])
            .status
            .success()
    );
    assert_eq!(fingerprints_anywhere(&quarantined), all);

    let time = |from: &Path, args: &[&str]| {
        let timed = work.path().join("timed");
        let _ = std::fs::remove_dir_all(&timed);
        copy_folder(from, &timed);
        let started = Instant::now();
        assert!(spawn(&timed, args).wait().expect("wait").success());
        started.elapsed().as_millis() as u64 + 20
    };
    let repair_ms = time(&orphaned, &["check", "--repair"]);
    let take_ms = time(&quarantined, &["quarantine", "--case", "1"]);

    let mut rng = Lcg(11);
    let mut killed = [0usize; 2];
    for i in 0..points {
        let home = work.path().join(format!("kill{i}"));
        let take_back = i % 2 == 1;
        let (from, args, ms): (&Path, &[&str], u64) = if take_back {
            (&quarantined, &["quarantine", "--case", "1"], take_ms)
        } else {
            (&orphaned, &["check", "--repair"], repair_ms)
        };
        copy_folder(from, &home);
        if kill_after(spawn(&home, args), Duration::from_millis(rng.next(ms))) {
            killed[usize::from(take_back)] += 1;
        }
        // Not one file is gone, wherever the kill left it; a repair then leaves it whole.
        assert_eq!(fingerprints_anywhere(&home), all, "kill {i}");
        let repaired = json(&casefile(&home, &["--json", "check", "--repair"]));
        assert_eq!(repaired["whole"], true, "kill {i}: {repaired}");
        assert_eq!(
            fingerprints_anywhere(&home),
            all,
            "kill {i} after the repair"
        );
        let _ = std::fs::remove_dir_all(&home);
    }
    eprintln!(
        "{points} kills: {} repairs and {} take-backs stopped part-way (uninterrupted: {repair_ms} ms and {take_ms} ms)",
        killed[0], killed[1]
    );
}
