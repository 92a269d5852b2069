-- The outbox's chats: a row per chat that may have messages waiting, so the sender
-- claims each chat's oldest live message through `outbox_live` instead of scanning
-- every earlier message of the chat (the cost no longer grows with a chat's backlog).
CREATE TABLE outbox_chats (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
CREATE INDEX outbox_live ON outbox (channel, chat_id, id) WHERE status IN ('pending', 'sending');
INSERT INTO outbox_chats (channel, chat_id)
    SELECT DISTINCT channel, chat_id FROM outbox WHERE status IN ('pending', 'sending');
