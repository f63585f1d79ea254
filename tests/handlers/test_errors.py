"""The error handler on a failing store: one apology per update, one admin notice per distinct failure,
and no update waits for the admin chat."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.handlers.errors import ADMIN_NOTICE_TASK, NoticeThrottle
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SqliteDatabase
from tests.handlers.conftest import ADMIN_CHAT_ID, Chat
from tests.support.recording import Call
from tests.support.updates import user

COURIER = user(301, "小王")
HANG_GUARD_SECONDS = 30  # turns a deadlock into a failure; no assertion depends on speed


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write fails as SQLite's does on a full disk; reads still work."""

    async def refuse(*_: Any, **__: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    @asynccontextmanager
    async def refuse_transaction(*_: Any, **__: Any) -> AsyncIterator[Any]:
        raise sqlite3.OperationalError("database or disk is full")
        yield

    for backend in (SqliteDatabase, PostgresDatabase):
        for name in ("write", "write_returning", "write_many"):
            monkeypatch.setattr(backend, name, refuse)
        monkeypatch.setattr(backend, "transaction", refuse_transaction)


async def admin_notices_sent() -> None:
    await asyncio.gather(*(task for task in asyncio.all_tasks() if task.get_name() == ADMIN_NOTICE_TASK))


def apologies(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.chat_id == COURIER["id"] and "出了点问题" in call.plain_text]


@pytest.mark.usefixtures("quick_fingers")
async def test_a_full_disk_costs_one_apology_per_update_and_one_admin_notice(
    chat: Chat, full_disk: None
) -> None:
    for text in ("/start", "/help", "/points"):
        replies = await chat.send(COURIER, text)
        assert apologies(replies) == [call for call in replies if call.chat_id == COURIER["id"]]
        assert len(apologies(replies)) == 1
    await admin_notices_sent()

    notices = chat.request.to_chat(ADMIN_CHAT_ID)
    assert len(notices) == 1 and "OperationalError" in notices[0].plain_text


@pytest.mark.usefixtures("quick_fingers")
async def test_the_update_does_not_wait_for_the_admin_chat(
    chat: Chat, full_disk: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The admin chat takes 20 messages a minute: a notice awaited inside the update stalled every courier."""
    admin_chat_free = asyncio.Event()
    answer = chat.request.do_request

    async def admin_chat_rate_limited(url: str, method: str, request_data: Any = None, **kwargs: Any) -> Any:
        if request_data is not None and request_data.parameters.get("chat_id") == ADMIN_CHAT_ID:
            await admin_chat_free.wait()
        return await answer(url, method, request_data, **kwargs)

    monkeypatch.setattr(chat.request, "do_request", admin_chat_rate_limited)

    replies = await asyncio.wait_for(chat.send(COURIER, "/start"), HANG_GUARD_SECONDS)

    assert len(apologies(replies)) == 1 and chat.request.to_chat(ADMIN_CHAT_ID) == []
    admin_chat_free.set()
    await admin_notices_sent()
    assert len(chat.request.to_chat(ADMIN_CHAT_ID)) == 1


def test_one_notice_per_distinct_failure_per_window() -> None:
    now = [0.0]
    throttle = NoticeThrottle(window_seconds=300, clock=lambda: now[0])

    assert throttle.admits("OperationalError in bot/storage/database.py:write")
    assert not throttle.admits("OperationalError in bot/storage/database.py:write")
    assert throttle.admits("AssertionError in bot/handlers/common.py:start")
    now[0] = 299.0
    assert not throttle.admits("OperationalError in bot/storage/database.py:write")
    now[0] = 300.0
    assert throttle.admits("OperationalError in bot/storage/database.py:write")
