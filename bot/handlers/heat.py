"""Heat reminders on Telegram: /heat (everyone), /heatalert (admins), and the scheduled checks.

The jobs live on PTB's JobQueue in BOT_TIMEZONE (Defaults.tzinfo): a daily check at each of
BOT_HEAT_CHECK_TIMES, a daily delivery pass at each time someone's reminder may fall due (a preferred
time, the end of quiet hours), all with stable ids and rebuilt at start, plus a catch-up at start.
Reminders are rendered per person and handed to the broadcast outbox, which sends them at its pace.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, BaseHandler, CommandHandler, JobQueue

from bot.broadcast import BroadcastKind, PersonalMessage
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext, BotResources
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import require_role
from bot.handlers.jobs import once_across_workers
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.heat import (
    DISTRICTS_FILE,
    SIGNAL_LEVELS,
    HeatLevel,
    Outlook,
    Reminder,
    clock,
    delivery_times,
    effective_level,
    load_districts,
    missed_check,
    outlook_for,
    parse_clock,
    plan_reminder,
    round_c,
    suggested_signal,
)
from bot.i18n import Html, Translator
from bot.message_keys import HEAT_ADVICE_KEYS, HEAT_LEVEL_KEYS, HEAT_RIGHTS_KEYS, HEATALERT_BUTTON_KEYS
from bot.notify import AdminNotice
from bot.presenters import distance
from bot.services.heat import declare_heat_signal
from bot.timeparse import Purpose, clock_in_words, read_daily_time, read_quiet_hours
from bot.users import Role
from bot.weather import QuietForecast, Weather, create_provider

_LOGGER = logging.getLogger(__name__)

PAGE_SIZE = 500  # subscribers planned and queued per page: memory stays flat
TIME_CHOICES = tuple(parse_clock(slot) for slot in ("06:30", "07:30", "08:00", "09:00", "12:00", "14:00"))
QUIET_CHOICES = tuple(
    (parse_clock(start), parse_clock(end))
    for start, end in (("22:00", "07:00"), ("21:00", "06:00"), ("23:00", "08:00"), ("22:00", "06:00"))
)
NO_QUIET_HOURS = (time(0), time(0))  # a start equal to the end: no quiet hours
CHECK_JOB = "heat-check-{}"
DELIVERY_JOB = "heat-deliver-{}"
CATCH_UP_JOB = "heat-catch-up"
SIGNAL_JOB = "heat-signal"
# APScheduler skips a job that starts more than a second late by default; a check delayed by a busy loop or a
# slow start-up must still run (once: coalesce).
LATE_JOB_GRACE_S = 15 * 60


def _job_options(job_id: str) -> dict[str, Any]:
    """A stable id (re-adding replaces the job) and a late start still runs, once."""
    return {"id": job_id, "replace_existing": True, "misfire_grace_time": LATE_JOB_GRACE_S, "coalesce": True}


# --- buttons --------------------------------------------------------------------------------------------
# The /heat settings (anyone's own) and the /heatalert signal (admins). A setting's menu and its choices
# have prefixes of their own ("heat:time" opens the menu, "heat:at:0800" chooses), so neither is a
# prefix of the other.


@dataclass(frozen=True, slots=True)
class TurnOn(ButtonData, prefix="heat:on", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class TurnOff(ButtonData, prefix="heat:off", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class BackToSettings(ButtonData, prefix="heat:main", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class TimeMenu(ButtonData, prefix="heat:time", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class QuietMenu(ButtonData, prefix="heat:quiet", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class DistrictMenu(ButtonData, prefix="heat:district", role=Role.COURIER):
    pass


@dataclass(frozen=True, slots=True)
class PreferredTime(ButtonData, prefix="heat:at", role=Role.COURIER):
    at: time | None = None  # None: at the daily check times


@dataclass(frozen=True, slots=True)
class QuietHours(ButtonData, prefix="heat:qh", role=Role.COURIER):
    start: time
    end: time  # equal to start: no quiet hours


@dataclass(frozen=True, slots=True)
class DistrictChoice(ButtonData, prefix="heat:area", role=Role.COURIER):
    district_id: str | None = None  # None: from the last shared location


class SignalChoice(StrEnum):
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"
    END = "end"


@dataclass(frozen=True, slots=True)
class AskSignal(ButtonData, prefix="heatalert:ask", role=Role.ADMIN):
    choice: SignalChoice


@dataclass(frozen=True, slots=True)
class DeclareSignal(ButtonData, prefix="heatalert:do", role=Role.ADMIN):
    choice: SignalChoice


@dataclass(frozen=True, slots=True)
class KeepSignal(ButtonData, prefix="heatalert:cancel", role=Role.ADMIN):
    pass


AnyApplication = Application[Any, BotContext, Any, Any, BotResources, Any]


# --- start and stop -------------------------------------------------------------------------------------


async def start_heat_reminders(application: AnyApplication) -> None:
    """post_init: open the forecast provider (the HTTP client), rebuild the jobs, queue the catch-up."""
    resources = application.bot_data
    provider = create_provider(resources.settings.heat_provider)
    resources.weather = Weather(QuietForecast(provider), load_districts(DISTRICTS_FILE))
    await schedule_jobs(application)
    job_queue = _job_queue(application)
    job_queue.run_once(
        once_across_workers(catch_up_job), 0, name=CATCH_UP_JOB, job_kwargs=_job_options(CATCH_UP_JOB)
    )
    _LOGGER.info(
        "heat reminders: provider %s, checks at %s",
        provider.name,
        ", ".join(clock(slot) for slot in resources.settings.heat_check_times),
    )


async def stop_heat_reminders(application: AnyApplication) -> None:
    """post_shutdown: close the provider's HTTP client."""
    weather = application.bot_data.weather
    if weather is not None:
        await weather.forecast.aclose()
        application.bot_data.weather = None


