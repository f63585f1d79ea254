"""/volunteer: log volunteer hours with buttons, step by step (a persistent conversation), and the
admins' side: the notice in the admin chat, /pending, Approve and Reject (with a reason)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from rapidfuzz import fuzz, process
from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.broadcast import Attachment, Button, Buttons
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import inline_keyboard
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_or_reply, edit_pressed_message
from bot.handlers.guards import confidential, require_role
from bot.handlers.intents import IntentFilter
from bot.handlers.paging import navigation_row
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html, Translator
from bot.intent import Intent, volunteer_details
from bot.message_keys import DECIDED_KEYS, HOURS_KEYS, MONTH_KEYS, RULE_KEYS, WEEKDAY_KEYS
from bot.notify import AdminNotice, Notice
from bot.points import points_for
from bot.services import volunteer as service
from bot.stations import Station, StationCatalogue
from bot.timeparse import clock_in_words, day_in_words, read_clock, read_duration, resolve_done_start
from bot.users import Role
from bot.volunteer import (
    HoursError,
    Interval,
    RuleViolation,
    VolunteerEntry,
    check_day,
    check_minutes,
    date_window,
    format_hours,
    interval_for,
    parse_hours,
)
from bot.wording import word_characters

_LOGGER = logging.getLogger(__name__)
DRAFT = "volunteer_draft"
REJECTING = "volunteer_rejecting"
PENDING_PAGE_SIZE = 5
HOUR_BUTTONS = (60, 90, 120, 180, 240, 360, 480)
START_BUTTONS = (time(8), time(9), time(10), time(12), time(14), time(16), time(18), time(20))
STATION_MATCH_CUTOFF = 80
MAX_TEXT = 200
MIN_DESCRIPTION_WORDS = 2  # "巡逻" is a description; a row of emoji is not


# --- buttons --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActivityChoice(ButtonData, prefix="vol:act", role=Role.COURIER):
    activity_id: str


@dataclass(frozen=True, slots=True)
class DayChoice(ButtonData, prefix="vol:day", role=Role.COURIER):
    day: date


@dataclass(frozen=True, slots=True)
class StartChoice(ButtonData, prefix="vol:start", role=Role.COURIER):
    start: time


@dataclass(frozen=True, slots=True)
class HoursChoice(ButtonData, prefix="vol:hours", role=Role.COURIER):
    minutes: int


@dataclass(frozen=True, slots=True)
class StationChoice(ButtonData, prefix="vol:stn", role=Role.COURIER):
    station_id: str


@dataclass(frozen=True, slots=True)
class TypedPlace(ButtonData, prefix="vol:typed", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class NoPhoto(ButtonData, prefix="vol:nophoto", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class Submit(ButtonData, prefix="vol:ok", role=Role.COURIER):
    draft_id: str


@dataclass(frozen=True, slots=True)
class CancelForm(ButtonData, prefix="vol:cancel", role=Role.COURIER):
    pass


# Admins decide on every entry and station staff on those of their stations (the service checks which).
@dataclass(frozen=True, slots=True)
class Approve(ButtonData, prefix="apv:ok", role=Role.STAFF):
    entry_id: int
    page: int | None = None  # pressed on a /pending page, which is shown again


@dataclass(frozen=True, slots=True)
class Reject(ButtonData, prefix="apv:no", role=Role.STAFF):
    entry_id: int


@dataclass(frozen=True, slots=True)
class PendingPage(ButtonData, prefix="apv:page", role=Role.STAFF):
    page: int


class Step(IntEnum):
    ACTIVITY = 1
    DESCRIPTION = 2
    DAY = 3
    START = 4
    HOURS = 5
    PLACE = 6
    PHOTO = 7
    CONFIRM = 8


class RejectStep(IntEnum):
    REASON = 1


# --- catalogues -----------------------------------------------------------------------------------------


def station_catalogue(context: BotContext) -> StationCatalogue:
    return context.bot_data.catalogue


# --- rendering shared with check-in and approvals --------------------------------------------------------


def day_label(translator: Translator, language: str, day: date) -> Html:
    return translator(
        language,
        "points-date",
        month_name=translator(language, MONTH_KEYS[day.month]),
        day=day.day,
        weekday=translator(language, WEEKDAY_KEYS[day.weekday()]),
    )


def activity_label(context: BotContext, language: str, activity_id: str, description: str | None) -> Html:
    translator = context.bot_data.translator
    activity = context.bot_data.catalogues.activities.by_id.get(activity_id)
    name = f"{activity.emoji} {activity.name.pick(language)}".strip() if activity else activity_id
    if description:
        return translator(language, "points-vol-activity-described", activity=name, description=description)
    return translator(language, "points-vol-activity", activity=name)


def place_label(catalogue: StationCatalogue, language: str, station_id: str | None, place: str | None) -> str:
    station = catalogue.by_id.get(station_id) if station_id else None
    if station is not None:
        return station.name.pick(language)
    return place or station_id or "-"


def entry_lines(
    context: BotContext,
    language: str,
    *,
    activity_id: str,
    description: str | None,
    interval: Interval,
    station_id: str | None,
    place: str | None,
    has_photo: bool,
) -> list[str]:
    translator = context.bot_data.translator
    zone = context.settings.tzinfo
    lines: list[str] = [
        activity_label(context, language, activity_id, description),
        translator(
            language,
            "points-vol-when",
            date=day_label(translator, language, interval.day),
            start=interval.starts_at.astimezone(zone).strftime("%H:%M"),
            end=interval.ends_at.astimezone(zone).strftime("%H:%M"),
            hours=format_hours(interval.minutes),
        ),
        translator(
            language,
            "points-vol-where",
            place=place_label(station_catalogue(context), language, station_id, place),
        ),
    ]
    if has_photo:
        lines.append(translator(language, "points-vol-has-photo"))
    return lines


def stored_entry_lines(context: BotContext, language: str, entry: VolunteerEntry) -> list[str]:
    return entry_lines(
        context,
        language,
        activity_id=entry.activity,
        description=entry.description,
        interval=entry.interval,
        station_id=entry.station_id,
        place=entry.place,
        has_photo=entry.photo_file_id is not None,
    )


def violation_text(context: BotContext, rule: str) -> Html:
    """Why hours were refused: `rule` is a RuleViolation's reason."""
    return context.text(RULE_KEYS[rule])


