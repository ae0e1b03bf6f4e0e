//! Auditing the council's hearing bundle against the case file. The council (the local
//! authority) prepares the hearing bundle (Practice Direction No. 1 of 2025, Schedule One), and
//! families find their evidence left out, documents they never saw put in, and page numbers
//! that differ from the panel's copy, which the Upper Tribunal held unfair and an error of law
//! (*RP v Barnsley MBC* [2025] UKUT 46 (AAC)). The audit says, for each of the family's
//! documents, where it is in the council's bundle (or that it is not, or only in part), which
//! pages of the bundle match nothing the family holds, and, given two versions of the bundle,
//! every page whose number changed.
//!
//! Pages are compared by their words, not their bytes, so matching survives what councils do:
//! pages stamped again with the bundle's own numbers, documents reordered or split, pages
//! printed and scanned again (their words read by OCR). Each page becomes a set of
//! "shingles" (every run of three words, hashed); a page of the council's bundle comes from a
//! page of the family's when most of its shingles are that page's, and a page of the family's
//! is all there when nearly all of its shingles are found on the bundle pages that came from it.
//!
//! Reading the council's file is the only step that parses it, and it runs in the contained
//! reader (`outside::worker`); matching, comparing versions and the letter need neither the
//! file nor the store. Nothing in the case file changes until the family imports pages.

use std::collections::HashMap;
use std::time::Duration;

use casefile_pdf::reader::{self, Bookmark, ReadError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::outside::ocr::OcrEngine;
use crate::outside::worker::{self, Failure};
use crate::records::cases::Case;
use crate::store::Store;

/// The contained reader's task name for [`serve_read_pages`].
pub(crate) const READ_PAGES: &str = "read-pages";
/// The contained reader's task name for [`serve_copy_pages`].
pub(crate) const COPY_PAGES: &str = "copy-pages";

/// A page with fewer words than this (after the page's own numbering) is read again by OCR:
/// a scan, perhaps with the council's page stamp as its only text.
const OCR_BELOW_WORDS: usize = 15;
/// Pages read by OCR per call to the contained reader: progress and Cancel come between calls.
const OCR_CHUNK: usize = 8;
/// A page needs this many shingles to be compared by them; shorter pages (a signature page, a
/// divider) are compared by their whole run of words instead.
const MIN_SHINGLES: usize = 12;
/// A shingle found on more pages of the case file than this is boilerplate (a letterhead, a
/// footer) and says nothing about which page is which.
const COMMON_SHINGLE: usize = 48;
/// Of a council page's shingles, the share that must come from one page of the family's for it
/// to count as that page (text pages; OCR loses a word here and there, so less for scans).
const FROM_PAGE_TEXT: f64 = 0.5;
const FROM_PAGE_OCR: f64 = 0.3;
/// Of a family's page's shingles, the share that must be found for the page to be all there;
/// below it, but above [`CHANGED_FROM`], the page is there but changed.
const WHOLE_PAGE_TEXT: f64 = 0.9;
const WHOLE_PAGE_OCR: f64 = 0.55;
const CHANGED_FROM: f64 = 0.15;

/// The council's bundle as read: each page's text (by OCR where the page is a scan) and its
/// bookmarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilBundle {
    /// The file's name, as the family chose it.
    pub name: String,
    /// Each page's text, page 1 first.
    pub pages: Vec<String>,
    /// Pages whose text OCR read (from 1).
    pub ocr_pages: Vec<u32>,
    /// Scans whose words could not be read (no OCR data, or OCR failed on them).
    pub unread_pages: Vec<u32>,
    pub bookmarks: Vec<Bookmark>,
}

/// What reading a council bundle is doing, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditProgress {
    pub done: usize,
    pub total: usize,
    pub step: String,
}

fn refusal(name: &str, e: &ReadError) -> CoreError {
    match e {
        ReadError::NeedsPassword => CoreError::invalid(
            "password",
            format!("{name} is password-protected. Give its password to check it."),
        ),
        ReadError::WrongPassword => CoreError::invalid(
            "password",
            format!(
                "That password does not open {name}. Check it (passwords are case-sensitive) and try again."
            ),
        ),
        ReadError::NoPages => CoreError::invalid("file", format!("{name} has no pages.")),
        _ => CoreError::invalid(
            "file",
            format!(
                "{name} is damaged or is not a PDF, so it could not be checked. Ask the council for the bundle again, or download it again. Nothing in the case file was changed."
            ),
        ),
    }
}

fn read_pages_here(
    bytes: &[u8],
    password: Option<&str>,
) -> std::result::Result<(Vec<String>, Vec<Bookmark>), ReadError> {
    let opened = reader::open(bytes, password)?;
    Ok((opened.pages_text(), opened.bookmarks()))
}

/// The contained reader's side of [`read_council_bundle`]: every page's text and the bookmarks.
pub(crate) fn serve_read_pages(
    header: serde_json::Value,
    body: Vec<u8>,
) -> (serde_json::Value, Vec<u8>) {
    let reply = match read_pages_here(&body, header["password"].as_str()) {
        Ok((pages, bookmarks)) => {
            serde_json::json!({ "ok": true, "pages": pages, "bookmarks": bookmarks })
        }
        Err(e) => serde_json::json!({ "ok": false, "error": read_error_name(&e) }),
    };
    (reply, Vec::new())
}

