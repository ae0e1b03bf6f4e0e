//! `casefile calendar`: bank holidays and working days, with no data folder.

use casefile_core::rules::{Region, WorkingDays};
use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::output::{Output, invalid, parse_iso};

pub(crate) fn run_calendar(command: CalendarCommand) -> Result<Output, CoreError> {
    match command {
        CalendarCommand::BankHolidays {
            from_year,
            to_year,
            region,
        } => {
            let region: Region = serde_json::from_value(json!(region.trim())).map_err(|_| {
                invalid("region", format!("“{}” is not a region. Use england-and-wales, scotland or northern-ireland.", region.trim()))
            })?;
            if !(1900..=2200).contains(&from_year)
                || !(1900..=2200).contains(&to_year)
                || to_year < from_year
            {
                return Err(invalid(
                    "year",
                    format!(
                        "Give two years between 1900 and 2200, the first not after the second (got {from_year} and {to_year})."
                    ),
                ));
            }
            let days = rules::bank_holidays_between(region, from_year, to_year);
            Ok(Output {
                refused: false,
                text: days
                    .iter()
                    .map(|h| h.date.format("%Y-%m-%d").to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
                json: json!({ "region": region, "bank_holidays": days }),
            })
        }
        CalendarCommand::AddWorkingDays { date, n, calendar } => {
            let from = parse_iso("date", &date)?;
            let calendar: WorkingDays = serde_json::from_value(json!(calendar.trim())).map_err(|_| {
                invalid("calendar", format!("“{}” is not a calendar. Use england-and-wales, any-uk-region or tribunal.", calendar.trim()))
            })?;
            if n > 5_000 {
                return Err(invalid(
                    "n",
                    format!("{n} working days is more than Casefile counts (5,000 at most)."),
                ));
            }
            let result = calendar.add(from, n);
            Ok(Output {
                refused: false,
                text: result.format("%Y-%m-%d").to_string(),
                json: json!({ "from": from, "working_days": n, "calendar": calendar, "date": result }),
            })
        }
    }
}
