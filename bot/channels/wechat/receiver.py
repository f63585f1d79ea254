"""`GET/POST /wechat`: WeChat's messages and events in, python-telegram-bot Updates out.

WeChat waits 5 s for an answer and then posts the same message again (up to 3 times). So the route only
checks the signature, parses and answers "success" at once; one worker task then turns the messages into
Updates, in arrival order, and puts them on the Application's update_queue (the database, for the
openid -> id mapping, is never awaited before answering). A retried MsgId (events: FromUserName +
CreateTime) is dropped here, and its Update id is derived from the same key, so the processed-updates
claim that guards Telegram's redeliveries also catches a retry that arrives after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Bot, Update
from wechatpy import events, messages
from wechatpy.messages import BaseMessage

from bot.channels.wechat.protocol import CallbackProtocol, RefusedRequest
from bot.channels.wechat.request import (
    ADMINS_TITLE,
    BOT_USER,
    DOWNLOAD_PATH,
    callback_query_id,
    media_file_id,
)
from bot.channels.wechat.state import Recent, WeChatState
from bot.geo import gcj02_to_wgs84

_LOGGER = logging.getLogger(__name__)

Json = dict[str, Any]
# WeChat has no names to give (nicknames left its API); the profile greets by this until the person says.
DISPLAY_NAME = "微信用户"
INBOX_SIZE = 10_000  # messages accepted but not yet turned into updates; beyond it WeChat retries later


def message_key(message: BaseMessage) -> str:
    """WeChat's dedup key: the MsgId, or for events (which have none) the sender and the time."""
    if isinstance(message, events.BaseEvent) or not message.id:
        return f"{message.source}:{message.time}:{getattr(message, 'event', '')}"
    return str(message.id)


