"""/cancel for everyone: it ends whatever conversation the user is in, in this chat, whatever their roles.

A conversation's state is saved and survives restarts, and a step may take every message, so a /cancel
that a conversation refuses (its role was revoked mid-form) would trap the user for good. This handler is
registered before every conversation and ends each one the user is in through that conversation's own
/cancel fallback, which knows which draft to drop; so those fallbacks demand no role.
"""

from __future__ import annotations

import itertools
from typing import Any

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.channels.telegram.context import BotContext


def _conversations(context: BotContext) -> list[ConversationHandler[Any]]:
    handlers = itertools.chain(*context.application.handlers.values())
    return [handler for handler in handlers if isinstance(handler, ConversationHandler)]


async def end_conversations(update: Update, context: BotContext) -> bool:
    """End every conversation the sender of this /cancel update is in; False when there was none."""
    ended = False
    for conversation in _conversations(context):
        # /cancel starts no conversation, so only one the user is in takes it (through its fallback).
        check = conversation.check_update(update)
        if check:
            await conversation.handle_update(update, context.application, check, context)
            ended = True
    return ended


async def end_conversations_of(query: CallbackQuery, context: BotContext) -> None:
    """The same for the person who pressed a button (/deleteme's confirmation): their forms end as if
    they had sent /cancel in that chat, so an erased draft leaves no form waiting for its next step."""
    if not isinstance(query.message, Message):
        return
    command = "/cancel"
    message = Message(
        message_id=0,
        date=query.message.date,
        chat=query.message.chat,
        from_user=query.from_user,
        text=command,
        entities=[MessageEntity(MessageEntity.BOT_COMMAND, 0, len(command))],
    )
    # Objects built by hand carry no bot: each one that a fallback may reply through needs it.
    for part in (message, message.chat, query.from_user):
        part.set_bot(context.bot)
    cancel_update = Update(update_id=0, message=message)
    cancel_update.set_bot(context.bot)
    await end_conversations(cancel_update, context)


async def cancel(update: Update, context: BotContext) -> None:
    if not await end_conversations(update, context):
        assert update.effective_message is not None
        await update.effective_message.reply_text(context.text("cancel-nothing"))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CommandHandler("cancel", cancel)]
