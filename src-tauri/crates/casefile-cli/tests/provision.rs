//! The provision ledger through the real binary (`casefile provision add | log | report`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{casefile, json};

fn setup(home: &Path) {
    casefile(home, &["case", "new", "--name", "Ava"]);
    let terms = home.join("terms.txt");
    std::fs::write(
        &terms,
        "Autumn 1, 2025-09-03, 2025-10-24\nAutumn 2, 2025-11-03, 2025-12-19\nINSET, 2025-09-03\n",
    )
    .expect("terms file");
    let out = casefile(
        home,
        &[
            "terms",
            "import",
            "--case",
            "1",
            terms.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn add_log_and_report_a_weekly_term_time_therapy() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    let added = casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "Speech and language therapy",
            "--minutes",
            "45",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--term-time",
            "--wording",
            "45 minutes of direct SaLT weekly, term time",
        ],
    );
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    assert_eq!(String::from_utf8_lossy(&added.stdout).trim(), "1");
    for (date, status, by) in [
        ("2025-11-04", "delivered", None),
        ("2025-11-11", "missed", Some("provider")),
        ("2025-11-18", "missed", Some("child")),
    ] {
        let mut args = vec![
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            date,
            "--status",
            status,
        ];
        if let Some(by) = by {
            args.extend(["--by", by]);
        }
        assert_eq!(casefile(home.path(), &args).status.code(), Some(0));
    }
    let csv = home.path().join("shortfall.csv");
    let report = casefile(
        home.path(),
        &[
            "--json",
            "provision",
            "report",
            "--case",
            "1",
            "--from",
            "2025-11-03",
            "--to",
            "2025-11-30",
            "--csv",
            csv.to_str().expect("path"),
        ],
    );
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    let r = json(&report);
    let t = &r["lines"][0]["tally"];
    assert_eq!(t["expected_sessions"], 4);
    assert_eq!(t["delivered_sessions"], 1);
    assert_eq!(t["missed_by_provider"], 1);
    assert_eq!(t["missed_by_child"], 1);
    assert_eq!(t["unrecorded"], 1);
    assert_eq!(t["shortfall_minutes"], 45);
    assert_eq!(r["lines"][0]["terms_affected"][0], "Autumn 2025");
    let table = std::fs::read_to_string(&csv).expect("csv written");
    assert!(table.lines().nth(1).expect("row").starts_with(
        "F,Speech and language therapy,,2025-11-03,2025-11-30,4,3.00,1,0.75,1,1,1,0,0.75,"
    ));

    let text = String::from_utf8(
        casefile(
            home.path(),
            &[
                "provision",
                "report",
                "--case",
                "1",
                "--from",
                "2025-11-03",
                "--to",
                "2025-11-30",
            ],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(text.contains("shortfall 0h 45m"), "{text}");
}

#[test]
fn vague_wording_is_pointed_out_when_adding() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    let out = casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "OT",
            "--minutes",
            "30",
            "--per",
            "term",
            "--from",
            "2025-09-01",
            "--wording",
            "Access to occupational therapy as required",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("“access to”"), "{text}");
    assert!(text.contains("“as required”"), "{text}");
}

#[test]
fn bad_ledger_input_exits_1_and_stores_nothing() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    let zero = casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "0",
            "--per",
            "week",
            "--from",
            "2025-09-01",
        ],
    );
    assert_eq!(zero.status.code(), Some(1));
    let backwards = casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "30",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--to",
            "2025-08-01",
        ],
    );
    assert_eq!(backwards.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("ends before it starts"));
    let negative = casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "-5",
            "--per",
            "week",
            "--from",
            "2025-09-01",
        ],
    );
    assert_eq!(
        negative.status.code(),
        Some(2),
        "negative minutes are a usage error"
    );
    let list = json(&casefile(
        home.path(),
        &["--json", "provision", "list", "--case", "1"],
    ));
    assert_eq!(list["provisions"].as_array().expect("array").len(), 0);

    casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "30",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--to",
            "2025-12-19",
        ],
    );
    let outside = casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2026-01-06",
            "--status",
            "delivered",
        ],
    );
    assert_eq!(outside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outside.stderr).contains("outside the dates"));
    casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2025-11-04",
            "--status",
            "delivered",
        ],
    );
    let twice = casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2025-11-04",
            "--status",
            "missed",
            "--by",
            "provider",
        ],
    );
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already logged"));

    let overlap = home.path().join("bad.txt");
    std::fs::write(&overlap, "Spring 1, 2025-12-01, 2026-02-13\n").expect("file");
    let bad = casefile(
        home.path(),
        &[
            "terms",
            "import",
            "--case",
            "1",
            overlap.to_str().expect("path"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("overlaps Autumn 2"));
}

#[test]
fn a_range_is_marked_delivered_with_exceptions() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "30",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--term-time",
        ],
    );
    let out = casefile(
        home.path(),
        &[
            "provision",
            "log-range",
            "--provision",
            "1",
            "--from",
            "2025-11-03",
            "--to",
            "2025-11-30",
            "--except",
            "2025-11-10",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Logged 3 sessions"));
    let sessions = json(&casefile(
        home.path(),
        &["--json", "provision", "sessions", "--provision", "1"],
    ));
    assert_eq!(sessions["sessions"].as_array().expect("array").len(), 3);
}

#[test]
fn the_shortfall_table_can_be_written_as_a_pdf_page() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "Speech and language therapy",
            "--minutes",
            "45",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--term-time",
        ],
    );
    casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2025-11-11",
            "--status",
            "missed",
            "--by",
            "provider",
        ],
    );
    let pdf = home.path().join("shortfall.pdf");
    let out = casefile(
        home.path(),
        &[
            "provision",
            "report",
            "--case",
            "1",
            "--from",
            "2025-11-03",
            "--to",
            "2025-11-30",
            "--pdf",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf (scripts/install-deps.sh --tests installs it)");
    assert!(check.status.success(), "qpdf --check");
    let page = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains("Provision shortfall: Ava"), "{page}");
    assert!(page.contains("Speech and language therapy"), "{page}");
    assert!(page.contains("0 h 45 min"), "{page}");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           1"));
}

#[test]
fn a_session_can_cite_the_email_that_cancelled_it() {
    let home = tempfile::tempdir().expect("dir");
    setup(home.path());
    casefile(
        home.path(),
        &[
            "provision",
            "add",
            "--case",
            "1",
            "--title",
            "SaLT",
            "--minutes",
            "30",
            "--per",
            "week",
            "--from",
            "2025-09-01",
            "--term-time",
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
            "2025-11-10",
            "--channel",
            "email",
            "--direction",
            "in",
            "--party",
            "SaLT service",
            "--summary",
            "Therapist off sick this week.",
        ],
    );
    let out = casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2025-11-11",
            "--status",
            "cancelled",
            "--by",
            "provider",
            "--evidence",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let sessions = json(&casefile(
        home.path(),
        &["--json", "provision", "sessions", "--provision", "1"],
    ));
    assert_eq!(sessions["sessions"][0]["evidence_entry_id"], 1);
    let bad = casefile(
        home.path(),
        &[
            "provision",
            "log",
            "--provision",
            "1",
            "--date",
            "2025-11-18",
            "--status",
            "delivered",
            "--evidence",
            "42",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        json(&casefile(
            home.path(),
            &["--json", "provision", "sessions", "--provision", "1"]
        ))["sessions"]
            .as_array()
            .expect("array")
            .len(),
        1
    );
}
