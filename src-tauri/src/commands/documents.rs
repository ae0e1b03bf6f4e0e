//! Documents: importing (each file read with no store held, then stored in a moment of its
//! own), the viewer, search.

use std::path::PathBuf;

use casefile_core::{
    Document, DocumentDetails, FoundToRedact, ImportOptions, ImportResult, RedactRequest,
    Redaction, SearchFilter, SearchHit,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

use super::{CommandError, CommandResult, Record, Scope, blocking, run};

/// The file being imported, sent to the window as `import-progress`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    pub file: String,
}

#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    case_id: i64,
    paths: Vec<String>,
    password: Option<String>,
) -> CommandResult<Vec<ImportResult>> {
    let scope = Scope::Of(Record::Case(case_id));
    run(&app, scope, move |store| store.case(case_id).map(|_| ())).await?;
    let total = paths.len() as u32;
    let mut results = Vec::new();
    for (done, path) in paths.into_iter().enumerate() {
        // Each file is read with no store held and stored in a moment of its own, so Lock and
        // the idle lock never wait behind a long import; once locked, the next file is refused
        // with `locked` and the import stops there.
        let password = password.clone();
        let prepared = blocking(move || {
            let options = ImportOptions {
                password: password.as_deref(),
            };
            Ok(casefile_core::prepare_import(
                &PathBuf::from(path),
                &options,
            ))
        })
        .await?;
        let file = prepared.name().to_owned();
        let _ = app.emit(
            "import-progress",
            ImportProgress {
                done: done as u32,
                total,
                file: file.clone(),
            },
        );
        let result = run(&app, scope, move |store| {
            store.store_prepared_or_refuse(case_id, prepared)
        })
        .await?;
        results.push(ImportResult { file, result });
    }
    // Scans and photos among them have their text read in the background.
    crate::ocr_worker::start(app);
    Ok(results)
}

/// Whether Casefile can read the text of scans here (its OCR data is installed), and if not, why.
#[tauri::command]
pub async fn ocr_available() -> CommandResult<Option<String>> {
    Ok(casefile_core::outside::ocr::OcrEngine::find()
        .err()
        .map(|e| e.to_string()))
}

#[tauri::command]
pub async fn list_documents(app: AppHandle, case_id: i64) -> CommandResult<Vec<Document>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.list_documents(case_id)
    })
    .await
}

#[tauri::command]
pub async fn search_case(
    app: AppHandle,
    case_id: i64,
    query: String,
    filter: Option<SearchFilter>,
) -> CommandResult<Vec<SearchHit>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.search_filtered(case_id, &query, &filter.unwrap_or_default())
    })
    .await
}

#[tauri::command]
pub async fn update_document(
    app: AppHandle,
    id: i64,
    details: DocumentDetails,
) -> CommandResult<Document> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        store.update_document(id, &details)
    })
    .await
}

/// A redacted copy of a PDF document, kept beside it (the original never changes).
#[tauri::command]
pub async fn redact_document(
    app: AppHandle,
    id: i64,
    request: RedactRequest,
) -> CommandResult<Redaction> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        store.redact_document(id, &request)
    })
    .await
}

/// Where names or words (and each name's common forms) stand in a document, for the family to
/// review before redacting; nothing is changed.
#[tauri::command]
pub async fn find_to_redact(
    app: AppHandle,
    id: i64,
    words: Vec<String>,
) -> CommandResult<FoundToRedact> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
        store.find_to_redact(id, &words)
    })
    .await
}

/// [`find_to_redact`] for every document of a bundle.
#[tauri::command]
pub async fn find_to_redact_in_bundle(
    app: AppHandle,
    bundle_id: i64,
    words: Vec<String>,
) -> CommandResult<Vec<FoundToRedact>> {
    run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        store.find_to_redact_in_bundle(bundle_id, &words)
    })
    .await
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
pub async fn document_view(app: AppHandle, id: i64) -> CommandResult<DocumentView> {
    run(&app, Scope::Of(Record::Document(id)), move |store| {
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
    .await
}

/// One page of a PDF as a PNG, or a picture's own bytes (checked against its fingerprint).
/// The page is drawn with the store free.
/// How finely the viewer draws a PDF's pages, in dots per inch: the window turns a box marked on
/// a page back into points by it (`VIEWER_DPI` in DocumentViewer.svelte says the same).
pub const VIEWER_DPI: u32 = 110;

#[tauri::command]
pub async fn document_page(
    app: AppHandle,
    id: i64,
    page: u32,
) -> CommandResult<tauri::ipc::Response> {
    let (doc, bytes) = run(&app, Scope::Of(Record::Document(id)), move |store| {
        Ok((store.document(id)?, store.document_bytes(id)?))
    })
    .await?;
    if doc.media_type.starts_with("image/") {
        return Ok(tauri::ipc::Response::new(bytes));
    }
    blocking(move || {
        casefile_core::outside::ocr::render_pdf_page(&bytes, page, VIEWER_DPI)
            .map(tauri::ipc::Response::new)
            .map_err(|e| {
                CommandError::internal(format!(
                    "Page {page} of “{}” could not be shown: {e}.",
                    doc.title
                ))
            })
    })
    .await
}

/// Opens a private copy of the document in the system's own viewer (the stored original is
/// never handed out, so nothing can change it).
#[tauri::command]
pub async fn open_document(app: AppHandle, id: i64) -> CommandResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let (title, path) = run(&app, Scope::Of(Record::Document(id)), move |store| {
        Ok((
            store.document(id)?.title,
            store.document_copy_for_viewer(id)?,
        ))
    })
    .await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::internal(format!("“{title}” could not be opened: {e}")))
}
