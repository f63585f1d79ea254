"""Volunteer hours: reading what couriers type, the date window, the rules an entry must pass, and the
daily check-in codes of the stations. Channel-neutral: plain values in, plain values out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction

MIN_MINUTES = 30
MAX_MINUTES = 12 * 60
STEP_MINUTES = 30
MAX_MINUTES_PER_DAY = 12 * 60
DAYS_BACK = 7  # today and the 7 days before it

_CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CHINESE_NUMBER = re.compile(r"[零一二两三四五六七八九十]+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：．", "0123456789:.")
_HOURS = r"(?:h|hr|hrs|hour|hours|小时|钟头)"
_MINUTES = r"(?:m|min|mins|minute|minutes|分|分钟)"
_HOURS_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^(\d+(?:\.\d+)?){_HOURS}?$"), "decimal"),
    (re.compile(r"^(\d+):(\d{2})$"), "clock"),
    (re.compile(rf"^(\d+){_HOURS}(\d+){_MINUTES}?$"), "clock"),
    (re.compile(rf"^(?:(\d+){_HOURS}?)?半{_HOURS}?$"), "half"),
    (re.compile(rf"^(\d+){_MINUTES}$"), "minutes"),
)
_TIME_PATTERN = re.compile(r"^(\d{1,2})(?:(?::|点|時|时)(\d{2})?(?:分)?)?(半)?$")


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


def _chinese_to_int(text: str) -> str:
    """一..九十九 as digits ("十二" -> "12", "两" -> "2"); bigger numbers are never hours."""
    if "十" not in text:
        return "".join(str(_CHINESE_DIGITS[char]) for char in text)
    tens_text, _, ones_text = text.partition("十")
    if "十" in ones_text or len(tens_text) > 1 or len(ones_text) > 1:
        return text  # not a number we read: left as is, so the pattern fails
    tens = _CHINESE_DIGITS[tens_text] if tens_text else 1
    ones = _CHINESE_DIGITS[ones_text] if ones_text else 0
    return str(tens * 10 + ones)


def _normalise(text: str) -> str:
    text = text.translate(_FULL_WIDTH).strip().lower()
    text = re.sub(r"\s+|个", "", text)
    return _CHINESE_NUMBER.sub(lambda match: _chinese_to_int(match.group()), text)


def parse_hours(text: str) -> int:
    """Minutes from what a courier types: "2", "2.5", "1:30", "2小时30分", "两个半小时", "半小时", "90分钟".

    Accepts half-hour steps from 0.5 to 12 hours; anything else raises `HoursError`.
    """
    normalised = _normalise(text)
    minutes: Fraction | None = None
    for pattern, kind in _HOURS_PATTERNS:
        match = pattern.match(normalised)
        if match is None:
            continue
        first, second = match.group(1), match.group(2) if pattern.groups > 1 else None
        if kind == "decimal":
            minutes = Fraction(first) * 60
        elif kind == "clock":
            assert second is not None
            if int(second) >= 60:
                raise HoursError("unreadable")
            minutes = Fraction(int(first) * 60 + int(second))
        elif kind == "half":
            minutes = Fraction((int(first) if first else 0) * 60 + 30)
        else:
            minutes = Fraction(int(first))
        break
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


def parse_start_time(text: str) -> time:
    """A clock time: "9", "09:30", "14:00", "9点", "9点半", "14点30"; raises ValueError otherwise."""
    match = _TIME_PATTERN.match(_normalise(text))
    if match is None:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if match.group(2):
            raise ValueError(text)
        minute = 30
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return time(hour, minute)


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
