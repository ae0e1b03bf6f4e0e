//! UK bank holidays and working days.
//!
//! Standing rules: Banking and Financial Dealings Act 1971 Sch 1, the annual proclamation and
//! common law. One-off changes by proclamation live in
//! `data/bank-holiday-changes.json`, so a new jubilee or funeral needs no code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A part of the UK with its own bank holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Region {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

/// Which days count as working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum WorkingDays {
    /// Monday to Friday except England & Wales bank holidays (SEND Regs, council complaints).
    EnglandAndWales,
    /// Monday to Friday except a bank holiday anywhere in the UK (FOIA s.10(6)).
    AnyUkRegion,
    /// Tribunal working days: England & Wales working days that are also not 25 Dec–1 Jan and
    /// not in August (HESC Rules r.12(3)(b)).
    Tribunal,
}

/// One bank holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// The standing holidays, by the key a one-off change can name in `replaces`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    NewYear,
    SecondJanuary,
    StPatrick,
    GoodFriday,
    EasterMonday,
    EarlyMay,
    Spring,
    Boyne,
    Summer,
    StAndrew,
    Christmas,
    Boxing,
}

impl Standing {
    fn key(self) -> &'static str {
        match self {
            Standing::NewYear => "new-year",
            Standing::SecondJanuary => "2-january",
            Standing::StPatrick => "st-patrick",
            Standing::GoodFriday => "good-friday",
            Standing::EasterMonday => "easter-monday",
            Standing::EarlyMay => "early-may",
            Standing::Spring => "spring",
            Standing::Boyne => "battle-of-the-boyne",
            Standing::Summer => "summer",
            Standing::StAndrew => "st-andrew",
            Standing::Christmas => "christmas",
            Standing::Boxing => "boxing-day",
        }
    }
}

#[derive(Debug, Deserialize)]
struct ChangeFile {
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
struct Change {
    date: NaiveDate,
    name: String,
    #[serde(default)]
    replaces: Option<String>,
    regions: Vec<Region>,
}

fn changes() -> &'static [Change] {
    static CHANGES: OnceLock<Vec<Change>> = OnceLock::new();
    CHANGES.get_or_init(|| {
        // The file ships inside the binary; `one_off_changes_file_parses` proves it parses.
        serde_json::from_str::<ChangeFile>(include_str!("../data/bank-holiday-changes.json"))
            .map(|f| f.changes)
            .unwrap_or_default()
    })
}

/// Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// A date known to exist (month 1–12, day valid for the month).
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

fn first_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 1).unwrap_or(NaiveDate::MIN)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, weekday, 4))
        .unwrap_or(NaiveDate::MIN)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Bank holidays of `region` in `year`, in date order.
