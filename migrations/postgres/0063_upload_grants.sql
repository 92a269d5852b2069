-- A chat other than the applicant's that proved it holds a request's DDC (typed or
-- scanned its verification code) may return it for a while. Checked again when the
-- file arrives, so no conversation state alone can open an upload.
CREATE TABLE upload_grants (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id BIGINT NOT NULL
);
CREATE INDEX upload_grants_chat ON upload_grants (channel, chat_id, request_id, at);
