"""The browser chat's WeChat persona: a person who talks to the bot through the WeChat emulator.

The page shows chats as Telegram messages (text and inline buttons), so what a WeChat person receives is
shown that way: the bizmsgmenu links of a text become its buttons (a tap sends the link back, as WeChat
does), other links stay in the text with their address. Locations clicked on the page's map (WGS-84) are
sent as WeChat's map picker sends them, in GCJ-02.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from bot.emulator.wechat import WeChatEmulator, menu_links
from bot.geo import wgs84_to_gcj02

Json = dict[str, Any]

OPENID = "oWebChatPersona000000000001"
# The page addresses chats by a number; this one is the WeChat person's, far from the Telegram personas'.
CHAT_ID = 9_000_000_000_001
NAME = "微信·小陈"
_MENU_LINK = re.compile(r'<a href="weixin://bizmsgmenu[^"]*">[^<]*</a>')
_LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')


class WeChatPersona:
    user_id = CHAT_ID
    first_name = NAME
    language = "zh"

    def __init__(self, wechat: WeChatEmulator, publish: Callable[[Json], None]) -> None:
        self._wechat = wechat
        self._publish = publish
        self._ids = itertools.count(1)
        self.entries: list[Json] = []  # {"side": "bot" | "user", "message": ...} in order
        self._labels: dict[int, list[str]] = {}  # page message id -> its buttons' labels
        wechat.add_listener(self._received)

    def _received(self, openid: str, received: Json) -> None:
        if openid != OPENID:
            return
        message = self._page_message(received)
        self.entries.append({"side": "bot", "message": message})
        self._publish({"kind": "sent", "chat_id": CHAT_ID, "message": message})

    def _page_message(self, received: Json) -> Json:
        message_id = next(self._ids)
        text = str(received.get("text", ""))
        if received.get("kind") == "image":
            text = "🖼 [图片 image]"
        elif received.get("kind") == "template":
            text = f"📋 [模板消息 template message]\n{text}"
        labels = [link.label for link in menu_links(text)]
        self._labels[message_id] = labels
        shown = _LINK.sub(lambda link: f"{link.group(2)} ({link.group(1)})", _MENU_LINK.sub("", text)).strip()
        keyboard = [[{"text": label, "callback_data": str(index)}] for index, label in enumerate(labels)]
        return {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": CHAT_ID, "type": "private"},
            "text": shown,
            **({"reply_markup": {"inline_keyboard": keyboard}} if keyboard else {}),
        }

    def _mine(self, text: str, **content: Any) -> Json:
        message = {"message_id": next(self._ids), "date": 0, "chat": {"id": CHAT_ID}, "text": text, **content}
        self.entries.append({"side": "user", "message": message})
        return message

    async def send_text(self, text: str) -> Json:
        mine = self._mine(text)
        await self._wechat.send_text(OPENID, text)
        return mine

    async def send_location(self, latitude: float, longitude: float) -> Json:
        mine = self._mine("", location={"latitude": latitude, "longitude": longitude})
        await self._wechat.send_location(OPENID, *wgs84_to_gcj02(latitude, longitude))
        return mine

    async def send_photo(self) -> Json:
        mine = self._mine("🖼")
        await self._wechat.send_image(OPENID)
        return mine

    async def press(self, message_id: int, index: int) -> None:
        labels = self._labels.get(message_id, [])
        if not 0 <= index < len(labels):
            raise ValueError("no such button")
        await self._wechat.press(OPENID, labels[index])
