//! `casefile bundle` through the real binary: a bundle of the case's own
//! documents with no saved plan, a saved plan edited and rebuilt with page references kept,
//! and refusals that leave no file behind.

mod common;

use std::process::Command;

use common::{casefile, json, stdout};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (scripts/install-deps.sh --tests installs it): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A case with a letter (text), a two-page letter PDF made by `clock letter --pdf`, and a call
/// logged in the correspondence log.
fn case_with_documents(home: &std::path::Path) {
    casefile(
        home,
        &[
            "case",
            "new",
            "--name",
            "Ava Example",
            "--la",
            "Northshire",
            "--tribunal-ref",
            "EH000/26/00002",
        ],
    );
    let letter = home.join("Letter to council.txt");
    std::fs::write(&letter, "Dear council,\n\nThe speech and language therapy in Section F has not been delivered since October.\n").expect("letter");
    let report_txt = home.join("Therapist report.txt");
    std::fs::write(
        &report_txt,
        "Speech and language therapy report.\n\nAva needs weekly direct therapy.\n".repeat(3),
    )
    .expect("report");
    let out = casefile(
        home,
        &[
            "import",
            "--case",
            "1",
            letter.to_str().expect("path"),
            report_txt.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let out = casefile(
        home,
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-10-14",
            "--channel",
            "phone",
            "--direction",
            "out",
            "--party",
            "SENCo",
            "--summary",
            "SENCo confirmed no therapy since the start of term.",
        ],
    );
    assert!(out.status.success(), "{out:?}");
}

/// Found by a usability test: the chronology said "Due: Council tells you whether it will
/// assess", "Phone call sent", "(Note written 2026-12-01 20:11.)" and left out the request the
/// assessment clock counts from. A judge reads it: third person, sentences, and the start.
#[test]
fn the_chronology_and_log_speak_of_the_parent_and_show_what_started_each_clock() {
    let home = tempfile::tempdir().expect("dir");
    case_with_documents(home.path());
    let out = casefile(
        home.path(),
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "ehc-needs-assessment",
            "--date",
            "2026-10-12",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let out = casefile(
        home.path(),
        &[
            "log",
            "add",
            "--case",
            "1",
            "--date",
            "2026-10-20",
            "--channel",
            "letter",
            "--direction",
            "in",
            "--party",
            "Northshire Council",
            "--subject",
            "Your request for an assessment",
            "--summary",
            "Acknowledged the request.",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let pdf = home.path().join("bundle.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            pdf.to_str().expect("path"),
            "--date",
            "2026-11-25",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = tool("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // What started the clock, on its own date.
    assert!(
        words.contains("The council received the request (EHC needs assessment request)"),
        "{words}"
    );
    // 6 weeks from Mon 12 Oct 2026 is Mon 23 Nov 2026, overdue on 25 Nov.
    assert!(
        words.contains("Due: Council tells the parent whether it will assess"),
        "{words}"
    );
    assert!(words.contains("Phone call to SENCo"), "{words}");
    assert!(words.contains("Letter from Northshire Council"), "{words}");
    assert!(!words.contains("tells you"), "{words}");
    assert!(!words.contains("Phone call sent"), "{words}");
    assert!(!words.contains("Note written"), "{words}");
}

#[test]
fn with_no_saved_plan_every_document_is_bundled_in_date_order() {
    let home = tempfile::tempdir().expect("dir");
    case_with_documents(home.path());
    let pdf = home.path().join("bundle.pdf");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            pdf.to_str().expect("path"),
            "--date",
            "2026-11-25",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let pages = report["build"]["pages"].as_u64().expect("pages");
    let info = tool("pdfinfo", &[pdf.to_str().expect("path")]);
    assert!(
        info.contains(&format!("Pages:           {pages}")),
        "{info}"
    );
    tool("qpdf", &["--check", pdf.to_str().expect("path")]);
    let text = tool("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    // Cover, index, the chronology, both documents and the correspondence log with the call.
    assert!(text.contains("Evidence bundle for the appeal"));
    assert!(text.contains("EH000/26/00002"));
    assert!(text.contains("Chronology: Ava Example"));
    assert!(text.contains("has not been delivered since October"));
    assert!(text.contains("Ava needs weekly direct therapy"));
    assert!(text.contains("SENCo confirmed no therapy since the start of term."));
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    // The index shows the stored files' fingerprints.
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    for doc in docs["documents"].as_array().expect("docs") {
        assert!(
            text.contains(doc["sha256"].as_str().expect("sha")),
            "index shows {}",
            doc["title"]
        );
    }

    // The same command again gives the same bytes.
    let again = home.path().join("again.pdf");
    casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            again.to_str().expect("path"),
            "--date",
            "2026-11-25",
        ],
    );
    assert_eq!(
        std::fs::read(&pdf).expect("first"),
        std::fs::read(&again).expect("second")
    );
}

#[test]
fn a_saved_plan_is_edited_and_rebuilt_keeping_page_references() {
    let home = tempfile::tempdir().expect("dir");
    case_with_documents(home.path());
    let created = json(&casefile(
        home.path(),
        &[
            "--json", "bundle", "new", "--case", "1", "--kind", "hearing",
        ],
    ));
    let bundle = created["bundle"]["id"].as_i64().expect("id").to_string();
    let shown = stdout(&casefile(home.path(), &["bundle", "show", &bundle]));
    assert!(
        shown.contains("B  EHC plan and appendices [section 2] (limit 150 pages"),
        "{shown}"
    );
    assert!(shown.contains("D  Parent's evidence"), "{shown}");

    // The family adds a section of its own and renames another.
    let added = json(&casefile(
        home.path(),
        &[
            "--json",
            "bundle",
            "section-add",
            "--bundle",
            &bundle,
            "--letter",
            "F",
            "--title",
            "Private therapy reports",
            "--limit",
            "30",
        ],
    ));
    assert_eq!(added["bundle"]["sections"][5]["letter"], "F");
    let renamed = casefile(
        home.path(),
        &[
            "bundle",
            "section-edit",
            "5",
            "--title",
            "Council's evidence",
        ],
    );
    assert!(
        stdout(&renamed).contains("E  Council's evidence"),
        "{}",
        stdout(&renamed)
    );

    let v1 = home.path().join("v1.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--bundle",
            &bundle,
            "--out",
            v1.to_str().expect("path"),
            "--date",
            "2026-11-25",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("version 1"));

    // A late document, added to section D, keeps everyone else's page numbers with --keep-references.
    let late = home.path().join("Late email.txt");
    std::fs::write(&late, "The council replied late.").expect("late");
    let imported = json(&casefile(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            late.to_str().expect("path"),
        ],
    ));
    let doc = imported["results"][0]["result"]["document"]["id"]
        .as_i64()
        .expect("doc")
        .to_string();
    // Already in the plan? New documents are not added by themselves.
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "add",
            "--bundle",
            &bundle,
            "--section",
            "D",
            "--doc",
            &doc,
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let v2 = home.path().join("v2.pdf");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "bundle",
            "build",
            "--bundle",
            &bundle,
            "--out",
            v2.to_str().expect("path"),
            "--keep-references",
            "--date",
            "2026-11-26",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let report = json(&out);
    assert_eq!(report["build"]["version"], 2);
    let changes: Vec<String> = report["build"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c.as_str().expect("text").to_owned())
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("Added “Late email” (D") && c.contains('A')),
        "{changes:?}"
    );
    let text = tool("pdftotext", &["-layout", v2.to_str().expect("path"), "-"]);
    assert!(text.contains("The council replied late."));
    let versions = json(&casefile(
        home.path(),
        &["--json", "bundle", "show", &bundle],
    ));
    assert_eq!(
        versions["bundle"]["versions"]
            .as_array()
            .expect("versions")
            .len(),
        2
    );
    assert_eq!(versions["bundle"]["versions"][1]["kept_references"], true);
}

#[test]
fn a_bundle_that_cannot_be_built_leaves_no_file_and_says_why() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let created = json(&casefile(
        home.path(),
        &["--json", "bundle", "new", "--case", "1"],
    ));
    let bundle = created["bundle"]["id"].as_i64().expect("id").to_string();
    // Take the chronology out: nothing is left.
    let item = created["bundle"]["sections"][0]["items"][0]["id"]
        .as_i64()
        .expect("item")
        .to_string();
    assert!(
        casefile(home.path(), &["bundle", "remove", &item])
            .status
            .success()
    );
    let out_pdf = home.path().join("empty.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--bundle",
            &bundle,
            "--out",
            out_pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("The bundle is empty"),
        "{out:?}"
    );
    assert!(!out_pdf.exists());

    // A stored file changed behind Casefile's back is named, and nothing is written.
    let letter = home.path().join("letter.txt");
    std::fs::write(&letter, "Original words").expect("letter");
    casefile(
        home.path(),
        &["import", "--case", "1", letter.to_str().expect("path")],
    );
    assert!(
        casefile(
            home.path(),
            &[
                "bundle",
                "add",
                "--bundle",
                &bundle,
                "--section",
                "B",
                "--doc",
                "1"
            ]
        )
        .status
        .success()
    );
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    let sha = docs["documents"][0]["sha256"]
        .as_str()
        .expect("sha")
        .to_owned();
    let blob = home.path().join("blobs").join(&sha[..2]).join(&sha[2..]);
    std::fs::write(&blob, "Altered words").expect("tamper");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--bundle",
            &bundle,
            "--out",
            out_pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has been changed since it was imported"),
        "{out:?}"
    );
    assert!(!out_pdf.exists());

    let out = casefile(
        home.path(),
        &["bundle", "build", "--out", out_pdf.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(1), "no case or bundle named");
}

#[test]
fn the_demo_case_comes_with_documents_and_a_hearing_bundle_that_builds() {
    let home = tempfile::tempdir().expect("dir");
    assert!(casefile(home.path(), &["demo"]).status.success());
    let docs = json(&casefile(
        home.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    let docs = docs["documents"].as_array().expect("docs");
    assert_eq!(docs.len(), 7);
    assert!(
        docs.iter().all(|d| d["document_date"].is_string()),
        "every demo document has its date"
    );
    let pdf = home.path().join("demo.pdf");
    let out = casefile(
        home.path(),
        &[
            "--json",
            "bundle",
            "build",
            "--bundle",
            "1",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let report = json(&out);
    let warnings = report["build"]["warnings"].to_string();
    assert!(
        warnings.contains("Speech and language therapy report"),
        "the old report is flagged: {warnings}"
    );
    tool("qpdf", &["--check", pdf.to_str().expect("path")]);
    let text = tool("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    assert!(text.contains("Hearing bundle (demo)"));
    assert!(text.contains("Final EHC plan (Sections B and F)"));
    assert!(text.contains("B1 "), "the plan is section B's first page");
}

#[test]
fn an_email_and_its_attachment_go_into_the_bundle_with_headers_and_body() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let eml = home.path().join("Missed sessions.eml");
    std::fs::write(
        &eml,
        "From: Jo Hill <jo.hill@northshire.example>\r\nTo: parent@example.org\r\nDate: Thu, 6 Nov 2025 11:02:00 +0000\r\nSubject: Missed sessions this half term\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=Z\r\n\r\n--Z\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>We accept that <b>four sessions</b> were missed.</p>\r\n--Z\r\nContent-Type: text/plain; name=\"session log.txt\"\r\nContent-Disposition: attachment; filename=\"session log.txt\"\r\n\r\n3 Nov: cancelled (therapist ill)\r\n--Z--\r\n",
    )
    .expect("eml");
    let out = json(&casefile(
        home.path(),
        &[
            "--json",
            "import",
            "--case",
            "1",
            eml.to_str().expect("path"),
        ],
    ));
    let result = &out["results"][0]["result"];
    assert_eq!(result["outcome"], "imported");
    assert_eq!(
        result["document"]["title"],
        "Missed sessions this half term"
    );
    assert_eq!(
        result["attachments"][0]["document_date"], "2025-11-06",
        "the attachment takes the email's date"
    );
    let pdf = home.path().join("bundle.pdf");
    let built = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(built.status.success(), "{built:?}");
    let text = tool("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    assert!(
        text.contains("From: Jo Hill <jo.hill@northshire.example>"),
        "{text}"
    );
    assert!(text.contains("We accept that four sessions were missed."));
    assert!(text.contains("3 Nov: cancelled (therapist ill)"));
}

#[test]
fn a_word_file_is_turned_into_bundle_pages_by_libreoffice() {
    let home = tempfile::tempdir().expect("dir");
    casefile(home.path(), &["case", "new", "--name", "Ava"]);
    let docx = home.path().join("School letter.docx");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/school-letter.docx"
        ),
        &docx,
    )
    .expect("fixture");
    assert!(
        casefile(
            home.path(),
            &["import", "--case", "1", docx.to_str().expect("path")]
        )
        .status
        .success()
    );
    let pdf = home.path().join("bundle.pdf");
    let out = casefile(
        home.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let text = tool("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]);
    assert!(text.contains("the therapist post is vacant"), "{text}");
}

/// A white picture, as a phone photographs a blank sheet: a valid greyscale PNG.
fn white_png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut raw = Vec::new();
    for _ in 0..height {
        raw.push(0);
        raw.extend(std::iter::repeat_n(255u8, width as usize));
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).expect("deflate");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &z.finish().expect("deflate"));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// `bundle check` on files from four producers: a therapist's report LibreOffice made from
/// text (10 pt, dated 2022), the same report re-saved by qpdf under another name, a witness
/// statement Chromium printed in 9 pt with a blank third page, an email chain, a 101-page diary
/// (Casefile's own pages) that takes the evidence past the 75 pages of a refusal-to-assess
/// appeal, and a photo of a blank sheet. Each finding names its document and pages, the
/// report's age is counted at the hearing date once the Tribunal clock has one, and the SEND7
/// draft carries the case's reference and the real page counts.
#[test]
fn a_bundle_check_names_each_problem_with_its_document_pages_and_what_to_do() {
    let home = tempfile::tempdir().expect("dir");
    let dir = home.path();
    casefile(
        dir,
        &[
            "case",
            "new",
            "--name",
            "Robin Example",
            "--la",
            "Northshire",
            "--tribunal-ref",
            "EH000/26/00007",
        ],
    );
    let para = "Robin was assessed in the clinic over two sessions. Receptive language is well below the expected range for age, and expressive language shows word-finding difficulties in longer sentences. Robin needs direct therapy from a speech and language therapist, 45 minutes weekly, and a programme delivered daily by a trained teaching assistant.\n\n";
    std::fs::write(
        dir.join("Therapist report.txt"),
        format!("Speech and language therapy report\n\n{}", para.repeat(14)),
    )
    .expect("report");
    tool(
        "soffice",
        &[
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().expect("path"),
            dir.join("Therapist report.txt").to_str().expect("path"),
        ],
    );
    std::fs::remove_file(dir.join("Therapist report.txt")).expect("remove");
    let report = dir.join("Therapist report.pdf");
    let copy = dir.join("Report copy.pdf");
    tool(
        "qpdf",
        &[
            "--object-streams=generate",
            report.to_str().expect("path"),
            copy.to_str().expect("path"),
        ],
    );
    let body = "Robin finds the classroom too loud and leaves the room most afternoons; the teaching assistant takes Robin to the library, where no speech and language targets are worked on. ".repeat(6);
    let html = dir.join("statement.html");
    std::fs::write(
        &html,
        format!(
            "<html><body><h1 style=\"font-size:14pt\">Witness statement of Robin's parent</h1>\
             <p style=\"font-size:9pt\">{body}</p>\
             <p style=\"font-size:9pt;break-before:page\">{body} The second page says more.</p>\
             <div style=\"break-before:page\"></div>\
             <p style=\"font-size:9pt;break-before:page\">Signed by the parent. {body}</p></body></html>"
        ),
    )
    .expect("html");
    let statement = dir.join("Witness statement.pdf");
    tool(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", statement.display()),
            html.to_str().expect("path"),
        ],
    );
    std::fs::write(
        dir.join("Emails with school.txt"),
        "From: office@school.example\nSent: 4 March 2026 10:12\nSubject: RE: therapy\n\nThe therapist was ill again this week.\n\nFrom: parent@example.org\nSent: 3 March 2026 18:40\nSubject: therapy\n\nWhy were there no sessions in February?\n",
    )
    .expect("emails");
    let diary: String = (1..4200)
        .map(|w| format!("Week {w}: no session; the teaching assistant was covering a class.\n"))
        .collect();
    std::fs::write(dir.join("Diary of missed sessions.txt"), diary).expect("diary");
    std::fs::write(
        dir.join("Photo of the home-school book.png"),
        white_png(600, 800),
    )
    .expect("png");
    let files = [
        "Therapist report.pdf",
        "Report copy.pdf",
        "Witness statement.pdf",
        "Emails with school.txt",
        "Diary of missed sessions.txt",
        "Photo of the home-school book.png",
    ];
    let mut args = vec!["import".to_owned(), "--case".into(), "1".into()];
    args.extend(
        files
            .iter()
            .map(|f| dir.join(f).to_string_lossy().into_owned()),
    );
    let out = casefile(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{out:?}");
    assert!(
        casefile(dir, &["doc", "edit", "1", "--date", "2022-01-10"])
            .status
            .success()
    );
    assert_eq!(
        stdout(&casefile(dir, &["bundle", "new", "--case", "1"])).trim(),
        "1"
    );
    assert!(
        casefile(
            dir,
            &["bundle", "set", "1", "--appeal", "refusal-to-assess"]
        )
        .status
        .success()
    );
    let plan = json(&casefile(dir, &["--json", "bundle", "show", "1"]));
    let item_of = |doc: i64| -> String {
        plan["bundle"]["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .flat_map(|s| s["items"].as_array().expect("items").iter())
            .find(|i| i["document_id"] == doc)
            .map(|i| i["id"].to_string())
            .expect("item")
    };
    assert!(
        casefile(dir, &["bundle", "kind", &item_of(1), "expert-report"])
            .status
            .success()
    );
    assert!(
        casefile(dir, &["bundle", "kind", &item_of(3), "witness-statement"])
            .status
            .success()
    );
    // The hearing is on Mon 1 Mar 2027: the report of 10 Jan 2022 is more than 3 years old then.
    casefile(
        dir,
        &[
            "clock",
            "start",
            "--case",
            "1",
            "--process",
            "tribunal-directions",
            "--date",
            "2026-11-02",
        ],
    );
    assert!(
        casefile(
            dir,
            &[
                "clock",
                "event",
                "--clock",
                "1",
                "--event",
                "hearing-date",
                "--date",
                "2027-03-01"
            ]
        )
        .status
        .success()
    );

    let out = casefile(dir, &["--json", "bundle", "check", "--bundle", "1"]);
    assert!(out.status.success(), "{out:?}");
    let check = json(&out);
    assert_eq!(check["hearing_date"], "2027-03-01");
    let findings = check["findings"].as_array().expect("findings");
    let find = |kind: &str, title: &str| {
        findings
            .iter()
            .find(|f| f["kind"] == kind && f["title"] == title)
            .unwrap_or_else(|| panic!("no {kind} for {title}: {findings:#?}"))
    };
    let over = findings
        .iter()
        .find(|f| f["kind"] == "over-limit")
        .expect("over the limit");
    assert!(
        over["message"]
            .as_str()
            .expect("message")
            .contains("the limit for this appeal is 75"),
        "{over}"
    );
    let duplicate = find("duplicate", "Report copy");
    assert_eq!(duplicate["pages"], serde_json::json!([1, 2]));
    assert!(
        duplicate["message"]
            .as_str()
            .expect("m")
            .contains("“Therapist report”")
    );
    assert_eq!(
        find("blank-page", "Witness statement")["pages"],
        serde_json::json!([3, 3])
    );
    assert!(
        find("old-report", "Therapist report")["message"]
            .as_str()
            .expect("m")
            .contains("1 Mar 2027")
    );
    assert!(
        find("small-type", "Witness statement")["message"]
            .as_str()
            .expect("m")
            .contains("9.0 pt")
    );
    find("small-type", "Therapist report");
    find("email-thread", "Emails with school");
    find("no-text", "Photo of the home-school book");
    // Nothing is said of what is fine: one duplicate (the copy, not the original), no blank
    // pages elsewhere, no email chain in the report.
    assert_eq!(
        findings.iter().filter(|f| f["kind"] == "duplicate").count(),
        1
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["kind"] == "blank-page")
            .count(),
        1
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["kind"] == "email-thread")
            .count(),
        1
    );
    for finding in findings {
        assert!(!finding["action"].as_str().expect("action").is_empty());
    }
    let send7 = check["send7"].as_str().expect("a SEND7 draft");
    assert!(
        send7.contains("Tribunal reference: EH000/26/00007"),
        "{send7}"
    );
    assert!(
        send7.contains("- Diary of missed sessions: 101 pages"),
        "{send7}"
    );
    // 101 (diary) + 4 (statement) + 2 + 2 (report and copy) + 1 (emails) + 1 (photo) + 1
    // (chronology) = 112 pages, 37 over.
    assert!(
        send7.contains("may run to 112 pages, 37 more than the limit of 75 pages"),
        "{send7}"
    );

    let text = stdout(&casefile(dir, &["bundle", "check", "--bundle", "1"]));
    assert!(
        text.contains("reports' ages are counted at the hearing, Mon 1 Mar 2027"),
        "{text}"
    );
    assert!(
        text.contains("Draft request to the Tribunal (SEND7)"),
        "{text}"
    );
}

/// `casefile bundle audit`, through the real program and its contained reader: the "council's"
/// bundle is built in another data folder from two of the family's real PDFs (pdfTeX and LaTeX)
/// and a document the family never had (iLovePDF); the family also holds a letter the bundle
/// leaves out.
#[test]
fn the_audit_of_a_council_bundle_says_where_each_document_is_and_imports_what_the_family_never_had()
{
    let family = tempfile::tempdir().expect("dir");
    let council = tempfile::tempdir().expect("dir");
    let manual = "/usr/share/doc/libtasn1-doc/libtasn1.pdf";
    let spec = "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf";
    let stranger = family.path().join("Panel minutes.pdf");
    std::fs::copy(
        common::registry_file("mupdf", "tests/files/utf8-error-on-this-file.pdf"),
        &stranger,
    )
    .expect("copy");
    let letter = family.path().join("Letter from the council.txt");
    std::fs::write(
        &letter,
        "Dear Ms Example, the council has decided not to issue an education, health and care plan for Robin. You may appeal to the Tribunal within two months of this letter, or one month from a mediation certificate, whichever is later.",
    )
    .expect("letter");
    for (home, files) in [
        (
            council.path(),
            vec![spec, stranger.to_str().expect("path"), manual],
        ),
        (
            family.path(),
            vec![manual, spec, letter.to_str().expect("path")],
        ),
    ] {
        casefile(home, &["case", "new", "--name", "Robin Example"]);
        let mut args = vec!["import", "--case", "1"];
        args.extend(files);
        assert!(casefile(home, &args).status.success());
    }
    let bundle = family.path().join("Council hearing bundle.pdf");
    let built = casefile(
        council.path(),
        &[
            "bundle",
            "build",
            "--case",
            "1",
            "--kind",
            "hearing",
            "--out",
            bundle.to_str().expect("path"),
        ],
    );
    assert!(built.status.success(), "{built:?}");

    let draft = family.path().join("letter.txt");
    let out = casefile(
        family.path(),
        &[
            "--json",
            "bundle",
            "audit",
            "--case",
            "1",
            bundle.to_str().expect("path"),
            "--letter",
            draft.to_str().expect("path"),
            "--import-unmatched",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let audit = json(&out);
    let docs = audit["documents"].as_array().expect("documents");
    let by_title = |title: &str| {
        docs.iter()
            .find(|d| d["title"] == title)
            .unwrap_or_else(|| panic!("{title}: {audit:#}"))
    };
    assert_eq!(by_title("libtasn1")["status"], "found", "{audit:#}");
    assert_eq!(
        by_title("shared-mime-info-spec")["status"],
        "found",
        "{audit:#}"
    );
    assert_eq!(
        by_title("Letter from the council")["status"],
        "missing",
        "{audit:#}"
    );
    assert_eq!(
        by_title("Letter from the council")["pages"],
        serde_json::Value::Null
    );
    // The manual's 36 pages sit together somewhere after the cover and index.
    let pages = by_title("libtasn1")["pages"]
        .as_array()
        .expect("pages")
        .clone();
    let (first, last) = (pages[0].as_u64().expect("n"), pages[1].as_u64().expect("n"));
    assert_eq!(last - first + 1, 36, "{audit:#}");
    let unknown: Vec<&serde_json::Value> = audit["unmatched"]
        .as_array()
        .expect("unmatched")
        .iter()
        .filter(|u| u["index"] == false)
        .collect();
    // The panel minutes, and the chronology the "council's" Casefile put in its bundle.
    assert_eq!(unknown.len(), 2, "{audit:#}");
    assert!(
        unknown.iter().any(|u| u["title"]
            .as_str()
            .is_some_and(|t| t.contains("Panel minutes"))),
        "{audit:#}"
    );
    assert_eq!(audit["imported"].as_array().expect("imported").len(), 2);

    let text = std::fs::read_to_string(&draft).expect("the letter");
    assert!(text.contains("“Letter from the council”"), "{text}");
    assert!(text.contains("Panel minutes"), "{text}");

    // The pages the family never had are now a document of theirs, with the bundle's pages in
    // its title, and a second audit finds them.
    let list = json(&casefile(
        family.path(),
        &["--json", "doc", "list", "--case", "1"],
    ));
    let titles: Vec<&str> = list["documents"]
        .as_array()
        .expect("docs")
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Panel minutes") && t.contains("council bundle page")),
        "{titles:?}"
    );
    let again = json(&casefile(
        family.path(),
        &[
            "--json",
            "bundle",
            "audit",
            "--case",
            "1",
            bundle.to_str().expect("path"),
        ],
    ));
    assert!(
        again["unmatched"]
            .as_array()
            .expect("u")
            .iter()
            .all(|u| u["index"] == true),
        "{again:#}"
    );

    // A file that is not a PDF: refused by name, nothing changed.
    let junk = family.path().join("bundle.pdf");
    std::fs::write(&junk, b"%PDF-1.4 this is not a real PDF").expect("junk");
    let refused = casefile(
        family.path(),
        &[
            "bundle",
            "audit",
            "--case",
            "1",
            junk.to_str().expect("path"),
        ],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("bundle.pdf"),
        "{refused:?}"
    );
}

/// `casefile bundle pack`: a built evidence bundle of real PDFs (pdfTeX, LaTeX, and a 1.5 MB
/// iLovePDF annual report) split into parts that each fit one 1 MB email, stamps carrying on.
#[test]
fn the_submission_pack_splits_a_built_bundle_into_parts_that_fit_an_email_and_logs_their_fingerprints()
 {
    let home = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| casefile(home.path(), args);
    run(&[
        "case",
        "new",
        "--name",
        "Robin Example",
        "--tribunal-ref",
        "EH123/26/00042",
    ]);
    let ilove = common::registry_file("mupdf", "tests/files/i32-box.pdf");
    let imported = run(&[
        "import",
        "--case",
        "1",
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
        "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
        ilove.to_str().expect("path"),
    ]);
    assert!(imported.status.success(), "{imported:?}");
    // A new evidence bundle holds every document of the case.
    let bundle = json(&run(&["--json", "bundle", "new", "--case", "1"]));
    let id = bundle["bundle"]["id"].as_i64().expect("id").to_string();
    let path = |name: &str| home.path().join(name).to_str().expect("path").to_owned();

    // Not built yet: said plainly.
    let early = run(&["bundle", "pack", "--bundle", &id, "--out", &path("early")]);
    assert!(!early.status.success());
    assert!(
        String::from_utf8_lossy(&early.stderr).contains("has not been built yet"),
        "{early:?}"
    );

    let built_path = path("evidence.pdf");
    let built = json(&run(&[
        "--json",
        "bundle",
        "build",
        "--bundle",
        &id,
        "--out",
        &built_path,
    ]));
    let total = built["build"]["pages"].as_u64().expect("pages");

    let out = home.path().join("pack");
    let made = run(&[
        "--json",
        "bundle",
        "pack",
        "--bundle",
        &id,
        "--out",
        &path("pack"),
        "--max-mb",
        "1",
    ]);
    assert!(made.status.success(), "{made:?}");
    let pack = &json(&made)["pack"];
    let parts = pack["parts"].as_array().expect("parts");
    assert!(parts.len() >= 3, "{pack:#}");
    assert_eq!(pack["subject"], "EH123/26/00042 | Robin Example | EVIDENCE");
    // The 1.4 MB annual report cannot go in one 1 MB email, so it is split at a page.
    assert_eq!(
        pack["split_documents"].as_array().expect("split").len(),
        1,
        "{pack:#}"
    );
    let mut next = 1;
    for (i, part) in parts.iter().enumerate() {
        let name = part["file_name"].as_str().expect("name");
        assert_eq!(
            name,
            format!(
                "EH123-26-00042 - Robin Example - EVIDENCE - part {} of {}.pdf",
                i + 1,
                parts.len()
            )
        );
        let file = out.join(name);
        let bytes = std::fs::read(&file).expect("part");
        // Three quarters of 2 MB, less room for the message: 1,480,000 bytes.
        assert!(
            bytes.len() as u64 <= 1_480_000,
            "{name}: {} bytes",
            bytes.len()
        );
        assert_eq!(part["bytes"].as_u64(), Some(bytes.len() as u64));
        use sha2::Digest;
        let sha = format!("{:x}", sha2::Sha256::digest(&bytes));
        assert_eq!(part["sha256"].as_str(), Some(sha.as_str()));
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .expect("qpdf");
        assert!(
            check.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        // Every page is in one part, in order, and each part's first page carries the
        // bundle's own number for it.
        let [first, last] = [
            part["pages"][0].as_u64().expect("n"),
            part["pages"][1].as_u64().expect("n"),
        ];
        assert_eq!(first, next, "{pack:#}");
        next = last + 1;
        let text = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext");
        let stamp = format!("Page {first} of {total}");
        if first > 1 {
            assert!(
                String::from_utf8_lossy(&text.stdout).contains(&stamp),
                "{name} starts with {stamp}"
            );
        }
    }
    assert_eq!(next, total + 1, "every page is in one part");
    let manifest =
        std::fs::read_to_string(out.join(pack["manifest"].as_str().expect("m"))).expect("manifest");
    for part in parts {
        assert!(manifest.contains(part["sha256"].as_str().expect("sha")));
    }
    let email = std::fs::read_to_string(out.join(format!(
        "EH123-26-00042 - Robin Example - EVIDENCE - email 1 of {}.txt",
        parts.len()
    )))
    .expect("email");
    assert!(
        email.contains(&format!(
            "Subject: EH123/26/00042 | Robin Example | EVIDENCE (email 1 of {})",
            parts.len()
        )),
        "{email}"
    );

    // The submission is in the correspondence log, with every part's fingerprint.
    let log = json(&run(&["--json", "log", "list", "--case", "1"]));
    let note = log["entries"][0]["note"].as_str().expect("note").to_owned();
    for part in parts {
        assert!(
            note.contains(part["sha256"].as_str().expect("sha")),
            "{note}"
        );
    }

    // A second pack into the same folder writes nothing over the first.
    let again = run(&[
        "bundle",
        "pack",
        "--bundle",
        &id,
        "--out",
        &path("pack"),
        "--max-mb",
        "1",
    ]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("is already there"),
        "{again:?}"
    );

    // The built file changed after it was checked: refused.
    let mut changed = std::fs::read(&built_path).expect("built");
    changed.extend_from_slice(b"\n% changed\n");
    std::fs::write(&built_path, changed).expect("write");
    let refused = run(&["bundle", "pack", "--bundle", &id, "--out", &path("p2")]);
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("has changed since"),
        "{refused:?}"
    );
}
