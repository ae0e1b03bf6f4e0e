//! `casefile plan sections` and `plan check` through the real binary, on a plan made as a real
//! PDF by LibreOffice (as a council's Word template is exported) and on one typed as text.

mod common;

use std::process::Command;

use common::{casefile, json};

/// A final plan in one council's style: a contents list first, capital headings with dashes,
/// and a Section F whose provision is partly specific and partly vague.
const PLAN: &str = "NORTHSHIRE COUNCIL\nEducation, Health and Care Plan for Sam Taylor\n\n\
CONTENTS\nSECTION A - Views, interests and aspirations\nSECTION B - Special educational needs\n\
SECTION F - Special educational provision\nSECTION I - Placement\n\n\
SECTION A - Views, interests and aspirations\nSam likes trains and drawing.\n\n\
SECTION B - Special educational needs\nSam finds speech sounds hard and is anxious at changes.\n\n\
SECTION F - Special educational provision\n\
1. Sam will have 45 minutes of speech and language therapy each week from a qualified speech and language therapist.\n\
2. Access to a quiet space and regular check-ins with a key adult as required.\n\
3. Social skills work in a small group.\n\n\
SECTION I - Placement\nWillowbrook Primary School\n";

fn plan_pdf(dir: &std::path::Path) -> std::path::PathBuf {
    let text = dir.join("Final EHC plan.txt");
    std::fs::write(&text, PLAN).expect("plan");
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().expect("path"),
            text.to_str().expect("path"),
        ])
        .output()
        .expect("soffice is needed for this test (scripts/install-deps.sh --tests installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&text).expect("remove");
    dir.join("Final EHC plan.pdf")
}

#[test]
fn a_plan_pdf_is_read_into_its_sections_and_its_vague_provision_found() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let pdf = plan_pdf(files.path());
    casefile(
        home.path(),
        &["import", "--case", "1", pdf.to_str().expect("path")],
    );

    // Not yet marked as a plan: refused, saying how to mark it.
    let refused = casefile(home.path(), &["--json", "plan", "sections", "1"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = json(&refused)["error"]["message"]
        .as_str()
        .expect("message")
        .to_owned();
    assert!(message.contains("--kind ehcp-final"), "{message}");

    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-final"]);
    let out = casefile(home.path(), &["--json", "plan", "sections", "1"]);
    assert!(out.status.success());
    let sections = json(&out)["sections"].as_array().expect("sections").clone();
    let letters: Vec<&str> = sections
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    // The contents list is passed over: its headings come one after another with no words.
    assert_eq!(letters, ["A", "B", "F", "I"]);
    assert_eq!(sections[0]["text"], "Sam likes trains and drawing.");
    assert_eq!(sections[2]["title"], "Special educational provision");
    assert!(
        sections[2]["text"]
            .as_str()
            .expect("text")
            .contains("45 minutes of speech")
    );
    assert_eq!(sections[3]["pages"], serde_json::json!([1, 1]));

    let out = casefile(home.path(), &["--json", "plan", "check", "1"]);
    assert!(out.status.success());
    let findings = json(&out)["findings"].as_array().expect("findings").clone();
    let said: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().expect("kind").to_owned(),
                f["phrase"].as_str().expect("phrase").to_owned(),
            )
        })
        .collect();
    let vague: Vec<&str> = said
        .iter()
        .filter(|(k, _)| k == "vague")
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(
        vague,
        [
            "Access to",
            "regular",
            "as required",
            "key adult",
            "small group"
        ]
    );
    // The specific therapy (first item) has no finding at all.
    assert!(
        findings
            .iter()
            .all(|f| !f["text"].as_str().expect("text").contains("45 minutes"))
    );
    assert!(said.contains(&("no-provider".to_owned(), String::new())));
    assert!(findings.iter().all(|f| f["section"] == "F"));

    let text = common::stdout(&casefile(home.path(), &["plan", "check", "1"]));
    assert!(text.contains("F  vague: “Access to”"), "{text}");
    assert!(text.contains("Ask for the group's size"), "{text}");
}

#[test]
fn a_letter_marked_as_a_plan_is_refused_with_what_to_do() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let letter = home.path().join("letter.txt");
    std::fs::write(
        &letter,
        "Dear parent,\nWe have decided not to assess.\nYours sincerely\n",
    )
    .expect("letter");
    casefile(
        home.path(),
        &["import", "--case", "1", letter.to_str().expect("path")],
    );
    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-draft"]);
    let out = casefile(home.path(), &["plan", "check", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not find the section headings"),
        "{stderr}"
    );
    assert!(stderr.contains("cannot split it yet"), "{stderr}");
}
