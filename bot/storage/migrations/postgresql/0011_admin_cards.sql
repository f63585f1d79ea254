-- The admin chat's card of a volunteer entry or a report, so a decision taken elsewhere (/pending or
-- /reports in a private chat, a typed reason) can update it: the group never shows a stale status.
-- (SQLite: 0011_admin_cards.sql; the PostgreSQL baseline 0001_initial holds SQLite's 0001-0010.)
ALTER TABLE volunteer_entries ADD COLUMN admin_message_id BIGINT;
ALTER TABLE reports ADD COLUMN admin_message_id BIGINT;
