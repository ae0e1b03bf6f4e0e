//! The `casefile` binary as scripts and support workers use it: real process, real data folder.

mod common;

use std::process::Command;

use common::{casefile, json, stdout};

#[test]
fn case_new_prints_the_new_id_and_case_list_shows_it() {
    let home = tempfile::tempdir().expect("dir");
    let out = casefile(
        home.path(),
        &[
            "case",
            "new",
            "--name",
            "Zoë O'Brien-Ćwikła",
            "--dob",
            "2015-03-28",
            "--la",
            "Leeds City Council",
            "--status",
            "assessing",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out).trim(), "1");

    let list = casefile(home.path(), &["case", "list"]);
    assert_eq!(list.status.code(), Some(0));
    let text = stdout(&list);
    assert!(text.contains("Zoë O'Brien-Ćwikła"), "{text}");
    assert!(text.contains("Sat 28 Mar 2015"), "{text}");
    assert!(text.contains("Being assessed"), "{text}");
    assert!(text.contains("Leeds City Council"), "{text}");
}

#[test]
fn json_output_is_one_document_with_the_case_fields() {
    let home = tempfile::tempdir().expect("dir");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "case",
            "new",
            "--name",
            "محمد عبد الله",
            "--tribunal-ref",
            "EH881/26/00012",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let case = json(&out);
    assert_eq!(case["child_name"], "محمد عبد الله");
    assert_eq!(case["tribunal_reference"], "EH881/26/00012");
    assert_eq!(case["ehcp_status"], "none");

    let list = json(&casefile(home.path(), &["case", "list", "--json"]));
    let cases = list["cases"].as_array().expect("cases array");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["id"], case["id"]);
}

#[test]
fn edit_changes_only_the_given_details_and_archive_hides_the_case() {
    let home = tempfile::tempdir().expect("dir");
    casefile(
        home.path(),
        &[
            "case",
            "new",
            "--name",
            "Ava",
            "--la",
            "Kent County Council",
        ],
    );
    let edited = json(&casefile(
        home.path(),
        &[
            "--json",
            "case",
            "edit",
            "1",
            "--school",
            "Hill View Academy",
            "--status",
            "under-appeal",
        ],
    ));
    assert_eq!(edited["school"], "Hill View Academy");
    assert_eq!(edited["ehcp_status"], "under_appeal");
    assert_eq!(
        edited["local_authority"], "Kent County Council",
        "untouched detail kept"
    );

    assert_eq!(
        casefile(home.path(), &["case", "archive", "1"])
            .status
            .code(),
        Some(0)
    );
    let active = json(&casefile(home.path(), &["--json", "case", "list"]));
    assert_eq!(active["cases"].as_array().expect("array").len(), 0);
    let archived = json(&casefile(
        home.path(),
        &["--json", "case", "list", "--archived"],
    ));
    assert_eq!(archived["cases"][0]["child_name"], "Ava");
    assert!(stdout(&casefile(home.path(), &["case", "list"])).contains("No cases yet"));

    assert_eq!(
        casefile(home.path(), &["case", "restore", "1"])
            .status
            .code(),
        Some(0)
    );
    assert!(stdout(&casefile(home.path(), &["case", "list"])).contains("Ava"));
}

