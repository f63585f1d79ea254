-- A WeChat person's id: the openid (personal data, never logged) gets a user id of its own, above every
-- Telegram id (Telegram's fit 52 bits), so one users row per channel identity can never collide. The id is
-- 2^52 + seq; AUTOINCREMENT never hands out the seq of an erased person again.
CREATE TABLE wechat_identities (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    openid      TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL
);

-- How the outbox reached a WeChat person: 'custom' (a customer-service message, within 48 hours of their
-- last message) or 'template' (a template message, outside that window). NULL for Telegram.
ALTER TABLE outbox_deliveries ADD COLUMN via TEXT;
