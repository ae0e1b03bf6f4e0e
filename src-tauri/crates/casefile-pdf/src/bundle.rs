//! Building an evidence bundle: every source read and checked first, then the cover
//! and a linked index, every page stamped with its section page and bundle page, a bookmark per
//! section and document. Same inputs, same bytes.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use lopdf::{Dictionary, Document, Object, dictionary};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::front::{Cover, IndexRow, front_matter};
use crate::image_page::image_document;
use crate::labels::{LabelItem, section_labels};
use crate::merge::{Merger, OutlineEntry, text_string};

/// Most pages one bundle may have. The Tribunal's own limits are far lower; this
/// stops a mistaken selection from making a file no one can open.
pub const MAX_PAGES: usize = 3_000;
/// Most bytes of sources one bundle may read (1 GB).
pub const MAX_SOURCE_BYTES: usize = 1 << 30;
/// Above this a bundle may be too big to email (justice.gov.uk addresses take about 36 MB).
pub const EMAIL_LIMIT_BYTES: usize = 36 * 1024 * 1024;

/// What the source bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Pdf(Vec<u8>),
    Jpeg(Vec<u8>),
    Png(Vec<u8>),
}

impl Source {
    fn bytes(&self) -> &[u8] {
        match self {
            Source::Pdf(b) | Source::Jpeg(b) | Source::Png(b) => b,
        }
    }
}

/// What sort of document an item is, for the Practice Direction's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// An expert's report: at most 15 pages, normally under 3 years old.
    ExpertReport,
    /// A witness statement: at most 10 pages.
    WitnessStatement,
    Other,
}

/// One document in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpec {
    /// Stable identity across rebuilds ("doc:12", "chronology").
    pub key: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub kind: ItemKind,
    pub source: Source,
    /// The fingerprint the index shows: the stored file's, when the PDF was made from it (a
    /// text file); else the SHA-256 of `source`.
    pub sha256: Option<String>,
}

/// A lettered section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    pub letter: String,
    pub title: String,
    pub page_limit: Option<usize>,
    /// Whether its pages count toward `BundleSpec::total_limit` (the family's own evidence; not
    /// the core papers, the plan, the working document or the other party's evidence).
    pub counts_as_evidence: bool,
    pub items: Vec<ItemSpec>,
}

/// Everything a build needs. The build date is an input (it is printed on the cover), so a
/// rebuild on the same day from the same plan is byte-identical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSpec {
    /// "Evidence bundle for the appeal".
    pub title: String,
    /// Lines on the cover: ("Child", "Robin Example"), ("Appeal reference", "EH…").
    pub cover_facts: Vec<(String, String)>,
    pub build_date: NaiveDate,
    pub version: u32,
    pub sections: Vec<SectionSpec>,
    /// A limit for the party's evidence (the sections that count as evidence), if one applies.
    pub total_limit: Option<usize>,
}

/// Where each item landed, kept with every built version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapEntry {
    pub key: String,
    pub section: String,
    pub title: String,
    /// Section labels of its pages: "D1", "D2"…
    pub labels: Vec<String>,
    /// Bundle pages, counting from 1.
    pub first_page: usize,
    pub last_page: usize,
    pub sha256: String,
}

/// A built bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltBundle {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub sha256: String,
    pub map: Vec<MapEntry>,
    /// Practice Direction limits the bundle goes past, and other things to check.
    pub warnings: Vec<String>,
}

/// What the build is doing, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub step: String,
}