class Receiver:
    def __init__(self, protocol: CallbackProtocol, state: WeChatState) -> None:
        self._protocol = protocol
        self._state = state
        self._inbox: asyncio.Queue[BaseMessage] = asyncio.Queue(INBOX_SIZE)
        self._seen: Recent[str, bool] = Recent()
        self._worker: asyncio.Task[None] | None = None

    def routes(self) -> list[Route]:
        return [
            Route("/wechat", self._verify, methods=["GET"]),
            Route("/wechat", self._receive, methods=["POST"]),
            Route(f"{DOWNLOAD_PATH}/{{key}}", self._download, methods=["GET"]),
        ]

    async def _download(self, request: Request) -> Response:
        """A file the bot sent as a document (/mydata, an export): once, then gone."""
        found = self._state.downloads.take(request.path_params["key"])
        if found is None:
            return PlainTextResponse("this link was used or has expired", status_code=404)
        disposition = f"attachment; filename*=UTF-8''{quote(found.file_name)}"
        headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
        return Response(found.content, media_type=found.media_type, headers=headers)

    async def _verify(self, request: Request) -> Response:
        try:
            return PlainTextResponse(self._protocol.verify_url(request.query_params))
        except RefusedRequest:
            return PlainTextResponse("forbidden", status_code=403)

    async def _receive(self, request: Request) -> Response:
        try:
            message = self._protocol.open(request.query_params, await request.body())
        except RefusedRequest as refused:
            _LOGGER.warning("refused a request on /wechat: %s", refused)
            return PlainTextResponse("forbidden", status_code=403)
        key = message_key(message)
        if key in self._seen:
            _LOGGER.info("WeChat retried a message already received; answered once")
            return PlainTextResponse("success")
        try:
            self._inbox.put_nowait(message)
        except asyncio.QueueFull:
            return PlainTextResponse("busy", status_code=503)  # not remembered: WeChat's retry may get in
        self._seen.put(key, True)
        return PlainTextResponse("success")

    # --- the worker -----------------------------------------------------------------------------------

    def start(self, bot: Bot, updates: asyncio.Queue[object]) -> None:
        self._worker = asyncio.get_running_loop().create_task(
            self._work(bot, updates), name="wechat-receiver"
        )

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def _work(self, bot: Bot, updates: asyncio.Queue[object]) -> None:
        while True:
            message = await self._inbox.get()
            try:
                found = await self.updates_for(message, bot)
            except Exception:  # one broken message must not stop the others; its content stays out of logs
                _LOGGER.exception("could not turn a WeChat %s into an update", message.type)
                continue
            for update in found:
                await updates.put(update)

    async def updates_for(self, message: BaseMessage, bot: Bot) -> list[Update]:
        """The updates of one WeChat message. A follow through a QR code is two: the welcome of a plain
        follow, then the code's `/start <scene>` (a check-in), so a newcomer learns what the account does
        and is checked in. Both are the same person's, so they are handled in this order."""
        welcome = (
            await self.update_for(message, bot, welcome_only=True)
            if isinstance(message, events.SubscribeScanEvent) and message.scene_id
            else None
        )
        update = await self.update_for(message, bot)
        return [found for found in (welcome, update) if found is not None]

    async def update_for(
        self, message: BaseMessage, bot: Bot, *, welcome_only: bool = False
    ) -> Update | None:
        """The Update a handler would get from Telegram for the same act; None for what has no meaning
        here (a location_select event, which WeChat follows with the location message itself).
        `welcome_only`: a follow's plain /start, whatever code it came through."""
        user_id = await self._state.identities.user_id(str(message.source))
        key = message_key(message) + (":welcome" if welcome_only else "")
        update_id = int(hashlib.sha1(key.encode()).hexdigest()[:12], 16)
        user: Json = {"id": user_id, "is_bot": False, "first_name": DISPLAY_NAME}
        chat: Json = {"id": user_id, "type": "private", "first_name": DISPLAY_NAME}
        date = int(message.time or time.time())
        base: Json = {"message_id": update_id, "date": date, "chat": chat, "from": user}
        content = _text("/start") if welcome_only else self._content(message)
        if isinstance(content, dict) and "_press" in content:
            target = await self._state.conversations.pressed(user_id, content["_press"])
            query: Json = {
                "id": callback_query_id(user_id, content["_press"]),
                "from": user,
                "chat_instance": str(user_id),
                # A link that is not known (older than 30 days, or erased) is a press with no data,
                # which the bot answers with its one "button expired" rule.
                "data": target.data if target else "",
            }
            if target is not None:
                query["message"] = {
                    "message_id": target.message_id,
                    "date": date,
                    "chat": chat if target.chat_id == user_id else _admins_chat(target.chat_id),
                    "from": BOT_USER,
                    "text": target.message_text,
                }
            return Update.de_json({"update_id": update_id, "callback_query": query}, bot)
        if content == "kicked":
            member = {
                "chat": chat,
                "from": user,
                "date": date,
                "old_chat_member": {"status": "member", "user": BOT_USER},
                "new_chat_member": {"status": "kicked", "user": BOT_USER, "until_date": 0},
            }
            return Update.de_json({"update_id": update_id, "my_chat_member": member}, bot)
        if not isinstance(content, dict):
            return None
        return Update.de_json({"update_id": update_id, "message": {**base, **content}}, bot)

    @staticmethod
    def _content(message: BaseMessage) -> Json | str | None:
        raw: Json = message._data  # wechatpy keeps the parsed XML; bizmsgmenuid has no field of its own
        if isinstance(message, messages.TextMessage):
            if raw.get("bizmsgmenuid"):
                return {"_press": str(raw["bizmsgmenuid"])}
            return _text(str(message.content or ""))
        if isinstance(message, messages.LocationMessage):
            # WeChat's map picker gives GCJ-02; the bot keeps WGS-84 everywhere inside.
            lat, lon = gcj02_to_wgs84(float(message.location_x), float(message.location_y))
            return {"location": {"latitude": lat, "longitude": lon}}
        if isinstance(message, messages.ImageMessage):
            media = media_file_id(str(message.media_id))
            return {"photo": [{"file_id": media, "file_unique_id": media, "width": 1, "height": 1}]}
        if isinstance(message, messages.VoiceMessage):
            if message.recognition:
                return _text(str(message.recognition))
            media = media_file_id(str(message.media_id))
            return {"voice": {"file_id": media, "file_unique_id": media, "duration": 1}}
        if isinstance(message, events.SubscribeEvent):
            return _text("/start")
        if isinstance(message, events.SubscribeScanEvent | events.ScanEvent):
            # A parametric QR code: its scene is the /start payload (a station check-in).
            return _text(f"/start {message.scene_id}".strip())
        if isinstance(message, events.UnsubscribeEvent):
            return "kicked"
        if isinstance(message, events.ClickEvent):
            return _text(f"/{message.key}")
        return None


def _admins_chat(chat_id: int) -> Json:
    return {"id": chat_id, "type": "group", "title": ADMINS_TITLE}


def _text(text: str) -> Json:
    """A text message; one starting with / is a command, as Telegram marks it."""
    content: Json = {"text": text}
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0]) if text.strip() else 1
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content
