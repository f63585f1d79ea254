"""Events: /event (admins: a short form, then the event with its attendance link), /events (everyone:
the coming events with Sign up, Cancel and Add to calendar), /start event_<id>_<code> (the event's QR
code checks a person in), and the jobs: reminders the day and the hour before, hours filed at the end."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext, BotResources
from bot.events import Event, NewEvent, Reminder, SignupStatus, calendar_file, check_capacity, check_title
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import confidential, require_role
from bot.handlers.jobs import once_across_workers
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.handlers.scanning import send_scan_codes
from bot.i18n import Html, escape
from bot.message_keys import ATTENDANCE_KEYS, EVENT_SIGNUP_KEYS, HOURS_KEYS, SIGNED_UP_KEYS
from bot.services import events as service
from bot.services.events import EventView, SignupResult
from bot.timeparse import moment_in_words, read_future_moment
from bot.users import Role
from bot.volunteer import HoursError, check_minutes, format_hours, parse_hours
from bot.web.links import event_calendar_url

DRAFT = "event_draft"
LENGTH_BUTTONS = (60, 120, 180, 240)
CAPACITY_BUTTONS = (10, 20, 30, 50)
CREDIT_BUTTONS = (30, 60, 120, 180, 240)
SHOWN_EVENTS = 5
# Hours of an event that ended while the bot was down are still filed at the next start within this.
CREDIT_CATCH_UP = timedelta(days=7)
AnyApplication = Application[Any, BotContext, Any, Any, BotResources, Any]


# --- buttons --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoEnglishTitle(ButtonData, prefix="evt:noen", role=Role.STAFF):
    form_id: str


@dataclass(frozen=True, slots=True)
class AtStation(ButtonData, prefix="evt:stn", role=Role.STAFF):
    station_id: str


@dataclass(frozen=True, slots=True)
class Length(ButtonData, prefix="evt:len", role=Role.STAFF):
    minutes: int


@dataclass(frozen=True, slots=True)
class Capacity(ButtonData, prefix="evt:cap", role=Role.STAFF):
    places: int


@dataclass(frozen=True, slots=True)
class Credit(ButtonData, prefix="evt:hrs", role=Role.STAFF):
    minutes: int


@dataclass(frozen=True, slots=True)
class Create(ButtonData, prefix="evt:ok", role=Role.STAFF):
    form_id: str


@dataclass(frozen=True, slots=True)
class CancelForm(ButtonData, prefix="evt:cancel", role=Role.STAFF):
    form_id: str  # any form of this person's: cancelling a form that has ended changes nothing


@dataclass(frozen=True, slots=True)
class SignUp(ButtonData, prefix="evs:in", role=Role.COURIER):
    event_id: int


@dataclass(frozen=True, slots=True)
class Withdraw(ButtonData, prefix="evs:out", role=Role.COURIER):
    event_id: int


@dataclass(frozen=True, slots=True)
class AddToCalendar(ButtonData, prefix="evs:ics", role=Role.COURIER):
    event_id: int


@dataclass(frozen=True, slots=True)
class ShowRoster(ButtonData, prefix="evs:who", role=Role.STAFF):
    event_id: int


class Step(IntEnum):
    TITLE = 1
    TITLE_EN = 2
    PLACE = 3
    WHEN = 4
    LENGTH = 5
    CAPACITY = 6
    CREDIT = 7
    CONFIRM = 8


# --- the event as people see it -------------------------------------------------------------------------


def event_text(context: BotContext, event: Event, signup_status: SignupStatus | None = None) -> Html:
    language, resources = context.language, context.bot_data
    lines = [
        context.text(
            "events-card",
            title=event.title(language),
            when=service.when_in_words(event, context.now, context.settings.tzinfo, language),
            hours=format_hours(event.minutes),
            place=service.place_name(event, resources.catalogue, language),
            going=event.going,
            capacity=event.capacity,
            credited=format_hours(event.credited_minutes),
        )
    ]
    if event.waiting:
        lines.append(context.text("events-card-waiting", count=event.waiting))
    if signup_status is not None and signup_status is not SignupStatus.CANCELLED:
        lines.append(context.text(EVENT_SIGNUP_KEYS[signup_status.value]))
    return Html("\n".join(lines))


def event_markup(
    context: BotContext, event: Event, signup_status: SignupStatus | None
) -> InlineKeyboardMarkup:
    if signup_status in (SignupStatus.GOING, SignupStatus.WAITING):
        first = InlineKeyboardButton(
            context.text("events-button-cancel"), callback_data=Withdraw(event.id).pack()
        )
    else:
        key = "events-button-wait" if event.full else "events-button-sign-up"
        first = InlineKeyboardButton(context.text(key), callback_data=SignUp(event.id).pack())
    calendar = InlineKeyboardButton(
        context.text("events-button-calendar"), callback_data=AddToCalendar(event.id).pack()
    )
    rows = [[first, calendar]]
    if context.actor.acts_for(event.station_id):  # who runs it: the admins and the station's staff
        rows.append(
            [
                InlineKeyboardButton(
                    context.text("events-button-roster"), callback_data=ShowRoster(event.id).pack()
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


async def list_events(update: Update, context: BotContext) -> None:
    """/events: the coming events, one card each, with the person's own sign-up."""
    message = update.effective_message
    assert message is not None and context.profile is not None
    views = await service.upcoming(
        context.store, user_id=context.profile.id, now=context.now, limit=SHOWN_EVENTS
    )
    if not views:
        await message.reply_text(context.text("events-none"))
        return
    for view in views:
        status = view.signup.status if view.signup else None
        await message.reply_text(
            event_text(context, view.event, status), reply_markup=event_markup(context, view.event, status)
        )


