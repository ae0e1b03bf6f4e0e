//! The working document's records: one per plan, started from the plan's sections under appeal,
//! edited as a draft (each party's proposed wording, evidence footnotes, paragraphs agreed), and
//! saved as a new numbered version each time it is sent, as the Tribunal's practice asks ("each
//! exchange must be saved with a new version number": tribunal-2025.md §1.3). The marking itself
//! is `casefile_plan::WorkingDocument`'s; writing it as Word is `outputs::working_docx`.

use casefile_plan::{Evidence, Letter, Mark, Party, ProposalError, WorkingDocument};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{CoreError, Result};
use crate::records::documents::Document;
use crate::store::{Store, now_timestamp};

/// The Tribunal's page limit for the working document (Practice Direction 2025, Schedule One:
/// tribunal-2025.md §1.2).
pub const WORKING_DOCUMENT_PAGE_LIMIT: u32 = 25;

/// One version as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkingVersion {
    pub number: u32,
    pub saved_at: String,
    /// What changed since the version before ("Section F: 2 paragraphs").
    pub note: String,
}

/// A footnote with where its document is in the newest built bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ResolvedFootnote {
    pub number: u32,
    pub text: String,
    /// "D12, page 57" once a bundle holding the cited document has been built.
    pub bundle_page: Option<String>,
}

impl ResolvedFootnote {
    /// The footnote's words: the citation, and where the bundle has it once one is built.
    pub fn shown(&self) -> String {
        match &self.bundle_page {
            Some(at) => format!("{} [bundle {at}]", self.text),
            None => self.text.clone(),
        }
    }
}

/// A working document as the family sees it: its draft, its versions, its footnotes resolved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WorkingDocumentView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub plan: Document,
    pub draft: WorkingDocument,
    /// Whether the draft differs from the newest version sent.
    pub unsent_changes: bool,
    pub versions: Vec<WorkingVersion>,
    pub footnotes: Vec<ResolvedFootnote>,
    /// How many A4 pages it fills printed for the hearing, against the Tribunal's 25.
    pub pages: u32,
    pub page_limit: u32,
}

/// What heads the working document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHeading {
    /// "Mia Patel"
    pub child: String,
    /// The plan it was started from ("Final EHC plan, 20 May 2026").
    pub plan: String,
    pub version: u32,
    /// "7 December 2026"
    pub date: String,
    pub tribunal_reference: Option<String>,
}

/// How each mark of the Tribunal's key looks (tribunal-2025.md §1.4): the parent's words bold,
/// the council's italic, agreed words underlined, deletions struck through as well.
pub fn look_of(mark: Mark) -> casefile_pdf::Look {
    let plain = casefile_pdf::Look::default();
    match mark {
        Mark::Original => plain,
        Mark::ParentAdded | Mark::ParentDeleted => casefile_pdf::Look {
            bold: true,
            strike: mark.is_deleted(),
            ..plain
        },
        Mark::CouncilAdded | Mark::CouncilDeleted => casefile_pdf::Look {
            italic: true,
            strike: mark.is_deleted(),
            ..plain
        },
        Mark::Agreed | Mark::AgreedDeleted => casefile_pdf::Look {
            underline: true,
            strike: mark.is_deleted(),
            ..plain
        },
    }
}

/// The key's parts as the document shows them, each written in its own look.
pub const KEY: [(Mark, &str); 6] = [
    (Mark::ParentAdded, "parent’s addition"),
    (Mark::ParentDeleted, "parent’s deletion"),
    (Mark::CouncilAdded, "council’s addition"),
    (Mark::CouncilDeleted, "council’s deletion"),
    (Mark::Agreed, "agreed"),
    (Mark::AgreedDeleted, "agreed deletion"),
];

/// The working document as the PDF engine lays it out for the hearing: its heading and key,
/// each section's numbered paragraphs in the key's looks, the footnotes numbered in the order
/// they are cited (as Word numbers them), and places for both parties to sign every page.
pub fn marked_document(
    wd: &WorkingDocument,
    heading: &WorkingHeading,
    footnotes: &[ResolvedFootnote],
) -> casefile_pdf::MarkedDocument {
    use casefile_pdf::{Block, Span};
    let plain = |text: &str| Span {
        text: text.to_owned(),
        look: casefile_pdf::Look::default(),
        note: None,
    };
    let title = format!("Working document: {}’s EHC plan", heading.child);
    let mut blocks = vec![
        Block::Heading(title.clone()),
        Block::Paragraph {
            label: None,
            spans: vec![plain(&format!(
                "Version {}, {}. Started from: {}.",
                heading.version, heading.date, heading.plan
            ))],
        },
    ];
    if let Some(reference) = &heading.tribunal_reference {
        blocks.push(Block::Paragraph {
            label: None,
            spans: vec![plain(&format!("Tribunal reference: {reference}"))],
        });
    }
    let mut key = vec![
        Span {
            text: "Key:".to_owned(),
            look: casefile_pdf::Look {
                bold: true,
                ..Default::default()
            },
            note: None,
        },
        plain(" plain: the plan as it stands; "),
    ];
    for (mark, words) in KEY {
        key.push(Span {
            text: words.to_owned(),
            look: look_of(mark),
            note: None,
        });
        key.push(plain("; "));
    }
    key.pop();
    key.push(plain("."));
    blocks.push(Block::Paragraph {
        label: None,
        spans: key,
    });
    let order = wd.note_order();
    let shown_number = |n: u32| {
        order
            .iter()
            .position(|m| *m == n)
            .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
    };
    for section in &wd.sections {
        blocks.push(Block::Heading(format!(
            "Section {}: {}",
            section.letter.as_str(),
            section.title
        )));
        for (i, paragraph) in section.paragraphs.iter().enumerate() {
            let mut spans = Vec::new();
            for (j, run) in paragraph.runs.iter().enumerate() {
                // The space between runs is plain, so a strike-through stops at the word.
                if j > 0 {
                    spans.push(plain(" "));
                }
                spans.push(Span {
                    text: run.text.clone(),
                    look: look_of(run.mark),
                    note: run.note.and_then(shown_number),
                });
            }
            blocks.push(Block::Paragraph {
                label: Some(format!("{}{}", section.letter.as_str(), i + 1)),
                spans,
            });
        }
    }
    let notes = order
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let f = footnotes.iter().find(|f| f.number == *n)?;
            Some((u32::try_from(i + 1).unwrap_or(u32::MAX), f.shown()))
        })
        .collect();
    casefile_pdf::MarkedDocument {
        title,
        blocks,
        notes,
        signatures: vec![
            "Signed for the parent".to_owned(),
            "Signed for the council".to_owned(),
            "Date".to_owned(),
        ],
        running: format!(
            "Working document, {}, version {}",
            heading.child, heading.version
        ),
    }
}

