-- What the speech-to-text engine ([stt] command) heard in an ally's voice note, one
-- row per ticket message. A worker claims a note by writing its row ('running', with a
-- lease, so another replica takes it only after the lease ran out), then keeps the
-- text ('done') or only why not ('failed': the note is heard by a person anyway).
CREATE TABLE voice_transcripts (
    message_id BIGINT PRIMARY KEY REFERENCES ticket_messages (id),
    state TEXT NOT NULL,
    body TEXT,
    failure TEXT,
    attempts BIGINT NOT NULL,
    lease_until BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
