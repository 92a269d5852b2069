-- What a request is to the access it may replace (DESIGN §2): a new access, a change
-- of responsible, or the yearly renewal; and the request it follows (the access it
-- renews, or the lapsed or rejected request it starts again from).
ALTER TABLE access_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'new';
ALTER TABLE access_requests ADD COLUMN previous_id BIGINT REFERENCES access_requests (id);
UPDATE access_requests SET kind = 'modification' WHERE is_modification = 1;
CREATE INDEX access_requests_previous ON access_requests (previous_id);
