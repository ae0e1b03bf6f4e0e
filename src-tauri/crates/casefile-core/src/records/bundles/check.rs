//! Checking a bundle plan against the Practice Direction (First-tier Tribunal, SEND, Practice
//! Direction No. 1 of 2025, Schedule One) before it is built: each problem with its kind, the
//! document and pages, and what to do. The page limits, long and old reports come from the same
//! rules as the plan screen's warnings (`casefile_pdf::limit_findings`); duplicates, blank
//! pages, small type, email threads and unreadable scans are found by reading every page.

use std::collections::BTreeMap;

use casefile_pdf::{
    LimitKind, PageFacts, Source, inspect_pdf, limit_findings, page_count, page_words,
};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::{Bundle, BundleJob, EvidenceKind, ItemSource, SectionPart};
use crate::error::Result;
use crate::records::cases::Case;
use crate::store::Store;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum FindingKind {
    /// Past a page limit (a section's, or the appeal's limit on the family's evidence).
    OverLimit,
    /// The same file twice, or the same pages under another title.
    Duplicate,
    BlankPage,
    /// An expert report more than 3 years old at the hearing (or today, without a hearing date).
    OldReport,
    LongExpertReport,
    LongWitnessStatement,
    /// A report or statement set in type smaller than 12 point.
    SmallType,
    /// A chain of emails, which the Tribunal wants only where relevant to a specific issue.
    EmailThread,
    /// A scan or photo from which no text could be read.
    NoText,
}

/// One problem the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    pub kind: FindingKind,
    /// The plan item it is about, when it is about one document.
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    pub title: Option<String>,
    /// The pages concerned, first and last, counted within that document (1-based).
    pub pages: Option<[u32; 2]>,
    pub message: String,
    /// What to do about it, in plain words.
    pub action: String,
}

/// The whole check of one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleCheck {
    pub findings: Vec<Finding>,
    /// The hearing date reports' ages are counted at (from the case's Tribunal clock), when known.
    pub hearing_date: Option<NaiveDate>,
    /// The day reports' ages were counted at: the hearing date, or today without one.
    pub counted_at: NaiveDate,
    /// A draft request to the Tribunal (form SEND7) to go past the evidence limit, when the
    /// evidence is over it.
    pub send7: Option<String>,
}

/// A page's words must be at least this long to count as the same page elsewhere: shorter
/// pages (a signature page, "This page is intentionally left blank") say too little.
const SAME_PAGE_MIN_CHARS: usize = 120;

/// Body type below this (in points, as printed) is small type; 12 pt is asked for, and a little
/// slack allows for how PDFs round sizes.
const SMALL_TYPE_BELOW: f32 = 11.5;

/// Everything a check needs, read from the store; running it needs the store no more (the
/// window reads every page with the store free, as it counts pages for the plan screen).
#[derive(Debug)]
pub struct CheckJob {
    job: BundleJob,
    texts: BTreeMap<i64, String>,
    hearing_date: Option<NaiveDate>,
    case: Case,
}

impl CheckJob {
    pub fn run(self) -> Result<BundleCheck> {
        self.job.check(&self.texts, self.hearing_date, &self.case)
    }
}

impl Store {
    /// Checks `bundle` against the Practice Direction, as it would be built today (see the
    /// module notes).
    pub fn check_bundle(&self, bundle: &Bundle, today: NaiveDate) -> Result<BundleCheck> {
        self.check_job(bundle, today)?.run()
    }

    /// Reads what checking `bundle` needs (see [`CheckJob`]).
    pub fn check_job(&self, bundle: &Bundle, today: NaiveDate) -> Result<CheckJob> {
        let mut texts = BTreeMap::new();
        for item in bundle.sections.iter().flat_map(|s| &s.items) {
            if let Some(id) = item.document_id {
                texts.insert(id, self.document_text(id)?);
            }
        }
        Ok(CheckJob {
            job: self.bundle_job(bundle, today, false)?,
            texts,
            hearing_date: self.hearing_date(bundle.case_id)?,
            case: self.case(bundle.case_id)?,
        })
    }

    /// The hearing date recorded on the case's Tribunal clock (the latest, if several).
    pub(crate) fn hearing_date(&self, case_id: i64) -> Result<Option<NaiveDate>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT e.on_date FROM clock_events e JOIN clocks c ON c.id = e.clock_id \
                 WHERE c.case_id = ?1 AND c.process = 'tribunal-directions' AND e.event = 'hearing-date' \
                 ORDER BY e.on_date DESC LIMIT 1",
                [case_id],
                |r| r.get::<_, NaiveDate>(0),
            )
            .optional()?)
    }
}

