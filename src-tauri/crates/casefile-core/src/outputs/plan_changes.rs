//! Two versions of a plan compared, written for others to read: a report a judge can read in the
//! bundle (what to raise first, then every change, section by section, with both versions
//! quoted) and a letter to the council asking for the provision to be put back.
//!
//! The letter's law: Section F must be "detailed and specific and should normally be quantified,
//! for example, in terms of the type, hours and frequency of support and level of expertise"
//! (SEND Code of Practice 2015, para. 9.69); the council must secure the provision the plan
//! specifies (Children and Families Act 2014, s.42(2)); a parent may comment on a draft plan
//! (s.38(2); SEND Regulations 2014, reg. 13(1)) and on proposed amendments (reg. 22(2)(c)), and
//! may appeal a final plan's Sections B, F and I to the First-tier Tribunal (s.51(2)(c)).

use casefile_plan::{ChangeKind, ConcernKind, Presence};
use casefile_rules::WorkingDays;
use chrono::NaiveDate;

use crate::error::{CoreError, Result};
use crate::outputs::files::{PdfExport, shown};
use crate::outputs::letters::{
    Letter, REPLY_WORKING_DAYS, council_address, date_of_birth_words, long, safe_file_stem,
};
use crate::records::cases::Case;
use crate::records::documents::{Document, DocumentKind};
use crate::records::plans::PlanComparison;
use crate::store::Store;

/// "the draft plan of 2 March 2026" (or "“Draft plan”" when it is not dated).
fn version(document: &Document) -> String {
    let kind = match document.kind {
        Some(DocumentKind::EhcpDraft) => "draft plan",
        Some(DocumentKind::EhcpAmended) => "amended plan",
        Some(DocumentKind::TribunalPaper) => "Tribunal’s order",
        _ => "final plan",
    };
    match document.document_date {
        Some(date) => format!("the {kind} of {}", long(date)),
        None => format!("the {kind} “{}”", document.title),
    }
}

fn concern_label(kind: ConcernKind) -> &'static str {
    match kind {
        ConcernKind::Removed => "removed",
        ConcernKind::Weakened => "weakened",
        ConcernKind::Vague => "made vague",
        ConcernKind::PlacementChanged => "school changed",
    }
}

/// The report's title and its text, for [`casefile_pdf::text_document_pdf`].
pub fn comparison_report(child: &str, found: &PlanComparison) -> (String, String) {
    let (title, old_is, new_is, was, now) = if found.against_order {
        (
            format!("{child}: the EHC plan compared with the Tribunal’s order"),
            "The order",
            "The plan",
            "Ordered",
            "Plan says",
        )
    } else {
        (
            format!("{child}: changes between two versions of the EHC plan"),
            "Older",
            "Newer",
            "Was",
            "Now",
        )
    };
    let mut out = vec![
        format!("{old_is}: “{}”, {}.", found.old.title, version(&found.old)),
        format!("{new_is}: “{}”, {}.", found.new.title, version(&found.new)),
        "Compared by Casefile section by section and sentence by sentence. Page headers, page numbers and line breaks are not counted as changes.".to_owned(),
    ];
    if found.against_order {
        out.push("Only the sections the order sets out are compared.".to_owned());
    }
    out.push(String::new());
    let concerns = &found.comparison.concerns;
    if concerns.is_empty() && found.against_order {
        out.push("What to raise: nothing. The plan keeps every provision the order sets out, weakens none, brings in no vague words and names the school the order names.".to_owned());
    } else if concerns.is_empty() {
        out.push("What to raise: nothing. No provision or outcome was removed, none was weakened, no vague words were brought in and the school is the same.".to_owned());
    } else {
        out.push(format!("What to raise ({})", concerns.len()));
        for (i, c) in concerns.iter().enumerate() {
            out.push(String::new());
            out.push(format!(
                "{}. Section {}, {}: {}",
                i + 1,
                c.section.as_str(),
                concern_label(c.kind),
                c.why
            ));
            if !c.old.is_empty() {
                out.push(format!("    {was}: “{}”", c.old));
            }
            if !c.new.is_empty() {
                out.push(format!("    {now}: “{}”", c.new));
            }
        }
    }
    out.push(String::new());
    out.push("Section by section".to_owned());
    for s in &found.comparison.sections {
        out.push(String::new());
        let head = format!("Section {} {}", s.letter.as_str(), s.title);
        match s.presence {
            Presence::OldOnly if found.against_order => {
                out.push(format!(
                    "{head}: set out in the order, and not in the plan."
                ));
            }
            Presence::OldOnly => out.push(format!("{head}: only in the older version.")),
            Presence::NewOnly => out.push(format!("{head}: only in the newer version.")),
            Presence::Both if s.changes.is_empty() => out.push(format!("{head}: the same.")),
            Presence::Both => {
                let n = s.changes.len();
                out.push(format!(
                    "{head}: {n} change{}.",
                    if n == 1 { "" } else { "s" }
                ));
                for change in &s.changes {
                    match change.kind {
                        ChangeKind::Added => out.push(format!("    Added: “{}”", change.new)),
                        ChangeKind::Removed => {
                            out.push(format!("    Removed: “{}”", change.old));
                        }
                        ChangeKind::Changed => {
                            out.push(format!("    {was}: “{}”", change.old));
                            out.push(format!("    {now}: “{}”", change.new));
                        }
                    }
                }
            }
        }
    }
    (title, out.join("\n"))
}

