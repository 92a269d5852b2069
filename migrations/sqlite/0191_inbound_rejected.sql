-- Refused at the door: a signed webhook body that does not parse into the platform's
-- update is stored already processed, with why (`rejected`), so it is never claimed
-- nor retried and a redelivery of it is recognised.
ALTER TABLE inbound_events ADD COLUMN rejected TEXT;