/// Consecutive page numbers as first–last runs: [2, 3, 4, 7] → [2, 4], [7, 7].
fn runs(pages: &[u32]) -> Vec<[u32; 2]> {
    let mut out: Vec<[u32; 2]> = Vec::new();
    for &p in pages {
        match out.last_mut() {
            Some(run) if run[1] + 1 == p => run[1] = p,
            _ => out.push([p, p]),
        }
    }
    out
}

fn pages_words(run: [u32; 2]) -> String {
    if run[0] == run[1] {
        format!("Page {}", run[0])
    } else {
        format!("Pages {}–{}", run[0], run[1])
    }
}

/// Whether a document's text reads as a chain of emails: two or more messages' headers, or a
/// reply quoting the one before.
fn is_email_thread(text: &str) -> bool {
    let lines: Vec<String> = text.lines().map(|l| l.trim().to_lowercase()).collect();
    let from = lines.iter().filter(|l| l.starts_with("from:")).count();
    let quoted = lines
        .iter()
        .filter(|l| {
            l.contains("-----original message-----")
                || (l.starts_with("on ") && l.ends_with("wrote:"))
        })
        .count();
    from >= 2 || (from >= 1 && quoted >= 1) || quoted >= 2
}

impl BundleJob {
    /// The check itself, on what the job read: `texts` holds each document's stored text (its
    /// OCR text for a scan), by document number. Needs no store.
    pub fn check(
        self,
        texts: &BTreeMap<i64, String>,
        hearing_date: Option<NaiveDate>,
        case: &Case,
    ) -> Result<BundleCheck> {
        let bundle = self.bundle.clone();
        let counted_at = hearing_date.unwrap_or(self.spec.build_date);
        let (spec, _, _, _) = self.into_spec(false, &mut |_| true)?;
        let mut findings = Vec::new();
        let mut counts = Vec::new();
        // Every page read, by item, in plan order.
        let mut read: Vec<(usize, usize, Option<Vec<PageFacts>>)> = Vec::new();
        for (s, (plan_section, spec_section)) in
            bundle.sections.iter().zip(&spec.sections).enumerate()
        {
            let mut section_counts = Vec::new();
            for (i, (plan_item, spec_item)) in plan_section
                .items
                .iter()
                .zip(&spec_section.items)
                .enumerate()
            {
                let facts = match &spec_item.source {
                    Source::Pdf(bytes) if !bytes.is_empty() => inspect_pdf(bytes),
                    _ => None,
                };
                let pages = match (&facts, plan_item.pages, &spec_item.source) {
                    (Some(f), _, _) => f.len(),
                    (None, Some(p), _) => p as usize,
                    (None, None, Source::Pdf(bytes)) => page_count(bytes),
                    (None, None, _) => 1,
                };
                section_counts.push(pages);
                read.push((s, i, facts));
            }
            counts.push(section_counts);
        }
        let item = |s: usize, i: usize| &bundle.sections[s].items[i];

        for limit in limit_findings(&spec, &counts, counted_at) {
            let (kind, action) = match limit.kind {
                LimitKind::OverLimit => (
                    FindingKind::OverLimit,
                    "Take out what does not bear on an issue in dispute, or ask the Tribunal for permission to go over the limit (form SEND7: Casefile drafts it below) before the evidence deadline.",
                ),
                LimitKind::LongExpertReport => (
                    FindingKind::LongExpertReport,
                    "Ask the expert for a version of at most 15 pages with a summary of at most 2, or ask the Tribunal's permission for the longer report.",
                ),
                LimitKind::LongWitnessStatement => (
                    FindingKind::LongWitnessStatement,
                    "Shorten the statement to 10 pages, or add a short note explaining why it needs to be longer.",
                ),
                LimitKind::OldReport => (
                    FindingKind::OldReport,
                    "Use a more recent report if there is one, or say in your evidence why this one still describes the child's needs.",
                ),
            };
            let plan_item = limit.item.map(|i| item(limit.section, i));
            findings.push(Finding {
                kind,
                item_id: plan_item.map(|p| p.id),
                title: plan_item.map(|p| p.title.clone()),
                pages: None,
                message: limit.message,
                action: action.to_owned(),
            });
        }

        // The same file twice.
        let mut by_sha: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (s, i, _) in &read {
            let plan = item(*s, *i);
            let Some(sha) = spec.sections[*s].items[*i].sha256.as_deref() else {
                continue;
            };
            match by_sha.get(sha) {
                Some(&(fs, fi)) => findings.push(Finding {
                    kind: FindingKind::Duplicate,
                    item_id: Some(plan.id),
                    title: Some(plan.title.clone()),
                    pages: None,
                    message: format!(
                        "“{}” is the same file as “{}” (section {}).",
                        plan.title,
                        item(fs, fi).title,
                        bundle.sections[fs].letter
                    ),
                    action: "Keep one copy: the Practice Direction says a bundle must not hold duplicates.".into(),
                }),
                None => {
                    by_sha.insert(sha, (*s, *i));
                }
            }
        }
        let same_file: Vec<i64> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Duplicate)
            .filter_map(|f| f.item_id)
            .collect();

