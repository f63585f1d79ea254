"""The volunteer-hours actions on both backends: what they change, what they answer, and whom they tell."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.points import Activity, load_activities
from bot.services import volunteer as service
from bot.services.volunteer import CheckinResult, CheckoutResult
from bot.stations import StationCatalogue, load_stations
from bot.storage import Storage
from bot.users import Actor, Role
from bot.volunteer import MIN_MINUTES, checkin_payload, interval_for
from tests.conftest import REPO_ROOT

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 2, 18, 0, tzinfo=ZONE)
COURIER, ADMIN = 101, 900
TRANSLATOR = Translator("zh")
ADMIN_ACTOR = Actor(ADMIN, frozenset({Role.COURIER, Role.ADMIN}), frozenset())


@pytest.fixture(autouse=True)
async def courier(store: Storage) -> None:
    await store.users.seen(COURIER, "小哥", None, "en")


@pytest.fixture(scope="module")
def activity() -> Activity:
    return next(iter(load_activities()))


@pytest.fixture(scope="module")
def stations() -> StationCatalogue:
    return load_stations(REPO_ROOT / "data" / "stations.yaml")


async def _submit(
    store: Storage, activity: Activity, start: time, form_id: str = "f1", station_id: str | None = None
) -> service.Filed:
    return await service.submit_hours(
        store,
        user_id=COURIER,
        form_id=form_id,
        activity=activity,
        description=None,
        interval=interval_for(NOW.date(), start, 120, ZONE),
        station_id=station_id,
        place=None if station_id else "西湖边",
        photo_file_id=None,
        now=NOW,
        zone=ZONE,
    )


async def test_a_form_submitted_twice_stores_one_entry(store: Storage, activity: Activity) -> None:
    first = await _submit(store, activity, time(9))
    again = await _submit(store, activity, time(9))
    assert first.created and first.entry is not None and first.broken_rule is None
    assert not again.created and again.entry == first.entry
    assert await store.volunteer.pending_count() == 1


async def test_hours_that_break_a_rule_store_nothing_and_say_which(
    store: Storage, activity: Activity
) -> None:
    await _submit(store, activity, time(9))
    overlapping = interval_for(NOW.date(), time(10), 120, ZONE)
    early = await service.rule_broken_by(store, user_id=COURIER, interval=overlapping, now=NOW, zone=ZONE)
    filed = await _submit(store, activity, time(10), form_id="f2")
    assert early == filed.broken_rule == "overlap"
    assert filed.entry is None and not filed.created
    assert await store.volunteer.pending_count() == 1


async def test_approving_twice_credits_once_and_tells_once(store: Storage, activity: Activity) -> None:
    await store.points.adjust(COURIER, 5, "welcome", ADMIN, "welcome", NOW)
    entry = (await _submit(store, activity, time(9))).entry
    assert entry is not None
    first = await service.approve(store, TRANSLATOR, entry_id=entry.id, actor=ADMIN_ACTOR, now=NOW)
    again = await service.approve(store, TRANSLATOR, entry_id=entry.id, actor=ADMIN_ACTOR, now=NOW)
    balance = 5 + entry.points
    assert first.changed and first.entry is not None and first.entry.status == "approved"
    assert [notice.user_id for notice in first.notices] == [COURIER]
    assert f"+{entry.points} points; you now have <b>{balance}</b>" in first.notices[0].compose("en")
    assert not again.changed and again.notices == () and again.entry == first.entry
    assert await store.points.balance(COURIER) == balance


async def test_rejecting_a_decided_entry_changes_nothing_and_tells_nobody(
    store: Storage, activity: Activity
) -> None:
    entry = (await _submit(store, activity, time(9))).entry
    assert entry is not None
    await service.approve(store, TRANSLATOR, entry_id=entry.id, actor=ADMIN_ACTOR, now=NOW)
    late = await service.reject(
        store, TRANSLATOR, entry_id=entry.id, actor=ADMIN_ACTOR, reason="too late", now=NOW
    )
    assert not late.changed and late.notices == ()
    assert late.entry is not None and late.entry.status == "approved" and late.entry.reject_reason is None
    assert await store.points.balance(COURIER) == entry.points
    assert not (await service.entry_to_decide(store, entry.id, ADMIN_ACTOR)).pending


async def test_a_rejection_keeps_its_reason_and_tells_the_courier_why(
    store: Storage, activity: Activity
) -> None:
    entry = (await _submit(store, activity, time(9))).entry
    assert entry is not None
    assert (await service.entry_to_decide(store, entry.id, ADMIN_ACTOR)).pending
    reason = "  " + "不是志愿服务" * 50
    rejected = await service.reject(
        store, TRANSLATOR, entry_id=entry.id, actor=ADMIN_ACTOR, reason=reason, now=NOW
    )
    assert rejected.changed and rejected.entry is not None
    kept = reason.strip()[: service.MAX_REASON]
    assert rejected.entry.status == "rejected" and rejected.entry.reject_reason == kept
    assert [notice.user_id for notice in rejected.notices] == [COURIER]
    assert f"Reason: {kept}" in rejected.notices[0].compose("en")
    assert await store.points.balance(COURIER) == 0


async def test_an_unknown_entry_is_neither_decided_nor_told(store: Storage) -> None:
    approved = await service.approve(store, TRANSLATOR, entry_id=404, actor=ADMIN_ACTOR, now=NOW)
    rejected = await service.reject(store, TRANSLATOR, entry_id=404, actor=ADMIN_ACTOR, reason="x", now=NOW)
    target = await service.entry_to_decide(store, 404, ADMIN_ACTOR)
    assert approved == rejected == service.Decided(None, changed=False)
    assert target.entry is None and not target.pending


# --- station check-in -----------------------------------------------------------------------------------


async def _check_in(
    store: Storage, stations: StationCatalogue, at: datetime, code_day: int = 0
) -> service.CheckedIn:
    station = next(iter(stations))
    secret = await store.volunteer.checkin_secret()
    payload = checkin_payload(secret, station.id, at.date() - timedelta(days=code_day))
    return await service.check_in(store, stations, user_id=COURIER, payload=payload, now=at, zone=ZONE)


async def _check_out(store: Storage, activity: Activity, at: datetime) -> service.CheckedOut:
    return await service.check_out(store, activity, user_id=COURIER, now=at, zone=ZONE)


async def test_only_todays_code_of_a_known_station_checks_in(
    store: Storage, stations: StationCatalogue
) -> None:
    started = await _check_in(store, stations, NOW)
    again = await _check_in(store, stations, NOW + timedelta(minutes=5))
    yesterdays = await _check_in(store, stations, NOW, code_day=1)
    unknown = await service.check_in(
        store, stations, user_id=COURIER, payload="checkin_nowhere_ABCDEFGH", now=NOW, zone=ZONE
    )
    assert started.result == CheckinResult.STARTED and started.session is not None
    assert again.result == CheckinResult.ALREADY and again.session == started.session
    assert yesterdays == unknown == service.CheckedIn(CheckinResult.INVALID)


async def test_a_check_out_shorter_than_the_minimum_records_nothing(
    store: Storage, stations: StationCatalogue, activity: Activity
) -> None:
    start = NOW - timedelta(hours=3)
    await _check_in(store, stations, start)
    short = await _check_out(store, activity, start + timedelta(minutes=MIN_MINUTES - 1))
    assert short.result == CheckoutResult.TOO_SHORT and short.elapsed_minutes == MIN_MINUTES - 1
    assert short.filed is None and await store.volunteer.pending_count() == 0
    assert await store.volunteer.checkin_session(COURIER) is not None  # still checked in


async def test_a_check_out_files_the_hours_with_the_station_once(
    store: Storage, stations: StationCatalogue, activity: Activity
) -> None:
    start = NOW - timedelta(hours=3)
    checked_in = await _check_in(store, stations, start)
    ended = await _check_out(store, activity, start + timedelta(minutes=95))
    assert ended.result == CheckoutResult.ENDED and ended.filed is not None
    entry = ended.filed.entry
    assert ended.filed.created and entry is not None
    assert checked_in.session is not None and entry.station_id == checked_in.session.station_id
    assert (entry.minutes, entry.source, entry.activity) == (90, "checkin", activity.id)
    again = await _check_out(store, activity, start + timedelta(minutes=100))
    assert again == service.CheckedOut(CheckoutResult.NOT_CHECKED_IN)
    assert await store.volunteer.pending_count() == 1


async def test_a_forgotten_or_overlapping_session_ends_with_nothing_filed(
    store: Storage, stations: StationCatalogue, activity: Activity
) -> None:
    start = NOW - timedelta(hours=13)
    await _check_in(store, stations, start)
    forgotten = await _check_out(store, activity, NOW)
    assert forgotten.result == CheckoutResult.TOO_LONG and forgotten.filed is None
    assert await store.volunteer.checkin_session(COURIER) is None

    await _submit(store, activity, time(14))
    await _check_in(store, stations, NOW - timedelta(hours=3))
    overlapping = await _check_out(store, activity, NOW - timedelta(hours=1))
    assert overlapping.result == CheckoutResult.ENDED and overlapping.filed is not None
    assert overlapping.filed.entry is None and overlapping.filed.broken_rule == "overlap"
    assert await store.volunteer.checkin_session(COURIER) is None
    assert await store.volunteer.pending_count() == 1


async def test_staff_see_and_decide_only_the_hours_served_at_their_stations(
    store: Storage, activity: Activity
) -> None:
    at_home = (await _submit(store, activity, time(9), "f1", "sijiqing-djzx")).entry
    elsewhere = (await _submit(store, activity, time(12), "f2", "wulin-square")).entry
    unplaced = (await _submit(store, activity, time(15), "f3")).entry
    assert at_home and elsewhere and unplaced
    staff = Actor(555, frozenset({Role.COURIER, Role.STAFF}), frozenset({"sijiqing-djzx"}))
    page = await service.pending_for(store, staff, 0, 5)
    assert [entry.id for entry in page.entries] == [at_home.id] and (page.total, page.page.count) == (1, 1)
    everything = await service.pending_for(store, ADMIN_ACTOR, 7, 2)
    assert (everything.total, everything.page.number, everything.page.count) == (3, 1, 2)
    for entry in (elsewhere, unplaced):
        refused = await service.approve(store, TRANSLATOR, entry_id=entry.id, actor=staff, now=NOW)
        assert refused == service.Decided(None, changed=False, refused=True)
        rejected = await service.reject(
            store, TRANSLATOR, entry_id=entry.id, actor=staff, reason="x", now=NOW
        )
        assert rejected.refused and (await service.entry_to_decide(store, entry.id, staff)).refused
        assert (await store.volunteer.get(entry.id)).status == "pending"  # type: ignore[union-attr]
    approved = await service.approve(store, TRANSLATOR, entry_id=at_home.id, actor=staff, now=NOW)
    assert approved.changed and approved.entry is not None and approved.entry.decided_by == 555
    assert (await service.pending_for(store, staff, 0, 5)).entries == []
