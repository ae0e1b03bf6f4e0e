//! The correspondence log: every letter, email, call, meeting and portal message, with who it
//! was with, a note that keeps its earlier versions, and an optional "follow up by" date.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{Checks, CoreError, Result};
use crate::records::text::{optional_line, parse_date};
use crate::store::{Store, now_timestamp};

/// Longest note accepted, in characters (a long meeting note fits many times over).
pub const MAX_NOTE_CHARS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Direction {
    /// Received by the family.
    In,
    /// Sent or made by the family.
    Out,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Channel {
    Letter,
    Email,
    Phone,
    Meeting,
    Portal,
    Other,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn parse(text: &str) -> Result<Direction> {
        match text.trim().to_lowercase().as_str() {
            "in" | "received" | "incoming" => Ok(Direction::In),
            "out" | "sent" | "outgoing" => Ok(Direction::Out),
            other => Err(CoreError::invalid(
                "direction",
                format!("“{other}” is not a direction. Use in (received) or out (sent)."),
            )),
        }
    }
}

impl Channel {
    const ALL: [Channel; 6] = [
        Channel::Letter,
        Channel::Email,
        Channel::Phone,
        Channel::Meeting,
        Channel::Portal,
        Channel::Other,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Channel::Letter => "letter",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Meeting => "meeting",
            Channel::Portal => "portal",
            Channel::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Channel> {
        let wanted = match text.trim().to_lowercase().as_str() {
            "call" | "phone call" | "telephone" => "phone".to_owned(),
            "e-mail" => "email".to_owned(),
            other => other.to_owned(),
        };
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| {
                CoreError::invalid(
                    "channel",
                    format!(
                        "“{}” is not a channel. Use one of: {}.",
                        text.trim(),
                        Channel::ALL.map(Channel::as_str).join(", ")
                    ),
                )
            })
    }
}

impl Channel {
    /// "Letter", "Phone call"…
    pub fn words(self) -> &'static str {
        channel_words(self.as_str())
    }
}

/// "Letter", "Phone call"…: a stored channel name in words.
pub(crate) fn channel_words(stored: &str) -> &'static str {
    match stored {
        "letter" => "Letter",
        "email" => "Email",
        "phone" => "Phone call",
        "meeting" => "Meeting",
        "portal" => "Portal message",
        _ => "Message",
    }
}

/// One version of an entry's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NoteVersion {
    pub version: u32,
    pub body: String,
    /// When this version was saved (RFC 3339, UTC): the proof of when the note was written.
    pub written_at: String,
}

/// A correspondence entry as stored, with its current note and how many versions it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Entry {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub occurred_on: NaiveDate,
    /// `HH:MM`, when known.
    pub occurred_time: Option<String>,
    pub direction: Direction,
    pub channel: Channel,
    #[ts(type = "number | null")]
    pub party_id: Option<i64>,
    pub party_name: Option<String>,
    pub subject: Option<String>,
    pub note: String,
    pub note_versions: u32,
    /// When the current note version was written.
    pub note_written_at: String,
    pub follow_up_by: Option<NaiveDate>,
    pub follow_up_done: Option<NaiveDate>,
    pub created_at: String,
    /// The documents this entry is about.
    pub documents: Vec<LinkedDocument>,
}

/// A document an entry names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LinkedDocument {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
}

/// What a person types to log an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct EntryDetails {
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    /// `HH:MM`, or blank.
    pub occurred_time: Option<String>,
    /// `in` or `out`.
    pub direction: String,
    /// letter, email, phone, meeting, portal or other.
    pub channel: String,
    /// Who it was with: matched to the case's register by name, or added to it.
    pub party: Option<String>,
    pub subject: Option<String>,
    pub note: String,
    /// `YYYY-MM-DD`, or blank.
    pub follow_up_by: Option<String>,
    /// Documents of the case this entry is about.
    #[ts(type = "Array<number>")]
    pub documents: Vec<i64>,
}

/// A follow-up due soon or overdue (the Today view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FollowUp {
    #[ts(type = "number")]
    pub case_id: i64,
    pub child_name: String,
    pub entry: Entry,
    #[ts(type = "number")]
    pub days_left: i64,
}

