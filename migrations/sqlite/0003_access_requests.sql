-- Access requests. Registration data lives in `data` (JSON); the columns are what
-- queries filter on.
CREATE TABLE access_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT UNIQUE,
    access_type TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    authority_dni TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_due_on TEXT,
    fiscal_year INTEGER NOT NULL,
    is_modification INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX access_requests_authority ON access_requests (authority_dni);
CREATE INDEX access_requests_chat ON access_requests (channel, chat_id);
CREATE INDEX access_requests_jurisdiction ON access_requests (access_type, jurisdiction, stage);
