//! Evidence bundle plans: lettered sections holding ordered items (the family's
//! documents and generated documents such as the chronology), the Practice Direction's page
//! limits, and the versions built from a plan. Building the PDF is casefile-bundle's job; this
//! module keeps what the family chose and what was built.

mod build;
mod check;
pub mod council;
pub mod generated;
pub mod pack;

pub use build::{
    BuildReport, BuiltFile, BundleJob, ItemPages, PlanOverview, SectionPages, changes,
};
pub use check::{BundleCheck, CheckJob, Finding, FindingKind};
pub use council::{
    AuditJob, AuditProgress, AuditStatus, AuditedDocument, BundleAudit, BundleVersions,
    CouncilBundle, MovedPages, UnmatchedPages, audit_letter, compare_bundle_versions,
    council_pages_copy, read_council_bundle,
};
pub use pack::{MAX_EMAIL_MB, MIN_EMAIL_MB, PackJob, PackPart, SubmissionPack};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::store::{Store, now_timestamp};

/// What a bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum BundleKind {
    /// The family's evidence for a Tribunal appeal, within the per-party page limit.
    Evidence,
    /// A full hearing bundle, sections A–E.
    Hearing,
    /// A complaint to the council or the Ombudsman.
    Complaint,
}

impl BundleKind {
    pub fn parse(text: &str) -> Result<BundleKind> {
        match text.trim().to_lowercase().as_str() {
            "evidence" => Ok(BundleKind::Evidence),
            "hearing" => Ok(BundleKind::Hearing),
            "complaint" | "ombudsman" => Ok(BundleKind::Complaint),
            other => Err(CoreError::invalid(
                "kind",
                format!("“{other}” is not a kind of bundle. Use evidence, hearing or complaint."),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Evidence => "evidence",
            BundleKind::Hearing => "hearing",
            BundleKind::Complaint => "complaint",
        }
    }

    /// The title a new bundle of this kind starts with.
    pub fn default_title(self) -> &'static str {
        match self {
            BundleKind::Evidence => "Evidence bundle for the appeal",
            BundleKind::Hearing => "Hearing bundle",
            BundleKind::Complaint => "Complaint pack",
        }
    }
}

/// Where an item's pages come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ItemSource {
    /// One of the case's documents.
    Document,
    /// Every dated event of the case in one table (generated).
    Chronology,
    /// The provision shortfall table (generated).
    Shortfall,
    /// The correspondence log with call and meeting notes (generated).
    Correspondence,
}

impl ItemSource {
    fn as_str(self) -> &'static str {
        match self {
            ItemSource::Document => "document",
            ItemSource::Chronology => "chronology",
            ItemSource::Shortfall => "shortfall",
            ItemSource::Correspondence => "correspondence",
        }
    }

    fn from_db(text: &str) -> ItemSource {
        match text {
            "chronology" => ItemSource::Chronology,
            "shortfall" => ItemSource::Shortfall,
            "correspondence" => ItemSource::Correspondence,
            _ => ItemSource::Document,
        }
    }

    /// The title of a generated item.
    pub fn generated_title(self) -> &'static str {
        match self {
            ItemSource::Chronology => "Chronology",
            ItemSource::Shortfall => "Provision delivered against the EHC plan",
            ItemSource::Correspondence => "Correspondence log and call notes",
            ItemSource::Document => "Document",
        }
    }
}

/// What sort of evidence an item is, for the Practice Direction's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum EvidenceKind {
    /// At most 15 pages; normally under 3 years old.
    ExpertReport,
    /// At most 10 pages.
    WitnessStatement,
    Other,
}

impl EvidenceKind {
    pub fn parse(text: &str) -> Result<EvidenceKind> {
        match text.trim().to_lowercase().replace(['_', ' '], "-").as_str() {
            "expert-report" | "report" => Ok(EvidenceKind::ExpertReport),
            "witness-statement" | "statement" => Ok(EvidenceKind::WitnessStatement),
            "other" => Ok(EvidenceKind::Other),
            other => Err(CoreError::invalid(
                "kind",
                format!(
                    "“{other}” is not a kind of evidence. Use expert-report, witness-statement or other."
                ),
            )),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::ExpertReport => "expert-report",
            EvidenceKind::WitnessStatement => "witness-statement",
            EvidenceKind::Other => "other",
        }
    }

    fn from_db(text: &str) -> EvidenceKind {
        match text {
            "expert-report" => EvidenceKind::ExpertReport,
            "witness-statement" => EvidenceKind::WitnessStatement,
            _ => EvidenceKind::Other,
        }
    }
}

/// A type of appeal and the page limit on each party's evidence (Practice Direction 2025,
/// Schedule One).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppealType {
    pub key: String,
    pub label: String,
    pub evidence_pages: u32,
}

const APPEAL_TYPES: [(&str, &str, u32); 6] = [
    ("refusal-to-assess", "Refusal to assess or reassess", 75),
    ("refusal-to-issue", "Refusal to issue a plan", 100),
    ("contents", "Contents of the plan (Sections B and F)", 100),
    ("placement", "School or placement named (Section I)", 75),
    ("cease", "Decision to cease the plan", 75),
    (
        "extended",
        "Health and social care recommendations (extended appeal)",
        75,
    ),
];

/// Every appeal type with its evidence page limit.
pub fn appeal_types() -> Vec<AppealType> {
    APPEAL_TYPES
        .iter()
        .map(|(key, label, pages)| AppealType {
            key: (*key).to_owned(),
            label: (*label).to_owned(),
            evidence_pages: *pages,
        })
        .collect()
}

fn appeal_limit(key: Option<&str>) -> Option<u32> {
    let key = key?;
    APPEAL_TYPES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, pages)| *pages)
}

/// One item of a section, with what the plan screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleItem {
    #[ts(type = "number")]
    pub id: i64,
    pub source: ItemSource,
    #[ts(type = "number | null")]
    pub document_id: Option<i64>,
    pub kind: EvidenceKind,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Who the document is from (the register's name).
    pub author: Option<String>,
    /// Pages, when known without laying anything out (a PDF's or picture's own).
    pub pages: Option<u32>,
    pub media_type: Option<String>,
    pub sha256: Option<String>,
}

