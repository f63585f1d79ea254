"""Faults injected into the storage layer, to show what a user keeps when a write fails."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

import pytest


def fail_once(monkeypatch: pytest.MonkeyPatch, repository: type, method: str) -> None:
    """The first call of `repository.method` fails as a busy SQLite does; later calls run normally."""
    original = getattr(repository, method)
    calls = 0

    @functools.wraps(original)
    async def flaky(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.OperationalError("database is locked")
        return await original(*args, **kwargs)

    monkeypatch.setattr(repository, method, flaky)
