"""What several workers on one store rely on: a chat held across processes, the state of one chat read
in one query, a scheduled run claimed once, outbox deliveries claimed for a lease, one shared rate."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from telegram.ext import Job

from bot.broadcast import Audience, AudienceKind, Content, DeliveryOutcome, DeliveryStatus
from bot.handlers.jobs import due_time
from bot.storage import Storage

WAIT_S = 30.0  # a guard against a hang, not a measurement


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Storage]:
    storage = Storage(database)
    await storage.open()
    yield storage
    await storage.close()


@pytest.fixture
async def second_worker(empty_postgres: str) -> AsyncIterator[Storage]:
    """Another process's store on the same PostgreSQL database."""
    storage = Storage(empty_postgres)
    await storage.open()
    yield storage
    await storage.close()


async def test_a_chat_held_by_one_worker_waits_on_another(
    empty_postgres: str, second_worker: Storage
) -> None:
    first = Storage(empty_postgres)
    await first.open()
    order: list[str] = []

    async def later() -> None:
        async with second_worker.db.held_across_processes("chat:7"):
            order.append("second")

    try:
        async with first.db.held_across_processes("chat:7"):
            waiting = asyncio.create_task(later())
            async with second_worker.db.held_across_processes("chat:8"):  # another chat goes on
                order.append("other chat")
            await asyncio.sleep(0.2)  # room for the second worker to get in, if the lock let it
            order.append("first")
        async with asyncio.timeout(WAIT_S):
            await waiting
    finally:
        await first.close()
    assert order == ["other chat", "first", "second"]


async def test_a_chats_state_is_read_in_one_query(store: Storage) -> None:
    await store.state.save("user_data", "5", '{"draft": 1}')
    await store.state.save("conversation:volunteer", "[5, 5]", "2")
    await store.state.save("conversation:volunteer", "[6, 6]", "3")
    found = await store.state.load_keys(
        [("user_data", "5"), ("chat_data", "5"), ("conversation:volunteer", "[5, 5]")]
    )
    assert found == {("user_data", "5"): '{"draft": 1}', ("conversation:volunteer", "[5, 5]"): "2"}
    assert await store.state.load_keys([]) == {}


# --- scheduled runs -------------------------------------------------------------------------------------

DUE = datetime(2026, 7, 1, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


async def test_a_run_is_claimed_once_and_the_next_run_again(store: Storage) -> None:
    assert await store.jobs.claim("heat-check-0700", DUE, "worker-a")
    assert not await store.jobs.claim("heat-check-0700", DUE.astimezone(UTC), "worker-b")  # the same moment
    assert await store.jobs.claim("heat-check-0700", DUE + timedelta(days=1), "worker-b")
    assert await store.jobs.claim("points-expiry", DUE, "worker-b")


async def test_workers_claiming_a_run_together_get_it_once(
    empty_postgres: str, second_worker: Storage
) -> None:
    first = Storage(empty_postgres)
    await first.open()
    try:
        won = await asyncio.gather(
            *(
                store.jobs.claim("privacy-housekeeping", DUE, name)
                for store, name in [(first, "a"), (second_worker, "b")] * 5
            )
        )
    finally:
        await first.close()
    assert won.count(True) == 1


def test_a_daily_run_has_one_due_time_however_late_each_worker_fires_it() -> None:
    def job(trigger: object, grace: int | None) -> Job[Any]:
        return cast(Job[Any], SimpleNamespace(job=SimpleNamespace(trigger=trigger, misfire_grace_time=grace)))

    daily = job(CronTrigger(hour=7, minute=0, timezone=DUE.tzinfo), 15 * 60)
    once = job(DateTrigger(DUE + timedelta(seconds=3)), None)
    for late in (timedelta(milliseconds=5), timedelta(seconds=40), timedelta(minutes=14)):
        with time_machine.travel(DUE + late, tick=False):
            assert due_time(daily) == DUE
            assert due_time(once) == DUE + timedelta(seconds=3)


# --- the outbox, drained together -----------------------------------------------------------------------

RECIPIENTS = range(9001, 9041)


async def broadcast_to_all(store: Storage) -> int:
    for user_id in RECIPIENTS:
        await store.users.seen(user_id, "小哥", None, "zh")
    batch_id = await store.outbox.create_broadcast(
        created_by=1,
        content=Content(zh="通知"),
        audience=Audience(AudienceKind.EVERYONE),
        fingerprint="f",
        scheduled_at=None,
    )
    await store.outbox.add_recipients(batch_id, [(user_id, "zh") for user_id in RECIPIENTS])
    await store.outbox.seal(batch_id)
    return batch_id


async def test_claimed_deliveries_are_nobody_elses_until_the_lease_ends(store: Storage) -> None:
    batch_id = await broadcast_to_all(store)
    first = await store.outbox.claim_page(batch_id, "a", 30, 15)
    second = await store.outbox.claim_page(batch_id, "b", 30, 100)
    assert [d.user_id for d in first] == list(RECIPIENTS)[:15]
    assert [d.user_id for d in second] == list(RECIPIENTS)[15:]
    assert await store.outbox.claim_page(batch_id, "c", 30, 100) == []
    await store.outbox.record([DeliveryOutcome(first[0].id, first[0].user_id, DeliveryStatus.SENT, 1)])
    assert await store.outbox.renew_claims("a", 30) == 14  # what it claimed and has not recorded
    assert await store.outbox.release_claims("a") == 14
    again = await store.outbox.claim_page(batch_id, "c", -1, 100)  # claimed, and expired at once
    assert [d.user_id for d in again] == list(RECIPIENTS)[1:15]
    taken_over = await store.outbox.claim_page(batch_id, "d", 30, 100)
    assert [d.user_id for d in taken_over] == list(RECIPIENTS)[1:15]  # "c" died: its lease ran out
    assert await store.outbox.release_claims(None) == 39  # the only process takes back every claim


async def test_workers_claiming_at_once_never_share_a_delivery(
    empty_postgres: str, second_worker: Storage
) -> None:
    first = Storage(empty_postgres)
    await first.open()
    try:
        batch_id = await broadcast_to_all(first)
        pages = await asyncio.gather(
            *(
                store.outbox.claim_page(batch_id, name, 30, 3)
                for store, name in [(first, "a"), (second_worker, "b")] * 10
            )
        )
    finally:
        await first.close()
    claimed = [delivery.user_id for page in pages for delivery in page]
    assert sorted(claimed) == list(RECIPIENTS)


async def test_the_shared_rate_gives_each_reservation_its_own_time(second_worker: Storage) -> None:
    store = second_worker  # PostgreSQL: one SQLite process paces itself
    assert await store.outbox.reserve_send_slots(1000, 10) < 1  # 100 s of slots, starting now
    assert await store.outbox.reserve_send_slots(10, 10) > 90  # after the first block
    await store.outbox.hold_sends(500)  # a 429 for the whole bot
    assert await store.outbox.reserve_send_slots(10, 10) > 400


async def test_one_worker_at_a_time_shows_the_progress(store: Storage) -> None:
    batch_id = await broadcast_to_all(store)
    assert await store.outbox.take_progress_turn(batch_id, 2)
    assert not await store.outbox.take_progress_turn(batch_id, 2)
    assert await store.outbox.take_progress_turn(batch_id, -2)  # the interval has passed
