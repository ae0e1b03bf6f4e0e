//! IPC commands: parse, call the core, map errors. No rules live here.
//! `async` so that the store work runs off the window's main thread.

use casefile_core::rules::{self, ExceptionDef, ProcessDef};
use casefile_core::{BuildReport, PlanOverview};
use casefile_core::{
    Bundle, BundleKind, DocumentDetails, EvidenceKind, ItemSource, Party, SearchFilter,
    TimelineItem,
};
use casefile_core::{
    Case, CaseDeadline, CaseDetails, CaseFilter, Clock, ClockStart, Document, Entry, EntryDetails,
    FollowUp, ImportResult, NoteVersion, OutcomeKind, Provision, ProvisionDetails, ProvisionReport,
    SearchHit, SessionDetails, SessionRecord, TodayItem, ledger::SchoolCalendar, today,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::{AppState, AppStatus};

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    Ok(state.status())
}

#[tauri::command]
pub async fn list_cases(
    state: State<'_, AppState>,
    filter: CaseFilter,
) -> CommandResult<Vec<Case>> {
    let visit = state.visit_case();
    state.with_store(|store| {
        let mut cases = store.list_cases(filter)?;
        cases.retain(|c| visit.is_none_or(|v| v == c.id));
        Ok(cases)
    })
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.check_visible(id)?;
    state.with_store(|store| store.case(id))
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, details: CaseDetails) -> CommandResult<Case> {
    state.check_visible(-1)?;
    state.with_store(|store| store.create_case(&details))
}

#[tauri::command]
pub async fn update_case(
    state: State<'_, AppState>,
    id: i64,
    details: CaseDetails,
) -> CommandResult<Case> {
    state.with_store(|store| store.update_case(id, &details))
}

#[tauri::command]
pub async fn archive_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.with_store(|store| store.archive_case(id))
}

#[tauri::command]
pub async fn restore_case(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    state.with_store(|store| store.restore_case(id))
}

#[tauri::command]
pub async fn create_demo_case(state: State<'_, AppState>) -> CommandResult<Case> {
    state.check_visible(-1)?;
    state.with_store(|store| Ok(casefile_core::demo::create_demo(store)?.case))
}

#[tauri::command]
pub async fn list_processes() -> CommandResult<Vec<ProcessDef>> {
    Ok(rules::PROCESSES.to_vec())
}

#[tauri::command]
pub async fn list_exceptions() -> CommandResult<Vec<ExceptionDef>> {
    Ok(rules::EXCEPTIONS.to_vec())
}

#[tauri::command]
pub async fn case_clocks(state: State<'_, AppState>, case_id: i64) -> CommandResult<Vec<Clock>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.clocks_for_case(case_id, today()))
}

#[tauri::command]
pub async fn case_deadlines(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<Vec<CaseDeadline>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.case_deadlines(case_id, today()))
}

#[tauri::command]
pub async fn today_deadlines(state: State<'_, AppState>) -> CommandResult<Vec<TodayItem>> {
    let visit = state.visit_case();
    state.with_store(|store| {
        let mut items = store.today_deadlines(today())?;
        items.retain(|i| visit.is_none_or(|v| v == i.case_id));
        Ok(items)
    })
}

#[tauri::command]
pub async fn start_clock(
    state: State<'_, AppState>,
    case_id: i64,
    start: ClockStart,
) -> CommandResult<Clock> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.start_clock(case_id, &start, today()))
}

#[tauri::command]
pub async fn record_clock_event(
    state: State<'_, AppState>,
    clock_id: i64,
    event: String,
    date: String,
) -> CommandResult<Clock> {
    state.with_store(|store| store.record_clock_event(clock_id, &event, &date, today()))
}

