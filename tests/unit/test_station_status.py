"""The live status of a station: freshness, closures that end, changes that never confirm stale facts, and
the repository on both backends (today's check-ins, gift packs handed out)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.services import station as service
from bot.station_status import (
    Change,
    Charging,
    ClosedReason,
    StationStatus,
    change_fields,
    changed,
    closing_fields,
    closure_end,
    status_line,
)
from bot.stations import load_stations
from bot.storage import Storage
from bot.users import Actor, Role
from bot.volunteer import NewEntry, interval_for
from tests.conftest import REPO_ROOT

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 7, 15, 14, 5, tzinfo=ZONE)
VALID = timedelta(hours=12)
HOME = "sijiqing-djzx"
TRANSLATOR = Translator("zh")
STAFF = Actor(301, frozenset({Role.COURIER, Role.STAFF}), frozenset({HOME}))


def test_a_status_is_a_fact_for_its_validity_only() -> None:
    status = StationStatus(HOME, NOW, water=True)
    assert status.is_fresh(NOW + timedelta(hours=11, minutes=59), VALID)
    assert not status.is_fresh(NOW + VALID, VALID)
    line = status_line(TRANSLATOR, "zh", status, "四季青", NOW + timedelta(hours=1), VALID)
    assert line == "📢 💧 有水（更新于 14:05 · 四季青）"
    stale = status_line(TRANSLATOR, "zh", status, "四季青", NOW + VALID, VALID)
    assert "未知" in stale and "有水" not in stale
    assert "unknown" in status_line(TRANSLATOR, "en", None, "Sijiqing", NOW, VALID)


def test_a_closure_ends_at_its_time_and_today_means_the_end_of_the_day() -> None:
    until = closure_end(NOW, 1)
    closed = StationStatus(HOME, NOW, **closing_fields(ClosedReason.EVENT, until))
    assert closed.closed_at(NOW) and not closed.closed_at(until)
    assert closure_end(NOW, None) == datetime(2026, 7, 15, 23, 59, tzinfo=ZONE)
    line = status_line(TRANSLATOR, "zh", closed, "四季青", NOW, VALID)
    assert "暂停开放：活动中，预计 15:05 恢复" in line


def test_a_change_keeps_fresh_facts_and_drops_stale_ones() -> None:
    first = changed(None, HOME, NOW, VALID, **change_fields(Change.WATER_YES))
    later = changed(first, HOME, NOW + timedelta(hours=1), VALID, **change_fields(Change.CHARGING_FEW))
    assert (later.water, later.charging, later.updated_at) == (True, Charging.FEW, NOW + timedelta(hours=1))
    next_day = changed(later, HOME, NOW + timedelta(days=1), VALID, **change_fields(Change.CROWDED_NO))
    assert (next_day.water, next_day.charging, next_day.crowded) == (None, None, False)
    reopened = changed(
        changed(None, HOME, NOW, VALID, **closing_fields(ClosedReason.AWAY, closure_end(NOW, 3))),
        HOME,
        NOW,
        VALID,
        **change_fields(Change.OPEN),
    )
    assert (reopened.closed, reopened.closed_until) == (False, None)


async def test_statuses_are_stored_checked_in_scope_and_gift_packs_go_down(store: Storage) -> None:
    catalogue = load_stations(REPO_ROOT / "data" / "stations.yaml")
    refused = await service.set_status(
        store, catalogue, actor=STAFF, station_id="wulin-square", now=NOW, validity=VALID, water=True
    )
    assert refused.refused and await store.stations.status("wulin-square") is None
    until = closure_end(NOW, 1)
    await service.set_status(
        store,
        catalogue,
        actor=STAFF,
        station_id=HOME,
        now=NOW,
        validity=VALID,
        gift_packs=1,
        **closing_fields(ClosedReason.REPAIR, until),
    )
    stored = await store.stations.status(HOME)
    assert stored is not None and stored.closed_until == until and stored.closed_reason is ClosedReason.REPAIR
    assert stored.updated_at == NOW and stored.gift_packs == 1
    assert await store.stations.take_gift_pack(HOME) and not await store.stations.take_gift_pack(HOME)
    assert (await service.live_statuses(store))[HOME].gift_packs == 0


async def test_todays_check_ins_count_those_still_there_and_those_gone(store: Storage) -> None:
    for user_id, name in ((101, "小王"), (102, "小李"), (103, "小张")):
        await store.users.seen(user_id, name, None, "zh")
    morning = NOW.replace(hour=9)
    await store.volunteer.start_checkin(101, HOME, NOW - timedelta(minutes=30))
    await store.volunteer.start_checkin(103, HOME, NOW - timedelta(days=1))  # yesterday's
    await store.volunteer.submit(
        NewEntry(
            user_id=102,
            activity="station_duty",
            description=None,
            interval=interval_for(morning.date(), morning.time(), 120, ZONE),
            points_per_hour=10,
            station_id=HOME,
            place=None,
            photo_file_id=None,
            source="checkin",
            submission_key="checkin:102:x",
        ),
        NOW,
        ZONE,
    )
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id[HOME]
    day = await service.station_day(store, station, NOW.replace(hour=0, minute=0))
    assert [person.first_name for person in day.checked_in] == ["小李", "小王"]
