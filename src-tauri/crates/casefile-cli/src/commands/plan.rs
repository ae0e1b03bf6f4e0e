//! `casefile plan`: an EHC plan read into its sections, and its provision checked.

use casefile_core::*;
use serde_json::json;

use crate::output::Output;

pub(crate) fn sections(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let reading = store.plan_sections(document_id)?;
    let text = reading
        .sections
        .iter()
        .map(|s| {
            let pages = if s.pages[0] == s.pages[1] {
                format!("page {}", s.pages[0])
            } else {
                format!("pages {} to {}", s.pages[0], s.pages[1])
            };
            format!(
                "{:<3} {} ({pages}, {} words)",
                s.letter.as_str(),
                s.title,
                s.text.split_whitespace().count()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output {
        refused: false,
        text,
        json: json!({ "document": reading.document.id, "sections": reading.sections }),
    })
}

pub(crate) fn check(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let (reading, findings) = store.plan_check(document_id)?;
    let text = if findings.is_empty() {
        let checked: Vec<&str> = reading
            .sections
            .iter()
            .filter(|s| s.letter.is_provision())
            .map(|s| s.letter.as_str())
            .collect();
        if checked.is_empty() {
            "No Section F, G or H was found in this plan, so no provision was checked.".to_owned()
        } else {
            format!(
                "Nothing to ask about in Section {}: every provision says how often, how long and by whom, without vague words.",
                checked.join(", ")
            )
        }
    } else {
        findings
            .iter()
            .map(|f| {
                let what = match f.kind {
                    plan::FindingKind::Vague => format!("vague: “{}”", f.phrase),
                    plan::FindingKind::NoFrequency => "does not say how often".to_owned(),
                    plan::FindingKind::NoDuration => "does not say for how long".to_owned(),
                    plan::FindingKind::NoProvider => "does not say who provides it".to_owned(),
                };
                format!(
                    "{}  {what}\n   “{}”\n   {}",
                    f.section.as_str(),
                    f.text,
                    f.advice
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "document": reading.document.id, "findings": findings }),
    })
}
