//! Term dates as people have them: pasted from a school's website ("Term starts: Wednesday 2
//! September 2026", "Half term: 26 – 30 October", "Tue 2 Sept – Fri 24 Oct"), or typed as
//! `Autumn 1, 2026-09-02, 2026-10-23`. Every line is read and every problem is reported with its
//! line number, so a family fixes them all at once; nothing is stored until all lines are right.
//!
//! What a school's page says is turned into half-terms: a term's first and last day with its
//! half-term holiday in between become two half-terms ("Autumn 1" ends on the school day before
//! the holiday, "Autumn 2" starts on the school day after it). A date without a year takes it
//! from the line, from the school year named above it ("2026–27", "Autumn term 2026"), or from
//! its weekday ("Tue 2 Sept" is 2025's); a weekday that does not fit its date is a problem.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use ts_rs::TS;

use crate::ledger::TermBlock;
use casefile_rules::calendar::easter_sunday;

/// One line that could not be used, and why, in words for the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LineProblem {
    /// The line's number, from 1.
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// What Casefile reads from a block of term dates, before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TermDatesPreview {
    pub blocks: Vec<TermBlock>,
    /// INSET days and one-day closures (a bank holiday), inside the terms: no school for pupils.
    pub inset_days: Vec<NaiveDate>,
    pub problems: Vec<LineProblem>,
}

/// A half-term as read, with the line it came from (for problems found later, such as overlaps).
#[derive(Debug, Clone)]
pub(crate) struct ReadBlock {
    pub block: TermBlock,
    pub line: usize,
}

pub(crate) struct Read {
    pub blocks: Vec<ReadBlock>,
    pub inset_days: Vec<(NaiveDate, usize)>,
    pub problems: Vec<LineProblem>,
}

/// A date as written: the year, month or weekday may be missing.
#[derive(Debug, Clone, Copy)]
struct Written {
    day: u32,
    month: Option<u32>,
    year: Option<i32>,
    weekday: Option<Weekday>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('.').to_lowercase();
    let table = [
        (Weekday::Mon, &["mon", "monday"][..]),
        (Weekday::Tue, &["tue", "tues", "tuesday"]),
        (Weekday::Wed, &["wed", "weds", "wednesday"]),
        (Weekday::Thu, &["thu", "thur", "thurs", "thursday"]),
        (Weekday::Fri, &["fri", "friday"]),
        (Weekday::Sat, &["sat", "saturday"]),
        (Weekday::Sun, &["sun", "sunday"]),
    ];
    table
        .iter()
        .find(|(_, names)| names.contains(&w.as_str()))
        .map(|(d, _)| *d)
}

/// "2", "2nd", "23rd" → the day number.
fn day_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(&w);
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

fn is_range_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "-" | "–" | "—" | "to" | "until" | "till"
    )
}

/// `2026-09-02` or `2/9/2026` (`2.9.26`): day before month, as in England.
fn numeric_date(word: &str) -> Option<Result<Written, String>> {
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i64> = parts.iter().map(|p| p.parse().unwrap_or(-1)).collect();
    let (year, month, day) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 || parts[2].len() == 2 {
        (
            if parts[2].len() == 2 {
                2000 + n[2]
            } else {
                n[2]
            },
            n[1],
            n[0],
        )
    } else {
        return None;
    };
    if !(1..=12).contains(&month) {
        return Some(Err(format!(
            "“{word}” has no month {month}: a month is 1 to 12."
        )));
    }
    Some(Ok(Written {
        day: day as u32,
        month: Some(month as u32),
        year: Some(year as i32),
        weekday: None,
    }))
}

/// The words of a line, with the punctuation around them taken off (dashes between words kept).
fn words(line: &str) -> Vec<String> {
    line.replace(['–', '—'], " – ")
        .split(|c: char| c.is_whitespace() || ",;:()[]".contains(c))
        .map(|w| w.trim_matches(|c: char| c == '*' || c == '.' || c == '"' || c == '“' || c == '”'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            // "2-24" or "Sept-Fri" glued by a hyphen: split it, so the range is seen.
            w.to_owned()
        })
        .flat_map(|w| {
            if numeric_date(&w).is_some() || !w.contains('-') || w == "-" {
                vec![w]
            } else {
                let mut out = Vec::new();
                for (i, piece) in w.split('-').enumerate() {
                    if i > 0 {
                        out.push("-".to_owned());
                    }
                    if !piece.is_empty() {
                        out.push(piece.to_owned());
                    }
                }
                out
            }
        })
        .collect()
}