/// Why a bundle could not be built. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    #[error("The bundle is empty: add at least one document to a section.")]
    Empty,
    #[error(
        "“{title}” is password-protected, so the bundle was not made. Remove it, or replace it with an unprotected copy (open it and print it to a new PDF)."
    )]
    Encrypted { title: String },
    #[error(
        "“{title}” is damaged or is not a complete file, so the bundle was not made. Remove it, or import a fresh copy."
    )]
    Damaged { title: String },
    #[error("The bundle would have {pages} pages, more than the {max} Casefile can put in one file. Split it into smaller bundles.", max = MAX_PAGES)]
    TooManyPages { pages: usize },
    #[error(
        "The documents in this bundle add up to more than 1 GB. Split it into smaller bundles."
    )]
    TooLarge,
    #[error(
        "Page references could not be kept because “{title}” moved. Put it back in its earlier place, or build with fresh page numbers."
    )]
    Moved { title: String },
    #[error(
        "“{title}” is a Word file. Casefile turns Word files into bundle pages with LibreOffice, which is not installed. Install it (on Debian or Ubuntu: sudo apt install libreoffice-writer), or save the file as PDF from Word and import that instead."
    )]
    NeedsLibreOffice { title: String },
    #[error(
        "“{title}” could not be turned into PDF pages ({why}), so the bundle was not made. Open it in Word or LibreOffice, save it as PDF and import that instead."
    )]
    ConversionFailed { title: String, why: String },
    #[error("Building the bundle was cancelled; nothing was written.")]
    Cancelled,
    #[error("Casefile could not finish writing the bundle ({0}). Please report this.")]
    Internal(String),
}

impl From<crate::BundleError> for BuildError {
    fn from(e: crate::BundleError) -> Self {
        BuildError::Internal(e.to_string())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// "12 Mar 2026".
pub fn day(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

fn range(first: usize, last: usize) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}

fn label_range(labels: &[String]) -> String {
    match (labels.first(), labels.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.clone(),
        _ => String::new(),
    }
}

fn load(item: &ItemSpec) -> Result<Document, BuildError> {
    let damaged = || BuildError::Damaged {
        title: item.title.clone(),
    };
    let doc = match &item.source {
        Source::Pdf(bytes) => match crate::reader::load_for_writing(bytes) {
            Ok(doc) => doc,
            Err(lopdf::Error::Decryption(_)) => {
                return Err(BuildError::Encrypted {
                    title: item.title.clone(),
                });
            }
            Err(_) => return Err(damaged()),
        },
        Source::Jpeg(bytes) => image_document(bytes, true).map_err(|_| damaged())?,
        Source::Png(bytes) => image_document(bytes, false).map_err(|_| damaged())?,
    };
    // A file lopdf opened with the empty password is usable; one it could not is refused.
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(BuildError::Encrypted {
            title: item.title.clone(),
        });
    }
    if doc.get_pages().is_empty() {
        return Err(damaged());
    }
    Ok(doc)
}

/// Which of the Practice Direction's limits a plan goes past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// A section's own limit, or the appeal's limit on the family's evidence.
    OverLimit,
    /// An expert report over 15 pages.
    LongExpertReport,
    /// A witness statement over 10 pages.
    LongWitnessStatement,
    /// An expert report more than 3 years old.
    OldReport,
}

/// One limit gone past: which, where (section and item indexes in the spec), and in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitFinding {
    pub kind: LimitKind,
    pub section: usize,
    /// The item, for a finding about one document; `None` for a section's or the whole
    /// evidence's pages.
    pub item: Option<usize>,
    pub message: String,
}