async def _show_card(update: Update, context: BotContext, view: EventView) -> None:
    query = update.callback_query
    assert query is not None
    status = view.signup.status if view.signup else None
    await edit_pressed_message(
        query, event_text(context, view.event, status), event_markup(context, view.event, status)
    )


@on_press(SignUp)
async def sign_up(update: Update, context: BotContext, button: SignUp) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    outcome = await service.sign_up(
        context.store, event_id=button.event_id, user_id=context.profile.id, now=context.now
    )
    if outcome.event is None:
        await answer_stale(update, context)
        return
    if outcome.result is SignupResult.STARTED:
        await query.answer(context.text("events-started"), show_alert=True)
        return
    await query.answer(context.text(SIGNED_UP_KEYS[outcome.result.value], position=outcome.position))
    signup = await context.store.events.signup(outcome.event.id, context.profile.id)
    await _show_card(update, context, EventView(outcome.event, signup))


@on_press(Withdraw)
async def withdraw(update: Update, context: BotContext, button: Withdraw) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    outcome = await service.cancel(
        context.store,
        context.bot_data.translator,
        context.bot_data.catalogue,
        event_id=button.event_id,
        user_id=context.profile.id,
        now=context.now,
        zone=context.settings.tzinfo,
    )
    await context.bot_data.notifier.send(outcome.notices)
    if outcome.event is None:
        await answer_stale(update, context)
        return
    if not outcome.cancelled:
        await query.answer(context.text("events-not-cancelled"), show_alert=True)
        return
    await query.answer(context.text("events-cancelled"))
    signup = await context.store.events.signup(outcome.event.id, context.profile.id)
    await _show_card(update, context, EventView(outcome.event, signup))


@on_press(AddToCalendar)
async def add_to_calendar(update: Update, context: BotContext, button: AddToCalendar) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    event = await context.store.events.get(button.event_id)
    if event is None:
        await answer_stale(update, context)
        return
    await query.answer()
    station = context.bot_data.catalogue.by_id.get(event.station_id or "")
    data = calendar_file(
        event, station, context.language, context.settings.tzinfo, context.bot_data.clock.utc()
    )
    caption = context.text("events-calendar-caption", title=event.title(context.language))
    link = event_calendar_url(context.settings, event.id, context.language)
    if link is not None:
        caption = Html(f"{caption}\n{context.text('events-calendar-link', url=link)}")
    await context.bot.send_document(
        query.message.chat.id, InputFile(data, filename=f"event-{event.id}.ics"), caption=caption
    )


