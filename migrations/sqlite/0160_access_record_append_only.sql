-- Ley 29733: the record of reads of personal data is an audit trail, so it is
-- append-only, as the stage history is: UPDATE and DELETE are refused. A read that
-- is not of an access (the audit itself read by the DPO or an operator) has no
-- request, so request_id becomes optional; SQLite changes a column's constraint only
-- by building the table again.
-- Retention: nothing deletes from this table (no retention job touches it); if one
-- ever must, it is a migration that drops the trigger on purpose, not a DELETE.
CREATE TABLE personal_data_access_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id INTEGER,
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    subject_dni TEXT,
    row_count INTEGER NOT NULL,
    staff_id INTEGER
);
INSERT INTO personal_data_access_audit
    (id, at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id)
SELECT id, at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id
FROM personal_data_access;
DROP TABLE personal_data_access;
ALTER TABLE personal_data_access_audit RENAME TO personal_data_access;
CREATE INDEX personal_data_access_window ON personal_data_access (request_id, action, at);
CREATE INDEX personal_data_access_at ON personal_data_access (at);
CREATE TRIGGER personal_data_access_no_update BEFORE UPDATE ON personal_data_access
BEGIN SELECT RAISE(ABORT, 'personal_data_access is append-only'); END;
CREATE TRIGGER personal_data_access_no_delete BEFORE DELETE ON personal_data_access
BEGIN SELECT RAISE(ABORT, 'personal_data_access is append-only'); END;

-- Whose data each read showed: the DNI looked up, every person of a downloaded list,
-- the authority and the responsible of a request a staff member opened. What
-- `audit dni` answers a data subject from. Append-only too.
CREATE TABLE personal_data_subjects (
    access_id INTEGER NOT NULL REFERENCES personal_data_access (id),
    dni TEXT NOT NULL
);
CREATE INDEX personal_data_subjects_dni ON personal_data_subjects (dni, access_id);
CREATE TRIGGER personal_data_subjects_no_update BEFORE UPDATE ON personal_data_subjects
BEGIN SELECT RAISE(ABORT, 'personal_data_subjects is append-only'); END;
CREATE TRIGGER personal_data_subjects_no_delete BEFORE DELETE ON personal_data_subjects
BEGIN SELECT RAISE(ABORT, 'personal_data_subjects is append-only'); END;

-- The reads recorded before this: a DNI found by a lookup, and the people of a
-- request a staff member opened (lists downloaded before did not keep who was in
-- them).
INSERT INTO personal_data_subjects (access_id, dni)
SELECT id, subject_dni FROM personal_data_access
WHERE subject_dni IS NOT NULL AND row_count > 0;
INSERT INTO personal_data_subjects (access_id, dni)
SELECT a.id, r.authority_dni FROM personal_data_access a
JOIN access_requests r ON r.id = a.request_id
WHERE a.staff_id IS NOT NULL;
INSERT INTO personal_data_subjects (access_id, dni)
SELECT a.id, json_extract(r.data, '$.resp_dni') FROM personal_data_access a
JOIN access_requests r ON r.id = a.request_id
WHERE a.staff_id IS NOT NULL AND json_extract(r.data, '$.resp_dni') IS NOT NULL
    AND json_extract(r.data, '$.resp_dni') <> r.authority_dni;
