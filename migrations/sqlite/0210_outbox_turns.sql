-- Chats take turns for the sender, by an index: `next_at` (unix milliseconds) is when
-- a chat may send next: the time it was last served (least recently served goes
-- first), the end of a worker's lease while one holds it, or the end of its pause
-- (retry, per-chat pace). `paced_at` is the per-chat pace's theoretical arrival time
-- (GCRA), so the per-chat limit holds whichever replica sends. A chat's row lives
-- while it has messages waiting: the claim reads `outbox_chats_turn` from its start
-- and costs the same with 10 or 50,000 chats messaged recently.
ALTER TABLE outbox_chats ADD COLUMN next_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_chats ADD COLUMN paced_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_chats_turn ON outbox_chats (channel, next_at);
DELETE FROM outbox_chats WHERE NOT EXISTS (
    SELECT 1 FROM outbox o WHERE o.channel = outbox_chats.channel
      AND o.chat_id = outbox_chats.chat_id AND o.status IN ('pending', 'sending'));
-- A channel's global pace shared by every replica (PostgreSQL): each send reserves
-- the next free slot, `slot_at` (unix microseconds) being the last one given.
CREATE TABLE send_pace (
    channel TEXT PRIMARY KEY,
    slot_at INTEGER NOT NULL
);
