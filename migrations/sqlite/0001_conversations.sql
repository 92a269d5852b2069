-- One row per chat: the engine's persisted dialogue state, so a restart resumes it.
CREATE TABLE conversations (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    state TEXT NOT NULL,
    session_id INTEGER,
    not_understood INTEGER NOT NULL DEFAULT 0,
    last_activity_at INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
