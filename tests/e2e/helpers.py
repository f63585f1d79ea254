"""What the end-to-end tests do as people in a chat: find a message by what it says, press its buttons,
and read the bot's database the way an operator would (read-only)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.support.botprocess import REPO_ROOT

Json = dict[str, Any]
LONG = 60.0  # generous deadlines for waits: nothing asserts a duration


async def run_bot_command(*arguments: str, env: dict[str, str]) -> tuple[int, str, str]:
    """`python -m bot ARGUMENTS` as an operator runs it: (exit code, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        cwd=REPO_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def text_of(message: Json) -> str:
    return str(message.get("text") or message.get("caption") or "")


def labels(message: Json) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [str(button["text"]) for row in markup.get("inline_keyboard", []) for button in row]


def callback_data(message: Json, label: str) -> str:
    markup = message.get("reply_markup") or {}
    return next(
        str(button["callback_data"])
        for row in markup.get("inline_keyboard", [])
        for button in row
        if button["text"] == label
    )


def _latest_with(emulator: BotApiEmulator, chat_id: int, fragment: str, since: int) -> Json | None:
    for message in reversed(emulator.messages_to(chat_id)[since:]):
        if fragment in text_of(message) or fragment in labels(message):
            return message
    return None


async def message_with(emulator: BotApiEmulator, chat_id: int, fragment: str, *, since: int = 0) -> Json:
    """The latest bot message to the chat (edits applied) whose text or a button says `fragment`,
    once there is one; `since` skips the chat's first messages (a count from `sent`)."""
    await emulator.wait_until(lambda: _latest_with(emulator, chat_id, fragment, since) is not None, LONG)
    found = _latest_with(emulator, chat_id, fragment, since)
    assert found is not None
    return found


def sent(emulator: BotApiEmulator, chat_id: int) -> int:
    """How many messages the bot has sent to the chat so far: a `since` for later waits."""
    return len(emulator.messages_to(chat_id))


def count_with(emulator: BotApiEmulator, chat_id: int, fragment: str) -> int:
    return sum(fragment in text_of(message) for message in emulator.messages_to(chat_id))


async def press(emulator: BotApiEmulator, user_id: int, label: str, *, chat_id: int | None = None) -> Json:
    """Presses the button `label` on the latest message that shows it; returns that message."""
    message = await message_with(emulator, chat_id or user_id, label)
    await emulator.press_button(user_id, int(message["message_id"]), label, chat_id=chat_id)
    return message


async def log_three_hours(emulator: BotApiEmulator, user_id: int) -> Json:
    """/volunteer through the buttons up to the summary; returns the message with ✅ 确认提交."""
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    await emulator.ask(user_id, "/volunteer", timeout=LONG)
    await press(emulator, user_id, "🏠 驿站值守")
    await press(emulator, user_id, "昨天")
    await press(emulator, user_id, "08:00")
    await press(emulator, user_id, "3 小时")
    await message_with(emulator, user_id, "在哪儿服务的")
    await emulator.send_location(user_id, station.lat, station.lon)
    near = await message_with(emulator, user_id, "点附近的驿站")
    await emulator.press_button(user_id, int(str(near["message_id"])), 0)
    await press(emulator, user_id, "跳过，不发照片")
    return await message_with(emulator, user_id, "✅ 确认提交")


def query(database: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Reads the bot's SQLite file read-only, while the bot runs (WAL lets readers in)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


async def poll(condition: Callable[[], bool]) -> None:
    """Waits for a condition on the bot's database: another process writes it, so no event tells us."""
    async with asyncio.timeout(LONG):
        while not condition():  # noqa: ASYNC110 - nothing in this process to wait on
            await asyncio.sleep(0.2)


def move_event_back(database: Path, hours: int) -> None:
    """Event 1 starts (and its attendance was taken) `hours` earlier: what the clock would have done
    while the bot was down."""
    connection = sqlite3.connect(database)
    try:
        (starts_at,) = connection.execute("SELECT starts_at FROM events WHERE id = 1").fetchone()
        earlier = datetime.fromisoformat(starts_at) - timedelta(hours=hours)
        with connection:
            connection.execute("UPDATE events SET starts_at = ? WHERE id = 1", (earlier.isoformat(),))
            connection.execute(
                "UPDATE event_signups SET attended_at = ? WHERE event_id = 1", (earlier.isoformat(),)
            )
    finally:
        connection.close()