@on_press(ShowRoster)
@confidential
async def show_roster(update: Update, context: BotContext, button: ShowRoster) -> None:
    """Who is coming, and the attendance link, for the admins and the staff of the event's station."""
    query = update.callback_query
    assert query is not None and query.message is not None
    roster = await service.roster(context.store, event_id=button.event_id, actor=context.actor)
    event = roster.event
    if roster.refused:
        await query.answer(context.text("station-not-yours"), show_alert=True)
        return
    if event is None:
        await answer_stale(update, context)
        return
    await query.answer()
    lines: list[str] = [
        context.text("events-roster", title=event.title(context.language), going=len(roster.going))
    ]
    for signup in (*roster.going, *roster.waiting):
        profile = await context.store.users.get(signup.user_id)
        name = profile.first_name if profile else str(signup.user_id)
        mark = "✅" if signup.attended_at else ("⏳" if signup in roster.waiting else "·")
        lines.append(f"{mark} {escape(name)}")
    await context.bot.send_message(query.message.chat.id, Html("\n".join(lines)))
    await _send_attendance_codes(context, query.message.chat.id, event)


async def _send_attendance_codes(context: BotContext, chat_id: int, event: Event) -> None:
    """The event's QR codes to put up at the venue, valid until it ends."""
    payload = await service.attendance_payload(context.store, event.id)
    title = context.text("events-qr-caption", title=event.title(context.language), number=event.id)
    await send_scan_codes(context, chat_id, payload, event.ends_at, title)


async def check_in(update: Update, context: BotContext) -> None:
    """/start event_<id>_<code>: the event's QR code, scanned there, checks the person in."""
    message = update.effective_message
    assert message is not None and context.profile is not None
    attendance = await service.check_in(
        context.store,
        user_id=context.profile.id,
        payload=context.args[0] if context.args else "",
        now=context.bot_data.clock.utc(),
    )
    event = attendance.event
    title = event.title(context.language) if event else ""
    hours = format_hours(event.credited_minutes) if event else ""
    await message.reply_text(context.text(ATTENDANCE_KEYS[attendance.result.value], title=title, hours=hours))


# --- /event: the organiser's form -----------------------------------------------------------------------


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


async def _ask(
    update: Update, context: BotContext, text: str, rows: list[list[InlineKeyboardButton]]
) -> None:
    """The next question: in place of the tapped message, or as a new message after typed input."""
    cancel_row = [
        InlineKeyboardButton(
            context.text("events-button-cancel-form"), callback_data=CancelForm(_draft(context)["id"]).pack()
        )
    ]
    markup = InlineKeyboardMarkup([*rows, cancel_row])
    query = update.callback_query
    if query is not None:
        await query.answer()
        await edit_pressed_message(query, text, markup)
    else:
        assert update.effective_message is not None
        await update.effective_message.reply_text(text, reply_markup=markup)