pub fn bank_holidays(region: Region, year: i32) -> Vec<BankHoliday> {
    use Standing::*;
    // Fixed-date holidays, in the order substitutes are handed out.
    let fixed: Vec<(Standing, NaiveDate, &str)> = match region {
        Region::EnglandAndWales => vec![
            (NewYear, ymd(year, 1, 1), "New Year’s Day"),
            (Christmas, ymd(year, 12, 25), "Christmas Day"),
            (Boxing, ymd(year, 12, 26), "Boxing Day"),
        ],
        Region::Scotland => vec![
            (NewYear, ymd(year, 1, 1), "New Year’s Day"),
            (SecondJanuary, ymd(year, 1, 2), "2nd January"),
            (StAndrew, ymd(year, 11, 30), "St Andrew’s Day"),
            (Christmas, ymd(year, 12, 25), "Christmas Day"),
            (Boxing, ymd(year, 12, 26), "Boxing Day"),
        ],
        Region::NorthernIreland => vec![
            (NewYear, ymd(year, 1, 1), "New Year’s Day"),
            (StPatrick, ymd(year, 3, 17), "St Patrick’s Day"),
            (
                Boyne,
                ymd(year, 7, 12),
                "Battle of the Boyne (Orangemen’s Day)",
            ),
            (Christmas, ymd(year, 12, 25), "Christmas Day"),
            (Boxing, ymd(year, 12, 26), "Boxing Day"),
        ],
    };
    let easter = easter_sunday(year);
    let mut moveable: Vec<(Standing, NaiveDate, &str)> = vec![
        (GoodFriday, easter - Days::new(2), "Good Friday"),
        (
            EarlyMay,
            first_weekday(year, 5, Weekday::Mon),
            "Early May bank holiday",
        ),
        (
            Spring,
            last_weekday(year, 5, Weekday::Mon),
            "Spring bank holiday",
        ),
    ];
    if region != Region::Scotland {
        moveable.push((EasterMonday, easter + Days::new(1), "Easter Monday"));
        moveable.push((
            Summer,
            last_weekday(year, 8, Weekday::Mon),
            "Summer bank holiday",
        ));
    } else {
        moveable.push((
            Summer,
            first_weekday(year, 8, Weekday::Mon),
            "Summer bank holiday",
        ));
    }

    let year_changes: Vec<&Change> = changes()
        .iter()
        .filter(|c| c.date.year() == year && c.regions.contains(&region))
        .collect();
    let replaced = |s: Standing| {
        year_changes
            .iter()
            .any(|c| c.replaces.as_deref() == Some(s.key()))
    };

    let mut days: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for (standing, date, name) in &moveable {
        if !replaced(*standing) {
            days.insert(*date, (*name).to_owned());
        }
    }
    // A fixed holiday on a weekday stays put; one on a weekend moves to the next weekday not
    // already a holiday (so Christmas on a Sunday gives Boxing Day Mon 26, Christmas Tue 27).
    for (standing, date, name) in &fixed {
        if !replaced(*standing) && !is_weekend(*date) {
            days.insert(*date, (*name).to_owned());
        }
    }
    for (standing, date, name) in &fixed {
        if replaced(*standing) || !is_weekend(*date) {
            continue;
        }
        let mut substitute = *date;
        while is_weekend(substitute) || days.contains_key(&substitute) {
            substitute = substitute + Days::new(1);
        }
        days.insert(substitute, format!("{name} (substitute day)"));
    }
    for change in year_changes {
        days.insert(change.date, change.name.clone());
    }
    days.into_iter()
        .map(|(date, name)| BankHoliday { date, name })
        .collect()
}

/// Bank holidays of `region` from `from_year` to `to_year` inclusive.
pub fn bank_holidays_between(region: Region, from_year: i32, to_year: i32) -> Vec<BankHoliday> {
    (from_year..=to_year)
        .flat_map(|y| bank_holidays(region, y))
        .collect()
}

/// Whether `date` is a bank holiday in `region`.
pub fn is_bank_holiday(region: Region, date: NaiveDate) -> bool {
    bank_holidays(region, date.year())
        .iter()
        .any(|h| h.date == date)
}

/// Whether `date` is 25 December to 1 January inclusive, or in August: days the Tribunal does
/// not count (HESC Rules r.12(3)).
pub fn is_tribunal_excluded(date: NaiveDate) -> bool {
    date.month() == 8
        || (date.month() == 12 && date.day() >= 25)
        || (date.month() == 1 && date.day() == 1)
}

impl WorkingDays {
    /// Whether `date` is a working day under this convention.
    pub fn is_working_day(self, date: NaiveDate) -> bool {
        if is_weekend(date) {
            return false;
        }
        match self {
            WorkingDays::EnglandAndWales => !is_bank_holiday(Region::EnglandAndWales, date),
            WorkingDays::AnyUkRegion => ![
                Region::EnglandAndWales,
                Region::Scotland,
                Region::NorthernIreland,
            ]
            .into_iter()
            .any(|r| is_bank_holiday(r, date)),
            WorkingDays::Tribunal => {
                !is_bank_holiday(Region::EnglandAndWales, date) && !is_tribunal_excluded(date)
            }
        }
    }

    /// The `n`th working day after `date` (`date` itself is not counted); `n = 0` gives `date`.
    pub fn add(self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The `n`th working day before `date` (`date` itself is not counted).
    pub fn subtract(self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day - Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// `date` if it is a working day, else the next working day.
    pub fn on_or_after(self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = day + Days::new(1);
        }
        day
    }

    /// Working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn count_between(self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn dates(region: Region, year: i32) -> Vec<String> {
        bank_holidays(region, year)
            .into_iter()
            .map(|h| h.date.format("%Y-%m-%d").to_string())
            .collect()
    }

    #[test]
    fn one_off_changes_file_parses() {
        let file: ChangeFile =
            serde_json::from_str(include_str!("../data/bank-holiday-changes.json"))
                .expect("bank-holiday-changes.json must parse");
        assert_eq!(file.changes.len(), changes().len());
        assert!(changes().len() >= 7);
    }

