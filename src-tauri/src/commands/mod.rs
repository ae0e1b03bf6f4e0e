//! IPC commands, one file per area of the window: each parses what the window sent, makes one
//! core call and maps its error. No rules live here.
//!
//! Every command that reaches the store goes through [`run`]: the work runs on the blocking
//! pool (never on the window's thread or the async runtime), the store is held only for that
//! one call, and visit mode checks what the command names ([`Scope`]) first, in one place.

pub mod backups;
pub mod bundles;
pub mod cases;
pub mod clocks;
pub mod complaints;
pub mod correspondence;
pub mod documents;
pub mod plans;
pub mod privacy;
pub mod provision;

use casefile_core::Store;
use tauri::{AppHandle, Manager};

pub use crate::error::CommandError;
use crate::state::AppState;
pub use crate::state::Scope;
pub use casefile_core::Record;

pub type CommandResult<T> = Result<T, CommandError>;

/// Runs `work` with the open store on the blocking pool, after visit mode's check of `scope`.
pub async fn run<T, F>(app: &AppHandle, scope: Scope, work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> casefile_core::Result<T> + Send + 'static,
{
    let app = app.clone();
    blocking(move || app.state::<AppState>().with_store_in(scope, work)).await
}

/// [`run`] for a list of several cases' things: visit mode keeps only the visited case's.
pub async fn run_visible<T, F>(
    app: &AppHandle,
    work: F,
    case_of: fn(&T) -> i64,
) -> CommandResult<Vec<T>>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> casefile_core::Result<Vec<T>> + Send + 'static,
{
    let items = run(app, Scope::Any, work).await?;
    Ok(app.state::<AppState>().visible(items, case_of))
}

/// Runs work that needs no store (a page drawn, a conversion, a passphrase checked) on the
/// blocking pool.
pub async fn blocking<T, F>(work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            CommandError::internal(format!(
                "Casefile could not finish that ({e}). Nothing was changed."
            ))
        })?
}
