"""Broadcasts: the domain (audiences, duplicate rule, times, pacing, progress) and the outbox sender against a
real SQLite store with a scripted transport."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.broadcast import (
    MAX_NETWORK_ATTEMPTS,
    REGULARS_WINDOW,
    Attachment,
    Audience,
    AudienceKind,
    Batch,
    BatchStatus,
    Button,
    Candidate,
    Content,
    DeliveryCounts,
    OutgoingMessage,
    Pacer,
    PersonalMessage,
    RateMeter,
    bounding_box,
    fingerprint,
    format_duration,
    is_recent_duplicate,
    location_filter,
    network_backoff,
    parse_radius_km,
    parse_send_time,
    seconds_left,
)
from bot.geo import distance_m
from bot.outbox import AudienceSelector, OutboxSender, Progress, SendResult, SendResultKind
from bot.stations import StationCatalogue, load_stations
from bot.storage import Storage
from bot.users import Role
from tests.support.seeding import hours_at_station

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 7, 20, 10, 0, tzinfo=SHANGHAI)
STATIONS_YAML = """
datum: wgs84
stations:
  - id: west
    name: {zh: 西站, en: West}
    address: {zh: 西湖区, en: Xihu}
    district: 西湖区
    location: {lat: 30.25, lon: 120.10}
    hours: {daily: "00:00-24:00"}
    services: [water]
  - id: east
    name: {zh: 东站, en: East}
    address: {zh: 上城区, en: Shangcheng}
    district: 上城区
    location: {lat: 30.25, lon: 120.20}
    hours: {daily: "00:00-24:00"}
    services: [water]
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> StationCatalogue:
    path = tmp_path / "stations.yaml"
    path.write_text(STATIONS_YAML, encoding="utf-8")
    return load_stations(path)


# --- domain -----------------------------------------------------------------------------------------------


def test_each_recipient_reads_their_language_and_chinese_without_english() -> None:
    both = Content(zh="<b>清凉</b>", en="<b>Cool</b>")
    assert both.text_for("en") == "<b>Cool</b>" and both.text_for("zh") == "<b>清凉</b>"
    assert Content(zh="清凉").text_for("en") == "清凉"


def test_fingerprint_tells_content_and_audience_apart() -> None:
    content, everyone = Content(zh="大礼包"), Audience(AudienceKind.EVERYONE)
    assert fingerprint(content, everyone) == fingerprint(
        Content(zh="大礼包"), Audience(AudienceKind.EVERYONE)
    )
    assert fingerprint(content, everyone) != fingerprint(Content(zh="大礼包!"), everyone)
    assert fingerprint(content, everyone) != fingerprint(
        content, Audience(AudienceKind.LANGUAGE, language="en")
    )


def test_duplicate_window_is_ten_minutes() -> None:
    now = datetime(2025, 7, 20, 2, 0, tzinfo=UTC)
    assert is_recent_duplicate(now - timedelta(minutes=9, seconds=59), now)
    assert not is_recent_duplicate(now - timedelta(minutes=10), now)
    assert not is_recent_duplicate(None, now)


def test_audience_round_trips_through_json() -> None:
    audience = Audience(AudienceKind.NEAR_STATION, station_id="west", radius_km=2.5)
    assert Audience.from_json(audience.to_json()) == audience


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-20 14:30", datetime(2025, 7, 20, 14, 30, tzinfo=SHANGHAI)),
        ("07-21 08:05", datetime(2025, 7, 21, 8, 5, tzinfo=SHANGHAI)),
        ("14:30", datetime(2025, 7, 20, 14, 30, tzinfo=SHANGHAI)),
        ("9:00", datetime(2025, 7, 21, 9, 0, tzinfo=SHANGHAI)),  # passed today: tomorrow
        ("14：30", datetime(2025, 7, 20, 14, 30, tzinfo=SHANGHAI)),  # full-width colon
    ],
)
def test_send_times_are_read_in_local_time(text: str, expected: datetime) -> None:
    assert parse_send_time(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["2025-07-19 14:30", "2025-09-30 10:00", "25:00", "2025-02-30 10:00", "soon"]
)
def test_past_far_or_broken_times_are_refused(text: str) -> None:
    assert parse_send_time(text, NOW) is None


