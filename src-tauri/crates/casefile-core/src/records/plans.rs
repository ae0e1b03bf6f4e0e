//! The EHC plan itself: a document of kind EHC plan read into its sections A to K, and its
//! provision checked. The reading is `casefile-plan`'s (pure text); this module finds the
//! document's stored text and says in plain words why a document cannot be read as a plan.

use casefile_plan::{BadStarts, Comparison, Finding, Letter, Line, NoHeadings, Section};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;

use crate::error::{CoreError, Result};
use crate::records::documents::{Document, DocumentKind};
use crate::records::provision::ProvisionDetails;
use crate::store::Store;

/// Two versions of a plan compared.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanComparison {
    /// The older version, or the Tribunal's order the plan should now follow.
    pub old: Document,
    pub new: Document,
    /// Whether `old` is the Tribunal's order: only the sections it sets out are compared, and
    /// every difference is the plan not saying what was ordered.
    pub against_order: bool,
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// One provision of a plan's Sections F, G and H, and what the provision ledger would record for
/// it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanLedgerItem {
    #[serde(flatten)]
    #[ts(flatten)]
    pub provision: casefile_plan::Provision,
    /// What the ledger would record: the plan's words, the amounts read from them, the plan's
    /// date as the start. Ready to save, or to correct first.
    pub draft: ProvisionDetails,
    /// What the plan's words did not say and the family must fill in before it can be counted
    /// ("how long each session lasts"), each as a phrase.
    pub missing: Vec<String>,
    /// The ledger's provision with these words, once it has been added.
    #[ts(type = "number | null")]
    pub in_ledger: Option<i64>,
}

/// Where one section starts, as the family says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SectionStart {
    /// The section's letter ("F").
    pub letter: String,
    /// The line it starts on (a [`Line`]'s `index`).
    pub line: u32,
}

/// A plan's lines that could start a section, and where its sections start now.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanLines {
    /// Short lines (twelve words or fewer): headings are among them.
    pub lines: Vec<Line>,
    pub starts: Vec<SectionStart>,
    /// Whether the starts are the family's own (rather than found from the headings).
    pub set_by_family: bool,
}

/// Lines with more words than this are sentences, not headings, and are not offered.
const MOST_HEADING_WORDS: usize = 12;

/// A plan read into its sections.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReading {
    pub document: Document,
    pub sections: Vec<Section>,
}

impl Store {
    /// The sections of document `id`, which must be an EHC plan (draft, final or amended) whose words have
    /// been read (a scan's by OCR first).
    pub fn plan_sections(&self, id: i64) -> Result<PlanReading> {
        let document = self.document(id)?;
        if !document.kind.is_some_and(DocumentKind::is_plan) {
            let is = document
                .kind
                .map_or("not marked as any kind".to_owned(), |k| {
                    format!("marked as “{}”", k.words())
                });
            return Err(CoreError::invalid(
                "document",
                format!(
                    "“{}” is {is}, not as an EHC plan. If it is one, mark it as a draft, final or amended EHC plan first (casefile doc edit {id} --kind ehcp-final).",
                    document.title
                ),
            ));
        }
        let text = self.words_of(&document)?;
        if let Some(sections) = self.sections_as_set(&document, &text)? {
            return Ok(PlanReading { document, sections });
        }
        match casefile_plan::sections(&text) {
            Ok(sections) => Ok(PlanReading { document, sections }),
            Err(NoHeadings { found }) => Err(CoreError::invalid(
                "document",
                format!(
                    "Casefile could not find the section headings in “{}” ({found}). A plan's sections have headings such as “Section F: Special educational provision” or “F. Special educational provision”; if this plan's headings are written another way, say where each section starts (in the plan's viewer, or casefile plan lines {id} and plan set-sections {id} A=LINE B=LINE …).",
                    document.title,
                    found = match found {
                        0 => "none was found".to_owned(),
                        _ => "only one was found".to_owned(),
                    }
                ),
            )),
        }
    }

