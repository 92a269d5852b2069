-- Each correction of a request's data, field by field: the value before and after
-- (a DNI, phone or e-mail masked), who sent it and when. Part of the request's
-- history, so UAC sees what changed since its observation; append-only like it.
CREATE TABLE request_changes (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES access_requests (id),
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX request_changes_request ON request_changes (request_id, id);
CREATE FUNCTION request_changes_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'request_changes is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER request_changes_no_change BEFORE UPDATE OR DELETE ON request_changes
FOR EACH ROW EXECUTE FUNCTION request_changes_append_only();
