//! `casefile demo`: a fictional case so a newcomer sees Casefile with data in it.
//!
//! Every name here is invented and marked as such. Later capabilities add their own demo records.

use crate::cases::{Case, CaseDetails, CaseFilter, EhcpStatus};
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
    Ok(DemoOutcome {
        case,
        created: true,
    })
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

        let second = create_demo_case(&mut store).expect("demo again");
        assert!(!second.created);
        assert_eq!(second.case.id, first.case.id);
        assert_eq!(store.list_cases(CaseFilter::All).expect("list").len(), 1);
    }
}
