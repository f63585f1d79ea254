"""An event through the real process: the admin announces it with /event, a courier signs up with /events
and checks in with the event's attendance link, and once the event is over the hours and 暖新积分 are
credited and the courier is told.

The process runs on the real clock, and an event lasts at least half an hour: so the test stops the bot
and moves the event half a day back in its database, as if the bot had been down while it ended. The next
start finds the attendance not yet credited and credits it (the catch-up every start does)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, message_with, move_event_back, poll, press, query, sent, text_of
from tests.support.botprocess import BotProcess

COURIER = 43101
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_an_event_from_announcement_to_credited_hours(
    emulator: BotApiEmulator, bot: BotProcess, tmp_path: Path
) -> None:
    await emulator.add_user(COURIER, "刘凤叶")
    start = (datetime.now(UTC) + timedelta(minutes=20)).astimezone(SHANGHAI)

    await emulator.ask(ADMIN_ID, "/event", timeout=LONG)
    await emulator.send_text(ADMIN_ID, "清凉游园会")
    await press(emulator, ADMIN_ID, "没有英文名称")
    await message_with(emulator, ADMIN_ID, "在哪个驿站")
    await emulator.send_text(ADMIN_ID, "四季青街道文化广场")
    await message_with(emulator, ADMIN_ID, "什么时候开始")
    await emulator.send_text(ADMIN_ID, start.strftime("%H:%M"))
    await press(emulator, ADMIN_ID, "1 小时")
    await message_with(emulator, ADMIN_ID, "最多多少人")
    await emulator.send_text(ADMIN_ID, "20")
    await press(emulator, ADMIN_ID, "1 小时")
    await press(emulator, ADMIN_ID, "✅ 发布")
    await message_with(emulator, ADMIN_ID, "已发布")
    code = await message_with(emulator, ADMIN_ID, "现场签到码")  # the QR picture to put up at the venue
    assert code["photo"] and "用 Telegram 扫码" in text_of(code)
    link = re.search(r"start=(event_\w+)", text_of(code))
    assert link is not None

    [card] = await emulator.ask(COURIER, "/events", timeout=LONG)
    assert "清凉游园会" in text_of(card) and "0/20" in text_of(card)
    await press(emulator, COURIER, "✋ 报名")
    await message_with(emulator, COURIER, "你已报名")

    # At the event (check-in opens an hour before the start): the QR code's link checks the courier in.
    await emulator.send_text(COURIER, f"/start {link.group(1)}")
    await message_with(emulator, COURIER, "签到成功")

    await bot.stop()
    move_event_back(tmp_path / "bot.db", hours=12)
    before = sent(emulator, COURIER)
    await bot.start()
    credited = await message_with(emulator, COURIER, "感谢参加", since=before)
    assert "已记 1 小时志愿时长，+10 暖新积分" in text_of(credited)
    await poll(
        lambda: (
            query(tmp_path / "bot.db", "SELECT source, status FROM volunteer_entries")
            == [("event", "approved")]
        )
    )
    [points] = await emulator.ask(COURIER, "/points", timeout=LONG)
    assert "暖新积分：10 分" in text_of(points)
