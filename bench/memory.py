"""A worker's memory at rest: the real `python -m bot` polling the emulator, against a bare
python-telegram-bot echo bot polling the same emulator in the same run.

N workers multiply this figure, so what is heavy (scipy's k-d tree, geopy's geocoders, the intent
router's dictionaries) is imported when first used, not at start.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bench import emit, print_table
from bot.emulator.server import BotApiEmulator
from tests.support.botprocess import REPO_ROOT, TEST_TOKEN, BotProcess

SETTLE_S = 2.0  # after the first poll: start-up work (menus, jobs) is done and the process idles
ECHO_BOT = """
import sys
from telegram.ext import ApplicationBuilder, MessageHandler, filters

async def echo(update, context):
    await update.effective_message.reply_text(update.effective_message.text or "")

application = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
application.add_handler(MessageHandler(filters.ALL, echo))
application.run_polling()
"""


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _polling_rss(emulator: BotApiEmulator, process: asyncio.subprocess.Process) -> float:
    polls = sum(1 for call in emulator.requests if call.method == "getUpdates")
    await emulator.wait_until(
        lambda: sum(1 for call in emulator.requests if call.method == "getUpdates") > polls + 1, 60.0
    )
    await asyncio.sleep(SETTLE_S)
    return _rss_mb(process.pid)


async def _measure() -> tuple[float, float]:
    async with BotApiEmulator() as emulator:
        echo = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            ECHO_BOT,
            TEST_TOKEN,
            emulator.base_url,
            cwd=REPO_ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            floor = await _polling_rss(emulator, echo)
        finally:
            echo.terminate()
            await echo.wait()
        with tempfile.TemporaryDirectory() as folder:
            worker = BotProcess(emulator, Path(folder) / "bench.db")
            await worker.start()
            try:
                assert worker.process is not None
                ours = await _polling_rss(emulator, worker.process)
            finally:
                await worker.stop()
    return ours, floor


def run() -> None:
    ours, floor = asyncio.run(_measure())
    print_table(
        "Resident memory of a polling process at rest (MB)",
        ["process", "rss_mb", "vs_floor"],
        [("bare PTB echo bot", floor, 1.0), ("xiaoge-bot worker", ours, ours / floor)],
    )
    emit("memory", worker_rss_mb=ours, ptb_floor_mb=floor, ratio=ours / floor)
