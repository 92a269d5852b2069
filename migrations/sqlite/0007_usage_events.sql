-- What the monthly usage report counts (DESIGN §7): sessions, messages, queries,
-- downloads, requests sent.
CREATE TABLE usage_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    session_id INTEGER,
    kind TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX usage_events_at ON usage_events (at);
CREATE INDEX usage_events_chat ON usage_events (channel, chat_id, at);
