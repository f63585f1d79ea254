-- A broadcast an admin chose to send as a paid broadcast (Telegram's allow_paid_broadcast: up to 1,000
-- messages a second, paid in Stars): the sender paces it at that rate and marks every message paid.
ALTER TABLE outbox_batches ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