    /// Document `old_id`'s plan compared with document `new_id`'s: both EHC plans of the same
    /// case (one family's plan is never read against another's). When one of the two is a
    /// Tribunal paper, it is read as the Tribunal's order and the plan is compared with what it
    /// sets out, whichever was given first.
    pub fn plan_compare(&self, old_id: i64, new_id: i64) -> Result<PlanComparison> {
        if old_id == new_id {
            return Err(CoreError::invalid(
                "document",
                "Choose two different versions of the plan to compare.",
            ));
        }
        let is_order = |id| -> Result<bool> {
            Ok(self.document(id)?.kind == Some(DocumentKind::TribunalPaper))
        };
        let (old_is_order, new_is_order) = (is_order(old_id)?, is_order(new_id)?);
        if old_is_order && new_is_order {
            return Err(CoreError::invalid(
                "document",
                "Both are Tribunal papers. Compare the Tribunal's order with the plan the council issued after it.",
            ));
        }
        let against_order = old_is_order || new_is_order;
        let (old_id, new_id) = if new_is_order {
            (new_id, old_id)
        } else {
            (old_id, new_id)
        };
        let old = if against_order {
            self.order_sections(old_id)?
        } else {
            self.plan_sections(old_id)?
        };
        let new = self.plan_sections(new_id)?;
        if old.document.case_id != new.document.case_id {
            return Err(CoreError::invalid(
                "document",
                format!(
                    "“{}” and “{}” belong to different cases. Compare two versions of one child's plan.",
                    old.document.title, new.document.title
                ),
            ));
        }
        let comparison = if against_order {
            casefile_plan::compare_with_order(&old.sections, &new.sections)
        } else {
            casefile_plan::compare(&old.sections, &new.sections)
        };
        Ok(PlanComparison {
            old: old.document,
            new: new.document,
            against_order,
            comparison,
        })
    }

    /// The plan's sections a Tribunal's order (document `id`, a Tribunal paper) sets out in the
    /// plan's words: its annex, or the agreed working document attached to it.
    fn order_sections(&self, id: i64) -> Result<PlanReading> {
        let document = self.document(id)?;
        let text = self.words_of(&document)?;
        if let Some(sections) = self.sections_as_set(&document, &text)? {
            return Ok(PlanReading { document, sections });
        }
        match casefile_plan::order_sections(&text) {
            Ok(sections) => Ok(PlanReading { document, sections }),
            Err(NoHeadings { .. }) => Err(CoreError::invalid(
                "document",
                format!(
                    "“{}” sets out no section of the plan that Casefile can find. An order is compared with the plan where it gives the plan's wording under the plan's headings (“Section F: Special educational provision” and what it is to say), usually in an annex or the agreed working document. If this order only says in its own words what to change, check the plan against it by hand.",
                    document.title
                ),
            )),
        }
    }

    /// The words Casefile read from `document`, or why there are none (a scan not yet read).
    fn words_of(&self, document: &Document) -> Result<String> {
        let text = self.document_text(document.id)?;
        if !text.trim().is_empty() {
            return Ok(text);
        }
        let why = if document.ocr_status.is_some() {
            format!(
                "It is a scan whose words have not been read yet: read them first (casefile ocr --case {}), then try again.",
                document.case_id
            )
        } else {
            "Import a copy with text (the Word or PDF file), or a clearer scan.".to_owned()
        };
        Err(CoreError::invalid(
            "document",
            format!("Casefile has no words from “{}”. {why}", document.title),
        ))
    }

    /// The sections of `document` where the family says they start, if it has said.
    fn sections_as_set(&self, document: &Document, text: &str) -> Result<Option<Vec<Section>>> {
        let starts = self.section_starts(document.id)?;
        if starts.is_empty() {
            return Ok(None);
        }
        casefile_plan::sections_at(text, &starts)
            .map(Some)
            .map_err(|e| bad_starts(e, &document.title))
    }

    /// What Sections F, G and H of document `id` leave vague or unsaid, provision by provision.
    pub fn plan_check(&self, id: i64) -> Result<(PlanReading, Vec<Finding>)> {
        let reading = self.plan_sections(id)?;
        let findings = casefile_plan::check(&reading.sections);
        Ok((reading, findings))
    }

