"""Events: create one, sign up and cancel (the waiting list moves up), remind the people going, check
them in by the event's QR code, and file their hours when it ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.events import (
    Event,
    NewEvent,
    Reminder,
    Signup,
    SignupStatus,
    event_payload,
    parse_event_payload,
)
from bot.i18n import Translator
from bot.message_keys import EVENT_REMINDER_KEYS, RULE_KEYS
from bot.notify import Notice
from bot.points import Activity
from bot.stations import StationCatalogue
from bot.storage import Storage
from bot.timeparse import moment_in_words
from bot.users import Actor
from bot.volunteer import NewEntry, RuleViolation, format_hours


def place_name(event: Event, stations: StationCatalogue, language: str) -> str:
    station = stations.by_id.get(event.station_id or "")
    return station.name.pick(language) if station else event.place or "-"


def when_in_words(event: Event, now: datetime, zone: tzinfo, language: str) -> str:
    return moment_in_words(event.starts_at.astimezone(zone), now.astimezone(zone).date(), language)


def _event_notice(
    translator: Translator,
    stations: StationCatalogue,
    event: Event,
    user_id: int,
    purpose: str,
    key: str,
    *,
    now: datetime,
    zone: tzinfo,
    reason_key: str | None = None,
    **args: object,
) -> Notice:
    """A notice about an event, with its title, time and place (and a reason, by its catalogue key) in
    the reader's language."""

    def compose(language: str) -> str:
        reason = {"reason": translator(language, reason_key)} if reason_key else {}
        return translator(
            language,
            key,
            title=event.title(language),
            when=when_in_words(event, now, zone, language),
            place=place_name(event, stations, language),
            **reason,
            **args,
        )

    return Notice(user_id, purpose, compose)


# --- creating -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Created:
    event: Event | None
    created: bool  # False: this form was confirmed before (a double tap), `event` is what it stored
    # "past": the start has passed while the form was filled in; "out-of-scope": staff may announce
    # events at their own stations only (admins anywhere, also at a typed place)
    refusal: str | None = None


async def create(store: Storage, new: NewEvent, *, actor: Actor, now: datetime) -> Created:
    if not actor.acts_for(new.station_id):
        return Created(None, created=False, refusal="out-of-scope")
    if new.starts_at <= now:
        return Created(None, created=False, refusal="past")
    event, created = await store.events.create(new, now)
    return Created(event, created)


@dataclass(frozen=True, slots=True)
class Roster:
    """Who is coming to an event, for those who run it; `refused` when the actor does not act for its
    station (then nothing else is told)."""

    event: Event | None
    going: tuple[Signup, ...] = ()
    waiting: tuple[Signup, ...] = ()
    refused: bool = False


async def roster(store: Storage, *, event_id: int, actor: Actor) -> Roster:
    event = await store.events.get(event_id)
    if event is None:
        return Roster(None)
    if not actor.acts_for(event.station_id):
        return Roster(None, refused=True)
    signups = await store.events.signups(event_id)
    return Roster(
        event,
        going=tuple(signup for signup in signups if signup.status is SignupStatus.GOING),
        waiting=tuple(signup for signup in signups if signup.status is SignupStatus.WAITING),
    )


# --- signing up and cancelling --------------------------------------------------------------------------


class SignupResult(StrEnum):
    UNKNOWN = "unknown"
    STARTED = "started"  # too late: it has begun
    GOING = "going"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class SignedUp:
    result: SignupResult
    event: Event | None = None
    changed: bool = False  # False: they were going or waiting already (a double tap)
    position: int = 0  # in the waiting list, from 1


async def sign_up(store: Storage, *, event_id: int, user_id: int, now: datetime) -> SignedUp:
    event = await store.events.get(event_id)
    if event is None:
        return SignedUp(SignupResult.UNKNOWN)
    if now >= event.starts_at:
        return SignedUp(SignupResult.STARTED, event)
    signup, changed = await store.events.sign_up(event_id, user_id, now)
    event = await store.events.get(event_id)
    if signup is None or event is None:
        return SignedUp(SignupResult.UNKNOWN)
    if signup.status is SignupStatus.GOING:
        return SignedUp(SignupResult.GOING, event, changed)
    return SignedUp(SignupResult.WAITING, event, changed, await store.events.position(event_id, user_id))


@dataclass(frozen=True, slots=True)
class Cancelled:
    event: Event | None
    cancelled: bool  # False: there was nothing to cancel (not signed up, already cancelled, or attended)
    notices: tuple[Notice, ...] = ()


async def cancel(
    store: Storage,
    translator: Translator,
    stations: StationCatalogue,
    *,
    event_id: int,
    user_id: int,
    now: datetime,
    zone: tzinfo,
) -> Cancelled:
    """Give up a place or a spot in line; a place goes to the first person waiting, who is told."""
    event = await store.events.get(event_id)
    if event is None or now >= event.starts_at:
        return Cancelled(event, cancelled=False)
    cancelled, promoted = await store.events.cancel(event_id, user_id)
    event = await store.events.get(event_id)
    if promoted is None or event is None:
        return Cancelled(event, cancelled)
    notice = _event_notice(
        translator,
        stations,
        event,
        promoted,
        f"event-promoted:{event_id}",
        "events-promoted",
        now=now,
        zone=zone,
    )
    return Cancelled(event, cancelled, (notice,))


