//! The provision ledger's records: the school's calendar, each provision of the plan with its
//! schedule over time, and every session as delivered or missed. The arithmetic is in `ledger`.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::ledger::{
    self, MissedBy, Per, Schedule, SchoolCalendar, SessionLog, SessionStatus, Tally, TermBlock,
};
use crate::records::text::{optional_line, parse_date, required_line};
use crate::store::{Store, now_timestamp};

/// Wording that does not say how much, how often or by whom, and why that matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VagueWording {
    pub phrase: String,
    pub why: String,
}

const VAGUE_PHRASES: &[(&str, &str)] = &[
    (
        "access to",
        "“access to” promises a chance of help, not the help itself",
    ),
    ("regular", "“regular” does not say how often"),
    (
        "as required",
        "“as required” leaves it to someone else to decide whether any is needed",
    ),
    (
        "as needed",
        "“as needed” leaves it to someone else to decide whether any is needed",
    ),
    (
        "as appropriate",
        "“as appropriate” leaves it to someone else to decide",
    ),
    (
        "up to",
        "“up to” sets a ceiling, not an amount: none at all would comply",
    ),
    (
        "opportunities to",
        "“opportunities to” promises a chance, not provision",
    ),
    (
        "opportunity to",
        "“opportunity to” promises a chance, not provision",
    ),
    (
        "support from",
        "“support from” names who, but not what or how much",
    ),
    (
        "where possible",
        "“where possible” makes the provision optional",
    ),
    (
        "if needed",
        "“if needed” leaves it to someone else to decide whether any is needed",
    ),
    ("periodic", "“periodic” does not say how often"),
];

