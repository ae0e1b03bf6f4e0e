-- 0002: statutory clocks. A clock is a process (casefile-rules) started from a real date; the
-- deadlines are computed from it on every read, so a corrected rule corrects every case. Only
-- what the family records is stored.

CREATE TABLE clocks (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    process     TEXT    NOT NULL CHECK (length(process) BETWEEN 1 AND 80),
    started_on  TEXT    NOT NULL,
    label       TEXT,
    closed_at   TEXT,
    created_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX clocks_by_case ON clocks (case_id, started_on);

-- Dates recorded later for a process's events (e.g. when the draft plan was served).
CREATE TABLE clock_events (
    clock_id INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
    event    TEXT    NOT NULL,
    on_date  TEXT    NOT NULL,
    PRIMARY KEY (clock_id, event)
) STRICT;

-- What happened to each step, and dates set by hand (e.g. by the Tribunal).
CREATE TABLE clock_steps (
    clock_id     INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
    step         TEXT    NOT NULL,
    outcome      TEXT CHECK (outcome IN ('met', 'missed', 'not-applicable')),
    met_on       TEXT,
    due_override TEXT,
    note         TEXT,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (clock_id, step),
    CHECK ((outcome = 'met') = (met_on IS NOT NULL))
) STRICT;

-- Reg 10(4)-type exceptions recorded on a clock.
CREATE TABLE clock_exceptions (
    id          INTEGER PRIMARY KEY,
    clock_id    INTEGER NOT NULL REFERENCES clocks (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    note        TEXT,
    recorded_at TEXT    NOT NULL
) STRICT;
