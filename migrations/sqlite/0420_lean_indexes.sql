-- Fewer index entries written per turn (issue 27). Every index of a table is written
-- when a row is inserted and again (an entry removed, one added) when a column it
-- holds changes; a message's row is written three times (queued, claimed, sent) and
-- an event's twice (stored, processed).
-- - `outbox_due` (status, available_at, id) served the claim before chats took
--   turns (`outbox_chats`); nothing reads it now: the operators' counts filter on
--   `status <> 'sent'`, which no index serves, and the purge of sent texts reads
--   nearly every row whatever the index.
-- - `outbox_chat` (channel, chat_id, status, id): a chat's live messages are read
--   through `outbox_live`, which holds only those.
-- - `outbox_external` only for rows with a platform id (the delivery statuses look a
--   message up by it): a row gets one when it is sent, not an entry before.
-- - `inbound_events_pending` (processed_at, id) only for processed events (the purge
--   of old payloads); the unprocessed are counted through `inbound_events_chat_open`.
DROP INDEX outbox_due;
DROP INDEX outbox_chat;
DROP INDEX outbox_external;
CREATE INDEX outbox_external ON outbox (channel, external_id) WHERE external_id IS NOT NULL;
DROP INDEX inbound_events_pending;
CREATE INDEX inbound_events_done ON inbound_events (processed_at, id)
    WHERE processed_at IS NOT NULL;
