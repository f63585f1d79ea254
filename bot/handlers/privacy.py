"""/privacy, /mydata and /deleteme, and the daily job that forgets old locations."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, BaseHandler, CommandHandler

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.cancel import end_conversations_of
from bot.handlers.editing import edit_pressed_message
from bot.handlers.jobs import once_across_workers
from bot.handlers.presses import answer_stale, on_press, press_handler
from bot.i18n import Html
from bot.message_keys import LANGUAGE_BUTTON_KEYS
from bot.privacy import (
    confirmation_is_fresh,
    erasure_month,
    export_json,
    location_cutoff,
    processed_updates_cutoff,
    wechat_links_cutoff,
)

_LOGGER = logging.getLogger(__name__)


class EraseAnswer(StrEnum):
    YES = "yes"
    NO = "no"


# "|" between fields, as before: a question already sent keeps working.
@dataclass(frozen=True, slots=True)
class EraseChoice(ButtonData, prefix="erase", separator="|"):
    """The answer to "erase everything?": erase|yes|<when the question was asked, a Unix time>."""

    answer: EraseAnswer
    issued: int


HOUSEKEEPING_JOB = "privacy-housekeeping"
HOUSEKEEPING_AT = time(4, 0)  # local time, when nobody is riding


async def show_privacy(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.text("privacy-notice", location_days=context.settings.location_retention_days)
    )


async def send_my_data(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    profile = context.profile
    data = await context.store.privacy.export(profile.id)
    await message.reply_text(
        context.text(
            "privacy-mydata-summary",
            name=profile.first_name,
            chosen_language=context.text(LANGUAGE_BUTTON_KEYS[profile.language]),
            location=context.text("privacy-location-kept", days=context.settings.location_retention_days)
            if profile.last_location
            else context.text("privacy-location-none"),
            entries=len(data["volunteer_entries"]),
            points=await context.store.points.balance(profile.id),
            redemptions=len(data["redemptions"]),
            reports=len(data["reports"]),
        )
    )
    now = context.now
    document = InputFile(io.BytesIO(export_json(data, now)), filename=f"xiaoge-mydata-{now:%Y%m%d}.json")
    await message.reply_document(document, caption=context.text("privacy-mydata-caption"))


async def _what_will_be_lost(context: BotContext, user_id: int) -> Html | None:
    """The balance and the uncollected codes, named before the confirmation: they do not come back."""
    points = await context.store.points.balance(user_id)
    codes = len(await context.store.points.open_redemptions(user_id))
    items = [context.text("privacy-erase-points", points=points)] if points else []
    items += [context.text("privacy-erase-codes", codes=codes)] if codes else []
    if not items:
        return None
    return context.text("privacy-erase-balance", items=Html(context.text("privacy-erase-and").join(items)))


async def ask_to_erase(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None and context.profile is not None
    lost = await _what_will_be_lost(context, context.profile.id)
    issued = int(context.now.timestamp())
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.text("privacy-erase-yes"),
                    callback_data=EraseChoice(EraseAnswer.YES, issued).pack(),
                )
            ],
            [
                InlineKeyboardButton(
                    context.text("privacy-erase-no"), callback_data=EraseChoice(EraseAnswer.NO, issued).pack()
                )
            ],
        ]
    )
    question = context.text("privacy-erase-confirm")
    text = Html(f"{lost}\n{question}") if lost else question
    await update.effective_message.reply_text(text, reply_markup=keyboard)


@on_press(EraseChoice)
async def erase_answered(update: Update, context: BotContext, button: EraseChoice) -> None:
    """The person's own button: it can only ever erase the presser's data, so no role is needed."""
    query = update.callback_query
    assert query is not None
    if button.issued < 0:
        await answer_stale(update, context)  # no question of ours was asked before 1970
        return
    if button.answer is EraseAnswer.NO:
        await query.answer()
        await edit_pressed_message(query, context.text("privacy-erase-kept"))
        return
    if not confirmation_is_fresh(button.issued, context.now):
        await query.answer(context.text("privacy-erase-stale"), show_alert=True)
        return
    user_id = query.from_user.id
    language = context.language  # read before the profile is gone
    summary = await context.store.privacy.erase(user_id, erasure_month(context.now))
    await end_conversations_of(query, context)  # before their drafts go: the forms' own /cancel ends them
    context.application.drop_user_data(user_id)
    if query.message is not None:
        context.application.drop_chat_data(query.message.chat.id)
    _LOGGER.info("erased a user's personal data at their request")
    await query.answer()
    await edit_pressed_message(
        query,
        context.bot_data.translator(
            language,
            "privacy-erased",
            reports=summary.reports_kept_anonymously,
            points=summary.points_balance,
        ),
    )


@dataclass(frozen=True, slots=True)
class ForgetLocation(ButtonData, prefix="locforget"):
    """Drops the last shared location only; the account, points and reports stay."""


def forget_location_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    label = context.text("privacy-forget-location-button")
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=ForgetLocation().pack())]])


@on_press(ForgetLocation)
async def forget_location(update: Update, context: BotContext, _: ForgetLocation) -> None:
    query = update.callback_query
    assert query is not None
    await context.store.users.forget_location(query.from_user.id)
    await query.answer()
    await edit_pressed_message(query, context.text("privacy-location-forgotten"))


async def housekeeping(context: BotContext) -> None:
    """Daily: forget last locations past the retention period, old processed-update ids, job runs and
    WeChat message texts and button links."""
    now = context.now
    dropped = await context.store.privacy.drop_locations_before(
        location_cutoff(now, context.settings.location_retention_days)
    )
    forgotten = await context.store.updates.forget_before(processed_updates_cutoff(now))
    await context.store.jobs.forget_before(processed_updates_cutoff(now))  # a claim matters a few seconds
    links = await context.store.wechat.forget_before(wechat_links_cutoff(now))
    _LOGGER.info(
        "housekeeping: %d old locations dropped, %d update ids and %d WeChat messages or links forgotten",
        dropped,
        forgotten,
        links,
    )


def schedule_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Called from post_init: (re)create the daily housekeeping job under its stable id."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is installed"
    application.job_queue.run_daily(
        once_across_workers(housekeeping),
        time=HOUSEKEEPING_AT,
        name=HOUSEKEEPING_JOB,
        job_kwargs={"id": HOUSEKEEPING_JOB, "replace_existing": True},
    )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("privacy", show_privacy),
        CommandHandler("mydata", send_my_data),
        CommandHandler("deleteme", ask_to_erase),
        press_handler(EraseChoice, erase_answered),
        press_handler(ForgetLocation, forget_location),
    ]
