-- 0006 shipped keying processed_updates by `update_id INTEGER` and was later edited to `update_key TEXT`;
-- databases created in between still have the integer column, and every claim of an update fails on it.
-- The table is a short-lived cache (two days of update keys against redelivery), and keys of the old
-- form can never match a new key, so recreating it empty loses nothing worth keeping. A database that
-- already has update_key is adopted with this migration counted as applied (bot/storage/database.py).
DROP TABLE processed_updates;
CREATE TABLE processed_updates (
    update_key TEXT PRIMARY KEY,
    handled_at TEXT NOT NULL
);
CREATE INDEX processed_updates_handled_at ON processed_updates (handled_at);