        // The same pages under another title, and blank pages.
        let mut seen_pages: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (s, i, facts) in &read {
            let plan = item(*s, *i);
            let Some(facts) = facts else { continue };
            let mut repeated: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
            let mut blank = Vec::new();
            for (n, page) in facts.iter().enumerate() {
                let number = n as u32 + 1;
                if page.is_blank() {
                    blank.push(number);
                    continue;
                }
                let words = page_words(&page.text);
                if words.len() < SAME_PAGE_MIN_CHARS {
                    continue;
                }
                match seen_pages.get(&words) {
                    Some(&other) if other != (*s, *i) => {
                        repeated.entry(other).or_default().push(number)
                    }
                    Some(_) => {}
                    None => {
                        seen_pages.insert(words, (*s, *i));
                    }
                }
            }
            if plan.source == ItemSource::Document && !same_file.contains(&plan.id) {
                for ((os, oi), pages) in repeated {
                    for run in runs(&pages) {
                        findings.push(Finding {
                            kind: FindingKind::Duplicate,
                            item_id: Some(plan.id),
                            title: Some(plan.title.clone()),
                            pages: Some(run),
                            message: format!(
                                "{} of “{}” repeat{} pages of “{}” (section {}).",
                                pages_words(run),
                                plan.title,
                                if run[0] == run[1] { "s" } else { "" },
                                item(os, oi).title,
                                bundle.sections[os].letter
                            ),
                            action: "Keep these pages once: the Practice Direction says a bundle must not hold duplicates.".into(),
                        });
                    }
                }
            }
            for run in runs(&blank) {
                findings.push(Finding {
                    kind: FindingKind::BlankPage,
                    item_id: Some(plan.id),
                    title: Some(plan.title.clone()),
                    pages: Some(run),
                    message: format!(
                        "{} of “{}” {} blank.",
                        pages_words(run),
                        plan.title,
                        if run[0] == run[1] { "is" } else { "are" }
                    ),
                    action: "Leave blank pages out: save or scan the document again without them."
                        .into(),
                });
            }
            // Small type, in the documents the Practice Direction sets a type size for.
            if matches!(
                plan.kind,
                EvidenceKind::ExpertReport | EvidenceKind::WitnessStatement
            ) {
                let small: Vec<(u32, f32)> = facts
                    .iter()
                    .enumerate()
                    .filter_map(|(n, p)| p.body_size.map(|size| (n as u32 + 1, size)))
                    .filter(|(_, size)| *size < SMALL_TYPE_BELOW)
                    .collect();
                let sized = facts.iter().filter(|p| p.body_size.is_some()).count();
                if !small.is_empty() && small.len() * 2 >= sized {
                    let smallest = small.iter().map(|(_, s)| *s).fold(f32::MAX, f32::min);
                    let pages: Vec<u32> = small.iter().map(|(n, _)| *n).collect();
                    findings.push(Finding {
                        kind: FindingKind::SmallType,
                        item_id: Some(plan.id),
                        title: Some(plan.title.clone()),
                        pages: Some([pages[0], pages[pages.len() - 1]]),
                        message: format!(
                            "Most of “{}” is set in type smaller than 12 point (down to {smallest:.1} pt).",
                            plan.title
                        ),
                        action: "Ask for a copy in 12-point type: the Practice Direction asks for it in reports and statements.".into(),
                    });
                }
            }
        }

