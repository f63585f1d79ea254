"""Moving a SQLite deployment into PostgreSQL (`python -m bot migrate-data`): every table, in the order
its foreign keys need, with the counts compared at the end. Everything is copied in one PostgreSQL
transaction, so a failure leaves the target as empty as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase

PAGE_ROWS = 5000


class TransferError(Exception):
    """The target cannot take the data (not empty, or a column the source lacks)."""


class CountMismatch(Exception):
    """A table's rows differ after the copy; the copy was rolled back."""

    def __init__(self, counts: list[TableCount]) -> None:
        super().__init__(", ".join(count.table for count in counts if not count.matches))
        self.counts = counts


@dataclass(frozen=True, slots=True)
class TableCount:
    table: str
    sqlite: int
    postgresql: int

    @property
    def matches(self) -> bool:
        return self.sqlite == self.postgresql


def _moment(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _number(kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else kind(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "timestamp with time zone": _moment,
    "date": _day,
    "bigint": _number(int),
    "integer": _number(int),
    "double precision": _number(float),
    "text": _number(str),
}


async def _tables_in_dependency_order(connection: asyncpg.Connection) -> list[str]:
    """Every table of the schema but schema_migrations, each after the tables it references."""
    tables = [
        row["tablename"]
        for row in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'schema_migrations' ORDER BY tablename"
        )
    ]
    references: dict[str, set[str]] = {table: set() for table in tables}
    for row in await connection.fetch(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent"
        " FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    ):
        if row["child"] != row["parent"]:
            references[row["child"]].add(row["parent"])
    ordered: list[str] = []
    while references:
        ready = sorted(table for table, parents in references.items() if parents <= set(ordered))
        if not ready:
            raise TransferError(f"foreign keys form a cycle among {sorted(references)}")
        ordered.extend(ready)
        for table in ready:
            del references[table]
    return ordered


async def copy_sqlite_to_postgres(sqlite_path: Path, postgres_url: str) -> list[TableCount]:
    """Copy every table; returns the row counts of both sides per table, in copy order. Raises
    `CountMismatch` (and keeps nothing) when a count differs."""
    # Opening each side migrates it: the source to this release's schema, the target to the baseline.
    source, target = SqliteDatabase(sqlite_path), PostgresDatabase(postgres_url, max_size=1)
    await source.open()
    try:
        await target.open()
        await target.close()
    finally:
        await source.close()
    counts: list[TableCount] = []
    reader = await aiosqlite.connect(f"file:{sqlite_path}?mode=ro", uri=True, isolation_level=None)
    # One read transaction: in WAL mode every table is read as of one moment, even while the bot writes.
    await reader.execute("BEGIN")
    writer = await asyncpg.connect(postgres_url)  # the driver's own types: datetime, date, int, float
    try:
        async with writer.transaction():
            tables = await _tables_in_dependency_order(writer)
            for table in tables:
                if await writer.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
                    raise TransferError(f"the PostgreSQL table {table} is not empty")
            for table in tables:
                counts.append(await _copy_table(reader, writer, table))
                await _reset_identity(writer, table)
            if not all(count.matches for count in counts):
                raise CountMismatch(counts)  # rolls the whole copy back
    finally:
        await writer.close()
        await reader.close()
    return counts


async def _copy_table(reader: aiosqlite.Connection, writer: asyncpg.Connection, table: str) -> TableCount:
    columns = await writer.fetch(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        table,
    )
    names = [column["column_name"] for column in columns]
    async with reader.execute(f'PRAGMA table_info("{table}")') as cursor:
        present = {row[1] for row in await cursor.fetchall()}
    if missing := [name for name in names if name not in present]:
        raise TransferError(f"the SQLite table {table} lacks {', '.join(missing)}")
    converters = [_CONVERTERS.get(column["data_type"], lambda value: value) for column in columns]
    selected = ", ".join(f'"{name}"' for name in names)
    async with reader.execute(f'SELECT {selected} FROM "{table}"') as cursor:
        while page := await cursor.fetchmany(PAGE_ROWS):
            records = [
                tuple(convert(value) for convert, value in zip(converters, row, strict=True)) for row in page
            ]
            await writer.copy_records_to_table(table, records=records, columns=names)
    async with reader.execute(f'SELECT COUNT(*) FROM "{table}"') as cursor:
        row = await cursor.fetchone()
    copied = await writer.fetchval(f'SELECT COUNT(*) FROM "{table}"')
    return TableCount(table, int(row[0]) if row else 0, int(copied))


async def _reset_identity(writer: asyncpg.Connection, table: str) -> None:
    """Ids were copied as they were: the next generated id continues after the highest (the identity
    column is `id`, or another name such as wechat_identities.seq)."""
    found = await writer.fetchrow(
        "SELECT column_name, pg_get_serial_sequence($1, column_name) AS sequence"
        " FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
        table,
    )
    if found is not None and found["sequence"] is not None:
        column = found["column_name"]
        await writer.execute(
            f'SELECT setval($1, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)',
            found["sequence"],
        )
