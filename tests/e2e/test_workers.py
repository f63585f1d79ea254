"""Two real workers in webhook mode on one PostgreSQL database, behind the emulator's round-robin as behind
a load balancer: a form continues across them, a scheduled broadcast fires once and both workers drain it
with one message per courier, and a worker killed with kill -9 in the middle of a broadcast loses nobody's
message."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from bot.broadcast import Audience, AudienceKind, Content
from bot.emulator.server import BotApiEmulator
from bot.outbox import MAX_IN_FLIGHT
from bot.storage import Storage
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import log_three_hours, message_with, press, sent
from tests.e2e.test_broadcast_crash import broadcast_as_admin, count_deliveries, final_report, seed_couriers
from tests.e2e.test_webhook import free_port
from tests.support.botprocess import BotProcess

VOLUNTEER = 42001
SECRET = "workers_e2e-secret"
LONG = 600.0  # generous deadlines: nothing here asserts a duration
SCHEDULED_IN = timedelta(seconds=60)  # both workers are up by then, with the job rebuilt at their start


@dataclass
class Workers:
    processes: list[BotProcess]
    addresses: list[str]

    async def stop(self) -> list[str]:
        """Stops the living workers; every worker's log."""
        for process in self.processes:
            if process.process is not None and process.process.returncode is None:
                assert await process.stop() == 0
        return [await process.read_stderr() for process in self.processes]


@pytest.fixture
async def workers(emulator: BotApiEmulator, empty_postgres: str) -> AsyncIterator[Workers]:
    """Two workers, not yet started: a test seeds the database first."""
    ports = [free_port(), free_port()]
    addresses = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    emulator.webhook_backends = addresses
    processes = [
        BotProcess(
            emulator,
            empty_postgres,
            {
                "BOT_ADMIN_IDS": str(ADMIN_ID),
                "BOT_ADMIN_CHAT_ID": str(ADMIN_CHAT_ID),
                "BOT_WEBHOOK_URL": address,
                "BOT_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "BOT_WEBHOOK_SECRET": SECRET,
                "BOT_BROADCAST_RATE": "30",
            },
        )
        for address, port in zip(addresses, ports, strict=True)
    ]
    running = Workers(processes, addresses)
    yield running
    for process in processes:
        if process.process is not None and process.process.returncode is None:
            await process.kill()


async def schedule_broadcast(database: str, text: str, when: datetime) -> int:
    store = Storage(database)
    await store.open()
    try:
        return await store.outbox.create_broadcast(
            created_by=ADMIN_ID,
            content=Content(zh=text),
            audience=Audience(AudienceKind.COURIERS),
            fingerprint=text,
            scheduled_at=when,
        )
    finally:
        await store.close()


async def fetch(database: str, sql: str, *args: object) -> list[asyncpg.Record]:
    """Reads the workers' database as an operator would."""
    connection = await asyncpg.connect(database)
    try:
        return list(await connection.fetch(sql, *args))
    finally:
        await connection.close()


async def test_a_form_continues_across_workers_and_a_scheduled_broadcast_goes_out_once(
    emulator: BotApiEmulator, workers: Workers, empty_postgres: str
) -> None:
    couriers = await seed_couriers(emulator, empty_postgres, 150)
    received = count_deliveries(emulator)
    batch_id = await schedule_broadcast(
        empty_postgres, "今晚八点驿站发放清凉包", datetime.now(UTC) + SCHEDULED_IN
    )
    for process in workers.processes:
        await process.start()

    await emulator.add_user(VOLUNTEER, "刘凤叶", language_code="zh-hans")
    summary = await log_three_hours(emulator, VOLUNTEER)  # ten steps, each on the next worker
    assert "3" in str(summary["text"])
    await press(emulator, VOLUNTEER, "✅ 确认提交")
    await message_with(emulator, VOLUNTEER, "已提交")
    answered_by = {target for target, status in emulator.webhook_deliveries if status == 200}
    assert answered_by == set(workers.addresses)

    await emulator.wait_until(lambda: final_report(emulator) is not None, LONG)
    assert [user_id for user_id in couriers if received[user_id] != 1] == []
    assert sum("完成" in str(message.get("text")) for message in emulator.messages_to(ADMIN_ID)) == 1
    senders = await fetch(
        empty_postgres,
        "SELECT DISTINCT claimed_by FROM outbox_deliveries WHERE batch_id = $1 AND status = 'sent'",
        batch_id,
    )
    assert len(senders) == 2  # both workers sent part of it
    runs = await fetch(
        empty_postgres, "SELECT claimed_by FROM job_runs WHERE job_name = $1", f"broadcast-{batch_id}"
    )
    assert len(runs) == 1

    logs = await workers.stop()
    fired = [line for log in logs for line in log.splitlines() if f"job broadcast-{batch_id} due" in line]
    assert sorted("runs here" in line for line in fired) == [False, True]  # fired on both, run on one


async def test_a_worker_killed_in_the_middle_of_a_broadcast_loses_no_delivery(
    emulator: BotApiEmulator, workers: Workers, empty_postgres: str
) -> None:
    couriers = await seed_couriers(emulator, empty_postgres, 400)
    received = count_deliveries(emulator)
    for process in workers.processes:
        await process.start()
    await broadcast_as_admin(emulator, "🧊 清凉大礼包今天下午两点在驿站发放", "小哥（普通用户）")
    await emulator.wait_until(lambda: len(received) >= 100, LONG)
    killed, survivor = workers.processes
    await killed.kill()
    before_kill = Counter(received)
    await emulator.wait_until(lambda: final_report(emulator) is not None, LONG)  # after the lease ran out
    assert [user_id for user_id in couriers if received[user_id] == 0] == []
    twice = [user_id for user_id in couriers if received[user_id] == 2]
    assert max(received.values()) <= 2
    assert len(twice) <= MAX_IN_FLIGHT  # only what was in flight at the kill can go twice
    assert all(before_kill[user_id] == 1 for user_id in twice)
    assert "共 400" in str(final_report(emulator))
    since = sent(emulator, ADMIN_ID)
    await emulator.send_text(ADMIN_ID, "/help")
    await message_with(emulator, ADMIN_ID, "/broadcast", since=since)  # the survivor answers everything now
    await survivor.stop()
