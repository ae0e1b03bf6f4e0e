//! Evidence bundles: plans, their page counts, building (with the store held only to read the
//! plan and to record the version, so Lock takes effect mid-build) and opening what was built.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use casefile_core::{
    BuildReport, Bundle, BundleAudit, BundleCheck, BundleKind, BundleVersions, EvidenceKind,
    ImportOutcome, ItemSource, PlanOverview, SectionPart, UnmatchedPages, today,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use super::{CommandError, CommandResult, Record, Scope, blocking, run};
use crate::state::AppState;

#[tauri::command]
pub async fn list_bundles(app: AppHandle, case_id: i64) -> CommandResult<Vec<Bundle>> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.list_bundles(case_id)
    })
    .await
}

#[tauri::command]
pub async fn create_bundle(
    app: AppHandle,
    case_id: i64,
    kind: BundleKind,
) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.create_bundle(case_id, kind, None)
    })
    .await
}

/// The plan with its page counts and warnings; Word files are counted with the store free.
#[tauri::command]
pub async fn bundle_overview(app: AppHandle, bundle_id: i64) -> CommandResult<PlanOverview> {
    let job = run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        let bundle = store.bundle(bundle_id)?;
        store.bundle_job(&bundle, today(), false)
    })
    .await?;
    blocking(move || Ok(job.overview()?)).await
}

/// The plan checked against the Practice Direction (page limits, duplicates, blank pages, old or
/// long reports, small type, email chains, unreadable scans); every page is read with the store
/// free.
#[tauri::command]
pub async fn check_bundle(app: AppHandle, bundle_id: i64) -> CommandResult<BundleCheck> {
    let job = run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        let bundle = store.bundle(bundle_id)?;
        store.check_job(&bundle, today())
    })
    .await?;
    blocking(move || Ok(job.run()?)).await
}

#[tauri::command]
pub async fn update_bundle(
    app: AppHandle,
    bundle_id: i64,
    title: String,
    appeal_type: Option<String>,
) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        store.update_bundle(bundle_id, &title, appeal_type.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn add_bundle_item(
    app: AppHandle,
    bundle_id: i64,
    letter: String,
    source: ItemSource,
    document_id: Option<i64>,
) -> CommandResult<Bundle> {
    // The core refuses a document of another case, so the bundle's case is the one that counts.
    run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        store.add_bundle_item(bundle_id, &letter, source, document_id)
    })
    .await
}

#[tauri::command]
pub async fn remove_bundle_item(app: AppHandle, item_id: i64) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::BundleItem(item_id)), move |store| {
        store.remove_bundle_item(item_id)
    })
    .await
}

#[tauri::command]
pub async fn move_bundle_item(
    app: AppHandle,
    item_id: i64,
    letter: Option<String>,
    position: usize,
) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::BundleItem(item_id)), move |store| {
        store.move_bundle_item(item_id, letter.as_deref(), position)
    })
    .await
}

#[tauri::command]
pub async fn set_bundle_item_kind(
    app: AppHandle,
    item_id: i64,
    kind: EvidenceKind,
) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::BundleItem(item_id)), move |store| {
        store.set_bundle_item_kind(item_id, kind)
    })
    .await
}

#[tauri::command]
pub async fn add_bundle_section(
    app: AppHandle,
    bundle_id: i64,
    letter: String,
    title: String,
    page_limit: Option<u32>,
    part: SectionPart,
) -> CommandResult<Bundle> {
    run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
        store.add_bundle_section(bundle_id, &letter, &title, page_limit, part)
    })
    .await
}

#[tauri::command]
pub async fn update_bundle_section(
    app: AppHandle,
    section_id: i64,
    title: String,
    page_limit: Option<u32>,
    part: SectionPart,
) -> CommandResult<Bundle> {
    run(
        &app,
        Scope::Of(Record::BundleSection(section_id)),
        move |store| store.update_bundle_section(section_id, &title, page_limit, part),
    )
    .await
}

#[tauri::command]
pub async fn remove_bundle_section(app: AppHandle, section_id: i64) -> CommandResult<Bundle> {
    run(
        &app,
        Scope::Of(Record::BundleSection(section_id)),
        move |store| store.remove_bundle_section(section_id),
    )
    .await
}

/// A step of a bundle build, sent to the window as the `bundle-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleProgress {
    pub done: u32,
    pub total: u32,
    pub step: String,
}

/// Builds a bundle in the core's three steps: its plan and documents read under the store,
/// the PDF made and written with the store free (Cancel and Lock stop it, and then nothing is
/// written), the version recorded under the store.
#[tauri::command]
pub async fn build_bundle(
    app: AppHandle,
    bundle_id: i64,
    path: String,
    keep_references: bool,
) -> CommandResult<BuildReport> {
    app.state::<AppState>()
        .build_cancelled
        .store(false, Ordering::SeqCst);
    let scope = Scope::Of(Record::Bundle(bundle_id));
    let job = run(&app, scope, move |store| {
        let bundle = store.bundle(bundle_id)?;
        store.bundle_job(&bundle, today(), keep_references)
    })
    .await?;
    let window = app.clone();
    let built = blocking(move || {
        let state = window.state::<AppState>();
        let mut progress = |p: casefile_core::pdf::Progress| {
            let _ = window.emit(
                "bundle-progress",
                BundleProgress {
                    done: p.done as u32,
                    total: p.total as u32,
                    step: p.step,
                },
            );
            !state.build_cancelled.load(Ordering::SeqCst)
        };
        Ok(job.build(&PathBuf::from(path), &mut progress)?)
    })
    .await?;
    run(&app, scope, move |store| store.record_bundle_build(built)).await
}

