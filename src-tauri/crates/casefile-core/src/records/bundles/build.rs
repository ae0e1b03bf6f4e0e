//! From a bundle plan (saved, or the default one) to a built PDF, in three steps so that the
//! store is held only while it is read and written, never while pages are made:
//!
//! 1. [`Store::bundle_job`] reads what the build needs: every document's bytes (each checked
//!    against its fingerprint), the generated documents laid out (chronology, shortfall table,
//!    correspondence log) and the previous version's page map;
//! 2. [`BundleJob::build`] turns Word files into pages (LibreOffice), has the PDF engine make the
//!    bundle and writes it atomically, with no store at all (so Lock and the idle lock take
//!    effect at once; a cancelled build writes nothing);
//! 3. [`Store::record_bundle_build`] records the version with its page map.
//!
//! [`Store::build_bundle_to_file`] does all three, for callers that hold the store throughout.

use std::collections::BTreeMap;
use std::path::Path;

use casefile_pdf::{
    BuildError, BundleSpec, ItemKind, ItemSpec, MapEntry, Progress, SectionSpec, Source,
    build_bundle, day, page_count, text_pages, warnings,
};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::generated::{chronology_pdf, correspondence_pdf, shortfall_pages};
use super::{AppealType, Bundle, BundleKind, EvidenceKind, ItemSource, appeal_types};
use crate::error::{CoreError, Result};
use crate::folder::durable::write_atomically;
use crate::outside::convert;
use crate::records::documents::DOCX_MEDIA_TYPE;
use crate::store::Store;

/// A spec with every source in place, the earlier page map, whether to keep its labels, and the
/// documents the contained reader read for it.
type ReadySpec = (BundleSpec, Option<Vec<MapEntry>>, bool, Vec<i64>);

/// A source as read from the store: ready for the PDF engine, or a Word file that becomes pages
/// only when the job runs (a conversion can take minutes and needs no store).
#[derive(Debug)]
enum JobSource {
    Ready(Source),
    Word(Vec<u8>),
    /// A stored PDF not yet read by the contained reader (stored before it existed): read there
    /// first, then used. The number is the document's.
    Unvetted(Vec<u8>, i64),
    /// A scanned PDF with the words OCR read on it: built with them as an invisible text layer.
    Scanned(Vec<u8>, Vec<casefile_pdf::reader::PageWords>),
    /// A photo (JPEG when true, else PNG) with the words OCR read on it: built as its page
    /// with them as an invisible text layer.
    Photo(Vec<u8>, bool, Vec<casefile_pdf::reader::PageWords>),
}

/// Everything one build needs, read from the store; building it needs the store no more.
#[derive(Debug)]
pub struct BundleJob {
    pub(super) bundle: Bundle,
    pub(super) spec: BundleSpec,
    /// One per item of `spec`, in order: its source until the job runs.
    sources: Vec<Vec<JobSource>>,
    previous: Option<Vec<MapEntry>>,
    keep_references: bool,
}

/// A bundle written to its file, waiting to be recorded as a version.
#[derive(Debug)]
pub struct BuiltFile {
    bundle_id: i64,
    build_date: NaiveDate,
    pages: u32,
    sha256: String,
    page_map: Vec<MapEntry>,
    previous: Option<Vec<MapEntry>>,
    path: String,
    warnings: Vec<String>,
    kept_references: bool,
    /// Documents the contained reader read for this build (recorded, so once is enough).
    vetted: Vec<i64>,
}

/// Pages of one item, as the plan screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ItemPages {
    #[ts(type = "number")]
    pub item_id: i64,
    pub pages: u32,
}

/// Pages of one section against its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SectionPages {
    pub letter: String,
    pub pages: u32,
    pub limit: Option<u32>,
}

/// A plan with its page counts and the Practice Direction's warnings, worked out from the real
/// documents (and the generated ones laid out), so the family sees budgets before building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanOverview {
    pub bundle: Bundle,
    pub items: Vec<ItemPages>,
    pub sections: Vec<SectionPages>,
    /// Pages of the documents, without the cover and index.
    pub document_pages: u32,
    /// Pages of the sections holding the family's own evidence: what the appeal type's limit
    /// counts (not the core papers, the plan, the working document or the council's evidence).
    pub evidence_pages: u32,
    pub warnings: Vec<String>,
    pub appeal_types: Vec<AppealType>,
}

/// What a build made, for the person who asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