# --- the courier's conversation -------------------------------------------------------------------------


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


def _cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(context.text("points-button-cancel"), callback_data=CancelForm().pack())]


async def _ask(
    update: Update, context: BotContext, text: str, rows: list[list[InlineKeyboardButton]]
) -> None:
    """The next question: in place of the tapped message, or as a new message after typed input."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await edit_or_reply(update, text, InlineKeyboardMarkup([*rows, _cancel_row(context)]))


async def _refuse(update: Update, text: str) -> None:
    """A refusal that leaves the draft as it was."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


def _today(context: BotContext) -> date:
    return context.now.date()


async def begin(update: Update, context: BotContext) -> Step:
    assert context.user_data is not None
    context.user_data[DRAFT] = {"id": secrets.token_hex(6)}
    return await _ask_activity(update, context)


async def begin_from_text(update: Update, context: BotContext) -> Step:
    """ "今天在驿站做了两个半小时志愿服务": /volunteer with what the text already says filled in (and said
    back), so the steps it answered are skipped; a value that breaks a rule is asked for as usual."""
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    now = context.now
    details = volunteer_details(message.text, now.date())
    prefill: dict[str, Any] = {}
    said: list[str] = []
    if details.day is not None and details.day in date_window(now.date()):
        prefill["day"] = details.day.isoformat()
        said.append(day_in_words(details.day, now.date(), context.language))
        if details.start is not None:
            start = resolve_done_start(details.start, details.day, now).time()
            prefill["start"] = start.strftime("%H:%M")
            said.append(clock_in_words(start, context.language))
    if details.minutes is not None:
        try:
            prefill["minutes"] = check_minutes(details.minutes)
            said.append(context.text("points-vol-hours-button", hours=format_hours(prefill["minutes"])))
        except HoursError:
            pass  # asked for again at its step, with the reason
    context.user_data[DRAFT] = {"id": secrets.token_hex(6), "prefill": prefill}
    if said:
        separator = ", " if context.language == "en" else "，"
        await message.reply_text(context.text("points-vol-prefilled", details=separator.join(said)))
    return await _ask_activity(update, context)


def _prefilled(context: BotContext, key: str) -> Any:
    """A value the opening text gave for a step, used once: after a refusal the step is asked."""
    prefill: dict[str, Any] = _draft(context).get("prefill", {})
    return prefill.pop(key, None)


