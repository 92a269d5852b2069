-- The directive's files in the padrón (issue 25; seed 000 §7.2: UOT keeps
-- affiliations, disaffiliations, payment authorisations with their renewals and
-- revocations): the current values on each row, and every dated event ever
-- imported in padron_history, which an import adds to and never overwrites.
ALTER TABLE padron_beneficiaries ADD COLUMN auth_date TEXT;
ALTER TABLE padron_beneficiaries ADD COLUMN auth_reason TEXT;
ALTER TABLE padron_beneficiaries ADD COLUMN disaffiliation_date TEXT;
ALTER TABLE padron_beneficiaries ADD COLUMN disaffiliation_reason TEXT;
-- The bimester's payment: abonado, cobrado, no_cobrado (NULL in an old-format file).
ALTER TABLE padron_beneficiaries ADD COLUMN collection TEXT;
ALTER TABLE padron_beneficiaries ADD COLUMN collection_date TEXT;
-- kind: autorizacion (state: the authorisation's code), desafiliacion (state:
-- desafiliado), pago (state: the payment's code). An event seen again in a later
-- import is the same row; snapshot_id is the import that first brought it, so a
-- failed import's new events are removed with it.
CREATE TABLE padron_history (
    dni TEXT NOT NULL,
    kind TEXT NOT NULL,
    event_date TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    snapshot_id BIGINT NOT NULL,
    PRIMARY KEY (dni, kind, event_date, state)
);
