//! Cases: one per child, with the facts every other record hangs on.

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{Checks, CoreError, Result};
use crate::records::text::{optional_line, required_line};
use crate::store::{Store, now_timestamp};

/// Longest child's name, council or school name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest tribunal reference accepted, in characters (real ones look like `EH123/24/00045`).
pub const MAX_REFERENCE_CHARS: usize = 50;

/// Where the child's Education, Health and Care plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EhcpStatus {
    /// No plan and no request yet.
    #[default]
    None,
    /// An EHC needs assessment has been requested.
    Requested,
    /// The council agreed to assess and is assessing.
    Assessing,
    /// A draft plan has been issued.
    Draft,
    /// A final plan is in place.
    Final,
    /// An appeal to the SEND Tribunal is under way.
    UnderAppeal,
}

impl EhcpStatus {
    pub const ALL: [EhcpStatus; 6] = [
        EhcpStatus::None,
        EhcpStatus::Requested,
        EhcpStatus::Assessing,
        EhcpStatus::Draft,
        EhcpStatus::Final,
        EhcpStatus::UnderAppeal,
    ];

    /// The stored and command-line name (`under_appeal`).
    pub fn as_str(self) -> &'static str {
        match self {
            EhcpStatus::None => "none",
            EhcpStatus::Requested => "requested",
            EhcpStatus::Assessing => "assessing",
            EhcpStatus::Draft => "draft",
            EhcpStatus::Final => "final",
            EhcpStatus::UnderAppeal => "under_appeal",
        }
    }

    /// Plain-English wording for people.
    pub fn label(self) -> &'static str {
        match self {
            EhcpStatus::None => "No EHC plan",
            EhcpStatus::Requested => "Assessment requested",
            EhcpStatus::Assessing => "Being assessed",
            EhcpStatus::Draft => "Draft plan issued",
            EhcpStatus::Final => "Final plan in place",
            EhcpStatus::UnderAppeal => "Under appeal",
        }
    }

    /// Accepts `under_appeal`, `under-appeal` or `Under appeal`.
    pub fn parse(text: &str) -> Result<EhcpStatus> {
        let wanted = text.trim().to_lowercase().replace(['-', ' '], "_");
        EhcpStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted)
            .ok_or_else(|| {
                CoreError::invalid(
                    "ehcp_status",
                    format!(
                        "“{}” is not an EHC plan status. Use one of: {}.",
                        text.trim(),
                        EhcpStatus::ALL.map(EhcpStatus::as_str).join(", ")
                    ),
                )
            })
    }
}

/// A child's case as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Case {
    #[ts(type = "number")]
    pub id: i64,
    pub child_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub local_authority: Option<String>,
    pub school: Option<String>,
    pub ehcp_status: EhcpStatus,
    pub tribunal_reference: Option<String>,
    /// A fictional case made by `casefile demo`.
    pub is_demo: bool,
    /// When the case was archived (RFC 3339), or null while active.
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a person types to create or edit a case. Text as typed: the core trims and checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CaseDetails {
    pub child_name: String,
    /// `YYYY-MM-DD`, or blank.
    pub date_of_birth: Option<String>,
    pub local_authority: Option<String>,
    pub school: Option<String>,
    pub ehcp_status: EhcpStatus,
    pub tribunal_reference: Option<String>,
}

/// Which cases to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseFilter {
    #[default]
    Active,
    Archived,
    All,
}

/// Checked, normalised case details, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct ValidCase {
    child_name: String,
    date_of_birth: Option<NaiveDate>,
    local_authority: Option<String>,
    school: Option<String>,
    ehcp_status: EhcpStatus,
    tribunal_reference: Option<String>,
}

