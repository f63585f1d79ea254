"""The SQLite database every repository shares: its pragmas, migrations and transactions.

Two connections: the writer, used by one task at a time under the write lock (transactions and single
writes), and the reader, for every read outside a transaction. In WAL mode the reader sees only committed
data, so no task ever reads another task's unfinished (and possibly rolled back) transaction.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

_LOGGER = logging.getLogger(__name__)
_MIGRATION_FILE = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000

Row = aiosqlite.Row
Params = Sequence[Any] | dict[str, Any]

# The writer connection whose transaction the current task is inside: that task's reads go to it, so a
# repository method called within a unit of work sees the work's own writes.
_TRANSACTION_OF_TASK: ContextVar[aiosqlite.Connection | None] = ContextVar(
    "transaction_of_task", default=None
)


def utc_now() -> str:
    """Timestamps are stored as ISO-8601 UTC text: portable to PostgreSQL and sortable as strings."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[str, str]]:
    """(name, SQL) of every bundled migration, in name order; the name is the file name without .sql."""
    found = [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in resources.files("bot.storage.migrations").iterdir()
        if _MIGRATION_FILE.match(entry.name)
    ]
    return sorted(found)


# Releases before schema_migrations recorded only PRAGMA user_version, which cannot say what a database
# holds: files were added out of order, and those numbered below the version were skipped. Such a
# database is adopted by looking: a migration counts as applied when the table (and column) it created
# exists. Migrations from 0009 on are always recorded by name, so this list never grows.
_LEGACY_MARKERS: dict[str, tuple[str, str | None]] = {
    "0001_users": ("users", None),
    "0002_points": ("volunteer_entries", None),
    "0003_reports": ("reports", None),
    "0004_broadcast": ("outbox_batches", None),
    "0005_heat": ("heat_signals", None),
    "0006_processed_updates": ("processed_updates", None),
    "0007_privacy": ("erased_user_totals", None),
    "0008_rebuild_processed_updates": ("processed_updates", "update_key"),
}


class Database:
    """Owns the writer and the reader connection. Writes are serialised by one lock so that a transaction
    of one task never swallows a statement of another; reads run freely on the reader."""

    def __init__(self, path: Path) -> None:
        if str(path) == ":memory:":
            # Each connection to ":memory:" opens a database of its own: the reader would see nothing.
            raise ValueError("the database must be a file: the reader and the writer share it")
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._open_lock = asyncio.Lock()

    @property
    def is_open(self) -> bool:
        return self._reader is not None

    async def open(self) -> None:
        """Idempotent: the persistence may need the database before post_init runs."""
        async with self._open_lock:
            if self._reader is not None:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = await self._connect()
            try:
                await self._writer.execute("PRAGMA journal_mode = WAL")
                await self._migrate()
            except BaseException:
                await self.close()
                raise
            self._reader = await self._connect()
            # A write slipped into a read would bypass the write lock: refuse it.
            await self._reader.execute("PRAGMA query_only = ON")

    async def _connect(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return connection

    async def close(self) -> None:
        for connection in (self._reader, self._writer):
            if connection is not None:
                await connection.close()
        self._reader = self._writer = None

    @property
    def connection(self) -> aiosqlite.Connection:
        """The writer connection."""
        if self._writer is None:
            raise RuntimeError("the database is not open")
        return self._writer

    def _for_reading(self) -> aiosqlite.Connection:
        if self._writer is not None and _TRANSACTION_OF_TASK.get() is self._writer:
            return self._writer
        if self._reader is None:
            raise RuntimeError("the database is not open")
        return self._reader

    async def applied_migrations(self) -> list[str]:
        rows = await self.fetchall("SELECT name FROM schema_migrations ORDER BY name")
        return [row["name"] for row in rows]

    async def _migrate(self) -> None:
        """Apply every bundled migration not recorded in schema_migrations, in name order, each in
        its own transaction together with its record."""
        async with self.transaction() as connection:
            await self._create_migration_record(connection)
            applied = set(await self.applied_migrations())
        for name, sql in migrations():
            if name in applied:
                continue
            _LOGGER.info("applying migration %s", name)
            # executescript commits any open transaction first, so the script carries its own; the
            # record is written inside it, which makes a half-applied migration impossible.
            try:
                await self.connection.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\n"
                    f"INSERT INTO schema_migrations (name, applied_at) VALUES ('{name}', '{utc_now()}');\n"
                    "COMMIT;"
                )
            except Exception:
                if self.connection.in_transaction:
                    await self.connection.execute("ROLLBACK")
                raise

    @staticmethod
    async def _create_migration_record(connection: aiosqlite.Connection) -> None:
        """Create schema_migrations once; a database of the user_version era is adopted on the way."""
        async with connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ) as cursor:
            if await cursor.fetchone() is not None:
                return
        await connection.execute(
            "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        async with connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        if row is None or row[0] == 0:
            return
        for name, (table, column) in _LEGACY_MARKERS.items():
            async with connection.execute(f"PRAGMA table_info({table})") as cursor:
                columns = {column_row["name"] for column_row in await cursor.fetchall()}
            if columns and (column is None or column in columns):
                await connection.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, utc_now())
                )

    # Each await on aiosqlite is a trip to its thread and back; execute_fetchall makes a query one trip
    # where execute, fetch and close made three (the throughput bench counts them).
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._for_reading().execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._for_reading().execute_fetchall(sql, params))

    async def fetchvalue(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def write(self, sql: str, params: Params = ()) -> int:
        """One statement, atomic on its own (autocommit); returns the number of rows changed.

        It still takes the write lock, so that it never runs inside another task's open transaction.
        """
        async with self._write_lock:
            cursor = await self.connection.execute(sql, params)
            return cursor.rowcount

    async def write_returning(self, sql: str, params: Params = ()) -> Row | None:
        """One statement with RETURNING (SQLite 3.35+, PostgreSQL): a write and its read in one trip."""
        async with self._write_lock:
            rows = await self.connection.execute_fetchall(sql, params)
            return next(iter(rows), None)

    async def write_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as connection:
            await connection.executemany(sql, rows)

    @asynccontextmanager
    async def transaction(self, *, immediate: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE takes the write lock at once, so a balance checked inside the
        transaction cannot change before it commits. Reads through this Database within the block
        (in this task) see the transaction's own writes."""
        async with self._write_lock:
            connection = self.connection
            await connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            inside = _TRANSACTION_OF_TASK.set(connection)
            try:
                yield connection
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            else:
                await connection.execute("COMMIT")
            finally:
                _TRANSACTION_OF_TASK.reset(inside)


def backup_database(source: Path, target: Path) -> int:
    """Copy a live database with SQLite's online backup API (consistent while the bot writes).

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
