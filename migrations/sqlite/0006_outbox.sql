-- Transactional outbox: every message is written with the change that caused it and
-- delivered by the sender worker.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at INTEGER NOT NULL,
    claimed_until INTEGER,
    last_error TEXT,
    external_id TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, available_at, id);
CREATE INDEX outbox_chat ON outbox (channel, chat_id, status, id);