async def _ask_activity(update: Update, context: BotContext) -> Step:
    language = context.language
    buttons = [
        InlineKeyboardButton(
            f"{a.emoji} {a.name.pick(language)}".strip(), callback_data=ActivityChoice(a.id).pack()
        )
        for a in context.bot_data.catalogues.activities
    ]
    rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
    await _ask(update, context, context.text("points-vol-ask-activity"), rows)
    return Step.ACTIVITY


@on_press(ActivityChoice)
async def activity_chosen(update: Update, context: BotContext, button: ActivityChoice) -> Step | None:
    assert update.callback_query is not None
    activity = context.bot_data.catalogues.activities.by_id.get(button.activity_id)
    if activity is None:
        await answer_stale(update, context)
        return None
    draft = _draft(context)
    draft["activity"] = activity.id
    draft.pop("description", None)
    if activity.needs_description:
        await update.callback_query.answer()
        await edit_pressed_message(update.callback_query, context.text("points-vol-ask-description"))
        return Step.DESCRIPTION
    return await _ask_day(update, context)


async def description_given(update: Update, context: BotContext) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    text = update.effective_message.text.strip()
    if len(text) > MAX_TEXT:
        await _refuse(update, context.text("points-vol-too-long", limit=MAX_TEXT))
        return None
    if word_characters(text) < MIN_DESCRIPTION_WORDS:
        await _refuse(update, context.text("points-vol-description-no-words"))
        return None
    _draft(context)["description"] = text
    return await _ask_day(update, context)


async def _ask_day(update: Update, context: BotContext) -> Step:
    day = _prefilled(context, "day")
    if day is not None:
        _draft(context)["day"] = day
        return await _ask_start(update, context)
    translator, language = context.bot_data.translator, context.language
    window = date_window(_today(context))
    labels = [context.text("points-vol-today"), context.text("points-vol-yesterday")]
    labels += [day_label(translator, language, day) for day in window[2:]]
    buttons = [
        InlineKeyboardButton(label, callback_data=DayChoice(day).pack())
        for label, day in zip(labels, window, strict=True)
    ]
    rows = [buttons[:2], *(buttons[index : index + 3] for index in range(2, len(buttons), 3))]
    await _ask(update, context, context.text("points-vol-ask-day"), rows)
    return Step.DAY


@on_press(DayChoice)
async def day_chosen(update: Update, context: BotContext, button: DayChoice) -> Step | None:
    day = button.day
    try:
        check_day(day, _today(context))
    except RuleViolation as violation:
        await _refuse(update, violation_text(context, violation.reason))
        return None
    _draft(context)["day"] = day.isoformat()
    return await _ask_start(update, context)


def _draft_day(context: BotContext) -> date:
    return date.fromisoformat(_draft(context)["day"])


async def _ask_start(update: Update, context: BotContext) -> Step:
    start = _prefilled(context, "start")
    if start is not None and (step := await _take_start(update, context, time.fromisoformat(start))):
        return step
    day, zone = _draft_day(context), context.settings.tzinfo
    latest = context.now - timedelta(minutes=30)
    choices = [start for start in START_BUTTONS if datetime.combine(day, start, tzinfo=zone) <= latest]
    buttons = [
        InlineKeyboardButton(start.strftime("%H:%M"), callback_data=StartChoice(start).pack())
        for start in choices
    ]
    rows = [buttons[index : index + 4] for index in range(0, len(buttons), 4)]
    await _ask(update, context, context.text("points-vol-ask-start"), rows)
    return Step.START


async def _take_start(update: Update, context: BotContext, start: time) -> Step | None:
    if datetime.combine(_draft_day(context), start, tzinfo=context.settings.tzinfo) > context.now:
        await _refuse(update, context.text("points-rule-unfinished"))
        return None
    _draft(context)["start"] = start.strftime("%H:%M")
    return await _ask_hours(update, context)


@on_press(StartChoice)
async def start_chosen(update: Update, context: BotContext, button: StartChoice) -> Step | None:
    return await _take_start(update, context, button.start)


async def start_typed(update: Update, context: BotContext) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    reading = read_clock(update.effective_message.text)
    if reading is None:
        await _refuse(update, context.text("points-vol-bad-start"))
        return None
    now = context.now
    start = resolve_done_start(reading, _draft_day(context), now).time()
    await update.effective_message.reply_text(
        context.text("time-read-as", time=clock_in_words(start, context.language))
    )
    return await _take_start(update, context, start)


