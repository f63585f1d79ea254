"""民情观察员 reports through the real process: appointment, a report with a shared location, a "+1" in
English, acknowledge / forward / resolve in the admin group with each step told to both; the urgent lane's
early alert and pin before the observer has finished."""

from __future__ import annotations

import re
from typing import Any

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import LONG, count_with, message_with, press, sent, text_of
from tests.support.botprocess import BotProcess

OBSERVER, SUPPORTER = 44001, 44002
WULIN = (30.2741, 120.1625)
NEXT_DOOR = (30.2750, 120.1630)  # about 100 m away: the same problem


def pins(emulator: BotApiEmulator, since: int = 0) -> list[dict[str, Any]]:
    return [message for message in emulator.messages_to(ADMIN_CHAT_ID)[since:] if "location" in message]


async def appoint(emulator: BotApiEmulator, user_id: int, welcome: str) -> None:
    before = sent(emulator, user_id)
    await emulator.ask(user_id, "/start", timeout=LONG)
    [done] = await emulator.ask(ADMIN_ID, f"/appoint {user_id}", timeout=LONG)
    assert "已任命" in text_of(done) and "已通知本人" in text_of(done)
    await message_with(emulator, user_id, welcome, since=before)


async def file_report(
    emulator: BotApiEmulator, category: str, description: str, location: tuple[float, float]
) -> str:
    """The observer's /report through the buttons (no photos, named); returns the filed confirmation."""
    await emulator.ask(OBSERVER, "/report", timeout=LONG)
    await press(emulator, OBSERVER, category)
    await message_with(emulator, OBSERVER, "说说发生了什么")
    await emulator.send_text(OBSERVER, description)
    await press(emulator, OBSERVER, "没有照片，跳过")
    await message_with(emulator, OBSERVER, "问题发生在哪里")
    await emulator.send_location(OBSERVER, *location)
    await press(emulator, OBSERVER, "👤 署名提交")
    await press(emulator, OBSERVER, "✅ 确认提交")
    return text_of(await message_with(emulator, OBSERVER, "已提交"))


async def test_a_report_from_filing_to_resolution(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(OBSERVER, "王师傅")
    await emulator.add_user(SUPPORTER, "Sam", language_code="en")
    await appoint(emulator, OBSERVER, "恭喜你成为民情观察员")
    await appoint(emulator, SUPPORTER, "public-opinion observer")

    filed = await file_report(emulator, "🔌 歇脚与充电", "驿站门口的充电桩坏了三天,大家没法充电", WULIN)
    number = re.search(r"MQ-\d{4}-\d{6}", filed)
    assert number is not None
    card = await message_with(emulator, ADMIN_CHAT_ID, number.group())
    assert "王师傅" in text_of(card) and "👀 受理" in str(card["reply_markup"])
    await emulator.wait_until(lambda: bool(pins(emulator)), LONG)  # the location pin follows the card

    # The supporter, in English, files the same problem next door and is offered "+1" instead.
    await emulator.ask(SUPPORTER, "/report", timeout=LONG)
    await press(emulator, SUPPORTER, "🔌 Rest and charging")
    await message_with(emulator, SUPPORTER, "Tell us what happened")
    await emulator.send_text(SUPPORTER, "The charging post at the station is broken")
    await press(emulator, SUPPORTER, "No photos, skip")
    await message_with(emulator, SUPPORTER, "📍 Where is it?")
    await emulator.send_location(SUPPORTER, *NEXT_DOOR)
    await press(emulator, SUPPORTER, f"👍 +1, me too ({number.group()})")
    await message_with(emulator, SUPPORTER, "You added +1")

    # Each triage step in the admin group is told to the reporter (zh) and the supporter (en).
    await press(emulator, ADMIN_ID, "👀 受理", chat_id=ADMIN_CHAT_ID)
    await message_with(emulator, OBSERVER, "已受理")
    await message_with(emulator, SUPPORTER, "has been acknowledged")
    await press(emulator, ADMIN_ID, "📨 转交部门", chat_id=ADMIN_CHAT_ID)
    await press(emulator, ADMIN_ID, "市民政局", chat_id=ADMIN_CHAT_ID)
    await message_with(emulator, OBSERVER, "已转交：市民政局")
    await message_with(emulator, SUPPORTER, "forwarded to: Municipal Civil Affairs Bureau")

    await press(emulator, ADMIN_ID, "✅ 已解决", chat_id=ADMIN_CHAT_ID)
    prompt = await message_with(emulator, ADMIN_CHAT_ID, "请回复这条消息")
    await emulator.send_text_in_group(
        ADMIN_CHAT_ID, ADMIN_ID, "驿站已换新充电桩", reply_to_message_id=int(str(prompt["message_id"]))
    )
    await message_with(emulator, ADMIN_CHAT_ID, f"{number.group()} 已标记为解决")
    resolved = await message_with(emulator, OBSERVER, "处理结果：驿站已换新充电桩")
    assert "7 天后我会再问问你" in text_of(resolved)
    await message_with(emulator, SUPPORTER, "Resolution: 驿站已换新充电桩")

    [mine] = await emulator.ask(OBSERVER, "/myreports", timeout=LONG)
    assert number.group() in text_of(mine) and "✅ 已解决" in text_of(mine)


async def test_an_urgent_report_reaches_the_admins_at_once(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(OBSERVER, "王师傅")
    await appoint(emulator, OBSERVER, "恭喜你成为民情观察员")
    admin_before = sent(emulator, ADMIN_CHAT_ID)

    await emulator.ask(OBSERVER, "/report", timeout=LONG)
    await press(emulator, OBSERVER, "🌡 高温防暑")
    await message_with(emulator, OBSERVER, "说说发生了什么")
    await emulator.send_text(OBSERVER, "路边有个小哥中暑晕倒了,已经扶到阴凉处")
    reminder = await message_with(emulator, OBSERVER, "紧急情况请先打电话")
    assert "120" in text_of(reminder)
    # The admins hear while the observer is still on the form: the words so far, then the pin under them.
    alert = await message_with(emulator, ADMIN_CHAT_ID, "紧急预警", since=admin_before)
    assert "中暑" in text_of(alert) and "王师傅" in text_of(alert)
    await message_with(emulator, OBSERVER, "问题发生在哪里")
    await emulator.send_location(OBSERVER, *WULIN)
    await emulator.wait_until(lambda: bool(pins(emulator, since=admin_before)), LONG)
    [pin] = pins(emulator, since=admin_before)
    assert abs(pin["location"]["latitude"] - WULIN[0]) < 1e-4
    assert pin["reply_to_message"]["message_id"] == alert["message_id"]

    await press(emulator, OBSERVER, "👤 署名提交")
    await press(emulator, OBSERVER, "✅ 确认提交")
    filed = text_of(await message_with(emulator, OBSERVER, "已提交"))
    assert "紧急报告已提交" in filed and "120" in filed
    card = await message_with(emulator, ADMIN_CHAT_ID, "紧急！", since=admin_before)
    assert "紧急预警的正式报告" in text_of(card) and "中暑" in text_of(card)
    assert card["reply_to_message"]["message_id"] == alert["message_id"]
    assert count_with(emulator, ADMIN_CHAT_ID, "紧急预警 ·") == 1