impl CaseDetails {
    fn validate(&self, today: NaiveDate) -> Result<ValidCase> {
        // Every box is checked, so an empty name and an impossible date are reported together.
        let mut checks = Checks::default();
        let valid = ValidCase {
            child_name: checks.take(required_line(
                "child_name",
                "The child's name",
                &self.child_name,
                MAX_NAME_CHARS,
                "Enter the child's name.",
            ))?,
            date_of_birth: checks
                .take(parse_date_of_birth(self.date_of_birth.as_deref(), today))?,
            local_authority: checks.take(optional_line(
                "local_authority",
                "The local authority",
                self.local_authority.as_deref(),
                MAX_NAME_CHARS,
            ))?,
            school: checks.take(optional_line(
                "school",
                "The school or setting",
                self.school.as_deref(),
                MAX_NAME_CHARS,
            ))?,
            ehcp_status: self.ehcp_status,
            tribunal_reference: checks.take(optional_line(
                "tribunal_reference",
                "The tribunal reference",
                self.tribunal_reference.as_deref(),
                MAX_REFERENCE_CHARS,
            ))?,
        };
        checks.finish()?;
        Ok(valid)
    }
}

/// Parses an ISO date of birth; refuses impossible, future and implausibly old dates.
fn parse_date_of_birth(text: Option<&str>, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let invalid = |message: String| CoreError::invalid("date_of_birth", message);
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        invalid(crate::records::text::date_problem(
            "the date of birth",
            text,
        ))
    })?;
    if date > today {
        return Err(invalid(
            "The date of birth is in the future. Check the year.".into(),
        ));
    }
    // EHC plans run to age 25 (CFA 2014 s.83(2)); allow a margin, refuse obvious typos.
    let oldest = today
        .checked_sub_months(Months::new(12 * 30))
        .unwrap_or(NaiveDate::MIN);
    if date < oldest {
        return Err(invalid(
            "That date of birth is more than 30 years ago. Casefile is for children and young people up to 25; check the year.".into(),
        ));
    }
    Ok(Some(date))
}

/// Today's date on this computer's clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