struct ValidEntry {
    occurred_on: NaiveDate,
    occurred_time: Option<String>,
    direction: Direction,
    channel: Channel,
    party: Option<String>,
    subject: Option<String>,
    note: String,
    follow_up_by: Option<NaiveDate>,
}

fn validate(details: &EntryDetails, today: NaiveDate) -> Result<ValidEntry> {
    // Every box is checked, so all of an entry's problems are reported together.
    let mut checks = Checks::default();
    let occurred_on = checks.take(occurred_on(&details.occurred_on, today).map(Some))?;
    let occurred_time = checks.take(occurred_time(details.occurred_time.as_deref()))?;
    let direction = checks.take(Direction::parse(&details.direction).map(Some))?;
    let channel = checks.take(Channel::parse(&details.channel).map(Some))?;
    let party = checks.take(optional_line(
        "party",
        "The name of who it was with",
        details.party.as_deref(),
        200,
    ))?;
    let subject = checks.take(optional_line(
        "subject",
        "The subject",
        details.subject.as_deref(),
        300,
    ))?;
    let note = details.note.trim().to_owned();
    if note.chars().count() > MAX_NOTE_CHARS {
        checks.take::<()>(Err(CoreError::invalid(
            "note",
            "The note is too long (over 100,000 characters). Split it into several entries, or import it as a document.",
        )))?;
    }
    let no_subject = details
        .subject
        .as_deref()
        .is_none_or(|s| s.trim().is_empty());
    if note.is_empty() && no_subject {
        checks.take::<()>(Err(CoreError::invalid(
            "note",
            "Write a short summary or note, or at least a subject, so you can find this entry again.",
        )))?;
    }
    let follow_up_by = match details
        .follow_up_by
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => {
            checks.take(parse_date("follow_up_by", "the follow-up date", text).map(Some))?
        }
        None => None,
    };
    checks.finish()?;
    let (Some(occurred_on), Some(direction), Some(channel)) = (occurred_on, direction, channel)
    else {
        return Err(CoreError::invalid("occurred_on", "Enter the date."));
    };
    Ok(ValidEntry {
        occurred_on,
        occurred_time,
        direction,
        channel,
        party,
        subject,
        note,
        follow_up_by,
    })
}

/// The day it happened: a real date, not in the future, not before 1990.
fn occurred_on(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let occurred_on = parse_date("occurred_on", "the date", text)?;
    if occurred_on > today {
        return Err(CoreError::invalid(
            "occurred_on",
            "The date is in the future. Log things once they have happened.",
        ));
    }
    if occurred_on < NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(CoreError::invalid(
            "occurred_on",
            "The date is before 1990. Check the year.",
        ));
    }
    Ok(occurred_on)
}

/// The time of day, if given: hours and minutes on a 24-hour clock.
fn occurred_time(text: Option<&str>) -> Result<Option<String>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let time = NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
        CoreError::invalid(
            "occurred_time",
            format!("“{text}” is not a time. Write it as hours and minutes, for example 14:05."),
        )
    })?;
    Ok(Some(time.format("%H:%M").to_string()))
}