@pytest.mark.parametrize(
    ("text", "km"), [("3", 3.0), ("2.5km", 2.5), ("3 公里", 3.0), ("0", None), ("99", None)]
)
def test_radius(text: str, km: float | None) -> None:
    assert parse_radius_km(text) == km


def test_pacer_spaces_starts_at_the_rate() -> None:
    pacer = Pacer(rate=10)
    delays = [pacer.reserve(now=0.0) for _ in range(5)]
    assert delays == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])


def test_pacer_catches_up_small_lateness_but_never_bursts_after_idling() -> None:
    pacer = Pacer(rate=10, max_lag_s=0.25)
    assert pacer.reserve(0.0) == 0.0
    assert pacer.reserve(0.3) == 0.0  # 200 ms late: the schedule is kept (slot 0.1) ...
    assert pacer.reserve(0.3) == 0.0  # ... and caught up (slot 0.2)
    assert pacer.reserve(0.3) == pytest.approx(0.0)  # slot 0.3
    assert pacer.reserve(0.3) == pytest.approx(0.1)  # back on the rate
    assert pacer.reserve(10.0) == 0.0  # idle for long: restart from now
    assert pacer.reserve(10.0) == pytest.approx(0.1)


def test_pacer_holds_every_start_for_retry_after() -> None:
    pacer = Pacer(rate=10)
    pacer.reserve(0.0)
    pacer.hold_until(5.0)
    assert pacer.reserve(0.1) == pytest.approx(4.9)
    assert pacer.reserve(0.1) == pytest.approx(5.0)


