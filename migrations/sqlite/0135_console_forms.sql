-- Post/Redirect/Get in the staff console (issue 21): the message a form's action
-- leaves for the page it redirects to (shown once, in the member's language), and
-- the one-time form tokens already spent, so a reload, back or a double click
-- never repeats an action.
ALTER TABLE console_sessions ADD COLUMN flash_kind TEXT;
ALTER TABLE console_sessions ADD COLUMN flash_text TEXT;

CREATE TABLE console_spent_forms (
    nonce TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    spent_at INTEGER NOT NULL
);

CREATE INDEX console_spent_forms_by_session ON console_spent_forms (session_hash);