def _job_queue(application: Application[Any, Any, Any, Any, Any, Any]) -> JobQueue[Any]:
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    return application.job_queue


async def schedule_jobs(application: AnyApplication) -> None:
    """One daily job per check time and per delivery time, with stable ids (re-adding replaces)."""
    job_queue = _job_queue(application)
    settings = application.bot_data.settings
    for slot in settings.heat_check_times:
        job_id = CHECK_JOB.format(clock(slot).replace(":", ""))
        job_queue.run_daily(
            once_across_workers(check_job),
            slot,
            data=clock(slot),
            name=job_id,
            job_kwargs=_job_options(job_id),
        )
    preferred, quiet_ends = await application.bot_data.store.heat.delivery_times()
    for moment in delivery_times(settings.heat_check_times, preferred, quiet_ends):
        ensure_delivery_job(job_queue, moment)


def ensure_delivery_job(job_queue: JobQueue[Any], moment: time) -> None:
    """A daily delivery pass at `moment` (replaced if it exists: the id is the time)."""
    job_id = DELIVERY_JOB.format(clock(moment).replace(":", ""))
    job_queue.run_daily(
        once_across_workers(delivery_job), moment, name=job_id, job_kwargs=_job_options(job_id)
    )


# --- jobs -----------------------------------------------------------------------------------------------


async def check_job(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, str)
    await run_check(context.bot_data, context.bot_data.clock.now(), context.job.data)


async def delivery_job(context: BotContext) -> None:
    await dispatch(context.bot_data, context.bot_data.clock.now())


async def catch_up_job(context: BotContext) -> None:
    await catch_up(context.bot_data, context.bot_data.clock.now())


async def catch_up(resources: BotResources, now: datetime) -> int:
    """At start: run today's check if it was missed and is still useful (`bot.heat.missed_check`), then
    deliver what fell due while the bot was down (a preferred time passed, quiet hours ended)."""
    done = await resources.store.heat.checks_done(now.date())
    missed = missed_check(now, resources.settings.heat_check_times, done)
    if missed is None:
        return await dispatch(resources, now)
    _LOGGER.info("heat check of %s was missed while the bot was down: running it now", clock(missed))
    return await run_check(resources, now, clock(missed))


