"""/heat, /heatalert and the scheduled checks, as couriers and admins see them (the clock is time-machine's).

Reminders end in the broadcast outbox (one personal delivery each); the outbox's own tests cover sending.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.channels.telegram.app import BotApplication
from bot.config import Settings
from bot.handlers.heat import catch_up, dispatch
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat, running
from tests.support.updates import user

SHANGHAI = ZoneInfo("Asia/Shanghai")
COURIER = user(101, "刘凤叶", "zh-hans")
ENGLISH_COURIER = user(102, "Alex", "en-GB")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
NEAR_WATER = (30.2599, 120.1899)  # WGS-84, a few metres from the station "water-near"


def local(hour: int, minute: int = 0, day: int = 21) -> datetime:
    return datetime(2025, 7, day, hour, minute, tzinfo=SHANGHAI)


STATIONS = """
datum: wgs84
stations:
  - id: water-near
    name: {zh: 湖滨驿站, en: Hubin Station}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2600, lon: 120.1900}
    hours: {daily: "00:00-24:00"}
    services: [water, charging]
    campaign: [{zh: 清凉大礼包, en: Summer gift pack}]
  - id: cooling-far
    name: {zh: 钱江驿站, en: Qianjiang Station}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2700, lon: 120.1900}
    hours: {daily: "06:00-22:00"}
    services: [cooling]
  - id: xiaoshan
    name: {zh: 萧山驿站, en: Xiaoshan Station}
    address: {zh: 地址, en: Address}
    district: 萧山区
    location: {lat: 30.1800, lon: 120.2600}
    hours: {daily: "00:00-24:00"}
    services: [water, cooling]
"""

FORECAST = """
default:
  - {day: 0, max: 33.6, apparent_max: 37.9}
  - {day: 1, max: 36.4, apparent_max: 41.2}
districts:
  chunan:
    - {day: 0, max: 30}
    - {day: 1, max: 31}
"""


@pytest.fixture
def heat_settings(make_settings: Callable[..., Settings], tmp_path: Path) -> Callable[..., Settings]:
    stations = tmp_path / "heat-stations.yaml"
    stations.write_text(STATIONS, encoding="utf-8")
    fixture = tmp_path / "forecast.yaml"
    fixture.write_text(FORECAST, encoding="utf-8")

    def factory(**overrides: Any) -> Settings:
        values = {"stations_file": stations, "heat_provider": f"fixture:{fixture}", **overrides}
        return make_settings(**values)

    return factory


class Bot:
    """Starts and stops the application over one database, so a test can restart it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chat: Chat | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> Chat:
        self._stack = AsyncExitStack()
        self.chat = await self._stack.enter_async_context(running(self.settings))
        return self.chat

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None
            self.chat = None


@pytest.fixture
async def bot(heat_settings: Callable[..., Settings]) -> AsyncIterator[Bot]:
    running = Bot(heat_settings())
    yield running
    await running.stop()


@pytest.fixture
async def chat(bot: Bot) -> Chat:
    return await bot.start()


async def deliveries(application: BotApplication) -> list[tuple[int, str, str]]:
    """(user id, text, dedup key) of every personal message queued in the outbox, in order."""
    rows = await application.bot_data.store.db.fetchall(
        "SELECT user_id, text, dedup_key FROM outbox_deliveries ORDER BY id"
    )
    return [(row["user_id"], row["text"], row["dedup_key"]) for row in rows]


