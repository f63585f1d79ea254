"""[Station life] on WeChat through the real `python -m bot` process: a station's and an event's QR codes
reach WeChat staff as pictures, and a WeChat courier checks in by scanning them (the emulator scans the
parametric code the picture shows). With both channels, the panel offers each app its own code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.emulator.server import BotApiEmulator
from bot.emulator.wechat import WeChatEmulator, qr_url
from bot.qr import qr_png
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, move_event_back, query, run_bot_command
from tests.e2e.test_wechat import ADMIN, COURIER, both_channels, says, user_id
from tests.support.botprocess import BotProcess
from tests.support.wechatprocess import WeChatBotProcess

pytestmark = pytest.mark.e2e

STAFF = "oStaff0000000000000000000001"
NEWCOMER = "oNewcomer00000000000000000001"
HOME = "sijiqing-djzx"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def wechat() -> AsyncIterator[WeChatEmulator]:
    async with WeChatEmulator() as running:
        yield running


@pytest.fixture
async def admin_bot(wechat: WeChatEmulator, tmp_path: Path) -> AsyncIterator[WeChatBotProcess]:
    process = WeChatBotProcess(wechat, tmp_path / "bot.db", {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN})
    await process.start()
    yield process
    assert await process.stop() == 0


def scene_url(wechat: WeChatEmulator, prefix: str) -> str:
    """The URL of the one parametric code made for a payload starting with `prefix`."""
    [ticket] = [ticket for ticket, scene in wechat.qr_codes.items() if scene.startswith(prefix)]
    return qr_url(ticket)


async def appoint_staff(wechat: WeChatEmulator, database: Path) -> None:
    await wechat.subscribe(ADMIN)
    await wechat.subscribe(STAFF)
    await says(wechat, STAFF, "你好")
    await wechat.send_text(ADMIN, f"/appoint {user_id(database, STAFF)} staff {HOME}")
    await says(wechat, ADMIN, "已任命")
    await says(wechat, STAFF, "/station")


async def test_wechat_staff_get_the_qr_picture_and_a_courier_who_scans_it_is_checked_in(
    wechat: WeChatEmulator, admin_bot: WeChatBotProcess
) -> None:
    await appoint_staff(wechat, admin_bot.database)
    since = len(wechat.received(STAFF))
    await wechat.send_text(STAFF, "/station")
    panel = await says(wechat, STAFF, "今天签到 0 人", since)
    assert "msgmenucontent=🚱 没水" in panel["text"]  # the status buttons, as links
    caption = await says(wechat, STAFF, "今天的签到二维码", since)
    assert "用微信扫一扫" in caption["text"] and "t.me" not in caption["text"]
    # The picture is an image message (uploaded with media/upload), and it is the code of the station's
    # parametric QR code of today: what a courier scans.
    url = scene_url(wechat, f"checkin_{HOME}_")
    assert wechat.images(STAFF) == [qr_png(url)]
    [image_index] = [i for i, m in enumerate(wechat.received(STAFF)) if m["kind"] == "image"]
    assert wechat.received(STAFF)[image_index + 1] == caption  # the caption follows its picture

    # /station again: the same code (no new ticket each time).
    since = len(wechat.received(STAFF))
    await wechat.send_text(STAFF, "/station")
    await says(wechat, STAFF, "今天的签到二维码", since)
    assert len(wechat.qr_codes) == 1 and wechat.images(STAFF) == [qr_png(url)] * 2

    # Two taps set the live status.
    since = len(wechat.received(STAFF))
    await wechat.press(STAFF, "🚱 没水")
    await says(wechat, STAFF, "暂时没水", since)

    # A courier who does not follow the account yet scans the code: welcomed, then checked in.
    await wechat.scan_code(NEWCOMER, url)
    await says(wechat, NEWCOMER, "你好")
    checked_in = await says(wechat, NEWCOMER, "已在")
    assert "四季青" in checked_in["text"]
    # The staff see the courier among today's check-ins.
    since = len(wechat.received(STAFF))
    await wechat.send_text(STAFF, "/station")
    await says(wechat, STAFF, "今天签到 1 人", since)


async def step(wechat: WeChatEmulator, openid: str, label: str, expected: str) -> None:
    since = len(wechat.received(openid))
    await wechat.press(openid, label)
    await says(wechat, openid, expected, since)


async def test_a_wechat_courier_scans_the_event_code_and_is_credited_hours_and_points(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    env = {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN}
    bot = WeChatBotProcess(wechat, database, env)
    await bot.start()
    try:
        await wechat.subscribe(ADMIN)
        await says(wechat, ADMIN, "你好")
        start = (datetime.now(UTC) + timedelta(minutes=20)).astimezone(SHANGHAI)
        await wechat.send_text(ADMIN, "/event")
        await says(wechat, ADMIN, "活动叫什么名字")
        since = len(wechat.received(ADMIN))
        await wechat.send_text(ADMIN, "清凉游园会")
        await says(wechat, ADMIN, "没有英文名称", since)
        await step(wechat, ADMIN, "没有英文名称", "在哪个驿站")
        since = len(wechat.received(ADMIN))
        await wechat.send_text(ADMIN, "四季青街道文化广场")
        await says(wechat, ADMIN, "什么时候开始", since)
        since = len(wechat.received(ADMIN))
        await wechat.send_text(ADMIN, start.strftime("%H:%M"))
        await says(wechat, ADMIN, "1 小时", since)
        await step(wechat, ADMIN, "1 小时", "最多多少人")
        since = len(wechat.received(ADMIN))
        await wechat.send_text(ADMIN, "20")
        await says(wechat, ADMIN, "1 小时", since)
        await step(wechat, ADMIN, "1 小时", "✅ 发布")
        since = len(wechat.received(ADMIN))
        await wechat.press(ADMIN, "✅ 发布")
        await says(wechat, ADMIN, "已发布", since)
        caption = await says(wechat, ADMIN, "现场签到码", since)
        assert "清凉游园会" in caption["text"] and "用微信扫一扫" in caption["text"]
        url = scene_url(wechat, "event_1_")
        assert wechat.images(ADMIN) == [qr_png(url)]

        # The poster from the admin task: the same scene, drawn to a file.
        code, out, err = await run_bot_command(
            "qr", "--event", "1", "--output", str(tmp_path / "event.png"), env=bot.environment()
        )
        assert code == 0, err
        printed = out.split(": ", 1)[1].strip()
        assert wechat.qr_codes[printed.rsplit("/", 1)[1]].startswith("event_1_")
        assert (tmp_path / "event-wechat.png").read_bytes() == qr_png(printed)

        # The courier signs up through the card's link, then scans the code at the event.
        await wechat.subscribe(COURIER)
        await says(wechat, COURIER, "你好")
        await wechat.send_text(COURIER, "/events")
        card = await says(wechat, COURIER, "清凉游园会")
        assert "0/20" in card["text"]
        await step(wechat, COURIER, "✋ 报名", "你已报名")
        since = len(wechat.received(COURIER))
        await wechat.scan_code(COURIER, url)
        await says(wechat, COURIER, "签到成功", since)
    finally:
        assert await bot.stop() == 0

    move_event_back(database, hours=12)
    since = len(wechat.received(COURIER))
    restarted = WeChatBotProcess(wechat, database, env)
    await restarted.start()
    try:
        credited = await says(wechat, COURIER, "感谢参加", since)
        assert "已记 1 小时志愿时长，+10 暖新积分" in credited["text"]
        assert query(database, "SELECT source, status FROM volunteer_entries") == [("event", "approved")]
        since = len(wechat.received(COURIER))
        await wechat.send_text(COURIER, "/points")
        points = await says(wechat, COURIER, "暖新积分：10 分", since)
        assert "积分" in points["text"]
    finally:
        assert await restarted.stop() == 0


async def test_with_both_channels_the_panel_offers_both_codes_and_a_wechat_courier_scans_one(
    wechat: WeChatEmulator, emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    """Telegram staff, a WeChat courier: the courier scans the WeChat code the Telegram panel shows."""
    staff = 41201
    await emulator.add_user(staff, "陈站长")
    async with both_channels(wechat, make_bot) as process:
        await emulator.ask(staff, "/start", timeout=LONG)
        await emulator.ask(ADMIN_ID, f"/appoint {staff} staff {HOME}", timeout=LONG)
        await emulator.wait_for_messages(staff, timeout=LONG)  # the appointment, through the outbox
        emulator.mark(staff)
        replies = await emulator.ask(staff, "/station", count=3, timeout=LONG)
        photos = [message for message in replies if "photo" in message]
        assert [("Telegram" in p["caption"], "微信" in p["caption"]) for p in photos] == [
            (True, False),
            (False, True),
        ]
        assert f"start=checkin_{HOME}_" in photos[0]["caption"]
        url = scene_url(wechat, f"checkin_{HOME}_")
        await wechat.scan_code(COURIER, url)
        await says(wechat, COURIER, "已在")
        checked_in = query(process.database, "SELECT station_id FROM checkin_sessions")
        assert checked_in == [(HOME,)]