#[tauri::command]
pub async fn record_step_outcome(
    state: State<'_, AppState>,
    clock_id: i64,
    step: String,
    outcome: OutcomeKind,
    on: Option<String>,
    note: Option<String>,
    evidence: Option<i64>,
) -> CommandResult<Clock> {
    state.with_store(|store| {
        let today = today();
        // Check the proof first, so a refused request changes nothing.
        if let Some(entry) = evidence {
            store.check_evidence(clock_id, entry)?;
        }
        let clock = store.record_step_outcome(
            clock_id,
            &step,
            outcome,
            on.as_deref(),
            note.as_deref(),
            today,
        )?;
        match evidence {
            Some(entry) => store.set_step_evidence(clock_id, &step, Some(entry), today),
            None => Ok(clock),
        }
    })
}

#[tauri::command]
pub async fn set_step_due_date(
    state: State<'_, AppState>,
    clock_id: i64,
    step: String,
    date: Option<String>,
) -> CommandResult<Clock> {
    state.with_store(|store| store.set_step_due_date(clock_id, &step, date.as_deref(), today()))
}

#[tauri::command]
pub async fn record_clock_exception(
    state: State<'_, AppState>,
    clock_id: i64,
    kind: String,
    note: Option<String>,
) -> CommandResult<Clock> {
    state
        .with_store(|store| store.record_clock_exception(clock_id, &kind, note.as_deref(), today()))
}

/// What an export wrote.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportResult {
    pub path: String,
    /// How many items it holds (events, pages…).
    pub count: u32,
}

#[tauri::command]
pub async fn export_deadlines_ics(
    state: State<'_, AppState>,
    case_id: i64,
    path: String,
) -> CommandResult<ExportResult> {
    state.check_visible(case_id)?;
    state.with_store(|store| {
        let case = store.case(case_id)?;
        let deadlines = store.case_deadlines(case_id, today())?;
        let calendar =
            casefile_core::outputs::ics::deadlines_calendar(&case, &deadlines, chrono::Utc::now());
        casefile_core::write_atomically(std::path::Path::new(&path), calendar.as_bytes())?;
        Ok(ExportResult {
            count: deadlines
                .iter()
                .filter(|d| d.deadline.due.is_some())
                .count() as u32,
            path,
        })
    })
}

#[tauri::command]
pub async fn draft_chasing_letter(
    state: State<'_, AppState>,
    clock_id: i64,
    step: String,
) -> CommandResult<casefile_core::outputs::letters::Letter> {
    state.with_store(|store| store.draft_chasing_letter(clock_id, &step, today()))
}

/// Saves text the person has written or edited (a letter) where they chose.
#[tauri::command]
pub async fn save_text_file(path: String, text: String) -> CommandResult<ExportResult> {
    casefile_core::write_atomically(std::path::Path::new(&path), text.as_bytes())?;
    Ok(ExportResult {
        count: text.lines().count() as u32,
        path,
    })
}

/// What saving a letter as PDF wrote, and any characters the PDF font could not show.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PdfExport {
    pub path: String,
    pub pages: u32,
    pub missing_characters: String,
}

/// Saves text the person has written or edited (a letter) as an A4 PDF where they chose.
#[tauri::command]
pub async fn save_letter_pdf(
    path: String,
    title: String,
    text: String,
) -> CommandResult<PdfExport> {
    let pdf = casefile_core::pdf::text_document_pdf(&title, None, &text)
        .map_err(casefile_core::CoreError::from)?;
    casefile_core::write_atomically(std::path::Path::new(&path), &pdf.bytes)?;
    Ok(PdfExport {
        path,
        pages: pdf.pages as u32,
        missing_characters: pdf.missing_characters.into_iter().collect(),
    })
}

#[tauri::command]
pub async fn list_entries(state: State<'_, AppState>, case_id: i64) -> CommandResult<Vec<Entry>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.list_entries(case_id))
}

#[tauri::command]
pub async fn add_entry(
    state: State<'_, AppState>,
    case_id: i64,
    details: EntryDetails,
) -> CommandResult<Entry> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.add_entry(case_id, &details, today()))
}

#[tauri::command]
pub async fn revise_note(
    state: State<'_, AppState>,
    entry_id: i64,
    note: String,
) -> CommandResult<Entry> {
    state.with_store(|store| store.revise_note(entry_id, &note))
}

#[tauri::command]
pub async fn note_history(
    state: State<'_, AppState>,
    entry_id: i64,
) -> CommandResult<Vec<NoteVersion>> {
    state.with_store(|store| store.note_history(entry_id))
}

