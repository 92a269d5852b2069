-- Transparency committee cases (DESIGN §7b, seed 001): a CTVC oficio names a case in a
-- district and its critical points; UAC answers each point (fundado or infundado, the
-- actions taken, the improvements) and replies with the case matrix.
CREATE TABLE ctvc_cases (
    id BIGSERIAL PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    oficio TEXT NOT NULL,
    received_on TEXT NOT NULL,
    ubigeo TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX ctvc_cases_by_oficio ON ctvc_cases (oficio);

-- founded: NULL until answered, 1 fundado, 0 infundado.
CREATE TABLE ctvc_points (
    case_id BIGINT NOT NULL REFERENCES ctvc_cases (id),
    position BIGINT NOT NULL,
    fact TEXT NOT NULL,
    founded BIGINT,
    actions TEXT,
    improvements TEXT,
    answered_at BIGINT,
    PRIMARY KEY (case_id, position)
);
