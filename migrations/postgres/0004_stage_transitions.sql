-- Append-only history of every stage change: who, when, from, to, note.
CREATE TABLE stage_transitions (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES access_requests (id),
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX stage_transitions_request ON stage_transitions (request_id, id);
CREATE FUNCTION stage_transitions_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'stage_transitions is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER stage_transitions_no_change BEFORE UPDATE OR DELETE ON stage_transitions
FOR EACH ROW EXECUTE FUNCTION stage_transitions_append_only();
