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

/// Parses a `YYYY-MM-DD` date typed by a person, with a message naming `label` when it is not one.
pub(crate) fn parse_date(
    field: &'static str,
    label: &str,
    text: &str,
) -> Result<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        if text.is_empty() {
            CoreError::invalid(field, format!("Enter {label}."))
        } else {
            CoreError::invalid(
                field,
                format!("“{text}” is not a real date. Write {label} as year-month-day, for example 2026-03-28."),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
