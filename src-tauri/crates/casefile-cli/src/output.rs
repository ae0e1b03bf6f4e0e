//! What a command produced, and the small parsers its options share.

use casefile_core::CoreError;
use chrono::NaiveDate;

/// What a command produced: text for people and a JSON document for programs. `refused` marks a
/// batch that processed everything but refused some of it (exit 1 after the output).
#[derive(Debug)]
pub(crate) struct Output {
    pub text: String,
    pub json: serde_json::Value,
    pub refused: bool,
}

pub(crate) fn invalid(field: &'static str, message: String) -> CoreError {
    CoreError::Invalid { field, message }
}

pub(crate) fn parse_iso(field: &'static str, text: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            format!(
                "“{}” is not a real date. Write dates as year-month-day, for example 2026-03-28.",
                text.trim()
            ),
        )
    })
}

pub(crate) fn day_or_today(on: Option<&str>) -> Result<NaiveDate, CoreError> {
    on.map(|text| parse_iso("on", text))
        .transpose()
        .map(|d| d.unwrap_or_else(casefile_core::today))
}
