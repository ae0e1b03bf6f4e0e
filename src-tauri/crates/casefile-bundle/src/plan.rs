//! From a bundle plan (saved, or the default one) to a built PDF: the family's documents read
//! from the store (each checked against its fingerprint), the generated documents laid out (the
//! chronology, the shortfall table, the correspondence log), the file written atomically and the
//! version recorded with its page map.

use std::collections::BTreeMap;
use std::path::Path;

use casefile_core::{
    Bundle, BundleKind, CoreError, Direction, EvidenceKind, ItemSource, Store, write_atomically,
};
use chrono::NaiveDate;
use serde::Serialize;

use crate::bundle::{
    BuildError, BuiltBundle, BundleSpec, ItemKind, ItemSpec, MapEntry, Progress, SectionSpec,
    Source, build_bundle, day,
};
use crate::shortfall::shortfall_pages;
use crate::table_pdf::{Table, table_pages};
use crate::text_pdf::text_pages;

/// Why a bundle could not be built from a plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Build(#[from] BuildError),
}

impl From<crate::BundleError> for PlanError {
    fn from(e: crate::BundleError) -> Self {
        PlanError::Build(e.into())
    }
}

/// "45 min", "6 h", "1 h 5 min".
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Every dated event of the case as table rows: date, what happened, who, status.
fn chronology_rows(
    store: &Store,
    case_id: i64,
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, [String; 3])>, CoreError> {
    let mut rows: Vec<(NaiveDate, [String; 3])> = Vec::new();
    for doc in store.list_documents(case_id)? {
        if let Some(date) = doc.document_date {
            rows.push((
                date,
                [
                    format!("Document: {}", doc.title),
                    String::new(),
                    String::new(),
                ],
            ));
        }
    }
    for entry in store.list_entries(case_id)? {
        let way = match entry.direction {
            Direction::In => "received",
            Direction::Out => "sent",
        };
        let what = match &entry.subject {
            Some(subject) => format!("{} {way}: {subject}", entry.channel.words()),
            None => format!("{} {way}", entry.channel.words()),
        };
        rows.push((
            entry.occurred_on,
            [
                what,
                entry.party_name.clone().unwrap_or_default(),
                String::new(),
            ],
        ));
    }
    for item in store.case_deadlines(case_id, today)? {
        let d = &item.deadline;
        let Some(due) = d.due else { continue };
        use casefile_core::rules::clock::DeadlineStatus as S;
        let status = match (d.status, d.met_on) {
            (S::Met, Some(on)) => format!("Done {}", day(on)),
            (S::MetLate, Some(on)) => format!("Done late, {}", day(on)),
            (S::Missed, _) => "Missed".to_owned(),
            (S::Overdue, _) => "Overdue".to_owned(),
            (S::LimitLifted, _) => "Time limit lifted".to_owned(),
            (S::NotApplicable, _) => continue,
            _ => "Not yet due".to_owned(),
        };
        let status = if d.breach {
            format!("{status} (breach)")
        } else {
            status
        };
        rows.push((
            due,
            [
                format!("Due: {} ({})", d.title, item.process_title),
                d.who_label.clone(),
                status,
            ],
        ));
    }
    let report = store.provision_report(case_id, None, None, today)?;
    for line in &report.lines {
        for month in &line.by_month {
            let t = &month.tally;
            if t.missed_by_provider > 0 || t.shortfall_minutes > 0 {
                rows.push((
                    month.to,
                    [
                        if t.missed_by_provider > 0 {
                            format!(
                                "{}: {} of {} sessions not delivered in {}",
                                line.provision.title,
                                t.missed_by_provider,
                                t.expected_sessions,
                                month.label
                            )
                        } else {
                            format!(
                                "{}: sessions cut short in {}",
                                line.provision.title, month.label
                            )
                        },
                        line.provision.provider.clone().unwrap_or_default(),
                        format!("{} short", duration(t.shortfall_minutes)),
                    ],
                ));
            }
        }
    }
    rows.sort_by_key(|(date, _)| *date);
    Ok(rows)
}

