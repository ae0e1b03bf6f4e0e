//! The submission pack: a built bundle made ready to email to the Tribunal with the council
//! copied. Court mailboxes take 10 to 25 MB a message (and email's encoding adds a third to
//! every attachment), so the bundle is split at its documents' boundaries into parts that fit,
//! each a PDF of the bundle's own pages, so its page stamps carry on from part to part. The
//! parts are named, and the emails' subject lines written, in the Tribunal's convention
//! (`HD dd/mm/yyyy | EH reference | child's name | EVIDENCE`); a manifest gives each part's
//! SHA-256, and the submission goes into the correspondence log with those fingerprints, as
//! proof of what was sent and when (sources: `domain/tribunal-2025.md`, "Submission").
//!
//! The bundle sent is the version last built, read back and checked against its recorded
//! fingerprint, so the family sends exactly what they looked at. Copying pages out of it runs
//! in this process: the bundle is Casefile's own file, written by its PDF engine.

use std::path::{Path, PathBuf};

use casefile_pdf::MapEntry;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{Bundle, BundleKind};
use crate::error::{CoreError, Result};
use crate::records::cases::Case;
use crate::records::correspondence::EntryDetails;
use crate::store::Store;

/// The smallest and largest email size a pack may be made for, in MB.
pub const MIN_EMAIL_MB: u32 = 1;
pub const MAX_EMAIL_MB: u32 = 100;

/// What one email may carry in attachments: three quarters of the message (email's base64
/// encoding makes every attachment a third larger), less room for the message's own text.
fn attachment_budget(email_mb: u32) -> u64 {
    u64::from(email_mb) * 1_000_000 * 3 / 4 - 20_000
}

/// One part of a pack: a PDF of consecutive pages of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PackPart {
    pub file_name: String,
    /// The bundle's pages it holds, first and last.
    pub pages: [u32; 2],
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
    /// The bundle's documents in it, by title (a document split across parts is in both).
    pub documents: Vec<String>,
}

/// A submission pack as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SubmissionPack {
    /// The folder the parts, the emails and the manifest were written to.
    pub folder: String,
    /// The subject line, without the email's number ("(email 1 of 3)" is added when there are
    /// several).
    pub subject: String,
    pub parts: Vec<PackPart>,
    /// Each email's text: To, Copy, Subject, the message, and its attachment.
    pub emails: Vec<String>,
    /// The manifest file's name, in `folder`.
    pub manifest: String,
    /// The bundle's version sent, and its fingerprint.
    pub version: u32,
    pub bundle_sha256: String,
    /// The largest email the parts were made for, in MB.
    pub email_mb: u32,
    /// Documents too large for one email alone, split between parts at a page.
    pub split_documents: Vec<String>,
    /// The correspondence log entry that records the submission, once recorded.
    #[ts(type = "number | null")]
    pub entry_id: Option<i64>,
}

/// Everything making a pack needs, read from the store.
#[derive(Debug, Clone)]
pub struct PackJob {
    case: Case,
    bundle: Bundle,
    version: u32,
    bundle_sha256: String,
    bytes: Vec<u8>,
    map: Vec<MapEntry>,
    hearing_date: Option<NaiveDate>,
    email_mb: u32,
}

impl Store {
    /// Reads what packing `bundle_id` for emails of at most `email_mb` MB needs: its last built
    /// version, read back from where it was saved and checked against its fingerprint.
    pub fn pack_job(&self, bundle_id: i64, email_mb: u32) -> Result<PackJob> {
        if !(MIN_EMAIL_MB..=MAX_EMAIL_MB).contains(&email_mb) {
            return Err(CoreError::invalid(
                "max_mb",
                format!(
                    "An email of {email_mb} MB is not something a mailbox takes: give a size from {MIN_EMAIL_MB} to {MAX_EMAIL_MB} MB (the Tribunal's mailboxes take 10 to 25 MB)."
                ),
            ));
        }
        let bundle = self.bundle(bundle_id)?;
        let Some(latest) = bundle.versions.iter().max_by_key(|v| v.version) else {
            return Err(CoreError::invalid(
                "bundle",
                format!(
                    "“{}” has not been built yet. Build it, look through it, and then make the pack from it.",
                    bundle.title
                ),
            ));
        };
        let path = latest.output_path.clone().ok_or_else(|| {
            CoreError::invalid(
                "bundle",
                "Casefile does not know where that version was saved: build the bundle again."
                    .to_owned(),
            )
        })?;
        let bytes = std::fs::read(&path).map_err(|_| {
            CoreError::invalid(
                "bundle",
                format!("Version {} of the bundle is no longer at {path}. Build the bundle again to make a new copy, then make the pack.", latest.version),
            )
        })?;
        let sha = format!("{:x}", Sha256::digest(&bytes));
        if sha != latest.sha256 {
            return Err(CoreError::invalid(
                "bundle",
                format!(
                    "{path} is not the bundle Casefile built (it has changed since: its fingerprint differs). Build the bundle again, so the pack is exactly what you checked."
                ),
            ));
        }
        let map: Vec<MapEntry> = serde_json::from_str(&latest.page_map).map_err(|e| {
            CoreError::Damaged(format!(
                "the page map of the bundle's version {}: {e}",
                latest.version
            ))
        })?;
        Ok(PackJob {
            case: self.case(bundle.case_id)?,
            hearing_date: self.hearing_date(bundle.case_id)?,
            version: latest.version,
            bundle_sha256: sha,
            bytes,
            map,
            bundle,
            email_mb,
        })
    }

