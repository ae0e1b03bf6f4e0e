//! Complaints through the real binary on the demo case (a realistic case: a late assessment,
//! therapy missed term after term, chasing emails): the guided check, the pack with its remedy,
//! and the letters read back from the PDF and Word files they are saved as.

mod common;

use std::process::Command;

use common::{casefile, json, stdout};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}")
    });
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_demo_case_s_complaint_pack_letters_and_remedy_are_built_from_its_records() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    assert!(casefile(home.path(), &["demo"]).status.success());

    // Where each grievance goes, and the council's procedure not yet used.
    let check = json(&casefile(
        home.path(),
        &["--json", "complaint", "check", "--case", "1"],
    ));
    assert_eq!(check["council"], "Northshire County Council (fictional)");
    assert_eq!(check["council_procedure"]["stage"], "not-started");
    assert!(check["ombudsman_by"].is_string(), "{check}");
    let places: Vec<&str> = check["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .filter_map(|r| r["place"].as_str())
        .collect();
    assert!(
        places.iter().any(|p| p.contains("SEND Tribunal"))
            && places.iter().any(|p| p.contains("ICO"))
    );

    // The pack, with the remedy in the shape the issue gives.
    let pack = files.path().join("pack.pdf");
    let out = json(&casefile(
        home.path(),
        &[
            "--json",
            "complaint",
            "pack",
            "--case",
            "1",
            "--out",
            pack.to_str().expect("path"),
        ],
    ));
    let remedy = &out["remedy"];
    let terms = remedy["terms"].as_u64().expect("terms");
    assert!(terms >= 2, "{remedy}");
    let (low, high) = (
        remedy["range"][0].as_u64().expect("low"),
        remedy["range"][1].as_u64().expect("high"),
    );
    assert!(0 < low && low < high, "{remedy}");
    let precedents = remedy["precedents"].as_array().expect("precedents");
    assert!(precedents.len() >= 3);
    for p in precedents {
        for field in ["council", "reference", "date", "summary"] {
            assert!(
                p[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} in {p}"
            );
        }
        assert!(p["amount"].as_u64().is_some_and(|a| a > 0), "{p}");
    }
    assert!(
        remedy["guide"]
            .as_str()
            .expect("guide")
            .contains("not a promise")
    );
    let path = pack.to_str().expect("path");
    tool("qpdf", &["--check", path]);
    let text = flat(&tool("pdftotext", &[path, "-"]));
    assert!(
        text.contains("Chronology") && text.contains("Correspondence log"),
        "{text}"
    );

    // Stage 1 to the council, as a PDF: read back, it sets out what went wrong and where the
    // evidence is in the pack.
    let letter = files.path().join("stage 1.pdf");
    let saved = casefile(
        home.path(),
        &[
            "complaint",
            "letter",
            "--case",
            "1",
            "--stage",
            "1",
            "--out",
            letter.to_str().expect("path"),
        ],
    );
    assert!(saved.status.success(), "{saved:?}");
    assert!(stdout(&saved).contains("recorded it in the correspondence log"));
    let text = flat(&tool("pdftotext", &[letter.to_str().expect("path"), "-"]));
    for said in [
        "Northshire County Council (fictional)",
        "Statutory deadlines the council missed",
        "Council issues the final EHC plan",
        "days late",
        "reg 13(2)",
        "Children and Families Act 2014 s.42(2)",
        "hours of provision were not delivered",
        "Section F therapy not delivered",
        "This is a guide, not a promise",
        "Chronology: pages A1",
        "within 10 working days of acknowledging it",
    ] {
        assert!(text.contains(said), "“{said}” in {text}");
    }
    let log = json(&casefile(
        home.path(),
        &["--json", "log", "list", "--case", "1"],
    ));
    let logged = log.to_string();
    assert!(
        logged.contains("Complaint (stage 1): Robin Example (demo)"),
        "{logged}"
    );

    // Stage 2 printed; the Ombudsman's as a Word file.
    let stage2 = stdout(&casefile(
        home.path(),
        &["complaint", "letter", "--case", "1", "--stage", "2"],
    ));
    assert!(stage2.contains("considered at stage 2"), "{stage2}");
    let word = files.path().join("ombudsman.docx");
    let saved = casefile(
        home.path(),
        &[
            "complaint",
            "letter",
            "--case",
            "1",
            "--stage",
            "ombudsman",
            "--out",
            word.to_str().expect("path"),
        ],
    );
    assert!(saved.status.success(), "{saved:?}");
    let xml = tool(
        "unzip",
        &["-p", word.to_str().expect("path"), "word/document.xml"],
    );
    assert!(xml.contains("Local Government and Social Care Ombudsman"));
    assert!(xml.contains("not about anything I can appeal to the SEND Tribunal"));
}

