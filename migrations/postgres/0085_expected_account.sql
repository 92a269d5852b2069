-- The expected account date, fixed by one rule when the signed DDC enters UAC review
-- (that day plus every review term), so every message about a request gives the same
-- date. Requests that entered review before this migration get it from their history.
ALTER TABLE access_requests ADD COLUMN expected_account_on TEXT;