async def run_job(application: BotApplication, name: str) -> None:
    """Run a scheduled job's callback now, as the JobQueue would (the clock is time-machine's)."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(name)
    await job.run(application)


async def meet(chat: Chat, *senders: dict[str, Any]) -> None:
    for sender in senders:
        await chat.send(sender, "/start")


# --- /heat ----------------------------------------------------------------------------------------------


async def test_couriers_are_subscribed_by_default_and_heat_shows_it(chat: Chat) -> None:
    text = chat.texts(await chat.send(COURIER, "/heat"))[0]
    assert "已开启" in text and "07:00、11:00" in text and "22:00–07:00" in text
    assert "上城区（默认" in text
    replies = await chat.send(ENGLISH_COURIER, "/heat")
    assert "Status: ✅ on" in chat.texts(replies)[0]
    assert {"text": "⏸ Turn off", "callback_data": "heat:off"} in replies[0].buttons


async def test_heat_off_and_on_by_command_and_button(chat: Chat) -> None:
    assert "已关闭" in chat.texts(await chat.send(COURIER, "/heat off"))[0]
    replies = await chat.press(COURIER, "heat:on")
    assert any(call.method == "editMessageText" and "已开启" in call.plain_text for call in replies)
    settings = await chat.application.bot_data.store.heat.settings(101)
    assert settings is not None and settings.enabled


async def test_time_quiet_hours_and_district_by_buttons(chat: Chat) -> None:
    await meet(chat, COURIER)
    menu = await chat.press(COURIER, "heat:time")
    assert any(button["callback_data"] == "heat:at:0800" for button in menu[-1].buttons)
    await chat.press(COURIER, "heat:at:0800")
    await chat.press(COURIER, "heat:qh:2300:0800")
    replies = await chat.press(COURIER, "heat:area:xiaoshan")
    text = next(call.plain_text for call in replies if call.method == "editMessageText")
    assert "每天 08:00 起" in text and "23:00–08:00" in text and "萧山区（你选的）" in text
    assert chat.application.job_queue is not None
    assert chat.application.job_queue.get_jobs_by_name("heat-deliver-0800")  # a delivery pass at 08:00


async def test_time_and_quiet_hours_by_command(chat: Chat) -> None:
    echo, text = chat.texts(await chat.send(COURIER, "/heat time 9:15"))
    assert echo == "🕑 记为上午 9:15。"
    assert "每天 09:15 起" in text
    text = chat.texts(await chat.send(COURIER, "/heat quiet off"))[0]
    assert "免打扰：不设" in text
    text = chat.texts(await chat.send(COURIER, "/heat time auto"))[0]
    assert "跟着每天的天气检查" in text


async def test_times_typed_as_people_say_them_are_read_for_waking_hours(chat: Chat) -> None:
    echo, text = chat.texts(await chat.send(COURIER, "/heat time 2点"))
    assert echo == "🕑 记为下午 2:00。" and "每天 14:00 起" in text
    echo, _ = chat.texts(await chat.send(COURIER, "/heat quiet 10点到7点"))
    assert echo == "🕑 记为晚上 10:00–上午 7:00。"
    settings = await chat.application.bot_data.store.heat.settings(101)
    assert settings is not None and (settings.quiet_start, settings.quiet_end) == (time(22), time(7))


@pytest.mark.parametrize(
    "arguments", ["/heat sometimes", "/heat time 25:00", "/heat quiet 22:00", "/heat on now"]
)
async def test_bad_heat_arguments_get_the_usage_and_change_nothing(chat: Chat, arguments: str) -> None:
    text = chat.texts(await chat.send(COURIER, arguments))[0]
    assert "用法" in text
    settings = await chat.application.bot_data.store.heat.settings(101)
    assert settings is not None and settings.enabled and settings.preferred_time is None


@pytest.mark.parametrize(
    "data",
    [
        "heat:at:2500",
        "heat:area:mars",
        "heat:qh:x",
        "heat:qh:2200",
        "heat:explode",
        # the formats of earlier releases, still on old messages
        "heat:time:25:00",
        "heat:time:08:00",
        "heat:district:mars",
        "heat:quiet:x",
    ],
)
async def test_forged_heat_buttons_change_nothing(chat: Chat, data: str) -> None:
    await meet(chat, COURIER)
    replies = await chat.press(COURIER, data)
    answers = [call.params.get("text") for call in replies if call.method == "answerCallbackQuery"]
    assert answers == ["这个按钮已经过期了，请重新发送命令。"]
    assert not any(call.method == "editMessageText" for call in replies)
    settings = await chat.application.bot_data.store.heat.settings(101)
    assert settings is not None and settings.preferred_time is None and settings.district_id is None


# --- the schedule ---------------------------------------------------------------------------------------


async def test_checks_fire_at_local_times_in_bot_timezone(chat: Chat) -> None:
    assert chat.application.job_queue is not None
    late_evening_utc = datetime(2025, 7, 20, 23, 30, tzinfo=UTC)  # 07:30 in Hangzhou
    fires = {}
    for name in ("heat-check-0700", "heat-check-1100"):
        (job,) = chat.application.job_queue.get_jobs_by_name(name)
        assert job.job.id == name  # a stable id: rebuilt, not duplicated, at every start
        assert job.job.misfire_grace_time >= 60  # a busy loop or a slow start does not skip a check
        fires[name] = job.job.trigger.get_next_fire_time(None, late_evening_utc)
    assert fires["heat-check-0700"] == local(7, day=22)
    assert fires["heat-check-1100"] == local(11)


async def test_the_check_times_are_a_setting(heat_settings: Callable[..., Settings]) -> None:
    running = Bot(heat_settings(heat_check_times="06:30,13:00"))
    chat = await running.start()
    try:
        assert chat.application.job_queue is not None
        names = {job.name for job in chat.application.job_queue.jobs()}
        assert {"heat-check-0630", "heat-check-1300"} <= names and "heat-check-0700" not in names
    finally:
        await running.stop()


@time_machine.travel(local(7, 0), tick=False)
async def test_the_morning_check_sends_each_subscriber_one_personal_reminder(chat: Chat) -> None:
    await meet(chat, COURIER, ENGLISH_COURIER, ADMIN)
    store = chat.application.bot_data.store
    await store.users.set_location(101, *NEAR_WATER)
    await store.heat.set_enabled(ADMIN_ID, False)  # opted out: gets nothing
    chat.request.clear()
    await run_job(chat.application, "heat-check-0700")
    queued = await deliveries(chat.application)
    assert [(user_id, key) for user_id, _, key in queued] == [
        (101, "heat:2025-07-21:pre:101"),
        (102, "heat:2025-07-21:pre:102"),
    ]
    zh, en = queued[0][1], queued[1][1]
    assert "高温提示" in zh and "明天最高 36°C，体感 41°C" in zh and "高温津贴" in zh
    assert "1. 湖滨驿站 · 10 米" in zh and "2. 钱江驿站 · 1.1 公里" in zh and "清凉大礼包" in zh
    assert "Heat advisory" in en and "Stations open in Shangcheng" in en and "Summer gift pack" in en
    assert not chat.request.methods()  # nothing is sent from the job itself: the outbox sends


async def test_once_per_level_per_day_across_a_restart(bot: Bot, chat: Chat) -> None:
    await meet(chat, COURIER)
    with time_machine.travel(local(7, 0), tick=False):
        await run_job(chat.application, "heat-check-0700")
    with time_machine.travel(local(11, 0), tick=False):
        await run_job(chat.application, "heat-check-1100")
    assert len(await deliveries(chat.application)) == 1
    await bot.stop()
    chat = await bot.start()
    with time_machine.travel(local(12, 0), tick=False):
        assert await catch_up(chat.application.bot_data, local(12, 0)) == 0
    assert len(await deliveries(chat.application)) == 1
    with time_machine.travel(local(7, 0, day=22), tick=False):  # a new day: reminded again
        await run_job(chat.application, "heat-check-0700")
    assert len(await deliveries(chat.application)) == 2


async def test_quiet_hours_hold_a_reminder_until_they_end(chat: Chat) -> None:
    await meet(chat, COURIER)
    await chat.send(COURIER, "/heat quiet 06:00-09:00")
    assert chat.application.job_queue is not None
    assert chat.application.job_queue.get_jobs_by_name("heat-deliver-0900")
    with time_machine.travel(local(7, 0), tick=False):
        await run_job(chat.application, "heat-check-0700")
    assert await deliveries(chat.application) == []
    with time_machine.travel(local(9, 0), tick=False):
        await run_job(chat.application, "heat-deliver-0900")
    assert len(await deliveries(chat.application)) == 1


async def test_a_missed_check_runs_at_start_while_useful(bot: Bot, chat: Chat) -> None:
    await meet(chat, COURIER)
    resources = chat.application.bot_data
    assert await catch_up(resources, local(16, 0)) == 0  # after the hottest hours: left to tomorrow
    assert await resources.store.heat.checks_done(local(16).date()) == set()
    assert await catch_up(resources, local(9, 30)) == 1
    assert await resources.store.heat.checks_done(local(9).date()) == {"07:00"}


async def test_a_failing_forecast_sends_nothing_and_logs_once(
    heat_settings: Callable[..., Settings], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("default: [[[")
    running = Bot(heat_settings(heat_provider=f"fixture:{broken}"))
    chat = await running.start()
    try:
        await meet(chat, COURIER)
        chat.request.clear()
        with caplog.at_level(logging.INFO), time_machine.travel(local(7, 0), tick=False):
            await run_job(chat.application, "heat-check-0700")
            await run_job(chat.application, "heat-check-1100")
        assert await deliveries(chat.application) == []
        assert not chat.request.methods()  # no apology, no admin notice
        problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
        assert len(problems) == 1 and "forecast unavailable" in problems[0].getMessage()
    finally:
        await running.stop()


# --- /heatalert -----------------------------------------------------------------------------------------


async def test_heatalert_is_for_admins_only(chat: Chat) -> None:
    replies = await chat.send(COURIER, "/heatalert red")
    assert chat.texts(replies) == ["🔒 这个功能只对 管理员 开放。"]
    replies = await chat.press(COURIER, "heatalert:do:red")
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    assert await chat.application.bot_data.store.heat.current_signal() is None


async def test_an_admin_declares_a_signal_and_a_rise_reminds_again(chat: Chat) -> None:
    await meet(chat, COURIER, ADMIN)
    store = chat.application.bot_data.store
    await store.heat.set_enabled(ADMIN_ID, False)
    await dispatch_after_check(chat)
    assert len(await deliveries(chat.application)) == 1  # the pre-alert

    question = await chat.send(ADMIN, "/heatalert orange")
    assert "确认发布 🟠 高温橙色预警" in chat.texts(question)[0] and "1 人" in chat.texts(question)[0]
    replies = await chat.press(ADMIN, "heatalert:do:orange")
    assert any("已发布 🟠 高温橙色预警" in call.plain_text for call in replies)
    told = await chat.deliver()  # the admin chat hears of it through the outbox, like every admin notice
    assert any(call.chat_id == ADMIN_CHAT_ID and "管理员 发布了" in call.plain_text for call in told)
    assert chat.application.job_queue is not None
    assert chat.application.job_queue.get_jobs_by_name("heat-signal")  # delivery right away
    assert await dispatch(chat.application.bot_data, local(14, 0)) == 1
    text = (await deliveries(chat.application))[-1][1]
    assert "高温橙色预警" in text and "不超过 6 小时" in text

    await chat.press(ADMIN, "heatalert:do:yellow")  # a lower signal reminds nobody again today
    assert await dispatch(chat.application.bot_data, local(15, 0)) == 0
    await chat.press(ADMIN, "heatalert:do:end")
    assert await store.heat.current_signal() is None


async def dispatch_after_check(chat: Chat) -> None:
    with time_machine.travel(local(7, 0), tick=False):
        await run_job(chat.application, "heat-check-0700")


@time_machine.travel(local(7, 5), tick=False)
async def test_heatalert_shows_the_signal_and_the_forecast(chat: Chat) -> None:
    await meet(chat, ADMIN)
    await run_job(chat.application, "heat-check-0700")
    replies = await chat.send(ADMIN, "/heatalert")
    text = chat.texts(replies)[0]
    assert "当前：无" in text and "萧山区：今天 34°C，明天 36°C" in text and "淳安县：今天 30°C" in text
    assert [button["callback_data"] for button in replies[0].buttons] == [
        "heatalert:ask:yellow",
        "heatalert:ask:orange",
        "heatalert:ask:red",
        "heatalert:ask:end",
    ]
    replies = await chat.press(ADMIN, "heatalert:ask:end")
    assert any("现在没有生效的预警信号" in call.plain_text for call in replies)
    replies = await chat.press(ADMIN, "heatalert:cancel")
    assert any("已取消" in call.plain_text for call in replies)
