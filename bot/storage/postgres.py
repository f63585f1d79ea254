"""The PostgreSQL backend: a pool of asyncpg connections shared by every task.

Repositories keep their `?` placeholders and their ISO-8601 time text: statements are rewritten to
`$1, $2, ...` once each (cached), and timestamptz and date values cross the driver as text, so the same
repository code reads and writes both backends. Transactions run side by side on their own connections
(READ COMMITTED); where SQLite relied on BEGIN IMMEDIATE to keep a checked balance or stock from changing,
the repository takes `Transaction.lock`, a transaction-scoped advisory lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import asyncpg

from bot.storage.database import TRANSACTION_OF_TASK, Database, Dialect, Params, Row, Transaction, migrations

_LOGGER = logging.getLogger(__name__)
# pg_advisory_lock key held while migrating, so that workers starting together migrate one at a time.
_MIGRATION_LOCK = 0x7869616F6765  # "xiaoge"
POOL_MAX_SIZE = 10
# A lock held across processes is tried, not waited for: one connection holds every such lock of the
# process (a waiting pg_advisory_lock would stall it for all of them), and a busy name is rare (a chat's
# previous update still running on another worker), so retrying now and then costs little.
LOCK_RETRY_FIRST_S = 0.005
LOCK_RETRY_MAX_S = 0.1


@lru_cache(maxsize=2048)
def numbered_placeholders(sql: str) -> str:
    """`?` becomes `$1`, `$2`, ... in order, except inside string literals, quoted names and comments."""
    out: list[str] = []
    number = 0
    index = 0
    quote: str | None = None
    while index < len(sql):
        char = sql[index]
        if quote is not None:
            if char == quote:
                quote = None  # a doubled quote ('') closes and reopens: the same result
        elif char in "'\"":
            quote = char
        elif sql.startswith("--", index):
            end = sql.find("\n", index)
            end = len(sql) if end < 0 else end
            out.append(sql[index:end])
            index = end
            continue
        elif sql.startswith("/*", index):
            end = sql.find("*/", index + 2)
            end = len(sql) if end < 0 else end + 2
            out.append(sql[index:end])
            index = end
            continue
        elif char == "?":
            number += 1
            out.append(f"${number}")
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _arguments(params: Params) -> tuple[Any, ...]:
    if isinstance(params, dict):
        raise TypeError("named parameters are not portable: use ? placeholders")
    return tuple(params)


def _rowcount(status: str) -> int:
    """asyncpg answers a statement with its command tag: "INSERT 0 3", "UPDATE 2", "DELETE 0"."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else -1


def _encode_moment(value: str | datetime) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _decode_moment(text: str) -> str:
    """PostgreSQL's "2026-07-01 08:00:00+00" as the ISO text SQLite stores: "2026-07-01T08:00:00+00:00"."""
    return datetime.fromisoformat(text).astimezone(UTC).isoformat()


def _encode_day(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else value


async def _prepare_connection(connection: asyncpg.Connection) -> None:
    await connection.set_type_codec(
        "timestamptz", schema="pg_catalog", encoder=_encode_moment, decoder=_decode_moment, format="text"
    )
    await connection.set_type_codec(
        "date", schema="pg_catalog", encoder=_encode_day, decoder=str, format="text"
    )


class PostgresTransaction(Transaction):
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Params = ()) -> int:
        status = await self._connection.execute(numbered_placeholders(sql), *_arguments(params))
        return _rowcount(status)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        arguments = [_arguments(row) for row in rows]
        if arguments:
            await self._connection.executemany(numbered_placeholders(sql), arguments)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._connection.fetchrow(numbered_placeholders(sql), *_arguments(params))
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._connection.fetch(numbered_placeholders(sql), *_arguments(params)))

    async def lock(self, name: str) -> None:
        await self._connection.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", name)