async def _refuse(update: Update, context: BotContext, key: str) -> None:
    """Typed input the step cannot take: the step is asked again."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text(key))


async def _refused_as_not_theirs(update: Update, context: BotContext, station_id: str | None) -> bool:
    """A press on a form for a station this person does not act for (their staff role there ended, or
    the button was forged) is refused, and the form stays as it was."""
    if station_id is None or context.actor.acts_for(station_id):
        return False
    assert update.callback_query is not None
    await update.callback_query.answer(context.text("station-not-yours"), show_alert=True)
    return True


@require_role(Role.STAFF)
@confidential
async def begin(update: Update, context: BotContext) -> Step:
    assert context.user_data is not None and update.effective_message is not None
    context.user_data[DRAFT] = {"id": secrets.token_hex(6)}
    await update.effective_message.reply_text(context.text("events-ask-title"))
    return Step.TITLE


async def _typed_name(update: Update, context: BotContext, refusal: str) -> str | None:
    """A title or a place as typed, tidied; None (and the refusal said) when it cannot be one."""
    assert update.effective_message is not None and update.effective_message.text is not None
    name = check_title(update.effective_message.text)
    if name is None:
        await _refuse(update, context, refusal)
    return name


@require_role(Role.STAFF)
@confidential
async def title_given(update: Update, context: BotContext) -> Step | None:
    title = await _typed_name(update, context, "events-bad-title")
    if title is None:
        return None
    _draft(context)["title_zh"] = title
    rows = [
        [
            InlineKeyboardButton(
                context.text("events-button-no-en"),
                callback_data=NoEnglishTitle(_draft(context)["id"]).pack(),
            )
        ]
    ]
    await _ask(update, context, context.text("events-ask-title-en"), rows)
    return Step.TITLE_EN


@require_role(Role.STAFF)
@confidential
async def english_title_given(update: Update, context: BotContext) -> Step | None:
    title = await _typed_name(update, context, "events-bad-title")
    if title is None:
        return None
    _draft(context)["title_en"] = title
    return await _ask_place(update, context)


@on_press(NoEnglishTitle)
@confidential
async def no_english_title(update: Update, context: BotContext, button: NoEnglishTitle) -> Step | None:
    if await _refused_as_not_theirs(update, context, _draft(context).get("station_id")):
        return None
    if button.form_id != _draft(context).get("id"):
        await answer_stale(update, context)
        return None
    _draft(context)["title_en"] = None
    return await _ask_place(update, context)


async def _ask_place(update: Update, context: BotContext) -> Step:
    """Admins choose any station or type a place; staff choose among their own stations."""
    actor = context.actor
    buttons = [
        InlineKeyboardButton(
            station.name.pick(context.language)[:40], callback_data=AtStation(station.id).pack()
        )
        for station in context.bot_data.catalogue
        if actor.acts_for(station.id)
    ]
    rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
    key = "events-ask-place" if actor.is_admin else "events-ask-place-staff"
    await _ask(update, context, context.text(key), rows)
    return Step.PLACE


@on_press(AtStation)
@confidential
async def station_chosen(update: Update, context: BotContext, button: AtStation) -> Step | None:
    if button.station_id not in context.bot_data.catalogue.by_id:
        await answer_stale(update, context)
        return None
    if await _refused_as_not_theirs(update, context, button.station_id):
        return None
    draft = _draft(context)
    draft["station_id"], draft["place"] = button.station_id, None
    return await _ask_when(update, context)


@require_role(Role.STAFF)
@confidential
async def place_typed(update: Update, context: BotContext) -> Step | None:
    if not context.actor.is_admin:  # a typed place belongs to no station: staff announce at theirs
        await _refuse(update, context, "station-not-yours")
        return None
    place = await _typed_name(update, context, "events-bad-place")
    if place is None:
        return None
    draft = _draft(context)
    draft["station_id"], draft["place"] = None, place
    return await _ask_when(update, context)


async def _ask_when(update: Update, context: BotContext) -> Step:
    await _ask(update, context, context.text("events-ask-when"), [])
    return Step.WHEN


@require_role(Role.STAFF)
@confidential
async def when_typed(update: Update, context: BotContext) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    moment = read_future_moment(update.effective_message.text, context.now, avoid=lambda _: False)
    if moment is None:
        await _refuse(update, context, "events-bad-when")
        return None
    _draft(context)["starts_at"] = moment.isoformat()
    buttons = [
        InlineKeyboardButton(
            context.text("events-hours-button", hours=format_hours(minutes)),
            callback_data=Length(minutes).pack(),
        )
        for minutes in LENGTH_BUTTONS
    ]
    when = moment_in_words(moment, context.now.date(), context.language)
    await _ask(update, context, context.text("events-ask-length", when=when), [buttons])
    return Step.LENGTH


async def _take_length(update: Update, context: BotContext, minutes: int) -> Step:
    _draft(context)["minutes"] = minutes
    buttons = [
        InlineKeyboardButton(str(places), callback_data=Capacity(places).pack())
        for places in CAPACITY_BUTTONS
    ]
    await _ask(update, context, context.text("events-ask-capacity"), [buttons])
    return Step.CAPACITY


TakeHours = Callable[[Update, BotContext, int], Coroutine[Any, Any, Step | None]]


async def _hours_pressed(update: Update, context: BotContext, minutes: int, take: TakeHours) -> Step | None:
    """Hours from a button (the length, the hours credited): the rules of any hours, or the stale answer."""
    if await _refused_as_not_theirs(update, context, _draft(context).get("station_id")):
        return None
    try:
        checked = check_minutes(minutes)
    except HoursError:
        await answer_stale(update, context)
        return None
    return await take(update, context, checked)


async def _hours_typed(update: Update, context: BotContext, take: TakeHours) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    try:
        minutes = parse_hours(update.effective_message.text)
    except HoursError as error:
        await _refuse(update, context, HOURS_KEYS[error.reason])
        return None
    return await take(update, context, minutes)


@on_press(Length)
@confidential
async def length_chosen(update: Update, context: BotContext, button: Length) -> Step | None:
    return await _hours_pressed(update, context, button.minutes, _take_length)


@require_role(Role.STAFF)
@confidential
async def length_typed(update: Update, context: BotContext) -> Step | None:
    return await _hours_typed(update, context, _take_length)


async def _take_capacity(update: Update, context: BotContext, places: int) -> Step:
    draft = _draft(context)
    draft["capacity"] = places
    buttons = [
        InlineKeyboardButton(
            context.text("events-hours-button", hours=format_hours(minutes)),
            callback_data=Credit(minutes).pack(),
        )
        for minutes in CREDIT_BUTTONS
        if minutes <= draft["minutes"]
    ]
    await _ask(update, context, context.text("events-ask-credit"), [buttons])
    return Step.CREDIT


@on_press(Capacity)
@confidential
async def capacity_chosen(update: Update, context: BotContext, button: Capacity) -> Step | None:
    if await _refused_as_not_theirs(update, context, _draft(context).get("station_id")):
        return None
    if check_capacity(str(button.places)) is None:
        await answer_stale(update, context)
        return None
    return await _take_capacity(update, context, button.places)


@require_role(Role.STAFF)
@confidential
async def capacity_typed(update: Update, context: BotContext) -> Step | None:
    assert update.effective_message is not None and update.effective_message.text is not None
    places = check_capacity(update.effective_message.text)
    if places is None:
        await _refuse(update, context, "events-bad-capacity")
        return None
    return await _take_capacity(update, context, places)


def _draft_event(context: BotContext, *, credited_minutes: int) -> NewEvent:
    draft = _draft(context)
    assert context.profile is not None
    return NewEvent(
        title_zh=draft["title_zh"],
        title_en=draft.get("title_en"),
        station_id=draft.get("station_id"),
        place=draft.get("place"),
        starts_at=datetime.fromisoformat(draft["starts_at"]),
        minutes=draft["minutes"],
        capacity=draft["capacity"],
        credited_minutes=credited_minutes,
        created_by=context.profile.id,
        creation_key=f"event:{draft['id']}",  # the form, not the person: erasure leaves no id
    )


async def _take_credit(update: Update, context: BotContext, minutes: int) -> Step | None:
    draft = _draft(context)
    if minutes > draft["minutes"]:
        if update.callback_query is not None:
            await answer_stale(update, context)
        else:
            await _refuse(update, context, "events-credit-too-long")
        return None
    draft["credited_minutes"] = minutes
    preview = _draft_event(context, credited_minutes=minutes)
    text = Html(f"{context.text('events-preview')}\n\n{event_text(context, preview.as_shown())}")
    rows = [
        [InlineKeyboardButton(context.text("events-button-create"), callback_data=Create(draft["id"]).pack())]
    ]
    await _ask(update, context, text, rows)
    return Step.CONFIRM


@on_press(Credit)
@confidential
async def credit_chosen(update: Update, context: BotContext, button: Credit) -> Step | None:
    return await _hours_pressed(update, context, button.minutes, _take_credit)


@require_role(Role.STAFF)
@confidential
async def credit_typed(update: Update, context: BotContext) -> Step | None:
    return await _hours_typed(update, context, _take_credit)


@on_press(Create)
@confidential
async def create(update: Update, context: BotContext, button: Create) -> int | None:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    draft = _draft(context)
    if await _refused_as_not_theirs(update, context, draft.get("station_id")):
        return None
    if button.form_id != draft.get("id"):
        await answer_stale(update, context)
        return None
    created = await service.create(
        context.store,
        _draft_event(context, credited_minutes=draft["credited_minutes"]),
        actor=context.actor,
        now=context.bot_data.clock.utc(),
    )
    context.user_data.pop(DRAFT, None)
    await query.answer()
    event = created.event
    if event is None:
        key = "events-in-the-past" if created.refusal == "past" else "station-not-yours"
        await edit_pressed_message(query, context.text(key))
        return ConversationHandler.END
    await edit_pressed_message(
        query, Html(f"{context.text('events-created', number=event.id)}\n\n{event_text(context, event)}")
    )
    assert query.message is not None
    await _send_attendance_codes(context, query.message.chat.id, event)
    if created.created:
        assert context.job_queue is not None
        schedule_event_jobs(context.job_queue, event, context.bot_data.clock.utc())
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel needs no role: an organiser whose role went mid-form can still leave it."""
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit_pressed_message(update.callback_query, context.text("cancel-done"))
    elif update.effective_message is not None:
        await update.effective_message.reply_text(context.text("cancel-done"))
    return ConversationHandler.END


