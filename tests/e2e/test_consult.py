"""A consultation through the real process: an admin asks one question, a courier answers it anonymously
with one tap, and the admin sees the count."""

from __future__ import annotations

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, message_with, press, sent, text_of
from tests.support.botprocess import BotProcess

COURIER = 43101


async def test_an_admin_runs_a_one_question_consultation_and_sees_the_count(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.ask(COURIER, "/start", timeout=LONG)
    await emulator.ask(ADMIN_ID, "/consult", timeout=LONG)
    await emulator.ask(ADMIN_ID, "驿站开放时间", timeout=LONG)
    await emulator.ask(ADMIN_ID, "晚上要不要开到 22 点?\n要\n不要", timeout=LONG)
    await press(emulator, ADMIN_ID, "✅ 问题写完了")
    await press(emulator, ADMIN_ID, "所有人")
    await press(emulator, ADMIN_ID, "✅ 确认发送")
    await message_with(emulator, ADMIN_ID, "已交给发送队列")

    invitation = await message_with(emulator, COURIER, "晚上要不要开到 22 点?")
    assert "匿名" in text_of(invitation)
    await press(emulator, COURIER, "🙈 匿名回答")
    question = await message_with(emulator, COURIER, "问题 1/1")
    before = sent(emulator, COURIER)
    await emulator.press_button(COURIER, int(question["message_id"]), "要")
    await message_with(emulator, COURIER, "谢谢", since=before)

    await emulator.send_text(ADMIN_ID, "/consult results 1")
    results = await message_with(emulator, ADMIN_ID, "1. 要 — 1")
    assert "2. 不要 — 0" in text_of(results)
