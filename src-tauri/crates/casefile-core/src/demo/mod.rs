//! `casefile demo`: a fictional case so a newcomer sees Casefile with data in it.
//!
//! Every name here is invented and marked as such. `documents` adds the demo's files and its
//! hearing bundle plan.

mod documents;

pub use documents::{add_demo_documents, create_demo};

use crate::error::Result;
use crate::records::cases::{Case, CaseDetails, CaseFilter, EhcpStatus};
use crate::records::clocks::{ClockStart, OutcomeKind};
use crate::records::parties::{PartyDetails, PartyKind};
use crate::store::Store;

/// The demo child's name; "(demo)" keeps it from being mistaken for a real family.
pub const DEMO_CHILD_NAME: &str = "Robin Example (demo)";

/// What `create_demo_case` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOutcome {
    pub case: Case,
    /// False when an active demo case already existed and was returned unchanged.
    pub created: bool,
}

/// Creates the fictional demo case, or returns the existing one.
pub fn create_demo_case(store: &mut Store) -> Result<DemoOutcome> {
    if let Some(case) = store
        .list_cases(CaseFilter::Active)?
        .into_iter()
        .find(|c| c.is_demo)
    {
        return Ok(DemoOutcome {
            case,
            created: false,
        });
    }
    let dob = (crate::records::cases::today() - chrono::Days::new(9 * 365 + 120))
        .format("%Y-%m-%d")
        .to_string();
    let case = store.insert_case(
        &CaseDetails {
            child_name: DEMO_CHILD_NAME.into(),
            date_of_birth: Some(dob),
            local_authority: Some("Northshire County Council (fictional)".into()),
            school: Some("Willowbrook Primary School (fictional)".into()),
            ehcp_status: EhcpStatus::Final,
            tribunal_reference: None,
        },
        true,
    )?;
    let council = store.add_party(
        case.id,
        &PartyDetails {
            kind: PartyKind::Organisation,
            name: "Northshire County Council SEND Team (fictional)".into(),
            role: Some("Local authority".into()),
            organisation_id: None,
            email: Some("send.team@northshire.example".into()),
            phone: None,
            notes: None,
        },
    )?;
    let school = store.add_party(
        case.id,
        &PartyDetails {
            kind: PartyKind::Organisation,
            name: "Willowbrook Primary School (fictional)".into(),
            role: Some("School".into()),
            organisation_id: None,
            email: None,
            phone: None,
            notes: None,
        },
    )?;
    for (name, role, org) in [
        ("Alex Sample", "SEND caseworker", council.id),
        ("Pat Placeholder", "SENCo", school.id),
    ] {
        store.add_party(
            case.id,
            &PartyDetails {
                kind: PartyKind::Person,
                name: name.into(),
                role: Some(role.into()),
                organisation_id: Some(org),
                email: None,
                phone: None,
                notes: Some("Fictional contact in the demo case.".into()),
            },
        )?;
    }
    add_demo_clocks(store, &case)?;
    add_demo_ledger(store, &case)?;
    Ok(DemoOutcome {
        case,
        created: true,
    })
}

/// A school calendar for the academic year starting in September of `year`, shaped like a
/// typical English school's (six half-terms, two INSET days).
fn demo_terms(year: i32) -> String {
    let on_or_after = |m: u32, d: u32, y: i32, wd: chrono::Weekday| {
        let mut day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        while day.weekday() != wd {
            day = day + chrono::Days::new(1);
        }
        day
    };
    use chrono::{Datelike, Weekday};
    let a1 = on_or_after(9, 1, year, Weekday::Wed);
    let a1_end = a1 + chrono::Days::new(7 * 7 + 2);
    let a2 = a1_end + chrono::Days::new(10);
    let a2_end = a2 + chrono::Days::new(6 * 7 + 4);
    let s1 = on_or_after(1, 5, year + 1, Weekday::Mon);
    let s1_end = s1 + chrono::Days::new(5 * 7 + 4);
    let s2 = s1_end + chrono::Days::new(10);
    let s2_end = s2 + chrono::Days::new(5 * 7 + 4);
    let u1 = s2_end + chrono::Days::new(17);
    let u1_end = u1 + chrono::Days::new(6 * 7 + 4);
    let u2 = u1_end + chrono::Days::new(10);
    let u2_end = u2 + chrono::Days::new(6 * 7 + 2);
    format!(
        "Autumn 1, {a1}, {a1_end}\nAutumn 2, {a2}, {a2_end}\nSpring 1, {s1}, {s1_end}\nSpring 2, {s2}, {s2_end}\nSummer 1, {u1}, {u1_end}\nSummer 2, {u2}, {u2_end}\nINSET, {a1}\nINSET, {s1}\n"
    )
}

