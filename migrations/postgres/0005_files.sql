-- Files on disk are named by content hash; this table says what they are.
CREATE TABLE stored_files (
    sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE request_documents (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES access_requests (id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES stored_files (sha256),
    pages BIGINT NOT NULL,
    channel TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX request_documents_request ON request_documents (request_id, kind, id);
