-- Transparency committee cases (DESIGN §7b, seed 001): a CTVC oficio names a case in a
-- district and its critical points; UAC answers each point (fundado or infundado, the
-- actions taken, the improvements) and replies with the case matrix.
CREATE TABLE ctvc_cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_number TEXT NOT NULL UNIQUE,
    oficio TEXT NOT NULL,
    received_on TEXT NOT NULL,
    ubigeo TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX ctvc_cases_by_oficio ON ctvc_cases (oficio);

-- founded: NULL until answered, 1 fundado, 0 infundado.
CREATE TABLE ctvc_points (
    case_id INTEGER NOT NULL REFERENCES ctvc_cases (id),
    position INTEGER NOT NULL,
    fact TEXT NOT NULL,
    founded INTEGER,
    actions TEXT,
    improvements TEXT,
    answered_at INTEGER,
    PRIMARY KEY (case_id, position)
);