async def run_check(resources: BotResources, now: datetime, slot: str | None) -> int:
    """Fetch the forecast, store the day's outlook per district, then deliver. A failed forecast is
    logged once by QuietForecast and stores nothing (a restart may try again); signals still deliver."""
    weather = _weather(resources)
    today = now.date()
    forecast = await weather.forecast.fetch(weather.districts.all, today)
    if forecast is not None:
        rows = []
        for district in weather.districts.all:
            days = forecast.get(district.id, ())
            rows.append((outlook_for(district.id, days, today), suggested_signal(days, today)))
        await resources.store.heat.save_check(today, slot, rows)
    return await dispatch(resources, now)


def _weather(resources: BotResources) -> Weather:
    assert resources.weather is not None, "start_heat_reminders runs in post_init"
    return resources.weather


async def dispatch(resources: BotResources, now: datetime) -> int:
    """Plan and queue every reminder due now, page by page; returns how many were queued.
    One pass at a time, so two jobs that fire together cannot both queue the same reminder."""
    weather = _weather(resources)
    async with weather.dispatch_lock:
        store = resources.store
        today = now.date()
        signal = await store.heat.current_signal()
        outlooks = {key: outlook for key, (outlook, _) in (await store.heat.outlooks(today)).items()}
        signal_level = signal.level if signal else None
        if signal_level is None and not any(outlook.level for outlook in outlooks.values()):
            return 0
        queued, after = 0, 0
        while page := await store.heat.subscribers(after, PAGE_SIZE):
            after = page[-1].user_id
            sent = await store.heat.highest_sent([person.user_id for person in page], today)
            reminders = [
                reminder
                for person in page
                if (
                    reminder := plan_reminder(
                        person,
                        now=now,
                        signal=signal_level,
                        outlooks=outlooks,
                        highest_sent_today=sent.get(person.user_id, HeatLevel.NONE),
                        districts=weather.districts,
                        catalogue=resources.catalogue,
                    )
                )
                is not None
            ]
            if reminders:
                queued += await enqueue_reminders(resources, reminders)
        if queued:
            _LOGGER.info("heat reminders queued: %s", queued)
        return queued


async def enqueue_reminders(resources: BotResources, reminders: Sequence[Reminder]) -> int:
    """Render each reminder in its reader's language and hand the page to the broadcast outbox, then
    remember them. The outbox's dedup key (person, day, level) makes a repeat after a crash between the
    two steps harmless: it is skipped there and only remembered here."""
    messages = [
        PersonalMessage(r.user_id, r.language, render_reminder(resources.translator, r), r.idempotency_key)
        for r in reminders
    ]
    # One transaction creates the batch already active with its deliveries: the sender never sees it half
    # filled.
    _, queued = await resources.store.outbox.enqueue_personal(BroadcastKind.HEAT.value, messages)
    await resources.store.heat.record_sent((r.user_id, r.day, r.level) for r in reminders)
    return queued


# --- rendering ------------------------------------------------------------------------------------------


def _forecast_line(translator: Translator, language: str, outlook: Outlook, level: HeatLevel) -> Html | None:
    """The pre-alert's reason (today's or tomorrow's maximum). Under a signal, today's maximum, and only when
    the forecast agrees it is a hot day: a forecast below the signal would only confuse."""
    if level > HeatLevel.PRE_ALERT and not outlook.hot_day_is_today:
        return None
    today = outlook.hot_day_is_today or outlook.tomorrow_max is None
    high = outlook.today_max if today else outlook.tomorrow_max
    feels = outlook.today_apparent if today else outlook.tomorrow_apparent
    if high is None:
        return None
    if feels is not None and round_c(feels) != round_c(high):
        key = "heat-forecast-today-feels" if today else "heat-forecast-tomorrow-feels"
        return translator(language, key, max=round_c(high), feels=round_c(feels))
    return translator(
        language, "heat-forecast-today" if today else "heat-forecast-tomorrow", max=round_c(high)
    )


