-- 0013: what each bundle section holds, so a party's evidence limit counts only that party's
-- evidence (Practice Direction 2025): the core papers, the EHC plan, the working document and
-- the other side's evidence have their own limits. Sections of existing hearing bundles made
-- from the default plan get their part from their default title; every other section is
-- evidence, as before.
ALTER TABLE bundle_sections ADD COLUMN part TEXT NOT NULL DEFAULT 'evidence'
    CHECK (part IN ('core', 'plan', 'working-document', 'evidence', 'other-party'));
UPDATE bundle_sections SET part = CASE title
        WHEN 'Appeal papers and decision' THEN 'core'
        WHEN 'EHC plan and appendices' THEN 'plan'
        WHEN 'Working document' THEN 'working-document'
        WHEN 'Local authority''s evidence' THEN 'other-party'
        ELSE 'evidence'
    END
    WHERE bundle_id IN (SELECT id FROM bundles WHERE kind = 'hearing');
