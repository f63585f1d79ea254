"""/broadcast for admins: content (zh, optional en), audience, a preview as recipients will see it with the
recipient count, now or later, confirm (twice for a repeat within 10 minutes); and the Pause, Resume and
Cancel buttons of the progress message. Sending itself is the outbox's job (bot/outbox.py,
bot/channels/telegram/delivery.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.broadcast import (
    CAPTION_LIMIT,
    PAID_BROADCAST_RATE,
    QUIET_HOURS,
    Audience,
    BatchStatus,
    Content,
    format_duration,
    in_couriers_quiet_hours,
    paid_broadcast_stars,
    parse_send_time,
)
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import (
    BatchControl,
    ControlAction,
    outbox_sender,
    progress_buttons,
    render_progress,
    schedule_batch,
    unschedule_batch,
)
from bot.handlers.audience import AudiencePicker, Button, describe_audience, keyboard, say
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import require_role
from bot.handlers.presses import family_handler, on_press, press_handler
from bot.i18n import Html
from bot.message_keys import BROADCAST_CONTROL_KEYS
from bot.services.broadcast import RecentDuplicate, create_broadcast
from bot.timeparse import moment_in_words
from bot.users import Role

DRAFT = "broadcast_draft"


class Step(IntEnum):
    CONTENT = 1
    ENGLISH = 2
    # 3 to 7: the audience steps (bot.handlers.audience.AudienceStep)
    WHEN = 8
    TIME = 9
    CONFIRM = 10
    CONFIRM_AGAIN = 11


# --- buttons: every step's buttons are an admin's, except leaving the form ---------------------------


@dataclass(frozen=True, slots=True)
class SkipEnglish(ButtonData, prefix="bc:noen", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class SendNow(ButtonData, prefix="bc:now", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class SendLater(ButtonData, prefix="bc:later", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class Confirm(ButtonData, prefix="bc:go", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class ChoosePaid(ButtonData, prefix="bc:paid", role=Role.ADMIN):
    """Send this one as a Telegram paid broadcast: faster, paid in Stars."""


@dataclass(frozen=True, slots=True)
class ChooseFree(ButtonData, prefix="bc:free", role=Role.ADMIN):
    """Back to an ordinary broadcast at BOT_BROADCAST_RATE."""


@dataclass(frozen=True, slots=True)
class ConfirmAgain(ButtonData, prefix="bc:again", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class AbortDraft(ButtonData, prefix="bc:cancel", role=Role.COURIER):
    """No admin role needed: an admin removed from BOT_ADMIN_IDS mid-form must still be able to leave it."""


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


def _content(draft: dict[str, Any]) -> Content:
    return Content(zh=draft["zh"], en=draft.get("en"), photo=draft.get("photo"))


def _cancel_row(context: BotContext) -> list[Button]:
    return [(context.text("broadcast-button-abort"), AbortDraft())]


# --- content ---------------------------------------------------------------------------------------------


@require_role(Role.ADMIN)
async def begin(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None and context.user_data is not None
    context.user_data[DRAFT] = {}
    await update.effective_message.reply_text(
        context.text("broadcast-ask-content"), reply_markup=keyboard([_cancel_row(context)])
    )
    return Step.CONTENT


@require_role(Role.ADMIN)
async def content_given(update: Update, context: BotContext) -> Step:
    message = update.effective_message
    assert message is not None and context.user_data is not None
    if message.photo:
        draft: dict[str, Any] = {
            "zh": message.caption_html if message.caption else "",
            "photo": message.photo[-1].file_id,
        }
    elif message.text:
        draft = {"zh": message.text_html}
    else:
        await message.reply_text(context.text("broadcast-content-kind"))
        return Step.CONTENT
    context.user_data[DRAFT] = draft
    await message.reply_text(
        context.text("broadcast-ask-english"),
        reply_markup=keyboard(
            [[(context.text("broadcast-button-skip-english"), SkipEnglish())], _cancel_row(context)]
        ),
    )
    return Step.ENGLISH


@require_role(Role.ADMIN)
async def english_given(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = _draft(context)
    if draft.get("photo") and len(message.text) > CAPTION_LIMIT:
        await message.reply_text(context.text("broadcast-caption-too-long", limit=CAPTION_LIMIT))
        return Step.ENGLISH
    draft["en"] = message.text_html
    return await _AUDIENCE.ask(update, context)


@on_press(SkipEnglish)
async def english_skipped(update: Update, context: BotContext, button: SkipEnglish) -> int:
    _draft(context).pop("en", None)
    return await _AUDIENCE.ask(update, context)


@require_role(Role.ADMIN)
async def english_not_text(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("broadcast-english-kind"))
    return Step.ENGLISH


# --- preview, time, confirmation -------------------------------------------------------------------------


async def _send_as_recipients_see_it(
    context: BotContext, chat_id: int, content: Content, language: str
) -> None:
    text = content.text_for(language)
    if content.photo is not None:
        await context.bot.send_photo(chat_id, content.photo, caption=text)
    else:
        await context.bot.send_message(chat_id, text)


async def _preview(update: Update, context: BotContext, audience: Audience, counts: dict[str, int]) -> Step:
    """The content exactly as recipients get it, then the count and the question "when?"."""
    assert update.effective_chat is not None
    draft = _draft(context)
    draft["audience"] = audience.to_json()
    total = sum(counts.values())
    draft["count"] = total
    content = _content(draft)
    chat_id = update.effective_chat.id
    await context.bot.send_message(chat_id, context.text("broadcast-preview-header"))
    await _send_as_recipients_see_it(context, chat_id, content, "zh")
    if content.en:
        await context.bot.send_message(chat_id, context.text("broadcast-preview-english"))
        await _send_as_recipients_see_it(context, chat_id, content, "en")
    summary = context.text(
        "broadcast-preview-summary",
        audience=describe_audience(context, audience),
        count=total,
        zh=counts.get("zh", 0),
        en=counts.get("en", 0),
    )
    buttons: list[list[Button]] = [
        [
            (context.text("broadcast-button-now"), SendNow()),
            (context.text("broadcast-button-later"), SendLater()),
        ],
        _cancel_row(context),
    ]
    await context.bot.send_message(chat_id, summary, reply_markup=keyboard(buttons))
    return Step.WHEN


_AUDIENCE = AudiencePicker(draft=_draft, cancel_row=_cancel_row, chosen=_preview)


def _example(context: BotContext) -> str:
    """A send time to show as an example: the next 14:30 to come, never one in the past."""
    now = context.now
    day = now.date() if now.time() < time(14, 30) else now.date() + timedelta(days=1)
    return f"{day.isoformat()} 14:30"


def _when_text(context: BotContext, scheduled_at: str | None) -> str:
    if scheduled_at is None:
        return context.text("broadcast-when-now")
    local = datetime.fromisoformat(scheduled_at).astimezone(context.settings.tzinfo)
    words = moment_in_words(local, context.now.date(), context.language)
    return context.text("broadcast-when-at", time=local.strftime("%Y-%m-%d %H:%M"), words=words)


async def _ask_confirmation(update: Update, context: BotContext) -> Step:
    """The summary, how it will be sent and what that costs, then Confirm. Paid broadcast is an explicit
    choice per broadcast, and its price in Stars is on the screen before the admin confirms."""
    draft = _draft(context)
    count, paid = int(draft["count"]), bool(draft.get("paid"))
    stars = paid_broadcast_stars(count)
    rate = PAID_BROADCAST_RATE if paid else context.settings.broadcast_rate
    mode = context.text(
        "broadcast-mode-paid" if paid else "broadcast-mode-free",
        rate=f"{rate:g}",
        duration=format_duration(count / rate),
        stars=stars,
    )
    text = context.text(
        "broadcast-confirm",
        count=count,
        audience=describe_audience(context, Audience.from_json(draft["audience"])),
        when=_when_text(context, draft.get("scheduled_at")),
    )
    switch: Button = (
        (context.text("broadcast-button-free"), ChooseFree())
        if paid
        else (context.text("broadcast-button-paid", stars=stars), ChoosePaid())
    )
    buttons: list[list[Button]] = [
        [(context.text("broadcast-button-confirm"), Confirm())],
        [switch],
        _cancel_row(context),
    ]
    await say(update, Html(f"{text}\n{mode}"), keyboard(buttons))
    return Step.CONFIRM


@on_press(ChoosePaid)
async def paid_chosen(update: Update, context: BotContext, button: ChoosePaid) -> Step:
    _draft(context)["paid"] = True
    return await _ask_confirmation(update, context)


@on_press(ChooseFree)
async def free_chosen(update: Update, context: BotContext, button: ChooseFree) -> Step:
    _draft(context)["paid"] = False
    return await _ask_confirmation(update, context)


@on_press(SendNow)
async def send_now(update: Update, context: BotContext, button: SendNow) -> Step:
    _draft(context).pop("scheduled_at", None)
    return await _ask_confirmation(update, context)


@on_press(SendLater)
async def send_later(update: Update, context: BotContext, button: SendLater) -> Step:
    prompt = context.text("broadcast-ask-time", example=_example(context))
    await say(update, prompt, keyboard([_cancel_row(context)]))
    return Step.TIME


@require_role(Role.ADMIN)
async def time_given(update: Update, context: BotContext) -> Step:
    message = update.effective_message
    assert message is not None and message.text is not None
    when = parse_send_time(message.text, context.now)
    if when is None:
        await message.reply_text(context.text("broadcast-time-invalid", example=_example(context)))
        return Step.TIME
    if in_couriers_quiet_hours(when.time()):
        start, end = QUIET_HOURS
        await message.reply_text(
            context.text("broadcast-time-quiet", start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))
        )
    _draft(context)["scheduled_at"] = when.astimezone(UTC).isoformat(timespec="seconds")
    return await _ask_confirmation(update, context)


@on_press(Confirm)
async def confirmed(update: Update, context: BotContext, button: Confirm) -> Step | int:
    return await _create(update, context, repeat_confirmed=False)


@on_press(ConfirmAgain)
async def confirmed_again(update: Update, context: BotContext, button: ConfirmAgain) -> int:
    return await _create(update, context, repeat_confirmed=True)


async def _create(update: Update, context: BotContext, *, repeat_confirmed: bool) -> Step | int:
    assert context.profile is not None and context.user_data is not None
    draft = context.user_data[DRAFT]
    scheduled_at = datetime.fromisoformat(draft["scheduled_at"]) if draft.get("scheduled_at") else None
    try:
        outcome = await create_broadcast(
            context.store,
            admin_id=context.profile.id,
            content=_content(draft),
            audience=Audience.from_json(draft["audience"]),
            scheduled_at=scheduled_at,
            paid=bool(draft.get("paid")),
            repeat_confirmed=repeat_confirmed,
            now=context.bot_data.clock.utc(),
        )
    except Exception:
        # The draft stays until the batch is stored, so this same button works once the database does.
        assert update.callback_query is not None  # Confirm and Send again are buttons
        button = context.text("broadcast-button-confirm")
        await update.callback_query.answer(
            context.text("save-failed-draft-kept", button=button), show_alert=True
        )
        raise
    if isinstance(outcome, RecentDuplicate):
        buttons: list[list[Button]] = [
            [(context.text("broadcast-button-send-again"), ConfirmAgain())],
            _cancel_row(context),
        ]
        await say(update, context.text("broadcast-duplicate", minutes=outcome.minutes_ago), keyboard(buttons))
        return Step.CONFIRM_AGAIN
    del context.user_data[DRAFT]
    batch = outcome.batch
    if scheduled_at is not None:
        schedule_batch(context.application, batch.id, scheduled_at)
        text = context.text(
            "broadcast-scheduled", id=batch.id, when=_when_text(context, draft["scheduled_at"])
        )
    else:
        text = context.text("broadcast-started", id=batch.id)
    message = await say(update, text, progress_buttons(context.bot_data.translator, context.language, batch))
    await context.store.outbox.set_progress_message(batch.id, message.chat_id, message.message_id)
    outbox_sender(context.application).wake()
    return ConversationHandler.END


@require_role(Role.COURIER)
async def cancel(update: Update, context: BotContext) -> int:
    """No admin role needed: an admin removed from BOT_ADMIN_IDS mid-form must still be able to leave it."""
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await say(update, context.text("broadcast-cancelled-draft"))
    return ConversationHandler.END


@on_press(AbortDraft)
async def abort_pressed(update: Update, context: BotContext, button: AbortDraft) -> int | None:
    return await cancel(update, context)


async def use_the_buttons(update: Update, context: BotContext) -> None:
    """Typed text where a button is expected: say so, stay in the step."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("broadcast-use-buttons"))


