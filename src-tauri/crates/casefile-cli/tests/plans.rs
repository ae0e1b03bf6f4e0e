//! `casefile plan sections`, `plan check` and `plan compare` through the real binary, on plans made
//! as real PDF and Word files by LibreOffice (as a council's Word template is exported) and on one
//! typed as text.

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
    convert(dir, "Final EHC plan", PLAN, "pdf")
}

/// `text` made into a real `format` file (pdf or docx) by LibreOffice, as `name.format`.
fn convert(dir: &std::path::Path, name: &str, plan: &str, format: &str) -> std::path::PathBuf {
    let text = dir.join(format!("{name}.txt"));
    std::fs::write(&text, plan).expect("plan");
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            format,
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
    dir.join(format!("{name}.{format}"))
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

/// The PDF plan's provision into the ledger: the specific therapy as it stands (45 minutes, once
/// a week, from the plan's date), the vague one only with what the plan leaves out, and never
/// twice.
#[test]
fn a_plan_pdf_s_provision_goes_into_the_ledger() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let pdf = plan_pdf(files.path());
    casefile(
        home.path(),
        &["import", "--case", "1", pdf.to_str().expect("path")],
    );
    casefile(
        home.path(),
        &[
            "doc",
            "edit",
            "1",
            "--kind",
            "ehcp-final",
            "--date",
            "2026-03-12",
        ],
    );

    let out = casefile(home.path(), &["--json", "plan", "provisions", "1"]);
    assert!(out.status.success());
    let items = json(&out)["provisions"]
        .as_array()
        .expect("provisions")
        .clone();
    let titles: Vec<&str> = items
        .iter()
        .map(|p| p["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Speech and language therapy",
            "Access to a quiet space and regular check-ins…",
            "Social skills group"
        ]
    );
    assert_eq!(items[0]["minutes"], 45);
    assert_eq!(items[0]["per"], "week");
    assert_eq!(items[0]["missing"], serde_json::json!([]));
    assert_eq!(items[0]["draft"]["from"], "2026-03-12");
    assert_eq!(
        items[2]["missing"],
        serde_json::json!(["how long each session lasts", "how often"])
    );
    let text = common::stdout(&casefile(home.path(), &["plan", "provisions", "1"]));
    assert!(
        text.contains(" 1. F  Speech and language therapy: 45 minutes, once a week, term time, by: Qualified speech and language therapist"),
        "{text}"
    );
    assert!(
        text.contains("the plan does not say how long each session lasts or how often"),
        "{text}"
    );

    // The vague social skills group cannot be counted until the family says how much.
    let refused = casefile(home.path(), &["plan", "to-ledger", "1", "3"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(
        said.contains("The plan does not say how long each session lasts or how often for “Social skills group”. Say it with how long each session lasts (--minutes), how often"),
        "{said}"
    );
    let refused = casefile(home.path(), &["plan", "to-ledger", "1", "9"]);
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("choose a number from 1 to 3"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let added = casefile(home.path(), &["--json", "plan", "to-ledger", "1", "1"]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let provision = json(&added);
    assert_eq!(provision["title"], "Speech and language therapy");
    assert_eq!(provision["plan_version"], "Final EHC plan, 12 March 2026");
    assert_eq!(provision["schedules"][0]["minutes"], 45);
    let twice = casefile(home.path(), &["plan", "to-ledger", "1", "1"]);
    assert!(
        String::from_utf8_lossy(&twice.stderr).contains("is in the provision ledger already"),
        "{}",
        String::from_utf8_lossy(&twice.stderr)
    );
    let added = casefile(
        home.path(),
        &[
            "plan",
            "to-ledger",
            "1",
            "3",
            "--minutes",
            "30",
            "--per",
            "week",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let list = common::stdout(&casefile(
        home.path(),
        &["provision", "list", "--case", "1"],
    ));
    assert!(list.contains("Social skills group"), "{list}");
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
    assert!(stderr.contains("say where each section starts"), "{stderr}");
}

/// A draft in a second council's style ("F. …" headings, bullet points), as the council's Word
/// file, and the final as its PDF. Between them the council cut the therapy, made the
/// occupational therapy vague, dropped the social skills group and an outcome, and named another
/// school.
const DRAFT: &str = "Westborough Borough Council\nDRAFT Education, Health and Care Plan\n\n\
A. The views, interests and aspirations of the child\nMia loves swimming.\n\n\
B. Special educational needs\nMia has a severe language disorder.\n\n\
E. Outcomes\nBy July Mia will use sentences of four words.\n\nBy July Mia will play a turn-taking game with a friend.\n\n\
F. Special educational provision\n\
\u{2022} Mia will receive 60 minutes of speech and language therapy each week from an HCPC registered speech and language therapist.\n\
\u{2022} Mia will have 30 minutes of occupational therapy a fortnight from a qualified occupational therapist.\n\
\u{2022} Mia will attend a social skills group of no more than four children, 30 minutes twice a week, led by a teacher.\n\n\
I. Placement\nHillside Primary School (mainstream)\n";

const FINAL: &str = "Westborough Borough Council\nFINAL Education, Health and Care Plan\n\n\
A. The views, interests and aspirations of the child\nMia loves swimming.\n\n\
B. Special educational needs\nMia has a severe language disorder.\n\n\
E. Outcomes\nBy July Mia will use sentences of four words.\n\n\
F. Special educational provision\n\
\u{2022} Mia will receive 30 minutes of speech and language therapy each term from an HCPC registered speech and language therapist.\n\
\u{2022} Mia will have access to occupational therapy as required.\n\n\
I. Placement\nRiverside Academy (mainstream)\n";

/// The Tribunal's order after an appeal: Sections F and I as the plan must now read them, in
/// an annex, as orders set them out.
const ORDER: &str = "FIRST-TIER TRIBUNAL\nHEALTH, EDUCATION AND SOCIAL CARE CHAMBER\nSPECIAL EDUCATIONAL NEEDS AND DISABILITY\n\nORDER\n\
1. The appeal is allowed.\n2. The local authority shall amend Sections F and I of the EHC plan as set out in the annex to this order.\n\n\
ANNEX\n\n\
Section F: Special educational provision\n\
\u{2022} Mia will receive 45 minutes of speech and language therapy each week from an HCPC registered speech and language therapist.\n\
\u{2022} Mia will have 30 minutes of occupational therapy each fortnight from a qualified occupational therapist.\n\n\
Section I: Placement\nWillowbrook Primary School (mainstream)\n";

#[test]
fn the_plan_issued_after_an_order_is_compared_with_the_sections_the_order_sets_out() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Mia Patel"]);
    let plan = convert(files.path(), "Amended EHC plan", FINAL, "pdf");
    let order = convert(files.path(), "Tribunal order", ORDER, "pdf");
    let out = casefile(
        home.path(),
        &[
            "import",
            "--case",
            "1",
            plan.to_str().expect("path"),
            order.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-amended"]);
    casefile(
        home.path(),
        &["doc", "edit", "2", "--kind", "tribunal-paper"],
    );

    // Given plan first, the order is still what the plan is held against.
    let found = json(&casefile(
        home.path(),
        &["--json", "plan", "compare", "1", "2"],
    ));
    assert_eq!(found["against_order"], true);
    assert_eq!(found["old"], 2);
    let letters: Vec<&str> = found["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(letters, ["F", "I"], "A, B and E are not the order's");
    let kinds: Vec<(&str, &str)> = found["concerns"]
        .as_array()
        .expect("concerns")
        .iter()
        .map(|c| {
            (
                c["section"].as_str().expect("s"),
                c["kind"].as_str().expect("k"),
            )
        })
        .collect();
    // 45 minutes weekly became 30 minutes a term; the occupational therapy became "access to"
    // "as required" (less time, and two vague phrases); another school.
    assert!(kinds.contains(&("F", "weakened")), "{kinds:?}");
    assert!(kinds.contains(&("F", "vague")), "{kinds:?}");
    assert!(kinds.contains(&("I", "placement-changed")), "{kinds:?}");

    let text = casefile(home.path(), &["plan", "compare", "2", "1"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("“Amended EHC plan” (document 1) compared with the Tribunal's order “Tribunal order” (document 2): only the sections the order sets out."),
        "{text}"
    );
    assert!(
        text.contains("ordered: “Mia will receive 45 minutes"),
        "{text}"
    );
    assert!(
        text.contains("plan says: “Mia will receive 30 minutes"),
        "{text}"
    );
}

#[test]
fn a_word_draft_and_a_pdf_final_are_compared_and_every_weakening_is_found() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Mia Patel"]);
    let draft = convert(files.path(), "Draft EHC plan", DRAFT, "docx");
    let fin = convert(files.path(), "Final EHC plan", FINAL, "pdf");
    for file in [&draft, &fin] {
        let out = casefile(
            home.path(),
            &["import", "--case", "1", file.to_str().expect("path")],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-draft"]);
    casefile(home.path(), &["doc", "edit", "2", "--kind", "ehcp-final"]);

    // The Word draft is read into its sections like the PDF.
    let sections = json(&casefile(home.path(), &["--json", "plan", "sections", "1"]));
    let letters: Vec<&str> = sections["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(letters, ["A", "B", "E", "F", "I"]);

    let out = casefile(home.path(), &["--json", "plan", "compare", "1", "2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = json(&out);
    let concerns: Vec<(String, String)> = found["concerns"]
        .as_array()
        .expect("concerns")
        .iter()
        .map(|c| {
            (
                c["section"].as_str().expect("section").to_owned(),
                c["kind"].as_str().expect("kind").to_owned(),
            )
        })
        .collect();
    let expect = |s: &str, k: &str| (s.to_owned(), k.to_owned());
    assert_eq!(
        concerns,
        [
            expect("E", "removed"),
            // Speech and language therapy: 60 minutes a week became 30 minutes a term (30 ÷ 13
            // weeks ≈ 2.3 minutes a week).
            expect("F", "weakened"),
            // Occupational therapy: its 30 minutes a fortnight and its qualified therapist gone,
            // and "access to" and "as required" brought in.
            expect("F", "weakened"),
            expect("F", "vague"),
            expect("F", "vague"),
            // The social skills group is nowhere in the final.
            expect("F", "removed"),
            expect("I", "placement-changed"),
        ]
    );
    let why: Vec<&str> = found["concerns"]
        .as_array()
        .expect("concerns")
        .iter()
        .map(|c| c["why"].as_str().expect("why"))
        .collect();
    assert!(
        why[1].starts_with(
            "Less time: it was “60 minutes” “each week”; it is now “30 minutes” “each term”."
        ),
        "{}",
        why[1]
    );
    assert!(
        why[2].starts_with(
            "It no longer says for how long or how often: it said “30 minutes” “a fortnight”."
        ),
        "{}",
        why[2]
    );
    assert!(why[2].contains("“qualified”"), "{}", why[2]);
    assert_eq!(
        why[6],
        "The school named is different: “Hillside Primary School” became “Riverside Academy”."
    );
    let f = found["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["letter"] == "F")
        .expect("F")
        .clone();
    let kinds: Vec<&str> = f["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["changed", "changed", "removed"]);
    // A and B say the same in both.
    let same: Vec<&str> = found["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter(|s| s["changes"].as_array().is_some_and(Vec::is_empty))
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(same, ["A", "B"]);

    let text = common::stdout(&casefile(home.path(), &["plan", "compare", "1", "2"]));
    assert!(text.contains("To raise (7):"), "{text}");
    assert!(text.contains("F   weakened"), "{text}");
    assert!(
        text.contains("A   The views, interests and aspirations of the child: the same"),
        "{text}"
    );

    // One family's plan is never compared with another's.
    casefile(home.path(), &["case", "new", "--name", "Ava Jones"]);
    casefile(
        home.path(),
        &["import", "--case", "2", fin.to_str().expect("path")],
    );
    casefile(home.path(), &["doc", "edit", "3", "--kind", "ehcp-final"]);
    let refused = casefile(home.path(), &["plan", "compare", "1", "3"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("belong to different cases"), "{stderr}");
    let same = casefile(home.path(), &["plan", "compare", "2", "2"]);
    assert!(
        String::from_utf8_lossy(&same.stderr).contains("two different versions"),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );

    // The comparison as a PDF for the bundle, kept with the case, and a letter to the council.
    let pdf = files.path().join("Changes.pdf");
    let letter = files.path().join("Letter.txt");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "plan",
            "compare",
            "1",
            "2",
            "--pdf",
            pdf.to_str().expect("path"),
            "--keep",
            "--letter",
            letter.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = json(&out);
    assert_eq!(written["kept"], 4);
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let read = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext");
    let read = String::from_utf8_lossy(&read.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Mia Patel: changes between two versions of the EHC plan",
        "What to raise (7)",
        "1. Section E, removed:",
        "Section F, weakened: Less time: it was “60 minutes” “each week”; it is now “30 minutes” “each term”.",
        "Section I, school changed:",
        "Section A The views, interests and aspirations of the child: the same.",
        "Section F Special educational provision: 3 changes.",
    ] {
        assert!(read.contains(said), "{said} in {read}");
    }
    let docs = common::stdout(&casefile(home.path(), &["doc", "list", "--case", "1"]));
    assert!(
        docs.contains("Changes from “Draft EHC plan” to “Final EHC plan”"),
        "{docs}"
    );
    let letter = std::fs::read_to_string(&letter).expect("letter");
    assert!(letter.contains("Dear Sir or Madam,"), "{letter}");
    assert!(
        letter.contains("changes Mia Patel’s plan in 7 ways"),
        "{letter}"
    );
    assert!(
        letter.contains("7. Section I: The school named is different"),
        "{letter}"
    );
    assert!(letter.contains("para. 9.69"), "{letter}");
}

/// The working document from the PDF plan, through the real program: the parent's proposal
/// with its evidence, the council's reply, a paragraph agreed, saved as Word and read back two
/// ways (its XML, and its text as LibreOffice converts it).
#[test]
fn a_working_document_is_written_as_word_with_the_key_and_its_footnotes() {
    use std::io::Read;
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let pdf = plan_pdf(files.path());
    casefile(
        home.path(),
        &["import", "--case", "1", pdf.to_str().expect("path")],
    );
    casefile(
        home.path(),
        &[
            "doc",
            "edit",
            "1",
            "--kind",
            "ehcp-final",
            "--date",
            "2026-03-12",
        ],
    );
    let report = files.path().join("SaLT report.txt");
    std::fs::write(&report, "Sam needs 45 minutes of therapy a week.").expect("report");
    casefile(
        home.path(),
        &["import", "--case", "1", report.to_str().expect("path")],
    );

    let started = json(&casefile(
        home.path(),
        &[
            "--json",
            "plan",
            "working-document",
            "--case",
            "1",
            "--plan",
            "1",
            "--sections",
            "B,F,I",
        ],
    ));
    let letters: Vec<&str> = started["draft"]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(letters, ["B", "F", "I"]);
    assert_eq!(started["page_limit"], 25);

    let out = casefile(
        home.path(),
        &[
            "plan",
            "propose",
            "--plan",
            "1",
            "--section",
            "F",
            "--paragraph",
            "2",
            "--by",
            "parent",
            "--wording",
            "A quiet space and a check-in with a named teaching assistant twice a day.",
            "--evidence",
            "Jones, SaLT, 03/02/2026, p.1, para. 2",
            "--evidence-doc",
            "2",
            "--evidence-page",
            "1",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = common::stdout(&out);
    assert!(
        text.contains("F2  [-P Access to a] [+P A] quiet space and [-P regular check-ins] [+P a check-in] with a [-P key adult as required.] [+P named teaching assistant twice a day.]^1"),
        "{text}"
    );
    let out = casefile(
        home.path(),
        &[
            "plan",
            "propose",
            "--plan",
            "1",
            "--section",
            "F",
            "--paragraph",
            "2",
            "--by",
            "council",
            "--wording",
            "A quiet space and a check-in with a named teaching assistant once a day.",
        ],
    );
    assert!(
        common::stdout(&out).contains("[-C twice] [+C once]"),
        "{}",
        common::stdout(&out)
    );
    let out = casefile(
        home.path(),
        &[
            "plan",
            "agree",
            "--plan",
            "1",
            "--section",
            "F",
            "--paragraph",
            "2",
        ],
    );
    assert!(
        common::stdout(&out).contains("[=A A] quiet space"),
        "{}",
        common::stdout(&out)
    );
    // A paragraph that is not there, and another case's document as evidence, are refused.
    let refused = casefile(
        home.path(),
        &[
            "plan",
            "propose",
            "--plan",
            "1",
            "--section",
            "F",
            "--paragraph",
            "7",
            "--by",
            "parent",
            "--wording",
            "x",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Section F has 3 paragraphs"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let docx = files.path().join("Working document.docx");
    let saved = json(&casefile(
        home.path(),
        &[
            "--json",
            "plan",
            "working-document",
            "--case",
            "1",
            "--plan",
            "1",
            "--out",
            docx.to_str().expect("path"),
        ],
    ));
    assert_eq!(saved["version"], 1);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).expect("docx")).expect("zip");
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .expect(name)
            .read_to_string(&mut text)
            .expect("xml");
        text
    };
    let styles = read("word/styles.xml");
    for id in [
        "ParentAddition",
        "ParentDeletion",
        "CouncilAddition",
        "CouncilDeletion",
        "Agreed",
        "AgreedDeletion",
    ] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
    }
    let body = read("word/document.xml");
    assert!(
        body.contains("<w:footnoteReference")
            && !body.contains("<w:ins ")
            && !body.contains("<w:del "),
        "{body}"
    );
    assert!(read("word/footnotes.xml").contains("Jones, SaLT, 03/02/2026, p.1, para. 2"));

    // LibreOffice reads it as Word would and prints it: every paragraph and the footnote are on
    // the page.
    let converted = Command::new("soffice")
        .args([
            &format!(
                "-env:UserInstallation=file://{}/lo-profile",
                files.path().display()
            ),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            files.path().to_str().expect("path"),
            docx.to_str().expect("path"),
        ])
        .output()
        .expect("soffice");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let printed = files.path().join("Working document.pdf");
    let words = Command::new("pdftotext")
        .arg(&printed)
        .arg("-")
        .output()
        .expect("pdftotext");
    let words = String::from_utf8_lossy(&words.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Working document: Sam Taylor’s EHC plan",
        "Version 1",
        "Section F: Special educational provision",
        "F1 Sam will have 45 minutes of speech and language therapy each week",
        "I1 Willowbrook Primary School",
        "1 Jones, SaLT, 03/02/2026, p.1, para. 2",
        "Signed for the parent",
        "Signed for the council",
    ] {
        assert!(words.contains(said), "{said} in {words}");
    }

    // Saved again unchanged: the same version.
    let again = json(&casefile(
        home.path(),
        &[
            "--json",
            "plan",
            "working-document",
            "--case",
            "1",
            "--plan",
            "1",
            "--out",
            docx.to_str().expect("path"),
        ],
    ));
    assert_eq!(again["version"], 1);

    // The print for the hearing: the same version as a PDF, in the key, with places for both
    // parties to sign at the foot of every page.
    let print = files.path().join("Working document for the hearing.pdf");
    let printed = json(&casefile(
        home.path(),
        &[
            "--json",
            "plan",
            "working-document",
            "--case",
            "1",
            "--plan",
            "1",
            "--out",
            print.to_str().expect("path"),
        ],
    ));
    assert_eq!(printed["version"], 1);
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&print)
        .output()
        .expect("qpdf");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = Command::new("pdftotext")
        .arg(&print)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(Some(pages.len() as u64), printed["pages"].as_u64());
    for page in &pages {
        assert!(
            page.contains("Signed for the parent") && page.contains("Signed for the council"),
            "{page}"
        );
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for said in [
        "Working document: Sam Taylor’s EHC plan",
        "Version 1",
        "F1 Sam will have 45 minutes of speech and language therapy each week",
        "I1 Willowbrook Primary School",
        "1 Jones, SaLT, 03/02/2026, p.1, para. 2",
    ] {
        assert!(words.contains(said), "{said} in {words}");
    }
    let fonts = Command::new("pdffonts")
        .arg(&print)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.contains("AtkinsonHyperlegible-Bold"),
        "the parent's words in bold: {fonts}"
    );

    // The council's reply, through a Word processor Casefile did not write: LibreOffice opens
    // the version sent and saves it again as .docx (its own style names, its own XML). Read
    // against version 1, nothing has changed.
    let council = files.path().join("council");
    std::fs::create_dir_all(&council).expect("dir");
    let resaved = Command::new("soffice")
        .args([
            &format!(
                "-env:UserInstallation=file://{}/lo-profile",
                files.path().display()
            ),
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            council.to_str().expect("path"),
            docx.to_str().expect("path"),
        ])
        .output()
        .expect("soffice");
    assert!(
        resaved.status.success(),
        "{}",
        String::from_utf8_lossy(&resaved.stderr)
    );
    let copy = council.join("Working document.docx");
    let reply = |file: &std::path::Path, take: bool| {
        let file = file.to_str().expect("path");
        let mut args = vec!["--json", "plan", "council-reply", "--plan", "1", file];
        if take {
            args.push("--take");
        }
        json(&casefile(home.path(), &args))
    };
    let unchanged = reply(&copy, false);
    assert_eq!(
        unchanged["paragraphs"].as_array().map(Vec::len),
        Some(0),
        "{unchanged}"
    );
    assert_eq!(unchanged["against_version"], 1);

    // The council names another school in I1, in plain type, as if it were the plan's words.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&copy).expect("copy")).expect("zip");
    let edited = council.join("Working document - council.docx");
    {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(std::fs::File::create(&edited).expect("create"));
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("entry");
            let name = file.name().expect("name").into_owned();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            if name == "word/document.xml" {
                let xml = String::from_utf8(bytes).expect("utf-8");
                assert!(xml.contains("Willowbrook Primary School"), "{xml}");
                bytes = xml
                    .replace("Willowbrook Primary School", "Oakfield Academy")
                    .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            out.write_all(&bytes).expect("write");
        }
        out.finish().expect("zip");
    }
    let read = reply(&edited, false);
    assert_eq!(read["unmarked"], 2, "{read}");
    let said: Vec<&str> = read["paragraphs"][0]["unmarked"]
        .as_array()
        .expect("unmarked")
        .iter()
        .map(|u| u["said"].as_str().expect("said"))
        .collect();
    assert_eq!(
        said,
        [
            "“Willowbrook Primary School” (the plan's own words) was taken out instead of being struck through in the council's italic.",
            "“Oakfield Academy” was added as if it were the plan's own words, not in the council's italic.",
        ]
    );
    let text = casefile(
        home.path(),
        &[
            "plan",
            "council-reply",
            "--plan",
            "1",
            edited.to_str().expect("path"),
        ],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("I1: now reads “Oakfield Academy”"), "{text}");
    assert!(text.contains("NOT MARKED:"), "{text}");

    let taken = reply(&edited, true);
    assert_eq!(taken["version"], 2, "{taken}");
    assert_eq!(taken["taken"], 1);
    let docs =
        String::from_utf8_lossy(&casefile(home.path(), &["doc", "list", "--case", "1"]).stdout)
            .into_owned();
    assert!(
        docs.contains("Working document - council"),
        "the copy is kept: {docs}"
    );
}

/// A plan that arrives as a scan: the PDF plan printed to a greyscale picture at 150 dots an
/// inch (as a scanner or a phone makes it), imported, read by the OCR built into Casefile, and
/// then read into its sections and checked like the PDF.
#[test]
fn a_scanned_plan_is_read_by_ocr_into_its_sections_and_checked() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let pdf = plan_pdf(files.path());
    let page = files.path().join("Scanned plan");
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&page)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let scan = files.path().join("Scanned plan.png");
    let out = casefile(
        home.path(),
        &["import", "--case", "1", scan.to_str().expect("path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        common::stdout(&out).contains("characters of text (OCR)"),
        "{}",
        common::stdout(&out)
    );
    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-final"]);

    let sections = json(&casefile(home.path(), &["--json", "plan", "sections", "1"]));
    let letters: Vec<&str> = sections["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(letters, ["A", "B", "F", "I"]);
    let found = json(&casefile(home.path(), &["--json", "plan", "check", "1"]));
    let vague: Vec<String> = found["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "vague")
        .map(|f| f["phrase"].as_str().expect("phrase").to_lowercase())
        .collect();
    for phrase in ["access to", "as required", "small group"] {
        assert!(vague.iter().any(|v| v == phrase), "{phrase} in {vague:?}");
    }
    let provisions = json(&casefile(
        home.path(),
        &["--json", "plan", "provisions", "1"],
    ));
    assert_eq!(provisions["provisions"][0]["minutes"], 45);
    assert_eq!(provisions["provisions"][0]["per"], "week");
}

/// A council's Word template whose headings name no letters ("About me", "Help I will get"):
/// refused as found, with how to say where the sections start; split where the family says,
/// through the real program; then checked.
#[test]
fn a_word_plan_without_lettered_headings_is_split_where_the_family_says() {
    let home = tempfile::tempdir().expect("dir");
    let files = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Sam Taylor"]);
    let plan = convert(
        files.path(),
        "Eastshire plan",
        "Eastshire Council\nMy EHC plan\n\nAbout me\nI like trains and drawing.\n\nWhat I find hard\nSpeech sounds are hard for me.\n\nHelp I will get\nAccess to speech and language therapy as required.\n\nMy school\nWillowbrook Primary School\n",
        "docx",
    );
    casefile(
        home.path(),
        &["import", "--case", "1", plan.to_str().expect("path")],
    );
    casefile(home.path(), &["doc", "edit", "1", "--kind", "ehcp-final"]);
    let refused = casefile(home.path(), &["plan", "sections", "1"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("casefile plan lines 1 and plan set-sections 1"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let offered = json(&casefile(home.path(), &["--json", "plan", "lines", "1"]));
    let at = |words: &str| {
        offered["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .find(|l| l["text"] == words)
            .unwrap_or_else(|| panic!("{words} in {offered}"))["index"]
            .as_u64()
            .expect("index")
    };
    let starts = [
        format!("A={}", at("About me")),
        format!("B={}", at("What I find hard")),
        format!("F={}", at("Help I will get")),
        format!("I={}", at("My school")),
    ];
    let mut args = vec!["--json", "plan", "set-sections", "1"];
    args.extend(starts.iter().map(String::as_str));
    let split = json(&casefile(home.path(), &args));
    let letters: Vec<&str> = split["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["letter"].as_str().expect("letter"))
        .collect();
    assert_eq!(letters, ["A", "B", "F", "I"]);
    let found = json(&casefile(home.path(), &["--json", "plan", "check", "1"]));
    assert_eq!(found["findings"][0]["phrase"], "Access to");
    let listed = common::stdout(&casefile(home.path(), &["plan", "lines", "1"]));
    assert!(listed.contains("Help I will get  ← Section F"), "{listed}");
    let wrong = casefile(
        home.path(),
        &["plan", "set-sections", "1", "F=0", "nonsense"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("is not LETTER=LINE"));
}