def render_reminder(translator: Translator, reminder: Reminder) -> Html:
    """The personal reminder: level and district, forecast, advice, rights, nearby open stations, offers."""
    language, level = reminder.language, reminder.level.key
    lines: list[str] = [
        translator(
            language,
            "heat-reminder-title",
            level=translator(language, HEAT_LEVEL_KEYS[level]),
            district=reminder.district.name.pick(language),
        )
    ]
    outlook = reminder.outlook
    forecast = _forecast_line(translator, language, outlook, reminder.level) if outlook else None
    if forecast:
        lines.append(forecast)
    lines += ["", translator(language, HEAT_ADVICE_KEYS[level]), ""]
    lines += [translator(language, HEAT_RIGHTS_KEYS[level]), translator(language, "heat-rights-source"), ""]
    if reminder.stations:
        if reminder.from_location:
            lines.append(translator(language, "heat-stations-header"))
        else:
            district = reminder.district.name.pick(language)
            lines.append(translator(language, "heat-stations-header-district", district=district))
        for rank, hit in enumerate(reminder.stations, start=1):
            name = hit.station.name.pick(language)
            if reminder.from_location:
                away = distance(translator, language, hit.distance_m)
                lines.append(translator(language, "heat-station-line", rank=rank, name=name, distance=away))
            else:
                lines.append(translator(language, "heat-station-line-district", rank=rank, name=name))
    else:
        lines.append(translator(language, "heat-stations-none"))
    if reminder.campaign:
        separator = translator(language, "heat-campaign-separator")
        items = separator.join(item.pick(language) for item in reminder.campaign)
        lines.append(translator(language, "heat-campaign", items=items))
    lines += ["", translator(language, "heat-reminder-footer")]
    return Html("\n".join(lines))


# --- /heat ----------------------------------------------------------------------------------------------


async def _status(context: BotContext) -> tuple[Html, InlineKeyboardMarkup]:
    assert context.profile is not None
    store, weather = context.store, _weather(context.bot_data)
    settings = await store.heat.settings(context.profile.id)
    assert settings is not None  # the tracking handler registered the sender
    if settings.preferred_time is None:
        times = "、" if context.language == "zh" else ", "
        when = context.text(
            "heat-time-auto", times=times.join(clock(slot) for slot in context.settings.heat_check_times)
        )
    else:
        when = context.text("heat-time-at", time=clock(settings.preferred_time))
    quiet = (
        context.text("heat-quiet-none")
        if settings.quiet_start == settings.quiet_end
        else context.text("heat-quiet-span", start=clock(settings.quiet_start), end=clock(settings.quiet_end))
    )
    district = weather.districts.for_person(settings.district_id, context.profile.last_location)
    name = district.name.pick(context.language)
    if weather.districts.get(settings.district_id) is not None:
        where = context.text("heat-district-chosen", name=name)
    elif context.profile.last_location is not None:
        where = context.text("heat-district-location", name=name)
    else:
        where = context.text("heat-district-default", name=name)
    now = context.bot_data.clock.now()
    signal = await store.heat.current_signal()
    outlook = (await store.heat.outlooks(now.date())).get(district.id)
    level = effective_level(signal.level if signal else None, outlook[0] if outlook else None)
    today = context.text(HEAT_LEVEL_KEYS[level.key]) if level else context.text("heat-today-none")
    text = context.text(
        "heat-status",
        state=context.text("heat-state-on" if settings.enabled else "heat-state-off"),
        time=when,
        quiet=quiet,
        district=where,
        today=today,
    )
    toggle = _button(context, "heat-button-off", TurnOff()) if settings.enabled else None
    toggle = toggle or _button(context, "heat-button-on", TurnOn())
    keyboard = InlineKeyboardMarkup(
        [
            [toggle],
            [
                _button(context, "heat-button-time", TimeMenu()),
                _button(context, "heat-button-quiet", QuietMenu()),
                _button(context, "heat-button-district", DistrictMenu()),
            ],
        ]
    )
    return text, keyboard


def _button(context: BotContext, key: str, button: ButtonData) -> InlineKeyboardButton:
    return InlineKeyboardButton(context.text(key), callback_data=button.pack())


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[start : start + width] for start in range(0, len(buttons), width)]


