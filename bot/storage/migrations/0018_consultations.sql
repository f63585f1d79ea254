-- Consultations (协商): an admin's questions to an audience, and the answers.
-- An anonymous answer keeps no user id: `respondent` is an HMAC of the user id under the consultation's
-- own random salt, only so that nobody answers a question twice (and /deleteme can find the answers
-- again). A named answer also keeps user_id, so that results show the name and /mydata lists it.
CREATE TABLE consultations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    questions   TEXT    NOT NULL,                 -- JSON: [{"text": ..., "options": [...]}, ...]
    audience    TEXT    NOT NULL,                 -- bot.broadcast.Audience as JSON
    salt        TEXT    NOT NULL,
    created_by  INTEGER,                          -- NULL once the admin erased their data
    created_at  TEXT    NOT NULL,
    recipients  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE consultation_answers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    question_index  INTEGER NOT NULL,
    respondent      TEXT    NOT NULL,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- named answers only
    option_index    INTEGER,                      -- a choice question's answer
    answer_text     TEXT,                         -- a free-text answer; both NULL: skipped
    answered_on     TEXT    NOT NULL,             -- the local day only: a time could tell who it was
    UNIQUE (consultation_id, question_index, respondent)
);
CREATE INDEX consultation_answers_user ON consultation_answers (user_id);
