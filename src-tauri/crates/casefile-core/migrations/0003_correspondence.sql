-- 0003: the correspondence log. An entry per letter, email, call, meeting or portal message.
-- Its note is append-only: editing adds a version, so a call note can be shown to be
-- contemporaneous (DESIGN §2 principle 2).

CREATE TABLE correspondence (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    occurred_on      TEXT    NOT NULL,
    occurred_time    TEXT,
    direction        TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    channel          TEXT    NOT NULL CHECK (channel IN ('letter', 'email', 'phone', 'meeting', 'portal', 'other')),
    party_id         INTEGER REFERENCES parties (id) ON DELETE SET NULL,
    subject          TEXT,
    follow_up_by     TEXT,
    follow_up_done   TEXT,
    created_at       TEXT    NOT NULL
) STRICT;

CREATE INDEX correspondence_by_case ON correspondence (case_id, occurred_on);

CREATE TABLE correspondence_notes (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES correspondence (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL CHECK (version >= 1),
    body       TEXT    NOT NULL,
    written_at TEXT    NOT NULL,
    UNIQUE (entry_id, version)
) STRICT;

CREATE TRIGGER correspondence_notes_are_append_only_update BEFORE UPDATE ON correspondence_notes
BEGIN
    SELECT RAISE(ABORT, 'a written note cannot be changed; add a new version');
END;

-- The evidence for a met deadline can be a correspondence entry.
ALTER TABLE clock_steps ADD COLUMN evidence_entry_id INTEGER REFERENCES correspondence (id) ON DELETE SET NULL;
