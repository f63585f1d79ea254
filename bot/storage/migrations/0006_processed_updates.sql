-- Updates already handled: a redelivered update (after a crash before the offset was confirmed)
-- is recognised and not answered twice. The key is the update id plus a digest of the update,
-- because update ids are not unique for ever: Telegram may restart them after a quiet week, and
-- the local emulator restarts them at 1 every session.
CREATE TABLE processed_updates (
    update_key TEXT PRIMARY KEY,
    handled_at TEXT NOT NULL
);
CREATE INDEX processed_updates_handled_at ON processed_updates (handled_at);
