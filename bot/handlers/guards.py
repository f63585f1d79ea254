"""Role checks on the server, for commands and for buttons alike: callback data can be forged,
so a button never trusts that only the right people were shown it."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Chat, Update
from telegram.constants import ChatType

from bot.channels.telegram.context import BotContext
from bot.config import Settings
from bot.message_keys import ROLE_KEYS
from bot.users import Needed, holds_any, least_role

_LOGGER = logging.getLogger(__name__)
Result = TypeVar("Result")
MAX_ID = 2**63 - 1  # SQLite's INTEGER; a larger int cannot even be bound as a parameter
# Two arguments for commands and messages, three for a press (the parsed button, bot.handlers.presses).
Callback = Callable[..., Coroutine[Any, Any, Result]]


async def refuse(update: Update, context: BotContext, role: Needed) -> None:
    """Tell the user, in their language, that this needs a role they do not have (the first that gives
    it, when several do)."""
    text = context.text("not-allowed", role=context.text(ROLE_KEYS[least_role(role)]))
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


def require_role(role: Needed) -> Callable[[Callback[Result]], Callback[Result | None]]:
    """Run the callback only for users who hold `role`, or one of a set of roles, now (read from the
    database on every update, so a revoked observer is refused at once; admins pass for Role.STAFF, see
    `users.holds`). Refusals change nothing and are logged without personal data. A station's scope is
    the action's to check."""

    def decorator(callback: Callback[Result]) -> Callback[Result | None]:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext, *args: Any) -> Result | None:
            if holds_any(context.roles, role):
                return await callback(update, context, *args)
            _LOGGER.info("refused %s: needs role %s", callback.__name__, least_role(role).value)
            await refuse(update, context, role)
            return None

        return guarded

    return decorator


def is_confidential_chat(chat: Chat | None, settings: Settings) -> bool:
    """A private chat (only its one user reads it) or the configured admin chat."""
    return chat is not None and (chat.type == ChatType.PRIVATE or chat.id == settings.admin_chat_id)


def confidential(callback: Callback[Result]) -> Callback[Result | None]:
    """The one chat rule for every view with personal data (names, ids, balances, reports, exports): it
    runs only in a private chat or the admin chat, so an admin's command or tap in a couriers' group
    posts nothing there but a refusal."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext, *args: Any) -> Result | None:
        if is_confidential_chat(update.effective_chat, context.settings):
            return await callback(update, context, *args)
        _LOGGER.info("refused %s outside a private chat or the admin chat", callback.__name__)
        text = context.text("private-chat-only")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text)
        return None

    return guarded


def parse_id(text: str) -> int | None:
    """A row id or a page number from callback data (forgeable) or a command: ASCII digits that fit
    SQLite's INTEGER, else None. `str.isdigit` alone lets "²" through to `int`, which refuses it, and
    `int` alone takes ids that SQLite refuses."""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_ID else None
