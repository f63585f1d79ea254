"""/policy, the policy desk (政策咨询台): a courier types a question, or picks one of the desk's topics, and
gets the answer with its source and date. A question the catalogue cannot answer is pointed to the
hotlines and to the stations' policy desks, and may be asked of a station's staff ("ask the desk"): the
courier picks the station and types the question, a staff member presses Answer and types the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import confidential, require_role
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html
from bot.policies import Policy
from bot.services import policy_desk
from bot.services.policy_desk import AnswerQuestion, Refusal
from bot.users import Role

_BUTTON_LABEL_CHARS = 60
DESK_STATION = "desk_station"  # user_data: the station the courier is asking
DESK_ANSWERING = "desk_answering"  # user_data: the question a staff member is answering
TOPICS_SHOWN_AT = "policy_topics_shown_at"  # user_data: when /policy invited a typed question
# The topics say "or just type your question": text typed this soon after is taken as one.
QUESTION_WINDOW = timedelta(minutes=10)
_REFUSAL_KEYS = {
    Refusal.UNKNOWN: "button-expired",
    Refusal.NOT_YOURS: "station-not-yours",
    Refusal.ANSWERED: "desk-already-answered",
}


@dataclass(frozen=True, slots=True)
class ShowPolicy(ButtonData, prefix="pol:show"):
    policy_id: str


@dataclass(frozen=True, slots=True)
class AskDesk(ButtonData, prefix="pol:ask"):
    """Under the answer that found nothing: ask the staff of a station."""


@dataclass(frozen=True, slots=True)
class AskStation(ButtonData, prefix="pol:at"):
    station_id: str


class AskStep(IntEnum):
    STATION = 1
    QUESTION = 2


class AnswerStep(IntEnum):
    ANSWER = 1


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
        button = InlineKeyboardButton(context.text("desk-button-ask"), callback_data=AskDesk().pack())
        await message.reply_text(context.text("policy-none"), reply_markup=InlineKeyboardMarkup([[button]]))


async def policy_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if context.args:
        await answer_question(message, context, " ".join(context.args))
        return
    topics = list(context.bot_data.catalogues.policies)
    await message.reply_text(context.text("policy-topics"), reply_markup=_choices(context, topics))
    assert context.user_data is not None
    context.user_data[TOPICS_SHOWN_AT] = context.bot_data.clock.utc().isoformat()


def question_awaited(context: BotContext) -> bool:
    """Whether the person was invited by /policy, a little while ago, to type a question: the text the
    router understands as nothing else is then that question (once), not a place or a greeting."""
    assert context.user_data is not None
    shown_at = context.user_data.pop(TOPICS_SHOWN_AT, None)
    return (
        shown_at is not None
        and context.bot_data.clock.utc() - datetime.fromisoformat(shown_at) <= QUESTION_WINDOW
    )


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


# --- ask the desk ---------------------------------------------------------------------------------------


@on_press(AskDesk)
async def ask_pressed(update: Update, context: BotContext, _button: AskDesk) -> AskStep:
    query = update.callback_query
    assert query is not None
    await query.answer()
    stations = policy_desk.desk_stations(
        context.bot_data.catalogue, context.profile.last_location if context.profile else None
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    station.name.pick(context.language)[:_BUTTON_LABEL_CHARS],
                    callback_data=AskStation(station.id).pack(),
                )
            ]
            for station in stations
        ]
    )
    await edit_pressed_message(query, context.text("desk-ask-station"), markup)
    return AskStep.STATION


@on_press(AskStation)
async def station_chosen(update: Update, context: BotContext, button: AskStation) -> AskStep | None:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    station = context.bot_data.catalogue.by_id.get(button.station_id)
    if station is None:
        await answer_stale(update, context)
        return None
    await query.answer()
    context.user_data[DESK_STATION] = station.id
    await edit_pressed_message(
        query, context.text("desk-ask-question", station=station.name.pick(context.language))
    )
    return AskStep.QUESTION


async def question_typed(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    assert context.profile is not None
    station = context.bot_data.catalogue.by_id.get(str(context.user_data.pop(DESK_STATION, "")))
    if station is None:  # the catalogue lost the station since it was picked
        await message.reply_text(context.text("button-expired"))
        return ConversationHandler.END
    asked = await policy_desk.ask(
        context.store,
        context.bot_data.translator,
        user_id=context.profile.id,
        courier_name=context.profile.first_name,  # the name they chose with /name, if they did
        station=station,
        question=message.text.strip(),
        admin_ids=context.settings.admin_ids,
        now=context.bot_data.clock.utc(),
    )
    await context.bot_data.notifier.send(asked.notices)
    await message.reply_text(context.text("desk-question-sent", station=station.name.pick(context.language)))
    return ConversationHandler.END


@on_press(AnswerQuestion)
@confidential
async def answer_pressed(update: Update, context: BotContext, button: AnswerQuestion) -> AnswerStep | int:
    query = update.callback_query
    assert query is not None and query.message is not None and context.user_data is not None
    found = await policy_desk.check_answerable(context.store, context.actor, button.question_id)
    if isinstance(found, Refusal):
        await query.answer(context.text(_REFUSAL_KEYS[found]), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data[DESK_ANSWERING] = found.id
    await context.bot.send_message(
        query.message.chat.id, context.text("desk-ask-answer", question=found.question)
    )
    return AnswerStep.ANSWER


@require_role(Role.STAFF)
@confidential
async def answer_typed(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    answered = await policy_desk.answer(
        context.store,
        context.bot_data.translator,
        context.bot_data.catalogue,
        actor=context.actor,
        question_id=int(context.user_data.pop(DESK_ANSWERING, 0)),
        text=message.text.strip(),
        now=context.bot_data.clock.utc(),
        tz=context.settings.tzinfo,
    )
    if answered.refusal is not None:
        await message.reply_text(context.text(_REFUSAL_KEYS[answered.refusal]))
        return ConversationHandler.END
    await context.bot_data.notifier.send(answered.notices)
    await message.reply_text(context.text("desk-answer-sent"))
    return ConversationHandler.END


async def desk_cancelled(update: Update, context: BotContext) -> int:
    assert context.user_data is not None and update.effective_message is not None
    context.user_data.pop(DESK_STATION, None)
    context.user_data.pop(DESK_ANSWERING, None)
    await update.effective_message.reply_text(context.text("cancel-done"))
    return ConversationHandler.END


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    typed = filters.TEXT & ~filters.COMMAND
    asking: ConversationHandler[BotContext] = person_conversation(
        entry_points=[press_handler(AskDesk, ask_pressed)],
        states={
            AskStep.STATION: [press_handler(AskStation, station_chosen)],
            AskStep.QUESTION: [MessageHandler(typed, question_typed)],
        },
        fallbacks=[CommandHandler("cancel", desk_cancelled)],
        name="policy_desk_ask",
        persistent=True,
        allow_reentry=True,
    )
    answering: ConversationHandler[BotContext] = person_conversation(
        entry_points=[press_handler(AnswerQuestion, answer_pressed)],
        states={AnswerStep.ANSWER: [MessageHandler(typed, answer_typed)]},
        fallbacks=[CommandHandler("cancel", desk_cancelled)],
        name="policy_desk_answer",
        persistent=True,
        allow_reentry=True,
    )
    return [
        asking,
        answering,
        CommandHandler("policy", policy_command),
        press_handler(ShowPolicy, policy_pressed),
        family_handler("pol"),
        family_handler("desk"),
    ]
