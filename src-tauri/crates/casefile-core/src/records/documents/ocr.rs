//! The text of scans and photos: documents waiting for OCR, and what OCR read stored and made
//! searchable. The reading itself is `outside::ocr` (Casefile's own engine, without the store).

use rusqlite::params;

use super::Document;
use crate::audit;
use crate::error::Result;
use crate::outside::ocr::{OcrEngine, OcrProblem, OcrReading, read_document};
use crate::store::Store;

impl Store {
    /// Reads every document waiting for OCR (of one case, or all), one at a time, telling
    /// `progress` about each: its number of characters read, or why not.
    pub fn read_pending_text(
        &mut self,
        engine: &OcrEngine,
        case_id: Option<i64>,
        progress: &mut dyn FnMut(&Document, &std::result::Result<usize, OcrProblem>),
    ) -> Result<()> {
        for doc in self.pending_ocr(case_id)? {
            let bytes = self.document_bytes(doc.id)?;
            let read = read_document(engine, &doc.media_type, doc.page_count, &bytes);
            match &read {
                Ok(reading) => self.save_ocr_text(doc.id, Ok(reading))?,
                Err(e) => self.save_ocr_text(doc.id, Err(&e.to_string()))?,
            };
            progress(&doc, &read.map(|r| r.text.chars().count()));
        }
        Ok(())
    }

    /// Documents waiting for OCR, oldest first (of one case, or of every case). A scan read by
    /// OCR before its words' boxes were kept (before migration 0017) waits again, for the boxes
    /// only: its text stays as it is.
    pub fn pending_ocr(&self, case_id: Option<i64>) -> Result<Vec<Document>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE (ocr_status = 'pending' OR (ocr_status = 'done' AND ocr_words IS NULL)) AND (?1 IS NULL OR case_id = ?1) ORDER BY id")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Stores what OCR read from a document (or that it could not), and makes it searchable.
    /// The words' boxes are kept too, so bundles lay the words invisibly over the scan.
    pub fn save_ocr_text(
        &mut self,
        id: i64,
        read: std::result::Result<&OcrReading, &str>,
    ) -> Result<Document> {
        let doc = self.document(id)?;
        self.write(|tx| {
            match read {
                Ok(reading) => {
                    let text = reading.text.as_str();
                    let words = serde_json::to_string(&reading.pages).unwrap_or_else(|_| "[]".into());
                    tx.execute("UPDATE documents SET ocr_words = ?2 WHERE id = ?1", params![id, words])?;
                    if doc.ocr_status.as_deref() == Some("done") {
                        // Read again only for the words' boxes: the text it has is kept.
                        audit::record(tx, Some(doc.case_id), "document.ocr_words", &serde_json::json!({ "document_id": id }))?;
                        return Ok(());
                    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outside::ocr::OcrEngine;
    use crate::{CaseDetails, ImportOutcome, Store};

    const SCAN: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.jpg"
    ));
    /// The same scan in a one-page PDF with no text layer, as a scanner makes them.
    const SCANNED_PDF: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/scanned-letter.pdf"
    ));

    #[test]
    fn scans_and_photos_become_searchable_after_ocr() {
        let engine = OcrEngine::find().expect(
            "the English OCR data is needed for this test (scripts/install-deps.sh installs it)",
        );
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        let photo = dir.path().join("letter photo.jpg");
        std::fs::write(&photo, SCAN).expect("photo");
        let scan = dir.path().join("scanned letter.pdf");
        std::fs::write(&scan, SCANNED_PDF).expect("scan");
        for path in [&photo, &scan] {
            let ImportOutcome::Imported { document, .. } =
                store.import_file(case, path).expect("import")
            else {
                panic!("not imported");
            };
            assert_eq!(
                document.ocr_status.as_deref(),
                Some("pending"),
                "{}",
                document.title
            );
        }
        assert!(
            store.search(case, "cancelled").expect("search").is_empty(),
            "nothing to find before OCR"
        );

        let mut seen = Vec::new();
        store
            .read_pending_text(&engine, Some(case), &mut |doc, read| {
                seen.push((doc.title.clone(), read.clone()));
            })
            .expect("ocr");
        assert_eq!(seen.len(), 2);
        assert!(
            seen.iter()
                .all(|(_, read)| matches!(read, Ok(n) if *n > 50)),
            "{seen:?}"
        );
        let hits = store.search(case, "cancelled November").expect("search");
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits.iter().all(|h| h.snippet.contains("«cancelled»")));
        assert!(store.pending_ocr(Some(case)).expect("pending").is_empty());
        assert_eq!(
            store.list_documents(case).expect("list")[0]
                .ocr_status
                .as_deref(),
            Some("done")
        );

        // A scan read before the words' boxes were kept (as before migration 0017) is read
        // again for them, once; its text is not doubled.
        let photo_id = store.list_documents(case).expect("list")[0].id;
        let text_before = store.document_text(photo_id).expect("text");
        store
            .conn
            .execute(
                "UPDATE documents SET ocr_words = NULL WHERE id = ?1",
                [photo_id],
            )
            .expect("as an earlier version left it");
        let waiting = store.pending_ocr(Some(case)).expect("pending");
        assert_eq!(
            waiting.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![photo_id]
        );
        store
            .read_pending_text(&engine, Some(case), &mut |_, _| {})
            .expect("ocr");
        assert_eq!(store.document_text(photo_id).expect("text"), text_before);
        let words: Option<String> = store
            .conn
            .query_row(
                "SELECT ocr_words FROM documents WHERE id = ?1",
                [photo_id],
                |r| r.get(0),
            )
            .expect("words");
        assert!(words.is_some_and(|w| w.contains("cancelled")));
        assert!(store.pending_ocr(Some(case)).expect("pending").is_empty());
    }

    #[test]
    fn a_picture_the_reader_cannot_handle_is_marked_and_kept() {
        let engine = OcrEngine::find().expect("the English OCR data is needed for this test");
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("data")).expect("store");
        let case = store
            .create_case(&CaseDetails {
                child_name: "Ava".into(),
                ..CaseDetails::default()
            })
            .expect("case")
            .id;
        // A JPEG that looks whole (a frame header, an end marker) but has no picture data.
        let path = dir.path().join("empty photo.jpg");
        let mut jpeg = vec![
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03,
        ];
        jpeg.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.extend([0xFF, 0xD9]);
        std::fs::write(&path, &jpeg).expect("write");
        assert!(matches!(
            store.import_file(case, &path).expect("import"),
            ImportOutcome::Imported { .. }
        ));
        // One cut short in a download is refused at import instead.
        let scan = dir.path().join("cut short.jpg");
        std::fs::write(&scan, &SCAN[..SCAN.len() / 2]).expect("write");
        let ImportOutcome::Refused { message } = store.import_file(case, &scan).expect("import")
        else {
            panic!("a cut-short photo is refused");
        };
        assert!(
            message.contains("cut short.jpg is a photo that is damaged or cut short"),
            "{message}"
        );
        let mut results = Vec::new();
        store
            .read_pending_text(&engine, Some(case), &mut |_, read| {
                results.push(read.clone())
            })
            .expect("ocr");
        assert!(
            matches!(results[..], [Err(OcrProblem::Failed(_))]),
            "{results:?}"
        );
        let doc = &store.list_documents(case).expect("list")[0];
        assert_eq!(doc.ocr_status.as_deref(), Some("failed"));
        assert!(store.document_bytes(doc.id).is_ok(), "the file is kept");
    }
}
