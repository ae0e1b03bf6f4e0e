//! The school's calendar: half-terms and INSET days, typed in or imported as lines, copied
//! forward a year; term-time provision is counted on its school days.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::term_text::{LineProblem, TermDatesPreview, normalise_lines, read_term_dates};
use super::*;
use crate::audit;
use crate::error::{CoreError, Result};
use crate::ledger::{SchoolCalendar, TermBlock};
use crate::records::text::{parse_date, required_line};
use crate::store::Store;

/// One half-term as the family types it in the window: a name and the Day, Month and Year boxes
/// of its first and last day.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct TermRow {
    pub name: String,
    pub starts: String,
    pub ends: String,
}

/// What is wrong with one row's box: `row` counts from 0, `field` is `name`, `starts` or `ends`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RowProblem {
    pub row: usize,
    pub field: String,
    pub message: String,
}

/// The outcome of saving the half-terms typed in the window: the calendar as now stored, or every
/// row's problems with nothing stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TermRowsSaved {
    pub calendar: Option<SchoolCalendar>,
    pub problems: Vec<RowProblem>,
}

impl Store {
    /// Checks every half-term typed in the window, each box on its own: all the problems at once,
    /// with the row and box each is about. Rows left wholly empty are skipped.
    pub fn check_term_rows(rows: &[TermRow]) -> (Vec<TermBlock>, Vec<RowProblem>) {
        let mut problems = Vec::new();
        let mut blocks: Vec<(usize, TermBlock)> = Vec::new();
        for (row, r) in rows.iter().enumerate() {
            if r.name.trim().is_empty() && r.starts.trim().is_empty() && r.ends.trim().is_empty() {
                continue;
            }
            let mut problem = |field: &str, e: CoreError| {
                problems.push(RowProblem {
                    row,
                    field: field.to_owned(),
                    message: e.to_string(),
                })
            };
            let name = required_line(
                "name",
                "The term's name",
                &r.name,
                40,
                "Name the half-term, for example Autumn 1.",
            )
            .map_err(|e| problem("name", e))
            .ok();
            let label = name.clone().unwrap_or_else(|| "the half-term".into());
            let starts = parse_date("starts", &format!("the first day of {label}"), &r.starts)
                .and_then(|d| plausible_day("starts", d).map(|()| d))
                .map_err(|e| problem("starts", e))
                .ok();
            let ends = parse_date("ends", &format!("the last day of {label}"), &r.ends)
                .map_err(|e| problem("ends", e))
                .ok();
            let (Some(name), Some(starts), Some(ends)) = (name, starts, ends) else {
                continue;
            };
            if ends < starts {
                problem(
                    "ends",
                    CoreError::invalid(
                        "ends",
                        format!("{name} ends before it starts. Check the last day."),
                    ),
                );
            } else if (ends - starts).num_days() > 120 {
                problem(
                    "ends",
                    CoreError::invalid(
                        "ends",
                        format!(
                            "{name} is longer than a half-term (over 17 weeks). Enter each half-term on its own row."
                        ),
                    ),
                );
            } else if let Some((_, other)) = blocks
                .iter()
                .find(|(_, o)| o.starts <= ends && o.ends >= starts)
            {
                problem(
                    "starts",
                    CoreError::invalid(
                        "starts",
                        format!(
                            "{name} overlaps {} ({} to {}). Half-terms cannot overlap.",
                            other.name,
                            other.starts.format("%-d %b %Y"),
                            other.ends.format("%-d %b %Y")
                        ),
                    ),
                );
            } else {
                blocks.push((row, TermBlock { name, starts, ends }));
            }
        }
        let mut blocks: Vec<TermBlock> = blocks.into_iter().map(|(_, b)| b).collect();
        blocks.sort_by_key(|b| b.starts);
        (blocks, problems)
    }

