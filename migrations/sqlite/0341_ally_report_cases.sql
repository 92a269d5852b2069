-- Alerts and FADs as cases (issue 25): each kind numbers its own (ALE-000001,
-- FAD-000001); a resolution term; UOT's outcome (updated in the padrón, or not
-- applicable). The numbers allies were given stay theirs: existing rows keep their
-- id as their number, and each counter starts past its kind's highest.
ALTER TABLE ally_reports ADD COLUMN seq INTEGER;
ALTER TABLE ally_reports ADD COLUMN due_at INTEGER;
ALTER TABLE ally_reports ADD COLUMN outcome TEXT;
UPDATE ally_reports SET seq = id;
CREATE UNIQUE INDEX ally_reports_number ON ally_reports (kind, seq);
CREATE TABLE case_counters (
    kind TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO case_counters (kind, last)
    VALUES ('alert', (SELECT COALESCE(MAX(id), 0) FROM ally_reports WHERE kind = 'alert'));
INSERT INTO case_counters (kind, last)
    VALUES ('fad', (SELECT COALESCE(MAX(id), 0) FROM ally_reports WHERE kind = 'fad'));
