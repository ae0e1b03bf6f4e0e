//! Chasing letters: from a missed deadline, a plain-English letter built from the case's facts,
//! citing the rule and the dates. The wording is Casefile's own; the family edits it before
//! sending.

use casefile_rules::{Actor, DeadlineStatus, WorkingDays};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::records::cases::Case;
use crate::records::clocks::Clock;
use crate::store::Store;

/// Working days the letter gives for a reply.
pub const REPLY_WORKING_DAYS: u32 = 10;

/// A drafted letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Letter {
    /// A file name to suggest when saving, without extension.
    pub file_stem: String,
    pub subject: String,
    /// The whole letter as plain text, ready to edit.
    pub text: String,
    /// The date the letter asks for a reply by.
    pub reply_by: NaiveDate,
}

/// A name for the Save dialog to suggest: letters, digits and plain punctuation kept, anything
/// a file system might refuse (a slash in a child's name) made "_".
pub(crate) fn safe_file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_().,'’".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The council's SEND team, as a letter's address.
pub(crate) fn council_address(case: &Case) -> String {
    case.local_authority
        .clone()
        .map(|la| format!("{la}\nSEND team"))
        .unwrap_or_else(|| "The SEND team\n[Council name]".into())
}

/// ", date of birth 2 April 2016" for a letter's subject line, when the case has one.
pub(crate) fn date_of_birth_words(case: &Case) -> String {
    case.date_of_birth
        .map(|d| format!(", date of birth {}", long(d)))
        .unwrap_or_default()
}