/// Flags wording the plan's Section F should not use. SEND Code of Practice 9.69: provision must be
/// detailed and specific and should normally be quantified (type, hours, frequency, expertise).
pub fn vague_wording(wording: &str) -> Vec<VagueWording> {
    let lower = format!(
        " {} ",
        wording
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    VAGUE_PHRASES
        .iter()
        .filter(|(phrase, _)| lower.contains(&format!(" {phrase} ")) || lower.contains(&format!(" {phrase},")) || lower.contains(&format!(" {phrase}.")))
        .map(|(phrase, why)| VagueWording {
            phrase: (*phrase).to_owned(),
            why: format!(
                "{why}. Vague provision is hard to enforce: the plan should say what, how much, how often and who (SEND Code of Practice 9.69). Ask for it to be specified and quantified."
            ),
        })
        .collect()
}

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
    /// Adds a half-term to the case's school calendar; overlapping half-terms are refused.
    pub fn add_term_block(
        &mut self,
        case_id: i64,
        name: &str,
        starts: &str,
        ends: &str,
    ) -> Result<TermBlock> {
        self.case(case_id)?;
        let block = self.check_term_block(case_id, name, starts, ends)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO term_blocks (case_id, name, starts, ends) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, block.name, block.starts, block.ends],
            )?;
            audit::record(tx, Some(case_id), "terms.added", &block)
        })?;
        Ok(block)
    }

    fn check_term_block(
        &self,
        case_id: i64,
        name: &str,
        starts: &str,
        ends: &str,
    ) -> Result<TermBlock> {
        let name = required_line(
            "name",
            "The term's name",
            name,
            40,
            "Name the half-term, for example Autumn 1.",
        )?;
        let starts = parse_date("starts", "the first day of term", starts)?;
        let ends = parse_date("ends", "the last day of term", ends)?;
        plausible_day("starts", starts)?;
        if ends < starts {
            return Err(CoreError::invalid(
                "ends",
                format!("{name} ends before it starts. Check the dates."),
            ));
        }
        if (ends - starts).num_days() > 120 {
            return Err(CoreError::invalid(
                "ends",
                format!(
                    "{name} is longer than a half-term (over 17 weeks). Enter each half-term on its own."
                ),
            ));
        }
        let clash: Option<(String, NaiveDate, NaiveDate)> = self
            .conn
            .query_row(
                "SELECT name, starts, ends FROM term_blocks WHERE case_id = ?1 AND starts <= ?3 AND ends >= ?2 LIMIT 1",
                params![case_id, starts, ends],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((other, s, e)) = clash {
            return Err(CoreError::invalid(
                "starts",
                format!(
                    "{name} overlaps {other} ({} to {}). Terms cannot overlap.",
                    s.format("%-d %b %Y"),
                    e.format("%-d %b %Y")
                ),
            ));
        }
        Ok(TermBlock { name, starts, ends })
    }

    /// Marks an INSET (training) day: the school is closed to pupils.
    pub fn add_inset_day(&mut self, case_id: i64, day: &str) -> Result<NaiveDate> {
        self.case(case_id)?;
        let day = parse_date("day", "the INSET day", day)?;
        if self.school_calendar(case_id)?.block_of(day).is_none() {
            return Err(CoreError::invalid(
                "day",
                format!(
                    "{} is not in any term you have entered. Add the term first.",
                    day.format("%a %-d %b %Y")
                ),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO inset_days (case_id, day) VALUES (?1, ?2)",
                params![case_id, day],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "terms.inset",
                &serde_json::json!({ "day": day }),
            )
        })?;
        Ok(day)
    }

    /// Imports a simple list, one item a line: `Autumn 1, 2026-09-02, 2026-10-23` or
    /// `INSET, 2026-09-02`. All lines are checked first; any problem imports nothing.
    pub fn import_term_dates(&mut self, case_id: i64, text: &str) -> Result<SchoolCalendar> {
        self.case(case_id)?;
        let mut blocks: Vec<TermBlock> = Vec::new();
        let mut insets: Vec<NaiveDate> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split([',', '\t', ';']).map(str::trim).collect();
            let at = |e: CoreError| CoreError::invalid("line", format!("Line {}: {e}", n + 1));
            match fields.as_slice() {
                [kind, day] if kind.eq_ignore_ascii_case("inset") => {
                    insets.push(parse_date("day", "the INSET day", day).map_err(at)?)
                }
                [name, starts, ends] => {
                    let block = self
                        .check_term_block(case_id, name, starts, ends)
                        .map_err(at)?;
                    if let Some(other) = blocks
                        .iter()
                        .find(|b| b.starts <= block.ends && b.ends >= block.starts)
                    {
                        return Err(at(CoreError::invalid(
                            "starts",
                            format!(
                                "{} overlaps {}. Terms cannot overlap.",
                                block.name, other.name
                            ),
                        )));
                    }
                    blocks.push(block);
                }
                _ => {
                    return Err(CoreError::invalid(
                        "line",
                        format!(
                            "Line {} is not understood: “{line}”. Write “Autumn 1, 2026-09-02, 2026-10-23” or “INSET, 2026-09-02”.",
                            n + 1
                        ),
                    ));
                }
            }
        }
        let known = self.school_calendar(case_id)?;
        for day in &insets {
            if !blocks.iter().any(|b| b.starts <= *day && *day <= b.ends)
                && known.block_of(*day).is_none()
            {
                return Err(CoreError::invalid(
                    "day",
                    format!(
                        "The INSET day {} is not in any term.",
                        day.format("%-d %b %Y")
                    ),
                ));
            }
        }
        self.write(|tx| {
            for b in &blocks {
                tx.execute(
                    "INSERT INTO term_blocks (case_id, name, starts, ends) VALUES (?1, ?2, ?3, ?4)",
                    params![case_id, b.name, b.starts, b.ends],
                )?;
            }
            for day in &insets {
                tx.execute(
                    "INSERT OR IGNORE INTO inset_days (case_id, day) VALUES (?1, ?2)",
                    params![case_id, day],
                )?;
            }
            audit::record(
                tx,
                Some(case_id),
                "terms.imported",
                &serde_json::json!({ "half_terms": blocks.len(), "inset_days": insets.len() }),
            )
        })?;
        self.school_calendar(case_id)
    }

    /// Copies last year's half-terms and INSET days forward by 52 weeks (same weekdays), as a
    /// starting point to correct against the school's published dates.
    pub fn copy_terms_forward(
        &mut self,
        case_id: i64,
        from_academic_year: i32,
    ) -> Result<SchoolCalendar> {
        let calendar = self.school_calendar(case_id)?;
        let in_year = |d: NaiveDate| {
            (if d.month() >= 9 {
                d.year()
            } else {
                d.year() - 1
            }) == from_academic_year
        };
        let shift = |d: NaiveDate| d + Days::new(364);
        let mut text = String::new();
        for b in calendar.blocks.iter().filter(|b| in_year(b.starts)) {
            text += &format!("{}, {}, {}\n", b.name, shift(b.starts), shift(b.ends));
        }
        for day in calendar.inset_days.iter().filter(|d| in_year(**d)) {
            text += &format!("INSET, {}\n", shift(*day));
        }
        if text.is_empty() {
            return Err(CoreError::invalid(
                "year",
                format!(
                    "There are no terms for {}–{} to copy.",
                    from_academic_year,
                    from_academic_year + 1
                ),
            ));
        }
        self.import_term_dates(case_id, &text)
    }

    /// The case's school calendar.
    pub fn school_calendar(&self, case_id: i64) -> Result<SchoolCalendar> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, starts, ends FROM term_blocks WHERE case_id = ?1 ORDER BY starts",
        )?;
        let blocks = stmt
            .query_map([case_id], |r| {
                Ok(TermBlock {
                    name: r.get(0)?,
                    starts: r.get(1)?,
                    ends: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT day FROM inset_days WHERE case_id = ?1 ORDER BY day")?;
        let inset_days = stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SchoolCalendar { blocks, inset_days })
    }

    /// Adds a provision from the plan with its first schedule.
    pub fn add_provision(&mut self, case_id: i64, details: &ProvisionDetails) -> Result<Provision> {
        self.case(case_id)?;
        let section = if details.section.trim().is_empty() {
            Section::F
        } else {
            Section::parse(&details.section)?
        };
        let title = required_line(
            "title",
            "The provision's name",
            &details.title,
            200,
            "Name the provision, for example Speech and language therapy.",
        )?;
        let wording = details.wording.trim().to_owned();
        if wording.chars().count() > 20_000 {
            return Err(CoreError::invalid(
                "wording",
                "The wording is too long. Paste the part of Section F about this provision.",
            ));
        }
        let schedule = self.check_schedule(
            details.sessions.max(1),
            &details.per,
            details.minutes,
            details.term_time_only,
            &details.from,
            details.to.as_deref(),
        )?;
        let provider = optional_line("provider", "The provider", details.provider.as_deref(), 200)?;
        let setting = optional_line("setting", "The setting", details.setting.as_deref(), 200)?;
        let plan_version = optional_line(
            "plan_version",
            "The plan version",
            details.plan_version.as_deref(),
            200,
        )?;
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

    /// Checks a session's details against the provision; nothing is written.
    fn check_session(
        &self,
        provision: &Provision,
        details: &SessionDetails,
        today: NaiveDate,
        replacing: Option<i64>,
    ) -> Result<ValidSession> {
        let day = parse_date("date", "the session's date", &details.date)?;
        if day > today {
            return Err(CoreError::invalid(
                "date",
                "That date is in the future. Log sessions once they were due.",
            ));
        }
        let Some(schedule) = provision
            .schedules
            .iter()
            .find(|s| day >= s.from && s.to.is_none_or(|t| day <= t))
        else {
            return Err(CoreError::invalid(
                "date",
                format!(
                    "{} is outside the dates of “{}”. Check the date, or the provision's start and end.",
                    day.format("%a %-d %b %Y"),
                    provision.title
                ),
            ));
        };
        let status = match details.status.trim().to_lowercase().as_str() {
            "delivered" | "done" => SessionStatus::Delivered,
            "partial" | "partly delivered" => SessionStatus::Partial,
            "missed" => SessionStatus::Missed,
            "cancelled" | "canceled" => SessionStatus::Cancelled,
            other => {
                return Err(CoreError::invalid(
                    "status",
                    format!(
                        "“{other}” is not a session status. Use delivered, partial, missed or cancelled."
                    ),
                ));
            }
        };
        let minutes = match status {
            SessionStatus::Partial => {
                let m = details.minutes.ok_or_else(|| {
                    CoreError::invalid(
                        "minutes",
                        "For a partly delivered session, enter how many minutes were delivered.",
                    )
                })?;
                if m == 0 || m >= schedule.minutes {
                    return Err(CoreError::invalid(
                        "minutes",
                        format!(
                            "A partly delivered session lasts between 1 and {} minutes (the full session is {}).",
                            schedule.minutes - 1,
                            schedule.minutes
                        ),
                    ));
                }
                Some(m)
            }
            _ => details.minutes.filter(|m| *m > 0),
        };
        let by = match details
            .by
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            Some(text) => Some(match text.to_lowercase().as_str() {
                "provider" | "therapist" | "service" => MissedBy::Provider,
                "school" | "setting" => MissedBy::School,
                "child" | "absent" | "ill" => MissedBy::Child,
                other => {
                    return Err(CoreError::invalid(
                        "by",
                        format!("“{other}” is not who missed it. Use provider, school or child."),
                    ));
                }
            }),
            None if matches!(status, SessionStatus::Missed | SessionStatus::Cancelled) => {
                return Err(CoreError::invalid(
                    "by",
                    "Say who the session was missed because of: provider, school or child. Only the first two count against the council.",
                ));
            }
            None => None,
        };
        let reason = optional_line("reason", "The reason", details.reason.as_deref(), 500)?;
        let by_text = by.map(|b| match b {
            MissedBy::Provider => "provider",
            MissedBy::School => "school",
            MissedBy::Child => "child",
        });
        let status_text = match status {
            SessionStatus::Delivered => "delivered",
            SessionStatus::Partial => "partial",
            SessionStatus::Missed => "missed",
            SessionStatus::Cancelled => "cancelled",
        };
        let duplicate: Option<String> = if details.catch_up {
            None
        } else {
            self.conn
                .query_row(
                    "SELECT status FROM provision_sessions WHERE provision_id = ?1 AND day = ?2 AND catch_up = 0 AND id IS NOT ?3",
                    params![provision.id, day, replacing],
                    |r| r.get(0),
                )
                .optional()?
        };
        if let Some(existing) = duplicate {
            return Err(CoreError::invalid(
                "date",
                format!(
                    "A session on {} is already logged as {existing}. Change that one, or log this as a catch-up session.",
                    day.format("%a %-d %b %Y")
                ),
            ));
        }
        if let Some(entry) = details.evidence
            && self.entry(entry)?.case_id != provision.case_id
        {
            return Err(CoreError::invalid(
                "evidence",
                "That correspondence entry belongs to another case. Choose one from this case's log.",
            ));
        }
        Ok(ValidSession {
            day,
            status: status_text,
            minutes,
            by: by_text,
            reason,
            catch_up: details.catch_up,
            evidence: details.evidence,
        })
    }

    /// Logs one session of a provision.
    pub fn log_session(
        &mut self,
        provision_id: i64,
        details: &SessionDetails,
        today: NaiveDate,
    ) -> Result<i64> {
        let provision = self.provision(provision_id)?;
        let v = self.check_session(&provision, details, today, None)?;
        self.write(|tx| {
            let id = insert_session(tx, provision_id, &v)?;
            audit::record(tx, Some(provision.case_id), "provision.session", &serde_json::json!({ "provision_id": provision_id, "session_id": id, "day": v.day, "status": v.status, "by": v.by }))?;
            Ok(id)
        })
    }

    /// Corrects a logged session (a wrong status or date); the change is in the audit log.
    pub fn correct_session(
        &mut self,
        session_id: i64,
        details: &SessionDetails,
        today: NaiveDate,
    ) -> Result<SessionRecord> {
        let provision_id: i64 = self
            .conn
            .query_row(
                "SELECT provision_id FROM provision_sessions WHERE id = ?1",
                [session_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "session",
                id: session_id,
            })?;
        let provision = self.provision(provision_id)?;
        let v = self.check_session(&provision, details, today, Some(session_id))?;
        self.write(|tx| {
            tx.execute(
                "UPDATE provision_sessions SET day = ?2, status = ?3, minutes = ?4, missed_by = ?5, reason = ?6, catch_up = ?7, evidence_entry_id = ?8 WHERE id = ?1",
                params![session_id, v.day, v.status, v.minutes, v.by, v.reason, v.catch_up, v.evidence],
            )?;
            audit::record(tx, Some(provision.case_id), "provision.session-corrected", &serde_json::json!({ "session_id": session_id, "day": v.day, "status": v.status, "by": v.by }))
        })?;
        self.list_sessions(provision_id)?
            .into_iter()
            .find(|s| s.id == session_id)
            .ok_or(CoreError::NotFound {
                what: "session",
                id: session_id,
            })
    }

    /// Logs every owed session from `from` to `to` as delivered, except on the dates in `except`
    /// and in slots that already have a log. Returns how many were logged. One transaction.
    pub fn log_delivered_range(
        &mut self,
        provision_id: i64,
        from: &str,
        to: &str,
        except: &[String],
        today: NaiveDate,
    ) -> Result<u32> {
        let provision = self.provision(provision_id)?;
        let from = parse_date("from", "the first day", from)?;
        let to = parse_date("to", "the last day", to)?.min(today);
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "The range ends before it starts. Check the dates.",
            ));
        }
        let except: Vec<NaiveDate> = except
            .iter()
            .map(|d| parse_date("except", "a date to leave out", d))
            .collect::<Result<_>>()?;
        let calendar = self.school_calendar(provision.case_id)?;
        let logs = self.session_logs(provision_id)?;
        let mut planned = Vec::new();
        for anchor in ledger::owed_session_days(&provision.schedules, &calendar, &logs, from, to) {
            if except.contains(&anchor) || anchor > today {
                continue;
            }
            let details = SessionDetails {
                date: anchor.to_string(),
                status: "delivered".into(),
                ..SessionDetails::default()
            };
            planned.push(self.check_session(&provision, &details, today, None)?);
        }
        let count = planned.len() as u32;
        self.write(|tx| {
            for v in &planned {
                insert_session(tx, provision_id, v)?;
            }
            audit::record(tx, Some(provision.case_id), "provision.range-delivered", &serde_json::json!({ "provision_id": provision_id, "from": from, "to": to, "logged": count, "except": except }))
        })?;
        Ok(count)
    }

    /// A provision's logged sessions, newest first.
    pub fn list_sessions(&self, provision_id: i64) -> Result<Vec<SessionRecord>> {
        self.provision(provision_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.day, s.status, s.minutes, s.missed_by, s.reason, s.catch_up, s.evidence_entry_id, s.logged_at \
             FROM provision_sessions s WHERE s.provision_id = ?1 ORDER BY s.day DESC, s.id DESC",
        )?;
        let rows = stmt.query_map([provision_id], |r| {
            Ok(SessionRecord {
                id: r.get(0)?,
                date: r.get(1)?,
                status: r.get(2)?,
                minutes: r.get(3)?,
                by: r.get(4)?,
                reason: r.get(5)?,
                catch_up: r.get(6)?,
                evidence_entry_id: r.get(7)?,
                logged_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn session_logs(&self, provision_id: i64) -> Result<Vec<SessionLog>> {
        let mut stmt = self.conn.prepare_cached("SELECT day, status, minutes, missed_by, catch_up FROM provision_sessions WHERE provision_id = ?1 ORDER BY day, id")?;
        let rows = stmt.query_map([provision_id], |r| {
            let status: String = r.get(1)?;
            let by: Option<String> = r.get(3)?;
            Ok(SessionLog {
                date: r.get(0)?,
                status: match status.as_str() {
                    "delivered" => SessionStatus::Delivered,
                    "partial" => SessionStatus::Partial,
                    "missed" => SessionStatus::Missed,
                    _ => SessionStatus::Cancelled,
                },
                minutes: r.get(2)?,
                by: by.map(|b| match b.as_str() {
                    "child" => MissedBy::Child,
                    "school" => MissedBy::School,
                    _ => MissedBy::Provider,
                }),
                catch_up: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The shortfall report of a case from `from` to `to` (default: the earliest provision start
    /// to `today`).
    pub fn provision_report(
        &self,
        case_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<ProvisionReport> {
        let provisions = self.list_provisions(case_id)?;
        let calendar = self.school_calendar(case_id)?;
        let from = from.unwrap_or_else(|| {
            provisions
                .iter()
                .flat_map(|p| p.schedules.first())
                .map(|s| s.from)
                .min()
                .unwrap_or(today)
        });
        let to = to.unwrap_or(today);
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "The report ends before it starts. Check the dates.",
            ));
        }
        let mut total = Tally::default();
        let mut lines = Vec::new();
        for provision in provisions {
            let logs = self.session_logs(provision.id)?;
            let t = ledger::tally(&provision.schedules, &calendar, &logs, from, to);
            let by_month = months(from, to)
                .into_iter()
                .map(|(label, a, b)| PeriodTally {
                    tally: ledger::tally(&provision.schedules, &calendar, &logs, a, b),
                    label,
                    from: a,
                    to: b,
                })
                .filter(|p| p.tally.expected_sessions > 0 || p.tally.catch_up_sessions > 0)
                .collect();
            let by_term: Vec<PeriodTally> = terms(&calendar, from, to)
                .into_iter()
                .map(|(label, a, b)| PeriodTally {
                    tally: ledger::tally(&provision.schedules, &calendar, &logs, a, b),
                    label,
                    from: a,
                    to: b,
                })
                .filter(|p| p.tally.expected_sessions > 0)
                .collect();
            let terms_affected = by_term
                .iter()
                .filter(|p| p.tally.missed_by_provider > 0)
                .map(|p| p.label.clone())
                .collect();
            total.add(&t);
            lines.push(ProvisionLine {
                percent_delivered: t.percent_delivered(),
                provision,
                tally: t,
                by_month,
                by_term,
                terms_affected,
            });
        }
        Ok(ProvisionReport {
            from,
            to,
            lines,
            total,
        })
    }
}

impl ProvisionReport {
    /// The shortfall table as CSV (RFC 4180), one row per provision and a total row, for
    /// spreadsheets and complaint letters.
    pub fn to_csv(&self) -> String {
        fn field(text: &str) -> String {
            if text.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.to_owned()
            }
        }
        fn hours(minutes: u32) -> String {
            format!("{:.2}", f64::from(minutes) / 60.0)
        }
        let mut out = String::from(
            "Section,Provision,Provider,From,To,Expected sessions,Expected hours,Delivered sessions,Delivered hours,Missed by provider or school,Missed because of the child,Not yet recorded,Catch-up sessions,Shortfall hours,Delivered %,Terms affected\r\n",
        );
        let mut row = |section: &str,
                       name: &str,
                       provider: &str,
                       t: &Tally,
                       percent: Option<u32>,
                       terms: &str| {
            let cells = [
                field(section),
                field(name),
                field(provider),
                self.from.to_string(),
                self.to.to_string(),
                t.expected_sessions.to_string(),
                hours(t.expected_minutes),
                t.delivered_sessions.to_string(),
                hours(t.delivered_minutes),
                t.missed_by_provider.to_string(),
                t.missed_by_child.to_string(),
                t.unrecorded.to_string(),
                t.catch_up_sessions.to_string(),
                hours(t.shortfall_minutes),
                percent.map(|p| p.to_string()).unwrap_or_default(),
                field(terms),
            ];
            out += &cells.join(",");
            out += "\r\n";
        };
        for line in &self.lines {
            let p = &line.provision;
            row(
                p.section.as_str(),
                &p.title,
                p.provider.as_deref().unwrap_or(""),
                &line.tally,
                line.percent_delivered,
                &line.terms_affected.join("; "),
            );
        }
        row(
            "",
            "Total",
            "",
            &self.total,
            self.total.percent_delivered(),
            "",
        );
        out
    }
}

/// A checked session, ready to store.
struct ValidSession {
    day: NaiveDate,
    status: &'static str,
    minutes: Option<u32>,
    by: Option<&'static str>,
    reason: Option<String>,
    catch_up: bool,
    evidence: Option<i64>,
}

fn insert_session(
    tx: &rusqlite::Transaction<'_>,
    provision_id: i64,
    v: &ValidSession,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO provision_sessions (provision_id, day, status, minutes, missed_by, reason, catch_up, evidence_entry_id, logged_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![provision_id, v.day, v.status, v.minutes, v.by, v.reason, v.catch_up, v.evidence, now_timestamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_schedule(tx: &rusqlite::Transaction<'_>, provision_id: i64, s: &Schedule) -> Result<()> {
    tx.execute(
        "INSERT INTO provision_schedules (provision_id, starts, ends, sessions, per, minutes, term_time_only) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![provision_id, s.from, s.to, s.sessions, s.per.as_str(), s.minutes, s.term_time_only],
    )?;
    Ok(())
}

/// Calendar months overlapping `from..=to`, clipped to it.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let first_next = NaiveDate::from_ymd_opt(start.year(), start.month(), 1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .unwrap_or(NaiveDate::MAX);
        let end = (first_next - Days::new(1)).min(to);
        out.push((start.format("%b %Y").to_string(), start, end));
        start = first_next;
    }
    out
}

/// Terms (autumn, spring, summer) overlapping `from..=to`: from each term's first half-term start
/// to the day before the next term starts, clipped to the period.
fn terms(
    calendar: &SchoolCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut groups: Vec<(String, NaiveDate)> = Vec::new();
    for block in &calendar.blocks {
        let year = if block.starts.month() >= 9 {
            block.starts.year()
        } else {
            block.starts.year() - 1
        };
        let label = format!(
            "{} {}",
            block.term_name(),
            if block.starts.month() >= 9 {
                year
            } else {
                year + 1
            }
        );
        if groups.last().is_none_or(|(l, _)| *l != label) {
            groups.push((label, block.starts));
        }
    }
    let mut out = Vec::new();
    for (i, (label, start)) in groups.iter().enumerate() {
        let end = groups
            .get(i + 1)
            .map_or(NaiveDate::MAX, |(_, next)| *next - Days::new(1));
        let (a, b) = ((*start).max(from), end.min(to));
        if a <= b {
            out.push((label.clone(), a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    const TERMS: &str = "# 2026-27\nAutumn 1, 2026-09-02, 2026-10-23\nAutumn 2, 2026-11-02, 2026-12-18\nSpring 1, 2027-01-05, 2027-02-12\nINSET, 2026-09-02\n";

    fn setup() -> (tempfile::TempDir, Store, i64) {
        let (dir, mut store, case) = crate::testing::store_with_case();
        store.import_term_dates(case, TERMS).expect("terms");
        (dir, store, case)
    }

    fn salt() -> ProvisionDetails {
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

    fn session(date: &str, status: &str, by: Option<&str>) -> SessionDetails {
        SessionDetails {
            date: date.into(),
            status: status.into(),
            by: by.map(Into::into),
            ..SessionDetails::default()
        }
    }

    #[test]
    fn a_term_time_provision_reports_its_shortfall_by_month_and_term() {
        let (_dir, mut store, case) = setup();
        let p = store.add_provision(case, &salt()).expect("provision");
        assert!(p.vague.is_empty());
        let today = d("2026-11-30");
        store
            .log_session(p.id, &session("2026-11-03", "delivered", None), today)
            .expect("log");
        store
            .log_session(
                p.id,
                &session("2026-11-10", "missed", Some("provider")),
                today,
            )
            .expect("log");
        store
            .log_session(p.id, &session("2026-11-17", "missed", Some("child")), today)
            .expect("log");
        let report = store
            .provision_report(case, Some(d("2026-11-02")), Some(d("2026-11-29")), today)
            .expect("report");
        let line = &report.lines[0];
        assert_eq!(line.tally.expected_sessions, 4);
        assert_eq!(line.tally.delivered_sessions, 1);
        assert_eq!(line.tally.missed_by_provider, 1);
        assert_eq!(line.tally.missed_by_child, 1);
        assert_eq!(line.tally.unrecorded, 1);
        assert_eq!(line.tally.shortfall_minutes, 45);
        assert_eq!(line.terms_affected, ["Autumn 2026"]);
        assert_eq!(
            line.by_month
                .iter()
                .map(|m| m.label.as_str())
                .collect::<Vec<_>>(),
            ["Nov 2026"]
        );
        assert_eq!(report.total.expected_minutes, 180);
    }

    #[test]
    fn the_report_exports_as_csv_with_a_total_row() {
        let (_dir, mut store, case) = setup();
        let p = store
            .add_provision(
                case,
                &ProvisionDetails {
                    title: "Speech, language \"and\" communication".into(),
                    ..salt()
                },
            )
            .expect("provision");
        let today = d("2026-11-30");
        store
            .log_session(
                p.id,
                &session("2026-11-10", "missed", Some("provider")),
                today,
            )
            .expect("log");
        let csv = store
            .provision_report(case, Some(d("2026-11-02")), Some(d("2026-11-29")), today)
            .expect("report")
            .to_csv();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Section,Provision,Provider,From,To,Expected sessions"));
        assert!(lines[1].starts_with("F,\"Speech, language \"\"and\"\" communication\",NHS SaLT service,2026-11-02,2026-11-29,4,3.00,0,0.00,1,0,3,0,0.75,0,Autumn 2026"), "{}", lines[1]);
        assert!(lines[2].starts_with(",Total,,"));
    }

    #[test]
    fn vague_wording_is_flagged_with_a_reason() {
        let (_dir, mut store, case) = setup();
        let p = store
            .add_provision(
                case,
                &ProvisionDetails {
                    wording: "Ava will have access to speech and language therapy as required."
                        .into(),
                    ..salt()
                },
            )
            .expect("provision");
        let phrases: Vec<&str> = p.vague.iter().map(|v| v.phrase.as_str()).collect();
        assert_eq!(phrases, ["access to", "as required"]);
        assert!(p.vague[0].why.contains("Code of Practice 9.69"));
    }

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
    fn overlapping_terms_are_refused_and_an_import_is_all_or_nothing() {
        let (_dir, mut store, case) = setup();
        let err = store
            .add_term_block(case, "Autumn 2 again", "2026-12-01", "2026-12-20")
            .expect_err("overlap");
        assert!(err.to_string().contains("overlaps Autumn 2"), "{err}");
        let err = store
            .import_term_dates(
                case,
                "Summer 1, 2027-04-12, 2027-05-28\nSummer 2, 2027-05-20, 2027-07-21\n",
            )
            .expect_err("overlap in file");
        assert!(err.to_string().starts_with("Line 2:"), "{err}");
        assert_eq!(
            store.school_calendar(case).expect("calendar").blocks.len(),
            3,
            "nothing from the bad file was stored"
        );
    }

    #[test]
    fn a_whole_range_is_marked_delivered_except_the_days_given() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-30");
        let p = store.add_provision(case, &salt()).expect("provision");
        store
            .log_session(
                p.id,
                &session("2026-11-10", "missed", Some("provider")),
                today,
            )
            .expect("missed");
        let n = store
            .log_delivered_range(
                p.id,
                "2026-11-02",
                "2026-11-29",
                &["2026-11-16".into()],
                today,
            )
            .expect("range");
        // Four weeks: 2 Nov logged, 9 Nov already has a log, 16 Nov excepted, 23 Nov logged.
        assert_eq!(n, 2);
        let t = &store
            .provision_report(case, Some(d("2026-11-02")), Some(d("2026-11-29")), today)
            .expect("report")
            .lines[0]
            .tally;
        assert_eq!(
            (t.delivered_sessions, t.missed_by_provider, t.unrecorded),
            (2, 1, 1)
        );
        let again = store
            .log_delivered_range(p.id, "2026-11-02", "2026-11-29", &[], today)
            .expect("again");
        assert_eq!(again, 1, "only the excepted week is left to fill");
    }

    #[test]
    fn a_wrong_log_can_be_corrected_and_the_sessions_are_listed() {
        let (_dir, mut store, case) = setup();
        let today = d("2026-11-30");
        let p = store.add_provision(case, &salt()).expect("provision");
        let id = store
            .log_session(p.id, &session("2026-11-10", "delivered", None), today)
            .expect("log");
        let fixed = store
            .correct_session(
                id,
                &session("2026-11-10", "cancelled", Some("school")),
                today,
            )
            .expect("correct");
        assert_eq!(fixed.status, "cancelled");
        assert_eq!(fixed.by.as_deref(), Some("school"));
        let list = store.list_sessions(p.id).expect("list");
        assert_eq!(list.len(), 1);
        let err = store
            .correct_session(id, &session("2026-11-10", "missed", None), today)
            .expect_err("no by");
        assert!(err.to_string().contains("Say who"));
        assert_eq!(
            store.list_sessions(p.id).expect("list")[0].status,
            "cancelled",
            "a refused correction changes nothing"
        );
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

    #[test]
    fn last_years_terms_can_be_copied_forward() {
        let (_dir, mut store, case) = setup();
        let calendar = store.copy_terms_forward(case, 2026).expect("copy");
        assert!(
            calendar
                .blocks
                .iter()
                .any(|b| b.name == "Autumn 1" && b.starts == d("2027-09-01"))
        );
        assert!(calendar.inset_days.contains(&d("2027-09-01")));
    }
}
