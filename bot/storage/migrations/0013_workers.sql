-- Several workers on one store. A scheduled job's run is claimed by inserting its (job, due time): the
-- worker whose insert lands runs it, the others skip it.
CREATE TABLE job_runs (
    job_name   TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (job_name, due_at)
);
CREATE INDEX job_runs_claimed_at ON job_runs (claimed_at);

-- A worker claims outbox deliveries for a while (a lease it renews while it lives): a worker killed in
-- the middle of a broadcast leaves its claims to expire, and another sends what it had not recorded.
ALTER TABLE outbox_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox_deliveries ADD COLUMN claimed_until TEXT;
CREATE INDEX outbox_deliveries_claims ON outbox_deliveries (claimed_by) WHERE status = 'pending';
-- The worker that takes the turn to edit a broadcast's progress message (one edit for all workers).
ALTER TABLE outbox_batches ADD COLUMN progress_shown_at TEXT;

-- The broadcast rate shared by every worker: the time of the next free send slot. One row, written by
-- the PostgreSQL backend; a SQLite deployment is one process and paces itself.
CREATE TABLE outbox_pace (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    next_slot TEXT NOT NULL
);