#[test]
fn refused_input_exits_1_with_a_clear_message_and_stores_nothing() {
    let home = tempfile::tempdir().expect("dir");
    let empty = casefile(home.path(), &["case", "new", "--name", "  "]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("Enter the child's name."));

    let long_name = "x".repeat(10_000);
    let long = casefile(
        home.path(),
        &["--json", "case", "new", "--name", &long_name],
    );
    assert_eq!(long.status.code(), Some(1));
    let err = json(&long);
    assert_eq!(err["error"]["kind"], "invalid");
    assert!(
        err["error"]["message"]
            .as_str()
            .expect("message")
            .contains("10,000 characters")
    );

    let bad_date = casefile(
        home.path(),
        &["case", "new", "--name", "Noor", "--dob", "2019-02-30"],
    );
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("There is no 30 February 2019"));

    let bad_status = casefile(
        home.path(),
        &["case", "new", "--name", "Noor", "--status", "approved"],
    );
    assert_eq!(bad_status.status.code(), Some(1));

    let missing = casefile(home.path(), &["case", "archive", "99"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no case with number 99"));

    let list = json(&casefile(home.path(), &["--json", "case", "list", "--all"]));
    assert_eq!(list["cases"].as_array().expect("array").len(), 0);
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().expect("dir");
    assert_eq!(
        casefile(home.path(), &["case", "new"]).status.code(),
        Some(2),
        "missing --name"
    );
    assert_eq!(
        casefile(home.path(), &["case", "fly"]).status.code(),
        Some(2)
    );
    assert_eq!(
        casefile(home.path(), &["case", "show", "seven"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_folder_holding_someone_elses_file_is_refused_and_left_alone() {
    let home = tempfile::tempdir().expect("dir");
    let db = home.path().join("casefile.db");
    std::fs::write(&db, b"not a database at all, just some words").expect("write");
    let out = casefile(home.path(), &["case", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Casefile data file"));
    assert_eq!(
        std::fs::read(&db).expect("read"),
        b"not a database at all, just some words"
    );
}

#[test]
fn demo_creates_one_fictional_case() {
    let home = tempfile::tempdir().expect("dir");
    let first = json(&casefile(home.path(), &["--json", "demo"]));
    assert_eq!(first["created"], true);
    assert_eq!(first["case"]["is_demo"], true);
    assert!(
        first["case"]["child_name"]
            .as_str()
            .expect("name")
            .contains("(demo)")
    );
    let again = casefile(home.path(), &["demo"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("already exists"));
    let list = json(&casefile(home.path(), &["--json", "case", "list"]));
    assert_eq!(list["cases"].as_array().expect("array").len(), 1);
}

#[test]
fn the_home_environment_variable_is_used_when_no_flag_is_given() {
    let home = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_casefile"))
        .args(["--no-passphrase", "case", "new", "--name", "Env Child"])
        .env("CASEFILE_HOME", home.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(home.path().join("casefile.db").exists());
}

#[test]
fn a_family_exports_its_file_to_one_file_checks_it_and_restores_it_elsewhere() {
    let home = tempfile::tempdir().expect("dir");
    assert!(casefile(home.path(), &["demo"]).status.success());
    let backup = json(&casefile(home.path(), &["--json", "backup"]));
    assert!(
        backup["backup"]["path"]
            .as_str()
            .expect("path")
            .contains("backups")
    );
    let listed = json(&casefile(home.path(), &["--json", "backup", "--list"]));
    assert_eq!(listed["backups"].as_array().expect("list").len(), 1);

    let usb = tempfile::tempdir().expect("usb");
    let file = usb.path().join("Robin.casefile");
    let exported = json(&casefile(
        home.path(),
        &["--json", "export", "--out", file.to_str().expect("path")],
    ));
    assert_eq!(exported["export"]["documents"], 7);
    let verified = casefile(home.path(), &["verify", file.to_str().expect("path")]);
    assert!(
        String::from_utf8_lossy(&verified.stdout).contains("is whole: 1 case(s), 7 document(s)"),
        "{verified:?}"
    );

    let elsewhere = usb.path().join("restored");
    let restored = casefile(
        &elsewhere,
        &["restore", "--from", file.to_str().expect("path")],
    );
    assert!(restored.status.success(), "{restored:?}");
    let docs = json(&casefile(
        &elsewhere,
        &["--json", "doc", "list", "--case", "1"],
    ));
    assert_eq!(docs["documents"].as_array().expect("docs").len(), 7);
    let check = json(&casefile(&elsewhere, &["--json", "check"]));
    assert_eq!(check["whole"], true);
    // Restoring over a folder in use is refused.
    let again = casefile(
        home.path(),
        &["restore", "--from", file.to_str().expect("path")],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}
