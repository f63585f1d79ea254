-- Admin-chat notices go through the outbox like every other message to someone else. A delivery may now
-- go to a chat instead of a person (user_id NULL, chat_id set), and it keeps the id Telegram gave the
-- message, so a later delivery can edit it (a card's new status) or answer under it (the urgent alert's
-- pin). That id replaces admin_message_id of 0011: a card posted before this release keeps its last
-- status in the chat, while /pending and /reports show the current one.
-- SQLite cannot drop NOT NULL from user_id in place: the table is rebuilt with its rows.
CREATE TABLE outbox_deliveries_0015 (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL REFERENCES outbox_batches (id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,  -- NULL for a chat notice
    language    TEXT    NOT NULL,
    text        TEXT,
    dedup_key   TEXT,
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    updated_at  TEXT,
    buttons     TEXT,
    claimed_by    TEXT,
    claimed_until TEXT,
    via         TEXT,
    chat_id     INTEGER,                                   -- a chat notice's chat (the admin chat)
    message_id  INTEGER,                                   -- Telegram's id of the message, once sent
    edit_of     INTEGER,                                   -- this delivery edits that delivery's message
    reply_to    INTEGER,                                   -- this delivery answers under that one's message
    attachment  TEXT,                                      -- JSON: a photo, an album, a voice note or a pin
    UNIQUE (batch_id, user_id)
);
INSERT INTO outbox_deliveries_0015 (id, batch_id, user_id, language, text, dedup_key, status, attempts,
                                    error, updated_at, buttons, claimed_by, claimed_until, via)
SELECT id, batch_id, user_id, language, text, dedup_key, status, attempts, error, updated_at, buttons,
       claimed_by, claimed_until, via
  FROM outbox_deliveries;
DROP TABLE outbox_deliveries;
ALTER TABLE outbox_deliveries_0015 RENAME TO outbox_deliveries;
CREATE UNIQUE INDEX outbox_deliveries_dedup ON outbox_deliveries (dedup_key);
CREATE INDEX outbox_deliveries_batch_status ON outbox_deliveries (batch_id, status, id);
CREATE INDEX outbox_deliveries_user ON outbox_deliveries (user_id);
CREATE INDEX outbox_deliveries_claims ON outbox_deliveries (claimed_by) WHERE status = 'pending';
CREATE INDEX outbox_deliveries_edit_of ON outbox_deliveries (edit_of);
ALTER TABLE volunteer_entries DROP COLUMN admin_message_id;
ALTER TABLE reports DROP COLUMN admin_message_id;
