"""Runs before every other handler: registers the sender and loads their profile into the context."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, TypeHandler

from bot.context import BotContext
from bot.users import language_from_code


async def track_user(update: Update, context: BotContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    language = language_from_code(user.language_code, context.settings.default_language)
    context.profile = await context.store.users.seen(user.id, user.first_name, user.username, language)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [TypeHandler(Update, track_user)]
