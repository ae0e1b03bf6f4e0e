-- 0009: what a document is (its kind), who it is from (an entry in the case's register of
-- people and organisations) and the family's own tags, for finding and bundling.
ALTER TABLE documents ADD COLUMN kind TEXT;
ALTER TABLE documents ADD COLUMN author_party_id INTEGER REFERENCES parties (id) ON DELETE SET NULL;
UPDATE documents SET kind = 'email' WHERE media_type = 'message/rfc822';

CREATE TABLE document_tags (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    tag         TEXT    NOT NULL CHECK (length(tag) BETWEEN 1 AND 60),
    PRIMARY KEY (document_id, tag)
) STRICT;