/// The Practice Direction's limits this bundle goes past (Practice Direction 2025, Schedule One),
/// with reports' ages counted at `as_of` (the hearing date when it is known). `pages` holds each
/// item's page count, section by section. The one set of rules behind the plan screen's
/// warnings and the bundle check.
pub fn limit_findings(
    spec: &BundleSpec,
    pages: &[Vec<usize>],
    as_of: NaiveDate,
) -> Vec<LimitFinding> {
    let mut out = Vec::new();
    let three_years_ago = as_of.checked_sub_months(Months::new(36));
    let mut evidence_pages = 0;
    let mut last_evidence = 0;
    for (s, (section, counts)) in spec.sections.iter().zip(pages).enumerate() {
        let section_pages: usize = counts.iter().sum();
        if section.counts_as_evidence {
            evidence_pages += section_pages;
            last_evidence = s;
        }
        if let Some(limit) = section.page_limit
            && section_pages > limit
        {
            out.push(LimitFinding {
                kind: LimitKind::OverLimit,
                section: s,
                item: None,
                message: format!(
                    "Section {} has {section_pages} pages; the limit is {limit}.",
                    section.letter
                ),
            });
        }
        for (i, (item, count)) in section.items.iter().zip(counts).enumerate() {
            let mut push = |kind, message| {
                out.push(LimitFinding {
                    kind,
                    section: s,
                    item: Some(i),
                    message,
                })
            };
            match item.kind {
                ItemKind::ExpertReport if *count > 15 => push(
                    LimitKind::LongExpertReport,
                    format!(
                        "“{}” has {count} pages; an expert report should be at most 15.",
                        item.title
                    ),
                ),
                ItemKind::WitnessStatement if *count > 10 => push(
                    LimitKind::LongWitnessStatement,
                    format!(
                        "“{}” has {count} pages; a witness statement over 10 pages needs an explanatory note.",
                        item.title
                    ),
                ),
                _ => {}
            }
            if item.kind == ItemKind::ExpertReport
                && let (Some(date), Some(limit)) = (item.date, three_years_ago)
                && date < limit
            {
                push(
                    LimitKind::OldReport,
                    format!(
                        "“{}” is dated {}, more than 3 years ago on {}; the Tribunal normally expects reports to be recent.",
                        item.title,
                        day(date),
                        day(as_of)
                    ),
                );
            }
        }
    }
    if let Some(limit) = spec.total_limit
        && evidence_pages > limit
    {
        out.push(LimitFinding {
            kind: LimitKind::OverLimit,
            section: last_evidence,
            item: None,
            message: format!(
                "Your evidence has {evidence_pages} pages; the limit for this appeal is {limit}."
            ),
        });
    }
    out
}

/// The plan screen's warnings: [`limit_findings`] in words, reports' ages counted at the build
/// date.
pub fn warnings(spec: &BundleSpec, pages: &[Vec<usize>]) -> Vec<String> {
    limit_findings(spec, pages, spec.build_date)
        .into_iter()
        .map(|f| f.message)
        .collect()
}

