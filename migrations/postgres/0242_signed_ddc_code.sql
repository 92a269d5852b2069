-- The verification code printed on the DDC a signed upload answers (the request's
-- code when it arrived). A correction of anything the DDC prints gives the request a
-- new code, so a signed DDC with an older one no longer counts.
ALTER TABLE request_documents ADD COLUMN verification_code TEXT;
