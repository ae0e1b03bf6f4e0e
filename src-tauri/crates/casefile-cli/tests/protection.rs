//! Encryption at rest through the real `casefile`: new case files are protected unless asked
//! not to be; the passphrase comes from CASEFILE_PASSPHRASE (a script has no terminal to type
//! it); without it the CLI refuses clearly and changes nothing; an existing folder is encrypted
//! in place; the passphrase is changed, or replaced with the recovery key; exports of a
//! protected case file need the passphrase to verify and restore.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{casefile, json};

const MARKER: &str = "Wilhelmina-Fairweather";

/// Runs `casefile --home HOME --json ARGS…` with exactly the secrets given in the environment.
fn keyed(home: &Path, args: &[&str], secrets: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casefile"));
    command
        .arg("--home")
        .arg(home)
        .arg("--json")
        .args(args)
        .env_remove("CASEFILE_HOME")
        .env_remove("CASEFILE_PASSPHRASE")
        .env_remove("CASEFILE_NEW_PASSPHRASE")
        .env_remove("CASEFILE_RECOVERY_KEY");
    for (name, value) in secrets {
        command.env(name, value);
    }
    command.output().expect("run casefile")
}

fn error_message(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    json(out)["error"]["message"]
        .as_str()
        .expect("message")
        .to_owned()
}

fn holds(home: &Path, needle: &str) -> bool {
    let mut stack = vec![home.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("dir").flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else if std::fs::read(entry.path())
                .expect("read")
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                return true;
            }
        }
    }
    false
}

#[test]
fn a_new_case_file_needs_a_passphrase_and_then_opens_only_with_it() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");

    let refused = error_message(&keyed(&home, &["case", "new", "--name", MARKER], &[]));
    assert!(
        refused.contains("CASEFILE_PASSPHRASE") && refused.contains("--no-passphrase"),
        "{refused}"
    );
    assert!(
        !home.join("casefile.db").exists(),
        "nothing is made without a passphrase"
    );

    let made = keyed(
        &home,
        &["case", "new", "--name", MARKER],
        &[("CASEFILE_PASSPHRASE", "seven silver swans")],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(
        stderr.contains("RECOVERY KEY"),
        "the recovery key is shown once: {stderr}"
    );
    assert!(home.join("casefile.key").exists());
    assert!(
        !holds(&home, MARKER),
        "the child's name is on disk in plain text"
    );

    let locked = error_message(&keyed(&home, &["case", "list"], &[]));
    assert!(locked.contains("protected by a passphrase"), "{locked}");
    let wrong = error_message(&keyed(
        &home,
        &["case", "list"],
        &[("CASEFILE_PASSPHRASE", "six silver swans")],
    ));
    assert!(wrong.contains("does not open"), "{wrong}");
    let listed = json(&keyed(
        &home,
        &["case", "list"],
        &[("CASEFILE_PASSPHRASE", "seven silver swans")],
    ));
    assert_eq!(listed["cases"][0]["child_name"], MARKER);
}

#[test]
fn an_existing_case_file_is_encrypted_in_place_and_the_passphrase_can_be_changed_or_recovered() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    assert!(casefile(&home, &["demo"]).status.success());
    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, format!("Dear parent, {MARKER} will be assessed.")).expect("write");
    assert!(
        casefile(
            &home,
            &["import", "--case", "1", letter.to_str().expect("path")]
        )
        .status
        .success()
    );
    assert!(holds(&home, MARKER));

    let protected = keyed(
        &home,
        &["protect"],
        &[("CASEFILE_PASSPHRASE", "first long passphrase")],
    );
    assert!(
        protected.status.success(),
        "{}",
        String::from_utf8_lossy(&protected.stdout)
    );
    let recovery = json(&protected)["recovery_key"]
        .as_str()
        .expect("key")
        .to_owned();
    assert!(
        !holds(&home, MARKER),
        "plain text left after encrypting in place"
    );
    assert!(
        !holds(&home, "Robin Example"),
        "the demo child's name left in plain text"
    );
    let first = [("CASEFILE_PASSPHRASE", "first long passphrase")];
    let check = json(&keyed(&home, &["check"], &first));
    assert_eq!(check["check"]["documents"], 8, "{check}");
    assert_eq!(check["whole"], true, "{check}");
    let hits = json(&keyed(&home, &["search", "--case", "1", MARKER], &first));
    assert_eq!(hits["hits"].as_array().expect("hits").len(), 1, "{hits}");

    let short = error_message(&keyed(
        &home,
        &["passphrase"],
        &[
            ("CASEFILE_PASSPHRASE", "first long passphrase"),
            ("CASEFILE_NEW_PASSPHRASE", "short"),
        ],
    ));
    assert!(short.contains("at least 10"), "{short}");
    let changed = keyed(
        &home,
        &["passphrase"],
        &[
            ("CASEFILE_PASSPHRASE", "first long passphrase"),
            ("CASEFILE_NEW_PASSPHRASE", "second long passphrase"),
        ],
    );
    assert!(changed.status.success());
    assert!(error_message(&keyed(&home, &["case", "list"], &first)).contains("does not open"));

    // Forgotten: the recovery key sets a third passphrase.
    let recovered = keyed(
        &home,
        &["recover"],
        &[
            ("CASEFILE_RECOVERY_KEY", &recovery.to_lowercase()),
            ("CASEFILE_NEW_PASSPHRASE", "third long passphrase"),
        ],
    );
    assert!(
        recovered.status.success(),
        "{}",
        String::from_utf8_lossy(&recovered.stdout)
    );
    let listed = json(&keyed(
        &home,
        &["case", "list"],
        &[("CASEFILE_PASSPHRASE", "third long passphrase")],
    ));
    assert_eq!(listed["cases"].as_array().expect("cases").len(), 1);
}

