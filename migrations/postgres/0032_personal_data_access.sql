-- Ley 29733: every access to beneficiaries' personal data by an ally: who (chat and
-- access), what (query, lookup, download and which list), when and how many rows.
-- Also the window for the DNI lookup rate limit, so it holds across restarts and
-- replicas.
CREATE TABLE personal_data_access (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    subject_dni TEXT,
    row_count BIGINT NOT NULL
);
CREATE INDEX personal_data_access_window ON personal_data_access (request_id, action, at);
CREATE INDEX personal_data_access_at ON personal_data_access (at);
