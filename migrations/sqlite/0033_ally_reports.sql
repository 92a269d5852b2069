-- What a Gobierno Local sends about a beneficiary: an alert (fallecimiento, cambio de
-- domicilio, hospitalización, otro) or a data update (Ficha de Actualización de
-- Datos). Program staff list and close them.
CREATE TABLE ally_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    request_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    subject_dni TEXT NOT NULL,
    alert_type TEXT,
    description TEXT,
    address TEXT,
    reference TEXT,
    phone TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by TEXT,
    close_note TEXT
);
CREATE INDEX ally_reports_open ON ally_reports (closed_at, id);