/// A letter to the council about what the newer version removed, weakened or made vague.
pub fn plan_change_letter(case: &Case, found: &PlanComparison, today: NaiveDate) -> Result<Letter> {
    let concerns = &found.comparison.concerns;
    if concerns.is_empty() {
        return Err(CoreError::invalid(
            "document",
            if found.against_order {
                "The plan says what the order sets out, as far as Casefile can find: it removes, weakens and makes vague nothing, and names the school the order names, so there is nothing to ask the council to put right."
            } else {
                "The newer version removes, weakens and makes vague nothing Casefile can find, and names the same school, so there is nothing to ask the council to put right."
            },
        ));
    }
    if found.against_order {
        return Ok(order_letter(case, found, today));
    }
    let child = case.child_name.as_str();
    let reply_by = WorkingDays::EnglandAndWales.add(today, REPLY_WORKING_DAYS);
    let recipient = council_address(case);
    let dob = date_of_birth_words(case);
    let (old, new) = (version(&found.old), version(&found.new));
    let subject = format!("{child}{dob}: changes to the EHC plan");
    let n = concerns.len();
    let points = numbered_points(concerns, "It said", "It now says");
    let ask = if found.new.kind == Some(DocumentKind::EhcpDraft) {
        format!(
            "Please take this letter as my comments on the draft (Children and Families Act 2014, s.38(2); SEND Regulations 2014, regs. 13(1) and 22(2)(c)). I ask that the final plan keeps the provision and the wording of {old}, and that you tell me by {} why each change above was proposed and on what evidence.",
            long(reply_by)
        )
    } else {
        format!(
            "Please tell me in writing by {} why each change above was made and on what evidence, and issue an amended plan that puts back the provision and the wording of {old}. If the plan stays as it is, I will consider an appeal to the First-tier Tribunal (Special Educational Needs and Disability) against Sections B, F and I (Children and Families Act 2014, s.51(2)(c)).",
            long(reply_by)
        )
    };
    let reference = case
        .tribunal_reference
        .as_ref()
        .map(|r| format!("\nTribunal reference: {r}"))
        .unwrap_or_default();
    let text = format!(
        "[Your name]\n[Your address]\n\n{today_long}\n\n{recipient}\n\nDear Sir or Madam,\n\nRe: {subject}{reference}\n\n\
         I have compared {new} with {old}. The newer version changes {child}’s plan in {n} way{s} that I ask you to put right:\n\n\
         {points}\n\n\
         The special educational provision in Section F must be “detailed and specific” and “normally quantified, for example, in terms of the type, hours and frequency of support and level of expertise” (SEND Code of Practice 2015, para. 9.69), and the council must secure the provision the plan specifies (Children and Families Act 2014, s.42(2)).\n\n\
         {ask}\n\n\
         Yours faithfully,\n\n[Your name]\n",
        today_long = long(today),
        s = if n == 1 { "" } else { "s" },
        points = points.join("\n\n"),
    );
    let file_stem = safe_file_stem(&format!(
        "Plan changes letter - {child} - {}",
        today.format("%Y-%m-%d")
    ));
    Ok(Letter {
        file_stem,
        subject,
        text,
        reply_by,
    })
}

