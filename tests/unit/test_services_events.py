"""Events on SQLite and PostgreSQL: places and the waiting list, the attendance code, the hours attending
files through the volunteer rules, reminders, and what /mydata and /deleteme do with sign-ups. Also the
calendar file, read back with icalendar's own parser."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from bot.__main__ import main
from bot.config import Settings
from bot.events import Event, NewEvent, Reminder, calendar_file, event_payload, parse_event_payload
from bot.i18n import Translator
from bot.points import Activity, LocalizedText
from bot.services import events as service
from bot.services.events import AttendanceResult, SignupResult
from bot.stations import load_stations
from bot.storage import Storage
from bot.users import Actor, Role
from bot.volunteer import NewEntry, interval_for
from bot.web.app import create_app
from bot.web.links import event_calendar_url
from tests.conftest import REPO_ROOT

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
STARTS = datetime(2025, 6, 14, 6, 0, tzinfo=UTC)  # Saturday 14:00 in Hangzhou
ORGANISER, FIRST, SECOND, THIRD = 90417, 601, 602, 603
STATIONS = load_stations(REPO_ROOT / "data" / "stations.yaml")
STATION = STATIONS.by_id["shangcheng-djzx"]
TRANSLATOR = Translator("zh")
ORGANISING_ADMIN = Actor(ORGANISER, frozenset({Role.COURIER, Role.ADMIN}), frozenset())
OTHER_STATION = "sijiqing-djzx"
DUTY = Activity(id="station_duty", emoji="🏠", name=LocalizedText(zh="驿站值守", en="Station duty"))


def new_event(capacity: int = 2, key: str = "k") -> NewEvent:
    return NewEvent(
        title_zh="清凉游园会",
        title_en=None,
        station_id=STATION.id,
        place=None,
        starts_at=STARTS,
        minutes=120,
        capacity=capacity,
        credited_minutes=90,
        created_by=ORGANISER,
        creation_key=key,
    )


@pytest.fixture
async def event(store: Storage) -> Event:
    for user_id in (ORGANISER, FIRST, SECOND, THIRD):
        await store.users.seen(user_id, "小哥", None, "zh")
    created = await service.create(store, new_event(), actor=ORGANISING_ADMIN, now=NOW)
    assert created.event is not None
    return created.event


async def sign_up(store: Storage, event: Event, user_id: int) -> service.SignedUp:
    return await service.sign_up(store, event_id=event.id, user_id=user_id, now=NOW)


async def test_creating_twice_from_one_form_stores_one_event(store: Storage, event: Event) -> None:
    again = await service.create(store, new_event(), actor=ORGANISING_ADMIN, now=NOW)
    assert again.event == event and not again.created
    late = await service.create(store, new_event(key="late"), actor=ORGANISING_ADMIN, now=STARTS)
    assert late.event is None and late.refusal == "past"


async def test_staff_announce_and_run_events_at_their_own_stations_only(store: Storage, event: Event) -> None:
    """`event` is at shangcheng-djzx; staff of another station can neither announce one there nor see who
    is coming, whatever their buttons say. Its own staff can."""
    elsewhere = Actor(SECOND, frozenset({Role.COURIER, Role.STAFF}), frozenset({OTHER_STATION}))
    here = Actor(THIRD, frozenset({Role.COURIER, Role.STAFF}), frozenset({STATION.id}))
    refused = await service.create(store, new_event(key="staff"), actor=elsewhere, now=NOW)
    assert refused.event is None and refused.refusal == "out-of-scope"
    typed_place = replace(new_event(key="typed"), station_id=None, place="西湖边")
    assert (await service.create(store, typed_place, actor=here, now=NOW)).refusal == "out-of-scope"
    assert (await service.create(store, typed_place, actor=ORGANISING_ADMIN, now=NOW)).created
    at_their_station = replace(new_event(key="other"), station_id=OTHER_STATION)
    assert (await service.create(store, at_their_station, actor=elsewhere, now=NOW)).created

    await sign_up(store, event, FIRST)
    assert await service.roster(store, event_id=event.id, actor=elsewhere) == service.Roster(
        None, refused=True
    )
    shown = await service.roster(store, event_id=event.id, actor=here)
    assert not shown.refused and [signup.user_id for signup in shown.going] == [FIRST]


async def test_places_then_the_waiting_list_then_promotion(store: Storage, event: Event) -> None:
    assert (await sign_up(store, event, FIRST)).result is SignupResult.GOING
    assert not (await sign_up(store, event, FIRST)).changed  # a double tap counts once
    assert (await sign_up(store, event, SECOND)).result is SignupResult.GOING
    waiting = await sign_up(store, event, THIRD)
    assert (waiting.result, waiting.position) == (SignupResult.WAITING, 1)
    assert waiting.event is not None and (waiting.event.going, waiting.event.waiting) == (2, 1)

    cancelled = await service.cancel(
        store, TRANSLATOR, STATIONS, event_id=event.id, user_id=FIRST, now=NOW, zone=SHANGHAI
    )
    assert cancelled.cancelled
    assert [notice.user_id for notice in cancelled.notices] == [THIRD]
    assert "候补转为正式报名" in cancelled.notices[0].compose("zh")
    assert await store.events.going(event.id) == [SECOND, THIRD]
    again = await service.cancel(
        store, TRANSLATOR, STATIONS, event_id=event.id, user_id=FIRST, now=NOW, zone=SHANGHAI
    )
    assert not again.cancelled and again.notices == ()


async def test_signing_up_again_after_cancelling_joins_the_end_of_the_line(
    store: Storage, event: Event
) -> None:
    for user_id in (FIRST, SECOND, THIRD):
        await sign_up(store, event, user_id)
    await service.cancel(
        store, TRANSLATOR, STATIONS, event_id=event.id, user_id=SECOND, now=NOW, zone=SHANGHAI
    )
    back = await sign_up(store, event, SECOND)
    assert (back.result, back.position) == (SignupResult.WAITING, 1)


async def test_nobody_signs_up_once_it_has_begun(store: Storage, event: Event) -> None:
    started = await service.sign_up(store, event_id=event.id, user_id=FIRST, now=STARTS)
    assert started.result is SignupResult.STARTED
    assert await store.events.signup(event.id, FIRST) is None


async def test_reminders_go_to_the_people_going_while_they_are_news(store: Storage, event: Event) -> None:
    for user_id in (FIRST, SECOND, THIRD):
        await sign_up(store, event, user_id)

    async def reminded(reminder: Reminder, now: datetime) -> list[int]:
        notices = await service.reminders(
            store, TRANSLATOR, STATIONS, event_id=event.id, reminder=reminder, now=now, zone=SHANGHAI
        )
        assert len({notice.purpose for notice in notices}) <= 1
        return [notice.user_id for notice in notices]

    assert await reminded(Reminder.DAY_BEFORE, STARTS - timedelta(days=1)) == [FIRST, SECOND]
    assert await reminded(Reminder.DAY_BEFORE, STARTS - timedelta(minutes=50)) == []  # no longer news
    assert await reminded(Reminder.HOUR_BEFORE, STARTS - timedelta(minutes=50)) == [FIRST, SECOND]
    assert await reminded(Reminder.HOUR_BEFORE, STARTS) == []


async def test_the_qr_code_checks_in_and_the_end_files_approved_hours_once(
    store: Storage, event: Event
) -> None:
    await sign_up(store, event, FIRST)
    payload = event_payload(await store.volunteer.checkin_secret(), event.id)

    async def scan(user_id: int, now: datetime, code: str = payload) -> AttendanceResult:
        return (await service.check_in(store, user_id=user_id, payload=code, now=now)).result

    assert await scan(FIRST, NOW) is AttendanceResult.NOT_OPEN
    assert await scan(FIRST, STARTS, f"event_{event.id}_AAAAAAAA") is AttendanceResult.INVALID
    assert await scan(FIRST, STARTS) is AttendanceResult.CHECKED_IN
    assert await scan(FIRST, STARTS) is AttendanceResult.ALREADY
    assert await scan(SECOND, STARTS) is AttendanceResult.CHECKED_IN  # a free place: a walk-in
    assert await scan(THIRD, STARTS) is AttendanceResult.FULL

    async def credit(now: datetime) -> list[str]:
        notices = await service.credit_attendance(
            store, TRANSLATOR, STATIONS, DUTY, event_id=event.id, now=now, zone=SHANGHAI
        )
        return [notice.compose("zh") for notice in notices]

    assert await credit(STARTS) == []  # not over yet
    texts = await credit(event.ends_at)
    assert len(texts) == 2 and "已记 1.5 小时志愿时长，+15 暖新积分" in texts[0]
    assert await credit(event.ends_at) == []  # once
    assert await store.points.balance(FIRST) == 15
    entry = await store.volunteer.get(1)
    assert entry is not None and (entry.source, entry.status, entry.decided_by) == (
        "event",
        "approved",
        ORGANISER,
    )


async def test_attending_obeys_the_volunteer_rules(store: Storage, event: Event) -> None:
    """Hours already logged for the same time are not filed twice: the overlap rule holds."""
    await sign_up(store, event, FIRST)
    start = STARTS.astimezone(SHANGHAI)
    await store.volunteer.submit(
        NewEntry(
            user_id=FIRST,
            activity="station_duty",
            description=None,
            interval=interval_for(start.date(), start.time(), 60, SHANGHAI),
            points_per_hour=10,
            station_id=None,
            place="驿站",
            photo_file_id=None,
            source="form",
            submission_key="form:overlap",
        ),
        event.ends_at,
        SHANGHAI,
    )
    payload = event_payload(await store.volunteer.checkin_secret(), event.id)
    await service.check_in(store, user_id=FIRST, payload=payload, now=STARTS)
    notices = await service.credit_attendance(
        store, TRANSLATOR, STATIONS, DUTY, event_id=event.id, now=event.ends_at, zone=SHANGHAI
    )
    assert "没能记入" in notices[0].compose("zh") and "重叠" in notices[0].compose("zh")
    assert await store.points.balance(FIRST) == 0


async def test_mydata_lists_sign_ups_and_deleteme_erases_them(store: Storage, event: Event) -> None:
    await sign_up(store, event, FIRST)
    exported = await store.privacy.export(FIRST)
    assert [row["title_zh"] for row in exported["event_signups"]] == ["清凉游园会"]
    assert [row["title_zh"] for row in (await store.privacy.export(ORGANISER))["events_organised"]] == [
        "清凉游园会"
    ]
    await store.privacy.erase(FIRST, "2025-06")
    await store.privacy.erase(ORGANISER, "2025-06")
    assert await store.events.signup(event.id, FIRST) is None
    kept = await store.events.get(event.id)
    assert kept is not None and kept.created_by is None


def test_an_attendance_code_belongs_to_one_event() -> None:
    payload = event_payload("secret", 12)
    assert parse_event_payload(payload, "secret") == 12
    assert parse_event_payload(payload.replace("event_12_", "event_13_"), "secret") is None
    assert parse_event_payload(payload, "another secret") is None
    assert parse_event_payload("checkin_shangcheng-djzx_AAAAAAAA", "secret") is None


def test_the_calendar_file_has_the_local_time_and_the_station() -> None:
    shown = new_event().as_shown()
    data = calendar_file(shown, STATION, "en", SHANGHAI, NOW)
    (entry,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(entry["summary"]) == "清凉游园会"  # no English title: the Chinese one
    assert entry.decoded("dtstart") == STARTS.astimezone(SHANGHAI)
    assert str(entry.decoded("dtstart").tzinfo) == "Asia/Shanghai"
    assert entry.decoded("dtend") - entry.decoded("dtstart") == timedelta(hours=2)
    assert STATION.address.en in str(entry["location"])
    assert (entry["geo"].latitude, entry["geo"].longitude) == pytest.approx((STATION.lat, STATION.lon))


def test_qr_command_writes_the_events_attendance_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_DATABASE", str(tmp_path / "bot.db"))

    async def announce() -> tuple[int, str]:
        store = Storage(tmp_path / "bot.db")
        await store.open()
        try:
            created = await service.create(store, new_event(), actor=ORGANISING_ADMIN, now=NOW)
            assert created.event is not None
            return created.event.id, event_payload(await store.volunteer.checkin_secret(), created.event.id)
        finally:
            await store.close()

    event_id, payload = asyncio.run(announce())
    output = tmp_path / "event.png"
    assert main(["qr", "--event", str(event_id), "--bot", "@xiaoge_bot", "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"\x89PNG")
    assert capsys.readouterr().out.strip().endswith(f"https://t.me/xiaoge_bot?start={payload}")
    assert main(["qr", "--event", "99", "--bot", "x", "-o", str(output)]) == 2
    assert main(["qr", "shangcheng-djzx", "--event", "1", "--bot", "x"]) == 2
    assert capsys.readouterr().err.count("\n") == 2


async def test_the_web_app_serves_the_calendar_file_for_a_link(store: Storage, event: Event) -> None:
    settings = Settings(stations_file=REPO_ROOT / "data" / "stations.yaml")
    web_app = create_app(settings, STATIONS, TRANSLATOR, store=store)
    transport = httpx.ASGITransport(app=web_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://map.test") as http:
        found = await http.get(f"/api/events/{event.id}.ics?lang=en")
        missing = await http.get("/api/events/999.ics")
    assert found.status_code == 200 and found.headers["content-type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(found.content).walk("VEVENT")
    assert entry.decoded("dtstart") == STARTS and STATION.address.en in str(entry["location"])
    assert missing.status_code == 404


def test_the_calendar_link_needs_a_public_address() -> None:
    assert event_calendar_url(Settings(), 7, "en") is None
    link = event_calendar_url(Settings(public_url="https://bot.example/"), 7, "en")
    assert link == "https://bot.example/api/events/7.ics?lang=en"