impl Store {
    /// Step 1: reads what building `bundle` on `build_date` needs (see the module notes). With
    /// `keep_references`, the latest version's section page labels are kept (D12A).
    pub fn bundle_job(
        &self,
        bundle: &Bundle,
        build_date: NaiveDate,
        keep_references: bool,
    ) -> Result<BundleJob> {
        let latest = bundle.versions.last();
        let previous: Option<Vec<MapEntry>> =
            latest.and_then(|v| serde_json::from_str(&v.page_map).ok());
        let version = latest.map_or(1, |v| v.version + 1);
        let case = self.case(bundle.case_id)?;
        let mut sections = Vec::with_capacity(bundle.sections.len());
        let mut sources = Vec::with_capacity(bundle.sections.len());
        for section in &bundle.sections {
            let mut items = Vec::with_capacity(section.items.len());
            let mut section_sources = Vec::with_capacity(section.items.len());
            for item in &section.items {
                // A document with a redacted copy goes in as that copy, and the index says so.
                let redacted = match (item.source, item.document_id) {
                    (ItemSource::Document, Some(id)) => self
                        .redacted_version(id)?
                        .map(|r| self.document(r))
                        .transpose()?,
                    _ => None,
                };
                let (key, source, sha256) = match (item.source, item.document_id) {
                    (ItemSource::Document, Some(original)) => {
                        let id = redacted.as_ref().map_or(original, |r| r.id);
                        let bytes = self.document_bytes(id)?;
                        let media = match &redacted {
                            Some(r) => r.media_type.as_str(),
                            None => item.media_type.as_deref().unwrap_or(""),
                        };
                        let (read_contained, ocr_words): (bool, Option<String>) =
                            self.conn.query_row(
                                "SELECT read_contained, ocr_words FROM documents WHERE id = ?1",
                                [id],
                                |r| Ok((r.get(0)?, r.get(1)?)),
                            )?;
                        let scanned = ocr_words
                            .and_then(|w| {
                                serde_json::from_str::<Vec<casefile_pdf::reader::PageWords>>(&w)
                                    .ok()
                            })
                            .filter(|pages| pages.iter().any(|p| !p.words.is_empty()));
                        let source = match media {
                            "application/pdf" if !read_contained => JobSource::Unvetted(bytes, id),
                            "application/pdf" if scanned.is_some() => {
                                JobSource::Scanned(bytes, scanned.unwrap_or_default())
                            }
                            "application/pdf" => JobSource::Ready(Source::Pdf(bytes)),
                            "image/jpeg" | "image/png" if scanned.is_some() => JobSource::Photo(
                                bytes,
                                media == "image/jpeg",
                                scanned.unwrap_or_default(),
                            ),
                            "image/jpeg" => JobSource::Ready(Source::Jpeg(bytes)),
                            "image/png" => JobSource::Ready(Source::Png(bytes)),
                            DOCX_MEDIA_TYPE => JobSource::Word(bytes),
                            _ => {
                                let text = self.document_text(id)?;
                                JobSource::Ready(Source::Pdf(
                                    text_pages(&item.title, Some(&item.title), &text, false)?.bytes,
                                ))
                            }
                        };
                        let sha256 = match &redacted {
                            Some(r) => Some(r.sha256.clone()),
                            None => item.sha256.clone(),
                        };
                        // Keyed by the original, so a redaction reads as new content of the same
                        // document between versions of the bundle.
                        (format!("doc:{original}"), source, sha256)
                    }
                    (ItemSource::Chronology, _) => (
                        "chronology".to_owned(),
                        JobSource::Ready(Source::Pdf(chronology_pdf(
                            self,
                            case.id,
                            &case.child_name,
                            build_date,
                        )?)),
                        None,
                    ),
                    (ItemSource::Shortfall, _) => {
                        let report = self.provision_report(case.id, None, None, build_date)?;
                        (
                            "shortfall".to_owned(),
                            JobSource::Ready(Source::Pdf(
                                shortfall_pages(&report, &case.child_name, false)?.bytes,
                            )),
                            None,
                        )
                    }
                    (ItemSource::Correspondence, _) | (ItemSource::Document, None) => (
                        "correspondence".to_owned(),
                        JobSource::Ready(Source::Pdf(correspondence_pdf(
                            self,
                            case.id,
                            &case.child_name,
                        )?)),
                        None,
                    ),
                };
                section_sources.push(source);
                let title = match &redacted {
                    Some(_) if !item.title.ends_with("(redacted)") => {
                        format!("{} (redacted)", item.title)
                    }
                    _ => item.title.clone(),
                };
                items.push(ItemSpec {
                    key,
                    title,
                    date: item
                        .date
                        .or((item.source != ItemSource::Document).then_some(build_date)),
                    author: if item.source == ItemSource::Document {
                        item.author.clone()
                    } else {
                        Some("the family (made with Casefile)".to_owned())
                    },
                    kind: match item.kind {
                        EvidenceKind::ExpertReport => ItemKind::ExpertReport,
                        EvidenceKind::WitnessStatement => ItemKind::WitnessStatement,
                        EvidenceKind::Other => ItemKind::Other,
                    },
                    // Filled in when the job runs.
                    source: Source::Pdf(Vec::new()),
                    sha256,
                });
            }
            sections.push(SectionSpec {
                letter: section.letter.clone(),
                title: section.title.clone(),
                page_limit: section.page_limit.map(|l| l as usize),
                counts_as_evidence: section.part == super::SectionPart::Evidence,
                items,
            });
            sources.push(section_sources);
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
        if let Some(appeal) = appeal_types()
            .into_iter()
            .find(|t| Some(&t.key) == bundle.appeal_type.as_ref())
        {
            facts.push(("Appeal".to_owned(), appeal.label));
        }
        Ok(BundleJob {
            bundle: bundle.clone(),
            spec: BundleSpec {
                title: bundle.title.clone(),
                cover_facts: facts,
                build_date,
                version,
                sections,
                total_limit: bundle.total_limit.map(|l| l as usize),
            },
            sources,
            keep_references: keep_references && previous.is_some(),
            previous,
        })
    }

    /// Step 3: records a built file as the plan's next version (a plan that is not saved, the
    /// default one, records nothing and is version 1).
    pub fn record_bundle_build(&mut self, built: BuiltFile) -> Result<BuildReport> {
        if !built.vetted.is_empty() {
            self.write(|tx| {
                for id in &built.vetted {
                    tx.execute(
                        "UPDATE documents SET read_contained = 1 WHERE id = ?1",
                        [id],
                    )?;
                }
                Ok(())
            })?;
        }
        let page_map = serde_json::to_string(&built.page_map)
            .map_err(|e| CoreError::Pdf(BuildError::Internal(e.to_string())))?;
        let version = if built.bundle_id > 0 {
            self.record_bundle_version(
                built.bundle_id,
                built.build_date,
                built.pages,
                &built.sha256,
                &page_map,
                Some(&built.path),
                built.kept_references,
            )?
        } else {
            1
        };
        Ok(BuildReport {
            version,
            pages: built.pages,
            changes: built
                .previous
                .map(|p| changes(&p, &built.page_map))
                .unwrap_or_default(),
            sha256: built.sha256,
            path: built.path,
            warnings: built.warnings,
            kept_references: built.kept_references,
        })
    }

    /// Builds `bundle` into `out` and records the version, holding the store throughout (the
    /// command line; the app runs the three steps itself so that it can lock in between).
    pub fn build_bundle_to_file(
        &mut self,
        bundle: &Bundle,
        out: &Path,
        build_date: NaiveDate,
        keep_references: bool,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<BuildReport> {
        let job = self.bundle_job(bundle, build_date, keep_references)?;
        let built = job.build(out, progress)?;
        self.record_bundle_build(built)
    }

    /// Counts every item's pages and checks the limits (see [`BundleJob::overview`]).
    pub fn plan_overview(&self, bundle: &Bundle, today: NaiveDate) -> Result<PlanOverview> {
        self.bundle_job(bundle, today, false)?.overview()
    }

    /// The plan for `kind` a build without a saved plan uses: the case's latest saved bundle of
    /// that kind, or the default plan (every document in date order).
    pub fn plan_for(&self, case_id: i64, kind: BundleKind) -> Result<Bundle> {
        match self
            .list_bundles(case_id)?
            .into_iter()
            .find(|b| b.kind == kind)
        {
            Some(bundle) => Ok(bundle),
            None => self.default_bundle(case_id, kind),
        }
    }
}

impl BundleJob {
    /// The bundle this job builds.
    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// The spec with every source in place: Word files turned into pages, asking `progress`
    /// before each (false: stop, cancelled).
    pub(super) fn into_spec(
        mut self,
        vet: bool,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ReadySpec> {
        let office = convert::find_office();
        let mut vetted = Vec::new();
        let words = self
            .sources
            .iter()
            .flatten()
            .filter(|s| matches!(s, JobSource::Word(_)))
            .count();
        let mut converted = 0;
        for (section, sources) in self.spec.sections.iter_mut().zip(self.sources) {
            for (item, source) in section.items.iter_mut().zip(sources) {
                item.source = match source {
                    JobSource::Ready(source) => source,
                    // The words go over the scan when the bundle is built; the plan screen only
                    // counts pages. A layer that cannot be added leaves the scan as it is.
                    JobSource::Scanned(bytes, pages) if vet => {
                        Source::Pdf(casefile_pdf::with_text_layer(&bytes, &pages).unwrap_or(bytes))
                    }
                    JobSource::Scanned(bytes, _) => Source::Pdf(bytes),
                    // A photo's page with its words; the picture alone if that cannot be made
                    // (the build then names the photo if it cannot be read at all).
                    JobSource::Photo(bytes, jpeg, pages) => {
                        let layered = if vet {
                            casefile_pdf::photo_with_text_layer(&bytes, jpeg, &pages)
                        } else {
                            None
                        };
                        match layered {
                            Some(pdf) => Source::Pdf(pdf),
                            None if jpeg => Source::Jpeg(bytes),
                            None => Source::Png(bytes),
                        }
                    }
                    JobSource::Unvetted(bytes, id) if vet => {
                        crate::records::documents::read::vet_pdf(&bytes, &item.title)?;
                        if crate::outside::worker::enabled() {
                            vetted.push(id);
                        }
                        Source::Pdf(bytes)
                    }
                    // The plan screen does not parse a file the contained reader has not read:
                    // it counts the pages stored at import (none: shown as 0 until a build).
                    JobSource::Unvetted(..) => Source::Pdf(Vec::new()),
                    JobSource::Word(bytes) => {
                        let go_on = progress(Progress {
                            done: converted,
                            total: words,
                            step: format!("Turning “{}” into pages", item.title),
                        });
                        if !go_on {
                            return Err(BuildError::Cancelled.into());
                        }
                        converted += 1;
                        Source::Pdf(convert::word_to_pdf(
                            office.as_deref(),
                            &bytes,
                            &item.title,
                        )?)
                    }
                };
            }
        }
        Ok((self.spec, self.previous, self.keep_references, vetted))
    }

    /// Step 2: makes the bundle and writes it to `out` atomically; nothing is written if any
    /// source is unusable or `progress` answers false (cancelled). Needs no store.
    pub fn build(
        self,
        out: &Path,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<BuiltFile> {
        let bundle_id = self.bundle.id;
        let build_date = self.spec.build_date;
        let (spec, previous, keep, vetted) = self.into_spec(true, progress)?;
        let built = build_bundle(
            &spec,
            if keep { previous.as_deref() } else { None },
            progress,
        )?;
        // The last chance to stop: a build cancelled (or locked) now writes nothing.
        if !progress(Progress {
            done: built.pages,
            total: built.pages,
            step: "Saving the bundle".into(),
        }) {
            return Err(BuildError::Cancelled.into());
        }
        write_atomically(out, &built.bytes)?;
        Ok(BuiltFile {
            bundle_id,
            build_date,
            pages: u32::try_from(built.pages).unwrap_or(u32::MAX),
            sha256: built.sha256,
            page_map: built.map,
            previous,
            path: out.to_string_lossy().into_owned(),
            warnings: built.warnings,
            kept_references: keep,
            vetted,
        })
    }

    /// Every item's pages against the limits and the Practice Direction's warnings, worked out
    /// from the real documents (and the generated ones laid out), so the family sees budgets
    /// before building. Needs no store.
    pub fn overview(self) -> Result<PlanOverview> {
        let bundle = self.bundle.clone();
        // The plan screen counts pages (stored counts first) and reads nothing new in process
        // beyond what it did before; the build reads unvetted files in the contained reader.
        let (spec, _, _, _) = self.into_spec(false, &mut |_| true)?;
        let mut items = Vec::new();
        let mut per_section = Vec::new();
        let mut sections = Vec::new();
        for (plan_section, spec_section) in bundle.sections.iter().zip(&spec.sections) {
            let mut counts = Vec::new();
            for (plan_item, spec_item) in plan_section.items.iter().zip(&spec_section.items) {
                let pages = match (plan_item.pages, &spec_item.source) {
                    (Some(pages), _) => pages as usize,
                    (None, Source::Pdf(bytes)) => page_count(bytes),
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
        let evidence_pages = bundle
            .sections
            .iter()
            .zip(&sections)
            .filter(|(plan, _)| plan.part == super::SectionPart::Evidence)
            .map(|(_, counted)| counted.pages)
            .sum();
        Ok(PlanOverview {
            warnings: warnings(&spec, &per_section),
            bundle,
            items,
            sections,
            document_pages,
            evidence_pages,
            appeal_types: appeal_types(),
        })
    }
}
