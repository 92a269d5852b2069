-- When each chat last wrote to us. WhatsApp only allows free-form messages within 24
-- hours of the user's last message; outside that window the sender uses a template.
CREATE TABLE last_inbound (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