/// How many A4 pages the working document fills, printed for the hearing (the PDF's own
/// layout), against the Tribunal's 25.
pub fn printed_pages(
    wd: &WorkingDocument,
    heading: &WorkingHeading,
    footnotes: &[ResolvedFootnote],
) -> Result<u32> {
    let pages = casefile_pdf::marked_page_count(&marked_document(wd, heading, footnotes))?;
    Ok(u32::try_from(pages).unwrap_or(u32::MAX))
}

/// A proposal as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct WorkingProposal {
    /// The section's letter ("F").
    pub section: String,
    /// The paragraph's place in the section, from 1.
    pub paragraph: u32,
    /// parent or council.
    pub by: String,
    /// The paragraph's whole new wording; empty to propose deleting it.
    pub wording: String,
    /// The evidence citation ("Smith, EP, 28/02/2019, p.1, para. 5"), if any.
    pub evidence: Option<String>,
    /// The case's document the citation points to.
    #[ts(type = "number | null")]
    pub evidence_document: Option<i64>,
    pub evidence_page: Option<u32>,
}

fn parse_letter(text: &str) -> Result<Letter> {
    let t = text.trim().to_uppercase();
    Letter::parse(t.trim_start_matches("SECTION ").trim()).ok_or_else(|| {
        CoreError::invalid(
            "section",
            format!(
                "“{}” is not a section of a plan. Use a letter from A to K (or H1, H2).",
                text.trim()
            ),
        )
    })
}

fn proposal_error(e: ProposalError) -> CoreError {
    match e {
        ProposalError::NoSection(letter) => CoreError::invalid(
            "section",
            format!(
                "The working document has no Section {}. It holds the sections it was started with.",
                letter.as_str()
            ),
        ),
        ProposalError::NoParagraph { letter, count } => CoreError::invalid(
            "paragraph",
            format!(
                "Section {} has {count} paragraph{}; choose a number from 1 to {count}.",
                letter.as_str(),
                if count == 1 { "" } else { "s" }
            ),
        ),
        ProposalError::Unchanged => CoreError::invalid(
            "wording",
            "That is what the paragraph says already: there is nothing to mark.",
        ),
    }
}

