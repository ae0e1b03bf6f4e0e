//! Crash harness (DESIGN §7): the real `casefile` is killed with SIGKILL at many moments during
//! imports, edits and bundle builds. After each kill the data folder must open, pass SQLite's
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
    let mut killed = [0usize; 3];
    for i in 0..points {
        let op = i % 3;
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
        "crash harness: {points} kill points; killed part-way: {} imports, {} log entries, {} bundle builds; {documents} documents and {entries} entries survived whole",
        killed[0], killed[1], killed[2]
    );
    assert!(
        killed[0] + killed[2] >= points / 4,
        "most kills should land part-way through: {killed:?}"
    );
}
