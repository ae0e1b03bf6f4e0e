//! Statutory clocks of a case: starting them, recording what happened, and reading their
//! deadlines. The rules live in `casefile-rules`; this module stores only what the family records
//! and computes deadlines on every read.

use std::collections::BTreeMap;

use casefile_rules::{
    ClockFacts, Deadline, DeadlineStatus, EXCEPTIONS, ExceptionRecord, ProcessDef, StepOutcome,
    StepRecord,
};
use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::records::text::{optional_line, parse_date};
use crate::store::{Store, now_timestamp};

/// A date recorded (or still to record) for one of a clock's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClockEvent {
    pub key: String,
    pub label: String,
    pub date: Option<NaiveDate>,
}

/// A recorded exception, with its plain-English description. How it bears on each step is in
/// that step's deadline (`Deadline::exceptions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClockException {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub note: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub advice_requested: Option<NaiveDate>,
    /// The steps it is claimed for; `None` for a record made before steps were asked.
    pub steps: Option<Vec<String>>,
    pub recorded_at: String,
}

/// What a person enters to record an exception the council claims (or the family relies on).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExceptionInput {
    /// A key from `casefile clock processes` ("absent-from-area").
    pub kind: String,
    /// `YYYY-MM-DD`: the first day closed, away or affected, or the missed appointment.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: the day it reopened, the family came back, or the circumstances ended.
    pub to: Option<String>,
    /// `YYYY-MM-DD`: for a closure, when the council asked that school or setting for advice.
    pub advice_requested: Option<String>,
    /// The steps it is claimed for (at least one).
    pub steps: Vec<String>,
    pub note: Option<String>,
}

/// The correspondence entry that proves a step was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepEvidence {
    pub step: String,
    #[ts(type = "number")]
    pub entry_id: i64,
    /// "Letter from Kent County Council, 2 Mar 2026: Decision to assess".
    pub label: String,
}

/// A clock with its deadlines as they stand on the day asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Clock {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub process: String,
    pub process_title: String,
    pub start_label: String,
    pub started_on: NaiveDate,
    pub label: Option<String>,
    pub closed_at: Option<String>,
    pub events: Vec<ClockEvent>,
    pub exceptions: Vec<ClockException>,
    pub evidence: Vec<StepEvidence>,
    pub deadlines: Vec<Deadline>,
}

/// What a person enters to start a clock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClockStart {
    /// A process key from `casefile clock processes`.
    pub process: String,
    /// `YYYY-MM-DD`.
    pub started_on: String,
    /// An optional name, e.g. "Annual review 2026".
    pub label: Option<String>,
}

/// A deadline of a case with the clock it belongs to (the case's and the Today view's lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaseDeadline {
    #[ts(type = "number")]
    pub clock_id: i64,
    pub process_title: String,
    pub clock_label: Option<String>,
    pub deadline: Deadline,
    /// What proves the step was done, when recorded.
    pub evidence: Option<StepEvidence>,
}

/// A deadline that needs attention today, with the case it belongs to (the Today view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TodayItem {
    #[ts(type = "number")]
    pub case_id: i64,
    pub child_name: String,
    pub item: CaseDeadline,
}

/// What a person records about a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum OutcomeKind {
    Met,
    Missed,
    NotApplicable,
    /// The council decided, on a date, and refused (only at a step where it can refuse).
    Refused,
    /// Clears an earlier record.
    Open,
}

impl OutcomeKind {
    pub fn parse(text: &str) -> Result<OutcomeKind> {
        match text.trim().to_lowercase().replace(['_', ' '], "-").as_str() {
            "met" | "done" => Ok(OutcomeKind::Met),
            "missed" => Ok(OutcomeKind::Missed),
            "not-applicable" | "n/a" => Ok(OutcomeKind::NotApplicable),
            "refused" => Ok(OutcomeKind::Refused),
            "open" => Ok(OutcomeKind::Open),
            other => Err(CoreError::invalid(
                "outcome",
                format!(
                    "“{other}” is not an outcome. Use met, missed, not-applicable, refused or open."
                ),
            )),
        }
    }
}

