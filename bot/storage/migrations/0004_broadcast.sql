-- The outbox: one batch per broadcast (or per run of a feature's personal messages, e.g. heat reminders)
-- and one delivery per recipient. The sender reads pending deliveries in pages and records every outcome,
-- so a restart resumes exactly where the committed outcomes end.
CREATE TABLE outbox_batches (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT    NOT NULL,                  -- 'broadcast', 'heat', ...: stats tell them apart
    priority            INTEGER NOT NULL DEFAULT 0,        -- higher is sent first (reminders before notices)
    status              TEXT    NOT NULL CHECK (status IN
                            ('preparing', 'scheduled', 'active', 'paused', 'cancelled', 'done')),
    created_by          INTEGER,                           -- the admin; NULL for the bot's own jobs
    text_zh             TEXT,                              -- HTML; NULL when every delivery has its own text
    text_en             TEXT,
    photo_file_id       TEXT,
    audience            TEXT,                              -- JSON (bot.broadcast.Audience); NULL = personal
    fingerprint         TEXT,                              -- content + audience, for the duplicate rule
    scheduled_at        TEXT,                              -- UTC
    created_at          TEXT    NOT NULL,
    started_at          TEXT,
    finished_at         TEXT,
    progress_chat_id    INTEGER,                           -- the admin's progress message
    progress_message_id INTEGER
);
CREATE INDEX outbox_batches_status ON outbox_batches (status, priority, id);
CREATE INDEX outbox_batches_fingerprint ON outbox_batches (fingerprint, created_at);

CREATE TABLE outbox_deliveries (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL REFERENCES outbox_batches (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language    TEXT    NOT NULL,
    text        TEXT,                                      -- a personal HTML text; NULL = the batch's content
    dedup_key   TEXT,                                      -- purpose + recipient: never queued twice
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,                                      -- short reason of a failure, no personal data
    updated_at  TEXT,
    UNIQUE (batch_id, user_id)
);
-- NULLs are distinct in a UNIQUE index (SQLite and PostgreSQL alike): broadcasts leave dedup_key NULL.
CREATE UNIQUE INDEX outbox_deliveries_dedup ON outbox_deliveries (dedup_key);
CREATE INDEX outbox_deliveries_batch_status ON outbox_deliveries (batch_id, status, id);
CREATE INDEX outbox_deliveries_user ON outbox_deliveries (user_id);
