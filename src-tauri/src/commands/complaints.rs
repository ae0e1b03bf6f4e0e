//! Complaints and the pattern across families: thin calls into the core.

use std::path::PathBuf;

use casefile_core::{
    Bundle, BundleKind, ComplaintCase, ComplaintStage, PatternReport, outputs::letters::Letter,
    today,
};
use serde::Serialize;
use tauri::AppHandle;
use ts_rs::TS;

use super::{CommandResult, Record, Scope, blocking, run};

/// Where each grievance belongs, the Ombudsman's dates, the council's stage, the facts and the
/// remedy, as of today.
#[tauri::command]
pub async fn complaint_case(app: AppHandle, case_id: i64) -> CommandResult<ComplaintCase> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.complaint_case(case_id, today())
    })
    .await
}

/// A complaint letter drafted from the case's records, to edit before saving.
#[tauri::command]
pub async fn draft_complaint_letter(
    app: AppHandle,
    case_id: i64,
    stage: ComplaintStage,
) -> CommandResult<Letter> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.draft_complaint_letter(case_id, stage, today())
    })
    .await
}

/// Saves a complaint letter as the family edited it (PDF, Word or text, by the name's ending)
/// and records it in the correspondence log; returns where it was saved.
#[tauri::command]
pub async fn save_complaint_letter(
    app: AppHandle,
    case_id: i64,
    stage: ComplaintStage,
    path: String,
    subject: String,
    text: String,
) -> CommandResult<String> {
    let (title, body) = (subject.clone(), text.clone());
    let saved = blocking(move || {
        Ok(casefile_core::save_letter(
            &PathBuf::from(path),
            &title,
            &body,
        )?)
    })
    .await?;
    let shown = saved.clone();
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.record_complaint_letter(case_id, stage, &subject, &shown, today())
    })
    .await?;
    Ok(saved)
}

/// The case's complaint pack plan (made if there is none yet), to build like any bundle.
#[tauri::command]
pub async fn complaint_pack_bundle(app: AppHandle, case_id: i64) -> CommandResult<Bundle> {
    run(
        &app,
        Scope::Of(Record::Case(case_id)),
        move |store| match store
            .list_bundles(case_id)?
            .into_iter()
            .find(|b| b.kind == BundleKind::Complaint)
        {
            Some(bundle) => Ok(bundle),
            None => store.create_bundle(case_id, BundleKind::Complaint, None),
        },
    )
    .await
}

/// The pattern across the families on this computer (refused during a visit: it reads every
/// case).
#[tauri::command]
pub async fn pattern_report(app: AppHandle) -> CommandResult<PatternReport> {
    run(&app, Scope::EveryCase, move |store| {
        store.pattern_report(today())
    })
    .await
}

/// What was saved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PatternSaved {
    pub path: String,
    pub pages: u32,
}

/// Saves the pattern report as a PDF (with charts) or, for a name ending .csv, as CSV.
#[tauri::command]
pub async fn save_pattern_report(app: AppHandle, path: String) -> CommandResult<PatternSaved> {
    let report = run(&app, Scope::EveryCase, move |store| {
        store.pattern_report(today())
    })
    .await?;
    blocking(move || {
        let path = PathBuf::from(path);
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let (bytes, pages) = if csv {
            (casefile_core::pattern_csv(&report).into_bytes(), 0)
        } else {
            let pdf = casefile_core::pattern_pdf(&report)?;
            (pdf.bytes, pdf.pages as u32)
        };
        casefile_core::write_atomically(&path, &bytes)?;
        Ok(PatternSaved {
            path: path.display().to_string(),
            pages,
        })
    })
    .await
}

/// A Freedom of Information request to the case's council for its own figures, to edit.
#[tauri::command]
pub async fn draft_foi_request(app: AppHandle, case_id: i64) -> CommandResult<Letter> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        let case = store.case(case_id)?;
        casefile_core::foi_request(&case, today())
    })
    .await
}

/// Saves the FOI request as edited, logs it and starts its 20-working-day clock; returns the
/// date the council must answer by.
#[tauri::command]
pub async fn save_foi_request(
    app: AppHandle,
    case_id: i64,
    path: String,
    text: String,
) -> CommandResult<Option<chrono::NaiveDate>> {
    let body = text.clone();
    let draft = run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        let case = store.case(case_id)?;
        casefile_core::foi_request(&case, today())
    })
    .await?;
    let subject = draft.subject.clone();
    let saved = blocking(move || {
        Ok(casefile_core::save_letter(
            &PathBuf::from(path),
            &subject,
            &body,
        )?)
    })
    .await?;
    let letter = Letter { text, ..draft };
    let clock = run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.record_foi_request(case_id, &letter, &saved, today())
    })
    .await?;
    Ok(clock.deadlines.first().and_then(|d| d.due))
}
