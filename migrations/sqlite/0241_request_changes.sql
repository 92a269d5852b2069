-- Each correction of a request's data, field by field: the value before and after
-- (a DNI, phone or e-mail masked), who sent it and when. Part of the request's
-- history, so UAC sees what changed since its observation; append-only like it.
CREATE TABLE request_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES access_requests (id),
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX request_changes_request ON request_changes (request_id, id);
CREATE TRIGGER request_changes_no_update BEFORE UPDATE ON request_changes
BEGIN SELECT RAISE(ABORT, 'request_changes is append-only'); END;
CREATE TRIGGER request_changes_no_delete BEFORE DELETE ON request_changes
BEGIN SELECT RAISE(ABORT, 'request_changes is append-only'); END;
