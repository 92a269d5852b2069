-- The choices last shown to a chat, whoever sent them (a reply, or a notice such as a
-- WhatsApp template with numbered options), so a typed "1" picks the first of them.
ALTER TABLE conversations ADD COLUMN offered TEXT;