    /// Saves the half-terms typed in the window as the case's half-terms: they replace the ones
    /// stored (which the window shows as rows to correct), in one transaction, with the old and
    /// new lists in the audit log. Any problem in any row stores nothing. INSET days are kept.
    pub fn save_term_rows(&mut self, case_id: i64, rows: &[TermRow]) -> Result<TermRowsSaved> {
        self.case(case_id)?;
        let (blocks, problems) = Self::check_term_rows(rows);
        if !problems.is_empty() {
            return Ok(TermRowsSaved {
                calendar: None,
                problems,
            });
        }
        let before = self.school_calendar(case_id)?.blocks;
        self.write(|tx| {
            tx.execute("DELETE FROM term_blocks WHERE case_id = ?1", [case_id])?;
            for b in &blocks {
                tx.execute(
                    "INSERT INTO term_blocks (case_id, name, starts, ends) VALUES (?1, ?2, ?3, ?4)",
                    params![case_id, b.name, b.starts, b.ends],
                )?;
            }
            audit::record(
                tx,
                Some(case_id),
                "terms.saved",
                &serde_json::json!({ "before": before, "after": blocks }),
            )
        })?;
        Ok(TermRowsSaved {
            calendar: Some(self.school_calendar(case_id)?),
            problems: Vec::new(),
        })
    }

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