fn process_def(key: &str) -> Result<&'static ProcessDef> {
    casefile_rules::process(key).ok_or_else(|| {
        CoreError::invalid(
            "process",
            format!(
                "“{key}” is not a process Casefile knows. Use one of: {}.",
                casefile_rules::PROCESSES
                    .iter()
                    .map(|p| p.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// Refuses dates that cannot be right for a child's case: before 1990, or far in the future.
fn plausible(
    field: &'static str,
    label: &str,
    date: NaiveDate,
    today: NaiveDate,
    max_ahead_months: u32,
) -> Result<()> {
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
    if date < earliest {
        return Err(CoreError::invalid(
            field,
            format!("{label} is before 1990. Check the year."),
        ));
    }
    let latest = today
        .checked_add_months(Months::new(max_ahead_months))
        .unwrap_or(NaiveDate::MAX);
    if date > latest {
        let span = if max_ahead_months == 0 {
            "in the future".to_owned()
        } else {
            format!("more than {} years from now", max_ahead_months / 12)
        };
        return Err(CoreError::invalid(
            field,
            format!("{label} is {span}. Check the date."),
        ));
    }
    Ok(())
}

impl Store {
    /// Starts a clock for a case from a real date.
    pub fn start_clock(
        &mut self,
        case_id: i64,
        start: &ClockStart,
        today: NaiveDate,
    ) -> Result<Clock> {
        let process = process_def(start.process.trim())?;
        let label_text = process.start_label.to_lowercase();
        let started_on = parse_date(
            "started_on",
            &format!("the {label_text}"),
            &start.started_on,
        )?;
        let case = self.case(case_id)?;
        plausible(
            "started_on",
            &format!("The {label_text}"),
            started_on,
            today,
            36,
        )?;
        if let Some(dob) = case.date_of_birth
            && started_on < dob
        {
            return Err(CoreError::invalid(
                "started_on",
                format!(
                    "The {label_text} ({}) is before {}’s date of birth ({}). Check the date.",
                    started_on.format("%-d %b %Y"),
                    case.child_name,
                    dob.format("%-d %b %Y")
                ),
            ));
        }
        let label = optional_line("label", "The name", start.label.as_deref(), 120)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO clocks (case_id, process, started_on, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, process.key, started_on, label, now_timestamp()],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(
                tx,
                Some(case_id),
                "clock.started",
                &serde_json::json!({ "clock_id": id, "process": process.key, "started_on": started_on, "label": label }),
            )?;
            Ok(id)
        })?;
        self.clock(id, today)
    }

    /// Records the date of one of a clock's events (e.g. when the draft plan was served).
    pub fn record_clock_event(
        &mut self,
        clock_id: i64,
        event: &str,
        date: &str,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, process) = self.clock_process(clock_id)?;
        let def = process
            .events
            .iter()
            .find(|e| e.key == event.trim())
            .ok_or_else(|| {
                CoreError::invalid(
                    "event",
                    format!(
                        "“{}” is not an event of “{}”. Use one of: {}.",
                        event.trim(),
                        process.title,
                        if process.events.is_empty() {
                            "(this process has none)".to_owned()
                        } else {
                            process
                                .events
                                .iter()
                                .map(|e| e.key)
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    ),
                )
            })?;
        let on = parse_date("date", &format!("the {}", def.label.to_lowercase()), date)?;
        plausible("date", def.label, on, today, 36)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO clock_events (clock_id, event, on_date) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (clock_id, event) DO UPDATE SET on_date = excluded.on_date",
                params![clock_id, def.key, on],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "clock.event",
                &serde_json::json!({ "clock_id": clock_id, "event": def.key, "date": on }),
            )
        })?;
        self.clock(clock_id, today)
    }

    /// Records what happened to a step: met on a date, missed, not applicable, or open again.
    pub fn record_step_outcome(
        &mut self,
        clock_id: i64,
        step: &str,
        outcome: OutcomeKind,
        on: Option<&str>,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<Clock> {
        self.record_step_outcome_with_evidence(clock_id, step, outcome, on, note, None, today)
    }

    /// [`Store::record_step_outcome`] with the correspondence entry that proves it (a letter
    /// or a logged call of the same case), in one transaction: a refused proof changes nothing.
    #[allow(clippy::too_many_arguments)]
    pub fn record_step_outcome_with_evidence(
        &mut self,
        clock_id: i64,
        step: &str,
        outcome: OutcomeKind,
        on: Option<&str>,
        note: Option<&str>,
        evidence: Option<i64>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, process) = self.clock_process(clock_id)?;
        let step_def = find_step(process, step)?;
        if let Some(entry) = evidence {
            self.check_evidence(clock_id, entry)?;
        }
        if outcome == OutcomeKind::Refused && step_def.refusal.is_none() {
            return Err(CoreError::invalid(
                "outcome",
                format!(
                    "“{}” is not a decision the council can refuse. Record it as done, missed or not applying.",
                    step_def.title
                ),
            ));
        }
        let met_on = match outcome {
            OutcomeKind::Met => {
                let date = parse_date("on", "the date it was done", on.unwrap_or(""))?;
                plausible("on", "The date it was done", date, today, 0)?;
                Some(date)
            }
            OutcomeKind::Refused => {
                let date = parse_date("on", "the date of the refusal letter", on.unwrap_or(""))?;
                plausible("on", "The date of the refusal letter", date, today, 0)?;
                Some(date)
            }
            _ => None,
        };
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        if note.as_ref().is_some_and(|n| n.chars().count() > 2_000) {
            return Err(CoreError::invalid(
                "note",
                "The note is too long. Keep it under 2,000 characters.",
            ));
        }
        let refused = outcome == OutcomeKind::Refused;
        let stored = match outcome {
            OutcomeKind::Met | OutcomeKind::Refused => Some("met"),
            OutcomeKind::Missed => Some("missed"),
            OutcomeKind::NotApplicable => Some("not-applicable"),
            OutcomeKind::Open => None,
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO clock_steps (clock_id, step, outcome, met_on, refused, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (clock_id, step) DO UPDATE SET outcome = excluded.outcome, met_on = excluded.met_on, \
                 refused = excluded.refused, note = coalesce(excluded.note, clock_steps.note), updated_at = excluded.updated_at",
                params![clock_id, step_def.key, stored, met_on, refused, note, now_timestamp()],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "clock.step",
                &serde_json::json!({ "clock_id": clock_id, "step": step_def.key, "outcome": outcome, "on": met_on, "note": note }),
            )?;
            if let Some(entry_id) = evidence {
                tx.execute(
                    "UPDATE clock_steps SET evidence_entry_id = ?3 WHERE clock_id = ?1 AND step = ?2",
                    params![clock_id, step_def.key, entry_id],
                )?;
                audit::record(tx, Some(case_id), "clock.evidence", &serde_json::json!({ "clock_id": clock_id, "step": step_def.key, "entry_id": entry_id }))?;
            }
            Ok(())
        })?;
        self.clock(clock_id, today)
    }

    /// Sets (or with `None`, clears) a date for a step fixed by the Tribunal or agreed in writing.
    pub fn set_step_due_date(
        &mut self,
        clock_id: i64,
        step: &str,
        date: Option<&str>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, process) = self.clock_process(clock_id)?;
        let step_def = find_step(process, step)?;
        let due = match date.map(str::trim).filter(|d| !d.is_empty()) {
            Some(text) => {
                let due = parse_date("due", "the date set", text)?;
                plausible("due", "The date set", due, today, 36)?;
                Some(due)
            }
            None => None,
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO clock_steps (clock_id, step, due_override, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (clock_id, step) DO UPDATE SET due_override = excluded.due_override, updated_at = excluded.updated_at",
                params![clock_id, step_def.key, due, now_timestamp()],
            )?;
            audit::record(tx, Some(case_id), "clock.due-set", &serde_json::json!({ "clock_id": clock_id, "step": step_def.key, "due": due }))
        })?;
        self.clock(clock_id, today)
    }

    /// Refuses an entry that does not exist or belongs to another case than the clock's.
    pub fn check_evidence(&self, clock_id: i64, entry_id: i64) -> Result<()> {
        let (case_id, _) = self.clock_process(clock_id)?;
        if self.entry(entry_id)?.case_id != case_id {
            return Err(CoreError::invalid(
                "evidence",
                "That correspondence entry belongs to another case. Choose one from this case's log.",
            ));
        }
        Ok(())
    }

    /// Links (or with `None`, unlinks) the correspondence entry that proves a step was done.
    pub fn set_step_evidence(
        &mut self,
        clock_id: i64,
        step: &str,
        entry_id: Option<i64>,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, process) = self.clock_process(clock_id)?;
        let step_def = find_step(process, step)?;
        if let Some(entry_id) = entry_id {
            let entry = self.entry(entry_id)?;
            if entry.case_id != case_id {
                return Err(CoreError::invalid(
                    "evidence",
                    "That correspondence entry belongs to another case. Choose one from this case's log.",
                ));
            }
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO clock_steps (clock_id, step, evidence_entry_id, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (clock_id, step) DO UPDATE SET evidence_entry_id = excluded.evidence_entry_id, updated_at = excluded.updated_at",
                params![clock_id, step_def.key, entry_id, now_timestamp()],
            )?;
            audit::record(tx, Some(case_id), "clock.evidence", &serde_json::json!({ "clock_id": clock_id, "step": step_def.key, "entry_id": entry_id }))
        })?;
        self.clock(clock_id, today)
    }

    /// Records an exception on a clock, for the steps it is claimed for. Each step then checks
    /// it against its own regulation; nothing is lifted that the law does not excuse.
    pub fn record_clock_exception(
        &mut self,
        clock_id: i64,
        input: &ExceptionInput,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, process) = self.clock_process(clock_id)?;
        let def = EXCEPTIONS
            .iter()
            .find(|e| e.key == input.kind.trim())
            .ok_or_else(|| {
                CoreError::invalid(
                    "kind",
                    format!(
                        "“{}” is not one of the exceptions in the regulations. Use one of: {}.",
                        input.kind.trim(),
                        EXCEPTIONS
                            .iter()
                            .map(|e| e.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let date = |field: &'static str,
                    label: &str,
                    value: &Option<String>|
         -> Result<Option<NaiveDate>> {
            match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(text) => {
                    let on = parse_date(field, &format!("the {}", label.to_lowercase()), text)?;
                    plausible(field, label, on, today, 36)?;
                    Ok(Some(on))
                }
            }
        };
        let from = date("from", def.from_label, &input.from)?;
        let to_label = def.to_label.unwrap_or("Second date");
        let to = if def.to_label.is_some() {
            date("to", to_label, &input.to)?
        } else {
            None
        };
        let advice_requested = if def.needs_advice_request {
            date(
                "advice_requested",
                "Date the council asked it for advice",
                &input.advice_requested,
            )?
        } else {
            None
        };
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(CoreError::invalid(
                "to",
                format!(
                    "“{to_label}” ({}) is before “{}” ({}).",
                    to.format("%-d %B %Y"),
                    def.from_label,
                    from.format("%-d %B %Y")
                ),
            ));
        }
        let mut steps: Vec<String> = Vec::new();
        for step in &input.steps {
            let step = step.trim();
            let known = process
                .steps
                .iter()
                .find(|s| s.key == step)
                .ok_or_else(|| {
                    CoreError::invalid(
                        "steps",
                        format!(
                            "“{step}” is not a step of “{}”. Use one of: {}.",
                            process.title,
                            process
                                .steps
                                .iter()
                                .map(|s| s.key)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            if !steps.iter().any(|s| s == known.key) {
                steps.push(known.key.to_owned());
            }
        }
        if steps.is_empty() {
            return Err(CoreError::invalid(
                "steps",
                "Choose the deadline (or deadlines) the exception is claimed for.",
            ));
        }
        let note = optional_line("note", "The note", input.note.as_deref(), 500)?;
        let steps_json = serde_json::to_string(&steps)
            .map_err(|e| CoreError::invalid("steps", e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO clock_exceptions (clock_id, kind, note, recorded_at, from_date, to_date, advice_requested, steps) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![clock_id, def.key, note, now_timestamp(), from, to, advice_requested, steps_json],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "clock.exception",
                &serde_json::json!({
                    "clock_id": clock_id, "kind": def.key, "note": note, "from": from, "to": to,
                    "advice_requested": advice_requested, "steps": steps,
                }),
            )
        })?;
        self.clock(clock_id, today)
    }

    /// Removes an exception recorded on a clock (one recorded by mistake, or a claim the council
    /// withdrew); the audit log keeps what it said.
    pub fn remove_clock_exception(
        &mut self,
        clock_id: i64,
        exception_id: i64,
        today: NaiveDate,
    ) -> Result<Clock> {
        let (case_id, _) = self.clock_process(clock_id)?;
        let kind: String = self
            .conn
            .query_row(
                "SELECT kind FROM clock_exceptions WHERE id = ?1 AND clock_id = ?2",
                params![exception_id, clock_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "exception",
                id: exception_id,
            })?;
        self.write(|tx| {
            tx.execute(
                "DELETE FROM clock_exceptions WHERE id = ?1 AND clock_id = ?2",
                params![exception_id, clock_id],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "clock.exception-removed",
                &serde_json::json!({ "clock_id": clock_id, "exception_id": exception_id, "kind": kind }),
            )
        })?;
        self.clock(clock_id, today)
    }

    /// One clock with its deadlines as they stand on `today`.
    pub fn clock(&self, id: i64, today: NaiveDate) -> Result<Clock> {
        let row = self
            .conn
            .query_row(
                "SELECT id, case_id, process, started_on, label, closed_at FROM clocks WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, NaiveDate>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "clock", id })?;
        let (id, case_id, process_key, started_on, label, closed_at) = row;
        let process = process_def(&process_key)?;

        let mut events = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT event, on_date FROM clock_events WHERE clock_id = ?1")?;
        for row in stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?))
        })? {
            let (event, date) = row?;
            events.insert(event, date);
        }
        let mut steps = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT step, outcome, met_on, due_override, note, refused FROM clock_steps WHERE clock_id = ?1",
        )?;
        for row in stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<NaiveDate>>(2)?,
                r.get::<_, Option<NaiveDate>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })? {
            let (step, outcome, met_on, due_override, note, refused) = row?;
            let outcome = match (outcome.as_deref(), met_on) {
                (Some("met"), Some(on)) if refused => Some(StepOutcome::Refused { on }),
                (Some("met"), Some(on)) => Some(StepOutcome::Met { on }),
                (Some("missed"), _) => Some(StepOutcome::Missed),
                (Some("not-applicable"), _) => Some(StepOutcome::NotApplicable),
                _ => None,
            };
            steps.insert(
                step,
                StepRecord {
                    outcome,
                    due_override,
                    note,
                },
            );
        }
        let mut exceptions = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, kind, note, recorded_at, from_date, to_date, advice_requested, steps FROM clock_exceptions WHERE clock_id = ?1 ORDER BY id")?;
        for row in stmt.query_map([id], |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                ),
                (
                    r.get::<_, Option<NaiveDate>>(4)?,
                    r.get::<_, Option<NaiveDate>>(5)?,
                    r.get::<_, Option<NaiveDate>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ),
            ))
        })? {
            let ((eid, kind, note, recorded_at), (from, to, advice_requested, steps)) = row?;
            let def = EXCEPTIONS.iter().find(|e| e.key == kind);
            exceptions.push(ClockException {
                id: eid,
                label: def.map_or_else(|| kind.clone(), |d| d.label.to_owned()),
                kind,
                note,
                from,
                to,
                advice_requested,
                // A list this build cannot read is treated as naming no step, never as all.
                steps: steps.map(|json| serde_json::from_str(&json).unwrap_or_default()),
                recorded_at,
            });
        }

        let mut evidence = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.step, c.id, c.channel, c.direction, p.name, c.occurred_on, c.subject \
             FROM clock_steps s JOIN correspondence c ON c.id = s.evidence_entry_id \
             LEFT JOIN parties p ON p.id = c.party_id WHERE s.clock_id = ?1 ORDER BY s.step",
        )?;
        for row in stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, NaiveDate>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })? {
            let (step, entry_id, channel, direction, party, on, subject) = row?;
            let mut label = format!(
                "{} {} {}, {}",
                crate::records::correspondence::channel_words(&channel),
                if direction == "in" { "from" } else { "to" },
                party.as_deref().unwrap_or("someone not named"),
                on.format("%-d %b %Y")
            );
            if let Some(subject) = subject {
                label += &format!(": {subject}");
            }
            evidence.push(StepEvidence {
                step,
                entry_id,
                label,
            });
        }

        // Deadlines counted in school days need the days the child's school is open.
        let needs_school_days = process.steps.iter().any(|s| {
            s.terms
                .iter()
                .any(|t| matches!(t.period, casefile_rules::Period::SchoolDays { .. }))
        });
        let school_days = if needs_school_days {
            let calendar = self.school_calendar(case_id)?;
            calendar
                .blocks
                .iter()
                .flat_map(|b| b.starts.iter_days().take_while(move |d| *d <= b.ends))
                .filter(|d| calendar.is_school_day(*d))
                .collect()
        } else {
            Vec::new()
        };
        let facts = ClockFacts {
            start: started_on,
            school_days,
            events: events.clone(),
            steps,
            exceptions: exceptions
                .iter()
                .map(|e| ExceptionRecord {
                    kind: e.kind.clone(),
                    note: e.note.clone(),
                    from: e.from,
                    to: e.to,
                    advice_requested: e.advice_requested,
                    steps: e.steps.clone(),
                })
                .collect(),
        };
        Ok(Clock {
            id,
            case_id,
            process: process.key.to_owned(),
            process_title: process.title.to_owned(),
            start_label: process.start_label.to_owned(),
            started_on,
            label,
            closed_at,
            events: process
                .events
                .iter()
                .map(|e| ClockEvent {
                    key: e.key.to_owned(),
                    label: e.label.to_owned(),
                    date: events.get(e.key).copied(),
                })
                .collect(),
            exceptions,
            evidence,
            deadlines: casefile_rules::deadlines(process, &facts, today),
        })
    }

    /// The clocks of a case, oldest start first.
    pub fn clocks_for_case(&self, case_id: i64, today: NaiveDate) -> Result<Vec<Clock>> {
        self.case(case_id)?;
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM clocks WHERE case_id = ?1 ORDER BY started_on, id")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.clock(id, today)).collect()
    }

    /// Every deadline of a case: overdue breaches first, then by date; undatable ones last.
    pub fn case_deadlines(&self, case_id: i64, today: NaiveDate) -> Result<Vec<CaseDeadline>> {
        let mut all: Vec<CaseDeadline> = self
            .clocks_for_case(case_id, today)?
            .into_iter()
            .filter(|c| c.closed_at.is_none())
            .flat_map(|clock| {
                let (id, title, label, evidence) =
                    (clock.id, clock.process_title, clock.label, clock.evidence);
                clock
                    .deadlines
                    .into_iter()
                    .map(move |deadline| CaseDeadline {
                        clock_id: id,
                        process_title: title.clone(),
                        clock_label: label.clone(),
                        evidence: evidence.iter().find(|e| e.step == deadline.step).cloned(),
                        deadline,
                    })
            })
            .collect();
        all.sort_by_key(|d| {
            let rank = match d.deadline.status {
                DeadlineStatus::Overdue if d.deadline.breach => 0,
                DeadlineStatus::Overdue => 1,
                DeadlineStatus::DueSoon => 2,
                DeadlineStatus::Upcoming => 3,
                DeadlineStatus::Waiting => 5,
                _ => 4,
            };
            (rank, d.deadline.due.unwrap_or(NaiveDate::MAX), d.clock_id)
        });
        Ok(all)
    }

    /// Overdue and due-soon deadlines across every active case: council breaches first, then by
    /// date (the Today view).
    pub fn today_deadlines(&self, today: NaiveDate) -> Result<Vec<TodayItem>> {
        let mut items = Vec::new();
        for case in self.list_cases(crate::CaseFilter::Active)? {
            for item in self.case_deadlines(case.id, today)? {
                if matches!(
                    item.deadline.status,
                    DeadlineStatus::Overdue | DeadlineStatus::DueSoon
                ) {
                    items.push(TodayItem {
                        case_id: case.id,
                        child_name: case.child_name.clone(),
                        item,
                    });
                }
            }
        }
        items.sort_by_key(|t| {
            let d = &t.item.deadline;
            (
                match d.status {
                    DeadlineStatus::Overdue if d.breach => 0,
                    DeadlineStatus::Overdue => 1,
                    _ => 2,
                },
                d.due,
                t.case_id,
            )
        });
        Ok(items)
    }

    fn clock_process(&self, clock_id: i64) -> Result<(i64, &'static ProcessDef)> {
        let (case_id, process): (i64, String) = self
            .conn
            .query_row(
                "SELECT case_id, process FROM clocks WHERE id = ?1",
                [clock_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "clock",
                id: clock_id,
            })?;
        Ok((case_id, process_def(&process)?))
    }
}

