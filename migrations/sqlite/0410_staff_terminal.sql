-- A staff member may also be the user of a terminal chat (`contigo-bot chat --user
-- NAME`, registered with `staff add --terminal NAME`), so every staff role can be
-- tried, and shown to a new colleague, without a Telegram or WhatsApp account.
ALTER TABLE staff ADD COLUMN terminal_user TEXT;
CREATE UNIQUE INDEX staff_terminal_user ON staff (terminal_user);