async def _ask_hours(update: Update, context: BotContext) -> Step:
    minutes = _prefilled(context, "minutes")
    if minutes is not None and (step := await _take_hours(update, context, minutes)):
        return step
    buttons = [
        InlineKeyboardButton(
            context.text("points-vol-hours-button", hours=format_hours(minutes)),
            callback_data=HoursChoice(minutes).pack(),
        )
        for minutes in HOUR_BUTTONS
    ]
    rows = [buttons[index : index + 4] for index in range(0, len(buttons), 4)]
    await _ask(update, context, context.text("points-vol-ask-hours"), rows)
    return Step.HOURS


def _draft_interval(context: BotContext, minutes: int) -> Interval:
    draft = _draft(context)
    return interval_for(
        _draft_day(context), time.fromisoformat(draft["start"]), minutes, context.settings.tzinfo
    )


async def _take_hours(update: Update, context: BotContext, minutes: int) -> Step | None:
    assert context.profile is not None
    broken_rule = await service.rule_broken_by(
        context.store,
        user_id=context.profile.id,
        interval=_draft_interval(context, minutes),
        now=context.now,
        zone=context.settings.tzinfo,
    )
    if broken_rule is not None:
        await _refuse(update, violation_text(context, broken_rule))
        return None
    _draft(context)["minutes"] = minutes
    return await _ask_place(update, context)


@on_press(HoursChoice)
async def hours_chosen(update: Update, context: BotContext, button: HoursChoice) -> Step | None:
    try:
        minutes = check_minutes(button.minutes)
    except HoursError:
        await answer_stale(update, context)
        return None
    return await _take_hours(update, context, minutes)


async def hours_typed(update: Update, context: BotContext) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    try:
        minutes = parse_hours(update.effective_message.text)
    except HoursError as error:
        await _refuse(update, context.text(HOURS_KEYS[error.reason]))
        return None
    return await _take_hours(update, context, minutes)


def _station_button(
    context: BotContext, station: Station, distance_m: float | None = None
) -> InlineKeyboardButton:
    name = station.name.pick(context.language)
    label = (
        name
        if distance_m is None
        else context.text("points-vol-station-near", name=name, km=f"{distance_m / 1000:.1f}")
    )
    return InlineKeyboardButton(f"🏠 {label}"[:60], callback_data=StationChoice(station.id).pack())


async def _ask_place(
    update: Update, context: BotContext, location: tuple[float, float] | None = None
) -> Step:
    assert context.profile is not None
    location = location or context.profile.last_location
    rows: list[list[InlineKeyboardButton]] = []
    if location is not None:
        hits = station_catalogue(context).nearest(location[0], location[1], k=3)
        rows = [[_station_button(context, hit.station, hit.distance_m)] for hit in hits]
    key = "points-vol-ask-place-near" if rows else "points-vol-ask-place"
    await _ask(update, context, context.text(key), rows)
    return Step.PLACE


@on_press(StationChoice)
async def place_station(update: Update, context: BotContext, button: StationChoice) -> Step | None:
    station_id = button.station_id
    if station_id not in station_catalogue(context).by_id:
        await answer_stale(update, context)
        return None
    draft = _draft(context)
    draft["station_id"], draft["place"] = station_id, None
    return await _ask_photo(update, context)


@on_press(TypedPlace)
async def place_as_typed(update: Update, context: BotContext, _button: TypedPlace) -> Step | None:
    draft = _draft(context)
    if not draft.get("typed_place"):
        await answer_stale(update, context)
        return None
    draft["station_id"], draft["place"] = None, draft["typed_place"]
    return await _ask_photo(update, context)


