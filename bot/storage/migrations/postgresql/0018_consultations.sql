-- Consultations (协商): an admin's questions to an audience, and the answers.
-- An anonymous answer keeps no user id: `respondent` is an HMAC of the user id under the consultation's
-- own random salt, only so that nobody answers a question twice (and /deleteme can find the answers
-- again). A named answer also keeps user_id, so that results show the name and /mydata lists it.
-- (SQLite: 0018_consultations.sql.)
CREATE TABLE consultations (
    id          BIGSERIAL PRIMARY KEY,
    title       TEXT      NOT NULL,
    questions   TEXT      NOT NULL,
    audience    TEXT      NOT NULL,
    salt        TEXT      NOT NULL,
    created_by  BIGINT,
    created_at  TIMESTAMPTZ NOT NULL,
    recipients  INTEGER   NOT NULL DEFAULT 0
);

CREATE TABLE consultation_answers (
    id              BIGSERIAL PRIMARY KEY,
    consultation_id BIGINT  NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    question_index  INTEGER NOT NULL,
    respondent      TEXT    NOT NULL,
    user_id         BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    option_index    INTEGER,
    answer_text     TEXT,
    answered_on     DATE    NOT NULL,
    UNIQUE (consultation_id, question_index, respondent)
);
CREATE INDEX consultation_answers_user ON consultation_answers (user_id);
