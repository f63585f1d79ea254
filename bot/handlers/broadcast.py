"""/broadcast for admins: content (zh, optional en), audience, a preview as recipients will see it with the
recipient count, now or later, confirm (twice for a repeat within 10 minutes); and the Pause, Resume and
Cancel buttons of the progress message. Sending itself is the outbox's job (bot/outbox.py,
bot/channels/telegram/delivery.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
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
    AudienceKind,
    BatchStatus,
    Content,
    format_duration,
    in_couriers_quiet_hours,
    paid_broadcast_stars,
    parse_radius_km,
    parse_send_time,
)
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import (
    BatchControl,
    ControlAction,
    audience_selector,
    outbox_sender,
    progress_buttons,
    render_progress,
    schedule_batch,
    unschedule_batch,
)
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import require_role
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html
from bot.message_keys import (
    AUDIENCE_BUTTON_KEYS,
    AUDIENCE_KEYS,
    BROADCAST_CONTROL_KEYS,
    BROADCAST_LANGUAGE_KEYS,
)
from bot.services.broadcast import RecentDuplicate, create_broadcast
from bot.timeparse import moment_in_words
from bot.users import SUPPORTED_LANGUAGES, Role

DRAFT = "broadcast_draft"
AUDIENCE_BUTTONS = (
    AudienceKind.EVERYONE,
    AudienceKind.COURIERS,
    AudienceKind.OBSERVERS,
    AudienceKind.VOLUNTEERS,
    AudienceKind.DISTRICT,
    AudienceKind.NEAR_STATION,
    AudienceKind.LANGUAGE,
)


class Step(IntEnum):
    CONTENT = 1
    ENGLISH = 2
    AUDIENCE = 3
    DISTRICT = 4
    STATION = 5
    RADIUS = 6
    LANGUAGE = 7
    WHEN = 8
    TIME = 9
    CONFIRM = 10
    CONFIRM_AGAIN = 11


# --- buttons: every step's buttons are an admin's, except leaving the form ---------------------------


@dataclass(frozen=True, slots=True)
class SkipEnglish(ButtonData, prefix="bc:noen", role=Role.ADMIN):
    pass


@dataclass(frozen=True, slots=True)
class AudienceChoice(ButtonData, prefix="bc:aud", role=Role.ADMIN):
    kind: AudienceKind


@dataclass(frozen=True, slots=True)
class DistrictChoice(ButtonData, prefix="bc:dist", role=Role.ADMIN):
    district: str


@dataclass(frozen=True, slots=True)
class StationChoice(ButtonData, prefix="bc:st", role=Role.ADMIN):
    index: int  # in the station catalogue


@dataclass(frozen=True, slots=True)
class LanguageChoice(ButtonData, prefix="bc:lang", role=Role.ADMIN):
    language: str


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


Button = tuple[str, ButtonData]  # label, what pressing it says


def _keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data.pack()) for label, data in row] for row in rows]
    )


def _pairs(buttons: Sequence[Button]) -> list[Sequence[Button]]:
    return [buttons[index : index + 2] for index in range(0, len(buttons), 2)]


async def _say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Answer a button by editing its message, a typed message with a new one."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        shown = await edit_pressed_message(query, text, markup)
        if shown is not None:
            return shown
    assert update.effective_chat is not None
    return await update.effective_chat.send_message(text, reply_markup=markup)


def _cancel_row(context: BotContext) -> list[Button]:
    return [(context.text("broadcast-button-abort"), AbortDraft())]


# --- content ---------------------------------------------------------------------------------------------


@require_role(Role.ADMIN)
async def begin(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None and context.user_data is not None
    context.user_data[DRAFT] = {}
    await update.effective_message.reply_text(
        context.text("broadcast-ask-content"), reply_markup=_keyboard([_cancel_row(context)])
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
        reply_markup=_keyboard(
            [[(context.text("broadcast-button-skip-english"), SkipEnglish())], _cancel_row(context)]
        ),
    )
    return Step.ENGLISH


@require_role(Role.ADMIN)
async def english_given(update: Update, context: BotContext) -> Step:
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = _draft(context)
    if draft.get("photo") and len(message.text) > CAPTION_LIMIT:
        await message.reply_text(context.text("broadcast-caption-too-long", limit=CAPTION_LIMIT))
        return Step.ENGLISH
    draft["en"] = message.text_html
    return await _ask_audience(update, context)


@on_press(SkipEnglish)
async def english_skipped(update: Update, context: BotContext, button: SkipEnglish) -> Step:
    _draft(context).pop("en", None)
    return await _ask_audience(update, context)


@require_role(Role.ADMIN)
async def english_not_text(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("broadcast-english-kind"))
    return Step.ENGLISH


# --- audience --------------------------------------------------------------------------------------------


async def _ask_audience(update: Update, context: BotContext, notice: str = "") -> Step:
    buttons = [(context.text(AUDIENCE_BUTTON_KEYS[kind]), AudienceChoice(kind)) for kind in AUDIENCE_BUTTONS]
    text = Html(
        f"{notice}\n\n{context.text('broadcast-ask-audience')}"
        if notice
        else context.text("broadcast-ask-audience")
    )
    await _say(update, text, _keyboard([*_pairs(buttons), _cancel_row(context)]))
    return Step.AUDIENCE


def _districts(context: BotContext) -> list[str]:
    return sorted({station.district for station in context.bot_data.catalogue})


@on_press(AudienceChoice)
async def audience_chosen(update: Update, context: BotContext, button: AudienceChoice) -> Step:
    kind = button.kind
    if kind is AudienceKind.DISTRICT:
        buttons: list[Button] = [(district, DistrictChoice(district)) for district in _districts(context)]
        await _say(
            update,
            context.text("broadcast-ask-district"),
            _keyboard([*_pairs(buttons), _cancel_row(context)]),
        )
        return Step.DISTRICT
    if kind is AudienceKind.NEAR_STATION:
        buttons = [
            (station.name.pick(context.language)[:40], StationChoice(index))
            for index, station in enumerate(context.bot_data.catalogue)
        ]
        await _say(
            update, context.text("broadcast-ask-station"), _keyboard([*_pairs(buttons), _cancel_row(context)])
        )
        return Step.STATION
    if kind is AudienceKind.LANGUAGE:
        buttons = [
            (context.text(BROADCAST_LANGUAGE_KEYS[language]), LanguageChoice(language))
            for language in SUPPORTED_LANGUAGES
        ]
        await _say(update, context.text("broadcast-ask-language"), _keyboard([buttons, _cancel_row(context)]))
        return Step.LANGUAGE
    return await _preview(update, context, Audience(kind))


@on_press(DistrictChoice)
async def district_chosen(update: Update, context: BotContext, button: DistrictChoice) -> Step:
    if button.district not in _districts(context):
        await answer_stale(update, context)  # no station of the catalogue is in it any more
        return Step.DISTRICT
    return await _preview(update, context, Audience(AudienceKind.DISTRICT, district=button.district))


@on_press(StationChoice)
async def station_chosen(update: Update, context: BotContext, button: StationChoice) -> Step:
    stations = context.bot_data.catalogue.stations
    if not 0 <= button.index < len(stations):
        await answer_stale(update, context)  # the catalogue has changed since
        return Step.STATION
    station = stations[button.index]
    _draft(context)["station_id"] = station.id
    await _say(update, context.text("broadcast-ask-radius", station=station.name.pick(context.language)))
    return Step.RADIUS


@require_role(Role.ADMIN)
async def radius_given(update: Update, context: BotContext) -> Step:
    message = update.effective_message
    assert message is not None and message.text is not None
    radius = parse_radius_km(message.text)
    if radius is None:
        await message.reply_text(context.text("broadcast-radius-invalid"))
        return Step.RADIUS
    station_id = _draft(context).get("station_id")
    return await _preview(
        update, context, Audience(AudienceKind.NEAR_STATION, station_id=station_id, radius_km=radius)
    )


@on_press(LanguageChoice)
async def language_chosen(update: Update, context: BotContext, button: LanguageChoice) -> Step:
    if button.language not in SUPPORTED_LANGUAGES:
        await answer_stale(update, context)
        return Step.LANGUAGE
    return await _preview(update, context, Audience(AudienceKind.LANGUAGE, language=button.language))


def describe_audience(context: BotContext, audience: Audience) -> Html:
    station = context.bot_data.catalogue.by_id.get(audience.station_id or "")
    return context.text(
        AUDIENCE_KEYS[audience.kind],
        district=audience.district or "",
        station=station.name.pick(context.language) if station else "?",
        radius=f"{audience.radius_km or 0:g}",
        group=context.text(BROADCAST_LANGUAGE_KEYS[audience.language or "zh"]),
    )


# --- preview, time, confirmation -------------------------------------------------------------------------


async def _send_as_recipients_see_it(
    context: BotContext, chat_id: int, content: Content, language: str
) -> None:
    text = content.text_for(language)
    if content.photo is not None:
        await context.bot.send_photo(chat_id, content.photo, caption=text)
    else:
        await context.bot.send_message(chat_id, text)


async def _preview(update: Update, context: BotContext, audience: Audience) -> Step:
    """The content exactly as recipients get it, then the count and the question "when?"."""
    assert update.effective_chat is not None
    draft = _draft(context)
    draft["audience"] = audience.to_json()
    if update.callback_query is not None:
        await _say(
            update, context.text("broadcast-audience-chosen", audience=describe_audience(context, audience))
        )
    counts = await audience_selector(context.bot_data).count(audience)
    total = sum(counts.values())
    if total == 0:
        return await _ask_audience(
            update, context, context.text("broadcast-nobody", audience=describe_audience(context, audience))
        )
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
    await context.bot.send_message(chat_id, summary, reply_markup=_keyboard(buttons))
    return Step.WHEN


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
    await _say(update, Html(f"{text}\n{mode}"), _keyboard(buttons))
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
    await _say(update, prompt, _keyboard([_cancel_row(context)]))
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
        await _say(
            update, context.text("broadcast-duplicate", minutes=outcome.minutes_ago), _keyboard(buttons)
        )
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
    message = await _say(update, text, progress_buttons(context.bot_data.translator, context.language, batch))
    await context.store.outbox.set_progress_message(batch.id, message.chat_id, message.message_id)
    outbox_sender(context.application).wake()
    return ConversationHandler.END


@require_role(Role.COURIER)
async def cancel(update: Update, context: BotContext) -> int:
    """No admin role needed: an admin removed from BOT_ADMIN_IDS mid-form must still be able to leave it."""
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await _say(update, context.text("broadcast-cancelled-draft"))
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
            Step.AUDIENCE: [press_handler(AudienceChoice, audience_chosen)],
            Step.DISTRICT: [press_handler(DistrictChoice, district_chosen)],
            Step.STATION: [press_handler(StationChoice, station_chosen)],
            Step.RADIUS: [MessageHandler(text, radius_given)],
            Step.LANGUAGE: [press_handler(LanguageChoice, language_chosen)],
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
