//! `casefile bundle`: evidence bundle plans and builds.

use casefile_core::*;
use serde_json::json;

use crate::cli::*;
use crate::format::*;
use crate::output::{Output, day_or_today};

pub(crate) fn run_bundle(store: &mut Store, command: BundleCommand) -> Result<Output, CoreError> {
    let show = |bundle: Bundle| Output {
        refused: false,
        text: bundle_text(&bundle),
        json: json!({ "bundle": bundle }),
    };
    match command {
        BundleCommand::Build {
            case_id,
            bundle_id,
            out,
            kind,
            keep_references,
            date,
        } => {
            let build_date = day_or_today(date.as_deref())?;
            let bundle = match (bundle_id, case_id) {
                (Some(id), _) => store.bundle(id)?,
                (None, Some(case_id)) => store.plan_for(case_id, BundleKind::parse(&kind)?)?,
                (None, None) => {
                    return Err(CoreError::Invalid {
                        field: "case",
                        message: "Say which bundle to build: --bundle ID, or --case ID for the case's own.".into(),
                    });
                }
            };
            let report = store.build_bundle_to_file(
                &bundle,
                &out,
                build_date,
                keep_references,
                &mut |_| true,
            )?;
            let mut text = format!(
                "Built {} ({} pages, version {}) · sha256 {}",
                report.path, report.pages, report.version, report.sha256
            );
            for change in &report.changes {
                text += &format!("\nchange   {change}");
            }
            for warning in &report.warnings {
                text += &format!("\nwarning  {warning}");
            }
            Ok(Output {
                refused: false,
                text,
                json: json!({ "build": report }),
            })
        }
        BundleCommand::New {
            case_id,
            kind,
            title,
        } => {
            let bundle =
                store.create_bundle(case_id, BundleKind::parse(&kind)?, title.as_deref())?;
            Ok(Output {
                refused: false,
                text: bundle.id.to_string(),
                json: json!({ "bundle": bundle }),
            })
        }
        BundleCommand::List { case_id } => {
            let bundles = store.list_bundles(case_id)?;
            let text = if bundles.is_empty() {
                "No saved bundles. Make one with: casefile bundle new --case ID".into()
            } else {
                bundles
                    .iter()
                    .map(|b| {
                        format!(
                            "{}  {} ({}) · {} item(s) · {} version(s)",
                            b.id,
                            b.title,
                            b.kind.as_str(),
                            b.sections.iter().map(|s| s.items.len()).sum::<usize>(),
                            b.versions.len()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                refused: false,
                text,
                json: json!({ "bundles": bundles }),
            })
        }
        BundleCommand::Show { bundle_id } => Ok(show(store.bundle(bundle_id)?)),
        BundleCommand::Check {
            bundle_id,
            case_id,
            kind,
        } => {
            let bundle = match (bundle_id, case_id) {
                (Some(id), _) => store.bundle(id)?,
                (None, Some(case_id)) => store.plan_for(case_id, BundleKind::parse(&kind)?)?,
                (None, None) => {
                    return Err(CoreError::Invalid {
                        field: "bundle",
                        message: "Say which bundle to check: --bundle ID, or --case ID for the case's own.".into(),
                    });
                }
            };
            let check = store.check_bundle(&bundle, today())?;
            Ok(Output {
                refused: false,
                text: check_text(&bundle, &check),
                json: json!(check),
            })
        }
        BundleCommand::Add {
            bundle_id,
            section,
            document_id,
            generated,
        } => {
            let source = match (&generated, document_id) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(CoreError::Invalid {
                        field: "doc",
                        message: "Give either --doc ID or --generated chronology|shortfall|correspondence.".into(),
                    });
                }
                (None, Some(_)) => ItemSource::Document,
                (Some(g), None) => match g.trim().to_lowercase().as_str() {
                    "chronology" => ItemSource::Chronology,
                    "shortfall" => ItemSource::Shortfall,
                    "correspondence" => ItemSource::Correspondence,
                    other => {
                        return Err(CoreError::Invalid {
                            field: "generated",
                            message: format!(
                                "“{other}” is not a generated document. Use chronology, shortfall or correspondence."
                            ),
                        });
                    }
                },
            };
            Ok(show(store.add_bundle_item(
                bundle_id,
                &section,
                source,
                document_id,
            )?))
        }
        BundleCommand::Remove { item_id } => Ok(show(store.remove_bundle_item(item_id)?)),
        BundleCommand::SectionAdd {
            bundle_id,
            letter,
            title,
            limit,
            part,
        } => Ok(show(store.add_bundle_section(
            bundle_id,
            &letter,
            &title,
            limit,
            SectionPart::parse(&part)?,
        )?)),
        BundleCommand::SectionEdit {
            section_id,
            title,
            limit,
            part,
        } => {
            let part = match part {
                Some(part) => SectionPart::parse(&part)?,
                None => store.bundle_section(section_id)?.part,
            };
            Ok(show(
                store.update_bundle_section(section_id, &title, limit, part)?,
            ))
        }
        BundleCommand::SectionRemove { section_id } => {
            Ok(show(store.remove_bundle_section(section_id)?))
        }
        BundleCommand::Move {
            item_id,
            section,
            position,
        } => Ok(show(store.move_bundle_item(
            item_id,
            section.as_deref(),
            position.saturating_sub(1),
        )?)),
        BundleCommand::Kind { item_id, kind } => Ok(show(
            store.set_bundle_item_kind(item_id, EvidenceKind::parse(&kind)?)?,
        )),
        BundleCommand::Set {
            bundle_id,
            title,
            appeal,
        } => {
            let bundle = store.bundle(bundle_id)?;
            let title = title.unwrap_or(bundle.title);
            let appeal = appeal.or(bundle.appeal_type);
            Ok(show(store.update_bundle(
                bundle_id,
                &title,
                appeal.as_deref(),
            )?))
        }
    }
}

/// A check in words: each finding on its lines, what to do under it, then any SEND7 draft.
fn check_text(bundle: &Bundle, check: &BundleCheck) -> String {
    let counted = match check.hearing_date {
        Some(hearing) => format!("at the hearing, {}", long_date(hearing)),
        None => format!(
            "at {}, as no hearing date is recorded",
            long_date(check.counted_at)
        ),
    };
    let mut text = format!(
        "Checked “{}” against the Practice Direction; reports' ages are counted {counted}.",
        bundle.title
    );
    if check.findings.is_empty() {
        text += "
Nothing found: no page limit passed, no duplicates, blank pages, old or long reports, small type, email chains or unreadable scans.";
    }
    for finding in &check.findings {
        let kind = serde_json::to_value(finding.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        text += &format!(
            "
\n{kind:<22} {}\n{:<22} {}",
            finding.message, "", finding.action
        );
    }
    if let Some(send7) = &check.send7 {
        text += &format!("\n\n--- Draft request to the Tribunal (SEND7) ---\n{send7}");
    }
    text
}
