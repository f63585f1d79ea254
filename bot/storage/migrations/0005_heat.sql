-- Heat-wave reminders: official signals, the day's forecast per district, checks run, reminders sent.

-- The district a person chose in /heat (an id of data/districts.yaml); NULL = from their last location.
ALTER TABLE users ADD COLUMN heat_district TEXT;

-- CMA heat signals declared and ended by admins with /heatalert; at most one has ended_at NULL.
CREATE TABLE heat_signals (
    id          INTEGER PRIMARY KEY,
    level       TEXT    NOT NULL CHECK (level IN ('yellow', 'orange', 'red')),
    declared_by INTEGER NOT NULL,
    declared_at TEXT    NOT NULL,
    ended_by    INTEGER,
    ended_at    TEXT
);
CREATE INDEX heat_signals_open ON heat_signals (ended_at);

-- The latest forecast of each local day (Asia/Shanghai date) and district, °C.
CREATE TABLE heat_forecasts (
    local_date        TEXT NOT NULL,
    district          TEXT NOT NULL,
    today_max         REAL,
    today_apparent    REAL,
    tomorrow_max      REAL,
    tomorrow_apparent REAL,
    suggested_signal  TEXT NOT NULL,
    checked_at        TEXT NOT NULL,
    PRIMARY KEY (local_date, district)
);

-- Scheduled checks that completed, so that a check missed while the bot was down can be told apart.
CREATE TABLE heat_checks (
    local_date TEXT NOT NULL,
    slot       TEXT NOT NULL,   -- HH:MM of BOT_HEAT_CHECK_TIMES
    ran_at     TEXT NOT NULL,
    PRIMARY KEY (local_date, slot)
);

-- One row per reminder handed to delivery: at most one per person, local day and level.
CREATE TABLE heat_reminders_sent (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    local_date TEXT    NOT NULL,
    level      TEXT    NOT NULL CHECK (level IN ('pre', 'yellow', 'orange', 'red')),
    sent_at    TEXT    NOT NULL,
    PRIMARY KEY (user_id, local_date, level)
);
