"""The browser chat acts as any persona, admins included: only its own page may make it act."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.emulator import wechatpersona
from bot.emulator.chat import PERSONAS
from bot.emulator.server import BotApiEmulator
from bot.emulator.webchat import WebChat
from bot.emulator.wechat import WeChatEmulator
from bot.web.app import WebServer

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


async def test_the_wechat_persona_talks_through_the_wechat_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its buttons are the bizmsgmenu links of what it received; a tap posts the link back as WeChat does."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    posted: list[str] = []

    async def bot(request: Request) -> PlainTextResponse:
        posted.append((await request.body()).decode())
        return PlainTextResponse("success")

    stub = WebServer(Starlette(routes=[Route("/wechat", bot, methods=["POST"])]), "127.0.0.1", 0)
    await stub.start()
    async with BotApiEmulator() as emulator, WeChatEmulator() as wechat:
        wechat.bot_url = f"http://127.0.0.1:{stub.port}/wechat"
        chat = WebChat(emulator, PERSONAS, wechat=wechat)
        await chat.start()
        try:
            async with httpx.AsyncClient(base_url=chat.url) as client:
                headers = {"X-Chat-Token": await page_token(client), "Origin": chat.url.rstrip("/")}
                persona = wechatpersona.CHAT_ID
                sent = await client.post(
                    "/api/text", json={"user_id": persona, "text": "附近驿站"}, headers=headers
                )
                assert sent.json() == {"ok": True} and "附近驿站" in posted[-1]

                link = '<a href="weixin://bizmsgmenu?msgmenucontent=下一组&msgmenuid=m42">下一组</a>'
                wechat._deliver(
                    wechat.follower(wechatpersona.OPENID), {"kind": "text", "text": f"第 1 组\n\n{link}"}
                )
                entries = (await client.get("/api/chat", params={"chat_id": persona})).json()["entries"]
                shown = entries[-1]["message"]
                assert shown["text"] == "第 1 组"
                assert shown["reply_markup"]["inline_keyboard"] == [
                    [{"text": "下一组", "callback_data": "0"}]
                ]

                press = {"user_id": persona, "message_id": shown["message_id"], "index": 0}
                assert (await client.post("/api/press", json=press, headers=headers)).json() == {"ok": True}
                assert "<bizmsgmenuid>m42</bizmsgmenuid>" in posted[-1]
        finally:
            await chat.stop()
            await stub.stop()
