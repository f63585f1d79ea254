"""All SQL of the bot, behind one object; handlers and domain code never see a statement.

The store is split into one repository per feature (users, state, ...) over one shared
`Database`, so features can grow without one file holding every query.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.database import Database
from bot.storage.state import StateRepository
from bot.storage.users import UserRepository


class Storage:
    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.users = UserRepository(self.db)
        self.state = StateRepository(self.db)

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "Storage"]