fn read_error_name(e: &ReadError) -> &'static str {
    match e {
        ReadError::NeedsPassword => "needs-password",
        ReadError::WrongPassword => "wrong-password",
        ReadError::NoPages => "no-pages",
        _ => "damaged",
    }
}

fn read_error_of(name: &str) -> ReadError {
    match name {
        "needs-password" => ReadError::NeedsPassword,
        "wrong-password" => ReadError::WrongPassword,
        "no-pages" => ReadError::NoPages,
        other => ReadError::Damaged(other.to_owned()),
    }
}

fn contained_failure(name: &str, failure: &Failure) -> CoreError {
    CoreError::invalid(
        "file",
        match failure {
            Failure::Stopped(_) => format!(
                "{name} could not be read safely: the PDF reader stopped on it. The file may be damaged, or built to attack PDF readers. Nothing in the case file was changed."
            ),
            Failure::TimedOut(limit) => format!(
                "Reading {name} took longer than {} seconds, so Casefile stopped. Nothing in the case file was changed.",
                limit.as_secs()
            ),
        },
    )
}

fn cancelled() -> CoreError {
    CoreError::Pdf(casefile_pdf::BuildError::Cancelled)
}

/// Words as the audit compares them: runs of letters and digits, lower case.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Reads the council's bundle `bytes` (named `name`; `password` for a protected file) page by
/// page in the contained reader, reading scanned pages by OCR with `engine` when there is one.
/// `progress` hears of each step and returns `false` to stop. Nothing is stored.
pub fn read_council_bundle(
    bytes: &[u8],
    name: &str,
    password: Option<&str>,
    engine: Option<&OcrEngine>,
    progress: &mut dyn FnMut(&AuditProgress) -> bool,
) -> Result<CouncilBundle> {
    let step = |done: usize, total: usize, step: String| AuditProgress { done, total, step };
    if !progress(&step(0, 1, format!("Reading {name}"))) {
        return Err(cancelled());
    }
    let limit = Duration::from_secs(60 + 2 * (bytes.len() as u64 / 1_000_000));
    let header = serde_json::json!({ "password": password });
    let (mut pages, bookmarks) = match worker::run(READ_PAGES, header, bytes, limit) {
        None => read_pages_here(bytes, password).map_err(|e| refusal(name, &e))?,
        Some(Ok((reply, _))) => {
            if reply["ok"] != serde_json::Value::Bool(true) {
                let error = reply["error"].as_str().unwrap_or("damaged");
                return Err(refusal(name, &read_error_of(error)));
            }
            let pages: Vec<String> = serde_json::from_value(reply["pages"].clone())
                .map_err(|_| refusal(name, &ReadError::Damaged("no pages".into())))?;
            let bookmarks = serde_json::from_value(reply["bookmarks"].clone()).unwrap_or_default();
            (pages, bookmarks)
        }
        Some(Err(failure)) => return Err(contained_failure(name, &failure)),
    };
    if pages.is_empty() {
        return Err(refusal(name, &ReadError::NoPages));
    }
    let scans: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, text)| words_of(text).len() < OCR_BELOW_WORDS)
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let mut ocr_pages = Vec::new();
    let mut unread_pages = Vec::new();
    match engine {
        // Reading the words of a protected file's scans would need its password in the OCR
        // reader too; a council's bundle is rarely both.
        Some(engine) if password.is_none() => {
            for (n, chunk) in scans.chunks(OCR_CHUNK).enumerate() {
                let done = n * OCR_CHUNK;
                if !progress(&step(
                    done,
                    scans.len(),
                    format!(
                        "Reading the words of scanned pages ({} of {})",
                        done + 1,
                        scans.len()
                    ),
                )) {
                    return Err(cancelled());
                }
                match engine.read_pdf_pages(bytes, chunk) {
                    Ok(texts) => {
                        for (&page, text) in chunk.iter().zip(texts) {
                            let slot = &mut pages[page as usize - 1];
                            if words_of(&text).len() > words_of(slot).len() {
                                *slot = format!("{}\n{}", slot.trim_end(), text);
                                ocr_pages.push(page);
                            }
                        }
                    }
                    Err(_) => unread_pages.extend(chunk),
                }
            }
        }
        _ => unread_pages.extend(scans.iter().copied().filter(|&p| {
            // A page with a few words of its own is compared by those.
            words_of(&pages[p as usize - 1]).len() < 3
        })),
    }
    progress(&step(1, 1, "Comparing pages".into()));
    Ok(CouncilBundle {
        name: name.to_owned(),
        pages,
        ocr_pages,
        unread_pages,
        bookmarks,
    })
}