/// Weekly speech and language therapy delivered patchily, and occupational therapy not delivered
/// at all for one term while the post was vacant (the pattern families most often report).
fn add_demo_ledger(store: &mut Store, case: &Case) -> Result<()> {
    use crate::records::provision::{ProvisionDetails, SessionDetails};
    use chrono::{Datelike, Days};
    let today = crate::records::cases::today();
    let this_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    store.import_term_dates(
        case.id,
        &(demo_terms(this_year - 1) + &demo_terms(this_year)),
        today,
    )?;
    let calendar = store.school_calendar(case.id)?;
    let start = calendar.blocks.first().map_or(today, |b| b.starts);
    let salt = store.add_provision(
        case.id,
        &ProvisionDetails {
            section: "F".into(),
            title: "Speech and language therapy".into(),
            wording: "Robin will receive 45 minutes of direct speech and language therapy each week in term time, delivered by a qualified speech and language therapist, plus a termly review of targets with school staff.".into(),
            provider: Some("Northshire Community SaLT (fictional)".into()),
            sessions: 1,
            per: "week".into(),
            minutes: 45,
            term_time_only: true,
            from: start.to_string(),
            ..ProvisionDetails::default()
        },
    )?;
    let ot = store.add_provision(
        case.id,
        &ProvisionDetails {
            section: "F".into(),
            title: "Occupational therapy".into(),
            wording: "Robin will have access to occupational therapy as required.".into(),
            provider: Some("Northshire OT service (fictional)".into()),
            sessions: 6,
            per: "term".into(),
            minutes: 60,
            term_time_only: true,
            from: start.to_string(),
            ..ProvisionDetails::default()
        },
    )?;
    // SaLT: each school week's Tuesday (or its first school day): mostly delivered, every fifth
    // week missed by the service, one week off ill, the last few weeks not yet logged.
    let mut week = 0;
    let mut day = start;
    let cutoff = today - Days::new(21);
    while day <= cutoff {
        if calendar.is_school_day(day) && day.weekday() == chrono::Weekday::Tue {
            week += 1;
            let (status, by, reason) = match week {
                w if w % 5 == 0 => (
                    "cancelled",
                    Some("provider"),
                    Some("Therapist off; no cover (fictional)"),
                ),
                7 => ("missed", Some("child"), Some("Robin off school ill")),
                w if w % 9 == 0 => (
                    "partial",
                    None,
                    Some("Session cut short for a school assembly"),
                ),
                _ => ("delivered", None, None),
            };
            store.log_session(
                salt.id,
                &SessionDetails {
                    date: day.to_string(),
                    status: status.into(),
                    minutes: (status == "partial").then_some(25),
                    by: by.map(Into::into),
                    reason: reason.map(Into::into),
                    catch_up: false,
                    evidence: None,
                },
                today,
            )?;
        }
        day = day + Days::new(1);
    }
    // OT: the first term delivered, the spring term not at all (post vacant).
    let mut logged = 0;
    for block in calendar.blocks.iter().filter(|b| b.ends < today) {
        let spring = block.term_name() == "Spring";
        let mut d = block.starts;
        while d <= block.ends && logged < 6 * 3 {
            if calendar.is_school_day(d)
                && d.weekday() == chrono::Weekday::Thu
                && (d.day() % 14 < 7)
            {
                store.log_session(
                    ot.id,
                    &SessionDetails {
                        date: d.to_string(),
                        status: if spring { "cancelled" } else { "delivered" }.into(),
                        by: spring.then(|| "provider".into()),
                        reason: spring.then(|| "OT post vacant (fictional)".into()),
                        ..SessionDetails::default()
                    },
                    today,
                )?;
                logged += 1;
            }
            d = d + Days::new(1);
        }
    }
    Ok(())
}

