-- Claimed intake: a worker leases the oldest unprocessed event of a chat (the lease
-- token in `claim`, valid until `claimed_until`); a failed event waits until
-- `next_attempt_at`. The partial index finds each chat's oldest unprocessed event.
ALTER TABLE inbound_events ADD COLUMN claim TEXT;
ALTER TABLE inbound_events ADD COLUMN claimed_until INTEGER;
ALTER TABLE inbound_events ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX inbound_events_chat_open ON inbound_events (channel, chat_id, id)
    WHERE processed_at IS NULL;