/// The contained reader's side of [`council_pages_copy`]: the pages as a PDF of their own.
pub(crate) fn serve_copy_pages(
    header: serde_json::Value,
    body: Vec<u8>,
) -> (serde_json::Value, Vec<u8>) {
    let number = |key: &str| {
        header[key]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(0)
    };
    match reader::pages_copy(
        &body,
        header["password"].as_str(),
        number("first"),
        number("last"),
    ) {
        Ok(pdf) => (serde_json::json!({ "ok": true }), pdf),
        Err(e) => (
            serde_json::json!({ "ok": false, "error": read_error_name(&e) }),
            Vec::new(),
        ),
    }
}

/// Pages `first` to `last` of the council's bundle as a PDF of their own (read in the contained
/// reader), for importing what the family never received.
pub fn council_pages_copy(
    bytes: &[u8],
    name: &str,
    password: Option<&str>,
    pages: [u32; 2],
) -> Result<Vec<u8>> {
    let header = serde_json::json!({ "password": password, "first": pages[0], "last": pages[1] });
    let limit = Duration::from_secs(60 + 2 * (bytes.len() as u64 / 1_000_000));
    match worker::run(COPY_PAGES, header, bytes, limit) {
        None => reader::pages_copy(bytes, password, pages[0], pages[1]).map_err(|e| match e {
            ReadError::NoSuchPage(n) => {
                CoreError::invalid("pages", format!("{name} has no page {n}."))
            }
            other => refusal(name, &other),
        }),
        Some(Ok((reply, pdf))) if reply["ok"] == serde_json::Value::Bool(true) => Ok(pdf),
        Some(Ok((reply, _))) => Err(refusal(
            name,
            &read_error_of(reply["error"].as_str().unwrap_or("damaged")),
        )),
        Some(Err(failure)) => Err(contained_failure(name, &failure)),
    }
}

/// One page reduced for comparing: its shingles (sorted, once each) and its words.
#[derive(Debug, Clone, Default)]
struct PageKey {
    shingles: Vec<u64>,
    /// The words joined by spaces, for short pages.
    words: String,
    word_count: usize,
    ocr: bool,
}

/// FNV-1a: a fixed hash, so a page's shingles are the same on every run and machine.
fn fnv(words: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        for byte in word.bytes().chain(std::iter::once(b' ')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn page_key(text: &str, ocr: bool) -> PageKey {
    let words = words_of(text);
    let mut shingles: Vec<u64> = words.windows(3).map(fnv).collect();
    shingles.sort_unstable();
    shingles.dedup();
    PageKey {
        shingles,
        word_count: words.len(),
        words: words.join(" "),
        ocr,
    }
}

/// Pages of `keys` that each page of `probes` came from: for every probe page, the pages of
/// `keys` (index) holding at least the share of its shingles that counts (more than one when the
/// family holds the same page twice), with the number of shingles shared. Short pages are
/// matched by their whole run of words, found inside the other page.
fn sources(probes: &[PageKey], keys: &[PageKey]) -> Vec<Vec<(usize, usize)>> {
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        for &s in &key.shingles {
            index.entry(s).or_default().push(k as u32);
        }
    }
    probes
        .iter()
        .map(|probe| {
            let mut counts: HashMap<u32, usize> = HashMap::new();
            // The probe's shingles that say which page it is: not boilerplate.
            let mut informative = 0;
            for s in &probe.shingles {
                match index.get(s) {
                    Some(postings) if postings.len() > COMMON_SHINGLE => {}
                    Some(postings) => {
                        informative += 1;
                        for &k in postings {
                            *counts.entry(k).or_insert(0) += 1;
                        }
                    }
                    None => informative += 1,
                }
            }
            let mut found: Vec<(usize, usize)> = counts
                .into_iter()
                .filter(|&(k, n)| {
                    let key = &keys[k as usize];
                    let bar = if probe.ocr || key.ocr {
                        FROM_PAGE_OCR
                    } else {
                        FROM_PAGE_TEXT
                    };
                    // A short page of the family's wholly inside the probe counts too.
                    n as f64 >= bar * informative as f64
                        || (key.shingles.len() < MIN_SHINGLES * 2
                            && n as f64 >= WHOLE_PAGE_TEXT * key.shingles.len() as f64)
                })
                .map(|(k, n)| (k as usize, n))
                .collect();
            // Short pages: the same run of words, inside the other page.
            let short_probe = probe.shingles.len() < MIN_SHINGLES && probe.word_count > 0;
            for (k, key) in keys.iter().enumerate() {
                let short_key = key.shingles.len() < MIN_SHINGLES && key.word_count > 0;
                // Two short pages, one's words all among the other's (a note stamped again, or
                // stored with its OCR text beside its own), or a short page inside a long one.
                let both_short = probe.shingles.len() < MIN_SHINGLES * 2
                    && key.shingles.len() < MIN_SHINGLES * 2;
                if (short_key && both_short && words_within(&key.words, &probe.words)
                    || short_key && contains_words(&probe.words, &key.words)
                    || short_probe && contains_words(&key.words, &probe.words))
                    && !found.iter().any(|&(f, _)| f == k)
                {
                    found.push((k, key.shingles.len().min(probe.shingles.len()).max(1)));
                }
            }
            found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // Of pages that share much with the probe, only those as near it as the nearest:
            // the same page held twice ties, while a page merely like it (a report's standalone
            // and consolidated accounts, worded alike) falls behind.
            if let Some(&(_, best)) = found.first() {
                found.retain(|&(_, n)| n * 10 >= best * 9);
            }
            found
        })
        .collect()
}

/// Whether every word of `inner` (at least three different ones) is among `outer`'s.
fn words_within(inner: &str, outer: &str) -> bool {
    let outer: std::collections::HashSet<&str> = outer.split(' ').collect();
    let inner: std::collections::HashSet<&str> = inner.split(' ').collect();
    inner.len() >= 3 && inner.iter().all(|w| outer.contains(w))
}

/// Whether `outer` holds the words of `inner` as whole words, in order.
fn contains_words(outer: &str, inner: &str) -> bool {
    !inner.is_empty() && format!(" {outer} ").contains(&format!(" {inner} "))
}

/// What the audit says of one of the family's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AuditStatus {
    /// Every page is in the council's bundle.
    Found,
    /// In the bundle, but pages are missing or changed.
    Different,
    /// Not in the bundle.
    Missing,
}

