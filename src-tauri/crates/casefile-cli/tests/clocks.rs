//! The calendar and statutory clock commands through the real binary.

mod common;

use std::process::Command;

use common::{casefile, json};

#[test]
fn bank_holidays_prints_one_iso_date_per_line() {
    let home = tempfile::tempdir().expect("dir");
    let out = casefile(home.path(), &["calendar", "bank-holidays", "2022", "2022"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "2022-01-03",
            "2022-04-15",
            "2022-04-18",
            "2022-05-02",
            "2022-06-02",
            "2022-06-03",
            "2022-08-29",
            "2022-09-19",
            "2022-12-26",
            "2022-12-27"
        ]
    );
    let scotland = json(&casefile(
        home.path(),
        &[
            "--json",
            "calendar",
            "bank-holidays",
            "2026",
            "2026",
            "--region",
            "scotland",
        ],
    ));
    assert!(
        scotland["bank_holidays"]
            .as_array()
            .expect("array")
            .iter()
            .any(|h| h["date"] == "2026-11-30")
    );
    assert_eq!(
        casefile(home.path(), &["calendar", "bank-holidays", "2027", "2026"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        casefile(home.path(), &["calendar", "bank-holidays", "2026"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn add_working_days_skips_christmas_and_the_boxing_day_substitute() {
    let home = tempfile::tempdir().expect("dir");
    let out = casefile(
        home.path(),
        &["calendar", "add-working-days", "2026-12-24", "1"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2026-12-29");
    let foi = json(&casefile(
        home.path(),
        &[
            "--json",
            "calendar",
            "add-working-days",
            "2026-11-16",
            "20",
            "--calendar",
            "any-uk-region",
        ],
    ));
    assert_eq!(foi["date"], "2026-12-15");
    let bad = casefile(
        home.path(),
        &["calendar", "add-working-days", "2026-02-30", "3"],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a real date"));
}

#[test]
fn a_clock_started_from_the_cli_lists_its_deadlines_with_rule_and_source() {
    let home = tempfile::tempdir().expect("dir");
    casefile(
        home.path(),
        &["case", "new", "--name", "Ava", "--dob", "2016-05-01"],
    );
    let clock = json(&casefile(
        home.path(),
        &[
            "--json",
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "ehc-needs-assessment",
            "--date",
            "2026-01-12",
        ],
    ));
    assert_eq!(clock["process"], "ehc-needs-assessment");

    let list = json(&casefile(
        home.path(),
        &["--json", "deadlines", "--case", "1", "--on", "2026-03-01"],
    ));
    let deadlines = list["deadlines"].as_array().expect("array");
    let first = &deadlines[0]["deadline"];
    assert_eq!(first["step"], "decide-to-assess");
    assert_eq!(first["due"], "2026-02-23");
    assert_eq!(first["status"], "overdue");
    assert_eq!(first["breach"], true);
    assert!(
        first["source"]
            .as_str()
            .expect("source")
            .contains("reg 5(1)")
    );
    let final_plan = deadlines
        .iter()
        .find(|d| d["deadline"]["step"] == "final-plan")
        .expect("final plan");
    assert_eq!(final_plan["deadline"]["due"], "2026-06-01");
    assert_eq!(final_plan["deadline"]["status"], "upcoming");

    let recorded = casefile(
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
        ],
    );
    assert_eq!(recorded.status.code(), Some(0));
    let step = json(&recorded)["deadlines"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["step"] == "decide-to-assess")
        .cloned()
        .expect("step");
    assert_eq!(step["status"], "met-late");

    let text = String::from_utf8(
        casefile(
            home.path(),
            &["deadlines", "--case", "1", "--on", "2026-06-02"],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(text.contains("Mon 1 Jun 2026"), "{text}");
    assert!(text.contains("[BREACH]"), "{text}");
}

/// CFA 2014 s.51(2)(a): the council refused to assess by a letter dated Fri 20 Feb 2026 (its
/// decision was due Mon 23 Feb 2026, 6 weeks from the request of Mon 12 Jan). The plan steps no
/// longer apply, nothing is a breach, and the appeal clock the deadlines name, started from that
/// letter, is due 2 months later: Mon 20 Apr 2026 (HESC r.20(1)(c); a working day).
#[test]
fn a_refusal_recorded_from_the_cli_ends_the_plan_steps_and_names_the_appeal_clock() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let start = |process: &str, date: &str| {
        casefile(
            home.path(),
            &[
                "clock",
                "start",
                "--case",
                "1",
                "--process",
                process,
                "--date",
                date,
            ],
        )
    };
    assert!(start("ehc-needs-assessment", "2026-01-12").status.success());
    let record = |step: &str, outcome: &str| {
        let mut args = vec![
            "clock",
            "record",
            "--clock",
            "1",
            "--step",
            step,
            "--outcome",
            outcome,
        ];
        if outcome == "refused" {
            args.extend(["--date", "2026-02-20"]);
        }
        casefile(home.path(), &args)
    };
    let wrong = record("advice-returned", "refused");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("is not a decision the council can refuse"),
        "{wrong:?}"
    );
    assert!(record("decide-to-assess", "refused").status.success());

    let list = json(&casefile(
        home.path(),
        &["--json", "deadlines", "--case", "1", "--on", "2026-07-01"],
    ));
    let deadlines: Vec<&serde_json::Value> = list["deadlines"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| &d["deadline"])
        .collect();
    let step = |key: &str| *deadlines.iter().find(|d| d["step"] == key).expect(key);
    assert_eq!(step("decide-to-assess")["refused_on"], "2026-02-20");
    assert_eq!(step("decide-to-assess")["status"], "met");
    assert_eq!(step("final-plan")["status"], "not-applicable");
    assert!(deadlines.iter().all(|d| d["breach"] == false));

    let text = String::from_utf8(
        casefile(
            home.path(),
            &["deadlines", "--case", "1", "--on", "2026-07-01"],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(
        text.contains(
            "The council refused to carry out an EHC needs assessment on Fri 20 Feb 2026"
        ),
        "{text}"
    );
    assert!(
        text.contains("casefile clock start --case 1 --process appeal --date 2026-02-20"),
        "{text}"
    );
    assert!(start("appeal", "2026-02-20").status.success());
    let appeal = json(&casefile(home.path(), &["--json", "clock", "show", "2"]));
    let due = appeal["deadlines"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["step"] == "appeal-deadline")
        .expect("appeal")["due"]
        .clone();
    assert_eq!(due, "2026-04-20");

    // Undone, the decision is simply overdue again and the plan steps count down as before.
    assert!(record("decide-to-assess", "open").status.success());
    let list = json(&casefile(
        home.path(),
        &["--json", "deadlines", "--case", "1", "--on", "2026-07-01"],
    ));
    let first = &list["deadlines"][0]["deadline"];
    assert_eq!(first["step"], "decide-to-assess");
    assert_eq!(first["status"], "overdue");
    assert_eq!(first["refused_on"], serde_json::Value::Null);
}

#[test]
fn bad_clock_input_exits_1_with_a_clear_message() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let unknown = casefile(
        home.path(),
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "nap",
            "--date",
            "2026-01-01",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("annual-review"));
    let impossible = casefile(
        home.path(),
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "appeal",
            "--date",
            "2026-02-30",
        ],
    );
    assert_eq!(impossible.status.code(), Some(1));
    let far = casefile(
        home.path(),
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "appeal",
            "--date",
            "2099-01-01",
        ],
    );
    assert_eq!(far.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&far.stderr).contains("years from now"));
    let list = json(&casefile(
        home.path(),
        &["--json", "deadlines", "--case", "1"],
    ));
    assert_eq!(list["deadlines"].as_array().expect("array").len(), 0);
}

#[test]
fn processes_lists_every_process_with_its_steps_as_json() {
    let home = tempfile::tempdir().expect("dir");
    let out = json(&casefile(home.path(), &["--json", "clock", "processes"]));
    let processes = out["processes"].as_array().expect("array");
    assert!(processes.len() >= 15);
    let appeal = processes
        .iter()
        .find(|p| p["key"] == "appeal")
        .expect("appeal");
    assert!(
        appeal["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s["unconfirmed"] == true)
    );
}

#[test]
fn deadlines_can_be_written_to_a_calendar_file() {
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
            "annual-review",
            "--date",
            "2026-11-01",
        ],
    );
    let file = home.path().join("ava.ics");
    let out = casefile(
        home.path(),
        &[
            "deadlines",
            "--case",
            "1",
            "--ics",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Invitations, advice, report, decision, amendments with the decision, comments, final
    // amended plan and the next review.
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote 8 dated deadlines"));
    let ics = std::fs::read_to_string(&file).expect("ics written");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 8);
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20261129"),
        "council decision 4 weeks after 1 Nov"
    );

    let missing_folder = home.path().join("no/such/folder.ics");
    let bad = casefile(
        home.path(),
        &[
            "deadlines",
            "--case",
            "1",
            "--ics",
            missing_folder.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("the folder does not exist"));
}

#[test]
fn a_chasing_letter_is_drafted_for_a_council_breach_only() {
    let home = tempfile::tempdir().expect("dir");
    casefile(
        home.path(),
        &["case", "new", "--name", "Ava", "--la", "Leeds City Council"],
    );
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
            "2025-01-06",
        ],
    );
    let out = casefile(
        home.path(),
        &["clock", "letter", "--clock", "1", "--step", "final-plan"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Leeds City Council"), "{text}");
    assert!(text.contains("SEND Regs 2014 reg 13(2)"), "{text}");
    assert!(text.contains("this was due by 26 May 2025"), "{text}");

    let file = home.path().join("letter.txt");
    let saved = casefile(
        home.path(),
        &[
            "clock",
            "letter",
            "--clock",
            "1",
            "--step",
            "final-plan",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    assert_eq!(saved.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&file)
            .expect("letter file")
            .starts_with("[Your name]")
    );

    let own = casefile(
        home.path(),
        &[
            "clock",
            "letter",
            "--clock",
            "1",
            "--step",
            "draft-comments",
        ],
    );
    assert_eq!(own.status.code(), Some(1));
}

#[test]
fn a_chasing_letter_can_be_written_as_a_pdf() {
    let home = tempfile::tempdir().expect("dir");
    casefile(
        home.path(),
        &[
            "case",
            "new",
            "--name",
            "Zoë O'Brien-Ćwikła",
            "--la",
            "Leeds City Council",
        ],
    );
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
            "2025-01-06",
        ],
    );
    let pdf = home.path().join("letter.pdf");
    let out = casefile(
        home.path(),
        &[
            "clock",
            "letter",
            "--clock",
            "1",
            "--step",
            "final-plan",
            "--pdf",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote a 1-page PDF"));
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf (scripts/install-deps.sh --tests installs it)");
    assert!(check.status.success(), "qpdf --check");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("SEND Regs 2014 reg 13(2)"), "{text}");
    assert!(text.contains("Zoë O'Brien-Ćwikła"), "{text}");
}

#[test]
fn an_exception_the_council_claims_is_checked_step_by_step_and_keeps_the_statutory_date() {
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
    // The council blames the summer closure (Wed 22 Jul to Thu 3 Sep 2026) for both the
    // professionals' advice and the final plan (due Mon 1 Jun 2026, 20 weeks after Mon
    // 12 Jan). But it asked the school for advice on 16 Feb 2026, outside the closure's window
    // (22 Jul − 7 = 15 Jul to 3 Sep − 7 = 27 Aug 2026), and reg 8(2) names no closure at all.
    let out = casefile(
        home.path(),
        &[
            "--json",
            "clock",
            "exception",
            "--clock",
            "1",
            "--kind",
            "school-closure",
            "--step",
            "final-plan",
            "--step",
            "advice-returned",
            "--from",
            "2026-07-22",
            "--to",
            "2026-09-03",
            "--advice-requested",
            "2026-02-16",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let clock = json(&out);
    let step = |key: &str| {
        clock["deadlines"]
            .as_array()
            .expect("array")
            .iter()
            .find(|d| d["step"] == key)
            .cloned()
            .expect("step")
    };
    let final_plan = step("final-plan");
    assert_eq!(final_plan["due"], "2026-06-01");
    assert_eq!(final_plan["exceptions"][0]["verdict"], "does-not-apply");
    assert!(
        final_plan["exceptions"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("outside the window")
    );
    // reg 8(2) names no closure at all.
    let advice = step("advice-returned");
    assert!(
        advice["exceptions"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("reg 8(2)")
    );

    // The family's absence, Sat 4 Apr to Sat 9 May 2026 (5 weeks), claimed for the plan, does
    // excuse it: on 10 Jun the step is "exception claimed", not a breach, and still dated.
    casefile(
        home.path(),
        &[
            "clock",
            "exception",
            "--clock",
            "1",
            "--kind",
            "absent-from-area",
            "--step",
            "final-plan",
            "--from",
            "2026-04-04",
            "--to",
            "2026-05-09",
        ],
    );
    let text = String::from_utf8(
        casefile(
            home.path(),
            &["deadlines", "--case", "1", "--on", "2026-06-10"],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(text.contains("Mon 1 Jun 2026"), "{text}");
    assert!(text.contains("9 days past; exception claimed"), "{text}");
    assert!(
        text.contains("the council must still act as soon as practicable"),
        "{text}"
    );

    // Without a step the command refuses, saying what to add.
    let refused = casefile(
        home.path(),
        &[
            "clock",
            "exception",
            "--clock",
            "1",
            "--kind",
            "absent-from-area",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
}
