-- The DDC's verification code (DESIGN §3): random, printed on the DDC, needed to
-- return the signed DDC from a chat other than the applicant's. Requests made before
-- this migration get theirs when their DDC is next generated.
ALTER TABLE access_requests ADD COLUMN verification_code TEXT;
