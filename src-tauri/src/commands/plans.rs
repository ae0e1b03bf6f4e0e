//! The EHC plan itself: two versions compared.

use casefile_core::PlanComparison;
use tauri::AppHandle;

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
