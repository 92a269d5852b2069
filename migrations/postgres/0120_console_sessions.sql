-- The staff console's login without passwords (DESIGN §9): a one-time link sent to a
-- registered staff chat, kept only as its SHA-256, valid for minutes and usable once;
-- and the browser sessions it opens, in the database so any replica serves them.
CREATE TABLE console_login_tokens (
    token_hash TEXT PRIMARY KEY,
    staff_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE console_sessions (
    session_hash TEXT PRIMARY KEY,
    staff_id BIGINT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE INDEX console_sessions_by_staff ON console_sessions (staff_id);
