-- Erasure (/deleteme) removes who a person was and keeps what happened: ledger entries and redemptions
-- stay with user_id NULL (a gift handed out stays handed out, since stock is counted from redemptions),
-- and a heat signal stays with declared_by NULL when the admin who declared it is erased.
-- SQLite cannot drop a NOT NULL constraint, so the three tables are rebuilt with their data, indexes
-- and triggers (PostgreSQL: ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL).

CREATE TABLE points_ledger_anonymous (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER,                         -- NULL once the person is erased
    kind            TEXT    NOT NULL CHECK (kind IN ('earn', 'redeem', 'refund', 'adjust', 'expire')),
    amount          INTEGER NOT NULL CHECK (amount <> 0),
    balance_after   INTEGER NOT NULL CHECK (balance_after >= 0),
    reason          TEXT    NOT NULL,
    actor           INTEGER,                         -- who caused it; NULL for the bot's jobs or once erased
    reference       TEXT,                            -- volunteer:<id>, redemption:<id>
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL
);
INSERT INTO points_ledger_anonymous
    (id, user_id, kind, amount, balance_after, reason, actor, reference, idempotency_key, created_at)
SELECT id, user_id, kind, amount, balance_after, reason, actor, reference, idempotency_key, created_at
  FROM points_ledger;
DROP TABLE points_ledger;
ALTER TABLE points_ledger_anonymous RENAME TO points_ledger;
CREATE INDEX points_ledger_user ON points_ledger (user_id, id);

-- Corrections are new entries: an edit is refused by the database itself. The one change allowed is
-- the anonymisation of an erasure: ids (user_id, actor) set to NULL, the person's own free-text reason
-- replaced by the entry's kind, and the idempotency key, which embeds ids, replaced by 'erased:<id>'.
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE ON points_ledger
WHEN NOT (
        NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.amount = OLD.amount
    AND NEW.balance_after = OLD.balance_after AND NEW.reference IS OLD.reference
    AND NEW.created_at = OLD.created_at
    AND (NEW.user_id IS OLD.user_id OR NEW.user_id IS NULL)
    AND (NEW.actor IS OLD.actor OR NEW.actor IS NULL)
    AND (NEW.reason = OLD.reason OR (NEW.user_id IS NULL AND NEW.reason = OLD.kind))
    AND (NEW.idempotency_key = OLD.idempotency_key OR NEW.idempotency_key = 'erased:' || OLD.id)
)
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
-- Balances and the programme's totals are sums over the ledger: no entry may disappear.
CREATE TRIGGER points_ledger_never_deleted BEFORE DELETE ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger entries are never deleted');
END;

CREATE TABLE redemptions_anonymous (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER,                         -- NULL once the person is erased
    reward_id       TEXT    NOT NULL,
    cost            INTEGER NOT NULL CHECK (cost > 0),
    code            TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'collected', 'expired')),
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    collected_at    TEXT,
    collected_by    INTEGER,
    idempotency_key TEXT    NOT NULL UNIQUE
);
INSERT INTO redemptions_anonymous
    (id, user_id, reward_id, cost, code, status, created_at, expires_at, collected_at, collected_by,
     idempotency_key)
SELECT id, user_id, reward_id, cost, code, status, created_at, expires_at, collected_at, collected_by,
       idempotency_key
  FROM redemptions;
DROP TABLE redemptions;
ALTER TABLE redemptions_anonymous RENAME TO redemptions;
CREATE INDEX redemptions_reward ON redemptions (reward_id, status);
CREATE INDEX redemptions_open ON redemptions (status, expires_at);
CREATE INDEX redemptions_user ON redemptions (user_id, status);
-- The stock left is the catalogue's stock minus the open and collected redemptions: none may disappear.
CREATE TRIGGER redemptions_never_deleted BEFORE DELETE ON redemptions
BEGIN
    SELECT RAISE(ABORT, 'redemptions are never deleted');
END;

CREATE TABLE heat_signals_anonymous (
    id          INTEGER PRIMARY KEY,
    level       TEXT    NOT NULL CHECK (level IN ('yellow', 'orange', 'red')),
    declared_by INTEGER,                             -- NULL once the admin is erased
    declared_at TEXT    NOT NULL,
    ended_by    INTEGER,
    ended_at    TEXT
);
INSERT INTO heat_signals_anonymous (id, level, declared_by, declared_at, ended_by, ended_at)
SELECT id, level, declared_by, declared_at, ended_by, ended_at FROM heat_signals;
DROP TABLE heat_signals;
ALTER TABLE heat_signals_anonymous RENAME TO heat_signals;
CREATE INDEX heat_signals_open ON heat_signals (ended_at);
