"""/policy, the policy desk (政策咨询台): a courier types a question, or picks one of the desk's topics, and
gets the answer with its source and date. A question the catalogue cannot answer is pointed to the
hotlines and to the stations' policy desks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.editing import edit_pressed_message
from bot.handlers.presses import family_handler, on_press, press_handler
from bot.i18n import Html
from bot.policies import Policy

_BUTTON_LABEL_CHARS = 60


@dataclass(frozen=True, slots=True)
class ShowPolicy(ButtonData, prefix="pol:show"):
    policy_id: str


def _answer(context: BotContext, policy: Policy) -> Html:
    language = context.language
    return context.text(
        "policy-answer",
        question=policy.question.pick(language),
        answer=policy.answer.pick(language),
        source=policy.source.pick(language),
        date=policy.date.isoformat(),
    )


def _choices(context: BotContext, policies: list[Policy]) -> InlineKeyboardMarkup:
    language = context.language
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    policy.question.pick(language)[:_BUTTON_LABEL_CHARS],
                    callback_data=ShowPolicy(policy.id).pack(),
                )
            ]
            for policy in policies
        ]
    )


async def answer_question(message: Message, context: BotContext, question: str) -> None:
    """One match is answered at once; several are offered as buttons; none gets the way to a person."""
    found = context.bot_data.catalogues.policies.search(question)
    if len(found) == 1:
        await message.reply_text(_answer(context, found[0]))
    elif found:
        await message.reply_text(context.text("policy-several"), reply_markup=_choices(context, found))
    else:
        await message.reply_text(context.text("policy-none"))


async def policy_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if context.args:
        await answer_question(message, context, " ".join(context.args))
        return
    topics = list(context.bot_data.catalogues.policies)
    await message.reply_text(context.text("policy-topics"), reply_markup=_choices(context, topics))


@on_press(ShowPolicy)
async def policy_pressed(update: Update, context: BotContext, button: ShowPolicy) -> None:
    query = update.callback_query
    assert query is not None
    policy = context.bot_data.catalogues.policies.by_id.get(button.policy_id)
    if policy is None:  # a topic removed from the catalogue since the button was sent
        await query.answer(context.text("button-expired"), show_alert=True)
        return
    await query.answer()
    await edit_pressed_message(query, _answer(context, policy))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("policy", policy_command),
        press_handler(ShowPolicy, policy_pressed),
        family_handler("pol"),
    ]