/// One of the family's documents in the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditedDocument {
    #[ts(type = "number")]
    pub document_id: i64,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub status: AuditStatus,
    /// The council bundle's pages it is on, first and last (from 1), when found at all.
    pub pages: Option<[u32; 2]>,
    /// Every run of the council bundle's pages it is on (more than one when it was split).
    pub ranges: Vec<[u32; 2]>,
    /// Its own pages (from 1) that are not in the bundle.
    pub missing_pages: Vec<u32>,
    /// Its own pages that are in the bundle, but changed.
    pub changed_pages: Vec<u32>,
    /// False when Casefile holds no words of it (a photo or scan not yet read), so the audit
    /// cannot say whether the bundle has it: the family looks for it by eye.
    pub readable: bool,
}

/// A run of the council bundle's pages that matches nothing in the case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnmatchedPages {
    pub pages: [u32; 2],
    /// The bundle's own bookmark for it, when it has one.
    pub title: Option<String>,
    /// The bundle's cover, index or contents pages, which are the council's own and expected:
    /// pages before its first bookmark, under a bookmark that says index or contents, or (in a
    /// bundle without bookmarks) pages naming two or more of the family's documents.
    pub index: bool,
}

/// The whole audit of one council bundle against one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleAudit {
    /// The council bundle's file name and its number of pages.
    pub file: String,
    pub page_count: u32,
    pub documents: Vec<AuditedDocument>,
    pub unmatched: Vec<UnmatchedPages>,
    /// Scanned pages of the council's bundle whose words could not be read, so they were
    /// compared with nothing.
    pub unread_pages: Vec<u32>,
    /// Pages read by OCR.
    #[ts(type = "number")]
    pub ocr_pages: usize,
}

/// One of the family's documents as the audit reads it: its text page by page.
#[derive(Debug, Clone)]
pub struct AuditSource {
    pub document_id: i64,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub pages: Vec<String>,
    /// Its text came from OCR.
    pub ocr: bool,
}

/// Everything an audit needs from the store, so the matching runs with the store free.
#[derive(Debug, Clone)]
pub struct AuditJob {
    pub case: Case,
    /// The hearing date on the case's Tribunal clock, for the letter's subject line.
    pub hearing_date: Option<NaiveDate>,
    pub sources: Vec<AuditSource>,
}

impl Store {
    /// Reads the case's documents for an audit (see [`AuditJob`]): each with its stored text
    /// page by page (its OCR text for a scan). A password-protected original is left out: its
    /// readable copy stands for it.
    pub fn audit_job(&self, case_id: i64) -> Result<AuditJob> {
        let case = self.case(case_id)?;
        let mut sources = Vec::new();
        for doc in self.list_documents(case_id)? {
            if doc.password_protected {
                continue;
            }
            let text = self.document_text(doc.id)?;
            sources.push(AuditSource {
                document_id: doc.id,
                title: doc.title.clone(),
                date: doc.document_date,
                pages: text.split('\u{c}').map(str::to_owned).collect(),
                ocr: doc.ocr_status.as_deref() == Some("done"),
            });
        }
        Ok(AuditJob {
            hearing_date: self.hearing_date(case_id)?,
            case,
            sources,
        })
    }
}

