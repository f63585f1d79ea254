"""A recording BaseRequest: the Application talks to it instead of Telegram, and it answers
with well-formed Bot API objects, so handler tests run through real dispatch with no network.
(After PTB's tests/auxil/networking.py OfflineRequest and aiogram's MockedBot.)"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.scan import ScanApp

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "小哥驿站助手", "username": "xiaoge_test_bot"}
_TAG = re.compile(r"<[^>]+>")
FIRST_MESSAGE_ID = 100_000
_EDITS = ("editMessageText", "editMessageCaption", "editMessageReplyMarkup")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def plain(html_text: str) -> str:
    """What a user reads of an HTML text (our texts use only tags and these three escapes)."""
    return _TAG.sub("", html_text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)  # uploads by field name
    result: Any = None  # what the recording answered: the sent message, with its message_id

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def plain_text(self) -> str:
        return plain(self.text)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class RecordingRequest(BaseRequest):
    """Strict where Telegram is and a handler could hide it: an edit that changes nothing is answered 400,
    as Telegram does, and kept in `refusals`, which the chat fixture's Chat checks after every update."""

    calls: list[Call] = field(default_factory=list)
    # chat id -> errors raised by the next sends to that chat, in order (a timeout, a 502...)
    faults: dict[int, list[Exception]] = field(default_factory=dict)
    # chat id -> sends to that chat wait until the event is set (an admin group held by its rate limit)
    held: dict[int, asyncio.Event] = field(default_factory=dict)
    _recorded: asyncio.Condition = field(default_factory=asyncio.Condition)
    refusals: list[Call] = field(default_factory=list)
    # The bot's messages as they are now, by chat and message id. Their ids start far above the made-up
    # message_id=1 of tests that press a button on a message the bot never sent.
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(FIRST_MESSAGE_ID))

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            files = {name: part[1] for name, part in (request_data.multipart_data or {}).items()}
        call = Call(api_method, params, files)
        hold = self.held.get(call.chat_id or 0)
        if hold is not None and api_method.startswith("send"):
            await hold.wait()
        self.calls.append(call)
        async with self._recorded:
            self._recorded.notify_all()
        pending_faults = self.faults.get(call.chat_id or 0)
        if pending_faults and api_method.startswith("send"):
            raise pending_faults.pop(0)
        if api_method in _EDITS and self._changes_nothing(api_method, params):
            self.refusals.append(call)
            return 400, json.dumps({"ok": False, "error_code": 400, "description": NOT_MODIFIED}).encode()
        call.result = self._result(api_method, params)
        if isinstance(call.result, dict) and (api_method.startswith("send") or _key(params) in self.messages):
            self.messages[call.result["chat"]["id"], call.result["message_id"]] = call.result
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def _changes_nothing(self, method: str, params: dict[str, Any]) -> bool:
        current = self.messages.get(_key(params))
        if current is None:
            return False
        edited = _edited(current, method, params)
        return all(edited.get(key) == current.get(key) for key in ("text", "caption", "reply_markup"))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                **BOT_USER,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            return []
        current = self.messages.get(_key(params))
        if method in _EDITS and current is not None:
            return {**_edited(current, method, params), "edit_date": int(time.time())}
        if method.startswith("send") or method.startswith("edit"):
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                "from": BOT_USER,
            }
            for key in ("text", "caption"):
                if key in params:
                    message[key] = params[key]
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:  # Telegram echoes inline ones only
                message["reply_markup"] = markup
            if method in ("sendLocation", "sendVenue"):
                message["location"] = {"latitude": params["latitude"], "longitude": params["longitude"]}
            return message
        return True

    def shown(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The message as a callback query carries it (plain text, no entities), if the bot sent it."""
        message = self.messages.get((chat_id, message_id))
        if message is None:
            return None
        content: dict[str, Any] = {key: plain(message[key]) for key in ("text", "caption") if key in message}
        if "reply_markup" in message:
            content["reply_markup"] = message["reply_markup"]
        return content

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Until `condition()` holds, checked after every call the bot makes (no timeout: wrap it)."""
        async with self._recorded:
            await self._recorded.wait_for(condition)

    # Assertions read these.
    def to_chat(self, chat_id: int) -> list[Call]:
        return [call for call in self.calls if call.chat_id == chat_id]

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def clear(self) -> None:
        self.calls.clear()


def _key(params: dict[str, Any]) -> tuple[int, int]:
    return int(params.get("chat_id") or 0), int(params.get("message_id") or 0)


def _edited(current: dict[str, Any], method: str, params: dict[str, Any]) -> dict[str, Any]:
    """The message after an edit: the edited text or caption, and the keyboard given (none removes it)."""
    edited = {key: value for key, value in current.items() if key not in ("reply_markup", "edit_date")}
    if method == "editMessageText":
        edited["text"] = params["text"]
    elif method == "editMessageCaption":
        edited["caption"] = params.get("caption") or ""
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        edited["reply_markup"] = markup
    return edited


class RecordedWeChatCodes:
    """WeChat's side of the port as a deployment with both channels has it: the handler under test only
    asks it for a URL (bot/channels/wechat/qr.py has tests of its own against the WeChat emulator)."""

    app = ScanApp.WECHAT

    def __init__(self) -> None:
        self.asked: list[tuple[str, datetime]] = []

    async def url(self, payload: str, valid_until: datetime, now: datetime) -> str:
        self.asked.append((payload, valid_until))
        return f"http://weixin.qq.com/q/{payload}"
