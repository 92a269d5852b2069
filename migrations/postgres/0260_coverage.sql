-- Reach (DESIGN §6c). The districts of intervention an operator lists beside the
-- padrón's own (a district the program works in before its first beneficiary), and
-- every invitation sent to a district without an access: by whom, when, how.
CREATE TABLE intervention_districts (
    ubigeo TEXT PRIMARY KEY,
    added_at BIGINT NOT NULL
);
CREATE TABLE invitations (
    id BIGSERIAL PRIMARY KEY,
    ubigeo TEXT NOT NULL,
    -- 'letter' (the printed PDF) or 'email'.
    channel TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX invitations_ubigeo ON invitations (ubigeo, sent_at);