#[tauri::command]
pub async fn cancel_bundle_build(state: State<'_, AppState>) -> CommandResult<()> {
    state.build_cancelled.store(true, Ordering::SeqCst);
    Ok(())
}

/// Opens a built bundle in the system's PDF viewer, or shows it in its folder. Only files
/// Casefile recorded as built bundles can be opened this way.
#[tauri::command]
pub async fn open_built_bundle(
    app: AppHandle,
    bundle_id: i64,
    version: u32,
    reveal: bool,
) -> CommandResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let path = run(&app, Scope::Of(Record::Bundle(bundle_id)), move |store| {
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
    })
    .await?;
    if !std::path::Path::new(&path).exists() {
        return Err(CommandError {
            kind: "not_found".into(),
            message: format!(
                "{path} is no longer there. Build the bundle again to make a new copy."
            ),
            field: None,
            problems: Vec::new(),
        });
    }
    let opened = if reveal {
        app.opener().reveal_item_in_dir(&path)
    } else {
        app.opener().open_path(&path, None::<&str>)
    };
    opened.map_err(|e| CommandError::internal(format!("Casefile could not open {path}: {e}")))
}

/// What the window shows of a council-bundle audit.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CouncilAudit {
    pub audit: BundleAudit,
    /// Against an earlier version of the council's bundle, when one was given.
    pub versions: Option<BundleVersions>,
    /// The draft letter to the council and the Tribunal, when there is something to raise.
    pub letter: Option<String>,
}

fn read_council_file(path: &str) -> Result<(String, Vec<u8>), casefile_core::CoreError> {
    let path = std::path::Path::new(path);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| {
        casefile_core::CoreError::invalid("file", format!("{name} could not be opened ({e})."))
    })?;
    Ok((name, bytes))
}

/// Audits the council's bundle at `path` (and, given `earlier_path`, compares the two
/// versions) against the case file, reading every page with the store free: its steps go to
/// the window as `audit-progress` events, and Cancel (or Lock) stops it. Nothing is stored.
#[tauri::command]
pub async fn audit_council_bundle(
    app: AppHandle,
    case_id: i64,
    path: String,
    earlier_path: Option<String>,
    password: Option<String>,
) -> CommandResult<CouncilAudit> {
    app.state::<AppState>()
        .build_cancelled
        .store(false, Ordering::SeqCst);
    let job = run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.audit_job(case_id)
    })
    .await?;
    let window = app.clone();
    blocking(move || {
        let state = window.state::<AppState>();
        let engine = casefile_core::outside::ocr::OcrEngine::find().ok();
        let mut progress = |p: &casefile_core::AuditProgress| {
            let _ = window.emit("audit-progress", p.clone());
            !state.build_cancelled.load(Ordering::SeqCst)
        };
        let (name, bytes) = read_council_file(&path)?;
        let council = casefile_core::read_council_bundle(
            &bytes,
            &name,
            password.as_deref(),
            engine.as_ref(),
            &mut progress,
        )?;
        let audit = job.run(&council);
        let versions = match earlier_path {
            Some(earlier) => {
                let (name, bytes) = read_council_file(&earlier)?;
                let old = casefile_core::read_council_bundle(
                    &bytes,
                    &name,
                    password.as_deref(),
                    engine.as_ref(),
                    &mut progress,
                )?;
                Some(casefile_core::compare_bundle_versions(&old, &council))
            }
            None => None,
        };
        let letter = casefile_core::audit_letter(&job, &audit, versions.as_ref(), today());
        Ok(CouncilAudit {
            audit,
            versions,
            letter,
        })
    })
    .await
}

/// Imports pages of the council's bundle at `path` (pages the audit matched to nothing) as a
/// document of the case.
#[tauri::command]
pub async fn import_council_pages(
    app: AppHandle,
    case_id: i64,
    path: String,
    password: Option<String>,
    pages: UnmatchedPages,
) -> CommandResult<ImportOutcome> {
    let (name, bytes) = blocking(move || Ok(read_council_file(&path)?)).await?;
    run(&app, Scope::Of(Record::Case(case_id)), move |store| {
        store.import_council_pages(case_id, &bytes, &name, password.as_deref(), &pages)
    })
    .await
}

/// Makes the submission pack of the bundle's last built version in `folder` (parts that fit
/// emails of `max_mb` MB, each email's text, the manifest) with the store free, and records the
/// submission in the correspondence log.
#[tauri::command]
pub async fn pack_bundle(
    app: AppHandle,
    bundle_id: i64,
    folder: String,
    max_mb: u32,
) -> CommandResult<casefile_core::SubmissionPack> {
    let scope = Scope::Of(Record::Bundle(bundle_id));
    let job = run(&app, scope, move |store| store.pack_job(bundle_id, max_mb)).await?;
    let case_id = job.case_id();
    let pack = blocking(move || Ok(job.write(&PathBuf::from(folder))?)).await?;
    run(&app, scope, move |store| {
        store.record_submission(case_id, pack, today())
    })
    .await
}
