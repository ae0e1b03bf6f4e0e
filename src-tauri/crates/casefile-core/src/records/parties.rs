//! The people-and-organisations register of a case: caseworkers, SENCos, therapists, councils.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::records::cases::MAX_NAME_CHARS;
use crate::records::text::{optional_line, required_line};
use crate::store::{Store, now_timestamp};

/// A person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartyKind {
    Person,
    Organisation,
}

impl PartyKind {
    fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Organisation => "organisation",
        }
    }
}

/// Someone the family deals with, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Party {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub kind: PartyKind,
    pub name: String,
    /// e.g. "SEND caseworker", "SENCo", "Speech and language therapist".
    pub role: Option<String>,
    /// The organisation a person works for.
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
}

/// What a person types to add someone to the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyDetails {
    pub kind: PartyKind,
    pub name: String,
    pub role: Option<String>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
}

impl Store {
    /// Adds a person or organisation to a case's register.
    pub fn add_party(&mut self, case_id: i64, details: &PartyDetails) -> Result<Party> {
        let name = required_line(
            "name",
            "The name",
            &details.name,
            MAX_NAME_CHARS,
            "Enter a name for this person or organisation.",
        )?;
        let role = optional_line("role", "The role", details.role.as_deref(), MAX_NAME_CHARS)?;
        let email = optional_line("email", "The email address", details.email.as_deref(), 254)?;
        let phone = optional_line("phone", "The phone number", details.phone.as_deref(), 40)?;
        // Notes may run over several lines; only their length is limited.
        let notes = details
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        if notes.as_ref().is_some_and(|n| n.chars().count() > 10_000) {
            return Err(CoreError::invalid(
                "notes",
                "The notes are too long. Keep them under 10,000 characters, or add a correspondence note instead.",
            ));
        }
        self.case(case_id)?;
        let id = self.write(|tx| {
            if let Some(org) = details.organisation_id {
                let same_case: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM parties WHERE id = ?1 AND case_id = ?2 AND kind = 'organisation'",
                        params![org, case_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if same_case.is_none() {
                    return Err(CoreError::invalid(
                        "organisation_id",
                        "That organisation is not in this case's register. Add the organisation first.",
                    ));
                }
            }
            tx.execute(
                "INSERT INTO parties (case_id, kind, name, role, organisation_id, email, phone, notes, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    case_id,
                    details.kind.as_str(),
                    name,
                    role,
                    details.organisation_id,
                    email,
                    phone,
                    notes,
                    now_timestamp()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(
                tx,
                Some(case_id),
                "party.added",
                &serde_json::json!({ "party_id": id, "name": name, "kind": details.kind }),
            )?;
            Ok(id)
        })?;
        self.party(id)
    }

    /// One entry of a register by its number.
    pub fn party(&self, id: i64) -> Result<Party> {
        self.conn
            .query_row(
                "SELECT id, case_id, kind, name, role, organisation_id, email, phone, notes, created_at \
                 FROM parties WHERE id = ?1",
                [id],
                party_from_row,
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "person or organisation",
                id,
            })
    }

    /// Merges a duplicate into the entry to keep: letters, calls and documents that named the
    /// duplicate name the kept entry; details the kept entry lacks (role, email, phone, notes)
    /// are taken from the duplicate; the duplicate goes.
    pub fn merge_parties(&mut self, keep_id: i64, duplicate_id: i64) -> Result<Party> {
        let keep = self.party(keep_id)?;
        let duplicate = self.party(duplicate_id)?;
        if keep.id == duplicate.id {
            return Err(CoreError::invalid(
                "party",
                "Choose two different entries to merge.",
            ));
        }
        if keep.case_id != duplicate.case_id {
            return Err(CoreError::invalid(
                "party",
                "Those entries belong to different cases.",
            ));
        }
        self.write(|tx| {
            tx.execute("UPDATE correspondence SET party_id = ?1 WHERE party_id = ?2", params![keep_id, duplicate_id])?;
            tx.execute("UPDATE documents SET author_party_id = ?1 WHERE author_party_id = ?2", params![keep_id, duplicate_id])?;
            tx.execute("UPDATE parties SET organisation_id = ?1 WHERE organisation_id = ?2", params![keep_id, duplicate_id])?;
            tx.execute(
                "UPDATE parties SET role = coalesce(role, ?2), email = coalesce(email, ?3), phone = coalesce(phone, ?4), notes = coalesce(notes, ?5) WHERE id = ?1",
                params![keep_id, duplicate.role, duplicate.email, duplicate.phone, duplicate.notes],
            )?;
            tx.execute("DELETE FROM parties WHERE id = ?1", [duplicate_id])?;
            audit::record(tx, Some(keep.case_id), "party.merged", &serde_json::json!({ "kept": keep_id, "merged": duplicate_id, "merged_name": duplicate.name }))?;
            Ok(())
        })?;
        self.party(keep_id)
    }

    /// A case's register, alphabetically.
    pub fn list_parties(&self, case_id: i64) -> Result<Vec<Party>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, case_id, kind, name, role, organisation_id, email, phone, notes, created_at \
             FROM parties WHERE case_id = ?1 ORDER BY lower(name), id",
        )?;
        let rows = stmt.query_map([case_id], party_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn party_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Party> {
    let kind: String = r.get(2)?;
    Ok(Party {
        id: r.get(0)?,
        case_id: r.get(1)?,
        kind: if kind == "organisation" {
            PartyKind::Organisation
        } else {
            PartyKind::Person
        },
        name: r.get(3)?,
        role: r.get(4)?,
        organisation_id: r.get(5)?,
        email: r.get(6)?,
        phone: r.get(7)?,
        notes: r.get(8)?,
        created_at: r.get(9)?,
    })
}

impl Store {
    /// The person or organisation of a case's register called `name` (ignoring case).
    pub fn party_named(&self, case_id: i64, name: &str) -> Result<Party> {
        let name = name.trim();
        self.list_parties(case_id)?
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                CoreError::invalid(
                    "party",
                    format!("No one called “{name}” is in this case's register."),
                )
            })
    }
}

