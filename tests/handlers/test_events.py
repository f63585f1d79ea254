"""Events as organisers and couriers see them: /event, /events, sign-up and the waiting list, reminders,
the attendance QR code and the hours it files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from bot.config import Settings
from bot.events import Event, NewEvent, event_payload
from bot.handlers.events import AddToCalendar, AtStation, ShowRoster, SignUp, Withdraw, schedule_jobs
from tests.handlers.conftest import ADMIN_ID, Chat, running
from tests.support.recording import Call, RecordedWeChatCodes
from tests.support.updates import user

pytestmark = pytest.mark.usefixtures("quick_fingers")

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 20, 0, tzinfo=SHANGHAI)  # a Tuesday
SATURDAY_2PM = datetime(2025, 6, 14, 14, 0, tzinfo=SHANGHAI)
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
FIRST = user(101, "刘凤叶", "zh-hans")
SECOND = user(102, "Alex", "en-GB")
STATION = "shangcheng-djzx"


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
async def chat(
    make_settings: Callable[..., Settings], clock: time_machine.Coordinates
) -> AsyncIterator[Chat]:
    async with running(make_settings()) as started:
        for person in (ADMIN, FIRST, SECOND):
            await started.send(person, "/start")
        yield started


def button(calls: list[Call], label: str) -> str:
    found = [b["callback_data"] for call in calls for b in call.buttons if label in b.get("text", "")]
    assert found, f"no button {label!r} in {[b.get('text') for call in calls for b in call.buttons]}"
    return str(found[-1])


async def make_event(chat: Chat, capacity: int = 1) -> Event:
    event, _ = await chat.application.bot_data.store.events.create(
        NewEvent(
            title_zh="清凉游园会",
            title_en="Summer garden party",
            station_id=STATION,
            place=None,
            starts_at=SATURDAY_2PM,
            minutes=120,
            capacity=capacity,
            credited_minutes=120,
            created_by=ADMIN_ID,
            creation_key="test",
        ),
        NOW,
    )
    await schedule_jobs(chat.application)  # as the next start would: jobs are rebuilt from the database
    return event


async def run_job(chat: Chat, name: str) -> None:
    job_queue = chat.application.job_queue
    assert job_queue is not None
    (job,) = job_queue.get_jobs_by_name(name)
    await job.run(chat.application)


async def test_an_admin_creates_an_event_with_the_form(chat: Chat) -> None:
    await chat.send(ADMIN, "/event")
    calls = await chat.send(ADMIN, "清凉游园会")
    calls = await chat.press(ADMIN, button(calls, "没有英文名称"), calls[-1].result["message_id"])
    calls = await chat.press(ADMIN, button(calls, "上城区"), calls[-1].result["message_id"])
    calls = await chat.send(ADMIN, "周六下午两点")
    assert "下午 2:00" in chat.texts(calls)[-1]
    calls = await chat.press(ADMIN, button(calls, "2 小时"), calls[-1].result["message_id"])
    calls = await chat.send(ADMIN, "30")
    calls = await chat.press(ADMIN, button(calls, "2 小时"), calls[-1].result["message_id"])
    preview = chat.texts(calls)[-1]
    assert "清凉游园会" in preview and "0/30" in preview
    create = button(calls, "发布")
    calls = await chat.press(ADMIN, create, calls[-1].result["message_id"])
    assert "活动 #1 已发布" in chat.texts(calls)[-2]
    [code] = [call for call in calls if call.method == "sendPhoto"]  # the Telegram-only deployment's one
    assert "活动 #1「清凉游园会」现场签到码" in code.plain_text and "用 Telegram 扫码" in code.plain_text
    assert "start=event_1_" in code.plain_text and code.files  # the QR picture itself
    await chat.press(ADMIN, create, calls[-1].result["message_id"])  # a double tap stores one event
    store = chat.application.bot_data.store
    event = await store.events.get(1)
    assert event is not None and event.starts_at == SATURDAY_2PM and event.capacity == 30
    assert await store.events.get(2) is None
    job_queue = chat.application.job_queue
    assert job_queue is not None
    assert {job.name for job in job_queue.jobs()} >= {
        "event-reminder:1:day",
        "event-reminder:1:hour",
        "event-credit:1",
    }


async def test_a_courier_cannot_create_an_event(chat: Chat) -> None:
    calls = await chat.send(FIRST, "/event")
    assert "管理员" in chat.texts(calls)[-1]
    assert await chat.application.bot_data.store.events.get(1) is None


async def test_full_event_waiting_list_and_promotion(chat: Chat) -> None:
    event = await make_event(chat, capacity=1)
    calls = await chat.send(FIRST, "/events")
    assert "清凉游园会" in chat.texts(calls)[-1]
    sign_up = button(calls, "报名")
    assert sign_up == SignUp(event.id).pack()
    message_id = calls[-1].result["message_id"]
    calls = await chat.press(FIRST, sign_up, message_id)
    assert "报名成功" in calls[0].params["text"]
    await chat.press(FIRST, sign_up, message_id)  # a double tap counts once
    calls = await chat.send(SECOND, "/events")
    assert button(calls, "join the waiting list") == SignUp(event.id).pack()
    calls = await chat.press(SECOND, SignUp(event.id).pack(), calls[-1].result["message_id"])
    assert "number 1 on the waiting list" in calls[0].params["text"]
    store = chat.application.bot_data.store
    shown = await store.events.get(event.id)
    assert shown is not None and (shown.going, shown.waiting) == (1, 1)
    calls = await chat.press(FIRST, Withdraw(event.id).pack(), message_id)
    assert "已取消报名" in calls[0].params["text"]
    delivered = [call for call in await chat.deliver() if call.method == "sendMessage"]
    assert [call.chat_id for call in delivered] == [SECOND["id"]]
    assert "moved up" in delivered[0].plain_text
    assert await store.events.going(event.id) == [SECOND["id"]]


async def test_reminders_go_to_the_people_going_once(chat: Chat, clock: time_machine.Coordinates) -> None:
    event = await make_event(chat, capacity=1)
    await chat.press(FIRST, SignUp(event.id).pack())
    await chat.press(SECOND, SignUp(event.id).pack())  # waiting: not reminded
    clock.move_to(SATURDAY_2PM - timedelta(days=1))
    await run_job(chat, f"event-reminder:{event.id}:day")
    await run_job(chat, f"event-reminder:{event.id}:day")  # run again: nobody is told twice
    delivered = [call for call in await chat.deliver() if call.method == "sendMessage"]
    assert [call.chat_id for call in delivered] == [FIRST["id"]]
    assert "明天的活动提醒" in delivered[0].plain_text and "上城区" in delivered[0].plain_text


async def test_the_attendance_code_checks_in_and_the_end_files_hours_and_points(
    chat: Chat, clock: time_machine.Coordinates
) -> None:
    event = await make_event(chat, capacity=1)
    await chat.press(FIRST, SignUp(event.id).pack())
    store = chat.application.bot_data.store
    link = f"/start {event_payload(await store.volunteer.checkin_secret(), event.id)}"
    assert "不在签到时间" in chat.texts(await chat.send(FIRST, link))[-1]
    clock.move_to(SATURDAY_2PM + timedelta(minutes=5))
    assert "签到成功" in chat.texts(await chat.send(FIRST, link))[-1]
    assert "已经签到过" in chat.texts(await chat.send(FIRST, link))[-1]
    assert "full" in chat.texts(await chat.send(SECOND, link))[-1]  # no place held, none free
    assert "无效" in chat.texts(await chat.send(FIRST, f"/start event_{event.id}_AAAAAAAA"))[-1]
    clock.move_to(event.ends_at)
    await run_job(chat, f"event-credit:{event.id}")
    await run_job(chat, f"event-credit:{event.id}")  # again: credited once
    (entry,) = [entry for entry in [await store.volunteer.get(1), await store.volunteer.get(2)] if entry]
    assert (entry.source, entry.status, entry.minutes, entry.user_id) == (
        "event",
        "approved",
        120,
        FIRST["id"],
    )
    assert await store.points.balance(FIRST["id"]) == entry.points > 0
    delivered = [call for call in await chat.deliver() if call.method == "sendMessage"]
    assert [call.chat_id for call in delivered] == [FIRST["id"]]
    assert "已记 2 小时志愿时长" in delivered[0].plain_text


async def test_add_to_calendar_sends_an_ics_file(chat: Chat) -> None:
    event = await make_event(chat)
    calls = await chat.press(SECOND, AddToCalendar(event.id).pack())
    (document,) = [call for call in calls if call.method == "sendDocument"]
    (data,) = document.files.values()
    (entry,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(entry["summary"]) == "Summer garden party"
    assert entry.decoded("dtstart") == SATURDAY_2PM


STAFF = user(104, "站长老周", "zh-hans")
OTHER_STATION = "sijiqing-djzx"


async def test_staff_announce_and_run_events_at_their_own_station_only(chat: Chat) -> None:
    store = chat.application.bot_data.store
    await chat.send(STAFF, "/start")
    await store.users.grant_station(STAFF["id"], OTHER_STATION, ADMIN_ID)
    await chat.send(STAFF, "/event")
    calls = await chat.send(STAFF, "站点开放日")
    calls = await chat.press(STAFF, button(calls, "没有英文名称"), calls[-1].result["message_id"])
    offered = [
        b["callback_data"] for call in calls for b in call.buttons if b["callback_data"].startswith("evt:stn")
    ]
    assert offered == [AtStation(OTHER_STATION).pack()]  # their station only
    form = calls[-1].result["message_id"]
    calls = await chat.send(STAFF, "西湖边")  # a typed place belongs to no station
    assert "不是你负责的驿站" in chat.texts(calls)[-1]
    calls = await chat.press(STAFF, AtStation(STATION).pack(), form)  # a forged button
    assert "不是你负责的驿站" in calls[0].params["text"] and calls[0].params["show_alert"]
    calls = await chat.press(STAFF, AtStation(OTHER_STATION).pack(), form)
    assert "什么时候开始" in chat.texts(calls)[-1]

    # The admin's event at another station: its staff see who is coming, these staff do not.
    event = await make_event(chat)
    await chat.press(FIRST, SignUp(event.id).pack())
    calls = await chat.send(STAFF, "/events")
    assert "报名名单" not in str([b.get("text") for call in calls for b in call.buttons])
    calls = await chat.press(STAFF, ShowRoster(event.id).pack())  # forged
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert "不是你负责的驿站" in calls[0].params["text"]
    calls = await chat.press(ADMIN, button(await chat.send(ADMIN, "/events"), "报名名单"))
    roster, code = chat.texts(calls)[-2:]
    assert "刘凤叶" in roster and "start=event_" in code


async def test_with_both_channels_an_events_code_is_offered_for_each_app_until_it_ends(chat: Chat) -> None:
    resources = chat.application.bot_data
    wechat = RecordedWeChatCodes()
    resources.start_links = (*resources.start_links, wechat)
    event = await make_event(chat)
    await chat.send(ADMIN, "/start")
    calls = await chat.press(ADMIN, ShowRoster(event.id).pack())
    telegram_code, wechat_code = [call for call in calls if call.method == "sendPhoto"]
    assert "用 Telegram 扫码" in telegram_code.plain_text and "用微信扫一扫" in wechat_code.plain_text
    assert "清凉游园会" in wechat_code.plain_text and "t.me" not in wechat_code.plain_text
    secret = await resources.store.volunteer.checkin_secret()
    assert wechat.asked == [(event_payload(secret, event.id), event.ends_at)]