@on_press(CancelForm)
@confidential
async def cancel_pressed(update: Update, context: BotContext, _button: CancelForm) -> int | None:
    if await _refused_as_not_theirs(update, context, _draft(context).get("station_id")):
        return None
    return await cancel(update, context)


# --- jobs -----------------------------------------------------------------------------------------------


def _reminder_job_id(event_id: int, reminder: Reminder) -> str:
    return f"event-reminder:{event_id}:{reminder.value}"


def _credit_job_id(event_id: int) -> str:
    return f"event-credit:{event_id}"


def schedule_event_jobs(job_queue: JobQueue[Any], event: Event, now: datetime) -> None:
    """The event's reminders that are still news and the filing of hours at its end, under stable ids
    and at fixed times (a missed one runs at once): rebuilt at every start, and every minute by each
    worker, each run keeps its one claim."""
    late_runs_too = {"replace_existing": True, "misfire_grace_time": None}
    for reminder in Reminder:
        if event.reminder_is_news(reminder, now):
            job_id = _reminder_job_id(event.id, reminder)
            job_queue.run_once(
                once_across_workers(send_reminders),
                when=event.reminder_at(reminder),
                data=(event.id, reminder.value),
                name=job_id,
                job_kwargs={"id": job_id, **late_runs_too},
            )
    job_id = _credit_job_id(event.id)
    job_queue.run_once(
        once_across_workers(credit_attendance),
        when=event.ends_at,
        data=event.id,
        name=job_id,
        job_kwargs={"id": job_id, **late_runs_too},
    )