    /// Records a written pack in the case's correspondence log (sent by email to the Tribunal,
    /// today), with every part's fingerprint, and returns the pack with the entry's number.
    pub fn record_submission(
        &mut self,
        case_id: i64,
        mut pack: SubmissionPack,
        today: NaiveDate,
    ) -> Result<SubmissionPack> {
        let mut note = format!(
            "Submission pack of version {} of the bundle (SHA-256 {}), in {} email{} of at most {} MB, to the Tribunal with the council copied. Each attachment's SHA-256:\n",
            pack.version,
            pack.bundle_sha256,
            pack.parts.len(),
            if pack.parts.len() == 1 { "" } else { "s" },
            pack.email_mb
        );
        for part in &pack.parts {
            note += &format!(
                "- {} (bundle pages {}–{}, {} bytes): {}\n",
                part.file_name, part.pages[0], part.pages[1], part.bytes, part.sha256
            );
        }
        let entry = self.add_entry(
            case_id,
            &EntryDetails {
                occurred_on: today.to_string(),
                occurred_time: None,
                direction: "out".into(),
                channel: "email".into(),
                party: Some("First-tier Tribunal (SEND)".into()),
                subject: Some(pack.subject.chars().take(200).collect()),
                note,
                follow_up_by: None,
                documents: Vec::new(),
            },
            today,
        )?;
        pack.entry_id = Some(entry.id);
        Ok(pack)
    }
}

/// A name safe in a file name on Windows, macOS and Linux.
fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Copies pages out of the built bundle `bytes`, one PDF per range. The bundle is Casefile's
/// own file, checked against its recorded fingerprint, so the PDF engine's writer splits it
/// here.
fn copy_ranges(bytes: &[u8], ranges: &[[u32; 2]]) -> Result<Vec<Vec<u8>>> {
    Ok(casefile_pdf::split_pages(bytes, ranges)?)
}

/// The pieces a pack is made of: the front pages (cover and index), then each document, in
/// bundle order, as page ranges with the titles they hold.
fn pieces(map: &[MapEntry], pages: u32) -> Vec<([u32; 2], Vec<String>)> {
    let mut out = Vec::new();
    let mut entries: Vec<&MapEntry> = map.iter().collect();
    entries.sort_by_key(|e| e.first_page);
    let first = entries.first().map_or(pages + 1, |e| e.first_page as u32);
    if first > 1 {
        out.push(([1, first - 1], vec!["Cover and index".to_owned()]));
    }
    for e in entries {
        out.push((
            [e.first_page as u32, e.last_page as u32],
            vec![e.title.clone()],
        ));
    }
    out
}

