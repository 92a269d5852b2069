-- Every message of a ticket, both ways: text, or a file by its content hash.
CREATE TABLE ticket_messages (
    id BIGSERIAL PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    author TEXT NOT NULL,
    staff_id BIGINT,
    body TEXT,
    sha256 TEXT REFERENCES stored_files (sha256),
    file_name TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