    /// Reads term dates as a school's website or a family writes them (see [`super::term_text`])
    /// and checks them against the half-terms already stored, storing nothing: every problem is
    /// listed with its line. INSET days outside every term are left out (the school is closed to
    /// pupils then anyway).
    pub fn preview_term_dates(
        &self,
        case_id: i64,
        text: &str,
        today: NaiveDate,
    ) -> Result<TermDatesPreview> {
        self.case(case_id)?;
        let text = &normalise_lines(text);
        let read = read_term_dates(text, today);
        let mut problems = read.problems;
        let mut blocks: Vec<TermBlock> = Vec::new();
        for rb in &read.blocks {
            let b = &rb.block;
            let checked = self
                .check_term_block(case_id, &b.name, &b.starts.to_string(), &b.ends.to_string())
                .and_then(|block| {
                    match blocks
                        .iter()
                        .find(|o| o.starts <= block.ends && o.ends >= block.starts)
                    {
                        Some(other) => Err(CoreError::invalid(
                            "starts",
                            format!(
                                "{} overlaps {}. Terms cannot overlap.",
                                block.name, other.name
                            ),
                        )),
                        None => Ok(block),
                    }
                });
            match checked {
                Ok(block) => blocks.push(block),
                Err(e) => problems.push(LineProblem {
                    line: rb.line,
                    text: text
                        .lines()
                        .nth(rb.line - 1)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                    message: e.to_string(),
                }),
            }
        }
        if read.blocks.is_empty() && read.inset_days.is_empty() && problems.is_empty() {
            problems.push(LineProblem {
                line: 1,
                text: text.lines().next().unwrap_or_default().trim().to_owned(),
                message: "No term dates found. Paste the school's term dates, or type each half-term's first and last day.".into(),
            });
        }
        problems.sort_by_key(|p| p.line);
        let known = self.school_calendar(case_id)?;
        let mut inset_days: Vec<NaiveDate> = read
            .inset_days
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| {
                blocks.iter().any(|b| b.starts <= *d && *d <= b.ends)
                    || known.block_of(*d).is_some()
            })
            .collect();
        inset_days.sort();
        inset_days.dedup();
        blocks.sort_by_key(|b| b.starts);
        Ok(TermDatesPreview {
            blocks,
            inset_days,
            problems,
        })
    }

    /// Stores term dates read as [`Store::preview_term_dates`] reads them. Any problem on any line
    /// stores nothing, and the refusal lists every problem, a line each.
    pub fn import_term_dates(
        &mut self,
        case_id: i64,
        text: &str,
        today: NaiveDate,
    ) -> Result<SchoolCalendar> {
        let preview = self.preview_term_dates(case_id, text, today)?;
        if !preview.problems.is_empty() {
            return Err(CoreError::invalid(
                "line",
                preview
                    .problems
                    .iter()
                    .map(|p| format!("Line {}: {}", p.line, p.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
        let (blocks, insets) = (preview.blocks, preview.inset_days);
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
        self.import_term_dates(case_id, &text, NaiveDate::MIN)
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
                d("2026-12-01"),
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
    fn half_terms_typed_in_boxes_are_checked_box_by_box_and_replace_the_stored_ones() {
        use super::TermRow;
        let (_dir, mut store, case) = setup();
        let before = store.school_calendar(case).expect("calendar");
        let row = |name: &str, starts: &str, ends: &str| TermRow {
            name: name.into(),
            starts: starts.into(),
            ends: ends.into(),
        };
        // Row 0 is fine. Row 1: 2027 is not a leap year, so there is no 29 February 2027, and
        // its Day box for the last day was left empty. Row 2 has no name. Row 3 is left empty
        // and skipped. Row 4 (12 Apr – 28 May) overlaps row 5 (20 May – 21 Jul).
        let rows = vec![
            row("Autumn 1", "2026-09-02", "2026-10-23"),
            row("Spring 2", "2027-02-29", "2027-03-00"),
            row("", "2026-11-02", "2026-12-18"),
            row("", "", ""),
            row("Summer 1", "2027-04-12", "2027-05-28"),
            row("Summer 2", "2027-05-20", "2027-07-21"),
        ];
        let saved = store.save_term_rows(case, &rows).expect("checked");
        assert!(saved.calendar.is_none());
        let got: Vec<(usize, &str, &str)> = saved
            .problems
            .iter()
            .map(|p| (p.row, p.field.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    1,
                    "starts",
                    "There is no 29 February 2027. Check the day of the first day of Spring 2."
                ),
                (1, "ends", "Enter the day of the last day of Spring 2."),
                (2, "name", "Name the half-term, for example Autumn 1."),
                (
                    5,
                    "starts",
                    "Summer 2 overlaps Summer 1 (12 Apr 2027 to 28 May 2027). Half-terms cannot overlap."
                ),
            ]
        );
        assert_eq!(
            store.school_calendar(case).expect("calendar"),
            before,
            "nothing stored"
        );

        // Corrected, the rows replace the stored half-terms; the INSET days stay.
        let rows = vec![
            row("Autumn 1", "2026-09-02", "2026-10-23"),
            row("Autumn 2", "2026-11-02", "2026-12-18"),
            row("Summer 1", "2027-04-12", "2027-05-28"),
        ];
        let saved = store.save_term_rows(case, &rows).expect("saved");
        let calendar = saved.calendar.expect("stored");
        let names: Vec<&str> = calendar.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, vec!["Autumn 1", "Autumn 2", "Summer 1"]);
        assert_eq!(calendar.inset_days, before.inset_days);
    }

    #[test]
    fn pasted_term_dates_are_previewed_then_stored_only_when_every_line_is_right() {
        // The case already has Autumn 1 2026 (2 Sep – 23 Oct), Autumn 2 (2 Nov – 18 Dec) and
        // Spring 1 2027 (5 Jan – 12 Feb). The school's page for the rest of 2026–27: the spring
        // term's second half from Mon 22 Feb (after the 15–19 Feb break) to Thu 25 Mar, and the
        // summer term from Mon 12 Apr to Wed 21 Jul with half term 31 May – 4 Jun.
        let (_dir, mut store, case) = setup();
        let today = d("2026-12-01");
        let bad = "Spring 2: Monday 22 February – Thursday 25 March 2027\n\
                   Summer term 2027\n\
                   Term starts: Tuesday 12 April\n\
                   Half term: 31 May – 4 June\n\
                   Term ends: Wednesday 21 July\n\
                   Extra: 1 February – 10 February 2027\n";
        let preview = store.preview_term_dates(case, bad, today).expect("preview");
        // Line 3: 12 April 2027 is a Monday. Line 6 overlaps the stored Spring 1.
        let lines: Vec<usize> = preview.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 5, 6], "{:?}", preview.problems);
        assert!(
            preview.problems[0]
                .message
                .contains("12 April 2027 is a Monday, not a Tuesday")
        );
        assert!(
            preview.problems[2].message.contains("overlaps Spring 1"),
            "{:?}",
            preview.problems
        );
        let err = store
            .import_term_dates(case, bad, today)
            .expect_err("refused");
        assert_eq!(
            err.to_string().lines().count(),
            3,
            "every problem is listed: {err}"
        );
        assert_eq!(
            store.school_calendar(case).expect("calendar").blocks.len(),
            3,
            "nothing stored"
        );

        let good = bad
            .replace("Tuesday 12 April", "Monday 12 April")
            .replace("Extra: 1 February – 10 February 2027\n", "");
        let calendar = store.import_term_dates(case, &good, today).expect("stored");
        let names: Vec<String> = calendar
            .blocks
            .iter()
            .map(|b| format!("{} {}–{}", b.name, b.starts, b.ends))
            .collect();
        // Summer 1 ends Fri 28 May (the day before the break is Sun 30 May); Summer 2 starts
        // Mon 7 Jun (the day after it is Sat 5 Jun).
        assert_eq!(
            names[3..],
            [
                "Spring 2 2027-02-22–2027-03-25",
                "Summer 1 2027-04-12–2027-05-28",
                "Summer 2 2027-06-07–2027-07-21"
            ]
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
