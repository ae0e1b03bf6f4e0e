-- 0001: cases, the people-and-organisations register, and the audit log.
-- Dates are ISO 8601 text (YYYY-MM-DD); timestamps are RFC 3339 UTC text.

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    child_name         TEXT    NOT NULL CHECK (length(child_name) BETWEEN 1 AND 200),
    date_of_birth      TEXT,
    local_authority    TEXT,
    school             TEXT,
    ehcp_status        TEXT    NOT NULL DEFAULT 'none'
        CHECK (ehcp_status IN ('none', 'requested', 'assessing', 'draft', 'final', 'under_appeal')),
    tribunal_reference TEXT,
    is_demo            INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    archived_at        TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
) STRICT;

CREATE INDEX cases_by_name ON cases (archived_at, child_name);

-- People and organisations belong to one case: a support worker carries many families' files,
-- and one family's contacts must never show in another's.
CREATE TABLE parties (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('person', 'organisation')),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role            TEXT,
    organisation_id INTEGER REFERENCES parties (id) ON DELETE SET NULL,
    email           TEXT,
    phone           TEXT,
    notes           TEXT,
    created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX parties_by_case ON parties (case_id, name);

-- Append-only record of every change, written in the same transaction as the change.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT    NOT NULL,
    case_id INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    action  TEXT    NOT NULL,
    detail  TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_by_case ON audit_log (case_id, id);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE OF at, action, detail ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
