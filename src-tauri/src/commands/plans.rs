//! The EHC plan itself: its provision checked and read for the ledger, and two versions
//! compared (with a report to keep or save and a letter to the council).

use std::path::PathBuf;

use casefile_core::outputs::letters::Letter;
use casefile_core::plan::Section;
use casefile_core::{
    CouncilReply, Document, PdfExport, PlanComparison, PlanLedgerItem, PlanLines, SectionStart,
    TakenReply, WorkingDocumentView, WorkingFormat, WorkingProposal, WorkingSaved, today,
};
use serde::Serialize;
use tauri::AppHandle;
use ts_rs::TS;

use super::{CommandResult, Record, Scope, run};

/// Document `old_id` compared with document `new_id`. Visit mode checks the first; the core
/// refuses a second document of another case, so one family's plan is never read against
/// another's.
#[tauri::command]
pub async fn plan_compare(
    app: AppHandle,
    old_id: i64,
    new_id: i64,
) -> CommandResult<PlanComparison> {
    run(&app, Scope::Of(Record::Document(old_id)), move |store| {
        store.plan_compare(old_id, new_id)
    })
    .await
}

/// A plan's sections as found, and each provision of F, G and H with what it leaves vague or
/// unsaid and what the provision ledger would record for it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanCheck {
    pub sections: Vec<Section>,
    pub provisions: Vec<PlanLedgerItem>,
}

#[tauri::command]
pub async fn plan_check(app: AppHandle, id: i64) -> CommandResult<PlanCheck> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        let (reading, provisions) = store.plan_provisions(id)?;
        Ok(PlanCheck {
            sections: reading.sections,
            provisions,
        })
    })
    .await
}

/// The comparison of two versions saved as a PDF report where the person chose.
#[tauri::command]
pub async fn save_plan_comparison_pdf(
    app: AppHandle,
    old_id: i64,
    new_id: i64,
    path: String,
) -> CommandResult<PdfExport> {
    run(&app, Scope::Of(Record::Document(old_id)), move |store| {
        store.save_plan_comparison_pdf(old_id, new_id, &PathBuf::from(path))
    })
    .await
}

/// The comparison's report kept as a document of the case (for a bundle).
#[tauri::command]
pub async fn keep_plan_comparison(
    app: AppHandle,
    old_id: i64,
    new_id: i64,
) -> CommandResult<Document> {
    run(&app, Scope::Of(Record::Document(old_id)), move |store| {
        store.keep_plan_comparison(old_id, new_id)
    })
    .await
}

/// A letter to the council about what the newer version removed, weakened or made vague.
#[tauri::command]
pub async fn draft_plan_change_letter(
    app: AppHandle,
    old_id: i64,
    new_id: i64,
) -> CommandResult<Letter> {
    run(&app, Scope::Of(Record::Document(old_id)), move |store| {
        store.draft_plan_change_letter(old_id, new_id, today())
    })
    .await
}

/// The working document started from plan document `plan_id`, if one has been.
#[tauri::command]
pub async fn working_document_of_plan(
    app: AppHandle,
    plan_id: i64,
) -> CommandResult<Option<WorkingDocumentView>> {
    run(&app, Scope::Of(Record::Document(plan_id)), move |store| {
        store
            .working_document_of(plan_id)?
            .map(|id| store.working_document(id))
            .transpose()
    })
    .await
}

/// The working document started from plan document `plan_id` and its sections `sections`.
#[tauri::command]
pub async fn start_working_document(
    app: AppHandle,
    plan_id: i64,
    sections: Vec<String>,
) -> CommandResult<WorkingDocumentView> {
    run(&app, Scope::Of(Record::Document(plan_id)), move |store| {
        store.start_working_document(plan_id, &sections)
    })
    .await
}

/// A party's proposed wording for one paragraph.
#[tauri::command]
pub async fn propose_working_change(
    app: AppHandle,
    id: i64,
    proposal: WorkingProposal,
) -> CommandResult<WorkingDocumentView> {
    run(&app, Scope::Of(Record::WorkingDocument(id)), move |store| {
        store.propose_working_change(id, &proposal)
    })
    .await
}

/// Both parties agree one paragraph as it now reads.
#[tauri::command]
pub async fn agree_working_paragraph(
    app: AppHandle,
    id: i64,
    section: String,
    paragraph: u32,
) -> CommandResult<WorkingDocumentView> {
    run(&app, Scope::Of(Record::WorkingDocument(id)), move |store| {
        store.agree_working_paragraph(id, &section, paragraph)
    })
    .await
}

/// The council's Word copy of the working document read against the version sent.
#[tauri::command]
pub async fn read_council_reply(
    app: AppHandle,
    id: i64,
    path: String,
) -> CommandResult<CouncilReply> {
    run(&app, Scope::Of(Record::WorkingDocument(id)), move |store| {
        store.read_council_reply(id, &PathBuf::from(path))
    })
    .await
}

/// The council's reply taken in: kept with the documents, its changes its proposals, saved as
/// the next version.
#[tauri::command]
pub async fn take_council_reply(
    app: AppHandle,
    id: i64,
    path: String,
) -> CommandResult<TakenReply> {
    run(&app, Scope::Of(Record::WorkingDocument(id)), move |store| {
        store.take_council_reply(id, &PathBuf::from(path))
    })
    .await
}

/// The working document saved where the person chose, as Word or as the PDF printed for the
/// hearing (a new version when it changed).
#[tauri::command]
pub async fn save_working_document(
    app: AppHandle,
    id: i64,
    path: String,
    format: WorkingFormat,
) -> CommandResult<WorkingSaved> {
    run(&app, Scope::Of(Record::WorkingDocument(id)), move |store| {
        store.save_working_document(id, &PathBuf::from(path), format)
    })
    .await
}

/// A plan's short lines, any of which may start a section, and where its sections start now.
#[tauri::command]
pub async fn plan_lines(app: AppHandle, id: i64) -> CommandResult<PlanLines> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        store.plan_lines(id)
    })
    .await
}

/// The family says where a plan's sections start (none: back to the headings as found); the
/// plan's sections as now read.
#[tauri::command]
pub async fn set_plan_section_starts(
    app: AppHandle,
    id: i64,
    starts: Vec<SectionStart>,
) -> CommandResult<Vec<Section>> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        store
            .set_plan_section_starts(id, &starts)
            .map(|reading| reading.sections)
    })
    .await
}