/// Finds a register entry by name (ignoring case), or adds one. Organisations are recognised by
/// the words councils, schools and health bodies use in their names.
pub(crate) fn party_id(tx: &Transaction<'_>, case_id: i64, name: &str) -> Result<i64> {
    if let Some(id) = tx
        .query_row(
            "SELECT id FROM parties WHERE case_id = ?1 AND lower(name) = lower(?2) ORDER BY id LIMIT 1",
            params![case_id, name],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(id);
    }
    let lower = name.to_lowercase();
    let organisation = [
        "council",
        "school",
        "academy",
        "college",
        "nhs",
        "trust",
        "tribunal",
        "icb",
        "service",
        "team",
        "borough",
        "ombudsman",
        "nursery",
    ]
    .iter()
    .any(|w| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == *w)
    });
    let kind = if organisation {
        PartyKind::Organisation
    } else {
        PartyKind::Person
    };
    tx.execute(
        "INSERT INTO parties (case_id, kind, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            case_id,
            if kind == PartyKind::Organisation {
                "organisation"
            } else {
                "person"
            },
            name,
            now_timestamp()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

#[cfg(test)]
mod merge_tests {
    use super::*;
    use crate::{CaseDetails, EntryDetails};

    #[test]
    fn merging_a_duplicate_moves_its_letters_and_calls_and_keeps_its_details() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let log = |store: &mut Store, party: &str| {
            store
                .add_entry(
                    case,
                    &EntryDetails {
                        occurred_on: "2026-11-20".into(),
                        direction: "in".into(),
                        channel: "phone".into(),
                        party: Some(party.into()),
                        note: "Call".into(),
                        ..EntryDetails::default()
                    },
                    today,
                )
                .expect("entry")
        };
        let a = log(&mut store, "Jo Hill");
        let b = log(&mut store, "Joanne Hill (caseworker)");
        let keep = a.party_id.expect("party");
        let duplicate = b.party_id.expect("party");
        assert_ne!(keep, duplicate);
        let merged = store.merge_parties(keep, duplicate).expect("merge");
        assert_eq!(merged.name, "Jo Hill");
        assert_eq!(store.list_parties(case).expect("list").len(), 1);
        assert_eq!(
            store.entry(b.id).expect("entry").party_name.as_deref(),
            Some("Jo Hill")
        );
        assert!(store.merge_parties(keep, keep).is_err());
        assert!(
            store.merge_parties(keep, duplicate).is_err(),
            "the duplicate is gone"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;

    fn person(name: &str, org: Option<i64>) -> PartyDetails {
        PartyDetails {
            kind: PartyKind::Person,
            name: name.into(),
            role: Some("SEND caseworker".into()),
            organisation_id: org,
            email: None,
            phone: None,
            notes: None,
        }
    }

    #[test]
    fn people_belong_to_their_organisation_within_one_case() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let a = store
            .create_case(&CaseDetails {
                child_name: "A".into(),
                ..CaseDetails::default()
            })
            .expect("case a");
        let b = store
            .create_case(&CaseDetails {
                child_name: "B".into(),
                ..CaseDetails::default()
            })
            .expect("case b");
        let council = store
            .add_party(
                a.id,
                &PartyDetails {
                    kind: PartyKind::Organisation,
                    ..person("Kent County Council", None)
                },
            )
            .expect("org");
        let worker = store
            .add_party(a.id, &person("Jo Hill", Some(council.id)))
            .expect("person");
        assert_eq!(worker.organisation_id, Some(council.id));
        assert_eq!(store.list_parties(a.id).expect("list").len(), 2);
        assert!(store.list_parties(b.id).expect("list b").is_empty());

        let err = store
            .add_party(b.id, &person("Someone", Some(council.id)))
            .expect_err("another family's organisation");
        assert!(err.to_string().contains("not in this case's register"));
        assert!(store.list_parties(b.id).expect("list b").is_empty());
    }
}
