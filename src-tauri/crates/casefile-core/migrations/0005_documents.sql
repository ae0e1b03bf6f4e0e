-- 0005: documents and search. A document's bytes live in blobs/ under their SHA-256; the row
-- holds what Casefile knows about them. One full-text index covers documents and the
-- correspondence log (FTS5, diacritics folded so "Zoe" finds "Zoë").

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    original_name TEXT    NOT NULL,
    media_type    TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
    page_count    INTEGER,
    title         TEXT    NOT NULL,
    document_date TEXT,
    text          TEXT    NOT NULL DEFAULT '',
    imported_at   TEXT    NOT NULL,
    UNIQUE (case_id, sha256)
) STRICT;

CREATE INDEX documents_by_case ON documents (case_id, document_date);

CREATE VIRTUAL TABLE search_index USING fts5 (
    source UNINDEXED,
    source_id UNINDEXED,
    case_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Entries logged before this version become searchable too.
INSERT INTO search_index (source, source_id, case_id, title, body)
SELECT 'entry', c.id, c.case_id, coalesce(c.subject, ''), n.body
FROM correspondence c
JOIN correspondence_notes n ON n.entry_id = c.id
 AND n.version = (SELECT max(version) FROM correspondence_notes WHERE entry_id = c.id);
