-- 0010: a password-protected PDF is kept as it came, with a readable copy (made with the
-- password the family typed) as a document of its own; bundles use the copy.
ALTER TABLE documents ADD COLUMN password_protected INTEGER NOT NULL DEFAULT 0;