/// A lettered section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleSection {
    #[ts(type = "number")]
    pub id: i64,
    pub letter: String,
    pub title: String,
    pub page_limit: Option<u32>,
    /// What it holds: only `evidence` counts toward the family's evidence limit.
    pub part: SectionPart,
    pub items: Vec<BundleItem>,
}

/// What a bundle section holds, for the Practice Direction's limits: each part is counted
/// against its own limit, and a party's evidence limit counts only that party's evidence
/// (Practice Direction 2025, Schedule One: core bundle 100, EHC plan with appendices 150, working
/// document 25, evidence 75 or 100 per party).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum SectionPart {
    /// The appeal papers and the decision appealed against.
    Core,
    /// The EHC plan and its appendices.
    Plan,
    WorkingDocument,
    /// The family's own evidence: what the appeal type's limit counts.
    Evidence,
    /// The council's (the other party's) evidence.
    OtherParty,
}

impl SectionPart {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionPart::Core => "core",
            SectionPart::Plan => "plan",
            SectionPart::WorkingDocument => "working-document",
            SectionPart::Evidence => "evidence",
            SectionPart::OtherParty => "other-party",
        }
    }

    pub fn from_db(text: &str) -> SectionPart {
        match text {
            "core" => SectionPart::Core,
            "plan" => SectionPart::Plan,
            "working-document" => SectionPart::WorkingDocument,
            "other-party" => SectionPart::OtherParty,
            _ => SectionPart::Evidence,
        }
    }

    /// The part named `text` on the command line, or a refusal listing them.
    pub fn parse(text: &str) -> Result<SectionPart> {
        match text.trim() {
            "core" => Ok(SectionPart::Core),
            "plan" => Ok(SectionPart::Plan),
            "working-document" => Ok(SectionPart::WorkingDocument),
            "evidence" => Ok(SectionPart::Evidence),
            "other-party" => Ok(SectionPart::OtherParty),
            other => Err(CoreError::invalid(
                "part",
                format!(
                    "“{other}” is not a part of a bundle. Use core, plan, working-document, evidence or other-party."
                ),
            )),
        }
    }
}

/// A built version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleVersion {
    pub version: u32,
    pub built_at: String,
    pub build_date: NaiveDate,
    pub pages: u32,
    pub sha256: String,
    /// Where each item landed (JSON written by casefile-bundle).
    pub page_map: String,
    pub output_path: Option<String>,
    pub kept_references: bool,
}

/// A bundle plan with its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Bundle {
    /// 0 for a plan made on the fly and not saved (`bundle build` without a plan).
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub kind: BundleKind,
    pub title: String,
    pub appeal_type: Option<String>,
    /// The limit on the whole bundle's pages for this appeal type, when one applies.
    pub total_limit: Option<u32>,
    pub sections: Vec<BundleSection>,
    pub versions: Vec<BundleVersion>,
}

/// Default sections of a kind: (letter, title, page limit, generated items).
fn default_sections(
    kind: BundleKind,
) -> Vec<(&'static str, &'static str, Option<u32>, SectionPart)> {
    use SectionPart::*;
    match kind {
        BundleKind::Evidence => vec![
            ("A", "Chronology and summaries", None, Evidence),
            ("B", "Reports, letters and other documents", None, Evidence),
            ("C", "Correspondence", None, Evidence),
        ],
        BundleKind::Hearing => vec![
            ("A", "Appeal papers and decision", Some(100), Core),
            ("B", "EHC plan and appendices", Some(150), Plan),
            ("C", "Working document", Some(25), WorkingDocument),
            ("D", "Parent's evidence", None, Evidence),
            ("E", "Local authority's evidence", None, OtherParty),
        ],
        BundleKind::Complaint => vec![
            ("A", "Summary and chronology", None, Evidence),
            ("B", "Correspondence", None, Evidence),
            ("C", "Documents", None, Evidence),
        ],
    }
}

/// Which section the default plan puts each kind of item in.
fn default_section_for(kind: BundleKind, source: ItemSource) -> &'static str {
    match (kind, source) {
        (BundleKind::Evidence, ItemSource::Chronology | ItemSource::Shortfall) => "A",
        (BundleKind::Evidence, ItemSource::Document) => "B",
        (BundleKind::Evidence, ItemSource::Correspondence) => "C",
        (BundleKind::Hearing, _) => "D",
        (BundleKind::Complaint, ItemSource::Chronology | ItemSource::Shortfall) => "A",
        (BundleKind::Complaint, ItemSource::Correspondence) => "B",
        (BundleKind::Complaint, ItemSource::Document) => "C",
    }
}

/// Which section of a new hearing bundle a document goes in, by its kind and author: EHC plans
/// in the plan's section (B), decision letters and Tribunal papers with the appeal papers (A),
/// what the council wrote in its own evidence (E), everything else in the parent's evidence (D),
/// so the plan and the council's papers never count against the family's page limit.
fn hearing_section(kind: Option<crate::DocumentKind>, by_council: bool) -> &'static str {
    use crate::DocumentKind::*;
    match kind {
        Some(EhcpDraft | EhcpFinal | EhcpAmended) => "B",
        Some(DecisionLetter | TribunalPaper) => "A",
        _ if by_council => "E",
        _ => "D",
    }
}

fn check_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(CoreError::invalid("title", "Give the bundle a title."));
    }
    if title.chars().count() > 200 {
        return Err(CoreError::invalid(
            "title",
            "The title is too long: keep it under 200 characters.",
        ));
    }
    Ok(title.to_owned())
}

fn check_section_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(CoreError::invalid("title", "Give the section a title."));
    }
    if title.chars().count() > 120 {
        return Err(CoreError::invalid(
            "title",
            "The section title is too long: keep it under 120 characters.",
        ));
    }
    Ok(title.to_owned())
}

