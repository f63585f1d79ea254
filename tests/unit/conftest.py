"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Storage]:
    """An open, migrated store on the test's backend (`database`: SQLite, then PostgreSQL)."""
    storage = Storage(database)
    await storage.open()
    yield storage
    await storage.close()