async def place_typed(update: Update, context: BotContext) -> Step | None:
    """A station's name picks the station (a choice when several match); anything else is kept as text."""
    assert update.effective_message is not None and update.effective_message.text is not None
    text = update.effective_message.text.strip()
    if len(text) > MAX_TEXT:
        await _refuse(update, context.text("points-vol-too-long", limit=MAX_TEXT))
        return None
    if read_duration(text) is not None:  # "0.1小时": an answer to the previous question, not a place
        await _refuse(update, context.text("points-vol-place-not-hours"))
        return None
    catalogue = station_catalogue(context)
    names = {
        f"{station.id}|{lang}": station.name.pick(lang) for station in catalogue for lang in ("zh", "en")
    }
    matches = process.extract(text, names, scorer=fuzz.WRatio, score_cutoff=STATION_MATCH_CUTOFF, limit=6)
    found: list[Station] = []
    for _, _, key in matches:
        station = catalogue.by_id[str(key).split("|")[0]]
        if station not in found:
            found.append(station)
    draft = _draft(context)
    if not found:
        draft["station_id"], draft["place"] = None, text
        return await _ask_photo(update, context)
    draft["typed_place"] = text
    rows = [[_station_button(context, station)] for station in found[:3]]
    rows.append(
        [
            InlineKeyboardButton(
                context.text("points-vol-use-typed", text=text[:30]), callback_data=TypedPlace().pack()
            )
        ]
    )
    await _ask(update, context, context.text("points-vol-pick-station"), rows)
    return Step.PLACE


