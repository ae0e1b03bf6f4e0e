-- 0018: the working document (the plan with both parties' proposed wording in the Tribunal's key),
-- and where the family says a plan's sections start.
-- One per plan of a case. The draft is what the family is editing; each time it is sent (saved as
-- Word) it becomes a new numbered version, kept whole as JSON (casefile-plan's WorkingDocument)
-- and never changed, so each exchange with the council can be shown as it was sent. A footnote's
-- document number inside the JSON is renumbered with the documents when a case is handed over.
CREATE TABLE working_documents (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    plan_document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    created_at       TEXT    NOT NULL,
    draft            TEXT    NOT NULL CHECK (json_valid(draft)),
    UNIQUE (plan_document_id)
) STRICT;

CREATE TABLE working_document_versions (
    id                  INTEGER PRIMARY KEY,
    working_document_id INTEGER NOT NULL REFERENCES working_documents (id) ON DELETE CASCADE,
    number              INTEGER NOT NULL CHECK (number >= 1),
    saved_at            TEXT    NOT NULL,
    note                TEXT    NOT NULL,
    content             TEXT    NOT NULL CHECK (json_valid(content)),
    UNIQUE (working_document_id, number)
) STRICT;

-- Where the family says a plan's sections start, when the headings Casefile finds are wrong or
-- missing (a line number of the plan's text as casefile-plan numbers it). None: as found.
CREATE TABLE plan_section_starts (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    letter      TEXT    NOT NULL CHECK (length(letter) BETWEEN 1 AND 2),
    line        INTEGER NOT NULL CHECK (line >= 0),
    PRIMARY KEY (document_id, letter)
) STRICT;
