"""Storage writes per second with 8 concurrent writers: volunteer hours and observer reports, against
the floor of one plain INSERT through the same store in the same run, on SQLite and on PostgreSQL.

On SQLite all writes share one connection and its write lock, as in the bot; on PostgreSQL they share a
pool and take the row locks of each use case. The ratio to the floor says what the rules, the numbering
and the transactions of a real use case cost over the cheapest possible write; `pg_vs_sqlite` compares
the two backends' use-case rates measured in the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from bench import emit, print_table
from bot.reports import NewReport
from bot.storage import Storage
from bot.storage.volunteer import NewEntry
from bot.volunteer import Interval

WRITERS = 8
WRITES_PER_WRITER = 250
HANGZHOU = ZoneInfo("Asia/Shanghai")
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


@contextlib.asynccontextmanager
async def _sqlite_file() -> AsyncIterator[Path | str]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "bench.db"


@contextlib.asynccontextmanager
async def _postgres_database() -> AsyncIterator[Path | str]:
    """A database of its own on the local server, dropped afterwards."""
    name = f"xiaoge_bench_{secrets.token_hex(4)}"
    server = await asyncpg.connect(f"{POSTGRES_SERVER}/postgres")
    try:
        await server.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await server.close()


async def _concurrently(write: Callable[[int, int], Awaitable[object]]) -> float:
    async def writer(number: int) -> None:
        for index in range(WRITES_PER_WRITER):
            await write(number, index)

    started = time.perf_counter()
    await asyncio.gather(*(writer(number) for number in range(WRITERS)))
    return WRITERS * WRITES_PER_WRITER / (time.perf_counter() - started)


async def _measure(
    backend: Callable[[], contextlib.AbstractAsyncContextManager[Path | str]],
) -> dict[str, float]:
    async with backend() as target:
        store = Storage(target)
        await store.open()
        try:
            for number in range(WRITERS):
                for index in range(WRITES_PER_WRITER):
                    await store.users.seen(_user(number, index), "骑手", None, "zh")
            await store.db.write("CREATE TABLE floor (value TEXT)")
            now = datetime.now(UTC)
            day = (now.astimezone(HANGZHOU) - timedelta(days=1)).date()
            start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANGZHOU).astimezone(UTC)

            async def floor(number: int, index: int) -> object:
                return await store.db.write("INSERT INTO floor (value) VALUES (?)", (f"{number}-{index}",))

            async def hours(number: int, index: int) -> object:
                entry = NewEntry(
                    user_id=_user(number, index),
                    activity="station_duty",
                    description=None,
                    interval=Interval(day, start, start + timedelta(hours=2)),
                    points_per_hour=10,
                    station_id="shangcheng-djzx",
                    place=None,
                    photo_file_id=None,
                    source="form",
                    submission_key=f"bench-{number}-{index}",
                )
                return await store.volunteer.submit(entry, now, HANGZHOU)

            async def report(number: int, index: int) -> object:
                draft = NewReport(
                    reporter_id=_user(number, index),
                    category="rest_charging",
                    description="驿站充电桩坏了,希望尽快修好。",
                    voice_file_id=None,
                    photo_file_ids=("photo-a", "photo-b"),
                    lat=30.25,
                    lon=120.17,
                    place=None,
                    anonymous=False,
                    urgent=False,
                )
                return await store.reports.file(draft, year=now.year, now=now)

            return {
                "floor": await _concurrently(floor),
                "hours": await _concurrently(hours),
                "reports": await _concurrently(report),
            }
        finally:
            await store.close()


def _user(number: int, index: int) -> int:
    return 900_000 + number * 10_000 + index


def run() -> None:
    sqlite = asyncio.run(_measure(_sqlite_file))
    postgres = asyncio.run(_measure(_postgres_database))
    rows = [
        (f"{backend} {name}", rate, rates["floor"] / rate)
        for backend, rates in (("sqlite", sqlite), ("postgresql", postgres))
        for name, rate in rates.items()
    ]
    print_table(
        f"Storage writes per second, {WRITERS} concurrent writers", ["write", "per_s", "cost_vs_floor"], rows
    )
    emit(
        "storage_writes",
        writers=WRITERS,
        floor_per_s=sqlite["floor"],
        hours_per_s=sqlite["hours"],
        reports_per_s=sqlite["reports"],
        hours_cost=sqlite["floor"] / sqlite["hours"],
        reports_cost=sqlite["floor"] / sqlite["reports"],
    )
    emit(
        "pg_vs_sqlite",
        sqlite_hours_per_s=sqlite["hours"],
        pg_hours_per_s=postgres["hours"],
        sqlite_reports_per_s=sqlite["reports"],
        pg_reports_per_s=postgres["reports"],
        hours_ratio=postgres["hours"] / sqlite["hours"],
        reports_ratio=postgres["reports"] / sqlite["reports"],
        pg_hours_cost=postgres["floor"] / postgres["hours"],
    )
