"""Command menus (setMyCommands): zh and en for everyone, a chat scope for observers and admins."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import BadRequest, Forbidden

from bot.commands import commands_for
from bot.i18n import Translator
from bot.users import SUPPORTED_LANGUAGES, Role, UserProfile

_LOGGER = logging.getLogger(__name__)
EVERYONE = frozenset({Role.COURIER})


def _menu(translator: Translator, language: str, roles: frozenset[Role]) -> list[BotCommand]:
    return [BotCommand(spec.name, translator(language, spec.description_key)) for spec in commands_for(roles)]


async def publish_default_menus(bot: Bot, translator: Translator) -> None:
    """The default menu in every language, and the default language's for clients of other languages."""
    for language in SUPPORTED_LANGUAGES:
        await bot.set_my_commands(_menu(translator, language, EVERYONE), language_code=language)
    await bot.set_my_commands(
        _menu(translator, translator.default_language, EVERYONE), scope=BotCommandScopeDefault()
    )


async def publish_user_menu(
    bot: Bot, translator: Translator, profile: UserProfile, roles: frozenset[Role]
) -> None:
    """A chat-scoped menu for a user with more than the courier role or with a language chosen
    with /language (the default menus follow the app's language, not that choice)."""
    scope = BotCommandScopeChat(chat_id=profile.id)
    language = profile.language
    try:
        if roles == EVERYONE and not profile.language_chosen:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(_menu(translator, language, roles), scope=scope)
    except (BadRequest, Forbidden) as error:
        # An admin who never opened the bot has no chat yet; they get the menu on their first /start.
        _LOGGER.info("no command menu for a user with roles %s: %s", sorted(roles), error.message)