/// "Section F: 2 paragraphs; Section I: 1 paragraph", or "The plan as issued" for the first.
fn changes_note(now: &WorkingDocument, before: Option<&WorkingDocument>) -> String {
    let Some(before) = before else {
        return "The plan's sections as issued, with the proposals made so far.".to_owned();
    };
    let changed = now.changed_since(before);
    if changed.is_empty() {
        return "No paragraph changed.".to_owned();
    }
    changed
        .iter()
        .map(|(letter, n)| {
            format!(
                "Section {}: {n} paragraph{} changed",
                letter.as_str(),
                if *n == 1 { "" } else { "s" }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Store {
    /// The working document of plan document `plan_id`, started from its sections `letters` (the
    /// ones under appeal; all when empty) if it has none yet.
    pub fn start_working_document(
        &mut self,
        plan_id: i64,
        letters: &[String],
    ) -> Result<WorkingDocumentView> {
        if let Some(id) = self.working_document_of(plan_id)? {
            return self.working_document(id);
        }
        let letters: Vec<Letter> = letters
            .iter()
            .map(|l| parse_letter(l))
            .collect::<Result<_>>()?;
        let reading = self.plan_sections(plan_id)?;
        let draft = WorkingDocument::from_plan(&reading.sections, &letters);
        if draft.sections.is_empty() {
            let wanted: Vec<&str> = letters.iter().map(|l| l.as_str()).collect();
            return Err(CoreError::invalid(
                "section",
                format!(
                    "“{}” has no Section {}: choose sections it has.",
                    reading.document.title,
                    wanted.join(", ")
                ),
            ));
        }
        let case_id = reading.document.case_id;
        let json = serde_json::to_string(&draft)
            .map_err(|e| CoreError::invalid("draft", e.to_string()))?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO working_documents (case_id, plan_document_id, created_at, draft) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, plan_id, now_timestamp(), json],
            )?;
            let id = tx.last_insert_rowid();
            audit::record(
                tx,
                Some(case_id),
                "working_document.started",
                &serde_json::json!({ "working_document_id": id, "plan_document_id": plan_id }),
            )?;
            Ok(id)
        })?;
        self.working_document(id)
    }

    /// The working document started from plan document `plan_id`, if there is one.
    pub fn working_document_of(&self, plan_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM working_documents WHERE plan_document_id = ?1",
                [plan_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn working_row(&self, id: i64) -> Result<(i64, i64, WorkingDocument)> {
        let (case_id, plan_id, draft): (i64, i64, String) = self
            .conn
            .query_row(
                "SELECT case_id, plan_document_id, draft FROM working_documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(CoreError::NotFound {
                what: "working document",
                id,
            })?;
        let draft = serde_json::from_str(&draft).map_err(|_| {
            CoreError::invalid(
                "draft",
                "This working document's draft cannot be read. Its saved versions are kept.",
            )
        })?;
        Ok((case_id, plan_id, draft))
    }

    /// Version `number` of working document `id`, as it was sent.
    pub fn working_document_version(&self, id: i64, number: u32) -> Result<WorkingDocument> {
        let content: String = self
            .conn
            .query_row(
                "SELECT content FROM working_document_versions WHERE working_document_id = ?1 AND number = ?2",
                params![id, number],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                CoreError::invalid(
                    "version",
                    format!("This working document has no version {number}."),
                )
            })?;
        serde_json::from_str(&content)
            .map_err(|_| CoreError::invalid("version", format!("Version {number} cannot be read.")))
    }

    fn working_versions(&self, id: i64) -> Result<Vec<WorkingVersion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT number, saved_at, note FROM working_document_versions WHERE working_document_id = ?1 ORDER BY number",
        )?;
        let versions = stmt
            .query_map([id], |r| {
                Ok(WorkingVersion {
                    number: r.get(0)?,
                    saved_at: r.get(1)?,
                    note: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(versions)
    }

    /// Working document `id` with its versions and its footnotes resolved to bundle pages.
    pub fn working_document(&self, id: i64) -> Result<WorkingDocumentView> {
        let (case_id, plan_id, draft) = self.working_row(id)?;
        let versions = self.working_versions(id)?;
        let unsent_changes = match versions.last() {
            Some(v) => self.working_document_version(id, v.number)? != draft,
            None => true,
        };
        let footnotes = self.resolve_footnotes(case_id, &draft)?;
        let plan = self.document(plan_id)?;
        let next = versions
            .last()
            .map_or(1, |v| v.number + u32::from(unsent_changes));
        let heading = self.working_heading(case_id, &plan, next, crate::today())?;
        let pages = printed_pages(&draft, &heading, &footnotes)?;
        Ok(WorkingDocumentView {
            id,
            case_id,
            plan,
            draft,
            unsent_changes,
            versions,
            footnotes,
            pages,
            page_limit: WORKING_DOCUMENT_PAGE_LIMIT,
        })
    }

    /// What heads version `version` of a working document started from `plan`, dated `date`.
    pub(crate) fn working_heading(
        &self,
        case_id: i64,
        plan: &Document,
        version: u32,
        date: chrono::NaiveDate,
    ) -> Result<WorkingHeading> {
        let case = self.case(case_id)?;
        let plan = match (plan.kind, plan.document_date) {
            (Some(kind), Some(date)) => format!("{}, {}", kind.words(), date.format("%-d %B %Y")),
            _ => format!("“{}”", plan.title),
        };
        Ok(WorkingHeading {
            child: case.child_name,
            plan,
            version,
            date: date.format("%-d %B %Y").to_string(),
            tribunal_reference: case.tribunal_reference,
        })
    }

    /// Each footnote with the bundle page of the document it cites, from the newest built
    /// bundle of the case that holds that document.
    pub(crate) fn resolve_footnotes(
        &self,
        case_id: i64,
        wd: &WorkingDocument,
    ) -> Result<Vec<ResolvedFootnote>> {
        let mut maps: Vec<Vec<casefile_pdf::MapEntry>> = Vec::new();
        if wd.footnotes.iter().any(|f| f.document_id.is_some()) {
            let mut stmt = self.conn.prepare_cached(
                "SELECT v.page_map FROM bundle_versions v JOIN bundles b ON b.id = v.bundle_id \
                 WHERE b.case_id = ?1 ORDER BY v.built_at DESC, v.id DESC",
            )?;
            let rows: Vec<String> = stmt
                .query_map([case_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            maps = rows
                .iter()
                .filter_map(|m| serde_json::from_str(m).ok())
                .collect();
        }
        Ok(wd
            .footnotes
            .iter()
            .map(|f| {
                let bundle_page = f.document_id.and_then(|doc| {
                    let key = format!("doc:{doc}");
                    let entry = maps.iter().flatten().find(|e| e.key == key)?;
                    let at = f.page.unwrap_or(1).max(1) as usize - 1;
                    let label = entry.labels.get(at).or(entry.labels.first())?;
                    let page = entry.first_page + at.min(entry.labels.len().saturating_sub(1));
                    Some(format!("{label}, page {page}"))
                });
                ResolvedFootnote {
                    number: f.number,
                    text: f.text.clone(),
                    bundle_page,
                }
            })
            .collect())
    }

    fn save_draft(
        &mut self,
        id: i64,
        case_id: i64,
        draft: &WorkingDocument,
        event: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        let json =
            serde_json::to_string(draft).map_err(|e| CoreError::invalid("draft", e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "UPDATE working_documents SET draft = ?2 WHERE id = ?1",
                params![id, json],
            )?;
            audit::record(tx, Some(case_id), event, &detail)?;
            Ok(())
        })
    }

    /// A party's proposed wording for one paragraph, marked in the key, with its evidence.
    pub fn propose_working_change(
        &mut self,
        id: i64,
        proposal: &WorkingProposal,
    ) -> Result<WorkingDocumentView> {
        let (case_id, _, mut draft) = self.working_row(id)?;
        let letter = parse_letter(&proposal.section)?;
        let party = match proposal.by.trim().to_lowercase().as_str() {
            "parent" | "family" => Party::Parent,
            "council" | "la" | "local authority" => Party::Council,
            other => {
                return Err(CoreError::invalid(
                    "by",
                    format!("“{other}” is not a party: say parent or council."),
                ));
            }
        };
        if proposal.wording.chars().count() > 20_000 {
            return Err(CoreError::invalid(
                "wording",
                "The wording is too long for one paragraph. Split it into the plan's paragraphs.",
            ));
        }
        let evidence = match proposal.evidence.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => {
                if text.chars().count() > 500 {
                    return Err(CoreError::invalid(
                        "evidence",
                        "The evidence reference is too long: name the author, their role, the date, the page and the paragraph.",
                    ));
                }
                if let Some(doc) = proposal.evidence_document {
                    let cited = self.document(doc)?;
                    if cited.case_id != case_id {
                        return Err(CoreError::invalid(
                            "evidence_document",
                            "That document belongs to another case. Cite one of this child's documents.",
                        ));
                    }
                }
                Some(Evidence {
                    text: text.to_owned(),
                    document_id: proposal.evidence_document,
                    page: proposal.evidence_page.filter(|p| *p > 0),
                })
            }
            _ => None,
        };
        let index = (proposal.paragraph as usize)
            .checked_sub(1)
            .ok_or_else(|| CoreError::invalid("paragraph", "Paragraphs are numbered from 1."))?;
        draft
            .propose(letter, index, party, &proposal.wording, evidence)
            .map_err(proposal_error)?;
        self.save_draft(
            id,
            case_id,
            &draft,
            "working_document.proposed",
            serde_json::json!({ "working_document_id": id, "section": letter.as_str(), "paragraph": proposal.paragraph, "by": proposal.by }),
        )?;
        self.working_document(id)
    }

    /// Both parties agree paragraph `paragraph` (from 1) of `section` as it now reads.
    pub fn agree_working_paragraph(
        &mut self,
        id: i64,
        section: &str,
        paragraph: u32,
    ) -> Result<WorkingDocumentView> {
        let (case_id, _, mut draft) = self.working_row(id)?;
        let letter = parse_letter(section)?;
        let index = (paragraph as usize)
            .checked_sub(1)
            .ok_or_else(|| CoreError::invalid("paragraph", "Paragraphs are numbered from 1."))?;
        draft.agree(letter, index).map_err(proposal_error)?;
        self.save_draft(
            id,
            case_id,
            &draft,
            "working_document.agreed",
            serde_json::json!({ "working_document_id": id, "section": letter.as_str(), "paragraph": paragraph }),
        )?;
        self.working_document(id)
    }

    /// The draft saved as the next numbered version when it differs from the newest one (each
    /// exchange is a version); the number of the version to send.
    pub fn send_working_document(&mut self, id: i64) -> Result<u32> {
        let (case_id, _, draft) = self.working_row(id)?;
        let versions = self.working_versions(id)?;
        let before = match versions.last() {
            Some(v) => Some(self.working_document_version(id, v.number)?),
            None => None,
        };
        if let (Some(v), Some(before)) = (versions.last(), &before)
            && *before == draft
        {
            return Ok(v.number);
        }
        let number = versions.last().map_or(1, |v| v.number + 1);
        let note = changes_note(&draft, before.as_ref());
        let json = serde_json::to_string(&draft)
            .map_err(|e| CoreError::invalid("draft", e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO working_document_versions (working_document_id, number, saved_at, note, content) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, number, now_timestamp(), note, json],
            )?;
            audit::record(
                tx,
                Some(case_id),
                "working_document.version_saved",
                &serde_json::json!({ "working_document_id": id, "version": number }),
            )?;
            Ok(())
        })?;
        Ok(number)
    }
}

