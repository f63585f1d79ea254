"""SQL for scheduled job runs claimed across workers."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.database import Database, utc_now


class JobRunRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, job_name: str, due_at: datetime, worker: str) -> bool:
        """True for the one worker whose claim of this run lands first; the others get False."""
        changed = await self._db.write(
            "INSERT INTO job_runs (job_name, due_at, claimed_by, claimed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (job_name, due_at.astimezone(UTC).isoformat(), worker, utc_now()),
        )
        return changed == 1

    async def forget_before(self, timestamp: str) -> int:
        return await self._db.write("DELETE FROM job_runs WHERE claimed_at < ?", (timestamp,))
