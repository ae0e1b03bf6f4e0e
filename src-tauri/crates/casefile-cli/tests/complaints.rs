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
