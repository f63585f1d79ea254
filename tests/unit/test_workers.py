"""What several workers on one store rely on: a chat held across processes, the state of one chat read
in one query."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

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
    released = asyncio.Event()

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
            released.set()
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
