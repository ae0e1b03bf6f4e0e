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

/// Flags wording the plan's Section F should not use, from the list of vague words that the
/// plan check uses too (`casefile-plan`). SEND Code of Practice 9.69: provision must be detailed
/// and specific and should normally be quantified (type, hours, frequency, expertise).
pub fn vague_wording(wording: &str) -> Vec<VagueWording> {
    casefile_plan::vague_words(wording)
        .into_iter()
        .map(|vague| VagueWording {
            phrase: vague.listed.to_owned(),
            why: format!(
                "{} Vague provision is hard to enforce: the plan should say what, how much, how often and who (SEND Code of Practice 9.69).",
                vague.advice
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
