-- Fair turns: a row per chat that has (or had) events, with its place in the line.
-- The chats with work (`waiting` > 0, the count of their unprocessed events) form a
-- line ordered by `ticket`: a chat that gets a turn, and a chat seen for the first
-- time, go to the back of the line (the highest ticket of the waiting chats, plus
-- one). So each chat with work gets a turn before any chat gets a second, whatever
-- the backlogs; a chat that had nothing waiting keeps its old place (it was served
-- longest ago). The claim walks `intake_line`, so its cost does not grow with the
-- number of busy chats. Triggers keep the line in the statements that store, claim
-- and finish events: the hot path gains no round trip.
-- The counter and the ticket change under the chat row's lock, so replicas keep the
-- count exact; two claims at once may give equal tickets (then by chat id).
CREATE TABLE intake_chats (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    ticket BIGINT NOT NULL,
    waiting BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, chat_id)
);
CREATE INDEX intake_line ON intake_chats (channel, ticket, chat_id) WHERE waiting > 0;
INSERT INTO intake_chats (channel, chat_id, ticket, waiting)
    SELECT channel, chat_id, MIN(id), COUNT(*) FROM inbound_events
    WHERE processed_at IS NULL GROUP BY channel, chat_id;

CREATE FUNCTION intake_chat_arrived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO intake_chats (channel, chat_id, ticket, waiting)
    VALUES (NEW.channel, NEW.chat_id,
            COALESCE((SELECT MAX(ticket) FROM intake_chats
                      WHERE channel = NEW.channel AND waiting > 0), 0) + 1,
            1)
    ON CONFLICT (channel, chat_id) DO UPDATE SET waiting = intake_chats.waiting + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER intake_chat_arrived AFTER INSERT ON inbound_events
    FOR EACH ROW WHEN (NEW.processed_at IS NULL) EXECUTE FUNCTION intake_chat_arrived();

CREATE FUNCTION intake_chat_served() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE intake_chats SET ticket = COALESCE((SELECT MAX(ticket) + 1 FROM intake_chats
                                WHERE channel = NEW.channel AND waiting > 0), ticket)
    WHERE channel = NEW.channel AND chat_id = NEW.chat_id;
    RETURN NULL;
END $$;
CREATE TRIGGER intake_chat_served AFTER UPDATE OF claim ON inbound_events
    FOR EACH ROW WHEN (NEW.claim IS NOT NULL) EXECUTE FUNCTION intake_chat_served();

CREATE FUNCTION intake_chat_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE intake_chats SET waiting = waiting - 1
    WHERE channel = NEW.channel AND chat_id = NEW.chat_id;
    RETURN NULL;
END $$;
CREATE TRIGGER intake_chat_done AFTER UPDATE OF processed_at ON inbound_events
    FOR EACH ROW WHEN (OLD.processed_at IS NULL AND NEW.processed_at IS NOT NULL)
    EXECUTE FUNCTION intake_chat_done();
