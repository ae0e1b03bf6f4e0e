-- 0004: the provision ledger. What Sections F, G and H of the EHC plan promise, the school's
-- calendar that term-time provision follows, and every session as delivered or missed.

CREATE TABLE term_blocks (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name    TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    starts  TEXT    NOT NULL,
    ends    TEXT    NOT NULL,
    CHECK (starts <= ends)
) STRICT;

CREATE INDEX term_blocks_by_case ON term_blocks (case_id, starts);

CREATE TABLE inset_days (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    day     TEXT    NOT NULL,
    PRIMARY KEY (case_id, day)
) STRICT;

CREATE TABLE provisions (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    section      TEXT    NOT NULL CHECK (section IN ('F', 'G', 'H1', 'H2')),
    title        TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    wording      TEXT    NOT NULL,
    provider     TEXT,
    setting      TEXT,
    plan_version TEXT,
    created_at   TEXT    NOT NULL
) STRICT;

CREATE INDEX provisions_by_case ON provisions (case_id);

-- A provision's schedule over time: an amended plan adds a schedule from its date.
CREATE TABLE provision_schedules (
    id             INTEGER PRIMARY KEY,
    provision_id   INTEGER NOT NULL REFERENCES provisions (id) ON DELETE CASCADE,
    starts         TEXT    NOT NULL,
    ends           TEXT,
    sessions       INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 100),
    per            TEXT    NOT NULL CHECK (per IN ('week', 'fortnight', 'month', 'half-term', 'term', 'year')),
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    term_time_only INTEGER NOT NULL CHECK (term_time_only IN (0, 1)),
    CHECK (ends IS NULL OR starts <= ends)
) STRICT;

CREATE TABLE provision_sessions (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provisions (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('delivered', 'partial', 'missed', 'cancelled')),
    minutes      INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
    missed_by    TEXT CHECK (missed_by IN ('provider', 'school', 'child')),
    reason       TEXT,
    catch_up     INTEGER NOT NULL DEFAULT 0 CHECK (catch_up IN (0, 1)),
    evidence_entry_id INTEGER REFERENCES correspondence (id) ON DELETE SET NULL,
    logged_at    TEXT    NOT NULL
) STRICT;

-- One regular log per provision and day; catch-up sessions may share a day.
CREATE UNIQUE INDEX provision_sessions_one_per_day ON provision_sessions (provision_id, day) WHERE catch_up = 0;
