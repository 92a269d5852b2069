-- A chat bound to an active access: the responsible proved the registered phone.
-- At most one open binding per chat; ended_at/end_reason say when and why it ended.
CREATE TABLE ally_bindings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id INTEGER NOT NULL REFERENCES access_requests (id),
    bound_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT,
    -- 1 once the ally was told the binding ended.
    end_notified INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ally_bindings_open ON ally_bindings (channel, chat_id) WHERE ended_at IS NULL;
CREATE INDEX ally_bindings_chat ON ally_bindings (channel, chat_id, id);
CREATE INDEX ally_bindings_request ON ally_bindings (request_id);
