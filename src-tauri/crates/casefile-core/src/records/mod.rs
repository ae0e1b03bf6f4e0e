//! The family's records: one module per family of tables, each owning its types, its SQL and
//! its validation. Files reach the disk only through `folder::blobs`; deadlines are computed on
//! read, never stored.

pub mod bundles;
pub mod cases;
pub mod clocks;
pub mod complaints;
pub mod correspondence;
pub mod documents;
pub mod parties;
pub mod patterns;
pub mod plans;
pub mod provision;
pub mod redactions;
pub(crate) mod text;
pub mod working;

use rusqlite::OptionalExtension;

use crate::error::{CoreError, Result};
use crate::store::Store;

/// One record of a case, named by its kind and number: what a command is about, so the shells
/// can ask which case it belongs to (visit mode shows one case only) in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Case(i64),
    Party(i64),
    Entry(i64),
    Clock(i64),
    Provision(i64),
    Session(i64),
    Document(i64),
    Bundle(i64),
    BundleSection(i64),
    BundleItem(i64),
    WorkingDocument(i64),
}

impl Record {
    /// The query that finds the case of this record, and what it is called in messages.
    fn lookup(self) -> (&'static str, &'static str, i64) {
        match self {
            Record::Case(id) => ("SELECT id FROM cases WHERE id = ?1", "case", id),
            Record::Party(id) => (
                "SELECT case_id FROM parties WHERE id = ?1",
                "person or organisation",
                id,
            ),
            Record::Entry(id) => (
                "SELECT case_id FROM correspondence WHERE id = ?1",
                "correspondence entry",
                id,
            ),
            Record::Clock(id) => ("SELECT case_id FROM clocks WHERE id = ?1", "clock", id),
            Record::Provision(id) => (
                "SELECT case_id FROM provisions WHERE id = ?1",
                "provision",
                id,
            ),
            Record::Session(id) => (
                "SELECT p.case_id FROM provision_sessions s JOIN provisions p ON p.id = s.provision_id WHERE s.id = ?1",
                "session",
                id,
            ),
            Record::Document(id) => (
                "SELECT case_id FROM documents WHERE id = ?1",
                "document",
                id,
            ),
            Record::Bundle(id) => ("SELECT case_id FROM bundles WHERE id = ?1", "bundle", id),
            Record::BundleSection(id) => (
                "SELECT b.case_id FROM bundle_sections s JOIN bundles b ON b.id = s.bundle_id WHERE s.id = ?1",
                "bundle section",
                id,
            ),
            Record::BundleItem(id) => (
                "SELECT b.case_id FROM bundle_items i JOIN bundle_sections s ON s.id = i.section_id JOIN bundles b ON b.id = s.bundle_id WHERE i.id = ?1",
                "bundle item",
                id,
            ),
            Record::WorkingDocument(id) => (
                "SELECT case_id FROM working_documents WHERE id = ?1",
                "working document",
                id,
            ),
        }
    }
}

impl Store {
    /// The case `record` belongs to; a record that does not exist is `NotFound`.
    pub fn case_of(&self, record: Record) -> Result<i64> {
        let (sql, what, id) = record.lookup();
        self.conn
            .query_row(sql, [id], |r| r.get(0))
            .optional()?
            .ok_or(CoreError::NotFound { what, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{import_text, store_with_case};
    use crate::{BundleKind, EntryDetails, ItemSource, ProvisionDetails, SessionDetails};

    #[test]
    fn every_kind_of_record_names_its_own_case() {
        let (dir, mut store, ava) = store_with_case();
        let (_other_dir, _, _) = store_with_case();
        let robin = store
            .create_case(&crate::CaseDetails {
                child_name: "Robin".into(),
                ..Default::default()
            })
            .expect("case")
            .id;
        let today = crate::today();
        for case in [ava, robin] {
            let doc = import_text(
                &mut store,
                case,
                dir.path(),
                &format!("{case}.txt"),
                &format!("Letter {case}"),
            );
            let entry = store
                .add_entry(
                    case,
                    &EntryDetails {
                        occurred_on: "2026-07-20".into(),
                        direction: "in".into(),
                        channel: "phone".into(),
                        party: Some(format!("Officer {case}")),
                        note: "Call".into(),
                        ..Default::default()
                    },
                    today,
                )
                .expect("entry");
            let party = store.list_parties(case).expect("parties")[0].id;
            let clock = store
                .start_clock(
                    case,
                    &crate::ClockStart {
                        process: "ehc-needs-assessment".into(),
                        started_on: "2026-06-01".into(),
                        ..Default::default()
                    },
                    today,
                )
                .expect("clock")
                .id;
            let provision = store
                .add_provision(
                    case,
                    &ProvisionDetails {
                        title: "Speech and language therapy".into(),
                        minutes: 45,
                        per: "week".into(),
                        from: "2026-09-01".into(),
                        ..Default::default()
                    },
                )
                .expect("provision")
                .id;
            let session = store
                .log_session(
                    provision,
                    &SessionDetails {
                        date: "2026-09-08".into(),
                        status: "delivered".into(),
                        ..Default::default()
                    },
                    today,
                )
                .expect("session");
            let bundle = store
                .create_bundle(case, BundleKind::Evidence, None)
                .expect("bundle");
            let section = bundle.sections[0].id;
            // A new bundle holds the case's documents and the generated chronology already.
            let item = bundle
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|i| i.source == ItemSource::Chronology || i.document_id == Some(doc.id))
                .expect("an item")
                .id;
            for record in [
                Record::Case(case),
                Record::Party(party),
                Record::Entry(entry.id),
                Record::Clock(clock),
                Record::Provision(provision),
                Record::Session(session),
                Record::Document(doc.id),
                Record::Bundle(bundle.id),
                Record::BundleSection(section),
                Record::BundleItem(item),
            ] {
                assert_eq!(store.case_of(record).expect("found"), case, "{record:?}");
            }
        }
        let missing = store.case_of(Record::Document(9_999)).expect_err("missing");
        assert_eq!(missing.kind(), "not_found");
        assert!(
            missing.to_string().contains("no document with number 9999"),
            "{missing}"
        );
    }
}