#[tauri::command]
pub async fn complete_follow_up(state: State<'_, AppState>, entry_id: i64) -> CommandResult<Entry> {
    state.with_store(|store| store.complete_follow_up(entry_id, today()))
}

#[tauri::command]
pub async fn due_follow_ups(state: State<'_, AppState>) -> CommandResult<Vec<FollowUp>> {
    let visit = state.visit_case();
    state.with_store(|store| {
        let mut items = store.due_follow_ups(today())?;
        items.retain(|i| visit.is_none_or(|v| v == i.case_id));
        Ok(items)
    })
}

#[tauri::command]
pub async fn set_step_evidence(
    state: State<'_, AppState>,
    clock_id: i64,
    step: String,
    entry_id: Option<i64>,
) -> CommandResult<Clock> {
    state.with_store(|store| store.set_step_evidence(clock_id, &step, entry_id, today()))
}

#[tauri::command]
pub async fn list_provisions(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<Vec<Provision>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.list_provisions(case_id))
}

#[tauri::command]
pub async fn add_provision(
    state: State<'_, AppState>,
    case_id: i64,
    details: ProvisionDetails,
) -> CommandResult<Provision> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.add_provision(case_id, &details))
}

#[tauri::command]
pub async fn log_session(
    state: State<'_, AppState>,
    provision_id: i64,
    details: SessionDetails,
) -> CommandResult<i64> {
    state.with_store(|store| store.log_session(provision_id, &details, today()))
}

#[tauri::command]
pub async fn provision_report(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<ProvisionReport> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.provision_report(case_id, None, None, today()))
}

#[tauri::command]
pub async fn school_calendar(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<SchoolCalendar> {
    state.check_visible(case_id)?;
    state.with_store(|store| {
        store.case(case_id)?;
        store.school_calendar(case_id)
    })
}

#[tauri::command]
pub async fn import_term_dates(
    state: State<'_, AppState>,
    case_id: i64,
    text: String,
) -> CommandResult<SchoolCalendar> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.import_term_dates(case_id, &text))
}

#[tauri::command]
pub async fn export_provision_csv(
    state: State<'_, AppState>,
    case_id: i64,
    path: String,
) -> CommandResult<ExportResult> {
    state.check_visible(case_id)?;
    state.with_store(|store| {
        let report = store.provision_report(case_id, None, None, today())?;
        casefile_core::write_atomically(std::path::Path::new(&path), report.to_csv().as_bytes())?;
        Ok(ExportResult {
            count: report.lines.len() as u32,
            path,
        })
    })
}

#[tauri::command]
pub async fn list_sessions(
    state: State<'_, AppState>,
    provision_id: i64,
) -> CommandResult<Vec<SessionRecord>> {
    state.with_store(|store| store.list_sessions(provision_id))
}

#[tauri::command]
pub async fn correct_session(
    state: State<'_, AppState>,
    session_id: i64,
    details: SessionDetails,
) -> CommandResult<SessionRecord> {
    state.with_store(|store| store.correct_session(session_id, &details, today()))
}

#[tauri::command]
pub async fn log_delivered_range(
    state: State<'_, AppState>,
    provision_id: i64,
    from: String,
    to: String,
    except: Vec<String>,
) -> CommandResult<u32> {
    state.with_store(|store| store.log_delivered_range(provision_id, &from, &to, &except, today()))
}

#[tauri::command]
pub async fn export_provision_pdf(
    state: State<'_, AppState>,
    case_id: i64,
    path: String,
) -> CommandResult<PdfExport> {
    state.check_visible(case_id)?;
    state.with_store(|store| {
        let report = store.provision_report(case_id, None, None, today())?;
        let child = store.case(case_id)?.child_name;
        let pdf = casefile_core::shortfall_pdf(&report, &child)?;
        casefile_core::write_atomically(std::path::Path::new(&path), &pdf.bytes)?;
        Ok(PdfExport {
            pages: pdf.pages as u32,
            missing_characters: pdf.missing_characters.into_iter().collect(),
            path,
        })
    })
}

