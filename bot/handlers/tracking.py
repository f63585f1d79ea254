"""Runs before every other handler: registers the sender and loads their profile into the context."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.channels.telegram.context import BotContext
from bot.handlers.errors import ends_the_update_on_failure
from bot.users import language_from_code


async def track_user(update: Update, context: BotContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        # Channel posts, anonymous group admins (sent as GroupAnonymousBot), other bots: every feature
        # answers a person it knows, so none of them sees these.
        raise ApplicationHandlerStop
    edited = update.edited_message
    if edited is not None and edited.location is None:
        # An edited message is not a new request: re-running an edited /broadcast or /appoint would
        # act twice. Only a live location's edits (the courier moving) carry news.
        raise ApplicationHandlerStop
    language = language_from_code(user.language_code, context.settings.default_language)
    context.profile = await context.store.users.seen(user.id, user.first_name, user.username, language)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [TypeHandler(Update, ends_the_update_on_failure(track_user))]