def test_backoff_doubles_and_is_capped() -> None:
    assert [network_backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert network_backoff(20) == 30.0


def test_rate_meter_and_time_left() -> None:
    meter = RateMeter(window_s=10)
    for second in range(0, 30, 3):
        meter.observe(float(second), second * 25)
    assert meter.rate() == pytest.approx(25.0)
    assert seconds_left(1000, 25.0, 30.0) == 40
    assert seconds_left(1000, 0.0, 20.0) == 50  # no measurement yet: the set rate
    assert format_duration(3725) == "1:02:05" and format_duration(65) == "1:05"


@given(
    st.floats(min_value=-60, max_value=60),
    st.floats(min_value=-179, max_value=179),
    st.floats(min_value=0.1, max_value=50),
    st.floats(min_value=0, max_value=359),
    st.floats(min_value=0, max_value=1),
)
def test_bounding_box_contains_every_point_within_the_radius(
    lat: float, lon: float, radius_km: float, bearing: float, share: float
) -> None:
    from geopy.distance import geodesic

    point = geodesic(kilometers=radius_km * share * 0.999).destination((lat, lon), bearing)
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    assert min_lat <= point.latitude <= max_lat
    assert min_lon <= point.longitude <= max_lon


def test_location_filter_by_radius_and_by_district(catalogue: StationCatalogue) -> None:
    near_west = Candidate(1, "zh", 30.25, 120.11)  # about 1 km from West
    near_east = Candidate(2, "zh", 30.25, 120.19)
    nowhere = Candidate(3, "zh", None, None)
    within = location_filter(Audience(AudienceKind.NEAR_STATION, station_id="west", radius_km=2), catalogue)
    assert distance_m(30.25, 120.11, 30.25, 120.10) < 2000
    assert [within(c) for c in (near_west, near_east, nowhere)] == [True, False, False]
    xihu = location_filter(Audience(AudienceKind.DISTRICT, district="西湖区"), catalogue)
    assert [xihu(c) for c in (near_west, near_east, nowhere)] == [True, False, False]
    unknown = location_filter(Audience(AudienceKind.NEAR_STATION, station_id="gone", radius_km=5), catalogue)
    assert not unknown(near_west)


# --- the outbox sender -------------------------------------------------------------------------------------


class ScriptedTransport:
    """Answers per chat id from a script (a list of kinds, consumed in order), SENT by default."""

    def __init__(self, script: dict[int, list[SendResult]] | None = None) -> None:
        self.script = script or {}
        self.sent: list[OutgoingMessage] = []
        self.calls = 0
        self.on_send: Callable[[OutgoingMessage], None] | None = None

    async def send(self, message: OutgoingMessage) -> SendResult:
        self.calls += 1
        await asyncio.sleep(0)
        if self.on_send is not None:
            self.on_send(message)
        answers = self.script.get(message.chat_id)
        result = answers.pop(0) if answers else SendResult(SendResultKind.SENT)
        if result.kind is SendResultKind.SENT:
            self.sent.append(message)
        return result


class RecordingReporter:
    def __init__(self) -> None:
        self.progress_calls: list[Progress] = []
        self.finished_batches: list[tuple[Batch, Progress]] = []

    async def progress(self, batch: Batch, progress: Progress) -> None:
        self.progress_calls.append(progress)

    async def finished(self, batch: Batch, progress: Progress) -> None:
        self.finished_batches.append((batch, progress))


async def _users(store: Storage, count: int, *, english_every: int = 0) -> list[int]:
    ids = list(range(1001, 1001 + count))
    for user_id in ids:
        language = "en" if english_every and user_id % english_every == 0 else "zh"
        await store.users.seen(user_id, "小哥", None, language)
    return ids


def _sender(
    store: Storage,
    catalogue: StationCatalogue,
    transport: ScriptedTransport,
    reporter: RecordingReporter | None = None,
    rate: float = 2000,
) -> OutboxSender:
    return OutboxSender(
        store.outbox,
        AudienceSelector(store.outbox, lambda: catalogue),
        transport,
        reporter or RecordingReporter(),
        rate,
        chat_rate=rate,
        backoff=lambda _attempt: 0.0,
    )


async def _broadcast(store: Storage, audience: Audience | None = None, content: Content | None = None) -> int:
    content = content or Content(zh="<b>清凉大礼包</b>", en="<b>Gift pack</b>")
    audience = audience or Audience(AudienceKind.EVERYONE)
    return await store.outbox.create_broadcast(
        created_by=7001,
        content=content,
        audience=audience,
        fingerprint=fingerprint(content, audience),
        scheduled_at=None,
    )


async def test_every_recipient_gets_one_message_in_their_language(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 1200, english_every=4)  # more than two pages
    transport, reporter = ScriptedTransport(), RecordingReporter()
    batch_id = await _broadcast(store)
    await _sender(store, catalogue, transport, reporter).run_until_idle()
    assert sorted(message.chat_id for message in transport.sent) == ids
    english = [message for message in transport.sent if message.chat_id % 4 == 0]
    assert english and all(message.text == "<b>Gift pack</b>" for message in english)
    counts = await store.outbox.counts(batch_id)
    assert (counts.sent, counts.pending, counts.total) == (1200, 0, 1200)
    batch, figures = reporter.finished_batches[0]
    assert batch.status is BatchStatus.DONE and figures.counts.sent == 1200


async def test_outcomes_blocked_failed_and_retried(store: Storage, catalogue: StationCatalogue) -> None:
    ids = await _users(store, 5)
    retry_after, network = (
        SendResult(SendResultKind.RETRY_AFTER, retry_after=0.05),
        SendResult(SendResultKind.NETWORK),
    )
    transport = ScriptedTransport(
        {
            ids[0]: [SendResult(SendResultKind.BLOCKED)],
            ids[1]: [SendResult(SendResultKind.FAILED, error="chat not found")],
            ids[2]: [retry_after, retry_after],
            ids[3]: [network, network],
            ids[4]: [network] * MAX_NETWORK_ATTEMPTS,
        }
    )
    batch_id = await _broadcast(store)
    await _sender(store, catalogue, transport).run_until_idle()
    counts = await store.outbox.counts(batch_id)
    assert (counts.sent, counts.blocked, counts.failed) == (2, 1, 2)
    assert {message.chat_id for message in transport.sent} == {ids[2], ids[3]}
    blocked = await store.users.get(ids[0])
    assert blocked is not None and blocked.blocked


async def test_blocked_users_are_skipped_by_later_broadcasts(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 3)
    await _broadcast(store)
    await _sender(
        store, catalogue, ScriptedTransport({ids[0]: [SendResult(SendResultKind.BLOCKED)]})
    ).run_until_idle()
    second = ScriptedTransport()
    batch_id = await _broadcast(store, content=Content(zh="第二条"))
    await _sender(store, catalogue, second).run_until_idle()
    assert second.calls == 2
    assert (await store.outbox.counts(batch_id)).total == 2


async def test_a_restart_sends_only_what_is_still_pending(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 40)
    batch_id = await _broadcast(store)
    first = ScriptedTransport()
    ten_sent = asyncio.Event()
    first.on_send = lambda _message: ten_sent.set() if first.calls >= 10 else None
    sender = _sender(store, catalogue, first, rate=200)
    task = asyncio.create_task(sender.run(lambda: True))
    await ten_sent.wait()
    task.cancel()  # the process dies; whatever was recorded stays recorded
    with pytest.raises(asyncio.CancelledError):
        await task
    already = (await store.outbox.counts(batch_id)).sent
    second = ScriptedTransport()
    await _sender(store, catalogue, second).run_until_idle()
    delivered = [m.chat_id for m in first.sent + second.sent]
    assert set(delivered) == set(ids)  # nobody skipped
    assert len(second.sent) <= len(ids) - already  # recorded ones are not sent again
    assert (await store.outbox.counts(batch_id)).sent == 40


async def test_preparation_resumes_after_the_last_queued_recipient(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 10)
    batch_id = await _broadcast(store)
    await store.outbox.add_recipients(batch_id, [(user_id, "zh") for user_id in ids[:4]])  # crashed here
    assert await store.outbox.prepared_until(batch_id) == ids[3]
    transport = ScriptedTransport()
    await _sender(store, catalogue, transport).run_until_idle()
    assert sorted(m.chat_id for m in transport.sent) == ids


async def test_pause_stops_sending_and_resume_finishes(store: Storage, catalogue: StationCatalogue) -> None:
    await _users(store, 30)
    batch_id = await _broadcast(store)
    transport = ScriptedTransport()

    def pause_after_five(_message: OutgoingMessage) -> None:
        if transport.calls == 5:
            asyncio.get_running_loop().create_task(
                store.outbox.change_status(batch_id, BatchStatus.PAUSED, only_from=(BatchStatus.ACTIVE,))
            )

    transport.on_send = pause_after_five
    reporter = RecordingReporter()
    sender = _sender(store, catalogue, transport, reporter, rate=20)
    await sender.run_until_idle()
    assert (await store.outbox.get(batch_id)).status is BatchStatus.PAUSED  # type: ignore[union-attr]
    sent_while_paused = len(transport.sent)
    assert 5 <= sent_while_paused < 30
    await store.outbox.change_status(batch_id, BatchStatus.ACTIVE, only_from=(BatchStatus.PAUSED,))
    transport.on_send = None
    await sender.run_until_idle()
    assert len(transport.sent) == 30 and (await store.outbox.counts(batch_id)).sent == 30


async def test_progress_shows_the_measured_rate_from_the_first_report(
    store: Storage, catalogue: StationCatalogue
) -> None:
    await _users(store, 30)
    await _broadcast(store)
    reporter = RecordingReporter()
    await _sender(store, catalogue, ScriptedTransport(), reporter, rate=20).run_until_idle()
    reported = [progress for progress in reporter.progress_calls if progress.counts.done > 0]
    reported.append(reporter.finished_batches[0][1])
    assert all(10 < progress.rate < 30 for progress in reported), [p.rate for p in reported]


async def test_cancel_leaves_the_rest_unsent(store: Storage, catalogue: StationCatalogue) -> None:
    await _users(store, 30)
    batch_id = await _broadcast(store)
    transport = ScriptedTransport()

    def cancel_after_three(_message: OutgoingMessage) -> None:
        if transport.calls == 3:
            asyncio.get_running_loop().create_task(
                store.outbox.change_status(batch_id, BatchStatus.CANCELLED, only_from=(BatchStatus.ACTIVE,))
            )

    transport.on_send = cancel_after_three
    reporter = RecordingReporter()
    await _sender(store, catalogue, transport, reporter, rate=20).run_until_idle()
    counts = await store.outbox.counts(batch_id)
    assert counts.pending > 0 and counts.sent == len(transport.sent) < 30
    assert reporter.finished_batches[0][0].status is BatchStatus.CANCELLED


async def test_audiences_select_the_right_people(store: Storage, catalogue: StationCatalogue) -> None:
    ids = await _users(store, 6, english_every=2)
    await store.db.write(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)",
        (ids[0], Role.OBSERVER.value, "2026-01-01T00:00:00+00:00"),
    )
    await store.db.write("UPDATE users SET last_lat = 30.25, last_lon = 120.105 WHERE id = ?", (ids[1],))
    await store.db.write("UPDATE users SET last_lat = 30.25, last_lon = 120.199 WHERE id = ?", (ids[2],))
    selector = AudienceSelector(store.outbox, lambda: catalogue)

    async def count(audience: Audience) -> int:
        return sum((await selector.count(audience)).values())

    assert await count(Audience(AudienceKind.EVERYONE)) == 6
    assert await count(Audience(AudienceKind.OBSERVERS)) == 1
    assert await count(Audience(AudienceKind.COURIERS)) == 5
    assert await count(Audience(AudienceKind.LANGUAGE, language="en")) == 3
    assert await count(Audience(AudienceKind.DISTRICT, district="西湖区")) == 1
    assert await count(Audience(AudienceKind.NEAR_STATION, station_id="east", radius_km=1)) == 1
    assert await count(Audience(AudienceKind.VOLUNTEERS)) == 0


