"""The browser chat acts as any persona, admins included: only its own page may make it act."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.emulator.chat import PERSONAS
from bot.emulator.server import BotApiEmulator
from bot.emulator.webchat import WebChat

ADMIN = PERSONAS["admin"].user_id
FORGED = {"user_id": ADMIN, "text": "/adjust 555 900"}


@pytest.fixture
async def web_chat(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[WebChat]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with BotApiEmulator() as emulator:
        for persona in PERSONAS.values():
            await emulator.add_user(persona.user_id, persona.first_name)
        chat = WebChat(emulator, PERSONAS)
        await chat.start()
        yield chat
        await chat.stop()


@pytest.fixture
async def client(web_chat: WebChat) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=web_chat.url) as client:
        yield client


async def page_token(client: httpx.AsyncClient) -> str:
    page = await client.get("/")
    found = re.search(r'<meta name="chat-token" content="([^"]+)">', page.text)
    assert found is not None
    return found.group(1)


async def test_a_cross_site_post_is_refused_and_reaches_no_bot(
    web_chat: WebChat, client: httpx.AsyncClient
) -> None:
    """A page the user visits can post to 127.0.0.1 (a form or fetch with text/plain needs no preflight)."""
    token = await page_token(client)
    cross_site = {"Origin": "http://evil.example", "X-Chat-Token": token}

    refused = [
        await client.post("/api/text", json=FORGED, headers=cross_site),
        await client.post(
            "/api/text", content=str(FORGED).replace("'", '"'), headers={"Content-Type": "text/plain"}
        ),
        await client.post("/api/text", json=FORGED),  # same origin but without the page's token
        await client.post("/api/text", json=FORGED, headers={"X-Chat-Token": "guessed"}),
        await client.post(
            "/api/text", json=FORGED, headers={"X-Chat-Token": token, "Host": "rebound.example"}
        ),
    ]

    assert [response.status_code for response in refused] == [403] * len(refused)
    assert web_chat.emulator.pending_updates == []


async def test_the_page_itself_can_send(web_chat: WebChat, client: httpx.AsyncClient) -> None:
    token = await page_token(client)
    origin = web_chat.url.rstrip("/")

    sent = await client.post("/api/text", json=FORGED, headers={"Origin": origin, "X-Chat-Token": token})

    assert sent.status_code == 200 and sent.json() == {"ok": True}
    [update] = web_chat.emulator.pending_updates
    assert update["message"]["text"] == "/adjust 555 900"
