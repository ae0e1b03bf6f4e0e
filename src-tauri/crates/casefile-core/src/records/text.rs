//! Checks for the short text fields people type: names, councils, schools, references.

use crate::error::{CoreError, Result};

/// Trims `value`; refuses control characters and more than `max_chars` characters.
/// Returns `None` for blank input.
pub(crate) fn optional_line(
    field: &'static str,
    label: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Result<Option<String>> {
    let Some(trimmed) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(CoreError::invalid(
            field,
            format!(
                "{label} is too long ({} characters). Use at most {max_chars} characters.",
                group_thousands(count)
            ),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            format!(
                "{label} contains a hidden control character (such as a line break or tab). Type it on one line."
            ),
        ));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Like [`optional_line`], but blank input is refused with `missing_message`.
pub(crate) fn required_line(
    field: &'static str,
    label: &str,
    value: &str,
    max_chars: usize,
    missing_message: &str,
) -> Result<String> {
    optional_line(field, label, Some(value), max_chars)?
        .ok_or_else(|| CoreError::invalid(field, missing_message))
}

/// 10000 → "10,000": numbers in messages are read by people.
pub(crate) fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses a date from the window's Day, Month and Year boxes (sent as `YYYY-MM-DD`, a box left
/// empty sent as zeros or nothing) or typed at the command line, with a message naming `label`
/// and the part (day, month or year) to correct when it is not one.
pub(crate) fn parse_date(
    field: &'static str,
    label: &str,
    text: &str,
) -> Result<chrono::NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CoreError::invalid(field, format!("Enter {label}.")));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.split('-').next().is_some_and(|year| year.len() == 4))
        .ok_or_else(|| CoreError::invalid(field, date_problem(label, text)))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What is wrong with `text` as a date, in words about its day, month and year (the window's
/// three boxes), never about a format.
pub(crate) fn date_problem(label: &str, text: &str) -> String {
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<u32>> = (parts.len() == 3)
        .then(|| {
            parts
                .iter()
                .map(|p| {
                    if p.is_empty() {
                        Some(0)
                    } else if p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()) {
                        p.parse().ok()
                    } else {
                        None
                    }
                })
                .collect()
        })
        .flatten();
    let Some(n) = numbers else {
        return format!(
            "“{text}” is not a date. Give the day, month and year of {label} as numbers, for example 28, 3 and 2026."
        );
    };
    let (year, month, day) = (n[0], n[1], n[2]);
    let mut missing = Vec::new();
    if day == 0 {
        missing.push("day");
    }
    if month == 0 {
        missing.push("month");
    }
    if year == 0 {
        missing.push("year");
    }
    match missing.as_slice() {
        [] => {}
        [one] => return format!("Enter the {one} of {label}."),
        [a, b] => return format!("Enter the {a} and the {b} of {label}."),
        _ => return format!("Enter {label}."),
    }
    if parts[0].len() < 4 {
        return format!("Write the year of {label} in full, for example 2026 rather than 26.");
    }
    if !(1..=12).contains(&month) {
        return format!(
            "There is no month {month}. The month of {label} is a number from 1 to 12."
        );
    }
    format!(
        "There is no {day} {} {year}. Check the day of {label}.",
        MONTHS[month as usize - 1]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_refused_say_which_part_to_correct() {
        let message = |text: &str| {
            parse_date("on", "the session's date", text)
                .expect_err(text)
                .to_string()
        };
        // 2026 is not a leap year (not divisible by 4), so February has 28 days.
        assert_eq!(
            message("2026-02-31"),
            "There is no 31 February 2026. Check the day of the session's date."
        );
        assert_eq!(
            message("2026-02-00"),
            "Enter the day of the session's date."
        );
        assert_eq!(message("-03-12"), "Enter the year of the session's date.");
        assert_eq!(
            message("2026-13-01"),
            "There is no month 13. The month of the session's date is a number from 1 to 12."
        );
        assert_eq!(
            message("26-03-01"),
            "Write the year of the session's date in full, for example 2026 rather than 26."
        );
        assert_eq!(
            message("2026-00-00"),
            "Enter the day and the month of the session's date."
        );
        assert_eq!(message(""), "Enter the session's date.");
        assert!(message("next tuesday").contains("as numbers"));
        // 2028 is a leap year: 29 February exists.
        assert_eq!(
            parse_date("on", "x", "2028-02-29")
                .expect("leap day")
                .to_string(),
            "2028-02-29"
        );
        for m in [message("2026-02-31"), message("2026-13-01"), message("x")] {
            assert!(!m.contains("year-month-day"), "{m}");
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(10_000), "10,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn blank_is_none_and_text_is_trimmed() {
        assert_eq!(optional_line("f", "F", Some("   "), 10).expect("ok"), None);
        assert_eq!(
            optional_line("f", "F", Some("  Leeds  "), 10).expect("ok"),
            Some("Leeds".into())
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Five characters, fifteen bytes in UTF-8.
        assert!(optional_line("f", "F", Some("ĆĆĆĆĆ"), 5).is_ok());
        assert!(optional_line("f", "F", Some("ĆĆĆĆĆĆ"), 5).is_err());
    }

    #[test]
    fn control_characters_are_refused() {
        let err = optional_line("f", "The school", Some("St Mary\u{7}s"), 50).expect_err("bell");
        assert!(
            err.to_string()
                .starts_with("The school contains a hidden control character")
        );
    }
}
