-- What proves a returned DDC is this request's signed paper (DESIGN §3). The DDCs the
-- bot generated, by their bytes and by their text layer, so the unsigned one sent back
-- as is can be told apart; and on each signed DDC on file, what its check found: the
-- QR code (matched, or absent) and a digital signature (signer, and whether it
-- verified against the bytes).
CREATE TABLE ddc_issued (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    issued_at INTEGER NOT NULL
);

CREATE INDEX ddc_issued_by_request ON ddc_issued (request_id);

ALTER TABLE request_documents ADD COLUMN qr TEXT;
ALTER TABLE request_documents ADD COLUMN signer TEXT;
ALTER TABLE request_documents ADD COLUMN signature_valid INTEGER;
ALTER TABLE request_documents ADD COLUMN source TEXT;
