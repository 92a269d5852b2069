-- Wrong verification codes typed by a chat: the window that limits guessing, kept in
-- the database so the limit holds across restarts and replicas.
CREATE TABLE verification_attempts (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id BIGINT NOT NULL
);
CREATE INDEX verification_attempts_window ON verification_attempts (channel, chat_id, at);