/// Each concern as a numbered point of a letter, quoting the words before and after under the
/// two labels given.
fn numbered_points(concerns: &[casefile_plan::Concern], was: &str, now: &str) -> Vec<String> {
    concerns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut point = format!("{}. Section {}: {}", i + 1, c.section.as_str(), c.why);
            if !c.old.is_empty() {
                point += &format!(" {was}: “{}”", c.old);
            }
            if !c.new.is_empty() {
                point += &format!(" {now}: “{}”", c.new);
            }
            point
        })
        .collect()
}

/// A letter to the council about a plan that does not say what the Tribunal ordered: each
/// difference quoted, the duty to comply cited (SEND Regulations 2014, reg. 44(2): an order to
/// amend a plan is carried out within 5 weeks; Children and Families Act 2014, s.42(2): the
/// council secures the provision the plan specifies), and the routes if it is not put right
/// (the Ombudsman; the Secretary of State, Education Act 1996, s.497; judicial review:
/// tribunal-2025.md §3 C12).
fn order_letter(case: &Case, found: &PlanComparison, today: NaiveDate) -> Letter {
    let concerns = &found.comparison.concerns;
    let child = case.child_name.as_str();
    let reply_by = WorkingDays::EnglandAndWales.add(today, REPLY_WORKING_DAYS);
    let recipient = council_address(case);
    let dob = date_of_birth_words(case);
    let (order, plan) = (version(&found.old), version(&found.new));
    let subject = format!("{child}{dob}: the EHC plan does not follow the Tribunal’s order");
    let n = concerns.len();
    let points = numbered_points(concerns, "The order says", "The plan says");
    let reference = case
        .tribunal_reference
        .as_ref()
        .map(|r| format!("\nTribunal reference: {r}"))
        .unwrap_or_default();
    let text = format!(
        "[Your name]\n[Your address]\n\n{today_long}\n\n{recipient}\n\nDear Sir or Madam,\n\nRe: {subject}{reference}\n\n\
         I have compared {plan} with {order}. The plan does not say what the Tribunal ordered in {n} way{s}:\n\n\
         {points}\n\n\
         The council must carry out the Tribunal’s order, issuing the plan as ordered within 5 weeks of the order when it is to be amended (SEND Regulations 2014, reg. 44(2)), and must secure the special educational provision the plan specifies (Children and Families Act 2014, s.42(2)).\n\n\
         Please issue a corrected plan whose wording is the wording the Tribunal ordered, and tell me in writing by {reply_by} when you will do so. If the plan is not put right, I will complain to the Local Government and Social Care Ombudsman, and consider asking the Secretary of State to direct the council (Education Act 1996, s.497) or a judicial review.\n\n\
         Yours faithfully,\n\n[Your name]\n",
        today_long = long(today),
        s = if n == 1 { "" } else { "s" },
        points = points.join("\n\n"),
        reply_by = long(reply_by),
    );
    let file_stem = safe_file_stem(&format!(
        "Plan and Tribunal order letter - {child} - {}",
        today.format("%Y-%m-%d")
    ));
    Letter {
        file_stem,
        subject,
        text,
        reply_by,
    }
}

impl Store {
    /// The comparison of two versions of a plan as a PDF report, written atomically to `path`.
    pub fn save_plan_comparison_pdf(
        &self,
        old_id: i64,
        new_id: i64,
        path: &std::path::Path,
    ) -> Result<PdfExport> {
        let found = self.plan_compare(old_id, new_id)?;
        let case = self.case(found.old.case_id)?;
        let (title, text) = comparison_report(&case.child_name, &found);
        let pdf = casefile_pdf::text_document_pdf(&title, Some(&title), &text)?;
        crate::folder::durable::write_atomically(path, &pdf.bytes)?;
        Ok(PdfExport {
            path: shown(path),
            pages: pdf.pages as u32,
            missing_characters: pdf.missing_characters.into_iter().collect(),
        })
    }

