-- Tickets: an ally asked for a human (DESIGN §6). The lifecycle follows the MIDIS
-- attention process: registered (open), routed (taken), followed up (answered),
-- responded (closed). The ally's context is a snapshot taken when it was opened.
-- specialist_id has no foreign key: removing a staff member keeps their tickets.
CREATE TABLE tickets (
    id BIGSERIAL PRIMARY KEY,
    code TEXT UNIQUE,
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    request_id BIGINT,
    context TEXT NOT NULL,
    specialist_id BIGINT,
    opened_at BIGINT NOT NULL,
    first_response_due_at BIGINT NOT NULL,
    taken_at BIGINT,
    first_response_at BIGINT,
    closed_at BIGINT,
    closed_by TEXT,
    resolution TEXT,
    rating BIGINT,
    rating_comment TEXT,
    rated_at BIGINT
);
CREATE INDEX tickets_chat ON tickets (channel, chat_id, state);
CREATE INDEX tickets_state ON tickets (state, opened_at);
CREATE INDEX tickets_specialist ON tickets (specialist_id, state);
