//! The provision ledger's records: each provision of the plan with its schedule over time
//! (here), the school's calendar (`terms`), every session as delivered or missed
//! (`sessions`), the shortfall report (`report`) and vague wording flagged (`wording`). The
//! arithmetic is in `ledger` (casefile-rules).

mod report;
mod sessions;
mod term_text;
mod terms;
mod wording;

pub use term_text::{LineProblem, TermDatesPreview, typical_school_year};
pub use terms::{RowProblem, TermRow, TermRowsSaved};
pub use wording::{VagueWording, vague_wording};

use chrono::{Days, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{Checks, CoreError, Result};
use crate::ledger::{Per, Schedule, Tally};
use crate::records::text::{optional_line, parse_date, required_line};
use crate::store::{Store, now_timestamp};

/// The part of the EHC plan a provision comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Section {
    /// Special educational provision: the council's absolute duty (CFA 2014 s.42).
    F,
    /// Health provision.
    G,
    /// Social care provision under the Chronically Sick and Disabled Persons Act.
    H1,
    /// Other social care provision.
    H2,
}

impl Section {
    fn parse(text: &str) -> Result<Section> {
        match text
            .trim()
            .to_uppercase()
            .trim_start_matches("SECTION ")
            .trim()
        {
            "F" => Ok(Section::F),
            "G" => Ok(Section::G),
            "H1" => Ok(Section::H1),
            "H2" => Ok(Section::H2),
            other => Err(CoreError::invalid(
                "section",
                format!("“{other}” is not a plan section Casefile tracks. Use F, G, H1 or H2."),
            )),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Section::F => "F",
            Section::G => "G",
            Section::H1 => "H1",
            Section::H2 => "H2",
        }
    }
}

/// A provision as stored, with its schedules and any vague wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Provision {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub section: Section,
    pub title: String,
    /// The plan's words, verbatim.
    pub wording: String,
    pub provider: Option<String>,
    pub setting: Option<String>,
    pub plan_version: Option<String>,
    pub schedules: Vec<Schedule>,
    pub vague: Vec<VagueWording>,
    pub created_at: String,
}

/// What a person enters for a provision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ProvisionDetails {
    pub section: String,
    pub title: String,
    pub wording: String,
    pub provider: Option<String>,
    pub setting: Option<String>,
    pub plan_version: Option<String>,
    pub sessions: u32,
    pub per: String,
    pub minutes: u32,
    pub term_time_only: bool,
    pub from: String,
    pub to: Option<String>,
}

/// What a person enters for a session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SessionDetails {
    pub date: String,
    /// delivered, partial, missed or cancelled.
    pub status: String,
    /// Minutes delivered, for a partial session.
    pub minutes: Option<u32>,
    /// provider, school or child, for a missed or cancelled session.
    pub by: Option<String>,
    pub reason: Option<String>,
    pub catch_up: bool,
    /// The correspondence entry that proves it (a therapist's email, a school note).
    #[ts(type = "number | null")]
    pub evidence: Option<i64>,
}

/// A logged session as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SessionRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub date: NaiveDate,
    pub status: String,
    pub minutes: Option<u32>,
    pub by: Option<String>,
    pub reason: Option<String>,
    pub catch_up: bool,
    #[ts(type = "number | null")]
    pub evidence_entry_id: Option<i64>,
    pub logged_at: String,
}

/// One provision's figures for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProvisionLine {
    pub provision: Provision,
    pub tally: Tally,
    pub percent_delivered: Option<u32>,
    pub by_month: Vec<PeriodTally>,
    pub by_term: Vec<PeriodTally>,
    /// Terms with sessions missed because of the provider or school.
    pub terms_affected: Vec<String>,
}

/// Figures for one month or term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PeriodTally {
    /// "Nov 2026", "Autumn 2026".
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tally: Tally,
}

/// The shortfall report for a case and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProvisionReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<ProvisionLine>,
    pub total: Tally,
}

