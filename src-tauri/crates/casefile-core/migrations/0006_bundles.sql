-- 0006: evidence bundles. A bundle is a plan (lettered sections holding ordered items) plus the
-- versions built from it, each kept with its hash and page map so a later version can keep
-- earlier page references (D12A) and say what changed.

CREATE TABLE bundles (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('evidence', 'hearing', 'complaint')),
    title       TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    appeal_type TEXT,
    created_at  TEXT    NOT NULL
) STRICT;

CREATE TABLE bundle_sections (
    id         INTEGER PRIMARY KEY,
    bundle_id  INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    letter     TEXT    NOT NULL CHECK (length(letter) BETWEEN 1 AND 3),
    title      TEXT    NOT NULL,
    page_limit INTEGER CHECK (page_limit > 0),
    UNIQUE (bundle_id, letter)
) STRICT;

CREATE TABLE bundle_items (
    id          INTEGER PRIMARY KEY,
    section_id  INTEGER NOT NULL REFERENCES bundle_sections (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    source      TEXT    NOT NULL CHECK (source IN ('document', 'chronology', 'shortfall', 'correspondence')),
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL DEFAULT 'other' CHECK (kind IN ('expert-report', 'witness-statement', 'other')),
    CHECK ((source = 'document') = (document_id IS NOT NULL))
) STRICT;

CREATE INDEX bundle_items_by_section ON bundle_items (section_id, position);

CREATE TABLE bundle_versions (
    id              INTEGER PRIMARY KEY,
    bundle_id       INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    built_at        TEXT    NOT NULL,
    build_date      TEXT    NOT NULL,
    pages           INTEGER NOT NULL,
    sha256          TEXT    NOT NULL CHECK (length(sha256) = 64),
    page_map        TEXT    NOT NULL,
    output_path     TEXT,
    kept_references INTEGER NOT NULL DEFAULT 0,
    UNIQUE (bundle_id, version)
) STRICT;
