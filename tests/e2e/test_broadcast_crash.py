"""The real bot process broadcasting through the emulator: kill -9 in the middle of 2,000 recipients and a
restart (nobody skipped, duplicates only for the few in flight), and injected 429s and 403s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.emulator.server import BotApiEmulator, ChatEvent
from bot.outbox import MAX_IN_FLIGHT
from bot.storage import Storage
from tests.e2e.conftest import ADMIN_ID
from tests.support.botprocess import BotProcess

FIRST_COURIER = 50001
INTERACTIVE_USER = 40999
LONG = 600.0  # generous deadlines: nothing here asserts a duration


async def seed_couriers(emulator: BotApiEmulator, database: Path | str, count: int) -> list[int]:
    """Couriers the bot already knows (as after their /start), and their chats in the emulator."""
    ids = list(range(FIRST_COURIER, FIRST_COURIER + count))
    store = Storage(database)
    await store.open()
    for user_id in ids:
        await emulator.add_user(user_id, "小哥")
        await store.users.seen(user_id, "小哥", None, "zh")
    await store.close()
    return ids


def count_deliveries(emulator: BotApiEmulator) -> Counter[int]:
    received: Counter[int] = Counter()

    def listener(event: ChatEvent) -> None:
        if event.kind == "sent" and event.chat_id >= FIRST_COURIER:
            received[event.chat_id] += 1

    emulator.add_listener(listener)
    return received


def labels(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


async def admin_message_with(emulator: BotApiEmulator, fragment: str) -> dict[str, object]:
    """The latest message to the admin whose text or buttons contain `fragment`, once there is one."""

    def found() -> dict[str, object] | None:
        for message in reversed(emulator.messages_to(ADMIN_ID)):
            if fragment in str(message.get("text") or message.get("caption")) or fragment in labels(message):
                return message
        return None

    await emulator.wait_until(lambda: found() is not None, LONG)
    message = found()
    assert message is not None
    return message


async def press(emulator: BotApiEmulator, fragment: str, label: str) -> None:
    message = await admin_message_with(emulator, fragment)
    await emulator.press_button(ADMIN_ID, int(str(message["message_id"])), label)


async def broadcast_as_admin(
    emulator: BotApiEmulator,
    text: str,
    audience_label: str,
    before_sending: Callable[[], None] = lambda: None,
) -> None:
    """The admin's whole /broadcast conversation, through the buttons a person would press;
    `before_sending` runs after the preview, when only edits come before the deliveries."""
    await emulator.send_text(ADMIN_ID, "/broadcast")
    await admin_message_with(emulator, "请发送中文版内容")
    await emulator.send_text(ADMIN_ID, text)
    await press(emulator, "跳过英文版", "跳过英文版")
    await press(emulator, audience_label, audience_label)
    await admin_message_with(emulator, "什么时候发")
    before_sending()
    await press(emulator, "🚀 现在发", "🚀 现在发")
    await press(emulator, "✅ 确认发送", "✅ 确认发送")
    await admin_message_with(emulator, "群发 #")


def final_report(emulator: BotApiEmulator) -> str | None:
    found = [str(m.get("text")) for m in emulator.messages_to(ADMIN_ID) if "完成" in str(m.get("text"))]
    return found[-1] if found else None


async def test_kill_9_in_the_middle_of_2000_recipients(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess], tmp_path: Path
) -> None:
    couriers = await seed_couriers(emulator, tmp_path / "bot.db", 2000)
    received = count_deliveries(emulator)
    bot = make_bot(BOT_BROADCAST_RATE="30")
    await bot.start()
    await broadcast_as_admin(emulator, "🧊 清凉大礼包今天下午两点在驿站发放", "小哥（普通用户）")
    await emulator.wait_until(lambda: len(received) >= 300, LONG)
    await emulator.add_user(INTERACTIVE_USER, "老李")
    [answer] = await emulator.ask(INTERACTIVE_USER, "/help", timeout=LONG)  # answered while it sends
    assert "/start" in str(answer["text"])
    await emulator.wait_until(lambda: len(received) >= 700, LONG)
    await bot.kill()
    before_restart = dict(received)
    restarted = make_bot(BOT_BROADCAST_RATE="30")
    await restarted.start()
    await emulator.wait_until(lambda: final_report(emulator) is not None, LONG)
    await restarted.stop()
    missing = [user_id for user_id in couriers if received[user_id] == 0]
    twice = [user_id for user_id in couriers if received[user_id] == 2]
    assert missing == []
    assert max(received.values()) <= 2
    assert len(twice) <= MAX_IN_FLIGHT  # only messages in flight at the kill can go twice
    assert all(before_restart.get(user_id) == 1 for user_id in twice)
    assert "共 2,000" in str(final_report(emulator)) or "共 2000" in str(final_report(emulator))


async def test_429_is_waited_out_and_403_marks_the_user_blocked(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess], tmp_path: Path
) -> None:
    couriers = await seed_couriers(emulator, tmp_path / "bot.db", 40)
    received = count_deliveries(emulator)
    bot = make_bot()
    await bot.start()

    def inject() -> None:
        emulator.inject_fault("sendMessage", "retry_after", count=1, retry_after=2)
        emulator.inject_fault("sendMessage", "forbidden", count=2)

    await broadcast_as_admin(emulator, "高温预警:中午少跑单,多喝水", "小哥（普通用户）", inject)
    await emulator.wait_until(lambda: final_report(emulator) is not None, LONG)
    report = str(final_report(emulator))
    # The 429 is waited out and retried (nobody lost); the two 403s are recorded as blocked, not retried.
    refused = [user_id for user_id in couriers if received[user_id] == 0]
    assert len(refused) == 2 and "已屏蔽 2" in report
    assert all(received[user_id] == 1 for user_id in couriers if user_id not in refused)
    # A second broadcast skips the couriers who answered 403.
    await broadcast_as_admin(emulator, "第二条通知", "小哥（普通用户）")
    await emulator.wait_until(lambda: sum(received.values()) >= 2 * len(couriers) - 2 * len(refused), LONG)
    assert all(received[user_id] == 0 for user_id in refused)
    assert await bot.stop() == 0