fn chronology_pdf(
    store: &Store,
    case_id: i64,
    child: &str,
    today: NaiveDate,
) -> Result<Vec<u8>, PlanError> {
    let rows: Vec<Vec<String>> = chronology_rows(store, case_id, today)?
        .into_iter()
        .map(|(date, [what, who, status])| vec![day(date), what, who, status])
        .collect();
    let rows = if rows.is_empty() {
        vec![vec![
            String::new(),
            "No dated events recorded yet.".to_owned(),
            String::new(),
            String::new(),
        ]]
    } else {
        rows
    };
    let title = format!("Chronology: {child}");
    Ok(table_pages(
        &Table {
            title: &title,
            intro: vec![format!(
                "Every dated event in the case file as of {}: documents, correspondence, statutory deadlines (with whether they were met) and months when provision in the EHC plan was not delivered.",
                day(today)
            )],
            headers: ["Date", "What happened", "Who", "Status"].map(String::from).to_vec(),
            widths_mm: vec![28.0, 150.0, 55.0, 34.0],
            rows,
            bold_rows: Vec::new(),
        },
        false,
    )?
    .bytes)
}

fn correspondence_pdf(store: &Store, case_id: i64, child: &str) -> Result<Vec<u8>, PlanError> {
    let mut entries = store.list_entries(case_id)?;
    entries.reverse();
    let mut text = String::new();
    for entry in &entries {
        let way = match entry.direction {
            Direction::In => "received",
            Direction::Out => "sent",
        };
        text += &format!(
            "{}{} — {} {way}{}\n",
            day(entry.occurred_on),
            entry
                .occurred_time
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default(),
            entry.channel.words(),
            entry
                .party_name
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default(),
        );
        if let Some(subject) = &entry.subject {
            text += &format!("Subject: {subject}\n");
        }
        if !entry.note.trim().is_empty() {
            text += &format!("{}\n", entry.note.trim());
        }
        if !entry.documents.is_empty() {
            text += &format!(
                "Documents: {}\n",
                entry
                    .documents
                    .iter()
                    .map(|d| d.title.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        text += &format!(
            "(Note written {}{}.)\n\n",
            entry
                .note_written_at
                .replace('T', " ")
                .chars()
                .take(16)
                .collect::<String>(),
            if entry.note_versions > 1 {
                format!(
                    "; version {} of {}, earlier versions kept",
                    entry.note_versions, entry.note_versions
                )
            } else {
                String::new()
            }
        );
    }
    if entries.is_empty() {
        text = "No correspondence has been logged.".to_owned();
    }
    let heading = format!("Correspondence log: {child}");
    Ok(text_pages(&heading, Some(&heading), &text, false)?.bytes)
}

/// The spec to build `bundle` on `build_date` as `version`.
pub fn spec_for(
    store: &Store,
    bundle: &Bundle,
    build_date: NaiveDate,
    version: u32,
) -> Result<BundleSpec, PlanError> {
    let case = store.case(bundle.case_id)?;
    let office = crate::convert::find_office();
    let mut sections = Vec::with_capacity(bundle.sections.len());
    for section in &bundle.sections {
        let mut items = Vec::with_capacity(section.items.len());
        for item in &section.items {
            let (key, source, sha256) = match (item.source, item.document_id) {
                (ItemSource::Document, Some(id)) => {
                    let bytes = store.document_bytes(id)?;
                    let media = item.media_type.as_deref().unwrap_or("");
                    let source = match media {
                        "application/pdf" => Source::Pdf(bytes),
                        "image/jpeg" => Source::Jpeg(bytes),
                        "image/png" => Source::Png(bytes),
                        casefile_core::DOCX_MEDIA_TYPE => Source::Pdf(crate::convert::word_to_pdf(
                            office.as_deref(),
                            &bytes,
                            &item.title,
                        )?),
                        _ => {
                            let text = store.document_text(id)?;
                            Source::Pdf(
                                text_pages(&item.title, Some(&item.title), &text, false)?.bytes,
                            )
                        }
                    };
                    (format!("doc:{id}"), source, item.sha256.clone())
                }
                (ItemSource::Chronology, _) => (
                    "chronology".to_owned(),
                    Source::Pdf(chronology_pdf(
                        store,
                        case.id,
                        &case.child_name,
                        build_date,
                    )?),
                    None,
                ),
                (ItemSource::Shortfall, _) => {
                    let report = store.provision_report(case.id, None, None, build_date)?;
                    (
                        "shortfall".to_owned(),
                        Source::Pdf(shortfall_pages(&report, &case.child_name, false)?.bytes),
                        None,
                    )
                }
                (ItemSource::Correspondence, _) | (ItemSource::Document, None) => (
                    "correspondence".to_owned(),
                    Source::Pdf(correspondence_pdf(store, case.id, &case.child_name)?),
                    None,
                ),
            };
            items.push(ItemSpec {
                key,
                title: item.title.clone(),
                date: item
                    .date
                    .or((item.source != ItemSource::Document).then_some(build_date)),
                author: if item.source == ItemSource::Document {
                    item.author.clone()
                } else {
                    Some("Prepared by the family with Casefile".to_owned())
                },
                kind: match item.kind {
                    EvidenceKind::ExpertReport => ItemKind::ExpertReport,
                    EvidenceKind::WitnessStatement => ItemKind::WitnessStatement,
                    EvidenceKind::Other => ItemKind::Other,
                },
                source,
                sha256,
            });
        }
        sections.push(SectionSpec {
            letter: section.letter.clone(),
            title: section.title.clone(),
            page_limit: section.page_limit.map(|l| l as usize),
            items,
        });
    }
    let mut facts = vec![("Child".to_owned(), case.child_name.clone())];
    if let Some(dob) = case.date_of_birth {
        facts.push(("Date of birth".to_owned(), day(dob)));
    }
    if let Some(la) = &case.local_authority {
        facts.push(("Local authority".to_owned(), la.clone()));
    }
    if let Some(reference) = &case.tribunal_reference {
        facts.push(("Tribunal reference".to_owned(), reference.clone()));
    }
    if let Some(appeal) = casefile_core::appeal_types()
        .into_iter()
        .find(|t| Some(&t.key) == bundle.appeal_type.as_ref())
    {
        facts.push(("Appeal".to_owned(), appeal.label));
    }
    Ok(BundleSpec {
        title: bundle.title.clone(),
        cover_facts: facts,
        build_date,
        version,
        sections,
        total_limit: bundle.total_limit.map(|l| l as usize),
    })
}

/// Pages of one item, as the plan screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ItemPages {
    #[ts(type = "number")]
    pub item_id: i64,
    pub pages: u32,
}

/// Pages of one section against its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SectionPages {
    pub letter: String,
    pub pages: u32,
    pub limit: Option<u32>,
}

/// A plan with its page counts and the Practice Direction's warnings, worked out from the real
/// documents (and the generated ones laid out), so the family sees budgets before building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PlanOverview {
    pub bundle: Bundle,
    pub items: Vec<ItemPages>,
    pub sections: Vec<SectionPages>,
    /// Pages of the documents, without the cover and index.
    pub document_pages: u32,
    pub warnings: Vec<String>,
    pub appeal_types: Vec<casefile_core::AppealType>,
}

