-- Lessons in the chat (domain::lessons): each lesson a person started, in their
-- chat, with the access the chat was bound to then (none for a chat not bound), and,
-- once finished, when and how many questions they answered right.
CREATE TABLE lesson_progress (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id BIGINT,
    lesson TEXT NOT NULL,
    -- Its title as the person read it (reports show it).
    title TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    completed_at BIGINT,
    right_answers BIGINT,
    questions BIGINT
);
CREATE INDEX lesson_progress_chat ON lesson_progress (channel, chat_id);
CREATE INDEX lesson_progress_request ON lesson_progress (request_id, completed_at);
