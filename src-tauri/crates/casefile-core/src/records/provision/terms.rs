//! The school's calendar: half-terms and INSET days, typed in or imported as lines, copied
//! forward a year; term-time provision is counted on its school days.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::*;
use crate::audit;
use crate::error::{CoreError, Result};
use crate::ledger::{SchoolCalendar, TermBlock};
use crate::records::text::{parse_date, required_line};
use crate::store::Store;

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
}

#[cfg(test)]
mod tests {
    use crate::records::provision::testkit::*;

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