    #[test]
    fn easter_matches_published_dates() {
        for (year, easter) in [
            (2012, "2012-04-08"),
            (2016, "2016-03-27"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), d(easter), "{year}");
        }
    }

    // Published England & Wales dates (gov.uk/bank-holidays).
    #[test]
    fn england_and_wales_matches_gov_uk() {
        let expected: [(i32, &[&str]); 12] = [
            (
                2012,
                &[
                    "2012-01-02",
                    "2012-04-06",
                    "2012-04-09",
                    "2012-05-07",
                    "2012-06-04",
                    "2012-06-05",
                    "2012-08-27",
                    "2012-12-25",
                    "2012-12-26",
                ],
            ),
            (
                2015,
                &[
                    "2015-01-01",
                    "2015-04-03",
                    "2015-04-06",
                    "2015-05-04",
                    "2015-05-25",
                    "2015-08-31",
                    "2015-12-25",
                    "2015-12-28",
                ],
            ),
            (
                2016,
                &[
                    "2016-01-01",
                    "2016-03-25",
                    "2016-03-28",
                    "2016-05-02",
                    "2016-05-30",
                    "2016-08-29",
                    "2016-12-26",
                    "2016-12-27",
                ],
            ),
            (
                2017,
                &[
                    "2017-01-02",
                    "2017-04-14",
                    "2017-04-17",
                    "2017-05-01",
                    "2017-05-29",
                    "2017-08-28",
                    "2017-12-25",
                    "2017-12-26",
                ],
            ),
            (
                2020,
                &[
                    "2020-01-01",
                    "2020-04-10",
                    "2020-04-13",
                    "2020-05-08",
                    "2020-05-25",
                    "2020-08-31",
                    "2020-12-25",
                    "2020-12-28",
                ],
            ),
            (
                2021,
                &[
                    "2021-01-01",
                    "2021-04-02",
                    "2021-04-05",
                    "2021-05-03",
                    "2021-05-31",
                    "2021-08-30",
                    "2021-12-27",
                    "2021-12-28",
                ],
            ),
            (
                2022,
                &[
                    "2022-01-03",
                    "2022-04-15",
                    "2022-04-18",
                    "2022-05-02",
                    "2022-06-02",
                    "2022-06-03",
                    "2022-08-29",
                    "2022-09-19",
                    "2022-12-26",
                    "2022-12-27",
                ],
            ),
            (
                2023,
                &[
                    "2023-01-02",
                    "2023-04-07",
                    "2023-04-10",
                    "2023-05-01",
                    "2023-05-08",
                    "2023-05-29",
                    "2023-08-28",
                    "2023-12-25",
                    "2023-12-26",
                ],
            ),
            (
                2024,
                &[
                    "2024-01-01",
                    "2024-03-29",
                    "2024-04-01",
                    "2024-05-06",
                    "2024-05-27",
                    "2024-08-26",
                    "2024-12-25",
                    "2024-12-26",
                ],
            ),
            (
                2025,
                &[
                    "2025-01-01",
                    "2025-04-18",
                    "2025-04-21",
                    "2025-05-05",
                    "2025-05-26",
                    "2025-08-25",
                    "2025-12-25",
                    "2025-12-26",
                ],
            ),
            (
                2026,
                &[
                    "2026-01-01",
                    "2026-04-03",
                    "2026-04-06",
                    "2026-05-04",
                    "2026-05-25",
                    "2026-08-31",
                    "2026-12-25",
                    "2026-12-28",
                ],
            ),
            (
                2027,
                &[
                    "2027-01-01",
                    "2027-03-26",
                    "2027-03-29",
                    "2027-05-03",
                    "2027-05-31",
                    "2027-08-30",
                    "2027-12-27",
                    "2027-12-28",
                ],
            ),
        ];
        for (year, want) in expected {
            assert_eq!(dates(Region::EnglandAndWales, year), want, "{year}");
        }
    }

    #[test]
    fn scotland_has_2_january_st_andrew_and_early_august() {
        assert_eq!(
            dates(Region::Scotland, 2022),
            [
                "2022-01-03",
                "2022-01-04",
                "2022-04-15",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-01",
                "2022-09-19",
                "2022-11-30",
                "2022-12-26",
                "2022-12-27"
            ]
        );
        assert_eq!(
            dates(Region::Scotland, 2026),
            [
                "2026-01-01",
                "2026-01-02",
                "2026-04-03",
                "2026-05-04",
                "2026-05-25",
                "2026-08-03",
                "2026-11-30",
                "2026-12-25",
                "2026-12-28"
            ]
        );
    }

    #[test]
    fn northern_ireland_has_st_patrick_and_the_boyne_with_substitutes() {
        assert_eq!(
            dates(Region::NorthernIreland, 2026),
            [
                "2026-01-01",
                "2026-03-17",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-07-13",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
    }

    #[test]
    fn substitute_days_are_named_as_such() {
        let h = bank_holidays(Region::EnglandAndWales, 2027);
        assert_eq!(
            h.last().map(|h| h.name.as_str()),
            Some("Boxing Day (substitute day)")
        );
    }

    #[test]
    fn older_one_off_changes_are_kept_too() {
        assert_eq!(
            dates(Region::EnglandAndWales, 2002),
            [
                "2002-01-01",
                "2002-03-29",
                "2002-04-01",
                "2002-05-06",
                "2002-06-03",
                "2002-06-04",
                "2002-08-26",
                "2002-12-25",
                "2002-12-26"
            ]
        );
        assert!(is_bank_holiday(Region::EnglandAndWales, d("2011-04-29")));
        assert!(is_bank_holiday(Region::Scotland, d("1999-12-31")));
        assert!(!is_bank_holiday(Region::EnglandAndWales, d("1995-05-01")));
    }

    #[test]
    fn bank_holidays_1995_to_2100_fall_on_weekdays_only_and_number_at_least_eight_a_year() {
        for region in [
            Region::EnglandAndWales,
            Region::Scotland,
            Region::NorthernIreland,
        ] {
            for year in 1995..=2100 {
                let days = bank_holidays(region, year);
                assert!(days.len() >= 8, "{region:?} {year}: {}", days.len());
                for h in &days {
                    assert!(
                        !is_weekend(h.date),
                        "{region:?} {} ({}) is a weekend",
                        h.date,
                        h.name
                    );
                    assert_eq!(
                        h.date.year(),
                        year,
                        "{region:?} {} belongs to {year}",
                        h.date
                    );
                }
            }
        }
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let ew = WorkingDays::EnglandAndWales;
        // Thu 24 Dec 2026 + 1: Fri 25 Christmas, Mon 28 Boxing substitute → Tue 29 Dec.
        assert_eq!(ew.add(d("2026-12-24"), 1), d("2026-12-29"));
        // Easter 2026: Thu 2 Apr + 1 → Tue 7 Apr.
        assert_eq!(ew.add(d("2026-04-02"), 1), d("2026-04-07"));
        assert_eq!(ew.add(d("2026-11-25"), 0), d("2026-11-25"));
        assert_eq!(ew.add(d("2026-11-27"), 5), d("2026-12-04"));
        assert_eq!(ew.count_between(d("2026-11-27"), d("2026-12-04")), 5);
    }

    #[test]
    fn subtracting_working_days_walks_back_over_weekends_and_holidays() {
        let ew = WorkingDays::EnglandAndWales;
        // 10 working days before Tue 5 Jan 2027: back over New Year (Fri 1 Jan) and Christmas
        // (Fri 25, Mon 28 Dec) → Thu 17 Dec 2026.
        assert_eq!(ew.subtract(d("2027-01-05"), 10), d("2026-12-17"));
        assert_eq!(ew.subtract(d("2026-11-27"), 0), d("2026-11-27"));
    }

    #[test]
    fn foi_working_days_skip_holidays_anywhere_in_the_uk() {
        // 30 Nov 2026 is St Andrew's Day (Scotland): a working day in England, not for FOIA.
        assert!(WorkingDays::EnglandAndWales.is_working_day(d("2026-11-30")));
        assert!(!WorkingDays::AnyUkRegion.is_working_day(d("2026-11-30")));
        assert!(!WorkingDays::AnyUkRegion.is_working_day(d("2026-03-17")));
    }

    #[test]
    fn tribunal_days_skip_christmas_week_and_august() {
        let t = WorkingDays::Tribunal;
        assert!(!t.is_working_day(d("2026-08-03")));
        assert!(!t.is_working_day(d("2026-12-31")));
        assert!(!t.is_working_day(d("2027-01-01")));
        assert!(t.is_working_day(d("2026-12-24")));
        // Fri 31 Jul 2026 + 1 tribunal working day: all of August out, Mon 31 Aug is a bank
        // holiday anyway → Tue 1 Sep.
        assert_eq!(t.add(d("2026-07-31"), 1), d("2026-09-01"));
    }
}