impl Store {
    /// Imports pages `run` of the council's bundle (`bytes`, named `name`) into the case as a
    /// document of its own, titled from the bundle's bookmark when it has one: pages the family
    /// never received, kept as evidence of what the council put in.
    pub fn import_council_pages(
        &mut self,
        case_id: i64,
        bytes: &[u8],
        name: &str,
        password: Option<&str>,
        run: &UnmatchedPages,
    ) -> Result<crate::ImportOutcome> {
        self.case(case_id)?;
        let copy = council_pages_copy(bytes, name, password, run.pages)?;
        let [first, last] = run.pages;
        let pages = if first == last {
            format!("page {first}")
        } else {
            format!("pages {first}–{last}")
        };
        let title = match run.title.as_deref().map(bookmark_title) {
            Some(t) if !t.is_empty() => format!("{t} (council bundle {pages})"),
            _ => format!("Council bundle {pages}"),
        };
        let file_name = format!("Council bundle {}.pdf", pages.replace('–', "-"));
        let prepared = crate::records::documents::prepare_bytes(
            &file_name,
            copy,
            &crate::ImportOptions::default(),
        );
        let outcome = self.store_prepared(case_id, prepared)?;
        if let crate::ImportOutcome::Imported { document, .. } = &outcome {
            let changed = self.change_document(
                document.id,
                &crate::DocumentChanges {
                    title: Some(title.chars().take(200).collect()),
                    ..Default::default()
                },
            )?;
            if let crate::ImportOutcome::Imported {
                attachments, notes, ..
            } = outcome
            {
                return Ok(crate::ImportOutcome::Imported {
                    document: changed,
                    attachments,
                    notes,
                });
            }
        }
        Ok(outcome)
    }
}

/// A bookmark's title without the bundle's own label and page ("B1 Minutes (page 21)" →
/// "Minutes").
fn bookmark_title(title: &str) -> String {
    let mut t = title.trim();
    if let Some(open) = t.rfind(" (page")
        && t.ends_with(')')
    {
        t = t[..open].trim_end();
    }
    if let Some((label, rest)) = t.split_once(' ')
        && label.len() <= 6
        && label.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && label
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && label.chars().any(|c| c.is_ascii_digit())
    {
        t = rest.trim_start();
    }
    t.to_owned()
}

/// Runs of consecutive numbers.
fn runs(pages: &[u32]) -> Vec<[u32; 2]> {
    let mut sorted = pages.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<[u32; 2]> = Vec::new();
    for p in sorted {
        match out.last_mut() {
            Some(run) if run[1] + 1 == p => run[1] = p,
            _ => out.push([p, p]),
        }
    }
    out
}

impl AuditJob {
    /// The audit of `council` against the case's documents (see the module notes).
    pub fn run(&self, council: &CouncilBundle) -> BundleAudit {
        let council_keys: Vec<PageKey> = council
            .pages
            .iter()
            .enumerate()
            .map(|(i, text)| page_key(text, council.ocr_pages.contains(&(i as u32 + 1))))
            .collect();
        // Every page of the family's, with the document and page it is.
        let mut family_keys = Vec::new();
        let mut owner = Vec::new();
        for (d, source) in self.sources.iter().enumerate() {
            for (p, text) in source.pages.iter().enumerate() {
                family_keys.push(page_key(text, source.ocr));
                owner.push((d, p));
            }
        }
        let found = sources(&council_keys, &family_keys);
        // For each family page: the council pages that came from it.
        let mut on: Vec<Vec<usize>> = vec![Vec::new(); family_keys.len()];
        for (c, from) in found.iter().enumerate() {
            for &(k, _) in from {
                on[k].push(c);
            }
        }
        let mut documents = Vec::new();
        for (d, source) in self.sources.iter().enumerate() {
            let mut council_pages = Vec::new();
            let mut missing_pages = Vec::new();
            let mut changed_pages = Vec::new();
            let mut readable_pages = 0;
            for (k, _) in owner.iter().enumerate().filter(|(_, o)| o.0 == d) {
                let key = &family_keys[k];
                let number = owner[k].1 as u32 + 1;
                if key.word_count == 0 {
                    // A blank page or a picture: nothing to compare.
                    continue;
                }
                readable_pages += 1;
                if on[k].is_empty() {
                    missing_pages.push(number);
                    continue;
                }
                council_pages.extend(on[k].iter().map(|&c| c as u32 + 1));
                if key.shingles.len() >= MIN_SHINGLES {
                    let mut seen: Vec<u64> = Vec::new();
                    for &c in &on[k] {
                        seen.extend(
                            key.shingles
                                .iter()
                                .filter(|s| council_keys[c].shingles.binary_search(s).is_ok()),
                        );
                    }
                    seen.sort_unstable();
                    seen.dedup();
                    let cover = seen.len() as f64 / key.shingles.len() as f64;
                    let ocr = key.ocr || on[k].iter().any(|&c| council_keys[c].ocr);
                    let whole = if ocr { WHOLE_PAGE_OCR } else { WHOLE_PAGE_TEXT };
                    if cover < CHANGED_FROM {
                        missing_pages.push(number);
                    } else if cover < whole {
                        changed_pages.push(number);
                    }
                }
            }
            let ranges = runs(&council_pages);
            let status = if readable_pages == 0 || ranges.is_empty() {
                AuditStatus::Missing
            } else if missing_pages.is_empty() && changed_pages.is_empty() {
                AuditStatus::Found
            } else {
                AuditStatus::Different
            };
            documents.push(AuditedDocument {
                document_id: source.document_id,
                title: source.title.clone(),
                date: source.date,
                status,
                pages: ranges
                    .first()
                    .zip(ranges.last())
                    .map(|(first, last)| [first[0], last[1]]),
                ranges,
                missing_pages: if status == AuditStatus::Missing {
                    Vec::new()
                } else {
                    missing_pages
                },
                changed_pages,
                readable: readable_pages > 0,
            });
        }
        BundleAudit {
            file: council.name.clone(),
            page_count: council.pages.len() as u32,
            documents,
            unmatched: self.unmatched(council, &council_keys, &found),
            unread_pages: council.unread_pages.clone(),
            ocr_pages: council.ocr_pages.len(),
        }
    }

