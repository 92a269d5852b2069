-- A new signed DDC UAC asks an active access for (the DDC's Anexo 3: "a solicitud
-- del Programa"): who asked, why, when and by when; when the signed DDC arrived,
-- when the access was suspended for lacking it, and who accepted it. One open ask
-- (not accepted) per access at a time. The stage history records each move too.
CREATE TABLE new_ddc_asks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES access_requests (id),
    asked_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    asked_at INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    received_at INTEGER,
    lapsed_at INTEGER,
    accepted_by TEXT,
    accepted_at INTEGER
);
CREATE INDEX new_ddc_asks_request ON new_ddc_asks (request_id, id);
CREATE UNIQUE INDEX new_ddc_asks_one_open ON new_ddc_asks (request_id)
    WHERE accepted_at IS NULL;
