-- Users, their roles and the conversation state that PTB's persistence keeps.
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,          -- Telegram user id
    first_name            TEXT    NOT NULL DEFAULT '',
    username              TEXT,
    language              TEXT    NOT NULL,             -- 'zh' or 'en'
    language_chosen       INTEGER NOT NULL DEFAULT 0,   -- 1 once /language was used
    last_lat              REAL,                         -- WGS-84
    last_lon              REAL,
    last_location_at      TEXT,
    location_notice_shown INTEGER NOT NULL DEFAULT 0,
    heat_reminders        INTEGER NOT NULL DEFAULT 1,
    heat_time             TEXT,                         -- preferred HH:MM, NULL = scheduled checks
    quiet_start           TEXT    NOT NULL DEFAULT '22:00',
    quiet_end             TEXT    NOT NULL DEFAULT '07:00',
    start_payload         TEXT,                         -- last /start deep-link payload
    blocked               INTEGER NOT NULL DEFAULT 0,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL,
    last_seen_at          TEXT    NOT NULL
);
CREATE INDEX users_username ON users (username);
CREATE INDEX users_last_seen ON users (last_seen_at);

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('observer', 'admin')),
    granted_by INTEGER,
    granted_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- PTB persistence: user_data, chat_data, callback_data and conversation states as JSON.
CREATE TABLE bot_state (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
