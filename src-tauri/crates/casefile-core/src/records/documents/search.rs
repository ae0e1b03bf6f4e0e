//! One search over documents and the correspondence log (FTS5), narrowed by kind, person and
//! dates, and the case's timeline of both.

use rusqlite::params;

use super::{SearchFilter, SearchHit, TimelineItem};
use crate::error::Result;
use crate::store::Store;

impl Store {
    /// A case's documents and correspondence interleaved by date, newest first; undated documents
    /// (by the day they were imported) among them.
    pub fn case_timeline(&self, case_id: i64) -> Result<Vec<TimelineItem>> {
        let mut items: Vec<TimelineItem> = self
            .list_documents(case_id)?
            .into_iter()
            .map(|d| TimelineItem {
                date: d.document_date,
                source: "document".into(),
                id: d.id,
                detail: [
                    d.kind.map(|k| k.words().to_owned()),
                    d.author.clone(),
                    d.document_date.is_none().then(|| {
                        format!(
                            "undated, imported {}",
                            &d.imported_at[..10.min(d.imported_at.len())]
                        )
                    }),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
                title: d.title,
            })
            .collect();
        for e in self.list_entries(case_id)? {
            items.push(TimelineItem {
                date: Some(e.occurred_on),
                source: "entry".into(),
                id: e.id,
                title: e
                    .subject
                    .clone()
                    .unwrap_or_else(|| e.note.chars().take(80).collect()),
                detail: [
                    Some(e.channel.words().to_owned()),
                    Some(match e.direction {
                        crate::Direction::In => "received".to_owned(),
                        crate::Direction::Out => "sent".to_owned(),
                    }),
                    e.party_name.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            });
        }
        items.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        Ok(items)
    }

    /// Searches a case's documents and correspondence; words are matched as typed, in any order.
    pub fn search(&self, case_id: i64, query: &str) -> Result<Vec<SearchHit>> {
        self.search_filtered(case_id, query, &SearchFilter::default())
    }

    /// [`Store::search`] narrowed by kind, person or organisation, and dates.
    pub fn search_filtered(
        &self,
        case_id: i64,
        query: &str,
        filter: &SearchFilter,
    ) -> Result<Vec<SearchHit>> {
        self.case(case_id)?;
        // Each word quoted, so FTS5 syntax in what people type ("AND", quotes, hyphens) is plain text.
        let fts: String = query
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" ");
        if fts.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT search_index.source, search_index.source_id, search_index.title, \
                    snippet(search_index, 4, '«', '»', '…', 12), \
                    coalesce(d.document_date, c.occurred_on), \
                    CASE WHEN search_index.source = 'entry' THEN 'correspondence' ELSE d.kind END \
             FROM search_index \
             LEFT JOIN documents d ON search_index.source = 'document' AND d.id = search_index.source_id \
             LEFT JOIN correspondence c ON search_index.source = 'entry' AND c.id = search_index.source_id \
             WHERE search_index MATCH ?1 AND search_index.case_id = ?2 \
               AND (?3 IS NULL OR (?3 = 'correspondence' AND search_index.source = 'entry') OR d.kind = ?3) \
               AND (?4 IS NULL OR d.author_party_id = ?4 OR c.party_id = ?4) \
               AND (?5 IS NULL OR coalesce(d.document_date, c.occurred_on) >= ?5) \
               AND (?6 IS NULL OR coalesce(d.document_date, c.occurred_on) <= ?6) \
             ORDER BY search_index.rank LIMIT 200",
        )?;
        let rows = stmt.query_map(
            params![
                fts,
                case_id,
                filter.kind,
                filter.party_id,
                filter.from,
                filter.to
            ],
            |r| {
                Ok(SearchHit {
                    source: r.get(0)?,
                    source_id: r.get(1)?,
                    title: r.get(2)?,
                    snippet: r.get(3)?,
                    date: r.get(4)?,
                    kind: r.get(5)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store_with_case as setup;
    use crate::{DocumentDetails, DocumentKind, ImportOutcome};
    use chrono::NaiveDate;
    use std::fs;

    #[test]
    fn search_narrows_by_kind_person_and_dates() {
        let (dir, mut store, case) = setup();
        let mut import = |name: &str, text: &str, kind: DocumentKind, author: &str, date: &str| {
            let path = dir.path().join(name);
            fs::write(&path, text).expect("write");
            let ImportOutcome::Imported { document, .. } =
                store.import_file(case, &path).expect("import")
            else {
                panic!("not imported");
            };
            store
                .update_document(
                    document.id,
                    &DocumentDetails {
                        title: name.into(),
                        document_date: Some(date.into()),
                        kind: Some(kind),
                        author: Some(author.into()),
                        tags: vec![],
                    },
                )
                .expect("details")
        };
        let letter = import(
            "council.txt",
            "Therapy refused by the panel",
            DocumentKind::DecisionLetter,
            "Northshire Council",
            "2025-01-10",
        );
        let report = import(
            "gp.txt",
            "Therapy recommended weekly",
            DocumentKind::ReportMedical,
            "Dr Shah",
            "2026-02-01",
        );
        let entry = store
            .add_entry(
                case,
                &crate::EntryDetails {
                    occurred_on: "2026-03-05".into(),
                    direction: "out".into(),
                    channel: "phone".into(),
                    party: Some("Dr Shah".into()),
                    note: "Asked about therapy".into(),
                    ..crate::EntryDetails::default()
                },
                NaiveDate::from_ymd_opt(2026, 11, 25).expect("today"),
            )
            .expect("entry");
        let ids = |filter: SearchFilter| -> Vec<(String, i64)> {
            store
                .search_filtered(case, "therapy", &filter)
                .expect("search")
                .into_iter()
                .map(|h| (h.source, h.source_id))
                .collect()
        };
        assert_eq!(ids(SearchFilter::default()).len(), 3);
        assert_eq!(
            ids(SearchFilter {
                kind: Some("report-medical".into()),
                ..SearchFilter::default()
            }),
            vec![("document".into(), report.id)]
        );
        assert_eq!(
            ids(SearchFilter {
                kind: Some("correspondence".into()),
                ..SearchFilter::default()
            }),
            vec![("entry".into(), entry.id)]
        );
        let shah = report.author_party_id.expect("author");
        let mut by_shah = ids(SearchFilter {
            party_id: Some(shah),
            ..SearchFilter::default()
        });
        by_shah.sort();
        assert_eq!(
            by_shah,
            vec![("document".into(), report.id), ("entry".into(), entry.id)],
            "the register links the report and the call"
        );
        let in_2025 = SearchFilter {
            from: NaiveDate::from_ymd_opt(2025, 1, 1),
            to: NaiveDate::from_ymd_opt(2025, 12, 31),
            ..SearchFilter::default()
        };
        assert_eq!(ids(in_2025), vec![("document".into(), letter.id)]);
        let hit = &store.search(case, "recommended").expect("search")[0];
        assert_eq!(
            (hit.date, hit.kind.as_deref()),
            (NaiveDate::from_ymd_opt(2026, 2, 1), Some("report-medical"))
        );
    }

    #[test]
    fn the_timeline_interleaves_documents_and_correspondence_newest_first() {
        let (dir, mut store, case) = setup();
        let path = dir.path().join("letter.txt");
        fs::write(&path, "Decision").expect("write");
        let ImportOutcome::Imported { document, .. } =
            store.import_file(case, &path).expect("import")
        else {
            panic!("not imported");
        };
        store
            .update_document(
                document.id,
                &DocumentDetails {
                    title: "Decision letter".into(),
                    document_date: Some("2026-02-10".into()),
                    kind: Some(DocumentKind::DecisionLetter),
                    author: Some("Northshire Council".into()),
                    tags: vec![],
                },
            )
            .expect("details");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("today");
        for (day, note) in [
            ("2026-01-05", "Asked for an assessment"),
            ("2026-03-01", "Chased the decision"),
        ] {
            store
                .add_entry(
                    case,
                    &crate::EntryDetails {
                        occurred_on: day.into(),
                        direction: "out".into(),
                        channel: "email".into(),
                        party: Some("Northshire Council".into()),
                        note: note.into(),
                        ..crate::EntryDetails::default()
                    },
                    today,
                )
                .expect("entry");
        }
        let timeline = store.case_timeline(case).expect("timeline");
        let titles: Vec<&str> = timeline.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Chased the decision",
                "Decision letter",
                "Asked for an assessment"
            ]
        );
        assert_eq!(timeline[1].detail, "Decision letter · Northshire Council");
        assert_eq!(timeline[0].detail, "Email · sent · Northshire Council");
    }
}
