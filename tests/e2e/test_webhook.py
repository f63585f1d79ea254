"""Webhook mode: Telegram (the emulator) posts updates to the bot's webhook server, which refuses every
request without the secret token."""

from __future__ import annotations

import socket
from collections.abc import Callable

import aiohttp

from bot.emulator.server import BotApiEmulator
from tests.support.botprocess import BotProcess

COURIER = 41001
SECRET = "s3cret_e2e-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_updates_arrive_by_webhook_and_a_request_without_the_secret_is_refused(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    port = free_port()
    address = f"http://127.0.0.1:{port}/telegram"
    bot = make_bot(BOT_WEBHOOK_URL=address, BOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}", BOT_WEBHOOK_SECRET=SECRET)
    await bot.start()
    try:
        await emulator.add_user(COURIER, "刘凤叶", language_code="zh-hans")
        [welcome] = await emulator.ask(COURIER, "/start")
        assert "刘凤叶" in str(welcome["text"])
        # The first post may come before the bot's server listens: it is retried, as Telegram does.
        assert emulator.webhook_deliveries[-1] == (address, 200)
        assert not [call for call in emulator.requests if call.method == "getUpdates"]

        forged = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": COURIER, "type": "private"},
                "from": {"id": COURIER, "is_bot": False, "first_name": "冒充"},
                "text": "/start",
            },
        }
        emulator.mark(COURIER)
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with session.post(address, json=forged, headers=headers) as response:
                    assert response.status == 403
        [again] = await emulator.ask(COURIER, "/help")  # the bot is still answering real updates
        assert "/nearest" in str(again["text"])
    finally:
        assert await bot.stop() == 0
    assert SECRET not in await bot.read_stderr()
