-- Post/Redirect/Get for input errors too (issue 21): what a member typed in a form
-- the console refused (JSON, shown again in its boxes on the next page, once), and
-- an index by time on the spent form tokens, so the ones too old to be replayed
-- (a form token lives a day) are pruned and the table stays small.
ALTER TABLE console_sessions ADD COLUMN flash_draft TEXT;

CREATE INDEX console_spent_forms_by_time ON console_spent_forms (spent_at);