fn parse_per(text: &str) -> Result<Per> {
    Per::parse(text).ok_or_else(|| {
        CoreError::invalid(
            "per",
            format!(
                "“{}” is not a frequency. Use week, fortnight, month, half-term, term or year.",
                text.trim()
            ),
        )
    })
}

fn plausible_day(field: &'static str, date: NaiveDate) -> Result<()> {
    if date < NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN)
        || date > NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX)
    {
        return Err(CoreError::invalid(
            field,
            format!(
                "{} is out of range. Check the year.",
                date.format("%-d %b %Y")
            ),
        ));
    }
    Ok(())
}

impl Store {
    /// Adds a provision from the plan with its first schedule.
    pub fn add_provision(&mut self, case_id: i64, details: &ProvisionDetails) -> Result<Provision> {
        self.case(case_id)?;
        // Every box is checked, so a missing name and an impossible date come back together.
        let mut checks = Checks::default();
        let title = checks.take(required_line(
            "title",
            "The provision's name",
            &details.title,
            200,
            "Name the provision, for example Speech and language therapy.",
        ))?;
        let wording = details.wording.trim().to_owned();
        if wording.chars().count() > 20_000 {
            checks.take::<()>(Err(CoreError::invalid(
                "wording",
                "The wording is too long. Paste the part of Section F about this provision.",
            )))?;
        }
        let section = if details.section.trim().is_empty() {
            Some(Section::F)
        } else {
            checks.take(Section::parse(&details.section).map(Some))?
        };
        let provider = checks.take(optional_line(
            "provider",
            "The provider",
            details.provider.as_deref(),
            200,
        ))?;
        let setting = checks.take(optional_line(
            "setting",
            "The setting",
            details.setting.as_deref(),
            200,
        ))?;
        let plan_version = checks.take(optional_line(
            "plan_version",
            "The plan version",
            details.plan_version.as_deref(),
            200,
        ))?;
        let schedule = checks.take(
            self.check_schedule(
                details.sessions.max(1),
                &details.per,
                details.minutes,
                details.term_time_only,
                &details.from,
                details.to.as_deref(),
            )
            .map(Some),
        )?;
        checks.finish()?;
        let (Some(section), Some(schedule)) = (section, schedule) else {
            return Err(CoreError::invalid(
                "from",
                "Enter the day the provision starts.",
            ));
        };
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO provisions (case_id, section, title, wording, provider, setting, plan_version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![case_id, section.as_str(), title, wording, provider, setting, plan_version, now_timestamp()],
            )?;
            let id = tx.last_insert_rowid();
            insert_schedule(tx, id, &schedule)?;
            audit::record(tx, Some(case_id), "provision.added", &serde_json::json!({ "provision_id": id, "title": title, "schedule": schedule }))?;
            Ok(id)
        })?;
        self.provision(id)
    }

    fn check_schedule(
        &self,
        sessions: u32,
        per: &str,
        minutes: u32,
        term_time_only: bool,
        from: &str,
        to: Option<&str>,
    ) -> Result<Schedule> {
        let per = parse_per(per)?;
        if minutes == 0 {
            return Err(CoreError::invalid(
                "minutes",
                "Each session must last at least 1 minute. Enter the length the plan gives, for example 45.",
            ));
        }
        if minutes > 1440 {
            return Err(CoreError::invalid(
                "minutes",
                "A session cannot last more than a day (1,440 minutes).",
            ));
        }
        if sessions > 100 {
            return Err(CoreError::invalid(
                "sessions",
                "That is more than 100 sessions each time. Check the number.",
            ));
        }
        let from = parse_date("from", "the date the provision starts", from)?;
        plausible_day("from", from)?;
        let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(parse_date("to", "the date the provision ends", text)?),
            None => None,
        };
        if let Some(to) = to
            && to < from
        {
            return Err(CoreError::invalid(
                "to",
                "The provision ends before it starts. Check the dates.",
            ));
        }
        Ok(Schedule {
            from,
            to,
            sessions,
            per,
            minutes,
            term_time_only,
        })
    }

    /// Changes a provision's schedule from a date (an amended plan): the current schedule ends the
    /// day before. Logged sessions are never deleted.
    pub fn amend_provision(
        &mut self,
        provision_id: i64,
        from: &str,
        sessions: u32,
        per: &str,
        minutes: u32,
        term_time_only: bool,
    ) -> Result<Provision> {
        let provision = self.provision(provision_id)?;
        let schedule =
            self.check_schedule(sessions.max(1), per, minutes, term_time_only, from, None)?;
        let current = provision.schedules.last().cloned();
        if let Some(current) = &current
            && schedule.from <= current.from
        {
            return Err(CoreError::invalid(
                "from",
                "The change must start after the current schedule began.",
            ));
        }
        self.write(|tx| {
            if let Some(prev) = schedule.from.checked_sub_days(Days::new(1)) {
                tx.execute(
                    "UPDATE provision_schedules SET ends = ?2 WHERE provision_id = ?1 AND (ends IS NULL OR ends > ?2)",
                    params![provision_id, prev],
                )?;
            }
            insert_schedule(tx, provision_id, &schedule)?;
            audit::record(tx, Some(provision.case_id), "provision.amended", &serde_json::json!({ "provision_id": provision_id, "schedule": schedule }))
        })?;
        self.provision(provision_id)
    }

    /// One provision with its schedules.
    pub fn provision(&self, id: i64) -> Result<Provision> {
        let row = self
            .conn
            .query_row(
                "SELECT id, case_id, section, title, wording, provider, setting, plan_version, created_at FROM provisions WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "provision", id })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT starts, ends, sessions, per, minutes, term_time_only FROM provision_schedules WHERE provision_id = ?1 ORDER BY starts",
        )?;
        let schedules = stmt
            .query_map([id], |r| {
                let per: String = r.get(3)?;
                Ok(Schedule {
                    from: r.get(0)?,
                    to: r.get(1)?,
                    sessions: r.get(2)?,
                    per: Per::parse(&per).unwrap_or(Per::Week),
                    minutes: r.get(4)?,
                    term_time_only: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Provision {
            id: row.0,
            case_id: row.1,
            section: Section::parse(&row.2).unwrap_or(Section::F),
            vague: vague_wording(&row.4),
            title: row.3,
            wording: row.4,
            provider: row.5,
            setting: row.6,
            plan_version: row.7,
            schedules,
            created_at: row.8,
        })
    }

    /// A case's provisions, in the order they were entered.
    pub fn list_provisions(&self, case_id: i64) -> Result<Vec<Provision>> {
        self.case(case_id)?;
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM provisions WHERE case_id = ?1 ORDER BY id")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.provision(id)).collect()
    }
}

fn insert_schedule(tx: &rusqlite::Transaction<'_>, provision_id: i64, s: &Schedule) -> Result<()> {
    tx.execute(
        "INSERT INTO provision_schedules (provision_id, starts, ends, sessions, per, minutes, term_time_only) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![provision_id, s.from, s.to, s.sessions, s.per.as_str(), s.minutes, s.term_time_only],
    )?;
    Ok(())
}

/// Fixtures the provision tests share: a case with a school year of term dates, speech and
/// language therapy as its plan gives it, and a session as a family logs one.
#[cfg(test)]
pub(crate) mod testkit {
    use super::*;

    pub(crate) fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    pub(crate) const TERMS: &str = "# 2026-27\nAutumn 1, 2026-09-02, 2026-10-23\nAutumn 2, 2026-11-02, 2026-12-18\nSpring 1, 2027-01-05, 2027-02-12\nINSET, 2026-09-02\n";

    pub(crate) fn setup() -> (tempfile::TempDir, Store, i64) {
        let (dir, mut store, case) = crate::testing::store_with_case();
        store
            .import_term_dates(case, TERMS, d("2026-12-01"))
            .expect("terms");
        (dir, store, case)
    }

    pub(crate) fn salt() -> ProvisionDetails {
        ProvisionDetails {
            section: "F".into(),
            title: "Speech and language therapy".into(),
            wording: "Ava will receive 45 minutes of direct speech and language therapy weekly, term time, from a qualified speech and language therapist.".into(),
            provider: Some("NHS SaLT service".into()),
            sessions: 1,
            per: "week".into(),
            minutes: 45,
            term_time_only: true,
            from: "2026-09-01".into(),
            ..ProvisionDetails::default()
        }
    }

    pub(crate) fn session(date: &str, status: &str, by: Option<&str>) -> SessionDetails {
        SessionDetails {
            date: date.into(),
            status: status.into(),
            by: by.map(Into::into),
            ..SessionDetails::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::provision::testkit::*;

    #[test]
    fn bad_provisions_and_sessions_are_refused_and_nothing_is_stored() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-30");
        for (details, message) in [
            (
                ProvisionDetails {
                    minutes: 0,
                    ..salt()
                },
                "at least 1 minute",
            ),
            (
                ProvisionDetails {
                    from: "2026-09-01".into(),
                    to: Some("2026-08-01".into()),
                    ..salt()
                },
                "ends before it starts",
            ),
            (
                ProvisionDetails {
                    per: "lunar month".into(),
                    ..salt()
                },
                "not a frequency",
            ),
            (
                ProvisionDetails {
                    title: " ".into(),
                    ..salt()
                },
                "Name the provision",
            ),
        ] {
            let err = store.add_provision(case, &details).expect_err(message);
            assert!(err.to_string().contains(message), "{err}");
        }
        assert!(store.list_provisions(case).expect("list").is_empty());

        let p = store
            .add_provision(
                case,
                &ProvisionDetails {
                    to: Some("2026-12-18".into()),
                    ..salt()
                },
            )
            .expect("provision");
        store
            .log_session(p.id, &session("2026-11-03", "delivered", None), today)
            .expect("first");
        for (details, message) in [
            (
                session("2026-11-03", "missed", Some("provider")),
                "already logged as delivered",
            ),
            (
                session("2026-08-20", "delivered", None),
                "outside the dates",
            ),
            (
                session("2026-11-17", "missed", None),
                "Say who the session was missed because of",
            ),
            (
                SessionDetails {
                    minutes: Some(60),
                    ..session("2026-11-10", "partial", None)
                },
                "between 1 and 44 minutes",
            ),
            (session("2026-12-05", "delivered", None), "in the future"),
        ] {
            let err = store.log_session(p.id, &details, today).expect_err(message);
            assert!(err.to_string().contains(message), "{err}");
        }
        let report = store
            .provision_report(case, None, Some(today), today)
            .expect("report");
        assert_eq!(report.lines[0].tally.delivered_sessions, 1);
        assert_eq!(report.lines[0].tally.missed_by_provider, 0);
    }

    #[test]
    fn changing_the_schedule_keeps_logged_sessions() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-30");
        let p = store.add_provision(case, &salt()).expect("provision");
        store
            .log_session(p.id, &session("2026-09-15", "delivered", None), today)
            .expect("log");
        let amended = store
            .amend_provision(p.id, "2026-11-02", 2, "week", 30, true)
            .expect("amend");
        assert_eq!(amended.schedules.len(), 2);
        assert_eq!(amended.schedules[0].to, Some(d("2026-11-01")));
        let report = store
            .provision_report(case, Some(d("2026-09-01")), Some(d("2026-11-29")), today)
            .expect("report");
        let t = &report.lines[0].tally;
        assert_eq!(
            t.delivered_sessions, 1,
            "the September session is still there"
        );
        // Autumn 1: 8 weeks × 1 × 45; Autumn 2 to 29 Nov: 4 weeks × 2 × 30.
        assert_eq!(t.expected_sessions, 8 + 8);
        assert_eq!(t.expected_minutes, 8 * 45 + 8 * 30);
    }
}
