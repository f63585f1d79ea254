"""Shared fixtures: every test starts from a clean BOT_* environment and never reaches the internet."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("BOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield


# --- the database backends ------------------------------------------------------------------------------
# Every test that takes the `database` fixture runs twice: on a SQLite file of its own, and on a PostgreSQL
# database created for this test run (emptied before each test, dropped at the end). CI and these
# machines run PostgreSQL on 127.0.0.1:5432 with trust authentication; when it cannot be reached the
# PostgreSQL cases fail, they are never skipped.

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def _run_on_own_loop(work: Coroutine[Any, Any, Any]) -> Any:
    """Run set-up work outside the test's event loop, without replacing the loop pytest-asyncio set."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(work)
    finally:
        loop.close()


async def _on_server(statement: str) -> None:
    connection = await asyncpg.connect(f"{POSTGRES_SERVER}/postgres", timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def empty_every_table(url: str) -> None:
    """Faster than a new database per test: the schema stays migrated, the rows and ids go."""
    connection = await asyncpg.connect(url)
    try:
        tables = [
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"
            )
        ]
        if tables:
            await connection.execute(
                "TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " RESTART IDENTITY CASCADE"
            )
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this test run: created on first use, dropped at the end."""
    name = f"xiaoge_test_{secrets.token_hex(4)}"
    try:
        _run_on_own_loop(_on_server(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_SERVER} ({type(error).__name__}: {error}); "
            f"the PostgreSQL cases need it: {START_POSTGRES}",
            pytrace=False,
        )
    yield f"{POSTGRES_SERVER}/{name}"
    _run_on_own_loop(_on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def empty_postgres(postgres_url: str) -> str:
    """The run's PostgreSQL database with every table emptied (its schema stays migrated)."""
    _run_on_own_loop(empty_every_table(postgres_url))
    return postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """BOT_DATABASE for a test: a fresh SQLite file, or the run's PostgreSQL database, emptied."""
    if request.param == "sqlite":
        return tmp_path / "bot.db"
    url: str = request.getfixturevalue("empty_postgres")
    return url