/// The dates written in a line, in order, and whether two of them form a range.
fn dates_in(words: &[String]) -> (Vec<Result<Written, String>>, bool) {
    let mut out: Vec<Result<Written, String>> = Vec::new();
    let mut range = false;
    let mut i = 0;
    while i < words.len() {
        if let Some(found) = numeric_date(&words[i]) {
            out.push(found);
            i += 1;
            continue;
        }
        let start = i;
        let weekday = weekday_of(&words[i]);
        let mut j = if weekday.is_some() { i + 1 } else { i };
        let Some(day) = words.get(j).and_then(|w| day_of(w)) else {
            if is_range_word(&words[i]) && !out.is_empty() {
                range = true;
            }
            i += 1;
            continue;
        };
        j += 1;
        let month = words.get(j).and_then(|w| month_of(w));
        if month.is_some() {
            j += 1;
        }
        let year = if month.is_some() {
            words.get(j).and_then(|w| year_of(w))
        } else {
            None
        };
        if year.is_some() {
            j += 1;
        }
        // A bare number ("Autumn 1", "2 INSET days") is a date only when a range follows it to a
        // full date ("2 – 24 October"), or when its weekday says so.
        let next_is_range = words
            .get(j)
            .is_some_and(|w| is_range_word(w) || w == "and" || w == "&");
        if month.is_none() && weekday.is_none() && !next_is_range {
            i = start + 1;
            continue;
        }
        out.push(Ok(Written {
            day,
            month,
            year,
            weekday,
        }));
        i = j;
    }
    // "2 – 24 October 2026": the first date takes the month (and year) of the second.
    for k in (0..out.len().saturating_sub(1)).rev() {
        if let (Ok(first), Ok(second)) = (&out[k], &out[k + 1])
            && first.month.is_none()
        {
            let (month, year) = (second.month, second.year);
            if let Ok(first) = &mut out[k] {
                first.month = month;
                if first.year.is_none() {
                    first.year = year;
                }
            }
        }
    }
    // "14 Dec – 4 Jan 2027": the first date's year comes from the second, a year earlier when
    // its month is later in the calendar.
    if out.len() == 2
        && let (Ok(a), Ok(b)) = (out[0].clone(), out[1].clone())
        && a.year.is_none()
        && let (Some(year), Some(am), Some(bm)) = (b.year, a.month, b.month)
        && let Ok(first) = &mut out[0]
    {
        first.year = Some(if am > bm { year - 1 } else { year });
    }
    (out, range)
}

