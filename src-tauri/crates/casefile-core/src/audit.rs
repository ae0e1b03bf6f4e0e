//! The audit log: one append-only row per change, written inside the change's own transaction.

use rusqlite::{Transaction, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::store::{Store, now_timestamp};

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// When the change was saved (RFC 3339, UTC).
    pub at: String,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    /// What happened, e.g. `case.created`.
    pub action: String,
    /// The values written, as JSON text.
    pub detail: String,
}

/// Appends an entry; call it with the transaction that makes the change.
pub(crate) fn record(
    tx: &Transaction<'_>,
    case_id: Option<i64>,
    action: &str,
    detail: &impl Serialize,
) -> Result<()> {
    let detail =
        serde_json::to_string(detail).unwrap_or_else(|e| format!("{{\"unserialisable\":\"{e}\"}}"));
    tx.execute(
        "INSERT INTO audit_log (at, case_id, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![now_timestamp(), case_id, action, detail],
    )?;
    Ok(())
}

impl Store {
    /// The changes recorded for a case, oldest first.
    pub fn audit_for_case(&self, case_id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, case_id, action, detail FROM audit_log WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                case_id: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
