-- The name a person chose with /name. WeChat gives a service account no nickname, so every WeChat person
-- arrived as "微信用户"; a chosen name goes into first_name, and name_chosen = 1 keeps every later update
-- from writing the channel's name over it (as language_chosen does for /language).
-- (SQLite: 0023_chosen_names.sql.)
ALTER TABLE users ADD COLUMN name_chosen INTEGER NOT NULL DEFAULT 0;
