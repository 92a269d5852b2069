-- What the monthly usage report counts (DESIGN §7): sessions, messages, queries,
-- downloads, requests sent.
CREATE TABLE usage_events (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    session_id BIGINT,
    kind TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX usage_events_at ON usage_events (at);
CREATE INDEX usage_events_chat ON usage_events (channel, chat_id, at);