async def heat_command(update: Update, context: BotContext) -> None:
    """/heat shows the settings; /heat on|off, time HH:MM|auto, quiet HH:MM-HH:MM|off change them (times
    may be typed as people say them, "下午两点", "晚上十点到早上七点", and are said back in words)."""
    assert update.effective_message is not None and context.profile is not None
    if context.args:
        changed = await _apply_arguments(context, [arg.lower() for arg in context.args])
        if changed is None:
            await update.effective_message.reply_text(context.text("heat-usage"))
            return
        if changed:
            words = "–".join(clock_in_words(moment, context.language) for moment in changed)
            await update.effective_message.reply_text(context.text("time-read-as", time=words))
    text, keyboard = await _status(context)
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def _apply_arguments(context: BotContext, args: list[str]) -> list[time] | None:
    """The times set, to say back; None when the arguments are not understood (nothing changed then)."""
    assert context.profile is not None
    heat, user_id = context.store.heat, context.profile.id
    if args in (["on"], ["off"]):
        await heat.set_enabled(user_id, args[0] == "on")
        return []
    if len(args) < 2 or args[0] not in ("time", "quiet"):
        return None
    value = " ".join(args[1:])
    if args[0] == "time":
        preferred = None if value == "auto" else read_daily_time(value, Purpose.REMINDER)
        if preferred is None and value != "auto":
            return None
        await _set_time(context, preferred)
        return [preferred] if preferred is not None else []
    span = (time(0), time(0)) if value == "off" else read_quiet_hours(value)
    if span is None:
        return None
    await _set_quiet(context, *span)
    return list(span) if value != "off" else []


async def _set_time(context: BotContext, preferred: time | None) -> None:
    assert context.profile is not None
    await context.store.heat.set_preferred_time(context.profile.id, preferred)
    if preferred is not None and preferred not in context.settings.heat_check_times:
        ensure_delivery_job(_job_queue(context.application), preferred)


async def _set_quiet(context: BotContext, start: time, end: time) -> None:
    assert context.profile is not None
    await context.store.heat.set_quiet_hours(context.profile.id, start, end)
    if start != end and end not in context.settings.heat_check_times:
        ensure_delivery_job(_job_queue(context.application), end)


@on_press(TimeMenu)
async def time_menu(update: Update, context: BotContext, button: TimeMenu) -> None:
    buttons = [_button(context, "heat-button-time-auto", PreferredTime())]
    buttons += [
        InlineKeyboardButton(clock(slot), callback_data=PreferredTime(slot).pack()) for slot in TIME_CHOICES
    ]
    await _show_menu(update, context, "heat-choose-time", [*_rows(buttons, 4), [_back(context)]])


@on_press(QuietMenu)
async def quiet_menu(update: Update, context: BotContext, button: QuietMenu) -> None:
    buttons = [
        InlineKeyboardButton(f"{clock(start)}–{clock(end)}", callback_data=QuietHours(start, end).pack())
        for start, end in QUIET_CHOICES
    ]
    buttons.append(_button(context, "heat-button-quiet-none", QuietHours(*NO_QUIET_HOURS)))
    await _show_menu(update, context, "heat-choose-quiet", [*_rows(buttons, 2), [_back(context)]])


@on_press(DistrictMenu)
async def district_menu(update: Update, context: BotContext, button: DistrictMenu) -> None:
    buttons = [_button(context, "heat-button-district-auto", DistrictChoice())]
    buttons += [
        InlineKeyboardButton(d.name.pick(context.language), callback_data=DistrictChoice(d.id).pack())
        for d in _weather(context.bot_data).districts.all
    ]
    await _show_menu(update, context, "heat-choose-district", [*_rows(buttons, 3), [_back(context)]])


@on_press(BackToSettings)
async def back_to_settings(update: Update, context: BotContext, button: BackToSettings) -> None:
    await _show_settings(update, context, saved=False)


@on_press(TurnOn)
async def turned_on(update: Update, context: BotContext, button: TurnOn) -> None:
    assert context.profile is not None
    await context.store.heat.set_enabled(context.profile.id, True)
    await _show_settings(update, context)


@on_press(TurnOff)
async def turned_off(update: Update, context: BotContext, button: TurnOff) -> None:
    assert context.profile is not None
    await context.store.heat.set_enabled(context.profile.id, False)
    await _show_settings(update, context)


@on_press(PreferredTime)
async def time_chosen(update: Update, context: BotContext, button: PreferredTime) -> None:
    await _set_time(context, button.at)
    await _show_settings(update, context)


