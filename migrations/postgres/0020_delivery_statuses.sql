-- What the platform reported about each message we sent (WhatsApp: sent, delivered,
-- read, failed), matched to the outbox row by the platform's message id. A status for
-- a message we cannot match (sent before a restore, or a later part of a paged list)
-- is kept with no outbox row, so nothing the platform said is lost.
CREATE TABLE delivery_statuses (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    outbox_id BIGINT REFERENCES outbox (id),
    status TEXT NOT NULL,
    error TEXT,
    reported_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (channel, external_id, status)
);
CREATE INDEX delivery_statuses_outbox ON delivery_statuses (outbox_id);
CREATE INDEX outbox_external ON outbox (channel, external_id);
