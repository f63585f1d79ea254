"""One slow update delays nobody else, and a chat's own updates still run in the order they came."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from telegram import Update

from bot.config import Settings
from bot.geocoding import FoundPlace
from tests.handlers.conftest import Chat, running
from tests.support import updates

pytestmark = pytest.mark.usefixtures("quick_fingers")

SLOW_COURIER = updates.user(301, "小李", "zh-hans")
OTHER_COURIER = updates.user(302, "小赵", "zh-hans")
HANGING_PLACE = "城西某个新小区"
WAIT_S = 30.0  # a guard against a hang, not a measurement


async def answered(chat: Chat, chat_id: int, count: int = 1) -> list[str]:
    """Waits until `chat_id` has `count` answers (sendMessage or sendVenue), and returns their texts."""

    def replies() -> list[str]:
        return [
            call.plain_text or call.method
            for call in chat.request.calls
            if call.chat_id == chat_id and call.method.startswith("send")
        ]

    async with asyncio.timeout(WAIT_S):
        await chat.request.wait_until(lambda: len(replies()) >= count)
    return replies()


async def test_a_hanging_geocoder_delays_only_its_own_courier(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()
    async with running(make_settings(heat_provider="none")) as chat:
        places = chat.application.bot_data.places
        original = places.find

        async def geocoder_that_hangs(text: str) -> FoundPlace | None:
            if text == HANGING_PLACE:
                await release.wait()
            return await original(text)

        monkeypatch.setattr(places, "find", geocoder_that_hangs)
        application = chat.application
        await application.start()
        try:

            async def arrives(data: dict[str, Any]) -> None:
                await application.update_queue.put(Update.de_json(data, application.bot))

            await arrives(updates.message(SLOW_COURIER, HANGING_PLACE))
            await arrives(updates.message(SLOW_COURIER, "/points"))  # must wait for the place search
            await arrives(updates.message(OTHER_COURIER, "/points"))

            points_answer = (await answered(chat, OTHER_COURIER["id"]))[0]
            assert "0" in points_answer
            assert not [call for call in chat.request.calls if call.chat_id == SLOW_COURIER["id"]]

            release.set()
            slow = await answered(chat, SLOW_COURIER["id"], count=2)
            # In the order they were sent: the answer to the typed text, then the same /points answer.
            assert slow[0] != points_answer and slow[1] == points_answer
        finally:
            release.set()
            await application.stop()