    /// The comparison's report kept as a document of the case, so a bundle can hold it; the
    /// document it is. Kept twice, the same report is the same document.
    pub fn keep_plan_comparison(&mut self, old_id: i64, new_id: i64) -> Result<Document> {
        let found = self.plan_compare(old_id, new_id)?;
        let case = self.case(found.old.case_id)?;
        let (file_name, titled) = if found.against_order {
            (
                "The EHC plan compared with the Tribunal's order.pdf",
                format!(
                    "“{}” compared with the Tribunal’s order “{}”",
                    found.new.title, found.old.title
                ),
            )
        } else {
            (
                "Changes between two versions of the EHC plan.pdf",
                format!(
                    "Changes from “{}” to “{}”",
                    found.old.title, found.new.title
                ),
            )
        };
        let titled: String = titled.chars().take(200).collect();
        // The two versions never change once stored, so neither does their report; but the
        // generated PDF's font names differ from one making to the next, so a report kept
        // already is found by its file name and title rather than its bytes.
        if let Some(kept) = self
            .list_documents(case.id)?
            .into_iter()
            .find(|d| d.original_name == file_name && d.title == titled)
        {
            return Ok(kept);
        }
        let (title, text) = comparison_report(&case.child_name, &found);
        let pdf = casefile_pdf::text_document_pdf(&title, Some(&title), &text)?;
        let prepared = crate::records::documents::prepare_bytes(
            file_name,
            pdf.bytes,
            &crate::ImportOptions::default(),
        );
        match self.store_prepared(case.id, prepared)? {
            crate::ImportOutcome::Imported { document, .. } => self.change_document(
                document.id,
                &crate::DocumentChanges {
                    title: Some(titled),
                    ..Default::default()
                },
            ),
            crate::ImportOutcome::AlreadyThere { document } => Ok(document),
            crate::ImportOutcome::Refused { message }
            | crate::ImportOutcome::NeedsPassword { message } => {
                Err(CoreError::invalid("document", message))
            }
        }
    }

