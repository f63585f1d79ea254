-- 民情观察员 reports, their "+1"s, photos, and an event for every change.
CREATE TABLE report_counters (
    year        INTEGER PRIMARY KEY,                 -- local calendar year of the number
    last_number INTEGER NOT NULL
);

CREATE TABLE reports (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,          -- MQ-2026-000123
    reporter_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    category         TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    voice_file_id    TEXT,                             -- a voice message kept as an attachment
    lat              REAL,                             -- WGS-84
    lon              REAL,
    place            TEXT,                             -- the place as typed or matched
    anonymous        INTEGER NOT NULL DEFAULT 0,       -- hidden from departments and exports, not from admins
    urgent           INTEGER NOT NULL DEFAULT 0,
    status           TEXT    NOT NULL CHECK (status IN
                         ('confirmed', 'investigating', 'in_progress', 'fixed', 'duplicate', 'not_actionable')),
    department       TEXT,                             -- id in data/departments.yaml once forwarded
    resolution_note  TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    resolved_at      TEXT,
    followup_sent_at TEXT,
    followup_answer  TEXT    CHECK (followup_answer IN ('yes', 'no'))
);
CREATE INDEX reports_status_category ON reports (status, category);
CREATE INDEX reports_reporter ON reports (reporter_id);
CREATE INDEX reports_created ON reports (created_at);

CREATE TABLE report_photos (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    file_id   TEXT    NOT NULL,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE report_supporters (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at  TEXT    NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_supporters_user ON report_supporters (user_id);

CREATE TABLE report_events (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id    INTEGER,                               -- who; NULL for the bot itself
    at          TEXT    NOT NULL,                      -- when (UTC)
    kind        TEXT    NOT NULL,                      -- filed | status | supporter | followup
    from_status TEXT,
    to_status   TEXT,
    department  TEXT,                                  -- where it was forwarded, for forward events
    note        TEXT                                   -- the admin's note, or the follow-up answer
);
CREATE INDEX report_events_report ON report_events (report_id, id);