fn check_limit(limit: Option<u32>) -> Result<()> {
    match limit {
        Some(0) => Err(CoreError::invalid(
            "page_limit",
            "A page limit is at least 1 page (leave it empty for none).",
        )),
        Some(n) if n > 5000 => Err(CoreError::invalid(
            "page_limit",
            "That page limit is more than any bundle can hold.",
        )),
        _ => Ok(()),
    }
}

fn check_appeal_type(key: Option<&str>) -> Result<Option<String>> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(key) if appeal_limit(Some(key)).is_some() => Ok(Some(key.to_owned())),
        Some(key) => Err(CoreError::invalid(
            "appeal_type",
            format!(
                "“{key}” is not a type of appeal. Use one of: {}.",
                APPEAL_TYPES.map(|t| t.0).join(", ")
            ),
        )),
    }
}

impl Store {
    /// What the default plan of `kind` would hold for a case: the generated items that have
    /// something to show, then every document in date order. Not saved.
    fn default_items(
        &self,
        case_id: i64,
        kind: BundleKind,
    ) -> Result<Vec<(&'static str, ItemSource, Option<i64>)>> {
        let mut items = vec![(
            default_section_for(kind, ItemSource::Chronology),
            ItemSource::Chronology,
            None,
        )];
        let provisions: i64 = self.conn.query_row(
            "SELECT count(*) FROM provisions WHERE case_id = ?1",
            [case_id],
            |r| r.get(0),
        )?;
        if provisions > 0 {
            items.push((
                default_section_for(kind, ItemSource::Shortfall),
                ItemSource::Shortfall,
                None,
            ));
        }
        let entries: i64 = self.conn.query_row(
            "SELECT count(*) FROM correspondence WHERE case_id = ?1",
            [case_id],
            |r| r.get(0),
        )?;
        if entries > 0 {
            items.push((
                default_section_for(kind, ItemSource::Correspondence),
                ItemSource::Correspondence,
                None,
            ));
        }
        let council = self
            .case(case_id)?
            .local_authority
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty());
        // Each document with its kind and who wrote it (and the organisation they work for). A
        // redacted copy is not an item of its own: its original's item uses it.
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.kind, a.name, o.name FROM documents d \
             LEFT JOIN parties a ON a.id = d.author_party_id \
             LEFT JOIN parties o ON o.id = a.organisation_id \
             WHERE d.case_id = ?1 AND d.password_protected = 0 \
             AND d.id NOT IN (SELECT redacted_id FROM redactions) \
             ORDER BY coalesce(d.document_date, substr(d.imported_at, 1, 10)), d.id",
        )?;
        // (document, its kind, its author, the author's organisation)
        type Row = (i64, Option<String>, Option<String>, Option<String>);
        let docs: Vec<Row> = stmt
            .query_map([case_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, doc_kind, author, organisation) in docs {
            let by_council = council.as_deref().is_some_and(|council| {
                [author, organisation]
                    .iter()
                    .flatten()
                    .any(|name| name.trim().to_lowercase() == council)
            });
            let section = match kind {
                BundleKind::Hearing => hearing_section(
                    doc_kind
                        .as_deref()
                        .and_then(|k| crate::DocumentKind::parse(k).ok()),
                    by_council,
                ),
                _ => default_section_for(kind, ItemSource::Document),
            };
            items.push((section, ItemSource::Document, Some(id)));
        }
        Ok(items)
    }

    /// The plan `bundle build` uses when the case has no saved bundle of that kind: every
    /// document of the case in date order, with the chronology first.
    pub fn default_bundle(&self, case_id: i64, kind: BundleKind) -> Result<Bundle> {
        self.case(case_id)?;
        let items = self.default_items(case_id, kind)?;
        let mut sections: Vec<BundleSection> = default_sections(kind)
            .into_iter()
            .map(|(letter, title, page_limit, part)| BundleSection {
                id: 0,
                letter: letter.to_owned(),
                title: title.to_owned(),
                page_limit,
                part,
                items: Vec::new(),
            })
            .collect();
        for (letter, source, document_id) in items {
            let item = self.describe_item(0, source, document_id, EvidenceKind::Other)?;
            if let Some(section) = sections.iter_mut().find(|s| s.letter == letter) {
                section.items.push(item);
            }
        }
        Ok(Bundle {
            id: 0,
            case_id,
            kind,
            title: kind.default_title().to_owned(),
            appeal_type: None,
            total_limit: None,
            sections,
            versions: Vec::new(),
        })
    }

    fn describe_item(
        &self,
        id: i64,
        source: ItemSource,
        document_id: Option<i64>,
        kind: EvidenceKind,
    ) -> Result<BundleItem> {
        let (title, date, pages, media_type, sha256, author, kind) = match document_id {
            Some(doc_id) => {
                let doc = self.document(doc_id)?;
                let pages = doc
                    .page_count
                    .or_else(|| doc.media_type.starts_with("image/").then_some(1));
                // A professional's report counts as an expert report unless marked otherwise.
                let kind = if kind == EvidenceKind::Other && doc.kind.is_some_and(|k| k.is_report())
                {
                    EvidenceKind::ExpertReport
                } else {
                    kind
                };
                (
                    doc.title,
                    doc.document_date,
                    pages,
                    Some(doc.media_type),
                    Some(doc.sha256),
                    doc.author,
                    kind,
                )
            }
            None => (
                source.generated_title().to_owned(),
                None,
                None,
                None,
                None,
                None,
                kind,
            ),
        };
        Ok(BundleItem {
            id,
            source,
            document_id,
            kind,
            title,
            date,
            author,
            pages,
            media_type,
            sha256,
        })
    }

    /// Makes a new bundle of `kind` for a case with the default sections, filled as
    /// [`Store::default_bundle`] would be.
    pub fn create_bundle(
        &mut self,
        case_id: i64,
        kind: BundleKind,
        title: Option<&str>,
    ) -> Result<Bundle> {
        self.case(case_id)?;
        let title = check_title(title.unwrap_or(kind.default_title()))?;
        let items = self.default_items(case_id, kind)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO bundles (case_id, kind, title, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, kind.as_str(), title, now_timestamp()],
            )?;
            let id = tx.last_insert_rowid();
            for (position, (letter, section_title, limit, part)) in default_sections(kind).into_iter().enumerate() {
                tx.execute(
                    "INSERT INTO bundle_sections (bundle_id, position, letter, title, page_limit, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, position as i64, letter, section_title, limit, part.as_str()],
                )?;
            }
            for (position, (letter, source, document_id)) in items.iter().enumerate() {
                let section: i64 = tx.query_row(
                    "SELECT id FROM bundle_sections WHERE bundle_id = ?1 AND letter = ?2",
                    params![id, letter],
                    |r| r.get(0),
                )?;
                tx.execute(
                    "INSERT INTO bundle_items (section_id, position, source, document_id) VALUES (?1, ?2, ?3, ?4)",
                    params![section, position as i64, source.as_str(), document_id],
                )?;
            }
            audit::record(tx, Some(case_id), "bundle.created", &serde_json::json!({"bundle": id, "kind": kind.as_str(), "title": title}))?;
            Ok(id)
        })?;
        self.bundle(id)
    }

    /// A saved bundle with its sections, items and versions.
    pub fn bundle(&self, id: i64) -> Result<Bundle> {
        let row = self
            .conn
            .query_row(
                "SELECT case_id, kind, title, appeal_type FROM bundles WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "bundle", id })?;
        let (case_id, kind, title, appeal_type) = row;
        let mut sections = Vec::new();
        let section_rows: Vec<(i64, String, String, Option<u32>, String)> = self
            .conn
            .prepare_cached("SELECT id, letter, title, page_limit, part FROM bundle_sections WHERE bundle_id = ?1 ORDER BY position")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (section_id, letter, section_title, page_limit, part) in section_rows {
            let item_rows: Vec<(i64, String, Option<i64>, String)> = self
                .conn
                .prepare_cached("SELECT id, source, document_id, kind FROM bundle_items WHERE section_id = ?1 ORDER BY position, id")?
                .query_map([section_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let items = item_rows
                .into_iter()
                .map(|(item_id, source, document_id, kind)| {
                    self.describe_item(
                        item_id,
                        ItemSource::from_db(&source),
                        document_id,
                        EvidenceKind::from_db(&kind),
                    )
                })
                .collect::<Result<_>>()?;
            sections.push(BundleSection {
                id: section_id,
                letter,
                title: section_title,
                page_limit,
                part: SectionPart::from_db(&part),
                items,
            });
        }
        let versions = self
            .conn
            .prepare_cached(
                "SELECT version, built_at, build_date, pages, sha256, page_map, output_path, kept_references \
                 FROM bundle_versions WHERE bundle_id = ?1 ORDER BY version",
            )?
            .query_map([id], |r| {
                Ok(BundleVersion {
                    version: r.get(0)?,
                    built_at: r.get(1)?,
                    build_date: r.get(2)?,
                    pages: r.get(3)?,
                    sha256: r.get(4)?,
                    page_map: r.get(5)?,
                    output_path: r.get(6)?,
                    kept_references: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let kind = BundleKind::parse(&kind)?;
        Ok(Bundle {
            id,
            case_id,
            kind,
            title,
            total_limit: appeal_limit(appeal_type.as_deref()),
            appeal_type,
            sections,
            versions,
        })
    }

    /// A case's bundles, newest first.
    pub fn list_bundles(&self, case_id: i64) -> Result<Vec<Bundle>> {
        self.case(case_id)?;
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM bundles WHERE case_id = ?1 ORDER BY id DESC")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.bundle(id)).collect()
    }

    /// Renames a bundle and sets its appeal type (which sets the evidence page limit).
    pub fn update_bundle(
        &mut self,
        id: i64,
        title: &str,
        appeal_type: Option<&str>,
    ) -> Result<Bundle> {
        let bundle = self.bundle(id)?;
        let title = check_title(title)?;
        let appeal_type = check_appeal_type(appeal_type)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE bundles SET title = ?2, appeal_type = ?3 WHERE id = ?1",
                params![id, title, appeal_type],
            )?;
            audit::record(
                tx,
                Some(bundle.case_id),
                "bundle.updated",
                &serde_json::json!({"bundle": id, "title": title, "appeal_type": appeal_type}),
            )?;
            Ok(())
        })?;
        self.bundle(id)
    }

    /// Adds an item to a section, in date order among the items there (generated items, which
    /// have no date, go first). A document already in the bundle is refused.
    pub fn add_bundle_item(
        &mut self,
        bundle_id: i64,
        letter: &str,
        source: ItemSource,
        document_id: Option<i64>,
    ) -> Result<Bundle> {
        let bundle = self.bundle(bundle_id)?;
        let section = bundle
            .sections
            .iter()
            .find(|s| s.letter.eq_ignore_ascii_case(letter.trim()))
            .ok_or_else(|| {
                CoreError::invalid(
                    "section",
                    format!(
                        "This bundle has no section {}. Its sections are {}.",
                        letter.trim(),
                        bundle
                            .sections
                            .iter()
                            .map(|s| s.letter.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let document_id = match (source, document_id) {
            (ItemSource::Document, Some(doc)) => {
                let document = self.document(doc)?;
                if document.password_protected {
                    return Err(CoreError::invalid(
                        "document",
                        format!(
                            "“{}” is locked with a password. Add its readable copy instead.",
                            document.title
                        ),
                    ));
                }
                if document.case_id != bundle.case_id {
                    return Err(CoreError::invalid(
                        "document",
                        "That document belongs to another case.",
                    ));
                }
                Some(doc)
            }
            (ItemSource::Document, None) => {
                return Err(CoreError::invalid(
                    "document",
                    "Choose the document to add.",
                ));
            }
            (_, _) => None,
        };
        let already = bundle.sections.iter().flat_map(|s| &s.items).find(|i| {
            i.source == source && (source != ItemSource::Document || i.document_id == document_id)
        });
        if let Some(item) = already {
            let where_ = bundle
                .sections
                .iter()
                .find(|s| s.items.iter().any(|i| i.id == item.id))
                .map(|s| s.letter.clone())
                .unwrap_or_default();
            return Err(CoreError::invalid(
                "document",
                format!(
                    "“{}” is already in this bundle, in section {where_}.",
                    item.title
                ),
            ));
        }
        let new = self.describe_item(0, source, document_id, EvidenceKind::Other)?;
        // Date order: after every item dated on or before it (undated generated items first).
        let index = section
            .items
            .iter()
            .position(|i| match (new.date, i.date) {
                (Some(new_date), Some(d)) => d > new_date,
                (None, _) => i.date.is_some() || i.source == ItemSource::Document,
                (Some(_), None) => false,
            })
            .unwrap_or(section.items.len());
        let mut order: Vec<Option<i64>> = section.items.iter().map(|i| Some(i.id)).collect();
        order.insert(index, None);
        let section_id = section.id;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO bundle_items (section_id, position, source, document_id) VALUES (?1, 0, ?2, ?3)",
                params![section_id, source.as_str(), document_id],
            )?;
            let new_id = tx.last_insert_rowid();
            let ids: Vec<i64> = order.iter().map(|o| o.unwrap_or(new_id)).collect();
            renumber(tx, &ids)?;
            audit::record(tx, Some(bundle.case_id), "bundle.item_added", &serde_json::json!({"bundle": bundle_id, "section": letter, "source": source.as_str(), "document": document_id}))?;
            Ok(())
        })?;
        self.bundle(bundle_id)
    }

    fn item_place(&self, item_id: i64) -> Result<(Bundle, usize, usize)> {
        let bundle_id: i64 = self
            .conn
            .query_row(
                "SELECT s.bundle_id FROM bundle_items i JOIN bundle_sections s ON s.id = i.section_id WHERE i.id = ?1",
                [item_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound { what: "bundle item", id: item_id })?;
        let bundle = self.bundle(bundle_id)?;
        for (s, section) in bundle.sections.iter().enumerate() {
            if let Some(i) = section.items.iter().position(|i| i.id == item_id) {
                return Ok((bundle, s, i));
            }
        }
        Err(CoreError::NotFound {
            what: "bundle item",
            id: item_id,
        })
    }

    /// Takes an item out of its bundle (the document itself stays in the case).
    pub fn remove_bundle_item(&mut self, item_id: i64) -> Result<Bundle> {
        let (bundle, _, _) = self.item_place(item_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM bundle_items WHERE id = ?1", [item_id])?;
            audit::record(
                tx,
                Some(bundle.case_id),
                "bundle.item_removed",
                &serde_json::json!({"bundle": bundle.id, "item": item_id}),
            )?;
            Ok(())
        })?;
        self.bundle(bundle.id)
    }

    /// Moves an item to `position` (0-based) in the section lettered `letter` (its own section
    /// when `None`).
    pub fn move_bundle_item(
        &mut self,
        item_id: i64,
        letter: Option<&str>,
        position: usize,
    ) -> Result<Bundle> {
        let (bundle, from_section, from_index) = self.item_place(item_id)?;
        let to_section = match letter {
            None => from_section,
            Some(letter) => bundle
                .sections
                .iter()
                .position(|s| s.letter.eq_ignore_ascii_case(letter.trim()))
                .ok_or_else(|| {
                    CoreError::invalid(
                        "section",
                        format!("This bundle has no section {}.", letter.trim()),
                    )
                })?,
        };
        let mut from_ids: Vec<i64> = bundle.sections[from_section]
            .items
            .iter()
            .map(|i| i.id)
            .collect();
        from_ids.remove(from_index);
        let target_section_id = bundle.sections[to_section].id;
        self.write(|tx| {
            let mut to_ids: Vec<i64> = if to_section == from_section {
                from_ids.clone()
            } else {
                renumber(tx, &from_ids)?;
                bundle.sections[to_section].items.iter().map(|i| i.id).collect()
            };
            to_ids.insert(position.min(to_ids.len()), item_id);
            tx.execute(
                "UPDATE bundle_items SET section_id = ?2 WHERE id = ?1",
                params![item_id, target_section_id],
            )?;
            renumber(tx, &to_ids)?;
            audit::record(tx, Some(bundle.case_id), "bundle.item_moved", &serde_json::json!({"bundle": bundle.id, "item": item_id, "section": bundle.sections[to_section].letter, "position": position}))?;
            Ok(())
        })?;
        self.bundle(bundle.id)
    }

    /// Marks an item as an expert report, a witness statement or other evidence.
    pub fn set_bundle_item_kind(&mut self, item_id: i64, kind: EvidenceKind) -> Result<Bundle> {
        let (bundle, _, _) = self.item_place(item_id)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE bundle_items SET kind = ?2 WHERE id = ?1",
                params![item_id, kind.as_str()],
            )?;
            audit::record(
                tx,
                Some(bundle.case_id),
                "bundle.item_kind",
                &serde_json::json!({"item": item_id, "kind": kind.as_str()}),
            )?;
            Ok(())
        })?;
        self.bundle(bundle.id)
    }

    fn section_bundle(&self, section_id: i64) -> Result<Bundle> {
        let bundle_id: i64 = self
            .conn
            .query_row(
                "SELECT bundle_id FROM bundle_sections WHERE id = ?1",
                [section_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "bundle section",
                id: section_id,
            })?;
        self.bundle(bundle_id)
    }

    /// One section of a bundle, as the plan holds it.
    pub fn bundle_section(&self, section_id: i64) -> Result<BundleSection> {
        self.section_bundle(section_id)?
            .sections
            .into_iter()
            .find(|s| s.id == section_id)
            .ok_or(CoreError::NotFound {
                what: "bundle section",
                id: section_id,
            })
    }

    /// Adds a lettered section at the end of a bundle.
    pub fn add_bundle_section(
        &mut self,
        bundle_id: i64,
        letter: &str,
        title: &str,
        page_limit: Option<u32>,
        part: SectionPart,
    ) -> Result<Bundle> {
        let bundle = self.bundle(bundle_id)?;
        let letter = letter.trim().to_uppercase();
        if letter.is_empty()
            || letter.chars().count() > 3
            || !letter.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(CoreError::invalid(
                "letter",
                "A section's letter is one to three letters, for example F.",
            ));
        }
        if bundle.sections.iter().any(|s| s.letter == letter) {
            return Err(CoreError::invalid(
                "letter",
                format!("This bundle already has a section {letter}."),
            ));
        }
        let title = check_section_title(title)?;
        check_limit(page_limit)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO bundle_sections (bundle_id, position, letter, title, page_limit, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![bundle_id, bundle.sections.len() as i64, letter, title, page_limit, part.as_str()],
            )?;
            audit::record(tx, Some(bundle.case_id), "bundle.section_added", &serde_json::json!({"bundle": bundle_id, "letter": letter, "title": title, "page_limit": page_limit, "part": part.as_str()}))?;
            Ok(())
        })?;
        self.bundle(bundle_id)
    }

    /// Renames a section, or changes its page limit or what it holds.
    pub fn update_bundle_section(
        &mut self,
        section_id: i64,
        title: &str,
        page_limit: Option<u32>,
        part: SectionPart,
    ) -> Result<Bundle> {
        let bundle = self.section_bundle(section_id)?;
        let title = check_section_title(title)?;
        check_limit(page_limit)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE bundle_sections SET title = ?2, page_limit = ?3, part = ?4 WHERE id = ?1",
                params![section_id, title, page_limit, part.as_str()],
            )?;
            audit::record(tx, Some(bundle.case_id), "bundle.section_updated", &serde_json::json!({"section": section_id, "title": title, "page_limit": page_limit, "part": part.as_str()}))?;
            Ok(())
        })?;
        self.bundle(bundle.id)
    }

    /// Removes an empty section.
    pub fn remove_bundle_section(&mut self, section_id: i64) -> Result<Bundle> {
        let bundle = self.section_bundle(section_id)?;
        let section =
            bundle
                .sections
                .iter()
                .find(|s| s.id == section_id)
                .ok_or(CoreError::NotFound {
                    what: "bundle section",
                    id: section_id,
                })?;
        if !section.items.is_empty() {
            return Err(CoreError::invalid(
                "section",
                format!(
                    "Section {} still holds documents. Move them to another section or take them out first.",
                    section.letter
                ),
            ));
        }
        let remaining: Vec<i64> = bundle
            .sections
            .iter()
            .filter(|s| s.id != section_id)
            .map(|s| s.id)
            .collect();
        self.write(|tx| {
            tx.execute("DELETE FROM bundle_sections WHERE id = ?1", [section_id])?;
            for (position, id) in remaining.iter().enumerate() {
                tx.execute(
                    "UPDATE bundle_sections SET position = ?2 WHERE id = ?1",
                    params![id, position as i64],
                )?;
            }
            audit::record(
                tx,
                Some(bundle.case_id),
                "bundle.section_removed",
                &serde_json::json!({"section": section_id}),
            )?;
            Ok(())
        })?;
        self.bundle(bundle.id)
    }

    /// Records a built version; returns its number.
    #[allow(clippy::too_many_arguments)]
    pub fn record_bundle_version(
        &mut self,
        bundle_id: i64,
        build_date: NaiveDate,
        pages: u32,
        sha256: &str,
        page_map: &str,
        output_path: Option<&str>,
        kept_references: bool,
    ) -> Result<u32> {
        let bundle = self.bundle(bundle_id)?;
        let version = bundle.versions.last().map_or(1, |v| v.version + 1);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO bundle_versions (bundle_id, version, built_at, build_date, pages, sha256, page_map, output_path, kept_references) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![bundle_id, version, now_timestamp(), build_date, pages, sha256, page_map, output_path, kept_references],
            )?;
            audit::record(tx, Some(bundle.case_id), "bundle.built", &serde_json::json!({"bundle": bundle_id, "version": version, "pages": pages, "sha256": sha256, "path": output_path}))?;
            Ok(())
        })?;
        Ok(version)
    }
}

