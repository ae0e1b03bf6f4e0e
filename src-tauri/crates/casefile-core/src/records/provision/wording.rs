//! Wording in a plan that does not say how much, how often or by whom, flagged with why that
//! matters (the Tribunal expects provision to be specified and quantified).

use serde::Serialize;
use ts_rs::TS;

/// Wording that does not say how much, how often or by whom, and why that matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VagueWording {
    pub phrase: String,
    pub why: String,
}

const VAGUE_PHRASES: &[(&str, &str)] = &[
    (
        "access to",
        "“access to” promises a chance of help, not the help itself",
    ),
    ("regular", "“regular” does not say how often"),
    (
        "as required",
        "“as required” leaves it to someone else to decide whether any is needed",
    ),
    (
        "as needed",
        "“as needed” leaves it to someone else to decide whether any is needed",
    ),
    (
        "as appropriate",
        "“as appropriate” leaves it to someone else to decide",
    ),
    (
        "up to",
        "“up to” sets a ceiling, not an amount: none at all would comply",
    ),
    (
        "opportunities to",
        "“opportunities to” promises a chance, not provision",
    ),
    (
        "opportunity to",
        "“opportunity to” promises a chance, not provision",
    ),
    (
        "support from",
        "“support from” names who, but not what or how much",
    ),
    (
        "where possible",
        "“where possible” makes the provision optional",
    ),
    (
        "if needed",
        "“if needed” leaves it to someone else to decide whether any is needed",
    ),
    ("periodic", "“periodic” does not say how often"),
];

/// Flags wording the plan's Section F should not use. SEND Code of Practice 9.69: provision must be
/// detailed and specific and should normally be quantified (type, hours, frequency, expertise).
pub fn vague_wording(wording: &str) -> Vec<VagueWording> {
    let lower = format!(
        " {} ",
        wording
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    VAGUE_PHRASES
        .iter()
        .filter(|(phrase, _)| lower.contains(&format!(" {phrase} ")) || lower.contains(&format!(" {phrase},")) || lower.contains(&format!(" {phrase}.")))
        .map(|(phrase, why)| VagueWording {
            phrase: (*phrase).to_owned(),
            why: format!(
                "{why}. Vague provision is hard to enforce: the plan should say what, how much, how often and who (SEND Code of Practice 9.69). Ask for it to be specified and quantified."
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {

    use crate::records::provision::ProvisionDetails;
    use crate::records::provision::testkit::*;

    #[test]
    fn vague_wording_is_flagged_with_a_reason() {
        let (_dir, mut store, case) = setup();
        let p = store
            .add_provision(
                case,
                &ProvisionDetails {
                    wording: "Ava will have access to speech and language therapy as required."
                        .into(),
                    ..salt()
                },
            )
            .expect("provision");
        let phrases: Vec<&str> = p.vague.iter().map(|v| v.phrase.as_str()).collect();
        assert_eq!(phrases, ["access to", "as required"]);
        assert!(p.vague[0].why.contains("Code of Practice 9.69"));
    }
}
