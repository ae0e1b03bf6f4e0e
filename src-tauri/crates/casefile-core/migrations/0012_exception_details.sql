-- 0012: an exception has dates and the steps it is claimed for, so each step can check it
-- against its own regulation (SEND Regs 2014 regs 5(4), 8(2), 10(4), 13(3), 27(3), 44, 45).
-- Rows recorded before keep NULLs: they are checked against every step whose regulation names
-- their kind, and, having no dates, excuse nothing until the dates are added.
ALTER TABLE clock_exceptions ADD COLUMN from_date TEXT;
ALTER TABLE clock_exceptions ADD COLUMN to_date TEXT;
ALTER TABLE clock_exceptions ADD COLUMN advice_requested TEXT;
-- A JSON array of step keys.
ALTER TABLE clock_exceptions ADD COLUMN steps TEXT;
