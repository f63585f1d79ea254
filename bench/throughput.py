"""Updates per second through the whole Application, against a bare echo bot in the same run.

Both applications answer through the same recording request (no network) and without the rate
limiter (which only models Telegram's 30 messages a second), so the ratio is the cost of our handlers
(user tracking, the redelivery check, SQLite, rendering) over python-telegram-bot's own floor.
Updates are processed one after another, as run_polling does without concurrent updates.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import emit, print_table
from bot.channels.telegram.app import build_application
from bot.config import DATA_DIR, Settings
from tests.support import updates
from tests.support.recording import RecordingRequest

ROUNDS = 600
WARMUP = 50
USERS = 200  # distinct couriers, so user rows are inserted and then updated


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


def _scenarios() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    return {
        "start": lambda sender: updates.message(sender, "/start"),
        "location": lambda sender: updates.message(
            sender, location={"latitude": 30.2741, "longitude": 120.1551}
        ),
        "help": lambda sender: updates.message(sender, "/help"),
        "typed_place": lambda sender: updates.message(sender, "武林广场附近"),
    }


async def _rate(
    application: Application[Any, Any, Any, Any, Any, Any], make: Callable[[dict[str, Any]], dict[str, Any]]
) -> float:
    senders = [updates.user(500_000 + index, f"骑手{index}") for index in range(USERS)]
    for index in range(WARMUP):
        await application.process_update(Update.de_json(make(senders[index % USERS]), application.bot))
    batch = [Update.de_json(make(senders[index % USERS]), application.bot) for index in range(ROUNDS)]
    started = time.perf_counter()
    for update in batch:
        await application.process_update(update)
    return ROUNDS / (time.perf_counter() - started)


async def _measure() -> tuple[float, dict[str, float]]:
    echo = ApplicationBuilder().token("123456:BENCH").request(RecordingRequest()).build()
    echo.add_handler(MessageHandler(filters.ALL, _echo))
    async with echo:
        echo_rate = await _rate(echo, lambda sender: updates.message(sender, "ping"))

    ours: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            token="123456:BENCH",  # type: ignore[arg-type]
            database=Path(folder) / "bench.db",
            stations_file=DATA_DIR / "stations.yaml",
            heat_provider="none",
        )
        application = build_application(settings, request=RecordingRequest(), rate_limited=False)
        await application.initialize()
        assert application.post_init is not None and application.post_shutdown is not None
        await application.post_init(application)
        try:
            for name, make in _scenarios().items():
                ours[name] = await _rate(application, make)
        finally:
            await application.shutdown()
            await application.post_shutdown(application)
    return echo_rate, ours


def run() -> None:
    echo_rate, ours = asyncio.run(_measure())
    slowest = min(ours, key=lambda name: ours[name])
    rows = [("echo (PTB floor)", echo_rate, 1.0)] + [
        (name, rate, echo_rate / rate) for name, rate in ours.items()
    ]
    print_table(
        "Updates per second through Application.process_update", ["handler", "per_s", "cost_vs_echo"], rows
    )
    emit(
        "throughput",
        echo_per_s=echo_rate,
        ours_per_s=ours[slowest],
        slowest=slowest,
        overhead=echo_rate / ours[slowest],
    )
