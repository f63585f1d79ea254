"""Updates per second through 1, 2 and 4 real worker processes in webhook mode on one PostgreSQL database,
behind the emulator's round-robin (a load balancer), against one worker in the same run.

Four workers start once; each round sends its updates to the first 1, 2 or 4 of them. Every update is a
shared location from a courier the bot has not met (registration, the redelivery record, the nearest
stations, two answers), all sent at once, and the round ends when every answer has arrived. The workers run
the real application without the AIORateLimiter, which models Telegram's 30 messages a second per process
(the throughput bench makes the same choice), so what is measured is the workers' work. The emulator, the
workers and PostgreSQL share the machine's cores: on 2 cores, 4 workers cannot be 4 times one.
`cpu_ms_per_update` is the workers' own CPU time (user + system) per update, PostgreSQL's not included.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from pathlib import Path

from bench import emit, print_table
from bench.storage import _postgres_database
from bot.emulator.server import BotApiEmulator, ChatEvent
from tests.support.botprocess import REPO_ROOT, TEST_TOKEN

WORKERS = 4
UPDATES_PER_ROUND = 200
WARMUP_UPDATES = 20
ROUNDS = (1, 2, 4)
SECRET = "bench-workers-secret"
HANGZHOU = (30.2741, 120.1551)
DEADLINE_S = 120.0  # a guard against a hang, not a measurement
# The real application and webhook server of `python -m bot`, built without the rate limiter.
WORKER = """
from bot.__main__ import receive_updates
from bot.channels.telegram.app import build_application
from bot.config import load_settings
from bot.logs import configure_logging

settings = load_settings()
configure_logging("WARNING", [settings.token.get_secret_value()])
receive_updates(build_application(settings, rate_limited=False), settings)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class _Answers:
    """Counts the bot's messages to each chat as the emulator receives them."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.total = 0
        emulator.add_listener(self._heard)

    def _heard(self, event: ChatEvent) -> None:
        if event.kind == "sent":
            self.total += 1


async def _start_workers(emulator: BotApiEmulator, database: str) -> list[asyncio.subprocess.Process]:
    """Started together (a cold start costs seconds of CPU each), ready once each has set its webhook."""
    processes = []
    calls = sum(1 for call in emulator.requests if call.method == "setWebhook")
    for _ in range(WORKERS):
        port = _free_port()
        address = f"http://127.0.0.1:{port}/telegram"
        environment = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
        environment.update(
            BOT_TOKEN=TEST_TOKEN,
            BOT_API_BASE_URL=emulator.base_url,
            BOT_DATABASE=database,
            BOT_STATIONS_FILE=str(REPO_ROOT / "data" / "stations.yaml"),
            BOT_HEAT_PROVIDER="none",
            BOT_WEBHOOK_URL=address,
            BOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            BOT_WEBHOOK_SECRET=SECRET,
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WORKER, cwd=REPO_ROOT, env=environment, stderr=asyncio.subprocess.DEVNULL
        )
        processes.append(process)
        emulator.webhook_backends.append(address)
    await emulator.wait_until(
        lambda: sum(1 for call in emulator.requests if call.method == "setWebhook") >= calls + WORKERS,
        DEADLINE_S,
    )
    return processes


async def _round(
    emulator: BotApiEmulator, answers: _Answers, first_user: int, count: int, answers_each: int
) -> float:
    """Updates per second: `count` couriers each share a location at once."""
    users = range(first_user, first_user + count)
    for user_id in users:
        await emulator.add_user(user_id, "骑手")
    expected = answers.total + count * answers_each
    started = time.perf_counter()
    await asyncio.gather(*(emulator.send_location(user_id, *HANGZHOU) for user_id in users))
    await emulator.wait_until(lambda: answers.total >= expected, DEADLINE_S)
    return count / (time.perf_counter() - started)


async def _measure() -> tuple[dict[int, float], float]:
    rates: dict[int, float] = {}
    async with _postgres_database() as database, BotApiEmulator() as emulator:
        assert isinstance(database, str)
        answers = _Answers(emulator)
        processes = await _start_workers(emulator, database)
        backends = list(emulator.webhook_backends)
        try:
            before = answers.total
            await emulator.add_user(800_000, "骑手")
            await emulator.send_location(800_000, *HANGZHOU)
            await emulator.wait_until(lambda: answers.total > before, DEADLINE_S)
            await asyncio.sleep(1.0)  # every answer of that update has arrived
            answers_each = answers.total - before
            await _round(emulator, answers, 800_001, WARMUP_UPDATES, answers_each)  # every worker warm
            cpu_before = sum(_cpu_seconds(process.pid) for process in processes)
            for index, workers in enumerate(ROUNDS):
                emulator.webhook_backends = backends[:workers]
                first_user = 900_000 + index * UPDATES_PER_ROUND
                rates[workers] = await _round(emulator, answers, first_user, UPDATES_PER_ROUND, answers_each)
            cpu = sum(_cpu_seconds(process.pid) for process in processes) - cpu_before
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                await process.wait()
    return rates, cpu * 1000 / (UPDATES_PER_ROUND * len(ROUNDS))


def run() -> None:
    rates, cpu_ms = asyncio.run(_measure())
    print_table(
        f"Updates per second through worker processes (webhooks, PostgreSQL, {os.cpu_count()} cores)",
        ["workers", "per_s", "vs_one"],
        [(workers, rates[workers], rates[workers] / rates[1]) for workers in ROUNDS],
    )
    emit(
        "workers",
        n1_per_s=rates[1],
        n2_per_s=rates[2],
        n4_per_s=rates[4],
        scaling_4=rates[4] / rates[1],
        cpu_ms_per_update=cpu_ms,
        cores=os.cpu_count() or 0,
    )