#[test]
fn a_protected_export_needs_its_passphrase_to_verify_and_restore() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    let secret = [("CASEFILE_PASSPHRASE", "export passphrase here")];
    assert!(keyed(&home, &["demo"], &secret).status.success());
    let file = dir.path().join("family.casefile");
    let exported = keyed(
        &home,
        &["export", "--out", file.to_str().expect("path")],
        &secret,
    );
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stdout)
    );
    assert!(!holds(dir.path(), "Robin Example"));

    let refused = error_message(&keyed(
        &home,
        &["verify", file.to_str().expect("path")],
        &[],
    ));
    assert!(refused.contains("CASEFILE_PASSPHRASE"), "{refused}");
    let verified = json(&keyed(
        &home,
        &["verify", file.to_str().expect("path")],
        &secret,
    ));
    assert_eq!(verified["export"]["cases"], 1, "{verified}");

    let elsewhere = dir.path().join("elsewhere");
    let wrong = keyed(
        &elsewhere,
        &["restore", "--from", file.to_str().expect("path")],
        &[("CASEFILE_PASSPHRASE", "not the passphrase")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        !elsewhere.join("casefile.db").exists(),
        "nothing half-restored"
    );
    assert!(
        keyed(
            &elsewhere,
            &["restore", "--from", file.to_str().expect("path")],
            &secret
        )
        .status
        .success()
    );
    let listed = json(&keyed(&elsewhere, &["case", "list"], &secret));
    assert_eq!(listed["cases"][0]["child_name"], "Robin Example (demo)");
}

#[test]
fn one_case_is_handed_over_in_an_encrypted_file_to_another_protected_case_file() {
    let dir = tempfile::tempdir().expect("dir");
    let worker = dir.path().join("worker");
    let family = dir.path().join("family");
    let worker_secret = [("CASEFILE_PASSPHRASE", "support worker passphrase")];
    assert!(
        keyed(
            &worker,
            &["case", "new", "--name", "Another Family"],
            &worker_secret
        )
        .status
        .success()
    );
    assert!(keyed(&worker, &["demo"], &worker_secret).status.success());
    let file = dir.path().join("robin.handover");
    let path = file.to_str().expect("path");
    let refused = error_message(&keyed(
        &worker,
        &["handover", "export", "--case", "2", "--out", path],
        &worker_secret,
    ));
    assert!(
        refused.contains("CASEFILE_HANDOVER_PASSPHRASE"),
        "{refused}"
    );
    let exported = json(&keyed(
        &worker,
        &["handover", "export", "--case", "2", "--out", path],
        &[
            worker_secret[0],
            ("CASEFILE_HANDOVER_PASSPHRASE", "family hand-over words"),
        ],
    ));
    assert_eq!(exported["handover"]["documents"], 7, "{exported}");
    assert!(!holds(dir.path(), "Robin Example") && !holds(dir.path(), "Another Family"));

    let family_secret = ("CASEFILE_PASSPHRASE", "the family's own passphrase");
    assert!(
        keyed(
            &family,
            &["case", "new", "--name", "Sam Own"],
            &[family_secret]
        )
        .status
        .success()
    );
    let wrong = error_message(&keyed(
        &family,
        &["handover", "import", path],
        &[
            family_secret,
            ("CASEFILE_HANDOVER_PASSPHRASE", "wrong hand-over words"),
        ],
    ));
    assert!(wrong.contains("does not open"), "{wrong}");
    let taken = json(&keyed(
        &family,
        &["handover", "import", path],
        &[
            family_secret,
            ("CASEFILE_HANDOVER_PASSPHRASE", "family hand-over words"),
        ],
    ));
    assert_eq!(taken["handover"]["case_id"], 2, "{taken}");
    let listed = json(&keyed(&family, &["case", "list"], &[family_secret]));
    let names: Vec<&str> = listed["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["child_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.contains(&"Robin Example (demo)") && !names.contains(&"Another Family"),
        "{names:?}"
    );
    let check = json(&keyed(&family, &["check"], &[family_secret]));
    assert_eq!(check["whole"], true, "{check}");
    let bundle = dir.path().join("bundle.pdf");
    let built = keyed(
        &family,
        &[
            "bundle",
            "build",
            "--bundle",
            "1",
            "--out",
            bundle.to_str().expect("path"),
        ],
        &[family_secret],
    );
    assert!(
        built.status.success(),
        "the handed-over bundle plan builds: {}",
        String::from_utf8_lossy(&built.stdout)
    );
    assert!(!holds(&family, "Robin Example"));
}