fn find_step(
    process: &'static ProcessDef,
    step: &str,
) -> Result<&'static casefile_rules::processes::StepDef> {
    process
        .steps
        .iter()
        .find(|s| s.key == step.trim())
        .ok_or_else(|| {
            CoreError::invalid(
                "step",
                format!(
                    "“{}” is not a step of “{}”. Use one of: {}.",
                    step.trim(),
                    process.title,
                    process
                        .steps
                        .iter()
                        .map(|s| s.key)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::cases::CaseDetails;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn setup() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                date_of_birth: Some("2016-05-01".into()),
                ..CaseDetails::default()
            })
            .expect("case");
        (dir, store, case.id)
    }

    fn start(process: &str, date: &str) -> ClockStart {
        ClockStart {
            process: process.into(),
            started_on: date.into(),
            label: None,
        }
    }

    #[test]
    fn a_started_clock_is_stored_and_gives_its_deadlines_after_reopening() {
        let (dir, mut store, case_id) = setup();
        let clock = store
            .start_clock(
                case_id,
                &start("ehc-needs-assessment", "2026-01-12"),
                d("2026-11-25"),
            )
            .expect("start");
        assert_eq!(clock.process_title, "EHC needs assessment request");
        drop(store);
        let store = Store::open(dir.path()).expect("reopen");
        let clocks = store
            .clocks_for_case(case_id, d("2026-11-25"))
            .expect("clocks");
        assert_eq!(clocks.len(), 1);
        let final_plan = clocks[0]
            .deadlines
            .iter()
            .find(|x| x.step == "final-plan")
            .expect("final plan");
        assert_eq!(final_plan.due, Some(d("2026-06-01")));
        assert_eq!(final_plan.status, DeadlineStatus::Overdue);
        assert!(final_plan.breach);
    }

    #[test]
    fn recording_events_outcomes_and_exceptions_changes_the_deadlines() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-06-01"), today)
            .expect("start");
        let clock = store
            .record_clock_event(clock.id, "draft-served", "2026-09-14", today)
            .expect("event");
        let draft = clock
            .deadlines
            .iter()
            .find(|x| x.step == "draft-comments")
            .expect("draft");
        assert_eq!(draft.due, Some(d("2026-09-28")));

        let clock = store
            .record_step_outcome(
                clock.id,
                "decide-to-assess",
                OutcomeKind::Met,
                Some("2026-07-20"),
                Some("Letter of 20 July"),
                today,
            )
            .expect("met");
        let decide = clock
            .deadlines
            .iter()
            .find(|x| x.step == "decide-to-assess")
            .expect("decide");
        assert_eq!(decide.status, DeadlineStatus::MetLate);
        assert_eq!(decide.note.as_deref(), Some("Letter of 20 July"));

        // Away from the area Sat 1 Aug to Sat 12 Sep 2026 (42 days, at least reg 10(4)(d)'s
        // 4 weeks), claimed for the final plan due Mon 19 Oct 2026 (1 Jun + 20 weeks).
        let clock = store
            .record_clock_exception(
                clock.id,
                &ExceptionInput {
                    kind: "absent-from-area".into(),
                    from: Some("2026-08-01".into()),
                    to: Some("2026-09-12".into()),
                    steps: vec!["final-plan".into()],
                    note: Some("The council's letter of 1 October".into()),
                    ..ExceptionInput::default()
                },
                today,
            )
            .expect("exception");
        assert_eq!(clock.exceptions.len(), 1);
        let final_plan = clock
            .deadlines
            .iter()
            .find(|x| x.step == "final-plan")
            .expect("final plan");
        assert_eq!(final_plan.status, DeadlineStatus::ExceptionClaimed);
        assert_eq!(final_plan.due, Some(d("2026-10-19")));
        assert!(!final_plan.breach);

        // Removed (the council withdrew the claim): the breach is back.
        let clock = store
            .remove_clock_exception(clock.id, clock.exceptions[0].id, today)
            .expect("remove");
        let final_plan = clock
            .deadlines
            .iter()
            .find(|x| x.step == "final-plan")
            .expect("final plan");
        assert_eq!(final_plan.status, DeadlineStatus::Overdue);
        assert!(final_plan.breach);

        let actions: Vec<String> = store
            .audit_for_case(case_id)
            .expect("audit")
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert!(
            actions.contains(&"clock.started".to_owned())
                && actions.contains(&"clock.exception".to_owned())
                && actions.contains(&"clock.exception-removed".to_owned())
        );
    }

    #[test]
    fn an_exception_with_bad_dates_or_steps_is_refused_and_nothing_is_stored() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-06-01"), today)
            .expect("start");
        let good = ExceptionInput {
            kind: "school-closure".into(),
            from: Some("2026-07-22".into()),
            to: Some("2026-09-03".into()),
            advice_requested: Some("2026-07-16".into()),
            steps: vec!["final-plan".into()],
            ..ExceptionInput::default()
        };
        for (input, field, words) in [
            (
                ExceptionInput {
                    kind: "summer-holiday".into(),
                    ..good.clone()
                },
                "kind",
                "not one of the exceptions",
            ),
            (
                ExceptionInput {
                    steps: vec![],
                    ..good.clone()
                },
                "steps",
                "Choose the deadline",
            ),
            (
                ExceptionInput {
                    steps: vec!["tea-break".into()],
                    ..good.clone()
                },
                "steps",
                "not a step",
            ),
            (
                ExceptionInput {
                    from: Some("2026-02-30".into()),
                    ..good.clone()
                },
                "from",
                "",
            ),
            (
                ExceptionInput {
                    to: Some("2026-07-01".into()),
                    ..good.clone()
                },
                "to",
                "is before",
            ),
        ] {
            let err = store
                .record_clock_exception(clock.id, &input, today)
                .expect_err("refused");
            match err {
                CoreError::Invalid { field: f, message } => {
                    assert_eq!(f, field, "{message}");
                    assert!(message.contains(words), "{message}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(
            store
                .clock(clock.id, today)
                .expect("clock")
                .exceptions
                .is_empty()
        );
    }

    #[test]
    fn an_exception_recorded_before_dates_were_asked_no_longer_hides_a_breach() {
        // A row as the first version stored it: a kind and a note, nothing else.
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-06-01"), today)
            .expect("start");
        store
            .conn
            .execute(
                "INSERT INTO clock_exceptions (clock_id, kind, note, recorded_at) VALUES (?1, 'school-closure', 'Summer holiday', '2026-09-01T10:00:00Z')",
                [clock.id],
            )
            .expect("old row");
        let clock = store.clock(clock.id, today).expect("clock");
        assert_eq!(clock.exceptions[0].steps, None);
        let final_plan = clock
            .deadlines
            .iter()
            .find(|x| x.step == "final-plan")
            .expect("final plan");
        assert_eq!(final_plan.status, DeadlineStatus::Overdue);
        assert!(final_plan.breach);
        assert_eq!(
            final_plan.exceptions[0].verdict,
            casefile_rules::ExceptionVerdict::CannotCheck
        );
    }

    #[test]
    fn impossible_far_future_and_pre_birth_dates_are_refused_and_nothing_is_stored() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let err = store
            .start_clock(case_id, &start("annual-review", "2026-02-30"), today)
            .expect_err("30 Feb");
        assert!(
            err.to_string().contains("There is no 30 February 2026"),
            "{err}"
        );
        let err = store
            .start_clock(case_id, &start("annual-review", "2031-01-01"), today)
            .expect_err("far future");
        assert!(
            err.to_string().contains("more than 3 years from now"),
            "{err}"
        );
        let err = store
            .start_clock(case_id, &start("annual-review", "2015-01-01"), today)
            .expect_err("before birth");
        assert!(
            err.to_string().contains("before Ava’s date of birth"),
            "{err}"
        );
        let err = store
            .start_clock(case_id, &start("tea-break", "2026-01-01"), today)
            .expect_err("unknown process");
        assert!(err.to_string().contains("ehc-needs-assessment"), "{err}");
        assert!(
            store
                .clocks_for_case(case_id, today)
                .expect("clocks")
                .is_empty()
        );
    }

    #[test]
    fn a_done_date_in_the_future_or_an_unknown_step_is_refused() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("annual-review", "2026-11-01"), today)
            .expect("start");
        let err = store
            .record_step_outcome(
                clock.id,
                "council-decision",
                OutcomeKind::Met,
                Some("2026-12-01"),
                None,
                today,
            )
            .expect_err("future");
        assert!(err.to_string().contains("in the future"), "{err}");
        let err = store
            .record_step_outcome(clock.id, "lunch", OutcomeKind::Missed, None, None, today)
            .expect_err("unknown step");
        assert!(err.to_string().contains("council-decision"), "{err}");
        let err = store
            .record_clock_event(clock.id, "draft-served", "2026-11-02", today)
            .expect_err("no such event");
        assert!(
            err.to_string().contains("Use one of: amendments-sent"),
            "{err}"
        );
    }

    #[test]
    fn case_deadlines_put_council_breaches_first() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        store
            .start_clock(
                case_id,
                &start("subject-access-request", "2026-11-20"),
                today,
            )
            .expect("sar");
        store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-01-12"), today)
            .expect("assessment");
        let list = store.case_deadlines(case_id, today).expect("deadlines");
        assert!(
            list[0].deadline.breach,
            "first is a breach: {:?}",
            list[0].deadline.title
        );
        let statuses: Vec<DeadlineStatus> = list.iter().map(|d| d.deadline.status).collect();
        let first_waiting = statuses
            .iter()
            .position(|s| *s == DeadlineStatus::Waiting)
            .expect("a waiting one");
        assert!(
            statuses[first_waiting..]
                .iter()
                .all(|s| *s == DeadlineStatus::Waiting)
        );
    }

    #[test]
    fn today_lists_overdue_and_due_soon_across_cases_but_not_archived_ones() {
        let (_dir, mut store, ava) = setup();
        let today = d("2026-11-25");
        let ben = store
            .create_case(&CaseDetails {
                child_name: "Ben".into(),
                ..CaseDetails::default()
            })
            .expect("ben")
            .id;
        let gone = store
            .create_case(&CaseDetails {
                child_name: "Archived".into(),
                ..CaseDetails::default()
            })
            .expect("gone")
            .id;
        store
            .start_clock(ava, &start("subject-access-request", "2026-11-05"), today)
            .expect("sar due soon");
        store
            .start_clock(ben, &start("ehc-needs-assessment", "2026-01-12"), today)
            .expect("late assessment");
        store
            .start_clock(gone, &start("ehc-needs-assessment", "2026-01-12"), today)
            .expect("archived");
        store.archive_case(gone).expect("archive");
        let items = store.today_deadlines(today).expect("today");
        assert!(items.iter().all(|t| t.case_id != gone));
        assert_eq!(items[0].child_name, "Ben");
        assert!(items[0].item.deadline.breach);
        let sar = items.iter().find(|t| t.case_id == ava).expect("sar listed");
        assert_eq!(sar.item.deadline.status, DeadlineStatus::DueSoon);
        assert_eq!(
            sar.item.deadline.due,
            Some(d("2026-12-07")),
            "Sat 5 Dec rolls to Mon 7 Dec"
        );
    }

    #[test]
    fn a_met_step_can_point_to_the_letter_that_proves_it() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-06-01"), today)
            .expect("start");
        let letter = store
            .add_entry(
                case_id,
                &crate::EntryDetails {
                    occurred_on: "2026-07-20".into(),
                    direction: "in".into(),
                    channel: "letter".into(),
                    party: Some("Kent County Council".into()),
                    subject: Some("Decision to assess".into()),
                    ..crate::EntryDetails::default()
                },
                today,
            )
            .expect("letter");
        store
            .record_step_outcome(
                clock.id,
                "decide-to-assess",
                OutcomeKind::Met,
                Some("2026-07-20"),
                None,
                today,
            )
            .expect("met");
        let clock = store
            .set_step_evidence(clock.id, "decide-to-assess", Some(letter.id), today)
            .expect("evidence");
        assert_eq!(clock.evidence.len(), 1);
        assert_eq!(
            clock.evidence[0].label,
            "Letter from Kent County Council, 20 Jul 2026: Decision to assess"
        );
        let listed = store.case_deadlines(case_id, today).expect("deadlines");
        let step = listed
            .iter()
            .find(|d| d.deadline.step == "decide-to-assess")
            .expect("step");
        assert_eq!(step.evidence.as_ref().map(|e| e.entry_id), Some(letter.id));

        let other = store
            .create_case(&CaseDetails {
                child_name: "Other".into(),
                ..CaseDetails::default()
            })
            .expect("other");
        let foreign = store
            .add_entry(
                other.id,
                &crate::EntryDetails {
                    occurred_on: "2026-07-20".into(),
                    direction: "in".into(),
                    channel: "email".into(),
                    note: "x".into(),
                    ..crate::EntryDetails::default()
                },
                today,
            )
            .expect("foreign");
        let err = store
            .set_step_evidence(clock.id, "decide-to-assess", Some(foreign.id), today)
            .expect_err("another case");
        assert!(err.to_string().contains("belongs to another case"), "{err}");
    }

    #[test]
    fn an_outcome_and_its_proof_land_together_or_not_at_all() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("ehc-needs-assessment", "2026-06-01"), today)
            .expect("start");
        let entry = |occurred_on: &str| crate::EntryDetails {
            occurred_on: occurred_on.into(),
            direction: "in".into(),
            channel: "letter".into(),
            note: "The council agreed to assess.".into(),
            ..crate::EntryDetails::default()
        };
        let other = store
            .create_case(&CaseDetails {
                child_name: "Other".into(),
                ..CaseDetails::default()
            })
            .expect("other");
        let foreign = store
            .add_entry(other.id, &entry("2026-07-20"), today)
            .expect("foreign");
        let err = store
            .record_step_outcome_with_evidence(
                clock.id,
                "decide-to-assess",
                OutcomeKind::Met,
                Some("2026-07-20"),
                Some("Agreed by letter"),
                Some(foreign.id),
                today,
            )
            .expect_err("proof from another case");
        assert!(err.to_string().contains("belongs to another case"), "{err}");
        let step = |store: &Store| {
            store
                .case_deadlines(case_id, today)
                .expect("deadlines")
                .into_iter()
                .find(|d| d.deadline.step == "decide-to-assess")
                .expect("step")
        };
        assert_eq!(step(&store).deadline.met_on, None, "nothing was recorded");

        let letter = store
            .add_entry(case_id, &entry("2026-07-20"), today)
            .expect("letter");
        let clock = store
            .record_step_outcome_with_evidence(
                clock.id,
                "decide-to-assess",
                OutcomeKind::Met,
                Some("2026-07-20"),
                None,
                Some(letter.id),
                today,
            )
            .expect("met with its proof");
        assert_eq!(clock.evidence.len(), 1);
        let step = step(&store);
        assert_eq!(step.deadline.met_on, Some(d("2026-07-20")));
        assert_eq!(step.evidence.map(|e| e.entry_id), Some(letter.id));
    }

    #[test]
    fn school_day_deadlines_use_the_cases_term_dates() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(case_id, &start("pupil-record-request", "2026-11-03"), today)
            .expect("start");
        let step = clock
            .deadlines
            .iter()
            .find(|x| x.step == "record-available")
            .expect("step");
        assert_eq!(step.status, DeadlineStatus::Waiting, "no term dates yet");
        store
            .import_term_dates(
                case_id,
                "Autumn 2, 2026-11-02, 2026-12-18\nINSET, 2026-11-06\n",
                today,
            )
            .expect("terms");
        let clock = store.clock(clock.id, today).expect("clock");
        let step = clock
            .deadlines
            .iter()
            .find(|x| x.step == "record-available")
            .expect("step");
        assert_eq!(step.due, Some(d("2026-11-25")));
    }

    #[test]
    fn a_tribunal_date_replaces_the_computed_one() {
        let (_dir, mut store, case_id) = setup();
        let today = d("2026-11-25");
        let clock = store
            .start_clock(
                case_id,
                &start("tribunal-order-make-plan", "2026-11-02"),
                today,
            )
            .expect("start");
        let clock = store
            .set_step_due_date(clock.id, "final-plan", Some("2027-02-01"), today)
            .expect("override");
        let final_plan = clock
            .deadlines
            .iter()
            .find(|x| x.step == "final-plan")
            .expect("final");
        assert_eq!(final_plan.due, Some(d("2027-02-01")));
        assert!(final_plan.set_by_hand);
        let clock = store
            .set_step_due_date(clock.id, "final-plan", None, today)
            .expect("clear");
        assert!(!clock.deadlines.iter().any(|x| x.set_by_hand));
    }
}
