-- A JNE list that names another authority for an access's jurisdiction than the one
-- on its request (a new mayor or governor, 1 January after elections): found by each
-- `import autoridades`, shown to UAC on the desk until settled, and the term the
-- responsible was given for the new authority's signed DDC. One row per access and
-- listed authority, so a list imported twice does not tell anyone twice.
CREATE TABLE authority_changes (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES access_requests (id),
    listed_dni TEXT NOT NULL,
    listed_names TEXT NOT NULL,
    found_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    UNIQUE (request_id, listed_dni)
);
