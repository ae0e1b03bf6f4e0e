-- 0007: an email's attachments are documents of their own, linked to the email they came in.
ALTER TABLE documents ADD COLUMN parent_id INTEGER REFERENCES documents (id) ON DELETE CASCADE;
CREATE INDEX documents_by_parent ON documents (parent_id);
