"""The one error handler: log with the traceback, apologise to the user, tell the admin chat.

When the store fails (a full disk), every update fails. The user still hears one apology per update (a failed
check that later handlers rely on ends the update: `ends_the_update_on_failure`), the admin chat one notice
per distinct failure per few minutes. The notice goes through the outbox like every admin-chat message;
but the outbox lives in the store, so when the store cannot take it, it is sent directly, beside the update:
Telegram allows a group about 20 messages a minute, and an awaited notice made every courier wait.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.channels.telegram.context import BotContext
from bot.notify import AdminNotice

_LOGGER = logging.getLogger(__name__)

ADMIN_NOTICE_TASK = "admin error notice"
NOTICE_WINDOW_SECONDS = 300.0
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_BOT_PACKAGE = f"{_PROJECT_ROOT / 'bot'}{os.sep}"


class NoticeThrottle:
    """Admits one notice per failure signature per window; the clock is injectable for tests."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window_seconds
        self._clock = clock
        self._last_admitted: dict[str, float] = {}

    def admits(self, signature: str) -> bool:
        now = self._clock()
        last = self._last_admitted.get(signature)
        if last is not None and now - last < self._window:
            return False
        self._last_admitted[signature] = now
        return True


def failure_signature(error: BaseException) -> str:
    """The exception's type and the innermost frame of our own code: a full disk is one failure whichever
    handler wrote. Never the exception's message, which may quote what the user sent."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if frame.filename.startswith(_BOT_PACKAGE)]
    if not ours:
        return type(error).__name__
    innermost = ours[-1]
    return f"{type(error).__name__} in {Path(innermost.filename).relative_to(_PROJECT_ROOT)}:{innermost.name}"


class ErrorReporter:
    def __init__(self) -> None:
        self._throttle = NoticeThrottle(NOTICE_WINDOW_SECONDS)
        self._notices: set[asyncio.Task[None]] = set()  # held so that a running notice is not collected

    async def on_error(self, update: object, context: BotContext) -> None:
        _LOGGER.error("error while handling an update", exc_info=context.error)
        if not isinstance(update, Update) or context.error is None:
            return
        admin_chat_id = context.settings.admin_chat_id
        if admin_chat_id is not None:
            signature = failure_signature(context.error)
            if self._throttle.admits(signature):
                await self._tell_admins(context, admin_chat_id, update.update_id, signature)
        if update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, context.text("error-apology"))
            except TelegramError:
                _LOGGER.warning("could not apologise to the user", exc_info=True)

    async def _tell_admins(
        self, context: BotContext, admin_chat_id: int, update_id: int, signature: str
    ) -> None:
        translator = context.bot_data.translator

        def notice(language: str) -> str:
            return translator(language, "error-admin-notice", update_id=update_id, error=signature)

        try:
            await context.bot_data.notifier.tell_admins(AdminNotice(f"error:{update_id}:{signature}", notice))
        except Exception:  # the store that holds the outbox is what fails: the admins must hear of it still
            _LOGGER.warning("could not queue the error notice; sending it directly", exc_info=True)
            self._send_later(
                context.bot.send_message(admin_chat_id, notice(context.settings.default_language))
            )

    def _send_later(self, sending: Awaitable[object]) -> None:
        task = asyncio.create_task(_report_failure_to_send(sending), name=ADMIN_NOTICE_TASK)
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)


async def _report_failure_to_send(sending: Awaitable[object]) -> None:
    try:
        await sending
    except TelegramError:
        _LOGGER.warning("could not report an error to the admin chat", exc_info=True)


def ends_the_update_on_failure(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, None]],
) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """For the checks every later handler relies on (the redelivery claim, the sender's profile): when one
    fails, the error is reported and the update ends there. Going on, each feature would fail again on what
    the check left undone (no profile: an AssertionError) and apologise once more."""

    async def checked(update: Update, context: BotContext) -> None:
        try:
            await callback(update, context)
        except ApplicationHandlerStop:
            raise
        except Exception as error:
            await context.application.process_error(update, error)
            raise ApplicationHandlerStop from error

    return checked