const ENTRY_SELECT: &str = "SELECT c.id, c.case_id, c.occurred_on, c.occurred_time, c.direction, c.channel, c.party_id, p.name, \
     c.subject, n.body, n.version, n.written_at, c.follow_up_by, c.follow_up_done, c.created_at, \
     (SELECT group_concat(d.id || char(31) || d.title, char(30)) FROM (SELECT d.id, d.title FROM entry_documents ed JOIN documents d ON d.id = ed.document_id WHERE ed.entry_id = c.id ORDER BY d.id) d) \
     FROM correspondence c \
     LEFT JOIN parties p ON p.id = c.party_id \
     JOIN correspondence_notes n ON n.entry_id = c.id \
       AND n.version = (SELECT max(version) FROM correspondence_notes WHERE entry_id = c.id)";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let direction: String = r.get(4)?;
    let channel: String = r.get(5)?;
    Ok(Entry {
        id: r.get(0)?,
        case_id: r.get(1)?,
        occurred_on: r.get(2)?,
        occurred_time: r.get(3)?,
        direction: Direction::parse(&direction).unwrap_or(Direction::In),
        channel: Channel::parse(&channel).unwrap_or(Channel::Other),
        party_id: r.get(6)?,
        party_name: r.get(7)?,
        subject: r.get(8)?,
        note: r.get(9)?,
        note_versions: r.get(10)?,
        note_written_at: r.get(11)?,
        follow_up_by: r.get(12)?,
        follow_up_done: r.get(13)?,
        created_at: r.get(14)?,
        documents: r
            .get::<_, Option<String>>(15)?
            .map(|all| {
                all.split('\u{1e}')
                    .filter_map(|one| {
                        let (id, title) = one.split_once('\u{1f}')?;
                        Some(LinkedDocument {
                            id: id.parse().ok()?,
                            title: title.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

impl Store {
    /// Logs a letter, email, call, meeting or portal message.
    pub fn add_entry(
        &mut self,
        case_id: i64,
        details: &EntryDetails,
        today: NaiveDate,
    ) -> Result<Entry> {
        let v = validate(details, today)?;
        self.case(case_id)?;
        let id = self.write(|tx| {
            let party = v.party.as_deref().map(|name| crate::records::parties::party_id(tx, case_id, name)).transpose()?;
            let now = now_timestamp();
            tx.execute(
                "INSERT INTO correspondence (case_id, occurred_on, occurred_time, direction, channel, party_id, subject, follow_up_by, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![case_id, v.occurred_on, v.occurred_time, v.direction.as_str(), v.channel.as_str(), party, v.subject, v.follow_up_by, now],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO correspondence_notes (entry_id, version, body, written_at) VALUES (?1, 1, ?2, ?3)",
                params![id, v.note, now],
            )?;
            tx.execute(
                "INSERT INTO search_index (source, source_id, case_id, title, body) VALUES ('entry', ?1, ?2, ?3, ?4)",
                params![id, case_id, v.subject.clone().unwrap_or_default(), v.note],
            )?;
            for document in &details.documents {
                let owner: Option<i64> = tx
                    .query_row("SELECT case_id FROM documents WHERE id = ?1", [document], |r| r.get(0))
                    .optional()?;
                if owner != Some(case_id) {
                    return Err(CoreError::invalid("documents", format!("Document {document} is not in this case.")));
                }
                tx.execute("INSERT OR IGNORE INTO entry_documents (entry_id, document_id) VALUES (?1, ?2)", params![id, document])?;
            }
            audit::record(tx, Some(case_id), "entry.added", &serde_json::json!({ "entry_id": id, "channel": v.channel, "occurred_on": v.occurred_on, "documents": details.documents }))?;
            Ok(id)
        })?;
        self.entry(id)
    }

    /// Replaces an entry's note with a new version; earlier versions stay, with their times.
    pub fn revise_note(&mut self, entry_id: i64, note: &str) -> Result<Entry> {
        let entry = self.entry(entry_id)?;
        let note = note.trim();
        if note.is_empty() {
            return Err(CoreError::invalid(
                "note",
                "The new note is empty. Earlier versions are kept; write what should replace them.",
            ));
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(CoreError::invalid(
                "note",
                "The note is too long (over 100,000 characters).",
            ));
        }
        if note == entry.note {
            return Ok(entry);
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO correspondence_notes (entry_id, version, body, written_at) VALUES (?1, ?2, ?3, ?4)",
                params![entry_id, entry.note_versions + 1, note, now_timestamp()],
            )?;
            // Search finds the current note; earlier versions stay in the history.
            tx.execute(
                "UPDATE search_index SET body = ?2 WHERE source = 'entry' AND source_id = ?1",
                params![entry_id, note],
            )?;
            audit::record(tx, Some(entry.case_id), "entry.note-revised", &serde_json::json!({ "entry_id": entry_id, "version": entry.note_versions + 1 }))
        })?;
        self.entry(entry_id)
    }

    /// Marks an entry's follow-up as done on `on`.
    pub fn complete_follow_up(&mut self, entry_id: i64, on: NaiveDate) -> Result<Entry> {
        let entry = self.entry(entry_id)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE correspondence SET follow_up_done = ?2 WHERE id = ?1",
                params![entry_id, on],
            )?;
            audit::record(
                tx,
                Some(entry.case_id),
                "entry.follow-up-done",
                &serde_json::json!({ "entry_id": entry_id, "on": on }),
            )
        })?;
        self.entry(entry_id)
    }

    /// One entry with its current note.
    pub fn entry(&self, id: i64) -> Result<Entry> {
        self.conn
            .query_row(
                &format!("{ENTRY_SELECT} WHERE c.id = ?1"),
                [id],
                entry_from_row,
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "correspondence entry",
                id,
            })
    }

    /// Every version of an entry's note, oldest first.
    pub fn note_history(&self, entry_id: i64) -> Result<Vec<NoteVersion>> {
        self.entry(entry_id)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT version, body, written_at FROM correspondence_notes WHERE entry_id = ?1 ORDER BY version")?;
        let rows = stmt.query_map([entry_id], |r| {
            Ok(NoteVersion {
                version: r.get(0)?,
                body: r.get(1)?,
                written_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A case's log, newest first.
    pub fn list_entries(&self, case_id: i64) -> Result<Vec<Entry>> {
        self.case(case_id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ENTRY_SELECT} WHERE c.case_id = ?1 ORDER BY c.occurred_on DESC, c.occurred_time DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map([case_id], entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Follow-ups not yet done that are overdue or due within 14 days, across active cases.
    pub fn due_follow_ups(&self, today: NaiveDate) -> Result<Vec<FollowUp>> {
        let horizon = today + chrono::Days::new(casefile_rules::clock::DUE_SOON_DAYS as u64);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ENTRY_SELECT} JOIN cases k ON k.id = c.case_id \
             WHERE k.archived_at IS NULL AND c.follow_up_by IS NOT NULL AND c.follow_up_done IS NULL AND c.follow_up_by <= ?1 \
             ORDER BY c.follow_up_by, c.id"
        ))?;
        let entries: Vec<Entry> = stmt
            .query_map([horizon], entry_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        entries
            .into_iter()
            .map(|entry| {
                let child_name = self.case(entry.case_id)?.child_name;
                let days_left = entry.follow_up_by.map_or(0, |d| (d - today).num_days());
                Ok(FollowUp {
                    case_id: entry.case_id,
                    child_name,
                    entry,
                    days_left,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PartyKind;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    use crate::testing::store_with_case as setup;

    fn call(note: &str) -> EntryDetails {
        EntryDetails {
            occurred_on: "2026-11-20".into(),
            occurred_time: Some("14:05".into()),
            direction: "out".into(),
            channel: "phone".into(),
            party: Some("Jo Hill".into()),
            subject: Some("Chased the draft plan".into()),
            note: note.into(),
            follow_up_by: Some("2026-11-27".into()),
            documents: Vec::new(),
        }
    }

    #[test]
    fn a_call_is_logged_with_its_party_added_to_the_register_once() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-25");
        let first = store
            .add_entry(case, &call("Jo said the draft will come next week."), today)
            .expect("entry");
        assert_eq!(first.channel, Channel::Phone);
        assert_eq!(first.occurred_time.as_deref(), Some("14:05"));
        assert_eq!(first.party_name.as_deref(), Some("Jo Hill"));
        let again = store
            .add_entry(
                case,
                &EntryDetails {
                    party: Some("jo hill".into()),
                    ..call("Second call.")
                },
                today,
            )
            .expect("second");
        assert_eq!(
            again.party_id, first.party_id,
            "the same person is reused, not duplicated"
        );
        let letter = store
            .add_entry(
                case,
                &EntryDetails {
                    channel: "letter".into(),
                    direction: "in".into(),
                    party: Some("Kent County Council".into()),
                    ..call("Decision letter.")
                },
                today,
            )
            .expect("letter");
        let parties = store.list_parties(case).expect("parties");
        assert_eq!(parties.len(), 2);
        let council = parties
            .iter()
            .find(|p| Some(p.id) == letter.party_id)
            .expect("council");
        assert_eq!(council.kind, PartyKind::Organisation);
        assert_eq!(store.list_entries(case).expect("list").len(), 3);
    }

    #[test]
    fn revising_a_note_keeps_every_earlier_version_with_when_it_was_written() {
        let (_dir, mut store, case) = setup();
        let entry = store
            .add_entry(case, &call("First note."), d("2026-11-25"))
            .expect("entry");
        let revised = store
            .revise_note(
                entry.id,
                "First note, with the date of the promised draft: 4 Dec.",
            )
            .expect("revise");
        assert_eq!(revised.note_versions, 2);
        let history = store.note_history(entry.id).expect("history");
        assert_eq!(
            history.iter().map(|v| v.body.as_str()).collect::<Vec<_>>(),
            [
                "First note.",
                "First note, with the date of the promised draft: 4 Dec."
            ]
        );
        assert!(history[0].written_at <= history[1].written_at);
        // The database itself refuses to rewrite a written note.
        let tamper = store.conn.execute(
            "UPDATE correspondence_notes SET body = 'changed' WHERE entry_id = ?1",
            [entry.id],
        );
        assert!(tamper.is_err());
        assert_eq!(
            store.note_history(entry.id).expect("history")[0].body,
            "First note."
        );
    }

    #[test]
    fn bad_entries_are_refused_with_a_clear_message_and_nothing_is_stored() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-25");
        let cases = [
            (
                EntryDetails {
                    occurred_on: "2026-02-30".into(),
                    ..call("x")
                },
                "There is no 30 February 2026",
            ),
            (
                EntryDetails {
                    occurred_on: "2026-12-01".into(),
                    ..call("x")
                },
                "in the future",
            ),
            (
                EntryDetails {
                    occurred_time: Some("25:61".into()),
                    ..call("x")
                },
                "not a time",
            ),
            (
                EntryDetails {
                    channel: "pigeon".into(),
                    ..call("x")
                },
                "not a channel",
            ),
            (
                EntryDetails {
                    direction: "sideways".into(),
                    ..call("x")
                },
                "not a direction",
            ),
            (
                EntryDetails {
                    note: String::new(),
                    subject: None,
                    ..call("")
                },
                "Write a short summary",
            ),
        ];
        for (details, message) in cases {
            let err = store.add_entry(case, &details, today).expect_err(message);
            assert!(err.to_string().contains(message), "{err}");
        }
        assert!(store.list_entries(case).expect("list").is_empty());
        assert!(store.list_parties(case).expect("parties").is_empty());
    }

    /// Found by a usability test: a wrong time and a future date came back one at a time.
    #[test]
    fn every_problem_of_an_entry_is_reported_at_once_and_nothing_is_stored() {
        let (_dir, mut store, case) = setup();
        let details = EntryDetails {
            occurred_on: "2026-12-24".into(),
            occurred_time: Some("25:99".into()),
            note: String::new(),
            subject: None,
            ..call("")
        };
        let err = store
            .add_entry(case, &details, d("2026-11-25"))
            .expect_err("refused");
        let fields: Vec<&str> = err.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["occurred_on", "occurred_time", "note"]);
        assert_eq!(err.field(), Some("occurred_on"));
        assert!(err.to_string().contains("in the future"), "{err}");
        assert!(err.to_string().contains("“25:99” is not a time"), "{err}");
        assert!(store.list_entries(case).expect("list").is_empty());
    }

    #[test]
    fn logged_notes_are_searchable_and_a_revision_replaces_the_searched_text() {
        let (_dir, mut store, case) = setup();
        let entry = store
            .add_entry(case, &call("Jo promised the draft plan."), d("2026-11-25"))
            .expect("entry");
        assert_eq!(store.search(case, "promised").expect("search").len(), 1);
        store
            .revise_note(entry.id, "Jo said the draft would come on Friday.")
            .expect("revise");
        assert!(store.search(case, "promised").expect("search").is_empty());
        let hits = store.search(case, "friday").expect("search");
        assert_eq!(hits[0].source, "entry");
        assert_eq!(hits[0].title, "Chased the draft plan");
    }

    #[test]
    fn follow_ups_due_soon_are_listed_until_done() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-25");
        let entry = store
            .add_entry(case, &call("Promised a reply."), today)
            .expect("entry");
        store
            .add_entry(
                case,
                &EntryDetails {
                    follow_up_by: Some("2027-03-01".into()),
                    ..call("Far off.")
                },
                today,
            )
            .expect("far");
        let due = store.due_follow_ups(today).expect("due");
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].days_left, 2);
        assert_eq!(due[0].child_name, "Ava");
        store.complete_follow_up(entry.id, today).expect("done");
        assert!(store.due_follow_ups(today).expect("due").is_empty());
    }
}
