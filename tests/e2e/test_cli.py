"""The admin tasks of `python -m bot COMMAND`: help, and a backup taken while the bot runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.emulator.server import BotApiEmulator
from tests.e2e.helpers import run_bot_command
from tests.support.botprocess import BotProcess


@pytest.mark.parametrize("task", ["", "qr", "export", "backup"])
async def test_every_task_has_help(bot: BotProcess, task: str) -> None:
    code, out, _ = await run_bot_command(*([task] if task else []), "--help", env=bot.environment())
    assert code == 0 and "usage: python -m bot" in out


async def test_backup_while_the_bot_runs(emulator: BotApiEmulator, bot: BotProcess, tmp_path: Path) -> None:
    await emulator.add_user(42001, "小孙")
    await emulator.ask(42001, "/start")
    target = tmp_path / "backup.db"
    code, _, err = await run_bot_command("backup", str(target), env=bot.environment())
    assert code == 0 and "pages copied" in err
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT first_name FROM users WHERE id = 42001").fetchone() == ("小孙",)