#[tauri::command]
pub async fn copy_terms_forward(
    state: State<'_, AppState>,
    case_id: i64,
    year: i32,
) -> CommandResult<SchoolCalendar> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.copy_terms_forward(case_id, year))
}

/// A new schedule from a date (an amended plan).
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ScheduleChange {
    pub from: String,
    pub sessions: u32,
    pub per: String,
    pub minutes: u32,
    pub term_time_only: bool,
}

#[tauri::command]
pub async fn amend_provision(
    state: State<'_, AppState>,
    provision_id: i64,
    change: ScheduleChange,
) -> CommandResult<Provision> {
    state.with_store(|store| {
        store.amend_provision(
            provision_id,
            &change.from,
            change.sessions,
            &change.per,
            change.minutes,
            change.term_time_only,
        )
    })
}

#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
    case_id: i64,
    paths: Vec<String>,
    password: Option<String>,
) -> CommandResult<Vec<ImportResult>> {
    state.check_visible(case_id)?;
    let paths: Vec<std::path::PathBuf> = paths.into_iter().map(Into::into).collect();
    let options = casefile_core::ImportOptions {
        password: password.as_deref(),
    };
    state.with_store(|store| store.case(case_id))?;
    let mut results = Vec::new();
    for (done, path) in paths.iter().enumerate() {
        // Each file is read without the store and stored in a moment of its own, so Lock and
        // the idle lock never wait behind a long import.
        let prepared = casefile_core::prepare_import(path, &options);
        let _ = app.emit(
            "import-progress",
            ImportProgress {
                done: done as u32,
                total: paths.len() as u32,
                file: prepared.name().to_owned(),
            },
        );
        let file = prepared.name().to_owned();
        let result = state.with_store(|store| store.store_prepared_or_refuse(case_id, prepared))?;
        results.push(ImportResult { file, result });
    }
    // Scans and photos among them have their text read in the background.
    crate::ocr_worker::start(app);
    Ok(results)
}

/// The file being imported, sent to the window as `import-progress`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    pub file: String,
}

/// Whether this computer can read the text of scans (Tesseract), and if not, how to add it.
#[tauri::command]
pub async fn ocr_available() -> CommandResult<Option<String>> {
    Ok(casefile_core::outside::ocr::OcrEngine::find()
        .err()
        .map(|e| e.to_string()))
}

#[tauri::command]
pub async fn list_documents(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<Vec<Document>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.list_documents(case_id))
}

#[tauri::command]
pub async fn search_case(
    state: State<'_, AppState>,
    case_id: i64,
    query: String,
    filter: Option<SearchFilter>,
) -> CommandResult<Vec<SearchHit>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.search_filtered(case_id, &query, &filter.unwrap_or_default()))
}

#[tauri::command]
pub async fn update_document(
    state: State<'_, AppState>,
    id: i64,
    details: DocumentDetails,
) -> CommandResult<Document> {
    state.with_store(|store| store.update_document(id, &details))
}

#[tauri::command]
pub async fn list_parties(state: State<'_, AppState>, case_id: i64) -> CommandResult<Vec<Party>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.list_parties(case_id))
}

#[tauri::command]
pub async fn merge_parties(
    state: State<'_, AppState>,
    keep_id: i64,
    duplicate_id: i64,
) -> CommandResult<Party> {
    state.with_store(|store| store.merge_parties(keep_id, duplicate_id))
}

#[tauri::command]
pub async fn case_timeline(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<Vec<TimelineItem>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.case_timeline(case_id))
}

/// What the viewer shows of a document: its record and, for emails, Word and text files, the
/// text Casefile read (pictures and PDF pages come from `document_page`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentView {
    pub document: Document,
    pub text: Option<String>,
}

#[tauri::command]
pub async fn document_view(state: State<'_, AppState>, id: i64) -> CommandResult<DocumentView> {
    state.with_store(|store| {
        let document = store.document(id)?;
        let picture =
            document.media_type.starts_with("image/") || document.media_type == "application/pdf";
        let text = if picture {
            None
        } else {
            Some(store.document_text(id)?)
        };
        Ok(DocumentView { document, text })
    })
}

