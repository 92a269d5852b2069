-- The authority named on the request's latest generated DDC, and on each signed DDC
-- returned (JSON: names, surnames, DNI, JNE credential), so a DDC signed before the
-- authority was corrected is told apart from the one the data now calls for.
ALTER TABLE access_requests ADD COLUMN ddc_authority TEXT;
ALTER TABLE request_documents ADD COLUMN authority TEXT;
