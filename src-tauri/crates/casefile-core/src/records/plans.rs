//! The EHC plan itself: a document of kind EHC plan read into its sections A to K, and its
//! provision checked. The reading is `casefile-plan`'s (pure text); this module finds the
//! document's stored text and says in plain words why a document cannot be read as a plan.

use casefile_plan::{Comparison, Finding, NoHeadings, Section};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::records::documents::{Document, DocumentKind};
use crate::store::Store;

/// Two versions of a plan compared.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanComparison {
    pub old: Document,
    pub new: Document,
    #[serde(flatten)]
    pub comparison: Comparison,
}

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
        let text = self.document_text(id)?;
        if text.trim().is_empty() {
            let why = if document.ocr_status.is_some() {
                format!(
                    "It is a scan whose words have not been read yet: read them first (casefile ocr --case {}), then try again.",
                    document.case_id
                )
            } else {
                "Import a copy with text (the council's Word or PDF file), or a clearer scan."
                    .to_owned()
            };
            return Err(CoreError::invalid(
                "document",
                format!("Casefile has no words from “{}”. {why}", document.title),
            ));
        }
        match casefile_plan::sections(&text) {
            Ok(sections) => Ok(PlanReading { document, sections }),
            Err(NoHeadings { found }) => Err(CoreError::invalid(
                "document",
                format!(
                    "Casefile could not find the section headings in “{}” ({}). A plan's sections have headings such as “Section F: Special educational provision” or “F. Special educational provision”; if this plan's headings are written another way, Casefile cannot split it yet.",
                    document.title,
                    match found {
                        0 => "none was found".to_owned(),
                        _ => "only one was found".to_owned(),
                    }
                ),
            )),
        }
    }

    /// Document `old_id`'s plan compared with document `new_id`'s: both EHC plans of the same
    /// case (one family's plan is never read against another's).
    pub fn plan_compare(&self, old_id: i64, new_id: i64) -> Result<PlanComparison> {
        if old_id == new_id {
            return Err(CoreError::invalid(
                "document",
                "Choose two different versions of the plan to compare.",
            ));
        }
        let old = self.plan_sections(old_id)?;
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
        let comparison = casefile_plan::compare(&old.sections, &new.sections);
        Ok(PlanComparison {
            old: old.document,
            new: new.document,
            comparison,
        })
    }

    /// What Sections F, G and H of document `id` leave vague or unsaid, provision by provision.
    pub fn plan_check(&self, id: i64) -> Result<(PlanReading, Vec<Finding>)> {
        let reading = self.plan_sections(id)?;
        let findings = casefile_plan::check(&reading.sections);
        Ok((reading, findings))
    }
}

#[cfg(test)]
mod tests {
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