async def schedule_jobs(application: AnyApplication) -> None:
    """Jobs are not persisted: every event not yet over gets its jobs back under the same ids, and one
    that ended while the bot was down gets its filing if someone's hours wait for it."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    store = application.bot_data.store
    now = application.bot_data.clock.utc()
    for event in await store.events.not_ended(now, ended_since=CREDIT_CATCH_UP):
        if event.ends_at > now or await store.events.attended_not_credited(event.id):
            schedule_event_jobs(application.job_queue, event, now)


async def send_reminders(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, tuple)
    event_id, reminder = context.job.data
    resources = context.bot_data
    notices = await service.reminders(
        resources.store,
        resources.translator,
        resources.catalogue,
        event_id=int(event_id),
        reminder=Reminder(reminder),
        now=resources.clock.utc(),
        zone=resources.settings.tzinfo,
    )
    await resources.notifier.send(notices)


async def credit_attendance(context: BotContext) -> None:
    assert context.job is not None
    resources = context.bot_data
    notices = await service.credit_attendance(
        resources.store,
        resources.translator,
        resources.catalogue,
        resources.catalogues.activities.checkin_activity,
        event_id=int(str(context.job.data)),
        now=resources.clock.utc(),
        zone=resources.settings.tzinfo,
    )
    await resources.notifier.send(notices)


# --- registration ---------------------------------------------------------------------------------------


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    text = filters.TEXT & ~filters.COMMAND
    private = filters.ChatType.PRIVATE
    form: ConversationHandler[BotContext] = person_conversation(
        entry_points=[CommandHandler("event", begin)],
        states={
            Step.TITLE: [MessageHandler(text, title_given)],
            Step.TITLE_EN: [
                press_handler(NoEnglishTitle, no_english_title),
                MessageHandler(text, english_title_given),
            ],
            Step.PLACE: [press_handler(AtStation, station_chosen), MessageHandler(text, place_typed)],
            Step.WHEN: [MessageHandler(text, when_typed)],
            Step.LENGTH: [press_handler(Length, length_chosen), MessageHandler(text, length_typed)],
            Step.CAPACITY: [press_handler(Capacity, capacity_chosen), MessageHandler(text, capacity_typed)],
            Step.CREDIT: [press_handler(Credit, credit_chosen), MessageHandler(text, credit_typed)],
            Step.CONFIRM: [press_handler(Create, create)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            press_handler(CancelForm, cancel_pressed),
            CommandHandler("event", begin),
            family_handler("evt"),
        ],
        name="event",
        persistent=True,
        allow_reentry=True,
    )
    return [
        form,
        family_handler("evt"),
        CommandHandler("events", list_events, filters=private),
        press_handler(SignUp, sign_up),
        press_handler(Withdraw, withdraw),
        press_handler(AddToCalendar, add_to_calendar),
        press_handler(ShowRoster, show_roster),
    ]


def start_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Registered before /start's welcome: an attendance link is answered here."""
    return [CommandHandler("start", check_in, filters=filters.Regex(r"^/start(@\w+)?\s+event_"))]
