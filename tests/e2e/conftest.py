"""End-to-end fixtures: the emulator in the test process, the real bot as a subprocess."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.emulator.server import BotApiEmulator
from tests.support.botprocess import BotProcess

pytestmark = pytest.mark.e2e

ADMIN_ID = 30001
ADMIN_CHAT_ID = -100300


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as running:
        await running.add_user(ADMIN_ID, "管理员", language_code="zh-hans")
        await running.add_group(ADMIN_CHAT_ID, "管理员群", member_ids=[ADMIN_ID])
        yield running


@pytest.fixture
def make_bot(emulator: BotApiEmulator, tmp_path: Path) -> Callable[..., BotProcess]:
    def factory(**env: str) -> BotProcess:
        defaults = {"BOT_ADMIN_IDS": str(ADMIN_ID), "BOT_ADMIN_CHAT_ID": str(ADMIN_CHAT_ID)}
        return BotProcess(emulator, tmp_path / "bot.db", {**defaults, **env})

    return factory


@pytest.fixture
async def bot(make_bot: Callable[..., BotProcess]) -> AsyncIterator[BotProcess]:
    process = make_bot()
    await process.start()
    yield process
    await process.stop()