@on_press(QuietHours)
async def quiet_chosen(update: Update, context: BotContext, button: QuietHours) -> None:
    await _set_quiet(context, button.start, button.end)
    await _show_settings(update, context)


@on_press(DistrictChoice)
async def district_chosen(update: Update, context: BotContext, button: DistrictChoice) -> None:
    assert context.profile is not None
    district_id = button.district_id
    if district_id is not None and _weather(context.bot_data).districts.get(district_id) is None:
        await answer_stale(update, context)  # a district no longer in the catalogue
        return
    await context.store.heat.set_district(context.profile.id, district_id)
    await _show_settings(update, context)


async def _show_settings(update: Update, context: BotContext, *, saved: bool = True) -> None:
    """The settings message again, edited in place, with "saved" after a change."""
    query = update.callback_query
    assert query is not None
    text, keyboard = await _status(context)
    await query.answer(context.text("heat-saved") if saved else None)
    await _edit(query, text, keyboard)


def _back(context: BotContext) -> InlineKeyboardButton:
    return _button(context, "heat-button-back", BackToSettings())


async def _show_menu(
    update: Update, context: BotContext, key: str, rows: list[list[InlineKeyboardButton]]
) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await _edit(query, context.text(key), InlineKeyboardMarkup(rows))


async def _edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup) -> None:
    """Edit the settings message in place."""
    await edit_pressed_message(query, text, keyboard)


# --- /heatalert (admins) --------------------------------------------------------------------------------


async def _alert_status(context: BotContext) -> Html:
    store, weather = context.store, _weather(context.bot_data)
    now = context.bot_data.clock.now()
    signal = await store.heat.current_signal()
    if signal is None:
        current = context.text("heatalert-signal-none")
    else:
        since = signal.declared_at.astimezone(context.settings.tzinfo).strftime("%m-%d %H:%M")
        current = context.text(
            "heatalert-signal", level=context.text(HEAT_LEVEL_KEYS[signal.level.key]), since=since
        )
    outlooks = await store.heat.outlooks(now.date())
    if outlooks:
        unknown = context.text("heatalert-unknown")
        lines = []
        for district in weather.districts.all:
            if district.id not in outlooks:
                continue
            outlook = outlooks[district.id][0]
            today, tomorrow = round_c(outlook.today_max), round_c(outlook.tomorrow_max)
            lines.append(
                context.text(
                    "heatalert-forecast-line",
                    district=district.name.pick(context.language),
                    today=unknown if today is None else today,
                    tomorrow=unknown if tomorrow is None else tomorrow,
                )
            )
        forecast = "\n".join(lines)
        suggested = max((level for _, level in outlooks.values()), default=HeatLevel.NONE)
    else:
        forecast = context.text("heatalert-forecast-none", provider=weather.forecast.name)
        suggested = HeatLevel.NONE
    hint = (
        context.text(HEAT_LEVEL_KEYS[suggested.key])
        if suggested
        else context.text("heatalert-suggested-none")
    )
    return context.text("heatalert-status", signal=current, forecast=Html(forecast), suggested=hint)


def _alert_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    levels = [
        InlineKeyboardButton(
            context.text(HEATALERT_BUTTON_KEYS[level.key]),
            callback_data=AskSignal(SignalChoice(level.key)).pack(),
        )
        for level in SIGNAL_LEVELS
    ]
    end = InlineKeyboardButton(
        context.text("heatalert-button-end"), callback_data=AskSignal(SignalChoice.END).pack()
    )
    return InlineKeyboardMarkup([levels, [end]])


@require_role(Role.ADMIN)
async def heatalert_command(update: Update, context: BotContext) -> None:
    """/heatalert shows the signal and the forecast; /heatalert yellow|orange|red|end asks to confirm."""
    message = update.effective_message
    assert message is not None
    if context.args:
        choice = next((c for c in SignalChoice if c.value == context.args[0].lower()), None)
        if len(context.args) != 1 or choice is None:
            await message.reply_text(context.text("heatalert-usage"))
            return
        text, keyboard = await _confirmation(context, choice)
        await message.reply_text(text, reply_markup=keyboard)
        return
    await message.reply_text(await _alert_status(context), reply_markup=_alert_keyboard(context))