async def test_a_stations_regulars_are_who_checked_in_there_lately(
    store: Storage, catalogue: StationCatalogue
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    people = await _users(store, 7, english_every=2)
    lately, still_there, long_ago, elsewhere, blocked, form_only, erased = people
    await hours_at_station(store, lately, "east", now - REGULARS_WINDOW + timedelta(days=1))
    await store.volunteer.start_checkin(still_there, "east", now - timedelta(hours=1))  # not checked out yet
    await hours_at_station(store, long_ago, "east", now - REGULARS_WINDOW - timedelta(days=1))
    await hours_at_station(store, elsewhere, "west", now - timedelta(days=2))
    await hours_at_station(store, blocked, "east", now - timedelta(days=2))
    await store.users.set_blocked(blocked, True)
    await hours_at_station(store, erased, "east", now - timedelta(days=2))
    await store.privacy.erase(erased, now.strftime("%Y-%m"))
    typed_in = now - timedelta(days=2)  # hours typed in the form name the station but are no check-in
    await hours_at_station(store, form_only, "east", typed_in, source="form")
    selector = AudienceSelector(store.outbox, lambda: catalogue)

    east = Audience(AudienceKind.CHECKED_IN_AT, station_id="east")
    assert [user_id async for page in selector.pages(east) for user_id, _language in page] == [
        lately,
        still_there,
    ]
    assert await selector.count(east) == {"zh": 1, "en": 1}  # as the preview counts them
    assert await selector.count(Audience(AudienceKind.CHECKED_IN_AT, station_id="west")) == {"en": 1}


async def test_personal_messages_are_queued_once_per_key_and_sent_first(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 3)
    await _broadcast(store)
    outbox = store.outbox
    reminders = [PersonalMessage(uid, "zh", f"🌡 提醒 {uid}", f"heat:2025-07-20:orange:{uid}") for uid in ids]
    assert (await outbox.enqueue_personal("heat", reminders))[1] == 3
    again, queued = await outbox.enqueue_personal("heat", reminders)  # another run the same day
    assert queued == 0 and (await outbox.get(again)).status is BatchStatus.DONE  # type: ignore[union-attr]
    transport = ScriptedTransport()
    await _sender(store, catalogue, transport).run_until_idle()
    assert [m.text for m in transport.sent[:3]] == [f"🌡 提醒 {uid}" for uid in ids]
    figures = await outbox.counts_by_kind()
    assert figures["heat"].sent == 3 and figures["broadcast"].sent == 3


async def test_progress_is_reported_with_the_figures(store: Storage, catalogue: StationCatalogue) -> None:
    await _users(store, 4)
    reporter = RecordingReporter()
    await _broadcast(store)
    await _sender(store, catalogue, ScriptedTransport(), reporter).run_until_idle()
    assert reporter.progress_calls  # at least the first one
    assert reporter.finished_batches[0][1].counts.total == 4


async def test_the_figures_count_wechat_and_telegram_apart(
    store: Storage, catalogue: StationCatalogue
) -> None:
    telegram = await _users(store, 2)
    wechat = [await store.wechat.user_id(f"o{n}") for n in range(4)]
    for user_id in wechat:
        await store.users.seen(user_id, "微信用户", None, "zh")
    in_window, out_of_window = (
        SendResult(SendResultKind.SENT, via="custom"),
        SendResult(SendResultKind.SENT, via="template"),
    )
    transport = ScriptedTransport(
        {
            telegram[0]: [SendResult(SendResultKind.BLOCKED)],
            wechat[0]: [in_window],
            wechat[1]: [out_of_window],
            wechat[2]: [out_of_window],
            wechat[3]: [SendResult(SendResultKind.FAILED, error="WeChat 45015")],
        }
    )
    reporter = RecordingReporter()
    batch_id = await _broadcast(store)
    await _sender(store, catalogue, transport, reporter).run_until_idle()
    channels = await store.outbox.counts_by_channel(batch_id)
    assert channels.telegram == DeliveryCounts(sent=1, blocked=1)
    assert channels.wechat == DeliveryCounts(sent=3, failed=1, by_message=1, by_template=2)
    assert channels.all == await store.outbox.counts(batch_id)
    assert reporter.finished_batches[0][1].channels == channels


async def test_duplicate_lookup_finds_the_latest_same_broadcast(store: Storage) -> None:
    content, audience = Content(zh="同一条"), Audience(AudienceKind.EVERYONE)
    assert await store.outbox.last_created_with(fingerprint(content, audience)) is None
    await _broadcast(store, audience, content)
    found = await store.outbox.last_created_with(fingerprint(content, audience))
    assert found is not None and is_recent_duplicate(found, datetime.now(UTC))


async def test_enqueue_personal_is_one_transaction_and_skips_known_keys(
    store: Storage, catalogue: StationCatalogue
) -> None:
    ids = await _users(store, 2)
    outbox = store.outbox
    page = [PersonalMessage(uid, "en", f"Drink water {uid}", f"heat:2025-07-20:red:{uid}") for uid in ids]
    batch_id, queued = await outbox.enqueue_personal("heat", page)
    assert queued == 2 and (await outbox.get(batch_id)).status is BatchStatus.ACTIVE  # type: ignore[union-attr]
    again, queued_again = await outbox.enqueue_personal("heat", page)
    assert queued_again == 0 and (await outbox.get(again)).status is BatchStatus.DONE  # type: ignore[union-attr]
    transport = ScriptedTransport()
    await _sender(store, catalogue, transport).run_until_idle()
    assert sorted(m.text for m in transport.sent) == [f"Drink water {uid}" for uid in ids]


# --- chat notices (the admin chat) ----------------------------------------------------------------------

GROUP = -100500


class NumberingTransport(ScriptedTransport):
    """Sends everything and answers with message ids, as Telegram does."""

    async def send(self, message: OutgoingMessage) -> SendResult:
        result = await super().send(message)
        if result.kind is not SendResultKind.SENT:
            return result
        return SendResult(SendResultKind.SENT, message_id=message.edit or 500 + len(self.sent))


async def _card(store: Storage, key: str, text: str, **extra: Any) -> bool:
    return await store.outbox.enqueue_chat(
        "notice", chat_id=GROUP, language="zh", text=text, dedup_key=key, priority=2, **extra
    )


async def _edit(store: Storage, key: str, text: str) -> bool:
    return await store.outbox.enqueue_edit("notice", dedup_key=key, text=text, priority=2)


async def test_a_card_changed_while_queued_goes_out_once_as_it_is_now(
    store: Storage, catalogue: StationCatalogue
) -> None:
    buttons = ((Button("通过", "apv:ok:1"),),)
    assert await _card(store, "card:1", "待审核", buttons=buttons)
    assert not await _card(store, "card:1", "待审核")  # a redelivered update queues nothing
    assert await _edit(store, "card:1", "已通过")
    transport = NumberingTransport()
    await _sender(store, catalogue, transport).run_until_idle()
    assert [(m.chat_id, m.text, m.buttons, m.edit) for m in transport.sent] == [(GROUP, "已通过", (), None)]
    assert await store.outbox.chat_message("card:1") == (GROUP, 501)


async def test_a_sent_card_is_edited_only_when_it_changes(
    store: Storage, catalogue: StationCatalogue
) -> None:
    await _card(store, "card:1", "+1：0 人")
    transport = NumberingTransport()
    sender = _sender(store, catalogue, transport)
    await sender.run_until_idle()
    assert not await _edit(store, "card:1", "+1：0 人")  # Telegram refuses an edit that changes nothing
    assert await _edit(store, "card:1", "+1：1 人")
    assert await _edit(store, "card:1", "+1：2 人")  # replaces the edit still queued
    await sender.run_until_idle()
    assert [(m.text, m.edit) for m in transport.sent] == [("+1：0 人", None), ("+1：2 人", 501)]
    assert not await _edit(store, "card:1", "+1：2 人") and not await _edit(store, "card:9", "x")


async def test_answers_go_under_their_message_and_a_card_posted_again_takes_the_edits(
    store: Storage, catalogue: StationCatalogue
) -> None:
    await _card(store, "alert", "🚨")
    await _card(store, "pin", "", attachment=Attachment(location=(30.25, 120.17)), reply_to_key="alert")
    await _card(store, "card", "已解决")
    transport = NumberingTransport()
    sender = _sender(store, catalogue, transport)
    await sender.run_until_idle()
    assert await _card(store, "card", "重新打开", takes_over=True)
    await sender.run_until_idle()
    assert await _edit(store, "card", "已受理")
    await sender.run_until_idle()
    alert, pin, first_card, again, edit = transport.sent
    assert pin.location == (30.25, 120.17) and pin.reply_to == 501 and alert.reply_to is None
    assert (
        first_card.text == "已解决" and again.text == "重新打开" and (edit.text, edit.edit) == ("已受理", 504)
    )


async def test_an_edit_of_a_card_that_never_went_out_is_dropped(
    store: Storage, catalogue: StationCatalogue
) -> None:
    await _card(store, "card:1", "待审核")
    transport = NumberingTransport({GROUP: [SendResult(SendResultKind.FAILED, error="chat not found")]})
    await _sender(store, catalogue, transport).run_until_idle()
    assert not await _edit(store, "card:1", "已通过") and transport.sent == []
