"""Faults of the Bot API against the real process: 429 with retry_after, 500, slow answers and dropped
connections on getUpdates and on sendMessage. The bot keeps serving, retries what is worth retrying,
keeps what it stored, and answers each update once, also when a kill -9 makes Telegram deliver it again."""

from __future__ import annotations

from collections.abc import Callable

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import LONG, count_with, log_three_hours, message_with, sent, text_of
from tests.support.botprocess import BotProcess

FIRST_USER = 47001
HELP = "我能做的事"
APOLOGY = "抱歉，出了点问题"


def answers(emulator: BotApiEmulator, user_id: int) -> list[str]:
    return [text_of(message) for message in emulator.messages_to(user_id)]


async def test_faults_on_get_updates_delay_but_never_lose_or_repeat_an_answer(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    first, second = FIRST_USER, FIRST_USER + 1
    await emulator.add_user(first, "小哥")
    await emulator.add_user(second, "老李")
    for kind in ("retry_after", "server_error", "drop", "slow"):
        emulator.inject_fault("getUpdates", kind, retry_after=1, delay=2)
    # The waiting long poll brings the first /help; each later poll meets one fault, in order, so the
    # second /help can only arrive through the poll after the last fault.
    [answer] = await emulator.ask(first, "/help", timeout=LONG)
    assert HELP in text_of(answer)
    [answer] = await emulator.ask(second, "/help", timeout=LONG)
    assert HELP in text_of(answer)
    await emulator.wait_until(lambda: not emulator.pending_updates, LONG)  # confirmed, not redelivered
    assert len(answers(emulator, first)) == 1 and len(answers(emulator, second)) == 1


async def test_faults_on_sends_are_retried_or_apologised_for_and_lose_nothing(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    courier = FIRST_USER
    await emulator.add_user(courier, "小哥")
    # 429 is waited out and retried; a slow answer is waited for: one answer each.
    for kind in ("retry_after", "slow"):
        emulator.inject_fault("sendMessage", kind, retry_after=1, delay=2)
        [answer] = await emulator.ask(courier, "/help", timeout=LONG)
        assert HELP in text_of(answer)
    # A 500 or a dropped connection may or may not have delivered: not resent, an apology instead.
    admin_before = sent(emulator, ADMIN_CHAT_ID)
    for kind in ("server_error", "drop"):
        emulator.inject_fault("sendMessage", kind)
        [answer] = await emulator.ask(courier, "/help", timeout=LONG)
        assert APOLOGY in text_of(answer)
        # The admins' notice, sent once for the same failure within minutes (test_errors.py counts them).
        await message_with(emulator, ADMIN_CHAT_ID, "NetworkError", since=admin_before)

    # The admin chat's card of new hours meets a 500 (the only message sent after the press: the courier's
    # answer is an edit): the outbox retries it, and it arrives once; the hours are stored all along.
    summary = await log_three_hours(emulator, courier)
    emulator.inject_fault("sendMessage", "server_error")
    await emulator.press_button(courier, int(str(summary["message_id"])), "✅ 确认提交")
    await message_with(emulator, courier, "已提交（编号 #1）")
    await message_with(emulator, ADMIN_CHAT_ID, "志愿时长待审核 #1")
    assert count_with(emulator, ADMIN_CHAT_ID, "志愿时长待审核 #1") == 1
    [pending] = await emulator.ask(ADMIN_ID, "/pending", timeout=LONG)
    assert "待审核 1 条" in text_of(pending) and "#1" in text_of(pending)
    [answer] = await emulator.ask(courier, "/help", timeout=LONG)
    assert HELP in text_of(answer)


async def test_an_update_redelivered_after_kill_9_is_not_answered_again(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    courier = FIRST_USER
    await emulator.add_user(courier, "小哥")
    first = make_bot()
    await first.start()
    # The poll after the one that brings /help hangs, so the bot answers it but never confirms it.
    emulator.inject_fault("getUpdates", "slow", delay=10 * LONG)
    [answer] = await emulator.ask(courier, "/help", timeout=LONG)
    assert HELP in text_of(answer)
    [unconfirmed] = emulator.pending_updates
    await first.kill()

    second = make_bot()
    await second.start()
    await emulator.wait_until(lambda: emulator.updates_confirmed >= unconfirmed["update_id"], LONG)
    await emulator.ask(courier, "/start", timeout=LONG)
    replies = answers(emulator, courier)
    assert len(replies) == 2 and HELP in replies[0] and "你好" in replies[1]  # /help once, /start once
    assert await second.stop() == 0
