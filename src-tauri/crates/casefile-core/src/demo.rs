//! `casefile demo`: a fictional case so a newcomer sees Casefile with data in it.
//!
//! Every name here is invented and marked as such. Later capabilities add their own demo records.

use crate::cases::{Case, CaseDetails, CaseFilter, EhcpStatus};
use crate::clocks::{ClockStart, OutcomeKind};
use crate::error::Result;
use crate::parties::{PartyDetails, PartyKind};
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
    let dob = (crate::cases::today() - chrono::Days::new(9 * 365 + 120))
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
    Ok(DemoOutcome {
        case,
        created: true,
    })
}

/// An assessment that ran late and a recent annual review, dated relative to today so the demo
/// always shows a realistic mix of breaches, due-soon and upcoming deadlines.
fn add_demo_clocks(store: &mut Store, case: &Case) -> Result<()> {
    let today = crate::cases::today();
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
        let today = crate::cases::today();
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
