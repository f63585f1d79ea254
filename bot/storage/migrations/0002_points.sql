-- 暖新积分: volunteer hours, station check-ins, the append-only points ledger and reward redemptions.

-- Hours a courier logged (with /volunteer or a station check-in), waiting for an admin's decision.
CREATE TABLE volunteer_entries (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity        TEXT    NOT NULL,
    description     TEXT,                            -- what they did, for activities that ask
    day             TEXT    NOT NULL,                -- local date the hours count on, YYYY-MM-DD
    starts_at       TEXT    NOT NULL,                -- UTC
    ends_at         TEXT    NOT NULL,                -- UTC
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    points_per_hour INTEGER NOT NULL CHECK (points_per_hour >= 0),
    station_id      TEXT,
    place           TEXT,                            -- free text when not a station
    photo_file_id   TEXT,
    source          TEXT    NOT NULL CHECK (source IN ('form', 'checkin')),
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by      INTEGER,
    decided_at      TEXT,
    reject_reason   TEXT,
    submission_key  TEXT    NOT NULL UNIQUE,         -- a double tap on Confirm stores one entry
    created_at      TEXT    NOT NULL
);
CREATE INDEX volunteer_entries_user_day ON volunteer_entries (user_id, day);
CREATE INDEX volunteer_entries_status ON volunteer_entries (status, id);

-- Open check-ins (one per courier): scanning a station's QR code starts one, /checkout ends it.
CREATE TABLE checkin_sessions (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    station_id  TEXT    NOT NULL,
    started_at  TEXT    NOT NULL
);

-- The secret the daily check-in codes are signed with: generated once, kept with the data it protects.
CREATE TABLE checkin_secret (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    secret  TEXT    NOT NULL
);

-- The ledger: append-only. balance_after is the running sum per user and never negative.
CREATE TABLE points_ledger (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('earn', 'redeem', 'refund', 'adjust', 'expire')),
    amount          INTEGER NOT NULL CHECK (amount <> 0),
    balance_after   INTEGER NOT NULL CHECK (balance_after >= 0),
    reason          TEXT    NOT NULL,
    actor           INTEGER,                         -- who caused it; NULL for the bot's own jobs
    reference       TEXT,                            -- volunteer:<id>, redemption:<id>
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL
);
CREATE INDEX points_ledger_user ON points_ledger (user_id, id);
-- Corrections are new entries: an edit is refused by the database itself.
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;

-- Rewards bought; the stock left is the catalogue's stock minus the open and collected ones.
CREATE TABLE redemptions (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    reward_id       TEXT    NOT NULL,
    cost            INTEGER NOT NULL CHECK (cost > 0),
    code            TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'collected', 'expired')),
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    collected_at    TEXT,
    collected_by    INTEGER,
    idempotency_key TEXT    NOT NULL UNIQUE
);
CREATE INDEX redemptions_reward ON redemptions (reward_id, status);
CREATE INDEX redemptions_open ON redemptions (status, expires_at);
CREATE INDEX redemptions_user ON redemptions (user_id, status);
