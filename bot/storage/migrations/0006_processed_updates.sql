-- Update ids already handled: a redelivered update (after a crash before the offset was confirmed)
-- is recognised and not answered twice.
CREATE TABLE processed_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT NOT NULL
);
CREATE INDEX processed_updates_handled_at ON processed_updates (handled_at);