/// The council's copy of the working document read against the version it was sent.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CouncilReply {
    #[serde(flatten)]
    #[ts(flatten)]
    pub reply: casefile_plan::Reply,
    /// How many changes it made without its marks.
    pub unmarked: usize,
    /// Whether it uses Word's tracked changes, which the Tribunal asks parties not to use.
    pub tracked_changes: bool,
    /// The version sent that it is read against.
    pub against_version: u32,
    /// The copy's file name.
    pub file_name: String,
}

/// The council's reply taken into the working document.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TakenReply {
    pub reply: CouncilReply,
    /// The copy, kept with the case's documents.
    pub document: Document,
    /// How many paragraphs now carry the council's proposal.
    pub taken: usize,
    /// The version saved with the reply in it (the version sent when nothing changed).
    pub version: u32,
    pub view: WorkingDocumentView,
}

impl Store {
    /// The council's .docx copy of working document `id` (at `path`) read against the newest
    /// version sent: what it changed in its key, and what it changed without marking.
    pub fn read_council_reply(&self, id: i64, path: &std::path::Path) -> Result<CouncilReply> {
        let (_, _, _) = self.working_row(id)?;
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let is_docx = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        if !is_docx {
            return Err(CoreError::invalid(
                "file",
                format!(
                    "Casefile reads the council's reply from its Word copy (.docx), where its italic and struck-through words can be told from the rest. “{file_name}” is not one: ask the council for the Word file."
                ),
            ));
        }
        let versions = self.working_versions(id)?;
        let Some(last) = versions.last() else {
            return Err(CoreError::invalid(
                "file",
                "No version has been sent yet, so there is nothing to read the council's reply against. Save the working document as Word and send it first.",
            ));
        };
        let sent = self.working_document_version(id, last.number)?;
        let too_large = std::fs::metadata(path)
            .is_ok_and(|m| m.len() > crate::records::documents::MAX_IMPORT_BYTES);
        if too_large {
            return Err(CoreError::invalid(
                "file",
                format!("“{file_name}” is larger than 200 MB, too large to be a working document."),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            CoreError::invalid("file", format!("“{file_name}” could not be read ({e})."))
        })?;
        let copy = crate::records::documents::docx_marked_copy(&bytes).map_err(|problem| {
            CoreError::invalid(
                "file",
                match problem {
                    crate::records::documents::DocxProblem::TooLarge => format!(
                        "“{file_name}” is too large once unpacked to be a working document."
                    ),
                    crate::records::documents::DocxProblem::Damaged => format!(
                        "“{file_name}” is not a Word file Casefile can read (it is damaged, or not a .docx)."
                    ),
                },
            )
        })?;
        if copy.paragraphs.is_empty() {
            return Err(CoreError::invalid(
                "file",
                format!(
                    "“{file_name}” has none of the working document's numbered paragraphs (“F1”, “F2”…). Is it the council's copy of the working document Casefile saved?"
                ),
            ));
        }
        let reply = casefile_plan::read_reply(&sent, &copy.paragraphs);
        Ok(CouncilReply {
            unmarked: reply.unmarked_count(),
            reply,
            tracked_changes: copy.tracked_changes,
            against_version: last.number,
            file_name,
        })
    }

    /// The council's reply taken in: the copy kept with the case's documents, each paragraph
    /// whose wording it changed (marked or not) made the council's proposal in the draft, and
    /// the draft saved as the next version with a note of what the council changed, in one
    /// transaction.
    pub fn take_council_reply(&mut self, id: i64, path: &std::path::Path) -> Result<TakenReply> {
        let reply = self.read_council_reply(id, path)?;
        let (case_id, _, mut draft) = self.working_row(id)?;
        let document = match self.import_file(case_id, path)? {
            crate::ImportOutcome::Imported { document, .. }
            | crate::ImportOutcome::AlreadyThere { document } => document,
            crate::ImportOutcome::Refused { message }
            | crate::ImportOutcome::NeedsPassword { message } => {
                return Err(CoreError::invalid("file", message));
            }
        };
        let taken = draft.take_reply(&reply.reply);
        let versions = self.working_versions(id)?;
        let last = versions.last().map_or(0, |v| v.number);
        let version = if reply.reply.paragraphs.is_empty() {
            last
        } else {
            let labels: Vec<String> = reply
                .reply
                .paragraphs
                .iter()
                .map(|p| format!("{}{}", p.letter.as_str(), p.number))
                .collect();
            let note = format!(
                "The council's reply (“{}”): {} changed{}.",
                document.title,
                labels.join(", "),
                match reply.unmarked {
                    0 => String::new(),
                    1 => "; 1 change it did not mark, now shown in its italic".to_owned(),
                    n => format!("; {n} changes it did not mark, now shown in its italic"),
                }
            );
            let json = serde_json::to_string(&draft)
                .map_err(|e| CoreError::invalid("draft", e.to_string()))?;
            let number = last + 1;
            self.write(|tx| {
                tx.execute(
                    "UPDATE working_documents SET draft = ?2 WHERE id = ?1",
                    params![id, json],
                )?;
                tx.execute(
                    "INSERT INTO working_document_versions (working_document_id, number, saved_at, note, content) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, number, now_timestamp(), note, json],
                )?;
                audit::record(
                    tx,
                    Some(case_id),
                    "working_document.council_reply",
                    &serde_json::json!({ "working_document_id": id, "version": number, "document_id": document.id, "paragraphs": labels, "unmarked": reply.unmarked }),
                )?;
                Ok(())
            })?;
            number
        };
        let view = self.working_document(id)?;
        Ok(TakenReply {
            reply,
            document,
            taken,
            version,
            view,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::records::bundles::BundleKind;
    use crate::records::documents::DocumentChanges;
    use crate::testing::{import_text, make_pdf, store_with_case};

    const PLAN: &str = "Section A: About me\nI like trains.\n\n\
        Section B: Special educational needs\nSam has a severe language disorder.\n\n\
        Section F: Special educational provision\n\
        1. Sam will have access to speech and language therapy as required.\n\
        2. A small group for social skills.\n\n\
        Section I: Placement\nRiverside Academy\n";

    fn plan(store: &mut Store, case: i64, dir: &std::path::Path) -> i64 {
        let id = import_text(store, case, dir, "final.txt", PLAN).id;
        store
            .change_document(
                id,
                &DocumentChanges {
                    kind: Some("ehcp-final".into()),
                    date: Some("2026-05-20".into()),
                    ..Default::default()
                },
            )
            .expect("marked");
        id
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect(name)
            .read_to_string(&mut text)
            .expect("xml");
        text
    }

    #[test]
    fn a_working_document_is_started_from_b_f_and_i_and_started_once() {
        let (dir, mut store, case) = store_with_case();
        let plan_id = plan(&mut store, case, dir.path());
        let wd = store
            .start_working_document(plan_id, &["B".into(), "F".into(), "I".into()])
            .expect("started");
        let letters: Vec<&str> = wd
            .draft
            .sections
            .iter()
            .map(|s| s.letter.as_str())
            .collect();
        assert_eq!(letters, ["B", "F", "I"]);
        assert!(wd.versions.is_empty());
        assert!(wd.unsent_changes);
        assert_eq!((wd.pages, wd.page_limit), (1, 25));
        let again = store
            .start_working_document(plan_id, &[])
            .expect("the same");
        assert_eq!(again.id, wd.id);
        let letter = import_text(&mut store, case, dir.path(), "letter.txt", "Dear parent").id;
        let refused = store
            .start_working_document(letter, &[])
            .expect_err("not a plan");
        assert!(
            refused.to_string().contains("not as an EHC plan"),
            "{refused}"
        );
    }

    #[test]
    fn proposals_and_agreement_are_saved_as_numbered_versions_and_written_as_word() {
        let (dir, mut store, case) = store_with_case();
        let plan_id = plan(&mut store, case, dir.path());
        let report = {
            let pdf = make_pdf(dir.path(), "salt.pdf", "Speech and language therapy report");
            match store.import_file(case, &pdf).expect("import") {
                crate::ImportOutcome::Imported { document, .. } => document.id,
                other => panic!("{other:?}"),
            }
        };
        let wd = store
            .start_working_document(plan_id, &["B".into(), "F".into(), "I".into()])
            .expect("started");
        let view = store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "F".into(),
                    paragraph: 1,
                    by: "parent".into(),
                    wording: "Sam will have 45 minutes a week of speech and language therapy from a qualified speech and language therapist.".into(),
                    evidence: Some("Jones, SaLT, 03/02/2026, p.1, para. 4".into()),
                    evidence_document: Some(report),
                    evidence_page: Some(1),
                },
            )
            .expect("parent");
        assert_eq!(view.footnotes[0].bundle_page, None);
        store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "f".into(),
                    paragraph: 2,
                    by: "council".into(),
                    wording: "A group of no more than six for social skills.".into(),
                    ..Default::default()
                },
            )
            .expect("council");
        store
            .agree_working_paragraph(wd.id, "F", 2)
            .expect("agreed");

        // Sent: version 1. Sent again unchanged: still version 1.
        let out = dir.path().join("Working document.docx");
        let saved = store
            .save_working_document(wd.id, &out, crate::WorkingFormat::Word)
            .expect("saved");
        assert_eq!(saved.version, 1);
        assert_eq!(
            store
                .save_working_document(wd.id, &out, crate::WorkingFormat::Word)
                .expect("again")
                .version,
            1
        );
        let docx = std::fs::read(&out).expect("docx");
        let styles = part(&docx, "word/styles.xml");
        for (id, look) in [
            ("ParentAddition", "<w:b />"),
            ("CouncilAddition", "<w:i />"),
            ("Agreed", "<w:u w:val=\"single\" />"),
        ] {
            let at = styles
                .find(&format!("w:styleId=\"{id}\""))
                .unwrap_or_else(|| panic!("{id} in {styles}"));
            let style = &styles[at..at + styles[at..].find("</w:style>").expect("end")];
            assert!(
                style.contains("w:type") || styles[..at].ends_with("w:type=\"character\" "),
                "{style}"
            );
            assert!(style.contains(look), "{id}: {style}");
        }
        let deletion = &styles[styles
            .find("w:styleId=\"ParentDeletion\"")
            .expect("deletion")..];
        assert!(
            deletion[..deletion.find("</w:style>").expect("end")].contains("<w:strike"),
            "{deletion}"
        );
        let body = part(&docx, "word/document.xml");
        assert!(body.contains("w:val=\"ParentAddition\""), "{body}");
        assert!(body.contains("w:val=\"Agreed\""), "{body}");
        assert!(body.contains("<w:footnoteReference"), "{body}");
        assert!(
            !body.contains("<w:ins ")
                && !body.contains("<w:del ")
                && !body.contains("commentReference"),
            "no tracked changes or comments"
        );
        let notes = part(&docx, "word/footnotes.xml");
        assert!(
            notes.contains("Jones, SaLT, 03/02/2026, p.1, para. 4"),
            "{notes}"
        );
        // Word's own footnote number, not typed text.
        assert!(notes.contains("<w:footnoteRef />"), "{notes}");
        assert!(
            styles.contains("w:styleId=\"FootnoteReference\""),
            "{styles}"
        );

        // A bundle holding the report: the footnote names its page there.
        let bundle = store
            .create_bundle(case, BundleKind::Evidence, None)
            .expect("bundle");
        store
            .build_bundle_to_file(
                &bundle,
                &dir.path().join("bundle.pdf"),
                crate::today(),
                false,
                &mut |_| true,
            )
            .expect("built");
        let view = store.working_document(wd.id).expect("view");
        let at = view.footnotes[0].bundle_page.clone().expect("resolved");
        // The report's first page: its section label ("B2") and its bundle page.
        let (label, page) = at.split_once(", page ").expect("label and page");
        assert!(
            label.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
            "{at}"
        );
        assert!(
            label[1..].parse::<u32>().is_ok() && page.parse::<u32>().is_ok(),
            "{at}"
        );

        // A change after sending: the next save is version 2, with what changed.
        store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "I".into(),
                    paragraph: 1,
                    by: "parent".into(),
                    wording: "Hillside School".into(),
                    ..Default::default()
                },
            )
            .expect("parent again");
        assert!(store.working_document(wd.id).expect("view").unsent_changes);
        assert_eq!(
            store
                .save_working_document(wd.id, &out, crate::WorkingFormat::Word)
                .expect("v2")
                .version,
            2
        );
        let view = store.working_document(wd.id).expect("view");
        assert_eq!(view.versions.len(), 2);
        assert_eq!(view.versions[1].note, "Section I: 1 paragraph changed");
        assert!(!view.unsent_changes);
        // Version 1 is kept as it was sent.
        let first = store.working_document_version(wd.id, 1).expect("v1");
        assert_eq!(first.sections[2].paragraphs[0].reads(), "Riverside Academy");
        assert!(
            part(&std::fs::read(&out).expect("docx"), "word/document.xml").contains("Hillside")
        );
    }

    #[test]
    fn the_hearing_print_is_a_pdf_in_the_key_with_places_to_sign_on_every_page() {
        let (dir, mut store, case) = store_with_case();
        let plan_id = plan(&mut store, case, dir.path());
        let wd = store
            .start_working_document(plan_id, &["B".into(), "F".into(), "I".into()])
            .expect("started");
        store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "F".into(),
                    paragraph: 1,
                    by: "parent".into(),
                    wording: "Sam will have 45 minutes a week of speech and language therapy from a qualified speech and language therapist.".into(),
                    evidence: Some("Jones, SaLT, 03/02/2026, p.1, para. 4".into()),
                    ..Default::default()
                },
            )
            .expect("parent");
        store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "F".into(),
                    paragraph: 2,
                    by: "council".into(),
                    wording: "A group of no more than six for social skills.".into(),
                    evidence: Some("Smith, EP, 28/02/2026, p.3, para. 5".into()),
                    ..Default::default()
                },
            )
            .expect("council");
        let out = dir.path().join("Working document.pdf");
        assert_eq!(
            crate::WorkingFormat::for_path(&out),
            crate::WorkingFormat::Pdf
        );
        let saved = store
            .save_working_document(wd.id, &out, crate::WorkingFormat::Pdf)
            .expect("saved");
        // Printing is sending: the draft becomes version 1, and the page count is the print's.
        assert_eq!(saved.version, 1);
        let view = store.working_document(wd.id).expect("view");
        assert_eq!(view.versions.len(), 1);
        let bytes = std::fs::read(&out).expect("pdf");
        let pdf = casefile_pdf::reader::open(&bytes, None).expect("a PDF a reader opens");
        assert_eq!(pdf.page_count(), saved.pages);
        assert_eq!(view.pages, saved.pages);
        let pages = pdf.pages_text();
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains("Signed for the parent") && page.contains("Signed for the council"),
                "page {} has no places to sign: {page}",
                i + 1
            );
        }
        let text = pages.join("\n");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Working document: Ava’s EHC plan"), "{flat}");
        assert!(flat.contains("Version 1,"), "{flat}");
        assert!(flat.contains("F1"), "{flat}");
        assert!(
            flat.contains("45 minutes a week of speech and language therapy"),
            "{flat}"
        );
        assert!(flat.contains("no more than six"), "{flat}");
        // The footnotes are numbered in the order they are cited, each under its citation.
        assert!(
            flat.contains("1 Jones, SaLT, 03/02/2026, p.1, para. 4"),
            "{flat}"
        );
        assert!(
            flat.contains("2 Smith, EP, 28/02/2026, p.3, para. 5"),
            "{flat}"
        );
        assert!(flat.contains("Working document, Ava, version 1"), "{flat}");
        // The council's words are set in italic and the parent's in bold: both faces are in it.
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains("AtkinsonHyperlegible-Italic"));
        assert!(raw.contains("AtkinsonHyperlegible-Bold"));
    }

    /// `docx` with `word/document.xml` changed by `edit`, every other part as it was.
    fn edited(docx: &[u8], edit: impl Fn(String) -> String) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("entry");
            let name = file.name().expect("name").into_owned();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            if name == "word/document.xml" {
                bytes = edit(String::from_utf8(bytes).expect("utf-8")).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            out.write_all(&bytes).expect("write");
        }
        out.finish().expect("zip").into_inner()
    }

    #[test]
    fn the_council_s_reply_is_read_against_the_version_sent_and_its_unmarked_changes_named() {
        let (dir, mut store, case) = store_with_case();
        let plan_id = plan(&mut store, case, dir.path());
        let wd = store
            .start_working_document(plan_id, &["B".into(), "F".into(), "I".into()])
            .expect("started");
        store
            .propose_working_change(
                wd.id,
                &WorkingProposal {
                    section: "F".into(),
                    paragraph: 1,
                    by: "parent".into(),
                    wording: "Sam will have 45 minutes a week of speech and language therapy."
                        .into(),
                    evidence: Some("Jones, SaLT, 03/02/2026, p.1, para. 4".into()),
                    ..Default::default()
                },
            )
            .expect("parent");
        let sent = dir.path().join("Working document.docx");
        store
            .save_working_document(wd.id, &sent, crate::WorkingFormat::Word)
            .expect("v1");

        // Returned as sent: nothing to report (Casefile's own Word file reads back exactly).
        let same = store.read_council_reply(wd.id, &sent).expect("read");
        assert!(same.reply.paragraphs.is_empty(), "{:#?}", same.reply);
        assert_eq!((same.against_version, same.unmarked), (1, 0));

        // The council's copy: in F2 "small" quietly becomes "large" in plain type; in I1 it
        // adds "or a similar school" in its italic, as the key asks.
        let docx = std::fs::read(&sent).expect("docx");
        let reply_docx = edited(&docx, |xml| {
            assert!(xml.contains(">A small group for social skills.<"), "{xml}");
            xml.replace(">A small group for social skills.<", ">A large group for social skills.<")
                .replace(
                    ">Riverside Academy</w:t></w:r>",
                    ">Riverside Academy</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\"> or a similar school</w:t></w:r>",
                )
        });
        let returned = dir.path().join("Working document - council reply.docx");
        std::fs::write(&returned, &reply_docx).expect("write");
        let read = store.read_council_reply(wd.id, &returned).expect("read");
        let labels: Vec<String> = read
            .reply
            .paragraphs
            .iter()
            .map(|p| format!("{}{}", p.letter.as_str(), p.number))
            .collect();
        assert_eq!(labels, ["F2", "I1"]);
        assert_eq!(read.unmarked, 2, "{:#?}", read.reply);
        let f2 = &read.reply.paragraphs[0];
        assert_eq!(
            f2.unmarked
                .iter()
                .map(|u| u.said.as_str())
                .collect::<Vec<_>>(),
            [
                "“small” (the plan's own words) was taken out instead of being struck through in the council's italic.",
                "“large” was added as if it were the plan's own words, not in the council's italic.",
            ]
        );
        let i1 = &read.reply.paragraphs[1];
        assert!(i1.unmarked.is_empty());
        assert_eq!(i1.marked, ["or a similar school"]);
        assert!(!read.tracked_changes);
        // Reading changes nothing.
        assert_eq!(
            store.working_document(wd.id).expect("view").versions.len(),
            1
        );

        // Taken in: kept as a document, both paragraphs the council's proposals (the silent
        // change now in its italic), saved as version 2 with a note.
        let taken = store.take_council_reply(wd.id, &returned).expect("taken");
        assert_eq!((taken.taken, taken.version), (2, 2));
        assert_eq!(
            taken.document.original_name,
            "Working document - council reply.docx"
        );
        let f2 = &taken.view.draft.sections[1].paragraphs[1];
        assert_eq!(f2.reads(), "A large group for social skills.");
        assert!(
            f2.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilDeleted && r.text == "small")
                && f2
                    .runs
                    .iter()
                    .any(|r| r.mark == Mark::CouncilAdded && r.text == "large"),
            "{:?}",
            f2.runs
        );
        assert_eq!(
            taken.view.versions[1].note,
            "The council's reply (“Working document - council reply”): F2, I1 changed; 2 changes it did not mark, now shown in its italic."
        );
        assert!(!taken.view.unsent_changes);

        // Not Word, or not the working document: refused in words, nothing changed.
        let pdf = make_pdf(dir.path(), "reply.pdf", "F1 Sam will have");
        let why = store
            .read_council_reply(wd.id, &pdf)
            .expect_err("pdf")
            .to_string();
        assert!(why.contains("from its Word copy (.docx)"), "{why}");
        let other = dir.path().join("letter.docx");
        std::fs::write(
            &other,
            crate::records::documents::docx::tests::make_docx(&["Dear Sir,", "Thank you."]),
        )
        .expect("write");
        let why = store
            .read_council_reply(wd.id, &other)
            .expect_err("letter")
            .to_string();
        assert!(
            why.contains("none of the working document's numbered paragraphs"),
            "{why}"
        );
        assert_eq!(
            store.working_document(wd.id).expect("view").versions.len(),
            2
        );
    }

    #[test]
    fn bad_proposals_are_refused_in_words_and_change_nothing() {
        let (dir, mut store, case) = store_with_case();
        let plan_id = plan(&mut store, case, dir.path());
        let wd = store.start_working_document(plan_id, &[]).expect("started");
        let other = store
            .create_case(&crate::CaseDetails {
                child_name: "Ava".into(),
                ..Default::default()
            })
            .expect("case")
            .id;
        let theirs = import_text(
            &mut store,
            other,
            dir.path(),
            "theirs.txt",
            "Another family's letter",
        )
        .id;
        let base = WorkingProposal {
            section: "F".into(),
            paragraph: 1,
            by: "parent".into(),
            wording: "Sam will have 45 minutes a week.".into(),
            ..Default::default()
        };
        for (proposal, field, said) in [
            (
                WorkingProposal {
                    section: "Z".into(),
                    ..base.clone()
                },
                "section",
                "not a section of a plan",
            ),
            (
                WorkingProposal {
                    paragraph: 9,
                    ..base.clone()
                },
                "paragraph",
                "Section F has 2 paragraphs; choose a number from 1 to 2.",
            ),
            (
                WorkingProposal {
                    paragraph: 0,
                    ..base.clone()
                },
                "paragraph",
                "numbered from 1",
            ),
            (
                WorkingProposal {
                    by: "judge".into(),
                    ..base.clone()
                },
                "by",
                "say parent or council",
            ),
            (
                WorkingProposal {
                    wording: "Sam will have access to speech and language therapy as required."
                        .into(),
                    ..base.clone()
                },
                "wording",
                "nothing to mark",
            ),
            (
                WorkingProposal {
                    evidence: Some("Their letter".into()),
                    evidence_document: Some(theirs),
                    ..base.clone()
                },
                "evidence_document",
                "belongs to another case",
            ),
        ] {
            let refused = store
                .propose_working_change(wd.id, &proposal)
                .expect_err(said);
            assert_eq!(refused.field(), Some(field), "{refused}");
            assert!(refused.to_string().contains(said), "{refused}");
        }
        assert_eq!(store.working_document(wd.id).expect("view").draft, wd.draft);
    }
}
