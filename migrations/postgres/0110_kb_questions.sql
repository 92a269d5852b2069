-- Questions the knowledge base was asked: what they found (answered, unclear,
-- unmatched, or an entry browsed from the FAQ menu), and whether the person then
-- said it helped or asked for a specialist (the ticket opened with the question).
CREATE TABLE kb_questions (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    question TEXT NOT NULL,
    outcome TEXT NOT NULL,
    entry_id TEXT,
    helpful BIGINT,
    ticket_id BIGINT REFERENCES tickets (id),
    asked_at BIGINT NOT NULL
);
CREATE INDEX kb_questions_asked ON kb_questions (asked_at);
