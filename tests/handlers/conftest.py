"""Handler tests: the real Application with a recording request, driven by process_update."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram.app import BotApplication, build_application
from bot.channels.telegram.delivery import outbox_sender
from bot.config import Settings
from bot.flood import FloodGate, Verdict
from tests.conftest import REPO_ROOT
from tests.support import updates
from tests.support.recording import Call, RecordingRequest

ADMIN_ID = 7001
ADMIN_CHAT_ID = -100500


class Chat:
    """Sends updates as users and reads what the bot answered."""

    def __init__(self, application: BotApplication, request: RecordingRequest) -> None:
        self.application = application
        self.request = request
        # Each update's calls include what the outbox then sent (the admin chat's cards and alerts), for
        # tests that follow the admin chat step by step.
        self.delivers_each_update = False

    async def send(self, sender: dict[str, Any], text: str | None = None, **extra: Any) -> list[Call]:
        return await self.process(updates.message(sender, text, **extra))

    async def press(
        self, sender: dict[str, Any], data: str, message_id: int = 1, chat_id: int | None = None
    ) -> list[Call]:
        """A press in the sender's private chat unless `chat_id` says another. As Telegram does, the query
        carries the pressed message as it is now, when the bot sent it."""
        query = updates.callback(sender, data, message_id)
        message = query["callback_query"]["message"]
        if chat_id is not None:
            message["chat"] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        shown = self.request.shown(message["chat"]["id"], message_id)
        if shown is not None:
            del message["text"]
            message.update(shown)
        return await self.process(query)

    async def process(self, data: dict[str, Any]) -> list[Call]:
        before = len(self.request.calls)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        if self.delivers_each_update:
            await outbox_sender(self.application).run_until_idle()
        assert not self.request.refusals, f"Telegram would refuse: {self.request.refusals}"
        return self.request.calls[before:]

    async def deliver(self) -> list[Call]:
        """What the outbox sends of what is queued (notices to other people, broadcasts): the sender
        runs beside the handlers in production, and here when a test asks."""
        before = len(self.request.calls)
        await outbox_sender(self.application).run_until_idle()
        return self.request.calls[before:]

    def texts(self, calls: list[Call]) -> list[str]:
        return [call.plain_text for call in calls if call.text]


@pytest.fixture
def quick_fingers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lift the flood limit for tests that tap through whole forms in milliseconds
    (flood control has tests of its own)."""
    monkeypatch.setattr(FloodGate, "check", lambda *_: Verdict.ACCEPT)


@pytest.fixture
def make_settings(database: Path | str) -> Callable[..., Settings]:
    """Settings of a handler test; `database` runs it once on SQLite and once on PostgreSQL."""

    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "token": "123456:TEST",
            "database": database,
            "stations_file": REPO_ROOT / "data" / "stations.yaml",
            "admin_ids": frozenset({ADMIN_ID}),
            "admin_chat_id": ADMIN_CHAT_ID,
            "admin_chat_per_minute": 60_000,  # the group's pace has a unit test; here it would only wait
            **overrides,
        }
        return Settings(**values)

    return factory


@asynccontextmanager
async def running(settings: Settings, *, rate_limited: bool = True) -> AsyncIterator[Chat]:
    """The bot started on `settings` (its database included) and stopped on leaving, as the process does:
    two in a row on one database are a restart. The one start-up and shutdown every handler test uses."""
    request = RecordingRequest()
    application = build_application(settings, request=request, rate_limited=rate_limited)
    await application.initialize()
    assert application.post_init is not None and application.post_shutdown is not None
    await application.post_init(application)
    try:
        yield Chat(application, request)
    finally:
        await application.shutdown()  # writes the conversation state and user_data
        await application.post_shutdown(application)


@pytest.fixture
async def chat(make_settings: Callable[..., Settings]) -> AsyncIterator[Chat]:
    async with running(make_settings()) as started:
        yield started
