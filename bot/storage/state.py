"""SQL for PTB's persistence: JSON documents keyed by kind and key."""

from __future__ import annotations

from bot.storage.database import Database


class StateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(self, kind: str) -> dict[str, str]:
        rows = await self._db.fetchall("SELECT key, value FROM bot_state WHERE kind = ?", (kind,))
        return {row["key"]: row["value"] for row in rows}

    async def load_keys(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The stored documents among `wanted` (kind, key) pairs, in one query: what one update reads of
        its chat's state when several workers share the store."""
        if not wanted:
            return {}
        condition = " OR ".join("(kind = ? AND key = ?)" for _ in wanted)
        rows = await self._db.fetchall(
            f"SELECT kind, key, value FROM bot_state WHERE {condition}",
            [part for pair in wanted for part in pair],
        )
        return {(row["kind"], row["key"]): row["value"] for row in rows}

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
