//! Reads the text of scans and photos in the background, one document at a time, so the window
//! stays responsive: the store is locked only to pick the next document and to save its text,
//! never while the OCR reads. The window hears about each document as `ocr-progress`.

use std::sync::atomic::{AtomicBool, Ordering};

use casefile_core::outside::ocr::{self, OcrEngine};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

use crate::state::AppState;

static RUNNING: AtomicBool = AtomicBool::new(false);

/// One document read (or not), and how many are still waiting.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OcrProgress {
    #[ts(type = "number")]
    pub document_id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub title: String,
    /// Characters read, or none when the text could not be read.
    pub chars: Option<u32>,
    pub remaining: u32,
}

/// Starts the reader unless it is already running; it stops when nothing is waiting.
pub fn start(app: AppHandle) {
    if RUNNING.swap(true, Ordering::SeqCst) {
        return;
    }
    std::thread::spawn(move || {
        let Ok(engine) = OcrEngine::find() else {
            // Without the OCR data the documents stay waiting; the Documents tab says what to do.
            RUNNING.store(false, Ordering::SeqCst);
            return;
        };
        loop {
            read_all(&app, &engine);
            RUNNING.store(false, Ordering::SeqCst);
            // Something imported while the last document was saved would otherwise wait for
            // the next start.
            let waiting = app
                .state::<AppState>()
                .with_store(|store| store.pending_ocr(None))
                .map(|p| !p.is_empty())
                .unwrap_or(false);
            if !waiting || RUNNING.swap(true, Ordering::SeqCst) {
                break;
            }
        }
    });
}

fn read_all(app: &AppHandle, engine: &OcrEngine) {
    let state = app.state::<AppState>();
    loop {
        let next = state.with_store(|store| {
            let pending = store.pending_ocr(None)?;
            let Some(doc) = pending.first().cloned() else {
                return Ok(None);
            };
            let bytes = store.document_bytes(doc.id);
            Ok(Some((doc, bytes, pending.len())))
        });
        let Ok(Some((doc, bytes, waiting))) = next else {
            return;
        };
        let read = match bytes {
            Ok(bytes) => ocr::read_document(engine, &doc.media_type, doc.page_count, &bytes)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let saved = state
            .with_store(|store| store.save_ocr_text(doc.id, read.as_ref().map_err(String::as_str)));
        if saved.is_err() {
            return;
        }
        let _ = app.emit(
            "ocr-progress",
            OcrProgress {
                document_id: doc.id,
                case_id: doc.case_id,
                title: doc.title.clone(),
                chars: read
                    .ok()
                    .map(|r| u32::try_from(r.text.chars().count()).unwrap_or(u32::MAX)),
                remaining: u32::try_from(waiting.saturating_sub(1)).unwrap_or(u32::MAX),
            },
        );
    }
}
