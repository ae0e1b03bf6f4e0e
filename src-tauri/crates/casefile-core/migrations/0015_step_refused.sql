-- 0015: a step's outcome can be "the council refused" (to assess, to reassess, to amend): the
-- decision was made on met_on, and its answer was no. Kept as outcome 'met' with this flag, so
-- the older CHECK on outcome and met_on still holds.
ALTER TABLE clock_steps ADD COLUMN refused INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1) AND (refused = 0 OR outcome = 'met'));
