-- Staff reads of personal data (a request opened, a report with contacts) go in the
-- same Ley 29733 record as allies' reads; staff_id names the staff member (NULL for
-- an ally's read, which the chat and its access identify).
ALTER TABLE personal_data_access ADD COLUMN staff_id INTEGER;
