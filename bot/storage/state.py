"""SQL for PTB's persistence: JSON documents keyed by kind and key."""

from __future__ import annotations

from bot.storage.database import Database


class StateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(self, kind: str) -> dict[str, str]:
        rows = await self._db.fetchall("SELECT key, value FROM bot_state WHERE kind = ?", (kind,))
        return {row["key"]: row["value"] for row in rows}

    async def save(self, kind: str, key: str, value: str) -> None:
        await self._db.write(
            """
            INSERT INTO bot_state (kind, key, value) VALUES (?, ?, ?)
            ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value
            """,
            (kind, key, value),
        )

    async def delete(self, kind: str, key: str) -> None:
        await self._db.write("DELETE FROM bot_state WHERE kind = ? AND key = ?", (kind, key))
