"""Storage writes per second with 8 concurrent writers: volunteer hours and observer reports,
against the floor of one plain INSERT through the same connection in the same run.

All writes share one aiosqlite connection and its write lock, as in the bot; the ratio says what the
rules, the numbering and the transactions of a real use case cost over the cheapest possible write.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import emit, print_table
from bot.reports import NewReport
from bot.storage import Storage
from bot.storage.volunteer import NewEntry
from bot.volunteer import Interval

WRITERS = 8
WRITES_PER_WRITER = 250
HANGZHOU = ZoneInfo("Asia/Shanghai")


async def _concurrently(write: Callable[[int, int], Awaitable[object]]) -> float:
    async def writer(number: int) -> None:
        for index in range(WRITES_PER_WRITER):
            await write(number, index)

    started = time.perf_counter()
    await asyncio.gather(*(writer(number) for number in range(WRITERS)))
    return WRITERS * WRITES_PER_WRITER / (time.perf_counter() - started)


async def _measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = Storage(Path(folder) / "bench.db")
        await store.open()
        try:
            for number in range(WRITERS):
                for index in range(WRITES_PER_WRITER):
                    await store.users.seen(_user(number, index), "骑手", None, "zh")
            await store.db.connection.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, value TEXT)")
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
    rates = asyncio.run(_measure())
    floor = rates["floor"]
    rows = [(name, rate, floor / rate) for name, rate in rates.items()]
    print_table(
        f"Storage writes per second, {WRITERS} concurrent writers", ["write", "per_s", "cost_vs_floor"], rows
    )
    emit(
        "storage_writes",
        writers=WRITERS,
        floor_per_s=floor,
        hours_per_s=rates["hours"],
        reports_per_s=rates["reports"],
        hours_cost=floor / rates["hours"],
        reports_cost=floor / rates["reports"],
    )
