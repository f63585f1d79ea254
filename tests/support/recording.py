"""A recording BaseRequest: the Application talks to it instead of Telegram, and it answers
with well-formed Bot API objects, so handler tests run through real dispatch with no network.
(After PTB's tests/auxil/networking.py OfflineRequest and aiogram's MockedBot.)"""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "小哥驿站助手", "username": "xiaoge_test_bot"}
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)  # uploads by field name

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def plain_text(self) -> str:
        return _TAG.sub("", self.text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class RecordingRequest(BaseRequest):
    calls: list[Call] = field(default_factory=list)
    # chat id -> errors raised by the next sends to that chat, in order (a timeout, a 502...)
    faults: dict[int, list[Exception]] = field(default_factory=dict)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

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
        self.calls.append(call)
        pending_faults = self.faults.get(call.chat_id or 0)
        if pending_faults and api_method.startswith("send"):
            raise pending_faults.pop(0)
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

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

    # Assertions read these.
    def to_chat(self, chat_id: int) -> list[Call]:
        return [call for call in self.calls if call.chat_id == chat_id]

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def clear(self) -> None:
        self.calls.clear()
