"""The one error handler: log with the traceback, apologise to the user, tell the admin chat."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext

_LOGGER = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    _LOGGER.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, context.text("error-apology"))
        if context.settings.admin_chat_id is not None:
            # The exception's type only: its message may quote what the user sent.
            notice = context.bot_data.translator(
                context.settings.default_language,
                "error-admin-notice",
                update_id=update.update_id,
                error=type(context.error).__name__,
            )
            await context.bot.send_message(context.settings.admin_chat_id, notice)
    except TelegramError:
        _LOGGER.warning("could not report the error to the chat", exc_info=True)