/// One page of a PDF as a PNG, or a picture's own bytes (checked against its fingerprint).
#[tauri::command]
pub async fn document_page(
    state: State<'_, AppState>,
    id: i64,
    page: u32,
) -> CommandResult<tauri::ipc::Response> {
    let (doc, bytes) =
        state.with_store(|store| Ok((store.document(id)?, store.document_bytes(id)?)))?;
    if doc.media_type.starts_with("image/") {
        return Ok(tauri::ipc::Response::new(bytes));
    }
    casefile_core::outside::ocr::render_pdf_page(&bytes, page, 110)
        .map(tauri::ipc::Response::new)
        .map_err(|e| {
            CommandError::internal(format!(
                "Page {page} of “{}” could not be shown: {e}.",
                doc.title
            ))
        })
}

/// Opens a copy of the document in the system's own viewer (the stored original is never handed
/// out, so nothing can change it).
#[tauri::command]
pub async fn open_document(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let (doc, bytes) =
        state.with_store(|store| Ok((store.document(id)?, store.document_bytes(id)?)))?;
    let folder = std::env::temp_dir().join("Casefile copies");
    let safe: String = doc
        .original_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = folder.join(format!("{}-{safe}", doc.id));
    std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::write(&path, &bytes))
        .map_err(|e| {
            CommandError::internal(format!(
                "A copy of “{}” could not be made to open it ({e}).",
                doc.title
            ))
        })?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::internal(format!("“{}” could not be opened: {e}", doc.title)))
}

#[tauri::command]
pub async fn list_bundles(state: State<'_, AppState>, case_id: i64) -> CommandResult<Vec<Bundle>> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.list_bundles(case_id))
}

#[tauri::command]
pub async fn create_bundle(
    state: State<'_, AppState>,
    case_id: i64,
    kind: BundleKind,
) -> CommandResult<Bundle> {
    state.check_visible(case_id)?;
    state.with_store(|store| store.create_bundle(case_id, kind, None))
}

#[tauri::command]
pub async fn bundle_overview(
    state: State<'_, AppState>,
    bundle_id: i64,
) -> CommandResult<PlanOverview> {
    state.with_store(|store| {
        let bundle = store.bundle(bundle_id)?;
        store.plan_overview(&bundle, today())
    })
}

#[tauri::command]
pub async fn update_bundle(
    state: State<'_, AppState>,
    bundle_id: i64,
    title: String,
    appeal_type: Option<String>,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.update_bundle(bundle_id, &title, appeal_type.as_deref()))
}

#[tauri::command]
pub async fn add_bundle_item(
    state: State<'_, AppState>,
    bundle_id: i64,
    letter: String,
    source: ItemSource,
    document_id: Option<i64>,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.add_bundle_item(bundle_id, &letter, source, document_id))
}

#[tauri::command]
pub async fn remove_bundle_item(state: State<'_, AppState>, item_id: i64) -> CommandResult<Bundle> {
    state.with_store(|store| store.remove_bundle_item(item_id))
}

#[tauri::command]
pub async fn move_bundle_item(
    state: State<'_, AppState>,
    item_id: i64,
    letter: Option<String>,
    position: usize,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.move_bundle_item(item_id, letter.as_deref(), position))
}

#[tauri::command]
pub async fn set_bundle_item_kind(
    state: State<'_, AppState>,
    item_id: i64,
    kind: EvidenceKind,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.set_bundle_item_kind(item_id, kind))
}

#[tauri::command]
pub async fn add_bundle_section(
    state: State<'_, AppState>,
    bundle_id: i64,
    letter: String,
    title: String,
    page_limit: Option<u32>,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.add_bundle_section(bundle_id, &letter, &title, page_limit))
}

#[tauri::command]
pub async fn update_bundle_section(
    state: State<'_, AppState>,
    section_id: i64,
    title: String,
    page_limit: Option<u32>,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.update_bundle_section(section_id, &title, page_limit))
}

