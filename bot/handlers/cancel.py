"""/cancel for everyone: it ends whatever conversation the user is in, in this chat, whatever their roles.

A conversation's state is saved and survives restarts, and a step may take every message, so a /cancel
that a conversation refuses (its role was revoked mid-form) would trap the user for good. This handler is
registered before every conversation and ends each one the user is in through that conversation's own
/cancel fallback, which knows which draft to drop; so those fallbacks demand no role.
"""

from __future__ import annotations

import itertools
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.context import BotContext


def _conversations(context: BotContext) -> list[ConversationHandler[Any]]:
    handlers = itertools.chain(*context.application.handlers.values())
    return [handler for handler in handlers if isinstance(handler, ConversationHandler)]


async def cancel(update: Update, context: BotContext) -> None:
    ended = False
    for conversation in _conversations(context):
        # /cancel starts no conversation, so only one the user is in takes it (through its fallback).
        check = conversation.check_update(update)
        if check:
            await conversation.handle_update(update, context.application, check, context)
            ended = True
    if not ended:
        assert update.effective_message is not None
        await update.effective_message.reply_text(context.text("cancel-nothing"))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CommandHandler("cancel", cancel)]