#[test]
fn a_backup_is_restored_over_the_case_file_after_the_current_state_is_backed_up() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    assert!(casefile(&home, &["demo"]).status.success());
    let made = json(&casefile(&home, &["--json", "backup"]));
    let backup = made["backup"]["path"].as_str().expect("path").to_owned();
    assert!(
        casefile(&home, &["case", "new", "--name", "Added Later"])
            .status
            .success()
    );

    let foreign = dir.path().join("holiday.db");
    std::fs::write(&foreign, "These are holiday notes.").expect("write");
    let refused = casefile(
        &home,
        &["backup", "--restore", foreign.to_str().expect("path")],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        json(&casefile(&home, &["--json", "case", "list"]))["cases"]
            .as_array()
            .expect("cases")
            .len(),
        2
    );

    let restored = json(&casefile(
        &home,
        &["--json", "backup", "--restore", &backup],
    ));
    assert_eq!(restored["check"]["database_ok"], true, "{restored}");
    let cases = json(&casefile(&home, &["--json", "case", "list"]));
    let names: Vec<&str> = cases["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["child_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Robin Example (demo)"]);
    let backups = json(&casefile(&home, &["--json", "backup", "--list"]));
    assert!(
        backups["backups"]
            .as_array()
            .expect("list")
            .iter()
            .any(|b| b["reason"] == "before-restore"),
        "{backups}"
    );

    // A case file too damaged to open is restored too, and the damaged file is kept.
    let db = home.join("casefile.db");
    let mut bytes = std::fs::read(&db).expect("db");
    for b in bytes.iter_mut().skip(4096).take(16_384) {
        *b = 0x5a;
    }
    std::fs::write(&db, bytes).expect("damage");
    let _ = std::fs::remove_file(home.join("casefile.db-wal"));
    let damaged = casefile(&home, &["--json", "case", "list"]);
    assert_eq!(damaged.status.code(), Some(1));
    assert_eq!(
        json(&damaged)["error"]["kind"],
        "damaged",
        "{}",
        String::from_utf8_lossy(&damaged.stdout)
    );
    let restored = json(&casefile(
        &home,
        &["--json", "backup", "--restore", &backup],
    ));
    assert_eq!(restored["check"]["database_ok"], true, "{restored}");
    let cases = json(&casefile(&home, &["--json", "case", "list"]));
    assert_eq!(cases["cases"].as_array().expect("cases").len(), 1);
}

#[test]
fn a_second_process_cannot_repair_restore_or_protect_while_one_is_at_it() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let backup = json(&casefile(home.path(), &["--json", "backup"]));
    let backup_path = backup["backup"]["path"]
        .as_str()
        .expect("backup path")
        .to_owned();
    // This test process stands for another Casefile window in the middle of a repair.
    let held = casefile_core::folder::lock::hold(home.path(), "repairing").expect("lock");
    for args in [
        vec!["check", "--repair"],
        vec!["backup", "--restore", backup_path.as_str()],
    ] {
        let out = casefile(home.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("another Casefile window or command"),
            "{said}"
        );
    }
    let protect = keyed(
        home.path(),
        &["protect"],
        &[("CASEFILE_PASSPHRASE", "correct horse battery staple")],
    );
    assert!(error_message(&protect).contains("another Casefile window or command"));
    assert!(
        !home.path().join("casefile.key").exists(),
        "nothing was protected"
    );
    drop(held);
    // Let go (as when that window's process ends, however it ends): the repair runs.
    let repaired = json(&casefile(home.path(), &["--json", "check", "--repair"]));
    assert_eq!(repaired["whole"], true, "{repaired}");
    let cases = json(&casefile(home.path(), &["--json", "case", "list"]));
    assert_eq!(cases["cases"][0]["child_name"], "Ava");
}