impl PackJob {
    /// Splits the bundle into parts and writes them, one email's text for each, and the
    /// manifest into `folder` (made if need be). Refuses, writing nothing, when `folder` already
    /// holds files of the same names.
    pub fn write(self, folder: &Path) -> Result<SubmissionPack> {
        let pages = u32::try_from(casefile_pdf::page_count(&self.bytes)).unwrap_or(0);
        let budget = attachment_budget(self.email_mb);
        // Each piece measured alone (its share of fonts counted again each time, so the sum
        // over-counts and a part made of pieces that fit does fit).
        let mut pieces = pieces(&self.map, pages);
        let sizes: Vec<u64> =
            copy_ranges(&self.bytes, &pieces.iter().map(|p| p.0).collect::<Vec<_>>())?
                .iter()
                .map(|b| b.len() as u64)
                .collect();
        // A document too large for one email is split at pages, measured alone too.
        let mut split_documents = Vec::new();
        let mut sized: Vec<([u32; 2], Vec<String>, u64)> = Vec::new();
        for (piece, size) in pieces.drain(..).zip(sizes) {
            if size <= budget || piece.0[0] == piece.0[1] {
                sized.push((piece.0, piece.1, size));
                continue;
            }
            split_documents.extend(piece.1.iter().cloned());
            let singles: Vec<[u32; 2]> = (piece.0[0]..=piece.0[1]).map(|p| [p, p]).collect();
            let page_sizes = copy_ranges(&self.bytes, &singles)?;
            for (r, b) in singles.iter().zip(page_sizes) {
                sized.push((*r, piece.1.clone(), b.len() as u64));
            }
        }
        let too_big: Vec<String> = sized
            .iter()
            .filter(|s| s.2 > budget)
            .map(|s| format!("page {}", s.0[0]))
            .collect();
        if !too_big.is_empty() {
            return Err(CoreError::invalid(
                "max_mb",
                format!(
                    "Bundle {} {} larger than one email of {} MB can carry. Scan or save {} at a lower resolution, or make the pack for larger emails (the Tribunal's mailboxes take up to 25 MB).",
                    too_big.join(", "),
                    if too_big.len() == 1 { "is" } else { "are" },
                    self.email_mb,
                    if too_big.len() == 1 { "it" } else { "them" }
                ),
            ));
        }
        // As many pieces to a part as fit, measured as the part itself (pages share fonts, so
        // a part is smaller than its pieces measured alone): the furthest piece that still
        // fits is found by doubling, then halving.
        let size_of = |from: usize, to: usize| -> Result<u64> {
            let range = [sized[from].0[0], sized[to].0[1]];
            Ok(copy_ranges(&self.bytes, &[range])?
                .first()
                .map_or(0, |b| b.len() as u64))
        };
        let mut groups: Vec<([u32; 2], Vec<String>)> = Vec::new();
        let mut start = 0;
        while start < sized.len() {
            let last = sized.len() - 1;
            let (mut fits, mut step) = (start, 1);
            while fits < last && size_of(start, (fits + step).min(last))? <= budget {
                fits = (fits + step).min(last);
                step *= 2;
            }
            let mut too_far = (fits + step).min(last + 1);
            while too_far - fits > 1 {
                let mid = fits + (too_far - fits) / 2;
                if size_of(start, mid)? <= budget {
                    fits = mid;
                } else {
                    too_far = mid;
                }
            }
            let mut titles: Vec<String> = Vec::new();
            for piece in &sized[start..=fits] {
                for t in &piece.1 {
                    if titles.last() != Some(t) {
                        titles.push(t.clone());
                    }
                }
            }
            groups.push(([sized[start].0[0], sized[fits].0[1]], titles));
            start = fits + 1;
        }
        let parts_bytes =
            copy_ranges(&self.bytes, &groups.iter().map(|g| g.0).collect::<Vec<_>>())?;

        let case = &self.case;
        let label = match self.bundle.kind {
            BundleKind::Evidence => "EVIDENCE",
            BundleKind::Hearing => "BUNDLE",
            BundleKind::Complaint => "COMPLAINT",
        };
        let subject = [
            self.hearing_date
                .map(|d| format!("HD {}", d.format("%d/%m/%Y"))),
            case.tribunal_reference.clone(),
            Some(case.child_name.clone()),
            Some(label.to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" | ");
        let stem = file_safe(&subject.replace(" | ", " - "));
        let n = parts_bytes.len();
        let mut parts = Vec::new();
        for (i, ((range, titles), bytes)) in groups.iter().zip(&parts_bytes).enumerate() {
            let file_name = if n == 1 {
                format!("{stem}.pdf")
            } else {
                format!("{stem} - part {} of {n}.pdf", i + 1)
            };
            parts.push(PackPart {
                file_name,
                pages: *range,
                bytes: bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(bytes)),
                documents: titles.clone(),
            });
        }
        let council = case
            .local_authority
            .clone()
            .unwrap_or_else(|| "[the council's SEN team]".into());
        let emails: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let subject_line = if n == 1 {
                    subject.clone()
                } else {
                    format!("{subject} (email {} of {n})", i + 1)
                };
                format!(
                    "To: [the Tribunal's email address, from its letters]\nCopy: {council}\nSubject: {subject_line}\nAttachment: {} ({} bytes, SHA-256 {})\n\nDear Tribunal,\n\n{}Please find attached {} for {}'s appeal{}: pages {}–{} of the bundle, which has {pages} pages in all ({}).\n\nThis email is copied to the council.\n\nYours faithfully,\n\n",
                    part.file_name,
                    part.bytes,
                    part.sha256,
                    if n > 1 { format!("This is email {} of {n}. ", i + 1) } else { String::new() },
                    if n == 1 { "the bundle".to_owned() } else { format!("part {} of {n} of the bundle", i + 1) },
                    case.child_name,
                    case.tribunal_reference.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
                    part.pages[0],
                    part.pages[1],
                    part.documents.join("; "),
                )
            })
            .collect();
        let manifest_name = format!("{stem} - manifest.txt");
        let mut manifest = format!(
            "{subject}\nVersion {} of “{}”, {pages} pages, SHA-256 {}\nMade for emails of at most {} MB.\n\n",
            self.version, self.bundle.title, self.bundle_sha256, self.email_mb
        );
        for part in &parts {
            manifest += &format!(
                "{}\n  bundle pages {}–{}, {} bytes\n  SHA-256 {}\n  {}\n",
                part.file_name,
                part.pages[0],
                part.pages[1],
                part.bytes,
                part.sha256,
                part.documents.join("; ")
            );
        }

        // Write nothing over what is there.
        std::fs::create_dir_all(folder).map_err(|e| CoreError::FileWrite {
            path: folder.to_path_buf(),
            reason: format!("the folder could not be made ({e})."),
        })?;
        let mut names: Vec<PathBuf> = parts.iter().map(|p| folder.join(&p.file_name)).collect();
        let email_names: Vec<PathBuf> = (1..=n)
            .map(|i| {
                folder.join(if n == 1 {
                    format!("{stem} - email.txt")
                } else {
                    format!("{stem} - email {i} of {n}.txt")
                })
            })
            .collect();
        names.extend(email_names.iter().cloned());
        names.push(folder.join(&manifest_name));
        if let Some(there) = names.iter().find(|p| p.exists()) {
            return Err(CoreError::invalid(
                "folder",
                format!(
                    "{} is already there. Choose an empty folder for the pack, so nothing is written over.",
                    there.display()
                ),
            ));
        }
        for (part, bytes) in parts.iter().zip(&parts_bytes) {
            crate::write_atomically(&folder.join(&part.file_name), bytes)?;
        }
        for (path, text) in email_names.iter().zip(&emails) {
            crate::write_atomically(path, text.as_bytes())?;
        }
        crate::write_atomically(&folder.join(&manifest_name), manifest.as_bytes())?;
        Ok(SubmissionPack {
            folder: folder.display().to_string(),
            subject,
            parts,
            emails,
            manifest: manifest_name,
            version: self.version,
            bundle_sha256: self.bundle_sha256,
            email_mb: self.email_mb,
            split_documents,
            entry_id: None,
        })
    }

    /// The case the pack is for.
    pub fn case_id(&self) -> i64 {
        self.case.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_carries_three_quarters_of_its_size_in_attachments() {
        // 10 MB: 10,000,000 × 3/4 = 7,500,000, less 20,000 for the message = 7,480,000 bytes.
        assert_eq!(attachment_budget(10), 7_480_000);
        // 25 MB: 25,000,000 × 3/4 = 18,750,000 − 20,000 = 18,730,000.
        assert_eq!(attachment_budget(25), 18_730_000);
    }

    #[test]
    fn file_names_lose_what_windows_refuses() {
        assert_eq!(
            file_safe("HD 01/03/2027 - EH123/26/00042 - Robin: \"Bob\" Example - EVIDENCE"),
            "HD 01-03-2027 - EH123-26-00042 - Robin- -Bob- Example - EVIDENCE"
        );
    }

    #[test]
    fn the_front_pages_and_each_document_are_pieces() {
        let entry = |title: &str, first: usize, last: usize| MapEntry {
            key: title.into(),
            section: "D".into(),
            title: title.into(),
            labels: Vec::new(),
            first_page: first,
            last_page: last,
            sha256: String::new(),
        };
        let got = pieces(&[entry("Report", 5, 20), entry("Letter", 3, 4)], 20);
        assert_eq!(
            got.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec![[1, 2], [3, 4], [5, 20]]
        );
        assert_eq!(got[0].1, vec!["Cover and index".to_owned()]);
    }
}
