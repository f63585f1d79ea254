-- Events at a station or a place (issue 17: 清凉游园会 and the like): couriers sign up, wait in line when
-- it is full, and are checked in by the event's QR code; attending files approved volunteer hours.
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    title_zh         TEXT    NOT NULL,
    title_en         TEXT,
    station_id       TEXT,                            -- a station of the catalogue, or else
    place            TEXT,                            -- a place as typed
    starts_at        TEXT    NOT NULL,                -- UTC
    minutes          INTEGER NOT NULL CHECK (minutes > 0),
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    credited_minutes INTEGER NOT NULL CHECK (credited_minutes >= 0),  -- hours filed for attending
    created_by       INTEGER,                         -- NULL once the organiser is erased
    creation_key     TEXT    NOT NULL UNIQUE,         -- a double tap on Create stores one event
    created_at       TEXT    NOT NULL
);
CREATE INDEX events_starts_at ON events (starts_at);

-- One row per person and event. `going` holds a place; `waiting` is in line by place_in_line; a
-- cancellation keeps the row (signing up again joins the end of the line).
CREATE TABLE event_signups (
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status        TEXT    NOT NULL CHECK (status IN ('going', 'waiting', 'cancelled')),
    place_in_line INTEGER NOT NULL,
    signed_up_at  TEXT    NOT NULL,
    attended_at   TEXT,                               -- checked in by the event's QR code
    entry_id      INTEGER,                            -- the volunteer entry attending filed
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_signups_user ON event_signups (user_id);

-- Hours from attending an event are volunteer entries of their own source. SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with the same columns (as 0015 left them), rows and
-- indexes (no table refers to it, so nothing else moves).
CREATE TABLE volunteer_entries_new (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity         TEXT    NOT NULL,
    description      TEXT,
    day              TEXT    NOT NULL,
    starts_at        TEXT    NOT NULL,
    ends_at          TEXT    NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes > 0),
    points_per_hour  INTEGER NOT NULL CHECK (points_per_hour >= 0),
    station_id       TEXT,
    place            TEXT,
    photo_file_id    TEXT,
    source           TEXT    NOT NULL CHECK (source IN ('form', 'checkin', 'event')),
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by       INTEGER,
    decided_at       TEXT,
    reject_reason    TEXT,
    submission_key   TEXT    NOT NULL UNIQUE,
    created_at       TEXT    NOT NULL
);
INSERT INTO volunteer_entries_new SELECT
    id, user_id, activity, description, day, starts_at, ends_at, minutes, points_per_hour, station_id,
    place, photo_file_id, source, status, decided_by, decided_at, reject_reason, submission_key,
    created_at
FROM volunteer_entries;
DROP TABLE volunteer_entries;
ALTER TABLE volunteer_entries_new RENAME TO volunteer_entries;
CREATE INDEX volunteer_entries_user_day ON volunteer_entries (user_id, day);
CREATE INDEX volunteer_entries_status ON volunteer_entries (status, id);
