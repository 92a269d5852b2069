-- Raw platform events, stored before they are acknowledged or processed.
-- The unique key makes a redelivered update a no-op.
CREATE TABLE inbound_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    processed_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbound_events_pending ON inbound_events (processed_at, id);
