//! Section page labels ("D12"). A rebuild can keep the labels an earlier version printed: pages
//! added between D12 and D13 become D12A, D12B…, pages removed leave a gap, so every reference
//! already made to the earlier bundle (in statements, the working document) still points at the
//! same page.

use std::collections::HashMap;

/// "A", "B", … "Z", "AA", "AB"…: the suffix for the `n`th inserted page (0-based).
fn suffix(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Splits "D12A" into its number 12 and how many suffixed pages follow it ("A" → 1).
fn parse(label: &str, letter: &str) -> Option<(u32, usize)> {
    let rest = label.strip_prefix(letter)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let tail = &rest[digits.len()..];
    let mut index = 0usize;
    for c in tail.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        index = index * 26 + (c as usize - 'A' as usize + 1);
    }
    Some((number, index))
}

/// Why earlier labels could not be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedItem {
    pub title: String,
}

/// One item of a section: its stable key, title and page count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelItem<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub pages: usize,
}

/// Labels for every page of every item in a section. With `previous` (key → labels printed
/// last time, in the earlier order), items that were there keep their labels and new ones are
/// fitted in after the page before them; an item that moved past another cannot keep its labels.
pub(crate) fn section_labels(
    letter: &str,
    items: &[LabelItem<'_>],
    previous: Option<&HashMap<String, Vec<String>>>,
) -> Result<Vec<Vec<String>>, MovedItem> {
    let Some(previous) = previous else {
        let mut n = 0;
        return Ok(items
            .iter()
            .map(|item| {
                (0..item.pages)
                    .map(|_| {
                        n += 1;
                        format!("{letter}{n}")
                    })
                    .collect()
            })
            .collect());
    };
    let mut out = Vec::new();
    // The last label placed: its number and suffix count.
    let mut anchor: (u32, usize) = (0, 0);
    for item in items {
        let kept = previous
            .get(item.key)
            .filter(|labels| labels.len() == item.pages)
            .and_then(|labels| {
                let parsed: Option<Vec<(u32, usize)>> =
                    labels.iter().map(|l| parse(l, letter)).collect();
                parsed.map(|p| (labels.clone(), p))
            });
        match kept {
            Some((labels, parsed)) => {
                let first = parsed[0];
                if first <= anchor {
                    return Err(MovedItem {
                        title: item.title.to_owned(),
                    });
                }
                anchor = parsed[parsed.len() - 1];
                out.push(labels);
            }
            None => {
                let labels = (0..item.pages)
                    .map(|_| {
                        anchor.1 += 1;
                        format!("{letter}{}{}", anchor.0, suffix(anchor.1 - 1))
                    })
                    .collect();
                out.push(labels);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(key: &'a str, pages: usize) -> LabelItem<'a> {
        LabelItem {
            key,
            title: key,
            pages,
        }
    }

    #[test]
    fn fresh_labels_run_through_the_section() {
        let labels = section_labels("D", &[item("a", 2), item("b", 3)], None).expect("labels");
        assert_eq!(labels, vec![vec!["D1", "D2"], vec!["D3", "D4", "D5"]]);
    }

    #[test]
    fn a_late_addition_gets_suffixed_labels_and_the_rest_keep_theirs() {
        let first = section_labels("D", &[item("a", 12), item("b", 3)], None).expect("labels");
        let previous: HashMap<String, Vec<String>> = [
            ("a".to_owned(), first[0].clone()),
            ("b".to_owned(), first[1].clone()),
        ]
        .into();
        let again = section_labels(
            "D",
            &[item("a", 12), item("late", 2), item("b", 3)],
            Some(&previous),
        )
        .expect("labels");
        assert_eq!(again[0], first[0]);
        assert_eq!(again[1], vec!["D12A", "D12B"]);
        assert_eq!(again[2], vec!["D13", "D14", "D15"]);

        // A second late addition after the first continues the letters.
        let previous: HashMap<String, Vec<String>> = [
            ("a".to_owned(), again[0].clone()),
            ("late".to_owned(), again[1].clone()),
            ("b".to_owned(), again[2].clone()),
        ]
        .into();
        let third = section_labels(
            "D",
            &[
                item("a", 12),
                item("late", 2),
                item("later", 1),
                item("b", 3),
            ],
            Some(&previous),
        )
        .expect("labels");
        assert_eq!(third[2], vec!["D12C"]);
        // Before the first page of a section.
        let fourth =
            section_labels("D", &[item("new", 1), item("a", 12)], Some(&previous)).expect("labels");
        assert_eq!(fourth[0], vec!["D0A"]);
    }

    #[test]
    fn an_item_moved_past_another_cannot_keep_its_labels() {
        let first = section_labels("B", &[item("a", 1), item("b", 1)], None).expect("labels");
        let previous: HashMap<String, Vec<String>> = [
            ("a".to_owned(), first[0].clone()),
            ("b".to_owned(), first[1].clone()),
        ]
        .into();
        let moved = section_labels("B", &[item("b", 1), item("a", 1)], Some(&previous));
        assert_eq!(moved, Err(MovedItem { title: "a".into() }));
    }

    #[test]
    fn suffixes_go_past_z() {
        assert_eq!(suffix(0), "A");
        assert_eq!(suffix(25), "Z");
        assert_eq!(suffix(26), "AA");
        assert_eq!(parse("D12AA", "D"), Some((12, 27)));
        assert_eq!(parse("D12", "D"), Some((12, 0)));
        assert_eq!(parse("E12", "D"), None);
    }
}
