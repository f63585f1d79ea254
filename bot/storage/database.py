"""What every repository sees of the database, whichever backend holds it: SQLite or PostgreSQL.

Repositories write SQL with `?` placeholders in the portable subset both backends understand, and call
the methods of `Database` (single reads and writes) or of a `Transaction` (a unit of work). The backends
live in bot/storage/sqlite.py and bot/storage/postgres.py; `open_database` picks one from BOT_DATABASE.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

_MIGRATION_FILE = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

Params = Sequence[Any] | dict[str, Any]
Dialect = Literal["sqlite", "postgresql"]


class Row(Protocol):
    """A result row, read by column name or by position (aiosqlite.Row and asyncpg.Record both are)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> Any: ...


def utc_now() -> str:
    """Timestamps travel as ISO-8601 UTC text: SQLite stores them so (sortable as strings), and the
    PostgreSQL backend converts them to and from timestamptz at the driver."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_postgres_url(target: Path | str) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def migrations(dialect: Dialect = "sqlite") -> list[tuple[str, str]]:
    """(name, SQL) of every bundled migration of a backend, in name order; the name is the file name
    without .sql. SQLite's live in migrations/, PostgreSQL's in migrations/postgresql/; a migration
    added after the PostgreSQL baseline goes into both folders under the same name."""
    folder = resources.files("bot.storage.migrations")
    if dialect == "postgresql":
        folder = folder.joinpath("postgresql")
    found = [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if _MIGRATION_FILE.match(entry.name)
    ]
    return sorted(found)


class Reads(ABC):
    """The three reads, the same on a transaction and on the database outside one."""

    @abstractmethod
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchvalue(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Transaction(Reads):
    """One unit of work on one connection; reads through the owning `Database` in the same task see
    its writes. On SQLite it holds the database's write lock (BEGIN IMMEDIATE); on PostgreSQL, where
    transactions run side by side, a check-then-change first takes `lock` on what it checks."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    @abstractmethod
    async def lock(self, name: str) -> None:
        """Serialise the transactions that check and change the same thing (a person's balance, a
        reward's stock) until this one ends. SQLite: nothing to do, BEGIN IMMEDIATE already holds the
        only write lock. PostgreSQL: a transaction-scoped advisory lock on `name`."""


# The transaction the current task is inside: its reads go to that transaction's connection, so a
# repository method called within a unit of work sees the work's own writes.
TRANSACTION_OF_TASK: ContextVar[tuple[Database, Transaction] | None] = ContextVar(
    "transaction_of_task", default=None
)


class Database(Reads):
    """The methods repositories use, the same on both backends."""

    dialect: Dialect

    @property
    @abstractmethod
    def is_open(self) -> bool: ...

    @abstractmethod
    async def open(self) -> None:
        """Connect and apply pending migrations; idempotent."""

    @abstractmethod
    async def close(self) -> None: ...

    def current_transaction(self) -> Transaction | None:
        inside = TRANSACTION_OF_TASK.get()
        return inside[1] if inside is not None and inside[0] is self else None

    async def applied_migrations(self) -> list[str]:
        rows = await self.fetchall("SELECT name FROM schema_migrations ORDER BY name")
        return [row["name"] for row in rows]

    @abstractmethod
    async def write(self, sql: str, params: Params = ()) -> int:
        """One statement, atomic on its own (autocommit); returns the number of rows changed."""

    @abstractmethod
    async def write_returning(self, sql: str, params: Params = ()) -> Row | None:
        """One statement with RETURNING (SQLite 3.35+, PostgreSQL): a write and its read in one trip."""

    async def write_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as transaction:
            await transaction.executemany(sql, rows)

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A unit of work: committed when the block ends, rolled back when it raises."""

    @abstractmethod
    def held_across_processes(self, name: str) -> AbstractAsyncContextManager[None]:
        """Run the block while no other process holding `name` runs: one chat's updates on several
        workers. SQLite serves one process, which orders its own work: nothing to hold. PostgreSQL: a
        session advisory lock, freed by the server if the holder dies."""


def open_database(target: Path | str) -> Database:
    """The backend BOT_DATABASE names: a `postgresql://` URL, or else a SQLite file."""
    if is_postgres_url(target):
        from bot.storage.postgres import PostgresDatabase

        return PostgresDatabase(str(target))
    from bot.storage.sqlite import SqliteDatabase

    return SqliteDatabase(Path(target))


def backup_database(source: Path, target: Path) -> int:
    """Copy a live SQLite database with SQLite's online backup API (consistent while the bot writes).
    PostgreSQL deployments use pg_dump instead.

    It runs on its own synchronous connection: a one-off admin task, not part of the event loop.
    Returns the number of pages copied.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    copied = 0

    def progress(_status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total - remaining

    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy, pages=256, progress=progress)
    return copied
