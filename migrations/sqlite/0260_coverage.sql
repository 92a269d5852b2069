-- Reach (DESIGN §6c). The districts of intervention an operator lists beside the
-- padrón's own (a district the program works in before its first beneficiary), and
-- every invitation sent to a district without an access: by whom, when, how.
CREATE TABLE intervention_districts (
    ubigeo TEXT PRIMARY KEY,
    added_at INTEGER NOT NULL
);
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ubigeo TEXT NOT NULL,
    -- 'letter' (the printed PDF) or 'email'.
    channel TEXT NOT NULL,
    sent_by TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX invitations_ubigeo ON invitations (ubigeo, sent_at);