/// Writes positions 0, 1, 2… in the order given.
fn renumber(tx: &Transaction<'_>, ids: &[i64]) -> Result<()> {
    for (position, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE bundle_items SET position = ?2 WHERE id = ?1",
            params![id, position as i64],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CaseDetails;

    fn store_with_case() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path()).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Robin Example".into(),
                ..CaseDetails::default()
            })
            .expect("case");
        (dir, store, case.id)
    }

    fn import(store: &mut Store, dir: &std::path::Path, case: i64, name: &str, text: &str) -> i64 {
        crate::testing::import_text(store, case, dir, name, text).id
    }

    /// A real PDF of `pages` pages (one page made by `make_pdf`, repeated by qpdf).
    fn pdf_of_pages(dir: &std::path::Path, name: &str, pages: usize) -> std::path::PathBuf {
        let one = crate::testing::make_pdf(dir, &format!("{name}.one.pdf"), "A page of evidence");
        let out = dir.join(name);
        let mut command = std::process::Command::new("qpdf");
        command.arg("--empty").arg("--pages");
        for _ in 0..pages {
            command.arg(&one);
        }
        let status = command.arg("--").arg(&out).status().expect("qpdf");
        assert!(status.success());
        out
    }

    #[test]
    fn the_evidence_limit_counts_only_the_familys_evidence_not_the_plan_or_the_councils() {
        // What a usability test found: a 109-page plan in section B and 10 pages of the family's
        // evidence in D (with the 1-page chronology) were summed, and the family was told "the
        // evidence has 120 pages; the limit is 100".
        let (dir, mut store, case) = store_with_case();
        let plan = pdf_of_pages(dir.path(), "EHC plan.pdf", 109);
        let report = pdf_of_pages(dir.path(), "Speech therapy report.pdf", 10);
        let council = pdf_of_pages(dir.path(), "Council evidence.pdf", 40);
        let mut ids = Vec::new();
        for path in [&plan, &report, &council] {
            match store.import_file(case, path).expect("import") {
                crate::ImportOutcome::Imported { document, .. } => ids.push(document.id),
                other => panic!("{other:?}"),
            }
        }
        let bundle = store
            .create_bundle(case, BundleKind::Hearing, None)
            .expect("bundle");
        let bundle = store
            .update_bundle(bundle.id, &bundle.title, Some("refusal-to-issue"))
            .expect("appeal type");
        assert_eq!(bundle.total_limit, Some(100));
        let item = |bundle: &Bundle, id: i64| {
            bundle
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|i| i.document_id == Some(id))
                .expect("item")
                .id
        };
        let bundle = store
            .move_bundle_item(item(&bundle, ids[0]), Some("B"), 0)
            .expect("plan to B");
        let bundle = store
            .move_bundle_item(item(&bundle, ids[2]), Some("E"), 0)
            .expect("to E");
        let overview = store
            .plan_overview(&bundle, crate::today())
            .expect("overview");
        // 109 + 10 + 1 (chronology) + 40 pages in all.
        assert_eq!(overview.document_pages, 160);
        assert_eq!(
            overview.evidence_pages, 11,
            "only section D is the family's evidence"
        );
        assert!(
            !overview
                .warnings
                .iter()
                .any(|w| w.contains("Your evidence has")),
            "{:?}",
            overview.warnings
        );

        // A council section the family marks as its own evidence does count: 11 + 40 = 51 pages,
        // still within 100; then the plan marked as evidence by mistake takes it over (160).
        let e = bundle.sections[4].id;
        let bundle = store
            .update_bundle_section(e, "More of our evidence", None, SectionPart::Evidence)
            .expect("part");
        let overview = store
            .plan_overview(&bundle, crate::today())
            .expect("overview");
        assert_eq!(overview.evidence_pages, 51);
        let b = bundle.sections[1].id;
        let bundle = store
            .update_bundle_section(b, "EHC plan", Some(150), SectionPart::Evidence)
            .expect("part");
        let overview = store
            .plan_overview(&bundle, crate::today())
            .expect("overview");
        assert_eq!(overview.evidence_pages, 160);
        assert!(
            overview
                .warnings
                .iter()
                .any(|w| w == "Your evidence has 160 pages; the limit for this appeal is 100."),
            "{:?}",
            overview.warnings
        );
    }

    #[test]
    fn a_new_bundle_has_the_default_sections_with_the_documents_in_date_order() {
        let (dir, mut store, case) = store_with_case();
        let late = import(&mut store, dir.path(), case, "b.txt", "Second letter");
        let early = import(&mut store, dir.path(), case, "a.txt", "First letter");
        // Imported text files have no date of their own: import order decides.
        let bundle = store
            .create_bundle(case, BundleKind::Hearing, None)
            .expect("bundle");
        let letters: Vec<&str> = bundle.sections.iter().map(|s| s.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "C", "D", "E"]);
        assert_eq!(bundle.sections[1].page_limit, Some(150));
        assert_eq!(bundle.sections[2].page_limit, Some(25));
        let d: Vec<(ItemSource, Option<i64>)> = bundle.sections[3]
            .items
            .iter()
            .map(|i| (i.source, i.document_id))
            .collect();
        assert_eq!(
            d,
            vec![
                (ItemSource::Chronology, None),
                (ItemSource::Document, Some(late)),
                (ItemSource::Document, Some(early))
            ]
        );
        assert_eq!(store.list_bundles(case).expect("list").len(), 1);
    }

    #[test]
    fn a_new_hearing_bundle_places_each_document_by_its_kind_and_author() {
        // What a usability test found: a final EHC plan landed in the parent's evidence (D) and
        // pushed it over its limit. Plans go in B, decision letters in A, what the council
        // wrote in E, the rest in D.
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path()).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Robin Example".into(),
                local_authority: Some("Exampleshire County Council".into()),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let mut doc = |name: &str, kind: Option<crate::DocumentKind>, author: Option<&str>| {
            let id = import(
                &mut store,
                dir.path(),
                case,
                name,
                &format!("The text of {name}"),
            );
            store
                .update_document(
                    id,
                    &crate::DocumentDetails {
                        title: name.trim_end_matches(".txt").into(),
                        document_date: None,
                        kind,
                        author: author.map(str::to_owned),
                        tags: Vec::new(),
                    },
                )
                .expect("details");
            id
        };
        use crate::DocumentKind::*;
        let plan = doc(
            "Final plan.txt",
            Some(EhcpFinal),
            Some("Exampleshire County Council"),
        );
        let draft = doc("Draft plan.txt", Some(EhcpDraft), None);
        let refusal = doc(
            "Refusal.txt",
            Some(DecisionLetter),
            Some("Exampleshire County Council"),
        );
        let council_ep = doc(
            "EP advice.txt",
            Some(ReportEducationalPsychology),
            Some("exampleshire county council"),
        );
        let salt = doc(
            "SALT report.txt",
            Some(ReportSpeechLanguage),
            Some("Dr Shah"),
        );
        let note = doc("Note.txt", None, None);
        let bundle = store
            .create_bundle(case, BundleKind::Hearing, None)
            .expect("bundle");
        let docs_in = |letter: &str| -> Vec<i64> {
            bundle
                .sections
                .iter()
                .find(|s| s.letter == letter)
                .expect("section")
                .items
                .iter()
                .filter_map(|i| i.document_id)
                .collect()
        };
        assert_eq!(docs_in("A"), vec![refusal]);
        assert_eq!(docs_in("B"), vec![plan, draft]);
        assert_eq!(docs_in("C"), Vec::<i64>::new());
        assert_eq!(docs_in("D"), vec![salt, note]);
        assert_eq!(docs_in("E"), vec![council_ep]);
        // An evidence bundle keeps every document in its one documents section.
        let evidence = store
            .create_bundle(case, BundleKind::Evidence, None)
            .expect("bundle");
        assert_eq!(evidence.sections[1].items.len(), 6);
    }

    #[test]
    fn items_can_be_moved_removed_and_added_back_but_not_twice() {
        let (dir, mut store, case) = store_with_case();
        let a = import(&mut store, dir.path(), case, "a.txt", "Alpha");
        let b = import(&mut store, dir.path(), case, "b.txt", "Beta");
        let bundle = store
            .create_bundle(case, BundleKind::Evidence, Some("Our evidence"))
            .expect("bundle");
        assert_eq!(bundle.title, "Our evidence");
        let docs = &bundle.sections[1].items;
        assert_eq!(
            docs.iter().map(|i| i.document_id).collect::<Vec<_>>(),
            vec![Some(a), Some(b)]
        );
        // Move b to the top, then into section C.
        let moved = store.move_bundle_item(docs[1].id, None, 0).expect("move");
        assert_eq!(moved.sections[1].items[0].document_id, Some(b));
        let item_b = moved.sections[1].items[0].id;
        let moved = store
            .move_bundle_item(item_b, Some("c"), 0)
            .expect("move across");
        assert_eq!(moved.sections[2].items[0].document_id, Some(b));
        assert_eq!(moved.sections[1].items.len(), 1);
        // Adding it again is refused with where it is.
        let err = store
            .add_bundle_item(bundle.id, "B", ItemSource::Document, Some(b))
            .expect_err("twice");
        assert!(
            err.to_string()
                .contains("already in this bundle, in section C"),
            "{err}"
        );
        let removed = store.remove_bundle_item(item_b).expect("remove");
        assert!(removed.sections[2].items.is_empty());
        let back = store
            .add_bundle_item(bundle.id, "B", ItemSource::Document, Some(b))
            .expect("add back");
        assert_eq!(back.sections[1].items.len(), 2);
        let err = store
            .add_bundle_item(bundle.id, "Z", ItemSource::Chronology, None)
            .expect_err("no section Z");
        assert!(err.to_string().contains("no section Z"));
    }

    #[test]
    fn a_document_can_be_retitled_and_dated_and_search_finds_the_new_title() {
        let (dir, mut store, case) = store_with_case();
        let id = import(
            &mut store,
            dir.path(),
            case,
            "scan0001.txt",
            "Therapy cancelled again",
        );
        let day = NaiveDate::from_ymd_opt(2026, 10, 14).expect("date");
        let details = |title: &str, date: Option<&str>| crate::DocumentDetails {
            title: title.into(),
            document_date: date.map(str::to_owned),
            kind: Some(crate::DocumentKind::Email),
            author: Some("Willowbrook School".into()),
            tags: vec!["therapy".into(), " therapy ".into(), "missed".into()],
        };
        let doc = store
            .update_document(id, &details("Email from the SENCo", Some("2026-10-14")))
            .expect("update");
        assert_eq!(
            (doc.title.as_str(), doc.document_date),
            ("Email from the SENCo", Some(day))
        );
        assert_eq!(doc.kind, Some(crate::DocumentKind::Email));
        assert_eq!(doc.author.as_deref(), Some("Willowbrook School"));
        assert_eq!(doc.tags, vec!["missed", "therapy"]);
        assert_eq!(
            store.list_parties(case).expect("parties").len(),
            1,
            "the author joins the register"
        );
        assert_eq!(store.search(case, "SENCo").expect("search").len(), 1);
        assert!(store.update_document(id, &details(" ", None)).is_err());
        assert!(
            store
                .update_document(id, &details("x", Some("1900-01-01")))
                .is_err()
        );
        assert!(
            store
                .update_document(id, &details("x", Some("31/02/2026")))
                .is_err()
        );
    }

    #[test]
    fn sections_can_be_added_renamed_and_removed_when_empty() {
        let (_dir, mut store, case) = store_with_case();
        let bundle = store
            .create_bundle(case, BundleKind::Complaint, None)
            .expect("bundle");
        let added = store
            .add_bundle_section(
                bundle.id,
                "d",
                "Ombudsman's decision",
                Some(20),
                SectionPart::Evidence,
            )
            .expect("add");
        assert_eq!(
            added
                .sections
                .last()
                .map(|s| (s.letter.as_str(), s.page_limit)),
            Some(("D", Some(20)))
        );
        assert!(
            store
                .add_bundle_section(bundle.id, "D", "Again", None, SectionPart::Evidence)
                .is_err(),
            "letters are unique"
        );
        assert!(
            store
                .add_bundle_section(bundle.id, "4", "Digits", None, SectionPart::Evidence)
                .is_err()
        );
        let d = added.sections.last().expect("D").id;
        let renamed = store
            .update_bundle_section(d, "Ombudsman's final decision", None, SectionPart::Evidence)
            .expect("rename");
        assert_eq!(
            renamed
                .sections
                .last()
                .map(|s| (s.title.as_str(), s.page_limit)),
            Some(("Ombudsman's final decision", None))
        );
        // Section A holds the chronology: it cannot go until that is moved or taken out.
        let a = renamed.sections[0].id;
        let err = store.remove_bundle_section(a).expect_err("not empty");
        assert!(
            err.to_string().contains("Section A still holds documents"),
            "{err}"
        );
        let removed = store.remove_bundle_section(d).expect("remove");
        assert_eq!(removed.sections.len(), 3);
    }

    #[test]
    fn the_appeal_type_sets_the_evidence_limit_and_versions_count_up() {
        let (_dir, mut store, case) = store_with_case();
        let bundle = store
            .create_bundle(case, BundleKind::Evidence, None)
            .expect("bundle");
        let updated = store
            .update_bundle(bundle.id, "Evidence", Some("refusal-to-assess"))
            .expect("update");
        assert_eq!(updated.total_limit, Some(75));
        assert!(
            store
                .update_bundle(bundle.id, "Evidence", Some("nonsense"))
                .is_err()
        );
        assert!(store.update_bundle(bundle.id, "  ", None).is_err());
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let v1 = store
            .record_bundle_version(
                bundle.id,
                day,
                12,
                &"a".repeat(64),
                "[]",
                Some("/tmp/x.pdf"),
                false,
            )
            .expect("v1");
        let v2 = store
            .record_bundle_version(bundle.id, day, 14, &"b".repeat(64), "[]", None, true)
            .expect("v2");
        assert_eq!((v1, v2), (1, 2));
        let versions = store.bundle(bundle.id).expect("bundle").versions;
        assert_eq!(versions[1].pages, 14);
        assert!(versions[1].kept_references);
    }
}
