"""Updates of different chats at once, the updates of one chat one by one, in the order they came.

By default python-telegram-bot handles one update at a time, so one slow update (a geocoder that takes
4 s, a reply held by the admin chat's 20-a-minute limit) delays every courier behind it. Handling all
updates at once would break conversations, which assume a chat's updates arrive one by one (a form's
steps, a double tap on Confirm). So each chat gets a lock: its updates queue on it in arrival order
(asyncio locks wake their waiters first come, first served) while other chats go on.

With several workers behind a load balancer, a chat's next update may reach another worker while this one
still handles the last; `chat_turn`, when set, holds the chat across workers as well (and brings the
chat's latest stored state in, bot/persistence.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in flight at once. A chat that floods waits on its own lock and holds slots meanwhile, so the
# limit is far above what one person sends before flood control drops them (bot/flood.py).
MAX_CONCURRENT_UPDATES = 256


# (chat id, sender id) -> a block that holds the chat across workers while the update runs.
ChatTurn = Callable[[int, int | None], AbstractAsyncContextManager[None]]


def ordering_key(update: object) -> int | None:
    """The chat whose updates must stay in order; None for an update without one (it runs at once)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


def person_ordering_key(update: object) -> int | None:
    """WeChat's: the person whose updates must stay in order. Every WeChat chat is a person's own except
    the admins' (virtual) one, whose presses are answered in private: a press there and the note the
    admin then types in private must run in that order."""
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return ordering_key(update)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        ordering: Callable[[object], int | None] = ordering_key,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._ordering = ordering
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # chat -> updates holding or waiting for its lock
        self.chat_turn: ChatTurn | None = None  # set when several workers share the store

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._ordering(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                if self.chat_turn is None:
                    await coroutine
                    return
                assert isinstance(update, Update)
                sender = update.effective_user.id if update.effective_user is not None else None
                async with self.chat_turn(key, sender):
                    await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # the chat is quiet: forget its lock, memory follows active chats
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: the application waits for the updates in flight."""