    /// Every provision of Sections F, G and H of document `id`, each with what the provision
    /// ledger would record for it and whether the ledger has it already.
    pub fn plan_provisions(&self, id: i64) -> Result<(PlanReading, Vec<PlanLedgerItem>)> {
        let reading = self.plan_sections(id)?;
        let document = &reading.document;
        let in_ledger: Vec<(String, i64)> = self
            .list_provisions(document.case_id)?
            .into_iter()
            .map(|p| (same_words(&p.wording), p.id))
            .collect();
        let plan_version = match (document.kind, document.document_date) {
            (Some(kind), Some(date)) => format!("{}, {}", kind.words(), date.format("%-d %B %Y")),
            (Some(kind), None) => kind.words().to_owned(),
            (None, _) => document.title.clone(),
        };
        let items = casefile_plan::ledger_provisions(&reading.sections)
            .into_iter()
            .map(|provision| {
                let draft = ProvisionDetails {
                    section: match provision.section {
                        Letter::G => "G",
                        Letter::H1 => "H1",
                        // A plan whose Section H is not split into H1 and H2: the ledger's other
                        // social care, as provision under the Chronically Sick and Disabled
                        // Persons Act 1970 s.2 (H1) is named as such where a plan has it.
                        Letter::H | Letter::H2 => "H2",
                        _ => "F",
                    }
                    .to_owned(),
                    title: provision.title.clone(),
                    wording: provision.text.clone(),
                    provider: provision.provider.clone(),
                    setting: None,
                    plan_version: Some(plan_version.clone()),
                    sessions: provision.sessions,
                    per: provision.per.clone().unwrap_or_default(),
                    minutes: provision.minutes.unwrap_or(0),
                    term_time_only: provision.term_time_only,
                    from: document
                        .document_date
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    to: None,
                };
                let mut missing = Vec::new();
                if provision.minutes.is_none() {
                    missing.push("how long each session lasts".to_owned());
                }
                if provision.per.is_none() {
                    missing.push("how often".to_owned());
                }
                if document.document_date.is_none() {
                    missing.push("the date the plan starts".to_owned());
                }
                let words = same_words(&provision.text);
                let in_ledger = in_ledger
                    .iter()
                    .find(|(w, _)| *w == words)
                    .map(|&(_, id)| id);
                PlanLedgerItem {
                    provision,
                    draft,
                    missing,
                    in_ledger,
                }
            })
            .collect();
        Ok((reading, items))
    }
}

impl Store {
    /// Where the family has said document `id`'s sections start (none: as found).
    fn section_starts(&self, id: i64) -> Result<Vec<(Letter, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT letter, line FROM plan_section_starts WHERE document_id = ?1 ORDER BY line",
        )?;
        let rows: Vec<(String, i64)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(letter, line)| {
                Some((Letter::parse(&letter)?, usize::try_from(line).ok()?))
            })
            .collect())
    }

    /// Plan document `id`'s short lines, any of which may start a section, and where its
    /// sections start now (the family's, or as found from the headings).
    pub fn plan_lines(&self, id: i64) -> Result<PlanLines> {
        let text = self.document_text(id)?;
        let set = self.section_starts(id)?;
        let lines: Vec<Line> = casefile_plan::lines(&text)
            .into_iter()
            .filter(|l| {
                let words = l.text.split_whitespace().count();
                (1..=MOST_HEADING_WORDS).contains(&words)
            })
            .collect();
        let starts = if set.is_empty() {
            // As found: each section's heading line (the plan check's own reading).
            match self.plan_sections(id) {
                Ok(reading) => {
                    let all = casefile_plan::lines(&text);
                    let mut from = 0;
                    reading
                        .sections
                        .iter()
                        .filter_map(|s| {
                            let at = all[from..]
                                .iter()
                                .position(|l| l.heading == Some(s.letter))?
                                + from;
                            from = at + 1;
                            Some(SectionStart {
                                letter: s.letter.as_str().to_owned(),
                                line: all[at].index,
                            })
                        })
                        .collect()
                }
                Err(_) => Vec::new(),
            }
        } else {
            set.iter()
                .map(|&(letter, line)| SectionStart {
                    letter: letter.as_str().to_owned(),
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                })
                .collect()
        };
        Ok(PlanLines {
            lines,
            starts,
            set_by_family: !set.is_empty(),
        })
    }

    /// The family says where plan document `id`'s sections start; an empty list goes back to the
    /// headings as found. Checked by reading the plan with them before anything is saved.
    pub fn set_plan_section_starts(
        &mut self,
        id: i64,
        starts: &[SectionStart],
    ) -> Result<PlanReading> {
        let document = self.document(id)?;
        if !document.kind.is_some_and(DocumentKind::is_plan) {
            // plan_sections gives the message that says how to mark it.
            self.plan_sections(id)?;
        }
        let mut parsed = Vec::with_capacity(starts.len());
        for s in starts {
            let letter = Letter::parse(s.letter.trim().to_uppercase().as_str()).ok_or_else(|| {
                CoreError::invalid(
                    "letter",
                    format!("“{}” is not a section of a plan. Use a letter from A to K (or H1, H2).", s.letter.trim()),
                )
            })?;
            parsed.push((letter, s.line as usize));
        }
        if !parsed.is_empty() {
            let text = self.document_text(id)?;
            casefile_plan::sections_at(&text, &parsed)
                .map_err(|e| bad_starts(e, &document.title))?;
        }
        let case_id = document.case_id;
        self.write(|tx| {
            tx.execute("DELETE FROM plan_section_starts WHERE document_id = ?1", [id])?;
            for (letter, line) in &parsed {
                tx.execute(
                    "INSERT INTO plan_section_starts (document_id, letter, line) VALUES (?1, ?2, ?3)",
                    params![id, letter.as_str(), *line as i64],
                )?;
            }
            audit::record(
                tx,
                Some(case_id),
                "plan.section_starts_set",
                &serde_json::json!({ "document_id": id, "sections": parsed.len() }),
            )?;
            Ok(())
        })?;
        self.plan_sections(id)
    }
}

