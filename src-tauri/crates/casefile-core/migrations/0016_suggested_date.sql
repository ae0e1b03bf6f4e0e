-- 0016: the date a file says of itself (a PDF's creation date) is kept as a suggestion for the
-- family to accept or not, never as the document's date: only a date the family gave (or an
-- email's own Date header) dates a document in bundles, chronologies and the three-year rule.
-- Documents stored before this keep the date they have.
ALTER TABLE documents ADD COLUMN suggested_date TEXT;
