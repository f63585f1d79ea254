-- The admin chat's card of a volunteer entry or a report, so a decision taken elsewhere (/pending or
-- /reports in a private chat, a typed reason) can update it: the group never shows a stale status.
ALTER TABLE volunteer_entries ADD COLUMN admin_message_id INTEGER;
ALTER TABLE reports ADD COLUMN admin_message_id INTEGER;