@dataclass(frozen=True, slots=True)
class EventView:
    """An event as one person sees it: with their own sign-up, if any."""

    event: Event
    signup: Signup | None


async def upcoming(store: Storage, *, user_id: int, now: datetime, limit: int) -> list[EventView]:
    """The events not yet begun, soonest first, each with the person's sign-up."""
    events = [event for event in await store.events.not_ended(now) if event.starts_at > now][:limit]
    mine = await store.events.signups_of(user_id, [event.id for event in events])
    return [EventView(event, mine.get(event.id)) for event in events]


# --- reminders ------------------------------------------------------------------------------------------


async def reminders(
    store: Storage,
    translator: Translator,
    stations: StationCatalogue,
    *,
    event_id: int,
    reminder: Reminder,
    now: datetime,
    zone: tzinfo,
) -> tuple[Notice, ...]:
    """One reminder for each person going; the purpose names the event and the reminder, so a job that
    runs again (a restart) tells nobody twice."""
    event = await store.events.get(event_id)
    if event is None or not event.reminder_is_news(reminder, now):
        return ()
    purpose = f"event-reminder:{event_id}:{reminder.value}"
    return tuple(
        _event_notice(
            translator,
            stations,
            event,
            user_id,
            purpose,
            EVENT_REMINDER_KEYS[reminder.value],
            now=now,
            zone=zone,
        )
        for user_id in await store.events.going(event_id)
    )


# --- attendance -----------------------------------------------------------------------------------------


async def attendance_payload(store: Storage, event_id: int) -> str:
    """The /start payload of the event's attendance: what its QR codes hold."""
    return event_payload(await store.volunteer.checkin_secret(), event_id)


class AttendanceResult(StrEnum):
    INVALID = "invalid"  # not the code of an event
    NOT_OPEN = "not-open"  # too early or over
    FULL = "full"  # no place held and none free
    CHECKED_IN = "checked-in"
    ALREADY = "already"


@dataclass(frozen=True, slots=True)
class Attendance:
    result: AttendanceResult
    event: Event | None = None


async def check_in(store: Storage, *, user_id: int, payload: str, now: datetime) -> Attendance:
    """The event's QR code (its deep link's payload), scanned at the event, checks the person in."""
    event_id = parse_event_payload(payload, await store.volunteer.checkin_secret())
    event = await store.events.get(event_id) if event_id is not None else None
    if event is None:
        return Attendance(AttendanceResult.INVALID)
    if not event.checkin_open(now):
        return Attendance(AttendanceResult.NOT_OPEN, event)
    signup, changed = await store.events.attend(event.id, user_id, now)
    if signup is None:
        return Attendance(AttendanceResult.FULL, event)
    return Attendance(AttendanceResult.CHECKED_IN if changed else AttendanceResult.ALREADY, event)


async def credit_attendance(
    store: Storage,
    translator: Translator,
    stations: StationCatalogue,
    activity: Activity,
    *,
    event_id: int,
    now: datetime,
    zone: tzinfo,
) -> tuple[Notice, ...]:
    """When the event has ended: file each attendee's hours as an approved volunteer entry (the same
    rules as any service: no overlap, at most 12 hours a day) and credit its 暖新积分; tell each of them."""
    event = await store.events.get(event_id)
    if event is None or now < event.ends_at or event.credited_minutes == 0:
        return ()
    notices = []
    for user_id in await store.events.attended_not_credited(event_id):
        new = NewEntry(
            user_id=user_id,
            activity=activity.id,
            description=event.title_zh,
            interval=event.credited_interval(zone),
            points_per_hour=activity.points_per_hour,
            station_id=event.station_id,
            place=event.place,
            photo_file_id=None,
            source="event",
            submission_key=f"event:{event_id}:{user_id}",
        )
        purpose = f"event-credited:{event_id}"
        try:
            entry, _ = await store.volunteer.submit(new, now, zone)
        except RuleViolation as violation:
            notices.append(
                _event_notice(
                    translator,
                    stations,
                    event,
                    user_id,
                    purpose,
                    "events-not-credited",
                    now=now,
                    zone=zone,
                    reason_key=RULE_KEYS[violation.reason],
                )
            )
            continue
        decision = await store.volunteer.approve(entry.id, event.created_by, now)
        await store.events.set_entry(event_id, user_id, entry.id)
        credit = decision.credit
        notices.append(
            _event_notice(
                translator,
                stations,
                event,
                user_id,
                purpose,
                "events-credited",
                now=now,
                zone=zone,
                hours=format_hours(entry.minutes),
                points=credit.amount if credit else 0,
                balance=credit.balance_after if credit else await store.points.balance(user_id),
            )
        )
    return tuple(notices)