    /// A letter to the council about what the newer version of the plan removed, weakened or
    /// made vague (see [`plan_change_letter`]).
    pub fn draft_plan_change_letter(
        &self,
        old_id: i64,
        new_id: i64,
        today: NaiveDate,
    ) -> Result<Letter> {
        let found = self.plan_compare(old_id, new_id)?;
        let case = self.case(found.old.case_id)?;
        plan_change_letter(&case, &found, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::documents::DocumentChanges;
    use crate::testing::{import_text, store_with_case};

    fn plan(often: &str, school: &str) -> String {
        format!(
            "Section B: Needs\nSam finds speech sounds hard.\n\n\
             Section F: Special educational provision\n\
             Sam will have 30 minutes of speech and language therapy {often} from a qualified speech and language therapist.\n\n\
             Section I: Placement\n{school}\n"
        )
    }

    /// A draft of 2 March 2026 and a final of 20 May 2026 that cuts the therapy from weekly to
    /// termly (30 minutes a week against 30 ÷ 13 ≈ 2.3 minutes a week) and names another school.
    fn draft_and_final(final_text: &str) -> (tempfile::TempDir, Store, i64, i64) {
        let (dir, mut store, case) = store_with_case();
        store
            .update_case(
                case,
                &CaseDetails {
                    child_name: "Sam Taylor".into(),
                    local_authority: Some("Northshire Council".into()),
                    date_of_birth: Some("2016-04-02".into()),
                    ..CaseDetails::default()
                },
            )
            .expect("case");
        let old = import_text(
            &mut store,
            case,
            dir.path(),
            "draft.txt",
            &plan("weekly", "Willowbrook Primary School"),
        )
        .id;
        let new = import_text(&mut store, case, dir.path(), "final.txt", final_text).id;
        for (id, kind, date) in [
            (old, "ehcp-draft", "2026-03-02"),
            (new, "ehcp-final", "2026-05-20"),
        ] {
            store
                .change_document(
                    id,
                    &DocumentChanges {
                        kind: Some(kind.into()),
                        date: Some(date.into()),
                        ..Default::default()
                    },
                )
                .expect("marked");
        }
        (dir, store, old, new)
    }

    #[test]
    fn the_report_lists_what_to_raise_then_every_section() {
        let (_dir, store, old, new) = draft_and_final(&plan("termly", "Riverside Academy"));
        let found = store.plan_compare(old, new).expect("compared");
        let (title, text) = comparison_report("Sam Taylor", &found);
        assert_eq!(
            title,
            "Sam Taylor: changes between two versions of the EHC plan"
        );
        assert!(text.starts_with("Older: “draft”, the draft plan of 2 March 2026.\nNewer: “final”, the final plan of 20 May 2026."), "{text}");
        assert!(text.contains("What to raise (2)\n\n1. Section F, weakened: Less time: it was “30 minutes” “weekly”; it is now “30 minutes” “termly”."), "{text}");
        assert!(text.contains("2. Section I, school changed: The school named is different: “Willowbrook Primary School” became “Riverside Academy”."), "{text}");
        assert!(text.contains("Section B Needs: the same."), "{text}");
        assert!(text.contains("Section F Special educational provision: 1 change.\n    Was: “Sam will have 30 minutes of speech and language therapy weekly"), "{text}");
    }

    #[test]
    fn the_letter_quotes_each_change_cites_the_law_and_asks_for_a_reply_in_ten_working_days() {
        let (_dir, store, old, new) = draft_and_final(&plan("termly", "Riverside Academy"));
        // Mon 7 Dec 2026 + 10 working days = Mon 21 Dec 2026 (no bank holiday between).
        let letter = store
            .draft_plan_change_letter(
                old,
                new,
                NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            )
            .expect("letter");
        assert_eq!(
            letter.reply_by,
            NaiveDate::from_ymd_opt(2026, 12, 21).expect("date")
        );
        assert_eq!(
            letter.subject,
            "Sam Taylor, date of birth 2 April 2016: changes to the EHC plan"
        );
        let t = &letter.text;
        assert!(t.contains("Northshire Council\nSEND team"), "{t}");
        assert!(t.contains("I have compared the final plan of 20 May 2026 with the draft plan of 2 March 2026. The newer version changes Sam Taylor’s plan in 2 ways"), "{t}");
        assert!(t.contains("1. Section F: Less time: it was “30 minutes” “weekly”; it is now “30 minutes” “termly”."), "{t}");
        assert!(
            t.contains("It said: “Sam will have 30 minutes of speech and language therapy weekly"),
            "{t}"
        );
        assert!(
            t.contains("(SEND Code of Practice 2015, para. 9.69)"),
            "{t}"
        );
        assert!(
            t.contains("by 21 December 2026 why each change above was made"),
            "{t}"
        );
        assert!(t.contains("appeal to the First-tier Tribunal"), "{t}");
    }

    #[test]
    fn a_plan_issued_after_an_order_is_compared_with_what_the_order_sets_out() {
        // The order of 2 September 2026 sets out Sections F and I; the amended plan of
        // 20 October 2026 cuts the therapy to termly and names another school, and keeps
        // Section B (which the order does not touch) as it was.
        let amended = plan("termly", "Oakfield Academy");
        let (dir, mut store, _, plan_id) = draft_and_final(&amended);
        let case = store.document(plan_id).expect("plan").case_id;
        let order = import_text(
            &mut store,
            case,
            dir.path(),
            "order.txt",
            "FIRST-TIER TRIBUNAL (SEND)\nORDER\n1. The appeal is allowed.\n2. The local authority shall amend Sections F and I of the EHC plan as set out in the annex.\n\nANNEX\n\
             Section F: Special educational provision\nSam will have 30 minutes of speech and language therapy weekly from a qualified speech and language therapist.\n\n\
             Section I: Placement\nWillowbrook Primary School\n",
        )
        .id;
        store
            .change_document(
                order,
                &DocumentChanges {
                    kind: Some("tribunal-paper".into()),
                    date: Some("2026-09-02".into()),
                    ..Default::default()
                },
            )
            .expect("marked");
        // Whichever is given first, the order is what the plan is held against.
        for (a, b) in [(order, plan_id), (plan_id, order)] {
            let found = store.plan_compare(a, b).expect("compared");
            assert!(found.against_order);
            assert_eq!(found.old.id, order);
            let letters: Vec<&str> = found
                .comparison
                .sections
                .iter()
                .map(|s| s.letter.as_str())
                .collect();
            assert_eq!(letters, ["F", "I"], "B is not the order's");
            assert_eq!(found.comparison.concerns.len(), 2);
        }
        let found = store.plan_compare(order, plan_id).expect("compared");
        let (title, report) = comparison_report("Sam Taylor", &found);
        assert_eq!(
            title,
            "Sam Taylor: the EHC plan compared with the Tribunal’s order"
        );
        assert!(
            report.contains("The order: “order”, the Tribunal’s order of 2 September 2026."),
            "{report}"
        );
        assert!(
            report.contains("Only the sections the order sets out are compared."),
            "{report}"
        );
        assert!(
            report.contains(
                "Ordered: “Sam will have 30 minutes of speech and language therapy weekly"
            ),
            "{report}"
        );
        assert!(
            !report.contains("older version") && !report.contains("newer version"),
            "{report}"
        );

        let letter = store
            .draft_plan_change_letter(
                order,
                plan_id,
                NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            )
            .expect("letter");
        assert_eq!(
            letter.subject,
            "Sam Taylor, date of birth 2 April 2016: the EHC plan does not follow the Tribunal’s order"
        );
        let t = &letter.text;
        assert!(t.contains("I have compared the final plan of 20 May 2026 with the Tribunal’s order of 2 September 2026. The plan does not say what the Tribunal ordered in 2 ways"), "{t}");
        assert!(t.contains("1. Section F: Less time: the order says “30 minutes” “weekly”; the plan says “30 minutes” “termly”."), "{t}");
        assert!(
            t.contains(
                "The order says: “Willowbrook Primary School” The plan says: “Oakfield Academy”"
            ),
            "{t}"
        );
        assert!(t.contains("(SEND Regulations 2014, reg. 44(2))"), "{t}");
        assert!(t.contains("(Education Act 1996, s.497)"), "{t}");
        assert!(t.contains("by 21 December 2026 when you will do so"), "{t}");

        // Kept for a bundle under its own name.
        let kept = store.keep_plan_comparison(plan_id, order).expect("kept");
        assert_eq!(
            kept.original_name,
            "The EHC plan compared with the Tribunal's order.pdf"
        );
        assert_eq!(
            kept.title,
            "“final” compared with the Tribunal’s order “order”"
        );
    }

    #[test]
    fn an_order_that_sets_out_no_section_or_two_tribunal_papers_are_refused_in_words() {
        let (dir, mut store, _, plan_id) = draft_and_final(&plan("weekly", "Oakfield Academy"));
        let case = store.document(plan_id).expect("plan").case_id;
        let mut paper = |name: &str, text: &str| {
            let id = import_text(&mut store, case, dir.path(), name, text).id;
            store
                .change_document(
                    id,
                    &DocumentChanges {
                        kind: Some("tribunal-paper".into()),
                        ..Default::default()
                    },
                )
                .expect("marked");
            id
        };
        let order = paper(
            "decision.txt",
            "DECISION\nThe appeal is allowed. The local authority shall name Willowbrook Primary School in the plan.\n",
        );
        let other = paper(
            "directions.txt",
            "DIRECTIONS\nThe hearing will be on 3 March 2027.\n",
        );
        let why = store
            .plan_compare(order, plan_id)
            .expect_err("no sections")
            .to_string();
        assert!(
            why.contains("“decision” sets out no section of the plan that Casefile can find"),
            "{why}"
        );
        assert!(why.contains("check the plan against it by hand"), "{why}");
        let why = store
            .plan_compare(order, other)
            .expect_err("two papers")
            .to_string();
        assert!(why.contains("Both are Tribunal papers"), "{why}");
    }

    #[test]
    fn no_letter_when_nothing_was_weakened_and_the_report_says_so() {
        // Only Section B is worded differently: nothing there is a concern.
        let final_text = plan("weekly", "Willowbrook Primary School")
            .replace("speech sounds hard.", "speech sounds very hard.");
        let (_dir, store, old, new) = draft_and_final(&final_text);
        let refused = store
            .draft_plan_change_letter(
                old,
                new,
                NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            )
            .expect_err("nothing to raise");
        assert!(
            refused
                .to_string()
                .contains("nothing to ask the council to put right"),
            "{refused}"
        );
        let found = store.plan_compare(old, new).expect("compared");
        let (_, text) = comparison_report("Sam Taylor", &found);
        assert!(text.contains("What to raise: nothing."), "{text}");
    }

    #[test]
    fn the_report_is_kept_once_as_a_document_of_the_case() {
        let (dir, mut store, old, new) = draft_and_final(&plan("termly", "Riverside Academy"));
        let document = store.keep_plan_comparison(old, new).expect("kept");
        assert_eq!(document.title, "Changes from “draft” to “final”");
        assert_eq!(document.media_type, "application/pdf");
        assert!(
            store
                .document_text(document.id)
                .expect("text")
                .contains("What to raise (2)")
        );
        let again = store.keep_plan_comparison(old, new).expect("kept again");
        assert_eq!(again.id, document.id);
        let titles: Vec<String> = store
            .list_documents(document.case_id)
            .expect("list")
            .into_iter()
            .map(|d| d.title)
            .collect();
        assert_eq!(titles.len(), 3, "{titles:?}");
        let saved = dir.path().join("changes.pdf");
        let export = store
            .save_plan_comparison_pdf(old, new, &saved)
            .expect("saved");
        assert!(export.pages >= 1);
        assert!(std::fs::read(&saved).expect("pdf").starts_with(b"%PDF"));
    }
}