async def place_location(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None and update.effective_message.location is not None
    location = update.effective_message.location
    return await _ask_place(update, context, (location.latitude, location.longitude))


async def _ask_photo(update: Update, context: BotContext) -> Step:
    rows = [[InlineKeyboardButton(context.text("points-vol-skip-photo"), callback_data=NoPhoto().pack())]]
    await _ask(update, context, context.text("points-vol-ask-photo"), rows)
    return Step.PHOTO


async def photo_given(update: Update, context: BotContext) -> Step:
    assert update.effective_message is not None and update.effective_message.photo
    _draft(context)["photo"] = update.effective_message.photo[-1].file_id
    return await _ask_confirm(update, context)


@on_press(NoPhoto)
async def photo_skipped(update: Update, context: BotContext, _button: NoPhoto) -> Step:
    _draft(context)["photo"] = None
    return await _ask_confirm(update, context)


async def _ask_confirm(update: Update, context: BotContext) -> Step:
    draft = _draft(context)
    interval = _draft_interval(context, draft["minutes"])
    activity = context.bot_data.catalogues.activities.by_id[draft["activity"]]
    lines = [
        context.text("points-vol-summary-header"),
        *entry_lines(
            context,
            context.language,
            activity_id=draft["activity"],
            description=draft.get("description"),
            interval=interval,
            station_id=draft.get("station_id"),
            place=draft.get("place"),
            has_photo=bool(draft.get("photo")),
        ),
        context.text(
            "points-vol-summary-points", points=points_for(interval.minutes, activity.points_per_hour)
        ),
    ]
    rows = [
        [InlineKeyboardButton(context.text("points-button-submit"), callback_data=Submit(draft["id"]).pack())]
    ]
    await _ask(update, context, Html("\n".join(lines)), rows)
    return Step.CONFIRM


@on_press(Submit)
async def confirmed(update: Update, context: BotContext, button: Submit) -> int | None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    draft = _draft(context)
    if button.draft_id != draft.get("id"):
        await answer_stale(update, context)
        return None
    assert context.user_data is not None
    try:
        filed = await service.submit_hours(
            context.store,
            user_id=context.profile.id,
            form_id=draft["id"],
            activity=context.bot_data.catalogues.activities.by_id[draft["activity"]],
            description=draft.get("description"),
            interval=_draft_interval(context, draft["minutes"]),
            station_id=draft.get("station_id"),
            place=draft.get("place"),
            photo_file_id=draft.get("photo"),
            now=context.now,
            zone=context.settings.tzinfo,
        )
    except Exception:
        # The draft stays until the entry is stored, so this same button works once the database does.
        await query.answer(
            context.text("save-failed-draft-kept", button=context.text("points-button-submit")),
            show_alert=True,
        )
        raise
    context.user_data.pop(DRAFT, None)
    await query.answer()
    if filed.entry is None:
        assert filed.broken_rule is not None
        text = f"{violation_text(context, filed.broken_rule)}\n{context.text('points-vol-start-again')}"
        await edit_pressed_message(query, Html(text))
        return ConversationHandler.END
    await edit_pressed_message(query, context.text("points-vol-submitted", number=filed.entry.id))
    if filed.created:
        await announce_entry(context, filed.entry)
    return ConversationHandler.END


@on_press(Submit)
async def stale_confirm(update: Update, context: BotContext, _button: Submit) -> None:
    """A Confirm pressed again after the conversation ended (a double tap): nothing new is stored."""
    query = update.callback_query
    assert query is not None
    await query.answer(context.text("points-vol-already-submitted"), show_alert=False)


@require_role(Role.COURIER)
async def stale_button(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(context.text("points-vol-expired"), show_alert=True)


@require_role(Role.COURIER)
async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
    await edit_or_reply(update, context.text("cancel-done"))
    return ConversationHandler.END


@on_press(CancelForm)
async def cancel_pressed(update: Update, context: BotContext, _button: CancelForm) -> int | None:
    return await cancel(update, context)


async def use_the_buttons(update: Update, context: BotContext) -> None:
    """Anything the current step cannot take: say what to do, keep the draft."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("points-vol-use-buttons"))


# --- admins: notices, /pending, approve and reject ------------------------------------------------------


def decision_buttons(
    translator: Translator, language: str, entry_id: int, page: int | None = None
) -> Buttons:
    """Approve and Reject (on the admin chat's card, a station's staff notice and /pending alike)."""
    return (
        (
            Button(
                translator(language, "points-button-approve", number=entry_id), Approve(entry_id, page).pack()
            ),
            Button(translator(language, "points-button-reject", number=entry_id), Reject(entry_id).pack()),
        ),
    )


async def _courier_name(context: BotContext, user_id: int) -> str:
    profile = await context.store.users.get(user_id)
    if profile is None:
        return str(user_id)
    return f"{profile.first_name} (@{profile.username})" if profile.username else profile.first_name


def _card_text(context: BotContext, entry: VolunteerEntry, name: str, language: str) -> Html:
    translator = context.bot_data.translator
    header = translator(language, "points-admin-new", number=entry.id, name=name, user_id=entry.user_id)
    footer = translator(language, "points-admin-points", points=entry.points)
    return Html("\n".join([header, *stored_entry_lines(context, language, entry), footer]))


async def admin_notice_text(context: BotContext, entry: VolunteerEntry, language: str) -> Html:
    return _card_text(context, entry, await _courier_name(context, entry.user_id), language)


def _card_purpose(entry_id: int) -> str:
    return f"volunteer-card:{entry_id}"


async def announce_entry(context: BotContext, entry: VolunteerEntry) -> None:
    """A new entry goes to the admin chat, and to the staff of the station where it was served."""
    await notify_station_staff(context, entry)
    await notify_admins(context, entry)


async def notify_station_staff(context: BotContext, entry: VolunteerEntry) -> None:
    """The admin chat's card, each in their language, through the outbox: the staff decide for their
    station with the same Approve and Reject (the courier is not asked to decide their own hours)."""
    if entry.station_id is None:
        return
    staff = [
        user_id
        for user_id in await context.store.users.staff_of(entry.station_id)
        if user_id != entry.user_id
    ]
    if not staff:
        return
    name = await _courier_name(context, entry.user_id)
    translator = context.bot_data.translator

    def compose(language: str) -> str:
        return _card_text(context, entry, name, language)

    def buttons(language: str) -> Buttons:
        return decision_buttons(translator, language, entry.id)

    await context.bot_data.notifier.send(
        Notice(user_id, f"volunteer-new:{entry.id}", compose, buttons) for user_id in staff
    )


async def notify_admins(context: BotContext, entry: VolunteerEntry) -> None:
    """A new entry goes to the admin chat with Approve and Reject (and its photo, if any)."""
    name = await _courier_name(context, entry.user_id)
    await context.bot_data.notifier.tell_admins(
        AdminNotice(
            _card_purpose(entry.id),
            lambda language: _card_text(context, entry, name, language),
            lambda language: decision_buttons(context.bot_data.translator, language, entry.id),
            Attachment(photos=(entry.photo_file_id,)) if entry.photo_file_id else None,
        )
    )


async def _update_admin_card(
    update: Update, context: BotContext, entry: VolunteerEntry, key: str, **args: Any
) -> None:
    """The admin chat's card shows a decision taken anywhere (/pending in a private chat, a typed reason),
    without its buttons; a press on the card itself is shown by the caller's edit of the pressed message."""
    notifier = context.bot_data.notifier
    pressed = update.callback_query.message if update.callback_query else None
    if pressed is not None and (pressed.chat.id, pressed.message_id) == await notifier.admin_message(
        _card_purpose(entry.id)
    ):
        return
    name = await _courier_name(context, entry.user_id)
    translator = context.bot_data.translator

    def text(language: str) -> Html:
        outcome = translator(language, key, **args)
        return Html(f"{_card_text(context, entry, name, language)}\n\n{outcome}")

    await notifier.update_admins(_card_purpose(entry.id), text)


async def _show_outcome(update: Update, context: BotContext, text: str) -> None:
    """Replace the Approve/Reject buttons with the outcome, so nobody presses them again."""
    query = update.callback_query
    assert query is not None
    try:
        await edit_pressed_message(query, text)
    except TelegramError:
        _LOGGER.info("could not update the approval message")


def _decided_text(context: BotContext, entry: VolunteerEntry) -> Html:
    return context.text(DECIDED_KEYS[entry.status], number=entry.id)


@on_press(Approve)
@confidential
async def approve(update: Update, context: BotContext, button: Approve) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    decided = await service.approve(
        context.store,
        context.bot_data.translator,
        entry_id=button.entry_id,
        actor=context.actor,
        now=context.now,
    )
    await context.bot_data.notifier.send(decided.notices)
    entry = decided.entry
    if decided.refused:
        await query.answer(context.text("station-not-yours"), show_alert=True)
        return
    if entry is None:
        await query.answer(context.text("button-expired"), show_alert=True)
        return
    if not decided.changed:
        await query.answer(_decided_text(context, entry), show_alert=True)
    else:
        await query.answer(context.text("points-admin-approved-short", number=entry.id))
        approver = await _courier_name(context, context.profile.id)
        await _update_admin_card(update, context, entry, "points-admin-approved-by", name=approver)
    if button.page is not None:
        await _show_pending_page(update, context, button.page)
        return
    outcome = context.text(
        "points-admin-approved-by" if entry.status == "approved" else "points-admin-already-rejected",
        number=entry.id,
        name=await _courier_name(context, entry.decided_by or 0),
    )
    await _show_outcome(
        update, context, Html(f"{await admin_notice_text(context, entry, context.language)}\n\n{outcome}")
    )


@on_press(Reject)
@confidential
async def reject_start(update: Update, context: BotContext, button: Reject) -> RejectStep | int | None:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    entry_id = button.entry_id
    target = await service.entry_to_decide(context.store, entry_id, context.actor)
    if target.refused:
        await query.answer(context.text("station-not-yours"), show_alert=True)
        return ConversationHandler.END
    if not target.pending:
        entry = target.entry
        await query.answer(
            _decided_text(context, entry) if entry else context.text("button-expired"), show_alert=True
        )
        return ConversationHandler.END
    await query.answer()
    # A second Reject replaces the first, and the prompt says so: the typed reason belongs to the entry
    # pressed last, which the prompt names.
    set_aside = context.user_data.get(REJECTING, {}).get("entry")
    context.user_data[REJECTING] = {"entry": entry_id}
    prompt = context.text("points-admin-ask-reason", number=entry_id)
    if set_aside is not None and set_aside != entry_id:
        prompt = Html(context.text("points-admin-reason-replaced", number=set_aside) + "\n" + prompt)
    assert query.message is not None
    await context.bot.send_message(
        query.message.chat.id,
        prompt,
        reply_markup=ForceReply(
            selective=True, input_field_placeholder=context.text("points-admin-reason-placeholder")
        ),
    )
    return RejectStep.REASON


@require_role(Role.STAFF)
@confidential
async def reject_reason(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    assert context.profile is not None
    rejecting = context.user_data.pop(REJECTING, None) or {}
    decided = await service.reject(
        context.store,
        context.bot_data.translator,
        entry_id=int(rejecting.get("entry", 0)),
        actor=context.actor,
        reason=message.text,
        now=context.now,
    )
    await context.bot_data.notifier.send(decided.notices)
    entry = decided.entry
    if decided.refused:
        await message.reply_text(context.text("station-not-yours"))
    elif entry is None:
        await message.reply_text(context.text("button-expired"))
    elif not decided.changed:
        await message.reply_text(_decided_text(context, entry))
    else:
        reason = entry.reject_reason
        await message.reply_text(context.text("points-admin-rejected", number=entry.id, reason=reason))
        await _update_admin_card(
            update, context, entry, "points-admin-rejected", number=entry.id, reason=reason
        )
    return ConversationHandler.END


async def reject_cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None and update.effective_message is not None
    context.user_data.pop(REJECTING, None)
    await update.effective_message.reply_text(context.text("cancel-done"))
    return ConversationHandler.END


async def _show_pending_page(update: Update, context: BotContext, page: int) -> None:
    pending = await service.pending_for(context.store, context.actor, page, PENDING_PAGE_SIZE)
    entries, total, shown = pending.entries, pending.total, pending.page
    if not entries:
        text = context.text("points-pending-empty")
        rows: list[list[InlineKeyboardButton]] = []
    else:
        blocks: list[str] = [
            context.text("points-pending-header", count=total, page=shown.number + 1, pages=shown.count)
        ]
        rows = []
        for entry in entries:
            header = context.text(
                "points-pending-entry",
                number=entry.id,
                name=await _courier_name(context, entry.user_id),
                points=entry.points,
            )
            blocks.append("\n".join([header, *stored_entry_lines(context, context.language, entry)]))
            decision = inline_keyboard(
                decision_buttons(
                    context.bot_data.translator, context.settings.default_language, entry.id, shown.number
                )
            )
            assert decision is not None
            rows.extend(list(row) for row in decision.inline_keyboard)
        text = Html("\n\n".join(blocks))
        navigation = navigation_row(shown, PendingPage, "◀", "▶")
        if navigation:
            rows.append(navigation)
    markup = InlineKeyboardMarkup(rows) if rows else None
    try:
        await edit_or_reply(update, text, markup)
    except TelegramError:  # the decision was made and answered: a page that cannot be shown again is no error
        _LOGGER.info("could not update the pending page")


@require_role(Role.STAFF)
@confidential
async def pending(update: Update, context: BotContext) -> None:
    await _show_pending_page(update, context, 0)


@on_press(PendingPage)
@confidential
async def pending_page(update: Update, context: BotContext, button: PendingPage) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await _show_pending_page(update, context, button.page)


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    text = filters.TEXT & ~filters.COMMAND
    private = filters.ChatType.PRIVATE
    conversation: ConversationHandler[BotContext] = person_conversation(
        entry_points=[
            CommandHandler("volunteer", begin, filters=private),
            MessageHandler(private & text & IntentFilter(Intent.VOLUNTEER), begin_from_text),
        ],
        states={
            Step.ACTIVITY: [press_handler(ActivityChoice, activity_chosen)],
            Step.DESCRIPTION: [MessageHandler(text, description_given)],
            Step.DAY: [press_handler(DayChoice, day_chosen)],
            Step.START: [
                press_handler(StartChoice, start_chosen),
                MessageHandler(text, start_typed),
            ],
            Step.HOURS: [
                press_handler(HoursChoice, hours_chosen),
                MessageHandler(text, hours_typed),
            ],
            Step.PLACE: [
                press_handler(StationChoice, place_station),
                press_handler(TypedPlace, place_as_typed),
                MessageHandler(filters.LOCATION, place_location),
                MessageHandler(text, place_typed),
            ],
            Step.PHOTO: [
                MessageHandler(filters.PHOTO, photo_given),
                press_handler(NoPhoto, photo_skipped),
            ],
            Step.CONFIRM: [press_handler(Submit, confirmed)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            press_handler(CancelForm, cancel_pressed),
            CommandHandler("volunteer", begin, filters=private),
            family_handler("vol", stale_button),
            MessageHandler(private & ~filters.COMMAND & ~filters.LOCATION, use_the_buttons),
        ],
        name="volunteer",
        persistent=True,
        allow_reentry=True,
    )
    rejection: ConversationHandler[BotContext] = person_conversation(
        entry_points=[press_handler(Reject, reject_start)],
        states={RejectStep.REASON: [MessageHandler(text, reject_reason)]},
        fallbacks=[CommandHandler("cancel", reject_cancel)],
        name="volunteer_reject",
        persistent=True,
        allow_reentry=True,  # Reject on another entry while a reason is awaited: that one is meant
        per_chat=False,  # the reason is the admin's next text wherever typed (WeChat: in private)
    )
    return [
        rejection,  # first: a typed reason ("不是志愿服务") must not start a /volunteer form
        conversation,
        press_handler(Submit, stale_confirm),
        family_handler("vol", stale_button),
        CommandHandler("pending", pending),
        press_handler(Approve, approve),
        press_handler(PendingPage, pending_page),
    ]