fn long(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The year of a month in the school year that starts in September of `first_year`.
fn in_school_year(first_year: i32, month: u32) -> i32 {
    if month >= 8 {
        first_year
    } else {
        first_year + 1
    }
}

fn school_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 8 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// Turns what was written into a date, or says in words what is wrong with it.
fn resolve(w: Written, school_year: Option<i32>, today: NaiveDate) -> Result<NaiveDate, String> {
    let Some(month) = w.month else {
        return Err(format!(
            "“{}” has no month. Write it like 2 September 2026.",
            w.day
        ));
    };
    let month_name = MONTHS[month as usize - 1];
    let month_name = format!("{}{}", month_name[..1].to_uppercase(), &month_name[1..]);
    let year = match (w.year, school_year, w.weekday) {
        (Some(y), ..) => y,
        (None, Some(first), _) => in_school_year(first, month),
        (None, None, Some(weekday)) => {
            // The year, near today, in which that date falls on that weekday.
            let mut fits: Vec<i32> = (today.year() - 2..=today.year() + 2)
                .filter(|y| {
                    NaiveDate::from_ymd_opt(*y, month, w.day)
                        .is_some_and(|d| d.weekday() == weekday)
                })
                .collect();
            fits.sort_by_key(|y| (y - today.year()).abs());
            match fits.first() {
                Some(y) => *y,
                None => {
                    return Err(format!(
                        "{} {} {month_name} is not a date in the years around now. Add the year, for example {} {month_name} {}.",
                        weekday_name(weekday),
                        w.day,
                        w.day,
                        today.year()
                    ));
                }
            }
        }
        (None, None, None) => {
            return Err(format!(
                "“{} {month_name}” has no year. Add it, for example {} {month_name} {}, or put the school year (such as 2026–27) on a line above.",
                w.day,
                w.day,
                today.year()
            ));
        }
    };
    let date = NaiveDate::from_ymd_opt(year, month, w.day)
        .ok_or_else(|| format!("There is no {} {month_name} {year}.", w.day))?;
    if let Some(weekday) = w.weekday
        && date.weekday() != weekday
    {
        return Err(format!(
            "{} is a {}, not a {}. Check the date.",
            long(date),
            weekday_name(date.weekday()),
            weekday_name(weekday)
        ));
    }
    Ok(date)
}

fn has_any(line: &str, words: &[&str]) -> bool {
    words.iter().any(|w| line.contains(w))
}

/// "Autumn", "Spring" or "Summer" when the line names a term, with its half (1 or 2) if given.
fn term_named(words: &[String]) -> Option<(&'static str, Option<u32>)> {
    for (i, w) in words.iter().enumerate() {
        let term = match w.to_lowercase().as_str() {
            "autumn" | "michaelmas" | "christmas" => "Autumn",
            "spring" | "lent" => "Spring",
            "summer" | "trinity" => "Summer",
            _ => continue,
        };
        let half = words.get(i + 1).and_then(|n| match n.as_str() {
            "1" | "i" | "I" | "1st" => Some(1),
            "2" | "ii" | "II" | "2nd" => Some(2),
            _ => None,
        });
        return Some((term, half));
    }
    None
}

/// The school year a heading names: "2026-27", "2026/2027", "Autumn term 2026".
fn school_year_named(line: &str) -> Option<i32> {
    let digits: Vec<&str> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let first = digits.iter().find_map(|d| year_of(d))?;
    let lower = line.to_lowercase();
    if (lower.contains("spring") || lower.contains("summer"))
        && !digits.iter().any(|d| d.len() == 2)
    {
        // "Summer term 2027" is in the school year that started in 2026.
        return Some(first - 1);
    }
    Some(first)
}

/// The usual name of a half-term that starts on `date`, in an English school year.
fn usual_name(date: NaiveDate) -> &'static str {
    match (date.month(), date.day()) {
        (8 | 9, _) | (10, 1..=19) => "Autumn 1",
        (10, _) | (11 | 12, _) => "Autumn 2",
        (1, _) | (2, 1..=14) => "Spring 1",
        (2, _) | (3, _) => "Spring 2",
        (4, _) | (5, 1..=19) => "Summer 1",
        _ => "Summer 2",
    }
}

fn previous_weekday(mut date: NaiveDate) -> NaiveDate {
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date = date - Days::new(1);
    }
    date
}

fn next_weekday(mut date: NaiveDate) -> NaiveDate {
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date = date + Days::new(1);
    }
    date
}

/// A term being read from a school's page: its first and last day and the holidays inside it.
struct Term {
    name: &'static str,
    line: usize,
    text: String,
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    breaks: Vec<(NaiveDate, NaiveDate)>,
    /// A line gave its end, but the date on it was wrong (that line's problem says why).
    end_refused: bool,
}

