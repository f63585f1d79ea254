"""/deleteme at the storage level: the person's identity goes, the anonymous facts stay. A gift handed
out stays handed out, the programme's totals stay true, and nobody's id is left in anyone's audit trail."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast import Audience, AudienceKind, Content
from bot.heat import HeatLevel
from bot.points import LocalizedText, OutOfStock, Reward
from bot.reports import Action, NewReport
from bot.storage import Storage
from bot.users import Role
from bot.volunteer import NewEntry, interval_for

START = datetime(2025, 6, 1, 4, 0, tzinfo=UTC)
COURIER_A, COURIER_B = 601, 602
ADMIN = 90417  # distinctive, so that a scan of the whole database cannot mistake another value for it
GIFT = Reward(
    id="fan",
    name=LocalizedText(zh="小风扇", en="Fan"),
    cost=30,
    stock=1,
    collect_at=LocalizedText(zh="驿站", en="Station"),
)


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Storage]:
    storage = Storage(database)
    await storage.open()
    for user_id, name in ((COURIER_A, "小周"), (COURIER_B, "小吴"), (ADMIN, "管理员")):
        await storage.users.seen(user_id, name, None, "zh")
    yield storage
    await storage.close()


async def _approved_hours(store: Storage, user_id: int, minutes: int) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    entry, _ = await store.volunteer.submit(
        NewEntry(
            user_id=user_id,
            activity="station_duty",
            description="在驿站帮忙",
            interval=interval_for(date(2025, 6, 1), time(9), minutes, zone),
            points_per_hour=10,
            station_id=None,
            place="驿站",
            photo_file_id=None,
            source="form",
            submission_key=f"form:{user_id}",
        ),
        START,
        zone,
    )
    await store.volunteer.approve(entry.id, ADMIN, START)


async def test_a_gift_handed_out_stays_handed_out_after_its_owner_is_erased(store: Storage) -> None:
    await store.points.adjust(COURIER_A, 50, "welcome", ADMIN, "adjust:a", START)
    await store.points.adjust(COURIER_B, 50, "welcome", ADMIN, "adjust:b", START)
    redeemed = await store.points.redeem(COURIER_A, GIFT, "redeem:a", START)
    assert (await store.points.collect(redeemed.redemption.code, ADMIN, START)).outcome == "collected"

    await store.privacy.erase(COURIER_A, "2025-06")

    with pytest.raises(OutOfStock):
        await store.points.redeem(COURIER_B, GIFT, "redeem:b", START)
    assert await store.points.issued() == {"fan": 1}
    assert await store.points.balance(COURIER_B) == 50


async def test_an_erased_persons_open_code_frees_the_stock_without_a_refund(store: Storage) -> None:
    await store.points.adjust(COURIER_A, 50, "welcome", ADMIN, "adjust:a", START)
    await store.points.adjust(COURIER_B, 50, "welcome", ADMIN, "adjust:b", START)
    await store.points.redeem(COURIER_A, GIFT, "redeem:a", START)

    summary = await store.privacy.erase(COURIER_A, "2025-06")

    assert summary.points_balance == 20  # what they gave up; the code's 30 points are not refunded
    assert await store.points.expire_due(datetime(2026, 1, 1, tzinfo=UTC)) == []  # nor later
    assert await store.points.issued() == {}
    assert (await store.points.redeem(COURIER_B, GIFT, "redeem:b", START)).created


async def test_the_ledger_keeps_every_entry_and_only_loses_names(store: Storage) -> None:
    await store.points.adjust(COURIER_A, 50, "welcome", ADMIN, "adjust:a", START)
    await store.points.redeem(COURIER_A, GIFT, "redeem:a", START)
    entries = await store.db.fetchvalue("SELECT COUNT(*) FROM points_ledger")

    await store.privacy.erase(COURIER_A, "2025-06")

    # One entry more: the erased balance lapses, so the points still outstanding stay true.
    assert await store.db.fetchvalue("SELECT COUNT(*) FROM points_ledger") == entries + 1
    assert await store.db.fetchvalue("SELECT SUM(amount) FROM points_ledger WHERE user_id IS NULL") == 0
    assert (await store.stats.volunteering()).points_outstanding == 0
    with pytest.raises(Exception, match="never deleted"):
        await store.db.write("DELETE FROM points_ledger")
    with pytest.raises(Exception, match="append-only"):
        await store.db.write("UPDATE points_ledger SET amount = 1000")
    with pytest.raises(Exception, match="append-only"):
        await store.db.write(f"UPDATE points_ledger SET user_id = {COURIER_B}")  # no one inherits entries
    with pytest.raises(Exception, match="never deleted"):
        await store.db.write("DELETE FROM redemptions")


async def test_the_programme_totals_survive_an_erasure(store: Storage) -> None:
    await _approved_hours(store, COURIER_A, 120)
    await _approved_hours(store, COURIER_B, 60)
    before = await store.stats.volunteering()

    await store.privacy.erase(COURIER_A, "2025-06")

    after = await store.stats.volunteering()
    assert (after.minutes_logged, after.minutes_approved) == (before.minutes_logged, before.minutes_approved)
    assert (after.minutes_approved, after.points_outstanding) == (180, 10)


async def test_an_erased_admin_leaves_no_id_in_anyone_s_records(store: Storage) -> None:
    await store.users.grant_role(COURIER_A, Role.OBSERVER, granted_by=ADMIN)
    await store.points.adjust(COURIER_A, 50, "welcome", ADMIN, f"adjust:{ADMIN}:17", START)
    redeemed = await store.points.redeem(COURIER_A, GIFT, "redeem:a", START)
    await store.points.collect(redeemed.redemption.code, ADMIN, START)
    await _approved_hours(store, COURIER_B, 60)
    await store.heat.declare_signal(HeatLevel.YELLOW, ADMIN)
    await store.heat.declare_signal(HeatLevel.ORANGE, ADMIN)  # ends the yellow one
    batch = await store.outbox.create_broadcast(
        created_by=ADMIN,
        content=Content(zh="注意防暑"),
        audience=Audience(AudienceKind.EVERYONE),
        fingerprint="f",
        scheduled_at=None,
    )
    await store.outbox.set_progress_message(batch, ADMIN, 5)
    report = await store.reports.file(
        NewReport(COURIER_B, "rest_charging", "充电桩坏了", None, (), None, None, None, False, False),
        year=2025,
        now=START,
    )
    await store.reports.change_status(report.id, Action.ACKNOWLEDGE, actor_id=ADMIN, now=START)

    await store.privacy.erase(ADMIN, "2025-06")

    leftovers = []
    tables = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if store.db.dialect == "sqlite"
        else "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    )
    for table in await store.db.fetchall(tables):
        for row in await store.db.fetchall(f"SELECT * FROM {table['name']}"):
            for column, value in zip(row.keys(), tuple(row), strict=True):
                if value == ADMIN or (isinstance(value, str) and re.search(rf"\b{ADMIN}\b", value)):
                    leftovers.append(f"{table['name']}.{column}")
    assert leftovers == []
    # The facts the admin decided stay: the role, the points, the gift, the signal, the broadcast.
    assert await store.users.roles(COURIER_A) == frozenset({Role.OBSERVER})
    assert await store.points.balance(COURIER_A) == 20
    assert await store.points.issued() == {"fan": 1}
    signal = await store.heat.current_signal()
    assert signal is not None and signal.level is HeatLevel.ORANGE and signal.declared_by is None
    assert await store.outbox.get(batch) is not None
