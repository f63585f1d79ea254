-- Station life: the staff of each station, the live status they keep, and questions for the policy desk.

-- Station staff (驿站工作人员), appointed by an admin for one station per row: holding a row is holding the
-- staff role (user_roles keeps the roles without a scope).
CREATE TABLE staff_stations (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    station_id TEXT    NOT NULL,
    granted_by INTEGER,
    granted_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, station_id)
);
CREATE INDEX staff_stations_station ON staff_stations (station_id);

-- A station's live status as its staff last set it; a NULL is "not said". After its validity
-- (BOT_STATION_STATUS_VALID_HOURS from updated_at) it is shown as unknown.
CREATE TABLE station_status (
    station_id    TEXT    PRIMARY KEY,
    closed        INTEGER,                 -- 1: closed for now (reason, until); 0: open
    closed_reason TEXT,
    closed_until  TEXT,                    -- UTC instant the staff expect to open again
    water         INTEGER,
    charging      TEXT    CHECK (charging IN ('none', 'few', 'many')),
    gift_packs    INTEGER CHECK (gift_packs >= 0),
    crowded       INTEGER,
    updated_at    TEXT    NOT NULL
);

-- "Ask the desk": a courier's question for the staff of a station, and their answer.
CREATE TABLE policy_questions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    station_id  TEXT    NOT NULL,
    question    TEXT    NOT NULL,
    asked_at    TEXT    NOT NULL,
    answer      TEXT,
    answered_by INTEGER,                   -- NULL once that staff member is erased
    answered_at TEXT
);
CREATE INDEX policy_questions_user ON policy_questions (user_id);