impl Term {
    fn finish(self, out: &mut Read) {
        if self.ends.is_none() && self.end_refused {
            return;
        }
        let (Some(starts), Some(ends)) = (self.starts, self.ends) else {
            let (missing, example) = if self.starts.is_none() {
                ("starts", "Term starts: Wednesday 2 September 2026")
            } else {
                ("ends", "Term ends: Friday 18 December 2026")
            };
            out.problems.push(LineProblem {
                line: self.line,
                text: self.text,
                message: format!(
                    "The {} term has no line for the day it {missing}. Add a line such as “{example}”.",
                    self.name
                ),
            });
            return;
        };
        let mut breaks = self.breaks;
        breaks.sort();
        let mut from = starts;
        let mut pieces = Vec::new();
        for (b_start, b_end) in breaks {
            if b_start <= from || b_end >= ends {
                continue;
            }
            pieces.push((from, previous_weekday(b_start - Days::new(1))));
            from = next_weekday(b_end + Days::new(1));
        }
        pieces.push((from, ends));
        let numbered = pieces.len() > 1;
        for (n, (s, e)) in pieces.into_iter().enumerate() {
            out.blocks.push(ReadBlock {
                block: TermBlock {
                    name: if numbered {
                        format!("{} {}", self.name, n + 1)
                    } else {
                        self.name.to_owned()
                    },
                    starts: s,
                    ends: e,
                },
                line: self.line,
            });
        }
    }
}

