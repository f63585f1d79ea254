"""The real bot process against the emulator: welcome, help per role, language across a restart,
clean exits on signals, configuration errors and a rejected token."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable

import pytest

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_ID
from tests.support.botprocess import REPO_ROOT, TEST_TOKEN, BotProcess

COURIER, ENGLISH_COURIER = 40001, 40002


def texts(messages: list[dict[str, object]]) -> list[str]:
    return [str(message.get("text") or message.get("caption") or "") for message in messages]


async def test_start_welcomes_in_chinese(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(COURIER, "刘凤叶", language_code="zh-hans")
    [welcome] = await emulator.ask(COURIER, "/start")
    assert "刘凤叶，你好" in str(welcome["text"])
    assert "发送位置" in str(welcome["reply_keyboard"])


async def test_start_welcomes_in_english(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(ENGLISH_COURIER, "Alex", language_code="en-US")
    [welcome] = await emulator.ask(ENGLISH_COURIER, "/start")
    assert "Hello, Alex!" in str(welcome["text"])


async def test_help_lists_the_commands_of_each_role(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(COURIER, "小王")
    [courier_help] = await emulator.ask(COURIER, "/help")
    [admin_help] = await emulator.ask(ADMIN_ID, "/help")
    assert "/nearest" in str(courier_help["text"]) and "管理员" not in str(courier_help["text"])
    assert "/nearest" in str(admin_help["text"])


async def test_menus_are_set_in_both_languages(emulator: BotApiEmulator, bot: BotProcess) -> None:
    menus = {key: [command["command"] for command in commands] for key, commands in emulator.commands.items()}
    english = next(commands for (scope, language), commands in menus.items() if language == "en")
    chinese = next(commands for (scope, language), commands in menus.items() if language == "zh")
    assert "start" in english and "nearest" in chinese


async def test_a_language_switch_survives_a_restart(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    await emulator.add_user(COURIER, "小王", language_code="zh-hans")
    first = make_bot()
    await first.start()
    [chooser] = await emulator.ask(COURIER, "/language")
    emulator.mark(COURIER)
    await emulator.press_button(COURIER, chooser["message_id"], "English")
    await emulator.wait_until(
        lambda: "Switched to English" in str(emulator.messages_to(COURIER)[-1].get("text")), timeout=20
    )
    assert await first.stop() == 0

    second = make_bot()
    await second.start()
    [answer] = await emulator.ask(COURIER, "/help")
    assert "What I can do" in str(answer["text"])
    assert await second.stop() == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_signals_stop_the_bot_with_exit_code_0(bot: BotProcess, sig: int) -> None:
    assert await bot.stop(sig) == 0


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("BOT_ADMIN_IDS", "abc", "configuration error: BOT_ADMIN_IDS: 'abc' is not a Telegram user id"),
        (
            "BOT_STATIONS_FILE",
            "/nowhere.yaml",
            "configuration error: BOT_STATIONS_FILE: file '/nowhere.yaml'",
        ),
        ("BOT_GEOCODER", "google", "configuration error: BOT_GEOCODER: must be"),
    ],
)
async def test_bad_settings_exit_2_with_one_line(
    make_bot: Callable[..., BotProcess], variable: str, value: str, expected: str
) -> None:
    process = make_bot(**{variable: value})
    await process.start(wait_until_polling=False)
    assert await process.wait() == 2
    stderr = await process.read_stderr()
    assert stderr.strip().startswith(expected)
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


async def test_a_broken_stations_file_names_the_station_and_field(
    make_bot: Callable[..., BotProcess], tmp_path: object
) -> None:
    from pathlib import Path

    broken = Path(str(tmp_path)) / "stations.yaml"
    source = (REPO_ROOT / "data" / "stations.yaml").read_text(encoding="utf-8")
    broken.write_text(source.replace('"08:00-20:00"', '"25:00-26:00"', 1), encoding="utf-8")
    process = make_bot(BOT_STATIONS_FILE=str(broken))
    await process.start(wait_until_polling=False)
    assert await process.wait() == 2
    stderr = (await process.read_stderr()).strip()
    assert len(stderr.splitlines()) == 1 and "shangcheng-djzx" in stderr and "hours" in stderr


async def test_a_missing_token_exits_2(make_bot: Callable[..., BotProcess]) -> None:
    process = make_bot(BOT_TOKEN="")
    environment = process.environment()
    environment.pop("BOT_TOKEN")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=REPO_ROOT, env=environment, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await proc.communicate()
    assert proc.returncode == 2 and b"BOT_TOKEN" in stderr


async def test_a_rejected_token_exits_1_without_printing_it(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    emulator.rejected_tokens.add(TEST_TOKEN)
    process = make_bot()
    await process.start(wait_until_polling=False)
    assert await process.wait() == 1
    stderr = await process.read_stderr()
    assert "BOT_TOKEN was rejected by Telegram" in stderr
    assert TEST_TOKEN not in stderr and "TEST-token" not in stderr and "Traceback" not in stderr


async def test_the_token_never_appears_in_the_logs(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    process = make_bot(BOT_LOG_LEVEL="DEBUG")
    await process.start()
    await emulator.add_user(COURIER, "小王")
    await emulator.ask(COURIER, "/start")
    assert await process.stop() == 0
    logs = await process.read_stderr()
    assert "getUpdates" in logs or "getMe" in logs or logs  # DEBUG logs something
    assert TEST_TOKEN not in logs and "TEST-token_e2e" not in logs
