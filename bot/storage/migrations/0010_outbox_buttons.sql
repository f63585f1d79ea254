-- Personal notices (a follow-up question, for one) carry inline buttons; the outbox keeps them with the
-- delivery as JSON rows of [label, callback data], so a notice queued before a restart keeps its buttons.
ALTER TABLE outbox_deliveries ADD COLUMN buttons TEXT;