    /// Runs of council pages that came from none of the family's, split at the bundle's own
    /// bookmarks. A page with hardly a word (a divider, a blank page) joins the run beside it
    /// but makes none of its own.
    fn unmatched(
        &self,
        council: &CouncilBundle,
        keys: &[PageKey],
        found: &[Vec<(usize, usize)>],
    ) -> Vec<UnmatchedPages> {
        let lone =
            |c: usize| found[c].is_empty() && !council.unread_pages.contains(&(c as u32 + 1));
        let mut pages: Vec<u32> = (0..keys.len())
            .filter(|&c| lone(c) && keys[c].word_count >= 3)
            .map(|c| c as u32 + 1)
            .collect();
        // Quiet pages beside a run join it.
        let quiet: Vec<u32> = (0..keys.len())
            .filter(|&c| lone(c) && keys[c].word_count < 3)
            .map(|c| c as u32 + 1)
            .collect();
        loop {
            let before = pages.len();
            for &q in &quiet {
                if !pages.contains(&q)
                    && (pages.contains(&(q + 1)) || pages.contains(&(q.wrapping_sub(1))))
                {
                    pages.push(q);
                }
            }
            pages.sort_unstable();
            if pages.len() == before {
                break;
            }
        }
        let starts: Vec<u32> = council.bookmarks.iter().map(|b| b.page).collect();
        let titles: Vec<String> = self
            .sources
            .iter()
            .map(|s| words_of(&s.title).join(" "))
            .filter(|t| t.len() >= 8)
            .collect();
        let mut out = Vec::new();
        for run in runs(&pages) {
            // Split at every bookmark that starts inside the run.
            let mut cuts: Vec<u32> = starts
                .iter()
                .copied()
                .filter(|&s| s > run[0] && s <= run[1])
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let mut first = run[0];
            for end in cuts.iter().map(|c| c - 1).chain(std::iter::once(run[1])) {
                let piece = [first, end];
                let title = council
                    .bookmarks
                    .iter()
                    .filter(|b| b.page <= first)
                    .max_by_key(|b| (b.page, b.depth))
                    .map(|b| b.title.clone());
                let text: String = (piece[0]..=piece[1])
                    .map(|p| keys[p as usize - 1].words.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let named = titles.iter().filter(|t| contains_words(&text, t)).count();
                // The bundle's front pages (its cover), before its first bookmark, are the
                // council's own too.
                let front = starts.iter().min().is_some_and(|&s| piece[1] < s);
                let index = front
                    || title.as_deref().is_some_and(|t| {
                        let t = t.to_lowercase();
                        t.contains("index") || t.contains("contents")
                    })
                    || (title.is_none() && named >= 2);
                out.push(UnmatchedPages {
                    pages: piece,
                    title,
                    index,
                });
                first = end + 1;
            }
        }
        out
    }
}

/// A run of pages whose numbers changed between two versions of the council's bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MovedPages {
    /// The pages in the earlier version, first and last.
    pub old: [u32; 2],
    /// The same pages in the later version.
    pub new: [u32; 2],
}

/// What changed between two versions of the council's bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BundleVersions {
    pub old_file: String,
    pub new_file: String,
    /// Every run of pages whose number changed.
    pub moved: Vec<MovedPages>,
    /// Pages of the earlier version that are not in the later (numbered as in the earlier).
    pub removed: Vec<[u32; 2]>,
    /// Pages of the later version that were not in the earlier (numbered as in the later).
    pub added: Vec<[u32; 2]>,
}

