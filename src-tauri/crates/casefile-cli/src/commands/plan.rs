//! `casefile plan`: an EHC plan read into its sections, its provision checked, and two versions
//! compared.

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

pub(crate) fn compare(store: &Store, old_id: i64, new_id: i64) -> Result<Output, CoreError> {
    let found = store.plan_compare(old_id, new_id)?;
    let mut lines = vec![format!(
        "“{}” (document {}) compared with “{}” (document {}).",
        found.old.title, found.old.id, found.new.title, found.new.id
    )];
    let concerns = &found.comparison.concerns;
    if concerns.is_empty() {
        lines.push("Nothing to raise: no provision or outcome removed, none weakened, no new vague words and no change of school.".to_owned());
    } else {
        lines.push(String::new());
        lines.push(format!("To raise ({}):", concerns.len()));
        for c in concerns {
            let what = match c.kind {
                plan::ConcernKind::Weakened => "weakened",
                plan::ConcernKind::Removed => "removed",
                plan::ConcernKind::Vague => "made vague",
                plan::ConcernKind::PlacementChanged => "placement changed",
            };
            lines.push(format!("{:<3} {what}", c.section.as_str()));
            if !c.old.is_empty() {
                lines.push(format!("    was: “{}”", c.old));
            }
            if !c.new.is_empty() {
                lines.push(format!("    now: “{}”", c.new));
            }
            lines.push(format!("    {}", c.why));
        }
    }
    lines.push(String::new());
    lines.push("Section by section:".to_owned());
    for s in &found.comparison.sections {
        let head = format!("{:<3} {}", s.letter.as_str(), s.title);
        match s.presence {
            plan::Presence::OldOnly => lines.push(format!("{head}: only in the old version")),
            plan::Presence::NewOnly => lines.push(format!("{head}: only in the new version")),
            plan::Presence::Both if s.changes.is_empty() => lines.push(format!("{head}: the same")),
            plan::Presence::Both => lines.push(format!(
                "{head}: {} {}",
                s.changes.len(),
                if s.changes.len() == 1 {
                    "change"
                } else {
                    "changes"
                }
            )),
        }
        if s.presence != plan::Presence::Both {
            continue;
        }
        for change in &s.changes {
            lines.push(match change.kind {
                plan::ChangeKind::Added => format!("    added: “{}”", change.new),
                plan::ChangeKind::Removed => format!("    removed: “{}”", change.old),
                plan::ChangeKind::Changed => {
                    format!(
                        "    changed: “{}”\n         to “{}”",
                        change.old, change.new
                    )
                }
            });
        }
    }
    Ok(Output {
        refused: false,
        text: lines.join("\n"),
        json: json!({
            "old": found.old.id,
            "new": found.new.id,
            "sections": found.comparison.sections,
            "concerns": found.comparison.concerns,
        }),
    })
}
