"""/language: switch between Chinese and English; the choice is stored and outlives restarts."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.editing import edit_pressed_message
from bot.handlers.menus import publish_user_menu
from bot.handlers.presses import answer_stale, on_press, press_handler
from bot.message_keys import LANGUAGE_BUTTON_KEYS
from bot.users import SUPPORTED_LANGUAGES


@dataclass(frozen=True, slots=True)
class LanguageChoice(ButtonData, prefix="lang"):
    language: str


async def choose_language(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.text(LANGUAGE_BUTTON_KEYS[language]),
                    callback_data=LanguageChoice(language).pack(),
                )
                for language in SUPPORTED_LANGUAGES
            ]
        ]
    )
    await update.effective_message.reply_text(context.text("language-choose"), reply_markup=keyboard)


@on_press(LanguageChoice)
async def language_chosen(update: Update, context: BotContext, button: LanguageChoice) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    language = button.language
    if language not in SUPPORTED_LANGUAGES:
        await answer_stale(update, context)
        return
    unchanged = language == context.profile.language
    await context.store.users.set_language(context.profile.id, language)
    context.profile = await context.store.users.get(context.profile.id)
    assert context.profile is not None
    await query.answer()
    await edit_pressed_message(query, context.text("language-unchanged" if unchanged else "language-set"))
    await publish_user_menu(context.bot, context.bot_data.translator, context.profile, context.roles)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("language", choose_language),
        press_handler(LanguageChoice, language_chosen),
    ]
