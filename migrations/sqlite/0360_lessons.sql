-- Lessons in the chat (domain::lessons): each lesson a person started, in their
-- chat, with the access the chat was bound to then (none for a chat not bound), and,
-- once finished, when and how many questions they answered right.
CREATE TABLE lesson_progress (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request_id INTEGER,
    lesson TEXT NOT NULL,
    -- Its title as the person read it (reports show it).
    title TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    completed_at INTEGER,
    right_answers INTEGER,
    questions INTEGER
);
CREATE INDEX lesson_progress_chat ON lesson_progress (channel, chat_id);
CREATE INDEX lesson_progress_request ON lesson_progress (request_id, completed_at);
