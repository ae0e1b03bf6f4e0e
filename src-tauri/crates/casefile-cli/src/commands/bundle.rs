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
        BundleCommand::Audit {
            case_id,
            file,
            against,
            password,
            letter,
            import_unmatched,
        } => audit(
            store,
            case_id,
            &file,
            against.as_deref(),
            password,
            letter.as_deref(),
            import_unmatched,
        ),
        BundleCommand::Pack {
            bundle_id,
            out,
            max_mb,
        } => {
            let job = store.pack_job(bundle_id, max_mb)?;
            let case_id = job.case_id();
            let pack = job.write(&out)?;
            let pack = store.record_submission(case_id, pack, today())?;
            let mut lines = vec![format!("Subject: {}", pack.subject)];
            for part in &pack.parts {
                lines.push(format!(
                    "part       {} · bundle pages {}–{} · {:.1} MB · sha256 {}",
                    part.file_name,
                    part.pages[0],
                    part.pages[1],
                    part.bytes as f64 / 1_000_000.0,
                    part.sha256
                ));
            }
            for title in &pack.split_documents {
                lines.push(format!("note       “{title}” is too large for one email, so it is split between parts at a page."));
            }
            lines.push(format!(
                "Wrote {} part{}, {} email text{} and the manifest to {}. Recorded in the correspondence log (entry {}).",
                pack.parts.len(),
                if pack.parts.len() == 1 { "" } else { "s" },
                pack.emails.len(),
                if pack.emails.len() == 1 { "" } else { "s" },
                pack.folder,
                pack.entry_id.unwrap_or_default()
            ));
            Ok(Output {
                refused: false,
                text: lines.join("\n"),
                json: json!({ "pack": pack }),
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

/// Reads a council bundle from `path` for the audit, telling the terminal what it is doing.
fn read_council_file(
    path: &std::path::Path,
    password: Option<&str>,
    engine: Option<&casefile_core::outside::ocr::OcrEngine>,
) -> Result<(CouncilBundle, Vec<u8>), CoreError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| CoreError::Invalid {
        field: "file",
        message: format!("{name} could not be read ({e})."),
    })?;
    let mut last = String::new();
    let council = read_council_bundle(&bytes, &name, password, engine, &mut |p| {
        if p.step != last {
            eprintln!("{}", p.step);
            last.clone_from(&p.step);
        }
        true
    })?;
    Ok((council, bytes))
}

fn pages_text(run: [u32; 2]) -> String {
    if run[0] == run[1] {
        format!("page {}", run[0])
    } else {
        format!("pages {}–{}", run[0], run[1])
    }
}

fn numbers_text(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn audit(
    store: &mut Store,
    case_id: i64,
    file: &std::path::Path,
    against: Option<&std::path::Path>,
    password: bool,
    letter: Option<&std::path::Path>,
    import_unmatched: bool,
) -> Result<Output, CoreError> {
    let password = if password {
        Some(
            crate::secrets::secret("CASEFILE_PDF_PASSWORD", "The bundle's password: ", false)?
                .ok_or_else(|| {
                    crate::secrets::no_secret("the bundle's password", "CASEFILE_PDF_PASSWORD")
                })?,
        )
    } else {
        None
    };
    let password = password.as_deref().map(String::as_str);
    let job = store.audit_job(case_id)?;
    let engine = casefile_core::outside::ocr::OcrEngine::find().ok();
    let (council, bytes) = read_council_file(file, password, engine.as_ref())?;
    let report = job.run(&council);
    let versions = match against {
        Some(earlier) => {
            let (old, _) = read_council_file(earlier, password, engine.as_ref())?;
            Some(compare_bundle_versions(&old, &council))
        }
        None => None,
    };
    let mut lines = Vec::new();
    for doc in &report.documents {
        let at = doc
            .ranges
            .iter()
            .map(|r| pages_text(*r))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(match doc.status {
            AuditStatus::Found => format!("found      “{}” · bundle {at}", doc.title),
            AuditStatus::Different => {
                let mut what = Vec::new();
                if !doc.missing_pages.is_empty() {
                    what.push(format!("its page(s) {} not there", numbers_text(&doc.missing_pages)));
                }
                if !doc.changed_pages.is_empty() {
                    what.push(format!("its page(s) {} changed", numbers_text(&doc.changed_pages)));
                }
                format!("different  “{}” · bundle {at} · {}", doc.title, what.join("; "))
            }
            AuditStatus::Missing if !doc.readable => format!(
                "unknown    “{}” · Casefile holds no words of it, so look for it in the bundle by eye",
                doc.title
            ),
            AuditStatus::Missing => format!("missing    “{}”", doc.title),
        });
    }
    for run in &report.unmatched {
        let title = run
            .title
            .as_deref()
            .map(|t| format!(" (“{t}”)"))
            .unwrap_or_default();
        if run.index {
            lines.push(format!(
                "index      bundle {}{title}: the bundle's own cover and index",
                pages_text(run.pages)
            ));
        } else {
            lines.push(format!(
                "unmatched  bundle {}{title}: matches nothing in the case file",
                pages_text(run.pages)
            ));
        }
    }
    if !report.unread_pages.is_empty() {
        lines.push(format!(
            "unread     bundle page(s) {}: scans whose words could not be read; check them by eye",
            numbers_text(&report.unread_pages)
        ));
    }
    if let Some(v) = &versions {
        for m in &v.moved {
            lines.push(format!(
                "moved      {} of {} {} now {} of {}",
                pages_text(m.old),
                v.old_file,
                if m.old[0] == m.old[1] { "is" } else { "are" },
                pages_text(m.new),
                v.new_file
            ));
        }
        for r in &v.removed {
            lines.push(format!(
                "removed    {} of {} are not in {}",
                pages_text(*r),
                v.old_file,
                v.new_file
            ));
        }
        for r in &v.added {
            lines.push(format!(
                "added      {} of {} are new",
                pages_text(*r),
                v.new_file
            ));
        }
    }
    let count = |s: AuditStatus| {
        report
            .documents
            .iter()
            .filter(|d| d.status == s && d.readable)
            .count()
    };
    let unknown = report.unmatched.iter().filter(|u| !u.index).count();
    lines.push(format!(
        "Of {} documents in the case file: {} found whole, {} in part or changed, {} missing. {} run{} of the bundle's {} pages match{} nothing in the case file.",
        report.documents.len(),
        count(AuditStatus::Found),
        count(AuditStatus::Different),
        count(AuditStatus::Missing),
        unknown,
        if unknown == 1 { "" } else { "s" },
        report.page_count,
        if unknown == 1 { "es" } else { "" },
    ));
    let draft = audit_letter(&job, &report, versions.as_ref(), today());
    if let Some(path) = letter {
        match &draft {
            Some(text) => {
                casefile_core::save_text(path, text)?;
                lines.push(format!("Saved the draft letter to {}.", path.display()));
            }
            None => {
                lines.push("The audit found nothing to raise, so no letter was written.".into())
            }
        }
    }
    let mut imported = Vec::new();
    if import_unmatched {
        for run in report.unmatched.iter().filter(|u| !u.index) {
            match store.import_council_pages(case_id, &bytes, &report.file, password, run)? {
                ImportOutcome::Imported { document, .. } => {
                    lines.push(format!(
                        "imported   bundle {} as #{} “{}”",
                        pages_text(run.pages),
                        document.id,
                        document.title
                    ));
                    imported.push(json!({ "pages": run.pages, "document_id": document.id }));
                }
                ImportOutcome::AlreadyThere { document } => {
                    lines.push(format!(
                        "imported   bundle {}: already here, as #{}",
                        pages_text(run.pages),
                        document.id
                    ));
                    imported.push(json!({ "pages": run.pages, "document_id": document.id }));
                }
                ImportOutcome::Refused { message } | ImportOutcome::NeedsPassword { message } => {
                    lines.push(format!(
                        "refused    bundle {}: {message}",
                        pages_text(run.pages)
                    ));
                }
            }
        }
    }
    let mut value = json!(report);
    value["versions"] = json!(versions);
    value["letter"] = json!(draft);
    value["imported"] = json!(imported);
    Ok(Output {
        refused: false,
        text: lines.join("\n"),
        json: value,
    })
}