# --- Pause, Resume, Cancel ---------------------------------------------------------------------------------

_TRANSITIONS = {
    ControlAction.PAUSE: (BatchStatus.PAUSED, (BatchStatus.ACTIVE,)),
    ControlAction.RESUME: (BatchStatus.ACTIVE, (BatchStatus.PAUSED,)),
    ControlAction.CANCEL: (
        BatchStatus.CANCELLED,
        (BatchStatus.ACTIVE, BatchStatus.PAUSED, BatchStatus.PREPARING, BatchStatus.SCHEDULED),
    ),
}


@on_press(BatchControl)
async def control(update: Update, context: BotContext, button: BatchControl) -> None:
    """Buttons of the progress message. The sender reads the status between sends, so a pause or a cancel
    takes effect within a second; the sends already in flight finish and are recorded."""
    query = update.callback_query
    assert query is not None
    action, batch_id = button.action, button.batch_id
    status, only_from = _TRANSITIONS[action]
    outbox = context.store.outbox
    if not await outbox.change_status(batch_id, status, only_from=only_from):
        # Meaningful, unlike a forged press: the batch has moved on (finished, or paused by another admin).
        await query.answer(context.text("broadcast-control-stale"), show_alert=True)
        return
    if action is ControlAction.CANCEL:
        unschedule_batch(context.application, batch_id)
    outbox_sender(context.application).wake()
    batch = await outbox.get(batch_id)
    assert batch is not None
    progress = await outbox_sender(context.application).figures(batch_id)
    translator = context.bot_data.translator
    await query.answer(context.text(BROADCAST_CONTROL_KEYS[action]))
    await edit_pressed_message(
        query,
        render_progress(translator, context.language, batch, progress),
        reply_markup=progress_buttons(translator, context.language, batch),
    )


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    text = filters.TEXT & ~filters.COMMAND
    private = filters.ChatType.PRIVATE

    conversation: ConversationHandler[BotContext] = person_conversation(
        entry_points=[CommandHandler("broadcast", begin, filters=private)],
        states={
            Step.CONTENT: [MessageHandler(private & ~filters.COMMAND, content_given)],
            Step.ENGLISH: [
                MessageHandler(text, english_given),
                press_handler(SkipEnglish, english_skipped),
                MessageHandler(private & ~filters.COMMAND, english_not_text),
            ],
            **_AUDIENCE.states(),
            Step.WHEN: [press_handler(SendNow, send_now), press_handler(SendLater, send_later)],
            Step.TIME: [MessageHandler(text, time_given)],
            Step.CONFIRM: [
                press_handler(Confirm, confirmed),
                press_handler(ChoosePaid, paid_chosen),
                press_handler(ChooseFree, free_chosen),
            ],
            Step.CONFIRM_AGAIN: [press_handler(ConfirmAgain, confirmed_again)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            press_handler(AbortDraft, abort_pressed),
            CommandHandler("broadcast", begin, filters=private),
            family_handler("bc"),  # a button of a step the form is not at, or data no kind carries
            MessageHandler(private & ~filters.COMMAND, use_the_buttons),
        ],
        name="broadcast",
        persistent=True,
        allow_reentry=True,
    )
    return [
        conversation,
        family_handler("bc"),  # a button of a form that has ended
        press_handler(BatchControl, control),
    ]
