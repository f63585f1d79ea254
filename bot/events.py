"""Events at a station (清凉游园会, a consultation afternoon): what one is, who holds a place and who waits,
when people are reminded, the attendance code of its QR, and its calendar file. Channel-neutral: plain
values in, plain values out."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from bot.stations import Station
from bot.volunteer import Interval

MAX_TITLE = 60  # characters: a title is read on a button-sized card and in a phone's calendar
MAX_CAPACITY = 500
# The QR code checks people in from a while before the start to the end: early comers are welcome.
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
EVENT_PREFIX = "event_"
_CODE_LENGTH = 8


class SignupStatus(StrEnum):
    GOING = "going"  # holds one of the places
    WAITING = "waiting"  # in line for a place that a cancellation frees
    CANCELLED = "cancelled"


class Reminder(StrEnum):
    """The reminders every person with a place gets, and how long before the start each is due."""

    DAY_BEFORE = "day"
    HOUR_BEFORE = "hour"

    @property
    def ahead(self) -> timedelta:
        return timedelta(days=1) if self is Reminder.DAY_BEFORE else timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class NewEvent:
    title_zh: str
    title_en: str | None
    station_id: str | None
    place: str | None
    starts_at: datetime
    minutes: int
    capacity: int
    credited_minutes: int  # the volunteer hours attending files, at most the event's length
    created_by: int
    creation_key: str

    def as_shown(self) -> Event:
        """The event as its card will show it, before it is stored (the organiser's preview)."""
        return Event(
            id=0,
            title_zh=self.title_zh,
            title_en=self.title_en,
            station_id=self.station_id,
            place=self.place,
            starts_at=self.starts_at,
            minutes=self.minutes,
            capacity=self.capacity,
            credited_minutes=self.credited_minutes,
            created_by=self.created_by,
        )


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    title_zh: str
    title_en: str | None
    station_id: str | None
    place: str | None
    starts_at: datetime
    minutes: int
    capacity: int
    credited_minutes: int
    created_by: int | None
    going: int = 0  # people holding a place
    waiting: int = 0  # people in line

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def full(self) -> bool:
        return self.going >= self.capacity

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_zh

    def credited_interval(self, zone: tzinfo) -> Interval:
        """The volunteer hours attending files: from the start, for the credited minutes."""
        start = self.starts_at.astimezone(zone)
        return Interval(
            start.date(), self.starts_at, self.starts_at + timedelta(minutes=self.credited_minutes)
        )

    def checkin_open(self, now: datetime) -> bool:
        return self.starts_at - CHECKIN_OPENS_BEFORE <= now < self.ends_at

    def reminder_at(self, reminder: Reminder) -> datetime:
        return self.starts_at - reminder.ahead

    def reminder_is_news(self, reminder: Reminder, now: datetime) -> bool:
        """A reminder missed (a restart, an event made less than a day ahead) still goes out while it
        says something true: the day-before one until the hour-before one is due, that one until the
        start."""
        latest = self.reminder_at(Reminder.HOUR_BEFORE) if reminder is Reminder.DAY_BEFORE else self.starts_at
        return now < latest


@dataclass(frozen=True, slots=True)
class Signup:
    event_id: int
    user_id: int
    status: SignupStatus
    attended_at: datetime | None
    entry_id: int | None


def check_title(text: str) -> str | None:
    """The title as it will be shown, or None when it is empty or too long."""
    title = " ".join(text.split())
    return title if 0 < len(title) <= MAX_TITLE else None


def check_capacity(text: str) -> int | None:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    capacity = int(text)
    return capacity if 0 < capacity <= MAX_CAPACITY else None


# --- attendance code ------------------------------------------------------------------------------------


def event_code(secret: str, event_id: int) -> str:
    """The event's attendance code: an HMAC with the check-in secret, so nobody makes one for an event
    they were not at from another event's code."""
    digest = hmac.new(secret.encode(), f"event|{event_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:_CODE_LENGTH]


def event_payload(secret: str, event_id: int) -> str:
    """The /start payload of the event's deep link (t.me/<bot>?start=...)."""
    return f"{EVENT_PREFIX}{event_id}_{event_code(secret, event_id)}"


def parse_event_payload(payload: str, secret: str) -> int | None:
    """The event id of a genuine attendance link, or None."""
    number, _, code = payload.removeprefix(EVENT_PREFIX).partition("_")
    if not payload.startswith(EVENT_PREFIX) or not (number.isascii() and number.isdigit()):
        return None
    event_id = int(number)
    # Bytes: compare_digest refuses str with non-ASCII characters, and a typed link may carry any.
    if not hmac.compare_digest(event_code(secret, event_id).encode(), code.upper().encode()):
        return None
    return event_id


# --- calendar file --------------------------------------------------------------------------------------


def calendar_file(
    event: Event, station: Station | None, language: str, zone: tzinfo, made_at: datetime
) -> bytes:
    """An iCalendar file a phone adds to its calendar: the local time, the station's address and where
    it is (WGS-84, as calendars expect). The uid stays the same, so adding it twice updates one entry."""
    # icalendar loads where a calendar file is asked for, not in every worker at start (memory adds up).
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//xiaoge-bot//events//")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@xiaoge-bot")
    entry.add("summary", event.title(language))
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("dtstamp", made_at.astimezone(UTC))
    if station is not None:
        name, address = station.name.pick(language), station.address.pick(language)
        entry.add("location", f"{name}, {address}" if address else name)
        entry.add("geo", (station.lat, station.lon))
    elif event.place:
        entry.add("location", event.place)
    calendar.add_component(entry)
    return bytes(calendar.to_ical())