#[tauri::command]
pub async fn remove_bundle_section(
    state: State<'_, AppState>,
    section_id: i64,
) -> CommandResult<Bundle> {
    state.with_store(|store| store.remove_bundle_section(section_id))
}

/// A step of a bundle build, sent to the window as the `bundle-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleProgress {
    pub done: u32,
    pub total: u32,
    pub step: String,
}

#[tauri::command]
pub async fn build_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    bundle_id: i64,
    path: String,
    keep_references: bool,
) -> CommandResult<BuildReport> {
    use std::sync::atomic::Ordering;
    state.build_cancelled.store(false, Ordering::SeqCst);
    let cancelled = &state.build_cancelled;
    state.with_store(|store| {
        let bundle = store.bundle(bundle_id)?;
        let mut progress = |p: casefile_core::pdf::Progress| {
            let _ = app.emit(
                "bundle-progress",
                BundleProgress {
                    done: p.done as u32,
                    total: p.total as u32,
                    step: p.step,
                },
            );
            !cancelled.load(Ordering::SeqCst)
        };
        store.build_bundle_to_file(
            &bundle,
            std::path::Path::new(&path),
            today(),
            keep_references,
            &mut progress,
        )
    })
}

#[tauri::command]
pub async fn cancel_bundle_build(state: State<'_, AppState>) -> CommandResult<()> {
    state
        .build_cancelled
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Opens a built bundle in the system's PDF viewer, or shows it in its folder. Only files
/// Casefile recorded as built bundles can be opened this way.
#[tauri::command]
pub async fn open_built_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    bundle_id: i64,
    version: u32,
    reveal: bool,
) -> CommandResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let path = state.with_store(|store| {
        let bundle = store.bundle(bundle_id)?;
        bundle
            .versions
            .iter()
            .find(|v| v.version == version)
            .and_then(|v| v.output_path.clone())
            .ok_or(casefile_core::CoreError::NotFound {
                what: "built bundle version",
                id: i64::from(version),
            })
    })?;
    if !std::path::Path::new(&path).exists() {
        return Err(CommandError {
            kind: "not_found".into(),
            message: format!(
                "{path} is no longer there. Build the bundle again to make a new copy."
            ),
            field: None,
        });
    }
    let opened = if reveal {
        app.opener().reveal_item_in_dir(&path)
    } else {
        app.opener().open_path(&path, None::<&str>)
    };
    opened.map_err(|e| CommandError::internal(format!("Casefile could not open {path}: {e}")))
}

// ---- Passphrase, lock and unlock (encryption at rest) ----

use zeroize::Zeroizing;

/// Once the case file is open: the daily backup and the background reader resume.
fn after_open(app: &AppHandle) {
    crate::backup_daily(app.clone());
    crate::ocr_worker::start(app.clone());
}

/// First start: protects the new case file with `passphrase` and returns the recovery key to
/// show once; with no passphrase, the case file is made unprotected (the family's choice).
#[tauri::command]
pub async fn set_up_case_file(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> CommandResult<Option<String>> {
    let passphrase = passphrase.map(Zeroizing::new);
    let recovery = state.set_up(passphrase.as_deref().map(String::as_str))?;
    after_open(&app);
    Ok(recovery.map(|r| r.0))
}

#[tauri::command]
pub async fn unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
) -> CommandResult<()> {
    let passphrase = Zeroizing::new(passphrase);
    state.unlock(&passphrase)?;
    after_open(&app);
    Ok(())
}

#[tauri::command]
pub async fn unlock_with_recovery(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery: String,
    new_passphrase: String,
) -> CommandResult<()> {
    let (recovery, new_passphrase) = (Zeroizing::new(recovery), Zeroizing::new(new_passphrase));
    state.unlock_with_recovery(&recovery, &new_passphrase)?;
    after_open(&app);
    Ok(())
}

/// Locks now (the key leaves memory); false for a case file with no passphrase.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CommandResult<bool> {
    state.lock()
}

