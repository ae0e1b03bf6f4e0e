//! The correspondence log through the real binary (`casefile log add`).

mod common;

use common::{casefile, json};

#[test]
fn a_call_is_logged_edited_with_history_and_listed() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let added = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-11-20",
            "--time",
            "14:05",
            "--channel",
            "phone",
            "--direction",
            "out",
            "--party",
            "Jo Hill",
            "--subject",
            "Chased the draft plan",
            "--summary",
            "Jo said the draft comes next week.",
        ],
    );
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    assert_eq!(String::from_utf8_lossy(&added.stdout).trim(), "1");

    let edited = json(&casefile(
        home.path(),
        &[
            "--json",
            "log",
            "edit",
            "--entry",
            "1",
            "--summary",
            "Jo said the draft comes by 4 December.",
        ],
    ));
    assert_eq!(edited["note_versions"], 2);
    let history = json(&casefile(
        home.path(),
        &["--json", "log", "history", "--entry", "1"],
    ));
    let versions = history["versions"].as_array().expect("versions");
    assert_eq!(versions[0]["body"], "Jo said the draft comes next week.");
    assert_eq!(
        versions[1]["body"],
        "Jo said the draft comes by 4 December."
    );

    let list = String::from_utf8(casefile(home.path(), &["log", "list", "--case", "1"]).stdout)
        .expect("utf-8");
    assert!(list.contains("Fri 20 Nov 2026 14:05"), "{list}");
    assert!(
        list.contains("to Jo Hill — Chased the draft plan"),
        "{list}"
    );
    assert!(list.contains("2 versions kept"), "{list}");
}

#[test]
fn a_bad_entry_exits_1_and_stores_nothing() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let bad = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-02-30",
            "--channel",
            "phone",
            "--direction",
            "out",
            "--summary",
            "x",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("There is no 30 February 2026"));
    let pigeon = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-02-03",
            "--channel",
            "pigeon",
            "--direction",
            "out",
            "--summary",
            "x",
        ],
    );
    assert_eq!(pigeon.status.code(), Some(1));
    let list = json(&casefile(
        home.path(),
        &["--json", "log", "list", "--case", "1"],
    ));
    assert_eq!(list["entries"].as_array().expect("entries").len(), 0);
    assert_eq!(
        casefile(home.path(), &["log", "add", "--case", "1"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_met_deadline_can_cite_the_logged_letter_that_proves_it() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    casefile(
        home.path(),
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "ehc-needs-assessment",
            "--date",
            "2026-01-12",
        ],
    );
    casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-03-02",
            "--channel",
            "letter",
            "--direction",
            "in",
            "--party",
            "Leeds City Council",
            "--subject",
            "Decision to assess",
            "--summary",
            "They will assess.",
        ],
    );
    let out = casefile(
        home.path(),
        &[
            "--json",
            "clock",
            "record",
            "--clock",
            "1",
            "--step",
            "decide-to-assess",
            "--outcome",
            "met",
            "--date",
            "2026-03-02",
            "--evidence",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let clock = json(&out);
    assert_eq!(
        clock["evidence"][0]["label"],
        "Letter from Leeds City Council, 2 Mar 2026: Decision to assess"
    );
    let missing = casefile(
        home.path(),
        &[
            "clock",
            "record",
            "--clock",
            "1",
            "--step",
            "final-plan",
            "--outcome",
            "met",
            "--date",
            "2026-06-01",
            "--evidence",
            "99",
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("no correspondence entry with number 99")
    );
}

#[test]
fn two_names_for_one_caseworker_are_merged_and_the_log_follows() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    for party in ["Jo Hill", "Joanne Hill (caseworker)"] {
        let out = casefile(
            home.path(),
            &[
                "log",
                "add",
                "--case",
                "1",
                "--date",
                "2026-11-20",
                "--channel",
                "phone",
                "--direction",
                "in",
                "--party",
                party,
                "--summary",
                "Call about the draft plan",
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let people = json(&casefile(
        home.path(),
        &["--json", "people", "list", "--case", "1"],
    ));
    let ids: Vec<i64> = people["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 2);
    let out = casefile(
        home.path(),
        &["people", "merge", &ids[0].to_string(), &ids[1].to_string()],
    );
    assert!(out.status.success(), "{out:?}");
    let log = json(&casefile(
        home.path(),
        &["--json", "log", "list", "--case", "1"],
    ));
    let names: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["party_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Jo Hill", "Jo Hill"]);
}

#[test]
fn an_entry_names_the_documents_it_is_about() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    casefile(home.path(), &["case", "new", "--name", "Ben"]);
    let letter = home.path().join("Decision letter.txt");
    std::fs::write(&letter, "We will not assess.").expect("letter");
    casefile(
        home.path(),
        &["import", "--case", "1", letter.to_str().expect("path")],
    );
    let added = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-11-20",
            "--channel",
            "letter",
            "--direction",
            "in",
            "--party",
            "Council",
            "--summary",
            "Decision not to assess",
            "--doc",
            "1",
        ],
    );
    assert!(added.status.success(), "{added:?}");
    let listed = common::stdout(&casefile(home.path(), &["log", "list", "--case", "1"]));
    assert!(listed.contains("Documents: #1 Decision letter"), "{listed}");
    // A document of another case is refused and nothing is logged.
    let other = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "2",
            "--date",
            "2026-11-20",
            "--channel",
            "letter",
            "--direction",
            "in",
            "--summary",
            "x",
            "--doc",
            "1",
        ],
    );
    assert_eq!(other.status.code(), Some(1));
    let log = json(&casefile(
        home.path(),
        &["--json", "log", "list", "--case", "2"],
    ));
    assert!(log["entries"].as_array().expect("entries").is_empty());
}