/// Why the family's section starts cannot be used, in words.
fn bad_starts(e: BadStarts, title: &str) -> CoreError {
    match e {
        BadStarts::TooFew => CoreError::invalid(
            "starts",
            format!("Say where at least two of “{title}”'s sections start."),
        ),
        BadStarts::NoLine(line) => CoreError::invalid(
            "starts",
            format!("“{title}” has no line {line}. Choose a line from the list."),
        ),
        BadStarts::OutOfOrder(letter) => CoreError::invalid(
            "starts",
            format!(
                "Section {} starts above a section that comes before it, or on the same line: the sections must run from A to K down the plan.",
                letter.as_str()
            ),
        ),
    }
}

/// Words compared as a reader sees them: case, spacing and line breaks aside.
fn same_words(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::SectionStart;
    use crate::records::documents::DocumentChanges;
    use crate::testing::{import_text, store_with_case};

    fn mark(store: &mut crate::Store, id: i64, kind: &str) {
        store
            .change_document(
                id,
                &DocumentChanges {
                    kind: Some(kind.into()),
                    ..Default::default()
                },
            )
            .expect("marked");
    }

    /// A plan typed as a text file in one council's style: its sections found, and Section F's
    /// vague provision quoted.
    #[test]
    fn a_plan_is_read_into_sections_and_its_provision_checked() {
        let (dir, mut store, case) = store_with_case();
        let id = import_text(
            &mut store,
            case,
            dir.path(),
            "plan.txt",
            "Education, Health and Care Plan\n\nSection A: About me\nI like trains.\n\n\
             Section B: Special educational needs\nSpeech sounds are hard for me.\n\n\
             Section F: Special educational provision\nAccess to speech and language therapy as required.\n\n\
             Section I: Placement\nWillowbrook Primary School\n",
        )
        .id;
        let refused = store.plan_sections(id).expect_err("not marked as a plan");
        assert!(
            refused
                .to_string()
                .contains("mark it as a draft, final or amended EHC plan first"),
            "{refused}"
        );

        mark(&mut store, id, "ehcp-final");
        let reading = store.plan_sections(id).expect("read");
        let letters: Vec<&str> = reading.sections.iter().map(|s| s.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "F", "I"]);
        let (_, findings) = store.plan_check(id).expect("checked");
        let phrases: Vec<&str> = findings.iter().map(|f| f.phrase.as_str()).collect();
        // Vague twice, then how often, how long and by whom all unsaid.
        assert_eq!(phrases, ["Access to", "as required", "", "", ""]);
        assert!(findings.iter().all(|f| f.section.as_str() == "F"));
    }

    /// A final plan and the amended plan that followed an annual review: the amended one cut the
    /// therapy from weekly to termly (30 minutes × 1 a week against 30 minutes a term, which is
    /// 30 ÷ 13 ≈ 2.3 minutes a week).
    #[test]
    fn a_final_plan_and_its_amended_version_are_compared() {
        let (dir, mut store, case) = store_with_case();
        let plan = |often: &str| {
            format!(
                "Section B: Needs\nSpeech sounds are hard.\n\nSection F: Provision\nSam will have 30 minutes of speech and language therapy {often} from a qualified therapist.\n\nSection I: Placement\nWillowbrook Primary School\n"
            )
        };
        let old = import_text(&mut store, case, dir.path(), "final.txt", &plan("weekly")).id;
        let new = import_text(&mut store, case, dir.path(), "amended.txt", &plan("termly")).id;
        mark(&mut store, old, "ehcp-final");
        mark(&mut store, new, "ehcp-amended");
        let found = store.plan_compare(old, new).expect("compared");
        assert_eq!(found.comparison.concerns.len(), 1);
        assert_eq!(found.comparison.concerns[0].section.as_str(), "F");
        assert!(
            found.comparison.concerns[0].why.starts_with(
                "Less time: it was “30 minutes” “weekly”; it is now “30 minutes” “termly”."
            ),
            "{}",
            found.comparison.concerns[0].why
        );
        assert_eq!(found.new.kind, Some(crate::DocumentKind::EhcpAmended));
    }

    /// A final plan dated 12 March 2026: the specific therapy is ready for the ledger as it
    /// stands (45 minutes, once a week, term time, from the plan's date), the vague one says
    /// what is missing, and once added the first is known to be in the ledger.
    #[test]
    fn a_plan_s_provision_goes_into_the_ledger_with_its_amounts() {
        let (dir, mut store, case) = store_with_case();
        let id = import_text(
            &mut store,
            case,
            dir.path(),
            "final.txt",
            "Section B: Needs\nSpeech sounds are hard.\n\n\
             Section F: Special educational provision\n\
             1. Sam will have 45 minutes of speech and language therapy each week from a qualified speech and language therapist.\n\
             2. Sam will have access to occupational therapy as required.\n\n\
             Section I: Placement\nWillowbrook Primary School\n",
        )
        .id;
        mark(&mut store, id, "ehcp-final");
        store
            .change_document(
                id,
                &DocumentChanges {
                    date: Some("2026-03-12".into()),
                    ..Default::default()
                },
            )
            .expect("dated");
        let (_, items) = store.plan_provisions(id).expect("read");
        assert_eq!(items.len(), 2);
        let salt = &items[0];
        assert!(salt.missing.is_empty(), "{:?}", salt.missing);
        assert_eq!(salt.draft.title, "Speech and language therapy");
        assert_eq!(
            (
                salt.draft.minutes,
                salt.draft.sessions,
                salt.draft.per.as_str()
            ),
            (45, 1, "week")
        );
        assert_eq!(salt.draft.from, "2026-03-12");
        assert_eq!(
            salt.draft.plan_version.as_deref(),
            Some("Final EHC plan, 12 March 2026")
        );
        assert_eq!(
            items[1].missing,
            ["how long each session lasts", "how often"]
        );
        assert_eq!(items[1].in_ledger, None);

        let added = store
            .add_provision(case, &salt.draft)
            .expect("added as read");
        // 45 minutes × 1 a week, term time only, from the plan's date.
        assert_eq!(
            added.wording,
            "Sam will have 45 minutes of speech and language therapy each week from a qualified speech and language therapist."
        );
        let (_, items) = store.plan_provisions(id).expect("read again");
        assert_eq!(items[0].in_ledger, Some(added.id));
        assert_eq!(items[1].in_ledger, None);
        // The vague one cannot be counted as it stands: the ledger refuses it without minutes.
        assert!(store.add_provision(case, &items[1].draft).is_err());
    }

    /// A council template whose headings name no letters: refused as found, then read where
    /// the family says its sections start, and back to refused when the starts are cleared.
    #[test]
    fn a_plan_without_lettered_headings_is_split_where_the_family_says() {
        let (dir, mut store, case) = store_with_case();
        let id = import_text(
            &mut store,
            case,
            dir.path(),
            "plan.txt",
            "About me\nI like trains.\n\nWhat I find hard\nSpeech sounds are hard for me.\n\n\
             Help I will get\nAccess to speech and language therapy as required.\n\n\
             My school\nWillowbrook Primary School\n",
        )
        .id;
        mark(&mut store, id, "ehcp-final");
        let refused = store.plan_sections(id).expect_err("no headings");
        assert!(
            refused
                .to_string()
                .contains(&format!("casefile plan lines {id}")),
            "{refused}"
        );
        let offered = store.plan_lines(id).expect("lines");
        assert!(offered.starts.is_empty() && !offered.set_by_family);
        let at = |words: &str| {
            offered
                .lines
                .iter()
                .find(|l| l.text == words)
                .expect(words)
                .index
        };
        let starts: Vec<SectionStart> = [
            ("A", "About me"),
            ("B", "What I find hard"),
            ("F", "Help I will get"),
            ("I", "My school"),
        ]
        .iter()
        .map(|(letter, words)| SectionStart {
            letter: (*letter).into(),
            line: at(words),
        })
        .collect();
        let reading = store.set_plan_section_starts(id, &starts).expect("split");
        let letters: Vec<&str> = reading.sections.iter().map(|s| s.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "F", "I"]);
        // The check and the ledger read the family's sections.
        let (_, findings) = store.plan_check(id).expect("checked");
        assert!(
            findings.iter().any(|f| f.phrase == "Access to"),
            "{findings:?}"
        );
        let now = store.plan_lines(id).expect("lines");
        assert!(now.set_by_family);
        assert_eq!(now.starts, starts);
        // Out of order: refused, and the saved starts are kept.
        let wrong = [
            SectionStart {
                letter: "F".into(),
                line: 0,
            },
            SectionStart {
                letter: "B".into(),
                line: at("My school"),
            },
        ];
        let refused = store
            .set_plan_section_starts(id, &wrong)
            .expect_err("out of order");
        assert!(
            refused.to_string().contains("must run from A to K"),
            "{refused}"
        );
        assert_eq!(store.plan_lines(id).expect("lines").starts, starts);
        store
            .set_plan_section_starts(id, &[])
            .expect_err("back to none found");
        assert!(store.plan_sections(id).is_err());
        assert!(!store.plan_lines(id).expect("lines").set_by_family);
    }

    /// Marking a document as a draft or final plan moves the case's plan status on, never back
    /// and never away from an appeal.
    #[test]
    fn a_plan_marked_as_issued_moves_the_case_s_plan_status_on() {
        use crate::records::cases::EhcpStatus;
        let (dir, mut store, case) = store_with_case();
        let status = |store: &crate::Store| store.case(case).expect("case").ehcp_status;
        assert_eq!(status(&store), EhcpStatus::None);
        let draft = import_text(
            &mut store,
            case,
            dir.path(),
            "draft.txt",
            "Section B: Needs\nx\n",
        )
        .id;
        let fin = import_text(
            &mut store,
            case,
            dir.path(),
            "final.txt",
            "Section B: Needs\ny\n",
        )
        .id;
        mark(&mut store, draft, "ehcp-draft");
        assert_eq!(status(&store), EhcpStatus::Draft);
        mark(&mut store, fin, "ehcp-final");
        assert_eq!(status(&store), EhcpStatus::Final);
        // Marking the draft again does not take it back to a draft.
        mark(&mut store, draft, "ehcp-draft");
        assert_eq!(status(&store), EhcpStatus::Final);
        store
            .update_case(
                case,
                &crate::CaseDetails {
                    child_name: "Ava".into(),
                    ehcp_status: EhcpStatus::UnderAppeal,
                    ..Default::default()
                },
            )
            .expect("appeal");
        mark(&mut store, fin, "ehcp-amended");
        assert_eq!(status(&store), EhcpStatus::UnderAppeal);
    }

    #[test]
    fn a_letter_marked_as_a_plan_says_its_headings_cannot_be_found() {
        let (dir, mut store, case) = store_with_case();
        let id = import_text(
            &mut store,
            case,
            dir.path(),
            "letter.txt",
            "Dear parent,\nWe will not assess.\nYours sincerely\n",
        )
        .id;
        mark(&mut store, id, "ehcp-draft");
        let refused = store.plan_sections(id).expect_err("no headings");
        assert_eq!(refused.kind(), "invalid");
        assert!(
            refused
                .to_string()
                .contains("could not find the section headings"),
            "{refused}"
        );
        assert!(refused.to_string().contains("none was found"), "{refused}");
    }
}