async def _confirmation(
    context: BotContext, choice: SignalChoice
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The question before a signal changes; without a signal in force, "end" has nothing to confirm."""
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.text("heatalert-button-confirm"), callback_data=DeclareSignal(choice).pack()
                ),
                InlineKeyboardButton(
                    context.text("heatalert-button-cancel"), callback_data=KeepSignal().pack()
                ),
            ]
        ]
    )
    if choice is SignalChoice.END:
        signal = await context.store.heat.current_signal()
        if signal is None:
            return context.text("heatalert-nothing-to-end"), None
        return context.text(
            "heatalert-confirm-end", level=context.text(HEAT_LEVEL_KEYS[signal.level.key])
        ), buttons
    count = await context.store.heat.count_subscribers()
    return context.text(
        "heatalert-confirm", level=context.text(HEAT_LEVEL_KEYS[choice]), count=count
    ), buttons


@on_press(KeepSignal)
async def keep_signal(update: Update, context: BotContext, button: KeepSignal) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await _edit_plain(query, context.text("heatalert-cancelled"))


@on_press(AskSignal)
async def ask_signal(update: Update, context: BotContext, button: AskSignal) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    text, keyboard = await _confirmation(context, button.choice)
    await edit_pressed_message(query, text, keyboard)


@on_press(DeclareSignal)
async def declare_signal(update: Update, context: BotContext, button: DeclareSignal) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    await query.answer()
    admin = context.profile.first_name
    level = None if button.choice is SignalChoice.END else HeatLevel.from_key(button.choice.value)
    outcome = await declare_heat_signal(context.store, level, admin_id=context.profile.id)
    if outcome.declared is None:
        await _edit_plain(
            query, context.text("heatalert-ended" if outcome.changed else "heatalert-nothing-to-end")
        )
        if outcome.changed:
            await _notify_admins(update, context, "heatalert-admin-ended", admin=admin)
        _LOGGER.info("heat signal ended by an admin")
        return
    level_key = outcome.declared.key
    await _edit_plain(
        query, context.text("heatalert-declared", level=context.text(HEAT_LEVEL_KEYS[level_key]))
    )
    await _notify_admins(update, context, "heatalert-admin-declared", admin=admin, level_key=level_key)
    _LOGGER.info("heat signal %s declared by an admin", level_key)
    # A declared signal reaches the subscribers at once, not at the next daily check.
    _job_queue(context.application).run_once(
        once_across_workers(delivery_job), 0, name=SIGNAL_JOB, job_kwargs=_job_options(SIGNAL_JOB)
    )


async def _edit_plain(query: CallbackQuery, text: str) -> None:
    await edit_pressed_message(query, text)


async def _notify_admins(
    update: Update, context: BotContext, key: str, *, admin: str, level_key: str | None = None
) -> None:
    """Tell the admin chat through the outbox, like every admin-chat notice; the update names it, so a
    redelivered press tells the admins once."""
    translator = context.bot_data.translator

    def compose(language: str) -> str:
        args: dict[str, object] = {"admin": admin}
        if level_key is not None:
            args["level"] = translator(language, HEAT_LEVEL_KEYS[level_key])
        return translator(language, key, **args)

    await context.bot_data.notifier.tell_admins(AdminNotice(f"heat-signal:{update.update_id}", compose))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("heat", heat_command),
        CommandHandler("heatalert", heatalert_command),
        press_handler(TurnOn, turned_on),
        press_handler(TurnOff, turned_off),
        press_handler(BackToSettings, back_to_settings),
        press_handler(TimeMenu, time_menu),
        press_handler(QuietMenu, quiet_menu),
        press_handler(DistrictMenu, district_menu),
        press_handler(PreferredTime, time_chosen),
        press_handler(QuietHours, quiet_chosen),
        press_handler(DistrictChoice, district_chosen),
        family_handler("heat"),  # data under "heat:" that none of its kinds could have carried
        press_handler(AskSignal, ask_signal),
        press_handler(DeclareSignal, declare_signal),
        press_handler(KeepSignal, keep_signal),
        family_handler("heatalert"),
    ]
