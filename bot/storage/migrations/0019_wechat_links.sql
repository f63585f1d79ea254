-- What the WeChat transport invents in place of Telegram's messages and inline buttons, kept in the store
-- so that a link pressed after a restart, or posted to another worker, still answers: each message the bot
-- sent (its id, given here, and the text it shows, for edits and presses) and each bizmsgmenu link (the
-- button's callback data, for the one person it was sent to). The daily housekeeping forgets both after
-- 30 days; /deleteme forgets a person's at once.
CREATE TABLE wechat_messages (
    message_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    written_at  TEXT    NOT NULL
);
CREATE INDEX wechat_messages_chat ON wechat_messages (chat_id);
CREATE INDEX wechat_messages_written_at ON wechat_messages (written_at);

CREATE TABLE wechat_links (
    menu_id     TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,   -- who was sent the link: only they can press it
    chat_id     INTEGER NOT NULL,   -- the message's chat: theirs, or the admins' chat
    message_id  INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX wechat_links_user ON wechat_links (user_id);
CREATE INDEX wechat_links_created_at ON wechat_links (created_at);
