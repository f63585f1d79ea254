"""`python -m bot migrate-data`: a SQLite deployment moves into PostgreSQL with every row, and the bot
reads it back there."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.__main__ import main
from bot.broadcast import Audience, AudienceKind, Content
from bot.heat import HeatLevel
from bot.points import LocalizedText, Reward
from bot.reports import NewReport
from bot.storage import Storage, transfer
from bot.users import Role
from bot.volunteer import NewEntry, interval_for
from tests.conftest import REPO_ROOT

START = datetime(2025, 6, 1, 4, 0, tzinfo=UTC)
COURIER, OTHER, ADMIN = 601, 602, 90417
FAN = Reward(
    id="fan",
    name=LocalizedText(zh="小风扇", en="Fan"),
    cost=10,
    stock=5,
    collect_at=LocalizedText(zh="驿站", en="Station"),
)


async def _deployment(path: Path) -> None:
    """A little of everything, including an erased person (rows with NULL ids)."""
    store = Storage(path)
    await store.open()
    try:
        for user_id, name in ((COURIER, "小周"), (OTHER, "小吴"), (ADMIN, "管理员")):
            await store.users.seen(user_id, name, None, "zh")
        await store.users.grant_role(ADMIN, Role.ADMIN, None)
        await store.users.set_location(COURIER, 30.25, 120.17)
        zone = ZoneInfo("Asia/Shanghai")
        entry, _ = await store.volunteer.submit(
            NewEntry(
                COURIER,
                "station_duty",
                None,
                interval_for(date(2025, 6, 1), time(9), 120, zone),
                10,
                None,
                "驿站",
                None,
                "form",
                "form:1",
            ),
            START,
            zone,
        )
        await store.volunteer.approve(entry.id, ADMIN, START)
        await store.points.redeem(COURIER, FAN, "redeem:1", START)
        await store.points.adjust(OTHER, 15, "welcome", ADMIN, "adjust:1", START)
        await store.reports.file(
            NewReport(
                COURIER, "heat", "没有遮阳棚", None, ("photo-1", "photo-2"), 30.2, 120.1, None, False, True
            ),
            year=2025,
            now=START,
        )
        await store.outbox.create_broadcast(
            created_by=ADMIN,
            content=Content(zh="你好", en="Hello", photo=None),
            audience=Audience(AudienceKind.EVERYONE),
            fingerprint="f",
            scheduled_at=None,
        )
        await store.heat.declare_signal(HeatLevel.ORANGE, ADMIN)
        await store.state.save("user_data", str(COURIER), "{}")
        await store.updates.claim("1:digest")
        await store.privacy.erase(OTHER, "2025-06")
    finally:
        await store.close()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))


@pytest.mark.usefixtures("environment")
def test_every_row_moves_and_the_bot_reads_it_back(
    tmp_path: Path, empty_postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bot.db"
    asyncio.run(_deployment(source))

    assert main(["migrate-data", str(source), empty_postgres]) == 0

    lines = capsys.readouterr().out.splitlines()
    counts = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert counts["points_ledger"] == ["4", "4"] and counts["report_photos"] == ["2", "2"]
    assert all(sqlite == postgresql for sqlite, postgresql in counts.values())
    assert {"users", "erased_user_totals", "outbox_batches", "heat_signals", "bot_state"} <= set(counts)

    async def read_back() -> None:
        store = Storage(empty_postgres)
        await store.open()
        try:
            assert await store.points.balance(COURIER) == 10
            assert [redemption.reward_id for redemption in await store.points.open_redemptions(COURIER)] == [
                "fan"
            ]
            assert await store.users.roles(ADMIN) == frozenset({Role.ADMIN})
            assert await store.users.get(OTHER) is None  # erased before the move, still erased
            report = (await store.reports.by_reporter(COURIER, limit=5, offset=0))[0]
            assert report.photo_file_ids == ("photo-1", "photo-2") and report.created_at == START
            signal = await store.heat.current_signal()
            assert signal is not None and signal.level is HeatLevel.ORANGE
            courier = await store.users.get(COURIER)
            assert courier is not None and courier.last_location == (30.25, 120.17)
            # The sequences continue after the copied ids.
            entry, _ = await store.points.adjust(COURIER, 5, "bonus", ADMIN, "adjust:2", START)
            assert entry.id == 5 and entry.balance_after == 15
        finally:
            await store.close()

    asyncio.run(read_back())


@pytest.mark.usefixtures("environment")
def test_a_target_with_data_is_refused(
    tmp_path: Path, empty_postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bot.db"
    asyncio.run(_deployment(source))
    assert main(["migrate-data", str(source), empty_postgres]) == 0
    capsys.readouterr()

    assert main(["migrate-data", str(source), empty_postgres]) == 1

    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "not empty" in error[0]


@pytest.mark.usefixtures("environment")
def test_a_missing_source_or_a_url_that_is_not_postgresql_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["migrate-data", str(tmp_path / "none.db"), "postgresql://postgres@127.0.0.1/x"]) == 2
    assert main(["migrate-data", str(tmp_path / "none.db"), "mysql://127.0.0.1/x"]) == 2


@pytest.mark.usefixtures("environment")
def test_a_count_that_differs_fails_and_keeps_nothing(
    tmp_path: Path, empty_postgres: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bot.db"
    asyncio.run(_deployment(source))
    copy_table = transfer._copy_table

    async def one_row_short(*arguments: Any) -> transfer.TableCount:
        count = await copy_table(*arguments)
        return replace(count, postgresql=count.postgresql - 1) if count.table == "users" else count

    monkeypatch.setattr(transfer, "_copy_table", one_row_short)

    assert main(["migrate-data", str(source), empty_postgres]) == 1

    output = capsys.readouterr()
    assert "MISMATCH" in output.out and "users" in output.err
    monkeypatch.undo()
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))
    assert main(["migrate-data", str(source), empty_postgres]) == 0  # the target was left empty