/// Reads term dates written in any of the ways above. `today` places a date given only with its
/// weekday ("Tue 2 Sept") in the nearest year that fits.
pub(crate) fn read_term_dates(text: &str, today: NaiveDate) -> Read {
    let mut out = Read {
        blocks: Vec::new(),
        inset_days: Vec::new(),
        problems: Vec::new(),
    };
    let mut school_year: Option<i32> = None;
    let mut heading_term: Option<&'static str> = None;
    let mut term: Option<Term> = None;
    // Lines end as the page's system wrote them: "\r\n", "\n", or an old Mac's lone "\r".
    let text = normalise_lines(text);
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let lower = line.to_lowercase();
        let ws = words(line);
        let (found, is_range) = dates_in(&ws);
        let problem = |out: &mut Read, message: String| {
            out.problems.push(LineProblem {
                line: line_no,
                text: line.to_owned(),
                message,
            })
        };
        if found.is_empty() {
            // A heading: the school year it names, and the term the lines below belong to.
            if let Some(year) = school_year_named(line) {
                school_year = Some(year);
            }
            if let Some((name, _)) = term_named(&ws) {
                if let Some(t) = term.take() {
                    t.finish(&mut out);
                }
                heading_term = Some(name);
            }
            if has_any(&lower, &["inset", "training day"]) {
                problem(&mut out, "No date found. Write the INSET day's date, for example “INSET: 1 September 2026”.".into());
            }
            continue;
        }
        let mut dates = Vec::new();
        let mut bad = false;
        for written in found {
            match written.and_then(|w| resolve(w, school_year, today)) {
                Ok(d) => dates.push(d),
                Err(message) => {
                    problem(&mut out, message);
                    bad = true;
                }
            }
        }
        if bad {
            // A wrong date on a term's last line is that line's problem only: the term is not
            // also reported as having no end.
            if has_any(
                &lower,
                &["end", "finish", "last day", "break up", "breaks up"],
            ) && let Some(t) = term.as_mut()
            {
                t.end_refused = true;
            }
            continue;
        }
        // Dates with their own year tell the school year of the lines that follow.
        if school_year.is_none() {
            school_year = dates.first().map(|d| school_year_of(*d));
        }
        let inset = has_any(
            &lower,
            &[
                "inset",
                "training day",
                "staff day",
                "staff development",
                "teacher day",
                "pd day",
                "professional development",
                "non-pupil",
            ],
        );
        let named = term_named(&ws);
        let closure = !inset
            && has_any(
                &lower,
                &[
                    "half term",
                    "half-term",
                    "halfterm",
                    "holiday",
                    "break",
                    "closed",
                    "closure",
                ],
            )
            && !matches!(named, Some((_, Some(_))))
            && !has_any(&lower, &["breaks up", "break up"]);
        let starts_word = has_any(
            &lower,
            &["start", "begin", "open", "return", "first day", "back on"],
        );
        let ends_word = has_any(
            &lower,
            &[
                "end",
                "finish",
                "close",
                "last day",
                "break up",
                "breaks up",
            ],
        );
        if inset {
            // "INSET: 1 – 2 September" is every weekday between; "1 September, 4 January" two days.
            if is_range
                && dates.len() == 2
                && dates[1] > dates[0]
                && (dates[1] - dates[0]).num_days() <= 14
            {
                let mut d = dates[0];
                while d <= dates[1] {
                    if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                        out.inset_days.push((d, line_no));
                    }
                    d = d + Days::new(1);
                }
            } else {
                out.inset_days.extend(dates.iter().map(|d| (*d, line_no)));
            }
            continue;
        }
        if closure {
            match (dates.as_slice(), term.as_mut()) {
                ([one], Some(_)) => out.inset_days.push((*one, line_no)),
                ([from, to], Some(t)) if to >= from => t.breaks.push((*from, *to)),
                ([_, _], _) | ([_], None) => {} // a holiday between terms: nothing to count
                _ => problem(&mut out, "A holiday needs its first and last day, for example “Half term: 26 – 30 October 2026”.".into()),
            }
            continue;
        }
        match dates.as_slice() {
            [from, to] => {
                if let Some(t) = term.take() {
                    t.finish(&mut out);
                }
                match named {
                    Some((name, Some(half))) => out.blocks.push(ReadBlock {
                        block: TermBlock {
                            name: format!("{name} {half}"),
                            starts: *from,
                            ends: *to,
                        },
                        line: line_no,
                    }),
                    Some((name, None)) => {
                        term = Some(Term {
                            name,
                            line: line_no,
                            text: line.to_owned(),
                            starts: Some(*from),
                            ends: Some(*to),
                            breaks: Vec::new(),
                            end_refused: false,
                        });
                    }
                    None => {
                        // A name typed before the dates ("Autumn 1, …") is kept; otherwise the
                        // usual name for when it starts.
                        let typed = line
                            .split([',', '\t', ';'])
                            .next()
                            .map(str::trim)
                            .filter(|first| {
                                !first.is_empty()
                                    && first.chars().any(char::is_alphabetic)
                                    && dates_in(&words(first)).0.is_empty()
                                    && first.chars().count() <= 40
                            });
                        out.blocks.push(ReadBlock {
                            block: TermBlock {
                                name: typed.map_or_else(|| usual_name(*from).to_owned(), str::to_owned),
                                starts: *from,
                                ends: *to,
                            },
                            line: line_no,
                        });
                    }
                }
            }
            [day] if starts_word && !ends_word => {
                if let Some(t) = term.take() {
                    t.finish(&mut out);
                }
                let name = named.map(|(n, _)| n).or(heading_term).unwrap_or_else(|| {
                    usual_name(*day).split(' ').next().map_or("Autumn", |n| match n {
                        "Spring" => "Spring",
                        "Summer" => "Summer",
                        _ => "Autumn",
                    })
                });
                term = Some(Term {
                    name,
                    line: line_no,
                    text: line.to_owned(),
                    starts: Some(*day),
                    ends: None,
                    breaks: Vec::new(),
                    end_refused: false,
                });
            }
            [day] if ends_word && !starts_word => match term.as_mut() {
                Some(t) if t.ends.is_none() => t.ends = Some(*day),
                _ => problem(&mut out, format!("A term ends on {} but no line before it says when it starts. Add “Term starts: …” above it.", long(*day))),
            },
            [_] => problem(&mut out, "This line has one date, and Casefile cannot tell whether the term starts or ends then. Write “Term starts: …” or “Term ends: …”, or give both dates.".into()),
            _ => problem(&mut out, format!("This line has {} dates. Put each half-term on its own line, with its first and last day.", dates.len())),
        }
    }
    if let Some(t) = term.take() {
        t.finish(&mut out);
    }
    out
}