/// Encrypts a plain case file in place; returns the recovery key to show once.
#[tauri::command]
pub async fn protect_case_file(
    state: State<'_, AppState>,
    passphrase: String,
) -> CommandResult<String> {
    let passphrase = Zeroizing::new(passphrase);
    Ok(state.protect(&passphrase)?.0)
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new_passphrase: String,
) -> CommandResult<()> {
    let (current, new_passphrase) = (Zeroizing::new(current), Zeroizing::new(new_passphrase));
    state.with_store(|store| store.change_passphrase(&current, &new_passphrase))
}

#[tauri::command]
pub async fn new_recovery_key(
    state: State<'_, AppState>,
    passphrase: String,
) -> CommandResult<String> {
    let passphrase = Zeroizing::new(passphrase);
    state.with_store(|store| store.new_recovery_key(&passphrase).map(|r| r.0))
}

/// Visit mode: the window shows only `case_id` until it is ended.
#[tauri::command]
pub async fn start_visit(state: State<'_, AppState>, case_id: i64) -> CommandResult<()> {
    state.check_visible(case_id)?;
    state.start_visit(case_id)
}

/// Ends visit mode (with the passphrase, for a protected case file).
#[tauri::command]
pub async fn end_visit(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> CommandResult<()> {
    let passphrase = passphrase.map(Zeroizing::new);
    state.end_visit(passphrase.as_deref().map(String::as_str))
}

/// Writes one case into an encrypted hand-over file at `path`.
#[tauri::command]
pub async fn export_case_handover(
    state: State<'_, AppState>,
    case_id: i64,
    path: String,
    passphrase: String,
) -> CommandResult<casefile_core::HandoverReport> {
    state.check_visible(case_id)?;
    let passphrase = Zeroizing::new(passphrase);
    state.with_store(|store| {
        store.export_case_handover(case_id, std::path::Path::new(&path), &passphrase)
    })
}

/// Takes in the case from a hand-over file as a new case.
#[tauri::command]
pub async fn import_case_handover(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
) -> CommandResult<casefile_core::HandoverReport> {
    state.check_visible(-1)?;
    let passphrase = Zeroizing::new(passphrase);
    state.with_store(|store| store.import_case_handover(std::path::Path::new(&path), &passphrase))
}

/// The backups in the data folder, newest first.
#[tauri::command]
pub async fn list_backups(
    state: State<'_, AppState>,
) -> CommandResult<Vec<casefile_core::BackupInfo>> {
    state.with_store(|store| store.list_backups())
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> CommandResult<casefile_core::BackupInfo> {
    state.with_store(|store| store.backup_now("manual"))
}

/// Puts the case file back as the backup at `path` had it (the current state is backed up
/// first); returns the check of the result.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<casefile_core::CheckReport> {
    state.check_visible(-1)?;
    state.with_store(|store| store.restore_backup(std::path::Path::new(&path)))
}

/// Writes everything (database and documents, encrypted as stored) into one export file at
/// `path`, then reads it back to check it.
#[tauri::command]
pub async fn export_everything(
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<casefile_core::ExportReport> {
    state.check_visible(-1)?;
    state.with_store(|store| store.export_to(std::path::Path::new(&path)))
}

/// Whether an export file needs its passphrase to be checked or restored.
#[tauri::command]
pub async fn export_is_protected(path: String) -> CommandResult<bool> {
    Ok(casefile_core::export_is_protected(std::path::Path::new(
        &path,
    ))?)
}

/// Reads an export file back whole; changes nothing.
#[tauri::command]
pub async fn verify_export_file(
    path: String,
    passphrase: Option<String>,
) -> CommandResult<casefile_core::ExportReport> {
    let passphrase = passphrase.map(Zeroizing::new);
    Ok(casefile_core::verify_export(
        std::path::Path::new(&path),
        passphrase.as_deref().map(String::as_str),
    )?)
}

/// First start on a new computer: the data folder is filled from an export file.
#[tauri::command]
pub async fn restore_from_export(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<String>,
) -> CommandResult<casefile_core::ExportReport> {
    let passphrase = passphrase.map(Zeroizing::new);
    state.restore_from_export(
        std::path::Path::new(&path),
        passphrase.as_deref().map(String::as_str),
    )
}
