"""Volunteer hours: reading what couriers type, the date window, the rules an entry must pass, and the
daily check-in codes of the stations. Channel-neutral: plain values in, plain values out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction

from bot.points import LedgerEntry, points_for
from bot.timeparse import read_duration

MIN_MINUTES = 30
MAX_MINUTES = 12 * 60
STEP_MINUTES = 30
MAX_MINUTES_PER_DAY = 12 * 60
DAYS_BACK = 7  # today and the 7 days before it


class HoursError(ValueError):
    """Typed hours that cannot be accepted; `reason` is one of unreadable, step, too-short, too-long."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RuleViolation(ValueError):
    """An entry that breaks a rule; `reason` is one of future, too-old, unfinished, overlap, daily-limit."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_hours(text: str) -> int:
    """Minutes from what a courier types: "2", "2.5", "1:30", "2小时30分", "两个半小时", "半小时", "90分钟".

    Accepts half-hour steps from 0.5 to 12 hours; anything else raises `HoursError`.
    """
    minutes = read_duration(text)
    if minutes is None:
        raise HoursError("unreadable")
    return check_minutes(minutes)


def check_minutes(minutes: Fraction | int) -> int:
    """The rules every amount of hours follows, typed or from a button."""
    if minutes < MIN_MINUTES:
        raise HoursError("too-short")
    if minutes > MAX_MINUTES:
        raise HoursError("too-long")
    if minutes.denominator != 1 or int(minutes) % STEP_MINUTES:
        raise HoursError("step")
    return int(minutes)


def format_hours(minutes: int) -> str:
    """2.5, 3, 0.5: the number of hours as people write it."""
    hours = Fraction(minutes, 60)
    return str(hours.numerator) if hours.denominator == 1 else f"{float(hours):g}"


# --- dates and the rules of an entry --------------------------------------------------------------------


def date_window(today: date) -> list[date]:
    """The days a courier may log hours for, newest first: today and the DAYS_BACK days before."""
    return [today - timedelta(days=offset) for offset in range(DAYS_BACK + 1)]


def check_day(day: date, today: date) -> None:
    if day > today:
        raise RuleViolation("future")
    if day < today - timedelta(days=DAYS_BACK):
        raise RuleViolation("too-old")


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of service in UTC, and the local day it is counted on."""

    day: date
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def overlaps(self, other: Interval) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def interval_for(day: date, start: time, minutes: int, zone: tzinfo) -> Interval:
    """The entry's UTC interval from the local day and start time the courier chose."""
    starts_at = datetime.combine(day, start, tzinfo=zone)
    return Interval(day, starts_at, starts_at + timedelta(minutes=minutes))


def check_entry(candidate: Interval, existing: Iterable[Interval], now: datetime, zone: tzinfo) -> None:
    """Raise `RuleViolation` if the entry is not allowed next to the person's other (not rejected) entries."""
    check_day(candidate.day, now.astimezone(zone).date())
    if candidate.ends_at > now:
        raise RuleViolation("unfinished")
    same_day = 0
    for other in existing:
        if candidate.overlaps(other):
            raise RuleViolation("overlap")
        if other.day == candidate.day:
            same_day += other.minutes
    if same_day + candidate.minutes > MAX_MINUTES_PER_DAY:
        raise RuleViolation("daily-limit")


# --- station check-in -----------------------------------------------------------------------------------

CHECKIN_PREFIX = "checkin_"
_CODE_LENGTH = 8


def new_checkin_secret() -> str:
    return secrets.token_hex(32)


def checkin_code(secret: str, station_id: str, day: date) -> str:
    """The station's code for one local day: an HMAC, so nobody can make tomorrow's code from today's."""
    digest = hmac.new(secret.encode(), f"{station_id}|{day.isoformat()}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:_CODE_LENGTH]


def checkin_payload(secret: str, station_id: str, day: date) -> str:
    """The /start payload of a station's deep link (t.me/<bot>?start=...): letters, digits, - and _ only."""
    return f"{CHECKIN_PREFIX}{station_id}_{checkin_code(secret, station_id, day)}"


def parse_checkin_payload(payload: str) -> tuple[str, str] | None:
    """(station id, code) from a deep-link payload, or None when it is not a check-in link."""
    if not payload.startswith(CHECKIN_PREFIX):
        return None
    station_id, _, code = payload.removeprefix(CHECKIN_PREFIX).rpartition("_")
    if not station_id or not code:
        return None
    return station_id, code


def checkin_code_valid(secret: str, station_id: str, code: str, day: date) -> bool:
    # Bytes: compare_digest refuses str with non-ASCII characters, and a typed link may carry any.
    return hmac.compare_digest(checkin_code(secret, station_id, day).encode(), code.upper().encode())


def checkout_minutes(started_at: datetime, now: datetime) -> int:
    """The time since check-in, rounded down to half-hour steps (never credit time not yet served)."""
    elapsed = int((now - started_at).total_seconds() // 60)
    return max(0, elapsed - elapsed % STEP_MINUTES)


@dataclass(frozen=True, slots=True)
class NewEntry:
    user_id: int
    activity: str
    description: str | None
    interval: Interval
    points_per_hour: int
    station_id: str | None
    place: str | None
    photo_file_id: str | None
    source: str  # form or checkin
    submission_key: str


@dataclass(frozen=True, slots=True)
class VolunteerEntry:
    id: int
    user_id: int
    activity: str
    description: str | None
    interval: Interval
    points_per_hour: int
    station_id: str | None
    place: str | None
    photo_file_id: str | None
    source: str
    status: str  # pending, approved, rejected
    decided_by: int | None
    reject_reason: str | None

    @property
    def minutes(self) -> int:
        return self.interval.minutes

    @property
    def points(self) -> int:
        return points_for(self.minutes, self.points_per_hour)


@dataclass(frozen=True, slots=True)
class Decision:
    """An approval or rejection: `changed` is False when the entry had already been decided (or is
    unknown); `credit` is the ledger entry an approval made."""

    entry: VolunteerEntry | None
    changed: bool
    credit: LedgerEntry | None = None


@dataclass(frozen=True, slots=True)
class HoursSummary:
    approved_minutes: int
    pending_minutes: int
    approved_month_minutes: int
    pending_month_minutes: int


@dataclass(frozen=True, slots=True)
class CheckinSession:
    user_id: int
    station_id: str
    started_at: datetime
