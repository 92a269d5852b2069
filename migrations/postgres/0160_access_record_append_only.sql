-- Ley 29733: the record of reads of personal data is an audit trail, so it is
-- append-only, as the stage history is: UPDATE and DELETE are refused. A read that
-- is not of an access (the audit itself read by the DPO or an operator) has no
-- request, so request_id becomes optional.
-- Retention: nothing deletes from this table (no retention job touches it); if one
-- ever must, it is a migration that drops the trigger on purpose, not a DELETE.
ALTER TABLE personal_data_access ALTER COLUMN request_id DROP NOT NULL;
CREATE FUNCTION personal_data_access_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER personal_data_access_no_change BEFORE UPDATE OR DELETE ON personal_data_access
FOR EACH ROW EXECUTE FUNCTION personal_data_access_append_only();
-- TRUNCATE skips row triggers: refuse it too.
CREATE TRIGGER personal_data_access_no_truncate BEFORE TRUNCATE ON personal_data_access
FOR EACH STATEMENT EXECUTE FUNCTION personal_data_access_append_only();

-- Whose data each read showed: the DNI looked up, every person of a downloaded list,
-- the authority and the responsible of a request a staff member opened. What
-- `audit dni` answers a data subject from. Append-only too.
CREATE TABLE personal_data_subjects (
    access_id BIGINT NOT NULL REFERENCES personal_data_access (id),
    dni TEXT NOT NULL
);
CREATE INDEX personal_data_subjects_dni ON personal_data_subjects (dni, access_id);
CREATE TRIGGER personal_data_subjects_no_change BEFORE UPDATE OR DELETE ON personal_data_subjects
FOR EACH ROW EXECUTE FUNCTION personal_data_access_append_only();
CREATE TRIGGER personal_data_subjects_no_truncate BEFORE TRUNCATE ON personal_data_subjects
FOR EACH STATEMENT EXECUTE FUNCTION personal_data_access_append_only();

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
SELECT a.id, r.data::json ->> 'resp_dni' FROM personal_data_access a
JOIN access_requests r ON r.id = a.request_id
WHERE a.staff_id IS NOT NULL AND r.data::json ->> 'resp_dni' IS NOT NULL
    AND r.data::json ->> 'resp_dni' <> r.authority_dni;