/// The text with every line ending as "\n", so lines are counted as the family sees them.
pub(crate) fn normalise_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Reads a list of dates written as people write them ("10 November, 24 Nov", "10/11/2026",
/// "2026-11-10"), each inside `from`–`to`: a date without a year takes the year that puts it in
/// that range. Every piece that is not a date, or falls outside, is named in the message.
pub(crate) fn read_dates_within(
    pieces: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, String> {
    let mut dates = Vec::new();
    let mut problems = Vec::new();
    for piece in pieces.iter().flat_map(|p| p.split([',', ';', '\n'])) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let (found, _) = dates_in(&words(piece));
        if found.is_empty() {
            problems.push(format!(
                "“{piece}” is not a date. Write it like 10 November."
            ));
            continue;
        }
        for written in found {
            let read = written.and_then(|mut w| {
                if w.year.is_none() {
                    let fits = |y: i32| {
                        w.month
                            .and_then(|m| NaiveDate::from_ymd_opt(y, m, w.day))
                            .is_some_and(|d| from <= d && d <= to)
                    };
                    w.year = Some(if fits(to.year()) {
                        to.year()
                    } else {
                        from.year()
                    });
                }
                resolve(w, None, from)
            });
            match read {
                Ok(d) if d < from || d > to => problems.push(format!(
                    "{} is outside the range ({} to {}).",
                    long(d),
                    long(from),
                    long(to)
                )),
                Ok(d) => dates.push(d),
                Err(message) => problems.push(message),
            }
        }
    }
    if problems.is_empty() {
        Ok(dates)
    } else {
        Err(problems.join(" "))
    }
}

/// A common English school year starting in September of `first_year`, as a starting point to
/// correct against the school's own calendar: six half-terms, with the half-term holidays in the
/// weeks most English councils use (the last week of October, the week of the third Monday of
/// February, the last week of May) and two weeks at Christmas and Easter.
pub fn typical_school_year(first_year: i32) -> Vec<TermBlock> {
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    let next = first_year + 1;
    // The last `weekday` on or before `date`, and the first on or after it.
    let on_or_before = |mut d: NaiveDate, w: Weekday| {
        while d.weekday() != w {
            d = d - Days::new(1);
        }
        d
    };
    let on_or_after = |mut d: NaiveDate, w: Weekday| {
        while d.weekday() != w {
            d = d + Days::new(1);
        }
        d
    };
    let last_monday = |y: i32, m: u32| {
        let first_of_next = if m == 12 {
            ymd(y + 1, 1, 1)
        } else {
            ymd(y, m + 1, 1)
        };
        on_or_before(first_of_next - Days::new(1), Weekday::Mon)
    };
    let easter = easter_sunday(next);
    let good_friday = easter - Days::new(2);
    let october_break = last_monday(first_year, 10);
    let february_break = on_or_after(ymd(next, 2, 1), Weekday::Mon) + Days::new(14);
    let may_break = last_monday(next, 5);
    let block = |name: &str, starts: NaiveDate, ends: NaiveDate| TermBlock {
        name: name.to_owned(),
        starts,
        ends,
    };
    vec![
        block(
            "Autumn 1",
            next_weekday(ymd(first_year, 9, 3)),
            october_break - Days::new(3),
        ),
        block(
            "Autumn 2",
            october_break + Days::new(7),
            on_or_before(ymd(first_year, 12, 20), Weekday::Fri),
        ),
        block(
            "Spring 1",
            next_weekday(ymd(next, 1, 4)),
            february_break - Days::new(3),
        ),
        block(
            "Spring 2",
            february_break + Days::new(7),
            good_friday - Days::new(7),
        ),
        block("Summer 1", easter + Days::new(8), may_break - Days::new(3)),
        block(
            "Summer 2",
            may_break + Days::new(7),
            on_or_before(ymd(next, 7, 22), Weekday::Fri),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn blocks(read: &Read) -> Vec<(String, String, String)> {
        read.blocks
            .iter()
            .map(|b| {
                (
                    b.block.name.clone(),
                    b.block.starts.to_string(),
                    b.block.ends.to_string(),
                )
            })
            .collect()
    }

    fn b(name: &str, s: &str, e: &str) -> (String, String, String) {
        (name.into(), s.into(), e.into())
    }

    const TODAY: &str = "2026-12-01";

    #[test]
    fn a_school_websites_term_dates_become_half_terms() {
        // As a school's page writes them. The autumn term runs Wed 2 Sep to Fri 18 Dec 2026 with
        // half term Mon 26 – Fri 30 Oct: Autumn 1 ends on the school day before the holiday
        // (Sun 25 Oct → Fri 23 Oct), Autumn 2 starts on the school day after it (Sat 31 Oct →
        // Mon 2 Nov). Spring has no year on its lines: the heading "2026–27" puts January to
        // August in 2027.
        let text = "Term dates 2026–27\n\
                    Autumn term\n\
                    Term starts: Wednesday 2 September 2026\n\
                    Half term: Monday 26 October – Friday 30 October 2026\n\
                    Term ends: Friday 18 December 2026\n\
                    INSET days: Tuesday 1 September 2026, Monday 4 January 2027\n\
                    Spring term\n\
                    Term starts: Tuesday 5 January\n\
                    Half term: 15 – 19 February\n\
                    Term ends: Thursday 25 March\n";
        let read = read_term_dates(text, d(TODAY));
        assert_eq!(read.problems, vec![]);
        assert_eq!(
            blocks(&read),
            vec![
                b("Autumn 1", "2026-09-02", "2026-10-23"),
                b("Autumn 2", "2026-11-02", "2026-12-18"),
                // 15 Feb 2027 is a Monday: Spring 1 ends Fri 12 Feb; Spring 2 starts Mon 22 Feb.
                b("Spring 1", "2027-01-05", "2027-02-12"),
                b("Spring 2", "2027-02-22", "2027-03-25"),
            ]
        );
        let insets: Vec<String> = read.inset_days.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(insets, vec!["2026-09-01", "2027-01-04"]);
    }

    #[test]
    fn ranges_without_a_year_take_it_from_their_weekdays() {
        // "Tue 2 Sept": 2 September is a Tuesday in 2025 (and not in 2024, 2026, 2027 or 2028),
        // so that is the year; "Fri 24 Oct" is a Friday in 2025 too. The second line takes the
        // school year of the first. "Mon 22 – Thu 25 Mar 2027": the first day takes the month and
        // year of the second.
        let read = read_term_dates("Tue 2 Sept – Fri 24 Oct\nMon 3 Nov - Fri 19 Dec", d(TODAY));
        assert_eq!(read.problems, vec![]);
        assert_eq!(
            blocks(&read),
            vec![
                b("Autumn 1", "2025-09-02", "2025-10-24"),
                b("Autumn 2", "2025-11-03", "2025-12-19"),
            ]
        );
        let read = read_term_dates("Spring 2: Mon 22 – Thu 25 Mar 2027", d(TODAY));
        assert_eq!(
            blocks(&read),
            vec![b("Spring 2", "2027-03-22", "2027-03-25")]
        );
    }

    #[test]
    fn the_old_typed_form_and_numeric_dates_still_read() {
        let read = read_term_dates(
            "Autumn 1, 2026-09-02, 2026-10-23\nINSET, 2026-09-02\nMy name, 2/11/2026, 18/12/26",
            d(TODAY),
        );
        assert_eq!(read.problems, vec![]);
        assert_eq!(
            blocks(&read),
            vec![
                b("Autumn 1", "2026-09-02", "2026-10-23"),
                b("My name", "2026-11-02", "2026-12-18"),
            ]
        );
        assert_eq!(read.inset_days.len(), 1);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "Term starts: Tuesday 2 September 2026\n\
                    Autumn 2: 2 November – 31 November 2026\n\
                    Spring 1: 5 January – 12 February 2027\n\
                    Term ends: 18 December 2026\n\
                    Something on 4 March 2027";
        let read = read_term_dates(text, d(TODAY));
        let got: Vec<(usize, String)> = read
            .problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "2 September 2026 is a Wednesday, not a Tuesday. Check the date.".to_owned()),
                (2, "There is no 31 November 2026.".to_owned()),
                // Line 3 is right. Line 1 was refused, so no term had started when line 4 ends one.
                (4, "A term ends on 18 December 2026 but no line before it says when it starts. Add “Term starts: …” above it.".to_owned()),
                (5, "This line has one date, and Casefile cannot tell whether the term starts or ends then. Write “Term starts: …” or “Term ends: …”, or give both dates.".to_owned()),
            ]
        );
        let read = read_term_dates("Autumn 1: 2 September – 23 October", d(TODAY));
        assert_eq!(read.problems[0].line, 1);
        assert!(
            read.problems[0].message.contains("has no year"),
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn dates_to_leave_out_are_read_as_written_within_their_range() {
        let (from, to) = (d("2026-11-02"), d("2026-11-27"));
        let pieces = vec![
            "10 November, 24 Nov".to_owned(),
            "2026-11-17".to_owned(),
            "3/11/2026".to_owned(),
        ];
        assert_eq!(
            read_dates_within(&pieces, from, to),
            Ok(vec![
                d("2026-11-10"),
                d("2026-11-24"),
                d("2026-11-17"),
                d("2026-11-03")
            ])
        );
        // A range over New Year: "4 Jan" is 2027's (the year that puts it inside the range).
        assert_eq!(
            read_dates_within(&["4 Jan".to_owned()], d("2026-12-14"), d("2027-01-22")),
            Ok(vec![d("2027-01-04")])
        );
        let err =
            read_dates_within(&["30 November, next week".to_owned()], from, to).expect_err("bad");
        assert_eq!(
            err,
            "30 November 2026 is outside the range (2 November 2026 to 27 November 2026). “next week” is not a date. Write it like 10 November."
        );
    }

    #[test]
    fn a_wrong_last_day_is_one_problem_not_two() {
        // 19 December 2025 is a Friday: only line 3 is wrong; the term is not also said to lack an end.
        let read = read_term_dates(
            "Term starts: Wednesday 3 September 2025\nHalf term: 27 – 31 October\nTerm ends: Tuesday 19 December",
            d("2026-12-01"),
        );
        let lines: Vec<usize> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3], "{:?}", read.problems);
    }

    #[test]
    fn lines_ending_in_a_lone_carriage_return_are_lines() {
        let read = read_term_dates(
            "Autumn 1, 2026-09-02, 2026-10-23\rAutumn 2, 2026-11-02, 2026-12-18\r\nbad line 31/11/2026",
            d("2026-12-01"),
        );
        assert_eq!(read.blocks.len(), 2);
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].line, 3);
    }

    #[test]
    fn a_term_without_its_end_is_named() {
        let read = read_term_dates("Summer term\nTerm starts: Monday 12 April 2027", d(TODAY));
        assert_eq!(read.blocks.len(), 0);
        assert_eq!(read.problems.len(), 1);
        assert!(
            read.problems[0]
                .message
                .starts_with("The Summer term has no line for the day it ends"),
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn a_typical_year_follows_the_usual_english_pattern() {
        // 2026–27: 3 Sep 2026 is a Thursday. The last Monday of October 2026 is the 26th, so
        // Autumn 1 ends Fri 23 Oct and Autumn 2 starts Mon 2 Nov; the last Friday on or before
        // 20 Dec is the 18th. Spring starts on the first weekday from 4 January (a Monday in 2027). The first Monday of February 2027 is the 1st, so the break is the
        // week of the 15th (Spring 1 to Fri 12 Feb, Spring 2 from Mon 22 Feb). Easter Sunday 2027
        // is 28 March: Spring 2 ends Fri 19 Mar (Good Friday 26 Mar − 7), Summer 1 starts Mon
        // 5 Apr (Easter + 8). The last Monday of May 2027 is the 31st: Summer 1 ends Fri 28 May,
        // Summer 2 starts Mon 7 Jun and ends on the last Friday on or before 22 July, the 16th.
        let year = typical_school_year(2026);
        let got: Vec<(String, String, String)> = year
            .iter()
            .map(|b| (b.name.clone(), b.starts.to_string(), b.ends.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                b("Autumn 1", "2026-09-03", "2026-10-23"),
                b("Autumn 2", "2026-11-02", "2026-12-18"),
                b("Spring 1", "2027-01-04", "2027-02-12"),
                b("Spring 2", "2027-02-22", "2027-03-19"),
                b("Summer 1", "2027-04-05", "2027-05-28"),
                b("Summer 2", "2027-06-07", "2027-07-16"),
            ]
        );
        assert_eq!(easter_sunday(2025), d("2025-04-20"));
        assert_eq!(easter_sunday(2026), d("2026-04-05"));
    }
}