#[test]
fn a_case_with_no_council_or_nothing_to_complain_of_gets_what_is_missing_not_an_empty_letter() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam"]);
    let out = casefile(home.path(), &["complaint", "letter", "--case", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("names no council"), "{said}");
    let edited = casefile(
        home.path(),
        &["case", "edit", "1", "--la", "Kent County Council"],
    );
    assert!(edited.status.success(), "{edited:?}");
    let out = casefile(
        home.path(),
        &[
            "complaint",
            "pack",
            "--case",
            "1",
            "--out",
            home.path().join("p.pdf").to_str().expect("path"),
        ],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("no deadline the council missed"), "{said}");
    assert!(!home.path().join("p.pdf").exists(), "no empty pack is made");
}

/// `n` families of `council`, each with an assessment request of 5 January 2026 the council has
/// not answered (its decision was due within 6 weeks).
fn families(home: &std::path::Path, council: &str, n: usize, first: usize) {
    for i in first..first + n {
        let made = json(&casefile(
            home,
            &[
                "--json",
                "case",
                "new",
                "--name",
                &format!("Childname{i} Familyname{i}"),
                "--la",
                council,
                "--school",
                &format!("Schoolname{i} Academy"),
                "--dob",
                &format!("2017-03-{:02}", i % 28 + 1),
            ],
        ));
        let id = made["id"].as_i64().expect("id").to_string();
        let out = casefile(
            home,
            &[
                "clock",
                "start",
                "--case",
                &id,
                "--process",
                "ehc-needs-assessment",
                "--date",
                "2026-01-05",
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
}

#[test]
fn the_pattern_report_shows_a_council_with_5_families_hides_one_with_4_and_names_no_one() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    families(home.path(), "Kent County Council", 4, 1);
    // Four families: nothing can be shown, and nothing is written.
    let pdf = files.path().join("patterns.pdf");
    let out = casefile(
        home.path(),
        &[
            "report",
            "patterns",
            "--out",
            pdf.to_str().expect("path"),
            "--on",
            "2026-11-30",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nothing can be shown"));
    assert!(!pdf.exists());

    families(home.path(), "Kent County Council", 1, 5);
    families(home.path(), "Devon County Council", 4, 6);
    let csv = files.path().join("patterns.csv");
    let report = json(&casefile(
        home.path(),
        &[
            "--json",
            "report",
            "patterns",
            "--out",
            pdf.to_str().expect("path"),
            "--csv",
            csv.to_str().expect("path"),
            "--on",
            "2026-11-30",
        ],
    ));
    let councils = report["councils"].as_array().expect("councils");
    assert_eq!(councils[0]["council"], "Kent County Council");
    assert_eq!(councils[0]["families"], 5);
    assert_eq!(councils[0]["suppressed"], false);
    // Five decisions due 16 February 2026 (6 weeks) and five final plans due 25 May 2026
    // (20 weeks), none made by 30 November 2026.
    assert_eq!(councils[0]["breaches"], 10);
    assert_eq!(councils[0]["missed_hours"], 0.0);
    assert_eq!(councils[1]["council"], "Devon County Council");
    assert_eq!(councils[1]["suppressed"], true);
    assert!(councils[1]["families"].is_null() && councils[1]["breaches"].is_null());
    let text = tool("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    let csv = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        text.contains("fewer than 5") && csv.contains("Devon County Council,families,fewer than 5")
    );
    for i in 1..=9 {
        for word in [
            format!("Childname{i}"),
            format!("Familyname{i}"),
            format!("Schoolname{i}"),
            format!("2017-03-{:02}", i % 28 + 1),
        ] {
            assert!(
                !text.contains(&word) && !csv.contains(&word),
                "{word} in the report"
            );
        }
    }
}

#[test]
fn a_freedom_of_information_request_for_the_council_s_figures_starts_its_clock() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(
        home.path(),
        &[
            "case",
            "new",
            "--name",
            "Sam",
            "--la",
            "Kent County Council",
        ],
    );
    let letter = files.path().join("foi.docx");
    let out = casefile(
        home.path(),
        &[
            "report",
            "foi",
            "--case",
            "1",
            "--out",
            letter.to_str().expect("path"),
            "--on",
            "2026-12-01",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    // 20 working days from Tuesday 1 December 2026, with Christmas Day, Boxing Day (moved to
    // Monday 28 December) and New Year's Day not counted: 2-4 Dec (3), 7-11 (8), 14-18 (13),
    // 21-24 (17), 29-31 (20): Thursday 31 December 2026.
    assert!(
        stdout(&out).contains("must answer by 31 December 2026"),
        "{}",
        stdout(&out)
    );
    let xml = tool(
        "unzip",
        &["-p", letter.to_str().expect("path"), "word/document.xml"],
    );
    assert!(
        xml.contains("within 20 weeks of the request for assessment")
            && xml.contains("Kent County Council")
    );
    let clock = stdout(&casefile(home.path(), &["clock", "show", "1"]));
    assert!(clock.contains("Freedom of information request"), "{clock}");
    let log = json(&casefile(
        home.path(),
        &["--json", "log", "list", "--case", "1"],
    ))
    .to_string();
    assert!(log.contains("Freedom of Information request"), "{log}");
}
