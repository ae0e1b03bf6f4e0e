-- 0017: the words OCR read on a scan or photo, with each word's box on its page (JSON: one
-- entry a page, `{"page": n, "words": [{"text", "x0", "y0", "x1", "y1"}]}`), so a bundle lays the
-- words invisibly over the scanned page and a judge can search it. Documents read before this
-- have none until they are read again.
ALTER TABLE documents ADD COLUMN ocr_words TEXT;
