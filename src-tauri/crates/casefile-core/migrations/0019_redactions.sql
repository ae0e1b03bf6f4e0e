-- 0019: redacted versions of documents. The original stays as it was imported, byte for byte,
-- as evidence; the redacted copy is a document of its own, linked here to its original with why
-- it was redacted and which pages. The words hidden are not kept here (only how many), so the
-- record of a redaction does not itself name the people it hides.
CREATE TABLE redactions (
    id           INTEGER PRIMARY KEY,
    original_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    redacted_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    reason       TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    pages        TEXT    NOT NULL CHECK (json_valid(pages)),
    words        INTEGER NOT NULL CHECK (words >= 0),
    areas        INTEGER NOT NULL CHECK (areas >= 0),
    redacted_at  TEXT    NOT NULL,
    UNIQUE (redacted_id)
) STRICT;

CREATE INDEX redactions_original ON redactions (original_id);