/// Counts every item's pages and checks the limits.
pub fn plan_overview(
    store: &Store,
    bundle: &Bundle,
    today: NaiveDate,
) -> Result<PlanOverview, PlanError> {
    let spec = spec_for(store, bundle, today, 1)?;
    let mut items = Vec::new();
    let mut per_section = Vec::new();
    let mut sections = Vec::new();
    for (plan_section, spec_section) in bundle.sections.iter().zip(&spec.sections) {
        let mut counts = Vec::new();
        for (plan_item, spec_item) in plan_section.items.iter().zip(&spec_section.items) {
            let pages = match (plan_item.pages, &spec_item.source) {
                (Some(pages), _) => pages as usize,
                (None, Source::Pdf(bytes)) => lopdf::Document::load_mem(bytes)
                    .map(|d| d.get_pages().len())
                    .unwrap_or(0),
                (None, _) => 1,
            };
            counts.push(pages);
            items.push(ItemPages {
                item_id: plan_item.id,
                pages: pages as u32,
            });
        }
        sections.push(SectionPages {
            letter: plan_section.letter.clone(),
            pages: counts.iter().sum::<usize>() as u32,
            limit: plan_section.page_limit,
        });
        per_section.push(counts);
    }
    let document_pages = sections.iter().map(|s| s.pages).sum();
    Ok(PlanOverview {
        warnings: crate::bundle::warnings(&spec, &per_section),
        bundle: bundle.clone(),
        items,
        sections,
        document_pages,
        appeal_types: casefile_core::appeal_types(),
    })
}

