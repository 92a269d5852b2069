-- Append-only history of every stage change: who, when, from, to, note.
CREATE TABLE stage_transitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES access_requests (id),
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT,
    at INTEGER NOT NULL
);
CREATE INDEX stage_transitions_request ON stage_transitions (request_id, id);
CREATE TRIGGER stage_transitions_no_update BEFORE UPDATE ON stage_transitions
BEGIN SELECT RAISE(ABORT, 'stage_transitions is append-only'); END;
CREATE TRIGGER stage_transitions_no_delete BEFORE DELETE ON stage_transitions
BEGIN SELECT RAISE(ABORT, 'stage_transitions is append-only'); END;