/// Compares two versions of the council's bundle page by page (see the module notes): each
/// page of the earlier version is found in the later by its words, and every page whose number
/// changed is listed, in runs.
pub fn compare_bundle_versions(old: &CouncilBundle, new: &CouncilBundle) -> BundleVersions {
    let keys = |b: &CouncilBundle| -> Vec<PageKey> {
        b.pages
            .iter()
            .enumerate()
            .map(|(i, t)| page_key(t, b.ocr_pages.contains(&(i as u32 + 1))))
            .collect()
    };
    let (old_keys, new_keys) = (keys(old), keys(new));
    let found = sources(&old_keys, &new_keys);
    // Each old page to one new page: the best, and of equals the one nearest the shift so far.
    let mut taken = vec![false; new_keys.len()];
    let mut to: Vec<Option<u32>> = vec![None; old_keys.len()];
    let mut shift: i64 = 0;
    for (o, from) in found.iter().enumerate() {
        if old_keys[o].word_count < 3 {
            continue;
        }
        let best = from.first().map_or(0, |f| f.1);
        let pick = from
            .iter()
            .filter(|&&(n, count)| !taken[n] && count * 10 >= best * 9)
            .min_by_key(|&&(n, _)| (n as i64 - o as i64 - shift).abs());
        if let Some(&(n, _)) = pick {
            taken[n] = true;
            to[o] = Some(n as u32 + 1);
            shift = n as i64 - o as i64;
        }
    }
    let mut moved: Vec<MovedPages> = Vec::new();
    for (o, n) in to.iter().enumerate() {
        let o = o as u32 + 1;
        let Some(n) = *n else { continue };
        if n == o {
            continue;
        }
        match moved.last_mut() {
            Some(run) if run.old[1] + 1 == o && run.new[1] + 1 == n => {
                run.old[1] = o;
                run.new[1] = n;
            }
            _ => moved.push(MovedPages {
                old: [o, o],
                new: [n, n],
            }),
        }
    }
    let removed: Vec<u32> = (0..old_keys.len())
        .filter(|&o| to[o].is_none() && old_keys[o].word_count >= 3)
        .map(|o| o as u32 + 1)
        .collect();
    let added: Vec<u32> = (0..new_keys.len())
        .filter(|&n| !taken[n] && new_keys[n].word_count >= 3)
        .map(|n| n as u32 + 1)
        .collect();
    BundleVersions {
        old_file: old.name.clone(),
        new_file: new.name.clone(),
        moved,
        removed: runs(&removed),
        added: runs(&added),
    }
}

fn pages_words(run: [u32; 2]) -> String {
    if run[0] == run[1] {
        format!("page {}", run[0])
    } else {
        format!("pages {}–{}", run[0], run[1])
    }
}

fn list_words(numbers: &[u32]) -> String {
    let parts: Vec<String> = runs(numbers)
        .into_iter()
        .map(|r| {
            if r[0] == r[1] {
                r[0].to_string()
            } else {
                format!("{}–{}", r[0], r[1])
            }
        })
        .collect();
    parts.join(", ")
}

fn titled(doc: &AuditedDocument) -> String {
    match doc.date {
        Some(date) => format!("“{}” ({})", doc.title, casefile_pdf::day(date)),
        None => format!("“{}”", doc.title),
    }
}