/// An assessment that ran late and a recent annual review, dated relative to today so the demo
/// always shows a realistic mix of breaches, due-soon and upcoming deadlines.
fn add_demo_clocks(store: &mut Store, case: &Case) -> Result<()> {
    let today = crate::records::cases::today();
    let ago = |days: u64| {
        (today - chrono::Days::new(days))
            .format("%Y-%m-%d")
            .to_string()
    };

    let assessment = store.start_clock(
        case.id,
        &ClockStart {
            process: "ehc-needs-assessment".into(),
            started_on: ago(420),
            label: Some("First request (demo)".into()),
        },
        today,
    )?;
    store.record_step_outcome(
        assessment.id,
        "decide-to-assess",
        OutcomeKind::Met,
        Some(&ago(371)),
        Some("Agreed to assess, 7 weeks after the request (fictional letter)."),
        today,
    )?;
    store.record_clock_event(assessment.id, "advice-requested", &ago(365), today)?;
    store.record_step_outcome(
        assessment.id,
        "advice-returned",
        OutcomeKind::Met,
        Some(&ago(300)),
        Some("Educational psychologist's report arrived late."),
        today,
    )?;
    store.record_step_outcome(
        assessment.id,
        "decide-not-to-issue",
        OutcomeKind::NotApplicable,
        None,
        None,
        today,
    )?;
    store.record_clock_event(assessment.id, "draft-served", &ago(250), today)?;
    store.record_step_outcome(
        assessment.id,
        "draft-comments",
        OutcomeKind::Met,
        Some(&ago(240)),
        None,
        today,
    )?;
    store.record_step_outcome(
        assessment.id,
        "final-plan",
        OutcomeKind::Met,
        Some(&ago(210)),
        Some("Final plan issued 30 weeks after the request."),
        today,
    )?;

    let review = store.start_clock(
        case.id,
        &ClockStart {
            process: "annual-review".into(),
            started_on: ago(20),
            label: Some("Annual review (demo)".into()),
        },
        today,
    )?;
    store.record_step_outcome(
        review.id,
        "invitations",
        OutcomeKind::Met,
        Some(&ago(40)),
        None,
        today,
    )?;
    store.record_step_outcome(
        review.id,
        "advice-circulated",
        OutcomeKind::Met,
        Some(&ago(30)),
        Some("Reports sent round only 10 days before the meeting."),
        today,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_case_is_fictional_complete_and_made_once() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let first = create_demo_case(&mut store).expect("demo");
        assert!(first.created);
        assert!(first.case.is_demo);
        assert!(first.case.child_name.contains("(demo)"));
        assert!(
            first
                .case
                .local_authority
                .as_deref()
                .unwrap_or("")
                .contains("fictional")
        );
        assert!(first.case.date_of_birth.is_some());
        assert_eq!(store.list_parties(first.case.id).expect("parties").len(), 4);
        let today = crate::records::cases::today();
        let clocks = store.clocks_for_case(first.case.id, today).expect("clocks");
        assert_eq!(clocks.len(), 2);
        let late_plan = clocks[0]
            .deadlines
            .iter()
            .find(|d| d.step == "final-plan")
            .expect("final plan");
        assert_eq!(
            late_plan.status,
            casefile_rules::DeadlineStatus::MetLate,
            "the demo assessment ran late"
        );
        assert!(late_plan.breach);
        let review = store
            .case_deadlines(first.case.id, today)
            .expect("deadlines");
        assert!(review.iter().any(|d| d.deadline.step == "council-decision"
            && d.deadline.status == casefile_rules::DeadlineStatus::DueSoon));

        let second = create_demo_case(&mut store).expect("demo again");
        assert!(!second.created);
        assert_eq!(second.case.id, first.case.id);
        assert_eq!(store.list_cases(CaseFilter::All).expect("list").len(), 1);
    }
}
