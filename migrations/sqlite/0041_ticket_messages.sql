-- Every message of a ticket, both ways: text, or a file by its content hash.
CREATE TABLE ticket_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    author TEXT NOT NULL,
    staff_id INTEGER,
    body TEXT,
    sha256 TEXT REFERENCES stored_files (sha256),
    file_name TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
