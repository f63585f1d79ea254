"""What every update passes first (flood control, then the redelivery check) and last (its state
written to the database).

The first two stop the update with ApplicationHandlerStop, so no later group (user tracking,
features) sees a flooded or an already answered update.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.channels.telegram.context import BotContext
from bot.flood import FloodGate, Verdict
from bot.handlers.errors import ends_the_update_on_failure

_LOGGER = logging.getLogger(__name__)


def update_key(update: Update) -> str:
    """The update id with what tells one message from another: a redelivery carries the same message,
    while a reused id (after Telegram restarts its counter) carries another one, with another id, time or
    callback. Cheaper than a digest of the whole update, which cost a full serialisation per update."""
    message = update.effective_message
    parts = [
        str(update.update_id),
        str(update.effective_chat.id if update.effective_chat else ""),
        str(message.message_id if message else ""),
        str(int(message.date.timestamp()) if message and message.date else ""),
        update.callback_query.id if update.callback_query else "",
        str(message.edit_date.timestamp() if message and message.edit_date else ""),
    ]
    return ":".join(parts)


class Intake:
    def __init__(self) -> None:
        self.flood_gate = FloodGate()

    async def check_flood(self, update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is None:
            return
        verdict = self.flood_gate.check(user.id, time.monotonic())
        if verdict is Verdict.ACCEPT:
            return
        if verdict is Verdict.REFUSE_WITH_NOTICE and update.effective_chat is not None:
            _LOGGER.info("slowing down a user who sent too many updates")
            stored = await context.store.users.get(user.id)
            language = stored.language if stored else context.settings.default_language
            await context.bot.send_message(
                update.effective_chat.id, context.bot_data.translator(language, "flood-slow-down")
            )
        raise ApplicationHandlerStop

    async def skip_redelivered(self, update: Update, context: BotContext) -> None:
        if not await context.store.updates.claim(update_key(update)):
            _LOGGER.info("update %s was already handled; ignoring the redelivery", update.update_id)
            raise ApplicationHandlerStop

    async def persist_now(self, update: Update, context: BotContext) -> None:
        """Write this update's conversation state and drafts before the next update is taken.

        The redelivery check has already marked the update as handled, so a crash before its state
        reached the database would lose the step; PTB's own interval (1 s) leaves that window open.
        """
        application = context.application
        if application.persistence is None:
            return
        application.mark_data_for_update_persistence(
            chat_ids=update.effective_chat.id if update.effective_chat else None,
            user_ids=update.effective_user.id if update.effective_user else None,
        )
        await application.update_persistence()

    def flood_handler(self) -> BaseHandler[Update, BotContext, None]:
        return TypeHandler(Update, self.check_flood)

    def redelivery_handler(self) -> BaseHandler[Update, BotContext, None]:
        return TypeHandler(Update, ends_the_update_on_failure(self.skip_redelivered))

    def persistence_handler(self) -> BaseHandler[Update, BotContext, None]:
        return TypeHandler(Update, self.persist_now)
