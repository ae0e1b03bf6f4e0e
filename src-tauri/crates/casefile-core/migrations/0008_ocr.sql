-- 0008: reading the text of scans and photos on this computer (Tesseract). A document with no
-- text of its own waits for OCR ('pending'); the text read joins its searchable text ('done');
-- a file the reader cannot handle is marked 'failed' and kept as it is.
ALTER TABLE documents ADD COLUMN ocr_status TEXT CHECK (ocr_status IN ('pending', 'done', 'failed'));
UPDATE documents SET ocr_status = 'pending'
 WHERE (media_type IN ('image/jpeg', 'image/png') OR media_type = 'application/pdf')
   AND length(trim(text)) < 20;
CREATE INDEX documents_waiting_for_ocr ON documents (ocr_status) WHERE ocr_status = 'pending';
