"""Both channels in one process: a Bot API call for a chat of the other channel goes to that channel.

A WeChat courier's report card goes to the Telegram admin group (its photos downloaded from WeChat and
uploaded to Telegram); a Telegram admin's approval reaches a WeChat courier through Telegram's outbox.
Each application's request is wrapped in a `ChannelRouter` that looks at the call's `chat_id`: a chat of
the other channel is served by the other channel's request, everything else (calls without a chat, its
own chats) by its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.channels.wechat.request import WeChatRequest
from bot.channels.wechat.state import ADMIN_CHAT_ID
from bot.storage.wechat import is_wechat_id


def is_wechat_chat(chat_id: int) -> bool:
    return is_wechat_id(chat_id) or chat_id == ADMIN_CHAT_ID


class ChannelRouter(BaseRequest):
    """`own` serves the application's channel; `other` the chats for which `is_other(chat_id)` holds, at
    `other_url(method)` (the other channel's Bot API address, or any: WeChat's request reads the method)."""

    def __init__(
        self,
        own: BaseRequest,
        other: BaseRequest,
        is_other: Callable[[int], bool],
        other_url: Callable[[str], str],
    ) -> None:
        self._own, self._other = own, other
        self._is_other, self._other_url = is_other, other_url

    @property
    def read_timeout(self) -> float | None:
        return self._own.read_timeout

    async def initialize(self) -> None:
        await self._own.initialize()
        await self._other.initialize()

    async def shutdown(self) -> None:
        await self._own.shutdown()
        await self._other.shutdown()

    def for_outbox(self) -> ChannelRouter:
        """The outbox sender's router: fresh connections on both sides (see delivery._sender_bot)."""
        return ChannelRouter(
            _for_outbox(self._own), _for_outbox(self._other), self._is_other, self._other_url
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        chat = request_data.parameters.get("chat_id") if request_data is not None else None
        other = isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() and self._is_other(int(chat))
        target, address = (
            (self._other, self._other_url(url.rsplit("/", 1)[-1])) if other else (self._own, url)
        )
        wechat = next((side for side in (self._own, self._other) if isinstance(side, WeChatRequest)), None)
        if wechat is not None and target is not wechat and request_data is not None:
            request_data = await wechat.with_uploads(request_data)  # WeChat photos for a Telegram chat
        return await target.do_request(
            address,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )


def _for_outbox(request: BaseRequest) -> BaseRequest:
    for_outbox = getattr(request, "for_outbox", None)
    if callable(for_outbox):
        outbox_request: BaseRequest = for_outbox()
        return outbox_request
    if isinstance(request, HTTPXRequest):
        return HTTPXRequest(connection_pool_size=32)
    return request