pub(crate) fn long(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// What happened at the clock's start, in a sentence.
fn context(clock: &Clock, child: &str) -> String {
    let on = long(clock.started_on);
    match clock.process.as_str() {
        "ehc-needs-assessment" => format!(
            "On {on} the council received a request for an EHC needs assessment for {child}."
        ),
        "annual-review" => format!("{child}’s annual review meeting took place on {on}."),
        "phase-transfer" | "phase-transfer-post-16" => {
            format!(
                "{child} moves to the next phase of education in {}.",
                clock.started_on.format("%Y")
            )
        }
        "appeal" => format!("The council’s decision letter about {child} was sent on {on}."),
        "tribunal-order-assess" | "tribunal-order-make-plan" | "tribunal-order-amend" => {
            format!("On {on} the First-tier Tribunal (SEND) made an order in {child}’s appeal.")
        }
        "unopposed-appeal" => format!(
            "On {on} the council told the Tribunal that it would not oppose {child}’s appeal."
        ),
        "subject-access-request" => format!(
            "On {on} you received my subject access request for the personal data you hold about {child} and our family."
        ),
        "freedom-of-information" => format!(
            "On {on} you received my request for information under the Freedom of Information Act 2000."
        ),
        "council-complaint" => format!(
            "On {on} I made a complaint to the council about {child}’s special educational needs provision."
        ),
        "plan-transfer" => {
            format!("On {on} the council learned that {child} was moving to a new council area.")
        }
        "reassessment" => {
            format!("On {on} the council received a request for a reassessment of {child}’s needs.")
        }
        _ => format!("{}: {on}.", clock.start_label),
    }
}

/// What the letter asks for, by step; a general request otherwise.
fn ask(step: &str, child: &str) -> String {
    match step {
        "decide-to-assess" => {
            "tell me in writing whether you will carry out an EHC needs assessment".into()
        }
        "advice-returned" => {
            "tell me which advice is still outstanding, who it is from and when it will arrive"
                .into()
        }
        "final-plan" | "issue-plan" => format!("issue {child}’s final EHC plan"),
        "draft-plan" => format!("issue {child}’s draft EHC plan"),
        "council-decision" => format!(
            "send me your decision following {child}’s annual review, with any proposed amendments and the evidence for them"
        ),
        "final-amended-plan" | "amended-plan" | "amended-plan-section-i" => {
            format!("issue {child}’s final amended EHC plan")
        }
        "next-review" => format!("arrange {child}’s annual review"),
        "review-report" => {
            "send the report of the review meeting to everyone who was invited".into()
        }
        "notify-assessment" => {
            "confirm in writing that you will carry out the EHC needs assessment".into()
        }
        "response" | "extended-response" => "send me the information I asked for".into(),
        "stage-1-acknowledged" | "stage-2-acknowledged" => "acknowledge my complaint".into(),
        "stage-1-reply" | "stage-2-reply" => "send me your full reply to my complaint".into(),
        "transfer" => format!("transfer {child}’s EHC plan to the new council"),
        "new-council-tells-you" => {
            "tell me whether you will reassess and when you will review the plan".into()
        }
        "new-council-review" => format!("arrange a review of {child}’s EHC plan"),
        "decide" => "tell me whether you will carry out a reassessment".into(),
        "mediation-held" => "arrange the mediation".into(),
        "certificate-declined" | "certificate-after-mediation" => {
            "issue the mediation certificate".into()
        }
        _ => "do what the regulations require without further delay".into(),
    }
}

fn greeting_and_escalation(who: Actor, process: &str) -> (&'static str, &'static str) {
    match (who, process) {
        (Actor::Organisation, "subject-access-request") => (
            "Dear Data Protection Officer,",
            "If I do not receive a full response by then, I will complain to the Information Commissioner’s Office.",
        ),
        (Actor::Organisation, _) => (
            "Dear Sir or Madam,",
            "If I do not receive a full response by then, I will ask for an internal review and, if needed, complain to the Information Commissioner’s Office.",
        ),
        (Actor::School, _) => (
            "Dear Headteacher,",
            "If I do not hear from you by then, I will ask the council, which is responsible for the plan, to make sure this is done.",
        ),
        (Actor::MediationAdviser, _) => (
            "Dear Sir or Madam,",
            "If I do not hear from you by then, I will raise this with the council that commissions the mediation service.",
        ),
        _ => (
            "Dear Sir or Madam,",
            "If I do not hear from you by then, I will make a formal complaint under the council’s complaints procedure and may refer the matter to the Local Government and Social Care Ombudsman. I am keeping a dated record of this correspondence.",
        ),
    }
}

/// Drafts a chasing letter for a step of a clock that someone other than the family has missed.
pub fn chasing_letter(case: &Case, clock: &Clock, step: &str, today: NaiveDate) -> Result<Letter> {
    let deadline = clock
        .deadlines
        .iter()
        .find(|d| d.step == step)
        .ok_or_else(|| {
            CoreError::invalid(
                "step",
                format!("“{step}” is not a step of “{}”.", clock.process_title),
            )
        })?;
    if deadline.who == Actor::Parent {
        return Err(CoreError::invalid(
            "step",
            "This deadline is yours, not someone else’s, so there is nothing to chase. Casefile can remind you of it instead.",
        ));
    }
    if let Some(only_if) = &deadline.only_if
        && deadline.status == DeadlineStatus::Overdue
    {
        // A conditional step that is merely overdue may not apply at all (legal audit 2026,
        // item 8): a letter would allege a breach that may not have happened.
        return Err(CoreError::invalid(
            "step",
            format!(
                "This deadline applies only in some cases (“{only_if}”). Once you know it applies, record it as missed; then Casefile can draft the letter."
            ),
        ));
    }
    let due = match (deadline.status, deadline.due) {
        (
            DeadlineStatus::Overdue | DeadlineStatus::Missed | DeadlineStatus::ExceptionClaimed,
            Some(due),
        ) => due,
        _ => {
            return Err(CoreError::invalid(
                "step",
                "A chasing letter can be drafted once a deadline has passed without being met.",
            ));
        }
    };
    let child = case.child_name.as_str();
    let reply_by = WorkingDays::EnglandAndWales.add(today, REPLY_WORKING_DAYS);
    let days_late = (today - due).num_days();
    let (greeting, escalation) = greeting_and_escalation(deadline.who, &clock.process);
    let recipient = match deadline.who {
        Actor::Council => council_address(case),
        Actor::School => case
            .school
            .clone()
            .unwrap_or_else(|| "[School or setting]".into()),
        _ => "[Name of the organisation]".into(),
    };
    let dob = date_of_birth_words(case);
    // The letter is read by the council and perhaps the Tribunal: the rules' "tells you" names
    // the parent in the third person there (the council is the letter's "you").
    let subject = format!(
        "{child}{dob}: {} (due {})",
        casefile_rules::third_person(&deadline.title),
        long(due)
    );
    let claimed = deadline
        .exceptions
        .iter()
        .find(|f| f.verdict == casefile_rules::ExceptionVerdict::Applies);
    let late = if let Some(claim) = claimed {
        let kind = casefile_rules::ExceptionKind::from_key(&claim.kind)
            .map_or(claim.kind.as_str(), |k| k.def().label);
        format!(
            "It has not happened. You have told me that you rely on an exception ({}: {}). Even where that applies, the law still requires you to act as soon as practicable ({}), and it is now {} day{} after the date the regulations set.",
            kind.trim_end_matches('.'),
            claim.reason.trim_end_matches('.'),
            claim.source,
            days_late,
            if days_late == 1 { "" } else { "s" }
        )
    } else if deadline.status == DeadlineStatus::Missed {
        "This has not happened.".to_owned()
    } else {
        format!(
            "As of today it has not happened: it is {} day{} overdue.",
            days_late,
            if days_late == 1 { "" } else { "s" }
        )
    };
    let reference = case
        .tribunal_reference
        .as_ref()
        .map(|r| format!("\nTribunal reference: {r}"))
        .unwrap_or_default();
    let text = format!(
        "[Your name]\n[Your address]\n\n{today_long}\n\n{recipient}\n\n{greeting}\n\nRe: {subject}{reference}\n\n\
         {context}\n\n\
         {rule} ({source}). In {child}’s case this was due by {due_long}. {late}\n\n\
         Please {ask} by {reply_long}, and tell me in writing what you will do and when. {escalation}\n\n\
         Yours faithfully,\n\n[Your name]\n",
        today_long = long(today),
        context = context(clock, child),
        rule = casefile_rules::third_person(deadline.rule.trim_end_matches('.')),
        source = deadline.source,
        due_long = long(due),
        ask = ask(step, child),
        reply_long = long(reply_by),
    );
    let file_stem = safe_file_stem(&format!(
        "Chasing letter - {child} - {}",
        today.format("%Y-%m-%d")
    ));
    Ok(Letter {
        file_stem,
        subject,
        text,
        reply_by,
    })
}

impl Store {
    /// Drafts a chasing letter for one step of a clock (see [`chasing_letter`]).
    pub fn draft_chasing_letter(
        &self,
        clock_id: i64,
        step: &str,
        today: NaiveDate,
    ) -> Result<Letter> {
        let clock = self.clock(clock_id, today)?;
        let case = self.case(clock.case_id)?;
        chasing_letter(&case, &clock, step, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;
    use crate::records::clocks::ClockStart;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn setup(process: &str, start: &str) -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Maya Patel".into(),
                date_of_birth: Some("2016-09-14".into()),
                local_authority: Some("Kent County Council".into()),
                ..CaseDetails::default()
            })
            .expect("case");
        let clock = store
            .start_clock(
                case.id,
                &ClockStart {
                    process: process.into(),
                    started_on: start.into(),
                    label: None,
                },
                d("2026-11-25"),
            )
            .expect("clock");
        (dir, store, clock.id)
    }

    /// Found by a usability test: the letter is written to the council, yet it said "the council
    /// must decide … and tell you within 6 weeks" and "Re: … Council tells you whether it will
    /// assess", as if the council were the one to be told.
    #[test]
    fn a_letter_to_the_council_speaks_of_the_parent_in_the_third_person() {
        let (_dir, store, clock) = setup("ehc-needs-assessment", "2026-10-12");
        // Due 6 weeks after Mon 12 Oct 2026: Mon 23 Nov 2026; chased on Tue 1 Dec 2026.
        let letter = store
            .draft_chasing_letter(clock, "decide-to-assess", d("2026-12-01"))
            .expect("letter");
        assert_eq!(
            letter.subject,
            "Maya Patel, date of birth 14 September 2016: Council tells the parent whether it will assess (due 23 November 2026)"
        );
        let t = &letter.text;
        assert!(
            t.contains("The council must decide whether to carry out an EHC needs assessment and tell the parent within 6 weeks of receiving the request"),
            "{t}"
        );
        assert!(!t.contains("tell you"), "{t}");
    }

    #[test]
    fn a_late_final_plan_letter_cites_the_regulation_the_dates_and_a_reply_date() {
        let (_dir, store, clock) = setup("ehc-needs-assessment", "2026-01-12");
        let letter = store
            .draft_chasing_letter(clock, "final-plan", d("2026-06-10"))
            .expect("letter");
        assert_eq!(
            letter.subject,
            "Maya Patel, date of birth 14 September 2016: Council issues the final EHC plan (due 1 June 2026)"
        );
        let t = &letter.text;
        assert!(t.contains("Kent County Council\nSEND team"), "{t}");
        assert!(t.contains("On 12 January 2026 the council received a request for an EHC needs assessment for Maya Patel."), "{t}");
        assert!(
            t.contains("receiving the request (or becoming responsible for the child) (SEND Regs 2014 reg 13(2)). In Maya Patel’s case"),
            "{t}"
        );
        assert!(t.contains("this was due by 1 June 2026. As of today it has not happened: it is 9 days overdue."), "{t}");
        // 10 working days from Wed 10 Jun 2026.
        assert_eq!(letter.reply_by, d("2026-06-24"));
        assert!(
            t.contains("Please issue Maya Patel’s final EHC plan by 24 June 2026"),
            "{t}"
        );
        assert!(
            t.contains("Local Government and Social Care Ombudsman"),
            "{t}"
        );
    }

    #[test]
    fn no_letter_for_the_familys_own_deadline_or_one_not_yet_passed() {
        let (_dir, store, clock) = setup("appeal", "2026-03-10");
        let err = store
            .draft_chasing_letter(clock, "appeal-deadline", d("2026-11-25"))
            .expect_err("own deadline");
        assert!(err.to_string().contains("This deadline is yours"), "{err}");
        let (_dir, store, clock) = setup("ehc-needs-assessment", "2026-11-02");
        let err = store
            .draft_chasing_letter(clock, "final-plan", d("2026-11-25"))
            .expect_err("not yet due");
        assert!(
            err.to_string().contains("once a deadline has passed"),
            "{err}"
        );
    }

    #[test]
    fn a_conditional_step_is_chased_only_once_recorded_as_missed() {
        // Request Mon 12 Jan 2026: a refusal to issue a plan was due by Mon 4 May 2026
        // (16 weeks). On 25 Nov it is overdue, but the council may simply have issued a plan.
        let (_dir, mut store, clock) = setup("ehc-needs-assessment", "2026-01-12");
        let err = store
            .draft_chasing_letter(clock, "decide-not-to-issue", d("2026-11-25"))
            .expect_err("merely overdue");
        assert!(
            err.to_string().contains("applies only in some cases"),
            "{err}"
        );
        store
            .record_step_outcome(
                clock,
                "decide-not-to-issue",
                crate::records::clocks::OutcomeKind::Missed,
                None,
                None,
                d("2026-11-25"),
            )
            .expect("missed");
        let letter = store
            .draft_chasing_letter(clock, "decide-not-to-issue", d("2026-11-25"))
            .expect("letter once missed");
        assert!(letter.text.contains("4 May 2026"), "{}", letter.text);
    }

    #[test]
    fn a_letter_for_a_step_with_a_claimed_exception_asks_for_action_as_soon_as_practicable() {
        // Request Mon 12 Jan 2026: final plan due Mon 1 Jun 2026 (20 weeks). The council says the
        // family was away Sat 4 Apr to Sat 9 May 2026 (35 days, 5 weeks: at least 4).
        let (_dir, mut store, clock) = setup("ehc-needs-assessment", "2026-01-12");
        store
            .record_clock_exception(
                clock,
                &crate::records::clocks::ExceptionInput {
                    kind: "absent-from-area".into(),
                    from: Some("2026-04-04".into()),
                    to: Some("2026-05-09".into()),
                    steps: vec!["final-plan".into()],
                    ..Default::default()
                },
                d("2026-06-10"),
            )
            .expect("exception");
        let letter = store
            .draft_chasing_letter(clock, "final-plan", d("2026-06-10"))
            .expect("letter");
        let t = &letter.text;
        assert!(t.contains("as soon as practicable"), "{t}");
        assert!(t.contains("reg 13(3)"), "{t}");
        assert!(t.contains("1 June 2026"), "{t}");
        assert!(t.contains("9 days after"), "{t}");
    }

    #[test]
    fn a_subject_access_letter_goes_to_the_data_protection_officer_and_mentions_the_ico() {
        let (_dir, store, clock) = setup("subject-access-request", "2026-09-01");
        let letter = store
            .draft_chasing_letter(clock, "response", d("2026-11-25"))
            .expect("letter");
        assert!(letter.text.contains("Dear Data Protection Officer,"));
        assert!(letter.text.contains("Information Commissioner’s Office"));
        assert!(
            letter
                .file_stem
                .starts_with("Chasing letter - Maya Patel - 2026-11-25")
        );
    }
}