/// A letter to the council, copied to the Tribunal, listing what the audit found missing,
/// incomplete or unknown in the council's bundle, with its page references; `None` when it
/// found nothing to raise. The family reads and edits it before sending.
pub fn audit_letter(
    job: &AuditJob,
    audit: &BundleAudit,
    versions: Option<&BundleVersions>,
    today: NaiveDate,
) -> Option<String> {
    let missing: Vec<&AuditedDocument> = audit
        .documents
        .iter()
        .filter(|d| d.status == AuditStatus::Missing && d.readable)
        .collect();
    let different: Vec<&AuditedDocument> = audit
        .documents
        .iter()
        .filter(|d| d.status == AuditStatus::Different)
        .collect();
    let unknown: Vec<&UnmatchedPages> = audit.unmatched.iter().filter(|u| !u.index).collect();
    let moved = versions.map_or(&[][..], |v| v.moved.as_slice());
    if missing.is_empty() && different.is_empty() && unknown.is_empty() && moved.is_empty() {
        return None;
    }
    let case = &job.case;
    let council = case.local_authority.as_deref().unwrap_or("the council");
    let mut out = String::new();
    // The Tribunal's subject-line convention: HD dd/mm/yyyy | EH reference | child | what.
    let subject = [
        job.hearing_date
            .map(|d| format!("HD {}", d.format("%d/%m/%Y"))),
        case.tribunal_reference.clone(),
        Some(case.child_name.clone()),
        Some("HEARING BUNDLE".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" | ");
    out += &format!("Subject: {subject}\n\n");
    out += &format!(
        "To: {council}\nCopy: the First-tier Tribunal (Special Educational Needs and Disability)\n"
    );
    out += &format!("Date: {}\n\n", casefile_pdf::day(today));
    out += "Dear Sir or Madam,\n\n";
    out += &format!(
        "We have checked the hearing bundle the council sent ({}, {} pages) page by page against the documents we hold for {}'s appeal. The council prepares the bundle under the Tribunal's Practice Direction on bundles (No. 1 of 2025), and the family's copy must be the same as the panel's. We found the following.\n",
        audit.file, audit.page_count, case.child_name
    );
    let mut n = 0;
    if !missing.is_empty() {
        n += 1;
        out += &format!("\n{n}. Documents we sent that are not in the bundle:\n");
        for doc in &missing {
            out += &format!("   - {}\n", titled(doc));
        }
    }
    if !different.is_empty() {
        n += 1;
        out += &format!("\n{n}. Documents that are in the bundle only in part, or changed:\n");
        for doc in &different {
            let mut parts = Vec::new();
            if !doc.missing_pages.is_empty() {
                parts.push(format!(
                    "its page{} {} {} missing",
                    if doc.missing_pages.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    list_words(&doc.missing_pages),
                    if doc.missing_pages.len() == 1 {
                        "is"
                    } else {
                        "are"
                    }
                ));
            }
            if !doc.changed_pages.is_empty() {
                parts.push(format!(
                    "its page{} {} differ{} from our copy",
                    if doc.changed_pages.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    list_words(&doc.changed_pages),
                    if doc.changed_pages.len() == 1 {
                        "s"
                    } else {
                        ""
                    }
                ));
            }
            let at = doc
                .ranges
                .iter()
                .map(|r| pages_words(*r))
                .collect::<Vec<_>>()
                .join(", ");
            out += &format!(
                "   - {} at bundle {at}: {}\n",
                titled(doc),
                parts.join("; ")
            );
        }
    }
    if !unknown.is_empty() {
        n += 1;
        out += &format!(
            "\n{n}. Pages of the bundle that are not documents we have seen. Please send us copies, or say when they were sent to us:\n"
        );
        for run in &unknown {
            match &run.title {
                Some(title) => {
                    out += &format!("   - bundle {} (“{title}”)\n", pages_words(run.pages))
                }
                None => out += &format!("   - bundle {}\n", pages_words(run.pages)),
            }
        }
    }
    if !moved.is_empty() {
        n += 1;
        let v = versions.expect("moved pages come from versions");
        out += &format!(
            "\n{n}. The page numbers of the bundle changed between {} and {}, so references to the earlier version no longer point to the same pages:\n",
            v.old_file, v.new_file
        );
        for run in moved {
            out += &format!(
                "   - {} of the earlier version {} now {}\n",
                pages_words(run.old),
                if run.old[0] == run.old[1] {
                    "is"
                } else {
                    "are"
                },
                pages_words(run.new)
            );
        }
    }
    out += "\nPlease send a corrected bundle to us and to the Tribunal, with the same page numbers in every copy, so that the panel and the family work from the same pages at the hearing. If a document was left out on purpose, please tell us why.\n\nYours faithfully,\n\n\n";
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(name: &str, pages: &[&str]) -> CouncilBundle {
        CouncilBundle {
            name: name.into(),
            pages: pages.iter().map(|p| (*p).to_owned()).collect(),
            ocr_pages: Vec::new(),
            unread_pages: Vec::new(),
            bookmarks: Vec::new(),
        }
    }

    /// A page of twenty distinct words, the same every time for the same `n`.
    fn page(n: usize) -> String {
        (0..20)
            .map(|w| format!("word{n}x{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_bookmark_loses_the_bundles_label_and_page() {
        assert_eq!(
            bookmark_title("B1 Minutes of a panel (page 21)"),
            "Minutes of a panel"
        );
        assert_eq!(
            bookmark_title("D12A Letter, 3 Mar 2026 (page 140)"),
            "Letter, 3 Mar 2026"
        );
        assert_eq!(bookmark_title("Annual review (page 4)"), "Annual review");
        assert_eq!(bookmark_title("EP report"), "EP report");
    }

    #[test]
    fn two_pages_put_in_at_the_front_move_every_later_page_by_two() {
        // Old: pages 1–4 are a, b, c, d. New: x, y put in front, so a–d are pages 3–6, and the
        // old page 4 (d) is gone: a–c move from 1–3 to 3–5, d is removed, x and y are added.
        let [a, b, c, d, x, y] = [page(1), page(2), page(3), page(4), page(5), page(6)];
        let old = bundle("v1.pdf", &[&a, &b, &c, &d]);
        let new = bundle("v2.pdf", &[&x, &y, &a, &b, &c]);
        let v = compare_bundle_versions(&old, &new);
        assert_eq!(
            v.moved,
            vec![MovedPages {
                old: [1, 3],
                new: [3, 5]
            }]
        );
        assert_eq!(v.removed, vec![[4, 4]]);
        assert_eq!(v.added, vec![[1, 2]]);
    }

    #[test]
    fn a_page_stamped_again_is_the_same_page_and_a_stranger_is_unmatched() {
        let job = AuditJob {
            case: Case {
                id: 1,
                child_name: "Robin".into(),
                date_of_birth: None,
                local_authority: None,
                school: None,
                ehcp_status: crate::EhcpStatus::None,
                tribunal_reference: None,
                is_demo: false,
                archived_at: None,
                created_at: String::new(),
                updated_at: String::new(),
            },
            hearing_date: None,
            sources: vec![AuditSource {
                document_id: 7,
                title: "Report".into(),
                date: None,
                pages: vec![page(1), page(2)],
                ocr: false,
            }],
        };
        let council = bundle(
            "council.pdf",
            &[
                &format!("{}\nB1 Page 1 of 3", page(1)),
                &format!("{}\nB2 Page 2 of 3", page(9)),
                &format!("{}\nB3 Page 3 of 3", page(2)),
            ],
        );
        let audit = job.run(&council);
        // Both its pages are there, split around a stranger: found whole, in two places.
        assert_eq!(audit.documents[0].status, AuditStatus::Found);
        assert_eq!(audit.documents[0].ranges, vec![[1, 1], [3, 3]]);
        assert_eq!(audit.documents[0].pages, Some([1, 3]));
        assert_eq!(
            audit.unmatched,
            vec![UnmatchedPages {
                pages: [2, 2],
                title: None,
                index: false
            }]
        );
    }
}