/// Builds the bundle. `progress` is told each step and returns `false` to cancel.
/// `previous` holds the page map of an earlier version whose section page labels should be kept.
pub fn build_bundle(
    spec: &BundleSpec,
    previous: Option<&[MapEntry]>,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<BuiltBundle, BuildError> {
    let items: Vec<(usize, &ItemSpec)> = spec
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| section.items.iter().map(move |item| (s, item)))
        .collect();
    if items.is_empty() {
        return Err(BuildError::Empty);
    }
    let source_bytes: usize = items.iter().map(|(_, i)| i.source.bytes().len()).sum();
    if source_bytes > MAX_SOURCE_BYTES {
        return Err(BuildError::TooLarge);
    }
    let steps = items.len() * 2 + 2;
    let mut step = 0;
    let mut tell = |what: String, step: &mut usize| -> Result<(), BuildError> {
        *step += 1;
        if progress(Progress {
            done: *step,
            total: steps,
            step: what,
        }) {
            Ok(())
        } else {
            Err(BuildError::Cancelled)
        }
    };

    // 1. Read and check every source before anything else.
    let mut docs: Vec<Document> = Vec::with_capacity(items.len());
    let mut hashes: Vec<String> = Vec::with_capacity(items.len());
    for (_, item) in &items {
        tell(format!("Checking “{}”", item.title), &mut step)?;
        docs.push(load(item)?);
        hashes.push(
            item.sha256
                .clone()
                .unwrap_or_else(|| hex(&Sha256::digest(item.source.bytes()))),
        );
    }
    let counts: Vec<usize> = docs.iter().map(|d| d.get_pages().len()).collect();
    let body_pages: usize = counts.iter().sum();
    if body_pages > MAX_PAGES {
        return Err(BuildError::TooManyPages { pages: body_pages });
    }

    // 2. Section labels, kept from the previous version when asked.
    let previous_labels: Option<HashMap<String, Vec<String>>> = previous.map(|map| {
        map.iter()
            .map(|e| (format!("{}\u{0}{}", e.section, e.key), e.labels.clone()))
            .collect()
    });
    let mut per_section: Vec<Vec<usize>> = vec![Vec::new(); spec.sections.len()];
    for ((s, _), count) in items.iter().zip(&counts) {
        per_section[*s].push(*count);
    }
    let mut labels: Vec<Vec<String>> = Vec::with_capacity(items.len());
    for (section, section_counts) in spec.sections.iter().zip(&per_section) {
        let keys: Vec<String> = section
            .items
            .iter()
            .map(|i| format!("{}\u{0}{}", section.letter, i.key))
            .collect();
        let label_items: Vec<LabelItem<'_>> = section
            .items
            .iter()
            .zip(&keys)
            .zip(section_counts)
            .map(|((item, key), pages)| LabelItem {
                key,
                title: &item.title,
                pages: *pages,
            })
            .collect();
        let section_labels =
            section_labels(&section.letter, &label_items, previous_labels.as_ref())
                .map_err(|m| BuildError::Moved { title: m.title })?;
        labels.extend(section_labels);
    }

    // 3. Front matter: laid out once to count its pages, then with the real page numbers.
    let rows_for = |front_pages: usize| -> (Vec<IndexRow>, Vec<String>, Vec<usize>) {
        let mut rows = Vec::new();
        let mut cover_sections = Vec::new();
        let mut firsts = Vec::new();
        let mut page = front_pages + 1;
        let mut i = 0;
        for section in &spec.sections {
            let n: usize = section.items.len();
            let section_pages: usize = counts[i..i + n].iter().sum();
            // A section with nothing in it is left off the cover and the index: "C Correspondence
            // (no pages)" tells a judge nothing.
            if n == 0 {
                continue;
            }
            let pages_text = if section_pages == 1 {
                format!("page {page}")
            } else {
                format!("pages {}", range(page, page + section_pages - 1))
            };
            rows.push(IndexRow::Section {
                heading: format!("{}  {}", section.letter, section.title),
                pages: pages_text.clone(),
                warning: None,
            });
            cover_sections.push(format!(
                "{}   {}   ({pages_text})",
                section.letter, section.title
            ));
            for item in &section.items {
                firsts.push(page);
                rows.push(IndexRow::Item {
                    labels: label_range(&labels[i]),
                    title: item.title.clone(),
                    date: item.date.map(day).unwrap_or_else(|| "undated".to_owned()),
                    author: item.author.clone(),
                    pages: range(page, page + counts[i] - 1),
                    sha256: hashes[i].clone(),
                    item: i,
                });
                page += counts[i];
                i += 1;
            }
        }
        (rows, cover_sections, firsts)
    };
    let mut facts = spec.cover_facts.clone();
    facts.push(("Version".to_owned(), spec.version.to_string()));
    facts.push(("Built".to_owned(), day(spec.build_date)));
    let notes = vec![
        "Page numbers at the foot of each page (\"Page 5 of 80\") are the PDF's own page numbers. Each page of a section also carries its section page (for example D12). Pages added to an earlier version carry a letter after the number (D12A).".to_owned(),
        "Every line of the index is a link to the document's first page; the bookmarks list every section and document. The SHA-256 fingerprint beside each document identifies the exact file it was made from.".to_owned(),
    ];
    let mut front_pages = 1;
    let mut front = None;
    for _ in 0..4 {
        let (rows, sections, _) = rows_for(front_pages);
        let cover = Cover {
            heading: spec.title.clone(),
            facts: facts.clone(),
            sections,
            notes: notes.clone(),
        };
        let laid = front_matter(&spec.title, &cover, &rows)?;
        if laid.pages == front_pages {
            front = Some(laid);
            break;
        }
        front_pages = laid.pages;
    }
    let front = front.ok_or_else(|| BuildError::Internal("the index would not settle".into()))?;
    let (_, _, firsts) = rows_for(front_pages);
    let total = front_pages + body_pages;
    if total > MAX_PAGES {
        return Err(BuildError::TooManyPages { pages: total });
    }

    // 4. Merge and stamp.
    tell("Laying out the cover and index".to_owned(), &mut step)?;
    let mut merger = Merger::new();
    let front_doc =
        Document::load_mem(&front.bytes).map_err(|e| BuildError::Internal(e.to_string()))?;
    merger
        .append(front_doc)
        .map_err(|_| BuildError::Internal("the index pages could not be read back".into()))?;
    for ((_, item), doc) in items.iter().zip(docs) {
        tell(format!("Adding “{}”", item.title), &mut step)?;
        merger.append(doc).map_err(|_| BuildError::Damaged {
            title: item.title.clone(),
        })?;
    }
    for page in 0..front_pages {
        merger.stamp(page, &format!("Page {} of {total}", page + 1));
    }
    let mut page = front_pages;
    for item_labels in &labels {
        for label in item_labels {
            merger.stamp(page, &format!("{label}    Page {} of {total}", page + 1));
            page += 1;
        }
    }
    for (front_page, rect, item) in &front.links {
        merger.link(*front_page, *rect, firsts[*item] - 1);
    }

    // 5. Bookmarks, information, identity.
    let mut outline = vec![OutlineEntry {
        title: if front_pages > 2 {
            format!("Index (pages 2–{front_pages})")
        } else {
            "Index (page 2)".to_owned()
        },
        page: 1.min(front_pages - 1),
        children: Vec::new(),
    }];
    let mut map = Vec::with_capacity(items.len());
    let mut i = 0;
    for section in &spec.sections {
        let n = section.items.len();
        let mut children = Vec::new();
        for item in &section.items {
            let first = firsts[i];
            let last = first + counts[i] - 1;
            children.push(OutlineEntry {
                title: format!(
                    "{} {}{} (page {first})",
                    labels[i].first().cloned().unwrap_or_default(),
                    item.title,
                    item.date
                        .map(|d| format!(", {}", day(d)))
                        .unwrap_or_default()
                ),
                page: first - 1,
                children: Vec::new(),
            });
            map.push(MapEntry {
                key: item.key.clone(),
                section: section.letter.clone(),
                title: item.title.clone(),
                labels: labels[i].clone(),
                first_page: first,
                last_page: last,
                sha256: hashes[i].clone(),
            });
            i += 1;
        }
        if n > 0 {
            let first = firsts[i - n];
            outline.push(OutlineEntry {
                title: format!("{}  {} (page {first})", section.letter, section.title),
                page: first - 1,
                children,
            });
        }
    }
    let date = spec.build_date.format("D:%Y%m%d000000Z").to_string();
    let info: Dictionary = dictionary! {
        "Title" => text_string(&spec.title),
        "Creator" => Object::string_literal("Casefile"),
        "Producer" => Object::string_literal("Casefile"),
        "CreationDate" => Object::string_literal(date.clone()),
        "ModDate" => Object::string_literal(date),
    };
    let mut identity = Sha256::new();
    identity.update(spec.title.as_bytes());
    identity.update(spec.build_date.to_string().as_bytes());
    identity.update(spec.version.to_le_bytes());
    for (label, value) in &spec.cover_facts {
        identity.update(label.as_bytes());
        identity.update(value.as_bytes());
    }
    for entry in &map {
        identity.update(entry.key.as_bytes());
        identity.update(entry.sha256.as_bytes());
        identity.update(entry.labels.concat().as_bytes());
    }
    let digest = identity.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    tell("Writing the PDF".to_owned(), &mut step)?;
    let bytes = merger
        .finish(&outline, info, id)
        .map_err(|e| BuildError::Internal(e.to_string()))?;
    let mut warnings = warnings(spec, &per_section);
    if bytes.len() > EMAIL_LIMIT_BYTES {
        warnings.push(format!(
            "The bundle is {} MB; the Tribunal's email accepts about 36 MB, so it may need to be sent another way.",
            bytes.len() / (1024 * 1024)
        ));
    }
    Ok(BuiltBundle {
        sha256: hex(&Sha256::digest(&bytes)),
        bytes,
        pages: total,
        map,
        warnings,
    })
}

/// How many pages a PDF has, or 0 when it cannot be read.
pub fn page_count(bytes: &[u8]) -> usize {
    crate::reader::load_for_writing(bytes)
        .map(|d| d.get_pages().len())
        .unwrap_or(0)
}