class _SessionLocks:
    """Advisory locks of this process, all on one connection of their own: a session lock lives as long
    as its connection, which a pool would reset (asyncpg unlocks everything on release)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._connection: asyncpg.Connection | None = None
        self._turn = asyncio.Lock()  # an asyncpg connection runs one statement at a time

    async def _ask(self, sql: str, name: str) -> bool:
        async with self._turn:
            if self._connection is None or self._connection.is_closed():
                # The server freed the locks of a lost connection: their blocks run unprotected until
                # they end, which is why that is said in the log.
                if self._connection is not None:
                    _LOGGER.warning("the connection holding advisory locks was lost; reconnecting")
                self._connection = await asyncpg.connect(
                    self._url, server_settings={"application_name": "xiaoge-bot locks"}
                )
            return bool(await self._connection.fetchval(sql, name))

    @asynccontextmanager
    async def held(self, name: str) -> AsyncIterator[None]:
        wait = LOCK_RETRY_FIRST_S
        while not await self._ask("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", name):
            await asyncio.sleep(wait)
            wait = min(wait * 2, LOCK_RETRY_MAX_S)
        try:
            yield
        finally:
            await self._ask("SELECT pg_advisory_unlock(hashtextextended($1, 0))", name)

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()


class PostgresDatabase(Database):
    """A pool of connections; every read and single write takes one for its statement, a transaction
    keeps one until it ends."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, *, max_size: int = POOL_MAX_SIZE) -> None:
        self.url = url
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._open_lock = asyncio.Lock()
        self._session_locks = _SessionLocks(url)

    @property
    def is_open(self) -> bool:
        return self._pool is not None

    async def open(self) -> None:
        """Idempotent, like the SQLite backend's: the persistence may need the database first."""
        async with self._open_lock:
            if self._pool is not None:
                return
            pool = await asyncpg.create_pool(
                self.url,
                min_size=1,
                max_size=self._max_size,
                init=_prepare_connection,
                server_settings={"TimeZone": "UTC", "application_name": "xiaoge-bot"},
            )
            try:
                await self._migrate(pool)
            except BaseException:
                await pool.close()
                raise
            self._pool = pool

    async def close(self) -> None:
        await self._session_locks.close()
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the database is not open")
        return self._pool

    @staticmethod
    async def _migrate(pool: asyncpg.Pool) -> None:
        """Apply every bundled PostgreSQL migration not recorded in schema_migrations, each in one
        transaction with its record; an advisory lock keeps two workers from migrating at once."""
        async with pool.acquire() as connection:
            await connection.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
            try:
                await connection.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations"
                    " (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
                )
                applied = {
                    row["name"] for row in await connection.fetch("SELECT name FROM schema_migrations")
                }
                for name, sql in migrations("postgresql"):
                    if name in applied:
                        continue
                    _LOGGER.info("applying migration %s", name)
                    async with connection.transaction():
                        await connection.execute(sql)
                        await connection.execute(
                            "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())", name
                        )
            finally:
                await connection.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)

    def _inside(self) -> PostgresTransaction | None:
        transaction = self.current_transaction()
        assert transaction is None or isinstance(transaction, PostgresTransaction)
        return transaction

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        if (transaction := self._inside()) is not None:
            return await transaction.fetchone(sql, params)
        row: Row | None = await self.pool.fetchrow(numbered_placeholders(sql), *_arguments(params))
        return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        if (transaction := self._inside()) is not None:
            return await transaction.fetchall(sql, params)
        return list(await self.pool.fetch(numbered_placeholders(sql), *_arguments(params)))

    async def write(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self.pool.execute(numbered_placeholders(sql), *_arguments(params)))

    async def write_returning(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self.pool.fetchrow(numbered_placeholders(sql), *_arguments(params))
        return row

    def held_across_processes(self, name: str) -> AbstractAsyncContextManager[None]:
        return self._session_locks.held(name)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self.pool.acquire() as connection, connection.transaction():
            transaction = PostgresTransaction(connection)
            inside = TRANSACTION_OF_TASK.set((self, transaction))
            try:
                yield transaction
            finally:
                TRANSACTION_OF_TASK.reset(inside)
