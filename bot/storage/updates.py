"""SQL for the updates already handled."""

from __future__ import annotations

from bot.storage.database import Database, utc_now


class UpdateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, update_key: str) -> bool:
        """True the first time an update is claimed, False for a redelivery."""
        changed = await self._db.write(
            "INSERT INTO processed_updates (update_key, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (update_key, utc_now()),
        )
        return changed == 1

    async def forget_before(self, timestamp: str) -> int:
        return await self._db.write("DELETE FROM processed_updates WHERE handled_at < ?", (timestamp,))