        // What the stored text says: email chains, and scans nothing could be read from.
        for section in &bundle.sections {
            for plan in &section.items {
                let Some(text) = plan.document_id.and_then(|id| texts.get(&id)) else {
                    continue;
                };
                if is_email_thread(text) {
                    findings.push(Finding {
                        kind: FindingKind::EmailThread,
                        item_id: Some(plan.id),
                        title: Some(plan.title.clone()),
                        pages: None,
                        message: format!("“{}” reads as a chain of emails.", plan.title),
                        action: "Include emails only where they are relevant to a specific issue: keep the messages that matter and say which issue each one is about.".into(),
                    });
                }
                let scan = matches!(
                    plan.media_type.as_deref(),
                    Some("application/pdf" | "image/jpeg" | "image/png")
                );
                if scan && text.trim().is_empty() {
                    findings.push(Finding {
                        kind: FindingKind::NoText,
                        item_id: Some(plan.id),
                        title: Some(plan.title.clone()),
                        pages: None,
                        message: format!("No text could be read from “{}”.", plan.title),
                        action: "Check that every page is clear enough for the panel to read; scan it again at 300 dpi if not.".into(),
                    });
                }
            }
        }
        findings.sort_by_key(|f| f.kind);

        let evidence: u32 = bundle
            .sections
            .iter()
            .zip(&counts)
            .filter(|(section, _)| section.part == SectionPart::Evidence)
            .map(|(_, c)| c.iter().sum::<usize>() as u32)
            .sum();
        let send7 = bundle
            .total_limit
            .filter(|limit| evidence > *limit)
            .map(|limit| send7_draft(&bundle, case, evidence, limit, &counts));
        Ok(BundleCheck {
            findings,
            hearing_date,
            counted_at,
            send7,
        })
    }
}

/// A request for change (form SEND7) asking to go past the evidence limit, with the facts filled
/// in from the case and the plan, and the reasons left for the family to give in their words.
fn send7_draft(
    bundle: &Bundle,
    case: &Case,
    evidence: u32,
    limit: u32,
    counts: &[Vec<usize>],
) -> String {
    let mut largest: Vec<(usize, &str)> = bundle
        .sections
        .iter()
        .zip(counts)
        .filter(|(section, _)| section.part == SectionPart::Evidence)
        .flat_map(|(section, c)| {
            section
                .items
                .iter()
                .zip(c)
                .map(|(i, p)| (*p, i.title.as_str()))
        })
        .collect();
    largest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let documents: usize = largest.len();
    let mut text = String::from(
        "Request for change (form SEND7): permission to go over the evidence page limit\n\n",
    );
    text += &format!(
        "Tribunal reference: {}\nChild or young person: {}\nLocal authority: {}\n\n",
        case.tribunal_reference
            .as_deref()
            .unwrap_or("[the appeal's reference]"),
        case.child_name,
        case.local_authority
            .as_deref()
            .unwrap_or("[the local authority]")
    );
    text += &format!(
        "I ask the Tribunal to direct that my evidence may run to {evidence} pages, {} more than the limit of {limit} pages the Practice Direction sets for this appeal.\n\n",
        evidence - limit
    );
    text += &format!(
        "My evidence is {documents} document{}. The longest are:\n",
        if documents == 1 { "" } else { "s" }
    );
    for (pages, title) in largest.iter().take(5) {
        text += &format!(
            "- {title}: {pages} page{}\n",
            if *pages == 1 { "" } else { "s" }
        );
    }
    text += "\nWhy each is needed: [say, for each long document, which issue in dispute it is evidence for and why a shorter extract would not do]\n\n";
    text += "I asked the local authority whether it agrees to this request on [date]; its answer: [agrees / does not agree / no answer yet].\n\n";
    text += "I am sending a copy of this request to the local authority.\n";
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_group_into_runs() {
        assert_eq!(runs(&[2, 3, 4, 7]), vec![[2, 4], [7, 7]]);
        assert_eq!(runs(&[]), Vec::<[u32; 2]>::new());
    }

    #[test]
    fn an_email_chain_is_told_from_one_email() {
        let one = "From: school@example.org\nSent: 3 March 2026\nSubject: Sessions\n\nThe therapist was ill.";
        assert!(!is_email_thread(one));
        let chain = format!(
            "{one}\n\nFrom: parent@example.org\nSent: 2 March 2026\nWhere were the sessions?"
        );
        assert!(is_email_thread(&chain));
        let reply = "Thanks, noted.\n\nOn Mon, 2 Mar 2026 at 09:14, Parent wrote:\n> Where were the sessions?\nFrom: parent";
        assert!(is_email_thread(reply));
    }
}
