"""Broadcast through the real `python -m bot` process and the emulator: achieved rate as a share of
BOT_BROADCAST_RATE, peak memory of the bot process, and duplicates and losses after one kill -9 mid-broadcast.

Cases: 10,000 recipients at 200/s, and 1,000 recipients at 25/s (10,000 at 25/s would take 400 s: too
long for a bench; the rate share does not depend on the count). Each run: the recipients and a broadcast
to them are written to a fresh database, the bot starts and sends, is killed with SIGKILL when half the
recipients have their message, is started again, and finishes. The rate is measured from the emulator's
receive times over the sending before and after the crash (start-up and the restart excluded). Peak
memory is the larger VmHWM of the two bot processes. A duplicate is a second message to one recipient;
lost is a recipient with none.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from bench import emit, print_table
from bot.broadcast import Audience, AudienceKind, Content, fingerprint
from bot.config import Settings, describe_error
from bot.emulator.server import BotApiEmulator, ChatEvent
from bot.storage import Storage
from tests.support.botprocess import REPO_ROOT, BotProcess

ADMIN_ID = 30001
FIRST_RECIPIENT = 100_001
CASES = ((200.0, 10_000), (25.0, 1_000))  # (set rate, recipients)
DEADLINE_S = 1800.0  # no figure depends on it; it only stops a hung run


class Deliveries:
    """Every message the emulator received for a recipient, with its arrival time, per bot process."""

    def __init__(self) -> None:
        self.per_recipient: Counter[int] = Counter()
        self.times: list[list[float]] = [[]]

    def listener(self, event: ChatEvent) -> None:
        if event.kind == "sent" and event.chat_id >= FIRST_RECIPIENT:
            self.per_recipient[event.chat_id] += 1
            self.times[-1].append(time.monotonic())

    def next_process(self) -> None:
        self.times.append([])

    def achieved_rate(self) -> float:
        """Messages per second while sending, over both processes (each from its first to its last)."""
        messages = sum(len(times) - 1 for times in self.times if len(times) > 1)
        seconds = sum(times[-1] - times[0] for times in self.times if len(times) > 1)
        return messages / seconds if seconds > 0 else 0.0


def _peak_kb(pid: int) -> int:
    """The process's peak resident set (VmHWM), from /proc."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


async def _watch_memory(bot: BotProcess, peak: list[int]) -> None:
    while True:
        if bot.process is not None:
            peak[0] = max(peak[0], _peak_kb(bot.process.pid))
        await asyncio.sleep(0.2)


async def _seed(database: Path, emulator: BotApiEmulator, recipients: int) -> None:
    store = Storage(database)
    await store.open()
    await emulator.add_user(ADMIN_ID, "管理员")
    await store.users.seen(ADMIN_ID, "管理员", None, "zh")
    for user_id in range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients):
        await emulator.add_user(user_id, "小哥")
        await store.users.seen(user_id, "小哥", None, "zh")
    content = Content(zh="🧊 <b>清凉大礼包</b>今天下午两点在驿站发放")
    audience = Audience(AudienceKind.COURIERS)
    await store.outbox.create_broadcast(
        created_by=ADMIN_ID,
        content=content,
        audience=audience,
        fingerprint=fingerprint(content, audience),
        scheduled_at=None,
    )
    await store.close()


async def _run_case(set_rate: float, recipients: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as folder:
        database = Path(folder) / "bot.db"
        async with BotApiEmulator() as emulator:
            await _seed(database, emulator, recipients)
            deliveries = Deliveries()
            emulator.add_listener(deliveries.listener)
            env = {
                "BOT_BROADCAST_RATE": f"{set_rate:g}",
                "BOT_ADMIN_IDS": str(ADMIN_ID),
                "BOT_LOG_LEVEL": "WARNING",
            }
            peak = [0]
            bot = BotProcess(emulator, database, env)
            await bot.start()
            watcher = asyncio.create_task(_watch_memory(bot, peak))
            await emulator.wait_until(lambda: len(deliveries.per_recipient) >= recipients // 2, DEADLINE_S)
            await bot.kill()
            deliveries.next_process()
            restarted = BotProcess(emulator, database, env)
            watcher.cancel()
            await restarted.start()
            watcher = asyncio.create_task(_watch_memory(restarted, peak))

            def finished() -> bool:
                return any("完成" in str(message.get("text")) for message in emulator.messages_to(ADMIN_ID))

            await emulator.wait_until(finished, DEADLINE_S)
            watcher.cancel()
            await restarted.stop(signal.SIGTERM)
    counts = deliveries.per_recipient
    every = range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients)
    return {
        "recipients": recipients,
        "rate": deliveries.achieved_rate(),
        "rate_share": deliveries.achieved_rate() / set_rate,
        "peak_mb": peak[0] / 1024,
        "duplicates": sum(max(0, counts[user_id] - 1) for user_id in every),
        "lost": sum(1 for user_id in every if counts[user_id] == 0),
    }


def _refused(set_rate: float) -> str | None:
    """The configuration's objection to the rate, if any (the bot would exit at start)."""
    try:
        Settings(broadcast_rate=set_rate, stations_file=REPO_ROOT / "data" / "stations.yaml")
    except ValidationError as error:
        return describe_error(error)
    return None


def run() -> None:
    rows = []
    for set_rate, recipients in CASES:
        refusal = _refused(set_rate)
        if refusal is not None:
            print(f"broadcast at {set_rate:g}/s skipped: {refusal}")
            emit(
                "broadcast_10k",
                set_rate=int(set_rate),
                recipients=recipients,
                skipped="rate_refused_by_config",
            )
            continue
        figures = asyncio.run(_run_case(set_rate, recipients))
        emit(
            "broadcast_10k",
            set_rate=int(set_rate),
            rate_share=figures["rate_share"],
            peak_mb=figures["peak_mb"],
            duplicates=figures["duplicates"],
            lost=figures["lost"],
            recipients=recipients,
        )
        rows.append(
            (
                set_rate,
                recipients,
                figures["rate"],
                figures["rate_share"],
                figures["peak_mb"],
                figures["duplicates"],
                figures["lost"],
            )
        )
    print_table(
        "broadcast through the real bot process and the emulator, one kill -9 at half way",
        ("set_rate", "recipients", "rate", "rate_share", "peak_mb", "duplicates", "lost"),
        rows,
    )
