//! The text of scans and photos: documents waiting for OCR, and what OCR read stored and made
//! searchable. The reading itself is `outside::ocr` (an outside program, without the store).

impl Store {
    /// Documents waiting for OCR, oldest first (of one case, or of every case).
    pub fn pending_ocr(&self, case_id: Option<i64>) -> Result<Vec<Document>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE ocr_status = 'pending' AND (?1 IS NULL OR case_id = ?1) ORDER BY id")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Stores what OCR read from a document (or that it could not), and makes it searchable.
    pub fn save_ocr_text(
        &mut self,
        id: i64,
        read: std::result::Result<&str, &str>,
    ) -> Result<Document> {
        let doc = self.document(id)?;
        self.write(|tx| {
            match read {
                Ok(text) => {
                    let existing: String = tx.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
                    let combined = if existing.trim().is_empty() {
                        text.to_owned()
                    } else {
                        format!("{}\n{text}", existing.trim_end())
                    };
                    tx.execute("UPDATE documents SET text = ?2, ocr_status = 'done' WHERE id = ?1", params![id, combined])?;
                    tx.execute(
                        "UPDATE search_index SET body = ?2 WHERE source = 'document' AND source_id = ?1",
                        params![id, combined],
                    )?;
                    audit::record(tx, Some(doc.case_id), "document.ocr", &serde_json::json!({ "document_id": id, "chars": text.chars().count() }))?;
                }
                Err(why) => {
                    tx.execute("UPDATE documents SET ocr_status = 'failed' WHERE id = ?1", [id])?;
                    audit::record(tx, Some(doc.case_id), "document.ocr_failed", &serde_json::json!({ "document_id": id, "why": why }))?;
                }
            }
            Ok(())
        })?;
        self.document(id)
    }

}