const CASE_COLUMNS: &str = "id, child_name, date_of_birth, local_authority, school, ehcp_status, \
     tribunal_reference, is_demo, archived_at, created_at, updated_at";

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    let status: String = r.get(5)?;
    Ok(Case {
        id: r.get(0)?,
        child_name: r.get(1)?,
        date_of_birth: r.get(2)?,
        local_authority: r.get(3)?,
        school: r.get(4)?,
        // The CHECK constraint admits only known names; fall back rather than fail to read.
        ehcp_status: EhcpStatus::parse(&status).unwrap_or_default(),
        tribunal_reference: r.get(6)?,
        is_demo: r.get(7)?,
        archived_at: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

impl Store {
    /// Creates a case and returns it as stored.
    pub fn create_case(&mut self, details: &CaseDetails) -> Result<Case> {
        self.insert_case(details, false)
    }

    pub(crate) fn insert_case(&mut self, details: &CaseDetails, is_demo: bool) -> Result<Case> {
        let valid = details.validate(today())?;
        let id = self.write(|tx| {
            let now = now_timestamp();
            tx.execute(
                "INSERT INTO cases (child_name, date_of_birth, local_authority, school, ehcp_status, \
                 tribunal_reference, is_demo, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    valid.child_name,
                    valid.date_of_birth,
                    valid.local_authority,
                    valid.school,
                    valid.ehcp_status.as_str(),
                    valid.tribunal_reference,
                    is_demo,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(tx, Some(id), "case.created", &valid)?;
            Ok(id)
        })?;
        self.case(id)
    }

    /// Replaces a case's details.
    pub fn update_case(&mut self, id: i64, details: &CaseDetails) -> Result<Case> {
        let valid = details.validate(today())?;
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE cases SET child_name = ?2, date_of_birth = ?3, local_authority = ?4, school = ?5, \
                 ehcp_status = ?6, tribunal_reference = ?7, updated_at = ?8 WHERE id = ?1",
                params![
                    id,
                    valid.child_name,
                    valid.date_of_birth,
                    valid.local_authority,
                    valid.school,
                    valid.ehcp_status.as_str(),
                    valid.tribunal_reference,
                    now_timestamp()
                ],
            )?;
            if changed == 0 {
                return Err(CoreError::NotFound { what: "case", id });
            }
            audit::record(tx, Some(id), "case.updated", &valid)
        })?;
        self.case(id)
    }

    /// Moves a case out of the main list. Nothing is deleted; it can be restored.
    pub fn archive_case(&mut self, id: i64) -> Result<Case> {
        self.set_archived(id, true)
    }

    /// Brings an archived case back into the main list.
    pub fn restore_case(&mut self, id: i64) -> Result<Case> {
        self.set_archived(id, false)
    }

    fn set_archived(&mut self, id: i64, archived: bool) -> Result<Case> {
        self.write(|tx| {
            let now = now_timestamp();
            let changed = tx.execute(
                "UPDATE cases SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, ?3) END, \
                 updated_at = ?3 WHERE id = ?1",
                params![id, archived, now],
            )?;
            if changed == 0 {
                return Err(CoreError::NotFound { what: "case", id });
            }
            let action = if archived {
                "case.archived"
            } else {
                "case.restored"
            };
            audit::record(tx, Some(id), action, &serde_json::json!({}))
        })?;
        self.case(id)
    }

    /// One case by its number.
    pub fn case(&self, id: i64) -> Result<Case> {
        self.conn
            .query_row(
                &format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"),
                [id],
                case_from_row,
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "case", id })
    }

    /// Cases in alphabetical order of the child's name (case-insensitive), then by number.
    pub fn list_cases(&self, filter: CaseFilter) -> Result<Vec<Case>> {
        let condition = match filter {
            CaseFilter::Active => "WHERE archived_at IS NULL",
            CaseFilter::Archived => "WHERE archived_at IS NOT NULL",
            CaseFilter::All => "",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CASE_COLUMNS} FROM cases {condition} ORDER BY lower(child_name), id"
        ))?;
        let rows = stmt.query_map([], case_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("open store");
        (dir, store)
    }

    fn details(name: &str) -> CaseDetails {
        CaseDetails {
            child_name: name.into(),
            ..CaseDetails::default()
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_case_is_created_with_all_its_details() {
        let (_dir, mut store) = open();
        let case = store
            .create_case(&CaseDetails {
                child_name: "  Maya Patel ".into(),
                date_of_birth: Some("2016-09-14".into()),
                local_authority: Some("Kent County Council".into()),
                school: Some("Oakfield Primary".into()),
                ehcp_status: EhcpStatus::Assessing,
                tribunal_reference: Some("".into()),
            })
            .expect("create");
        assert_eq!(case.child_name, "Maya Patel");
        assert_eq!(case.date_of_birth, Some(day("2016-09-14")));
        assert_eq!(case.local_authority.as_deref(), Some("Kent County Council"));
        assert_eq!(case.school.as_deref(), Some("Oakfield Primary"));
        assert_eq!(case.ehcp_status, EhcpStatus::Assessing);
        assert_eq!(case.tribunal_reference, None, "blank becomes none");
        assert!(case.archived_at.is_none());
        assert!(!case.is_demo);
        assert_eq!(store.case(case.id).expect("read back"), case);
    }

    #[test]
    fn editing_a_case_changes_it_and_records_the_change() {
        let (_dir, mut store) = open();
        let case = store.create_case(&details("Sam")).expect("create");
        let edited = store
            .update_case(
                case.id,
                &CaseDetails {
                    child_name: "Sam Jones".into(),
                    ehcp_status: EhcpStatus::UnderAppeal,
                    tribunal_reference: Some("EH123/26/00045".into()),
                    ..CaseDetails::default()
                },
            )
            .expect("update");
        assert_eq!(edited.child_name, "Sam Jones");
        assert_eq!(edited.ehcp_status, EhcpStatus::UnderAppeal);
        assert_eq!(edited.tribunal_reference.as_deref(), Some("EH123/26/00045"));
        assert_eq!(edited.created_at, case.created_at);
        let actions: Vec<String> = store
            .audit_for_case(case.id)
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["case.created", "case.updated"]);
    }

    #[test]
    fn archived_cases_leave_the_main_list_and_can_be_restored() {
        let (_dir, mut store) = open();
        let a = store.create_case(&details("Alfie")).expect("create");
        let b = store.create_case(&details("Bea")).expect("create");
        let archived = store.archive_case(a.id).expect("archive");
        assert!(archived.archived_at.is_some());
        let names = |store: &Store, f| -> Vec<String> {
            store
                .list_cases(f)
                .expect("list")
                .into_iter()
                .map(|c| c.child_name)
                .collect()
        };
        assert_eq!(names(&store, CaseFilter::Active), ["Bea"]);
        assert_eq!(names(&store, CaseFilter::Archived), ["Alfie"]);
        assert_eq!(names(&store, CaseFilter::All), ["Alfie", "Bea"]);
        store.restore_case(a.id).expect("restore");
        assert_eq!(names(&store, CaseFilter::Active), ["Alfie", "Bea"]);
        assert_eq!(store.case(b.id).expect("b").archived_at, None);
    }

    #[test]
    fn the_list_is_alphabetical_regardless_of_capitals() {
        let (_dir, mut store) = open();
        for name in ["zara", "Amir", "beth"] {
            store.create_case(&details(name)).expect("create");
        }
        let names: Vec<String> = store
            .list_cases(CaseFilter::Active)
            .expect("list")
            .into_iter()
            .map(|c| c.child_name)
            .collect();
        assert_eq!(names, ["Amir", "beth", "zara"]);
    }

    #[test]
    fn names_in_many_scripts_round_trip_exactly() {
        let (dir, mut store) = open();
        let names = [
            "Zoë O'Brien-Ćwikła",
            "محمد عبد الله",
            "李小龍",
            "Ярослава Ковальчук",
            "Ngozi Ọkọnjọ-Iweala",
            "Leo 🦖 Smith",
            "श्रेया",
        ];
        let ids: Vec<i64> = names
            .iter()
            .map(|n| store.create_case(&details(n)).expect("create").id)
            .collect();
        drop(store);
        let store = Store::open(dir.path()).expect("reopen");
        for (id, name) in ids.iter().zip(names) {
            assert_eq!(store.case(*id).expect("read").child_name, name);
        }
    }

    #[test]
    fn an_empty_name_is_refused_with_a_clear_message_and_nothing_is_stored() {
        let (_dir, mut store) = open();
        for blank in ["", "   ", "\t"] {
            let err = store.create_case(&details(blank)).expect_err("blank name");
            assert_eq!(err.to_string(), "Enter the child's name.");
            assert_eq!(err.kind(), "invalid");
        }
        assert!(store.list_cases(CaseFilter::All).expect("list").is_empty());
    }

    /// Found by a usability test: an empty name and an impossible date of birth showed only the
    /// name's problem, so the parent corrected one, pressed Create, and met the next.
    #[test]
    fn every_problem_of_the_case_form_is_reported_at_once() {
        let (_dir, mut store) = open();
        let mut bad = details("");
        bad.date_of_birth = Some("2016-02-31".into());
        bad.tribunal_reference = Some("E".repeat(51));
        let err = store.create_case(&bad).expect_err("refused");
        assert_eq!(err.kind(), "invalid");
        assert_eq!(err.field(), Some("child_name"));
        let fields: Vec<&str> = err.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["child_name", "date_of_birth", "tribunal_reference"]
        );
        assert_eq!(err.problems()[0].1, "Enter the child's name.");
        assert!(
            err.problems()[1]
                .1
                .starts_with("There is no 31 February 2016."),
            "{err}"
        );
        assert!(store.list_cases(CaseFilter::All).expect("list").is_empty());
    }

    #[test]
    fn a_ten_thousand_character_name_is_refused_with_a_clear_message() {
        let (_dir, mut store) = open();
        let err = store
            .create_case(&details(&"a".repeat(10_000)))
            .expect_err("long name");
        assert_eq!(
            err.to_string(),
            "The child's name is too long (10,000 characters). Use at most 200 characters."
        );
        assert!(store.list_cases(CaseFilter::All).expect("list").is_empty());
    }

    #[test]
    fn a_refused_edit_leaves_the_case_as_it_was() {
        let (_dir, mut store) = open();
        let case = store.create_case(&details("Priya")).expect("create");
        let bad = CaseDetails {
            child_name: "Priya".into(),
            date_of_birth: Some("2019-02-30".into()),
            ..CaseDetails::default()
        };
        let err = store.update_case(case.id, &bad).expect_err("30 February");
        assert!(
            err.to_string().contains("There is no 30 February 2019"),
            "{err}"
        );
        assert_eq!(store.case(case.id).expect("read"), case);
        assert_eq!(store.audit_for_case(case.id).expect("audit").len(), 1);
    }

    #[test]
    fn dates_of_birth_in_the_future_or_too_long_ago_are_refused() {
        let today = day("2026-11-25");
        assert_eq!(
            parse_date_of_birth(Some("2016-01-31"), today).expect("ok"),
            Some(day("2016-01-31"))
        );
        assert_eq!(parse_date_of_birth(Some("  "), today).expect("blank"), None);
        let future = parse_date_of_birth(Some("2026-11-26"), today).expect_err("future");
        assert!(future.to_string().contains("in the future"));
        let old = parse_date_of_birth(Some("1970-05-01"), today).expect_err("old");
        assert!(old.to_string().contains("more than 30 years ago"));
        let words = parse_date_of_birth(Some("14/09/2016"), today).expect_err("format");
        assert!(words.to_string().contains("as numbers"), "{words}");
        // 2016 is a leap year (divisible by 4, not by 100): 29 February 2016 exists, 30 does not.
        let feb = parse_date_of_birth(Some("2016-02-30"), today).expect_err("30 Feb");
        assert_eq!(
            feb.to_string(),
            "There is no 30 February 2016. Check the day of the date of birth."
        );
    }

    #[test]
    fn missing_cases_are_reported_by_number() {
        let (_dir, mut store) = open();
        let err = store.archive_case(42).expect_err("missing");
        assert_eq!(err.kind(), "not_found");
        assert!(err.to_string().contains("no case with number 42"));
        assert!(store.update_case(42, &details("X")).is_err());
    }

    #[test]
    fn statuses_parse_from_their_names_and_labels() {
        assert_eq!(
            EhcpStatus::parse("under-appeal").expect("ok"),
            EhcpStatus::UnderAppeal
        );
        assert_eq!(
            EhcpStatus::parse("Under appeal").expect("ok"),
            EhcpStatus::UnderAppeal
        );
        assert_eq!(EhcpStatus::parse("FINAL").expect("ok"), EhcpStatus::Final);
        let err = EhcpStatus::parse("approved").expect_err("unknown");
        assert!(
            err.to_string()
                .contains("none, requested, assessing, draft, final, under_appeal")
        );
    }

    #[test]
    fn a_tribunal_reference_over_fifty_characters_is_refused() {
        let (_dir, mut store) = open();
        let err = store
            .create_case(&CaseDetails {
                child_name: "Kai".into(),
                tribunal_reference: Some("X".repeat(51)),
                ..CaseDetails::default()
            })
            .expect_err("long ref");
        assert!(
            err.to_string()
                .starts_with("The tribunal reference is too long")
        );
    }
}