/// What a build made, for the person who asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BuildReport {
    /// The version recorded (a saved plan), or 1 for the default plan.
    pub version: u32,
    pub pages: u32,
    pub sha256: String,
    pub path: String,
    pub warnings: Vec<String>,
    /// What changed since the previous version, in words.
    pub changes: Vec<String>,
    pub kept_references: bool,
}

/// What changed between two page maps, in words.
pub fn changes(previous: &[MapEntry], now: &[MapEntry]) -> Vec<String> {
    let before: BTreeMap<&str, &MapEntry> = previous.iter().map(|e| (e.key.as_str(), e)).collect();
    let after: BTreeMap<&str, &MapEntry> = now.iter().map(|e| (e.key.as_str(), e)).collect();
    let range = |e: &MapEntry| match (e.labels.first(), e.labels.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.clone(),
        _ => String::new(),
    };
    let mut out = Vec::new();
    for entry in now {
        match before.get(entry.key.as_str()) {
            None => out.push(format!("Added “{}” ({})", entry.title, range(entry))),
            Some(old) if old.labels != entry.labels => out.push(format!(
                "“{}” moved from {} to {}",
                entry.title,
                range(old),
                range(entry)
            )),
            Some(old) if old.sha256 != entry.sha256 => {
                out.push(format!(
                    "“{}” has new content ({})",
                    entry.title,
                    range(entry)
                ));
            }
            Some(_) => {}
        }
    }
    for entry in previous {
        if !after.contains_key(entry.key.as_str()) {
            out.push(format!("Removed “{}” (was {})", entry.title, range(entry)));
        }
    }
    out
}

/// Builds `bundle` into `out` (written atomically) and, for a saved plan, records the version.
/// With `keep_references`, section page labels of the latest version are kept (D12A).
pub fn build_to_file(
    store: &mut Store,
    bundle: &Bundle,
    out: &Path,
    build_date: NaiveDate,
    keep_references: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<BuildReport, PlanError> {
    let latest = bundle.versions.last();
    let previous: Option<Vec<MapEntry>> =
        latest.and_then(|v| serde_json::from_str(&v.page_map).ok());
    let version = latest.map_or(1, |v| v.version + 1);
    let spec = spec_for(store, bundle, build_date, version)?;
    let kept = keep_references && previous.is_some();
    let built: BuiltBundle = build_bundle(
        &spec,
        if kept { previous.as_deref() } else { None },
        progress,
    )?;
    write_atomically(out, &built.bytes)?;
    let page_map =
        serde_json::to_string(&built.map).map_err(|e| BuildError::Internal(e.to_string()))?;
    let path = out.to_string_lossy().into_owned();
    let pages = u32::try_from(built.pages).unwrap_or(u32::MAX);
    let version = if bundle.id > 0 {
        store.record_bundle_version(
            bundle.id,
            build_date,
            pages,
            &built.sha256,
            &page_map,
            Some(&path),
            kept,
        )?
    } else {
        1
    };
    Ok(BuildReport {
        version,
        pages,
        sha256: built.sha256,
        path,
        warnings: built.warnings,
        changes: previous
            .map(|p| changes(&p, &built.map))
            .unwrap_or_default(),
        kept_references: kept,
    })
}

/// The plan for `kind` a build without a saved plan uses: the case's latest saved bundle of that
/// kind, or the default plan (every document in date order).
pub fn plan_for(store: &Store, case_id: i64, kind: BundleKind) -> Result<Bundle, CoreError> {
    match store
        .list_bundles(case_id)?
        .into_iter()
        .find(|b| b.kind == kind)
    {
        Some(bundle) => Ok(bundle),
        None => store.default_bundle(case_id, kind),
    }
}
