-- Admin-chat notices go through the outbox like every other message to someone else. A delivery may now
-- go to a chat instead of a person (user_id NULL, chat_id set), and it keeps the id Telegram gave the
-- message, so a later delivery can edit it (a card's new status) or answer under it (the urgent alert's
-- pin). That id replaces admin_message_id of 0011: a card posted before this release keeps its last
-- status in the chat, while /pending and /reports show the current one.
-- (SQLite: 0015_chat_notices.sql, which rebuilds the table.)
ALTER TABLE outbox_deliveries ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE outbox_deliveries ADD COLUMN chat_id BIGINT;
ALTER TABLE outbox_deliveries ADD COLUMN message_id BIGINT;
ALTER TABLE outbox_deliveries ADD COLUMN edit_of BIGINT;
ALTER TABLE outbox_deliveries ADD COLUMN reply_to BIGINT;
ALTER TABLE outbox_deliveries ADD COLUMN attachment TEXT;
CREATE INDEX outbox_deliveries_edit_of ON outbox_deliveries (edit_of);
ALTER TABLE volunteer_entries DROP COLUMN admin_message_id;
ALTER TABLE reports DROP COLUMN admin_message_id;
