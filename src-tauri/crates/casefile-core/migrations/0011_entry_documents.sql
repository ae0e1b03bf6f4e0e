-- 0011: a correspondence entry can name the documents it is about (the letter that came, the
-- email printed, the report discussed in a call).
CREATE TABLE entry_documents (
    entry_id    INTEGER NOT NULL REFERENCES correspondence (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, document_id)
) STRICT;
