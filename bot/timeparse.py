"""Dates, times of day and durations as couriers type them: "下午两点半", "三点一刻", "明天早上8点", "周五",
"8月3日", "一个半钟头", "2.5小时", "14:00", "2pm". The one parser behind every question that asks for a time.

Channel-neutral and clock-free: the caller passes `today`/`now`. Chinese numerals are read by cn2an, one
run of numerals at a time, because cn2an's own sentence mode reads the 点 of "三点一刻" as a decimal point.

A time such as "2点" says nothing about morning or afternoon. It is read in the direction that makes sense
for the question (`Purpose`), and callers echo the result back in words (`clock_in_words`) so that a wrong
guess is visible at once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum, auto
from fractions import Fraction

# --- normalisation --------------------------------------------------------------------------------------

_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百]+")
_SPACES = re.compile(r"\s+")


@functools.cache
def _cn2an() -> Callable[[str, str], int | float]:
    """cn2an takes about 0.2 s to import: loaded on first use, not when the bot starts."""
    import cn2an

    return cn2an.cn2an  # type: ignore[no-any-return]


def _numeral(match: re.Match[str]) -> str:
    try:
        return str(_cn2an()(match.group(), "smart"))
    except ValueError:  # not a number cn2an reads ("百" alone): left as is, so the patterns fail
        return match.group()


def normalise(text: str) -> str:
    """NFKC (full-width digits and colons), lower case, no spaces, Chinese numerals as digits."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NUMERALS.sub(_numeral, _SPACES.sub("", text))


# --- durations ------------------------------------------------------------------------------------------

_HOUR_UNIT = r"(?:小时|钟头|个钟|hours|hour|hrs|hr|h)"
_MINUTE_UNIT = r"(?:分钟|分|minutes|minute|mins|min|m)"
_NUMBER = r"\d+(?:\.\d+)?"
# "2小时30分", "2个半小时", "2小时半", "半小时", "90分钟", "2h30m": a unit is required inside a sentence.
_DURATION_IN_TEXT = re.compile(
    rf"(?:(?P<hours>{_NUMBER})个?(?P<half>半)?{_HOUR_UNIT}(?P<half_after>半)?(?:(?P<minutes>\d+){_MINUTE_UNIT}?)?"
    rf"|(?P<only_half>半)个?{_HOUR_UNIT}"
    rf"|(?P<only_minutes>\d+){_MINUTE_UNIT})"
)
_BARE_HOURS = re.compile(rf"{_NUMBER}")
_CLOCK_DURATION = re.compile(r"(\d+):(\d{2})")


def _duration_from(match: re.Match[str]) -> Fraction | None:
    if match.group("only_half"):
        return Fraction(30)
    if match.group("only_minutes"):
        return Fraction(int(match.group("only_minutes")))
    if match.group("half") and match.group("half_after"):
        return None
    minutes = Fraction(match.group("hours")) * 60
    if match.group("half") or match.group("half_after"):
        if minutes.denominator != 1 or match.group("minutes"):
            return None
        minutes += 30
    if match.group("minutes"):
        extra = int(match.group("minutes"))
        if extra >= 60:
            return None
        minutes += extra
    return minutes


def read_duration(text: str) -> Fraction | None:
    """Minutes from an answer to "how long?": "2", "2.5", "1:30", "两个半小时", "一个半钟头", "90分钟";
    None when the whole text is not one duration."""
    key = normalise(text)
    if _BARE_HOURS.fullmatch(key):
        return Fraction(key) * 60
    if clock := _CLOCK_DURATION.fullmatch(key):
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        return Fraction(hours * 60 + minutes) if minutes < 60 else None
    match = _DURATION_IN_TEXT.fullmatch(key)
    return _duration_from(match) if match else None


def find_duration(text: str) -> Fraction | None:
    """The first duration with a unit inside a sentence ("今天做了两个半小时志愿服务" -> 150), or None."""
    match = _DURATION_IN_TEXT.search(normalise(text))
    return _duration_from(match) if match else None


# --- times of day ---------------------------------------------------------------------------------------


class Period(Enum):
    """A part of the day said with a time; it fixes which half of the clock is meant."""

    NIGHT = auto()  # 凌晨, 半夜: 0-5
    MORNING = auto()  # 早上, 上午, am
    NOON = auto()  # 中午: 11-13
    AFTERNOON = auto()  # 下午, 傍晚, pm
    EVENING = auto()  # 晚上, 今晚


_PERIOD_WORDS = {
    "凌晨": Period.NIGHT,
    "半夜": Period.NIGHT,
    "深夜": Period.NIGHT,
    "夜里": Period.NIGHT,
    "早上": Period.MORNING,
    "早晨": Period.MORNING,
    "清晨": Period.MORNING,
    "上午": Period.MORNING,
    "早": Period.MORNING,
    "am": Period.MORNING,
    "a.m.": Period.MORNING,
    "中午": Period.NOON,
    "下午": Period.AFTERNOON,
    "傍晚": Period.AFTERNOON,
    "pm": Period.AFTERNOON,
    "p.m.": Period.AFTERNOON,
    "晚上": Period.EVENING,
    "夜晚": Period.EVENING,
    "今晚": Period.EVENING,
    "晚": Period.EVENING,
}
_PERIOD = "|".join(re.escape(word) for word in sorted(_PERIOD_WORDS, key=len, reverse=True))
_CHINESE_CLOCK = re.compile(
    rf"(?P<period>{_PERIOD})?(?P<hour>\d{{1,2}})(?:点钟|点|时)"
    r"(?:(?P<half>半)|(?P<quarter>[13])刻|整|(?P<minute>\d{1,2})分?)?"
)
_COLON_CLOCK = re.compile(
    rf"(?P<period>{_PERIOD})?(?P<hour>\d{{1,2}})[:：](?P<minute>\d{{2}})(?P<suffix>am|pm|a\.m\.|p\.m\.)?"
)
_ENGLISH_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?P<suffix>am|pm|a\.m\.|p\.m\.)")
_BARE_CLOCK = re.compile(rf"(?P<period>{_PERIOD})?(?P<hour>\d{{1,2}})")
_NAMED_CLOCK = {"noon": time(12), "midday": time(12), "midnight": time(0), "正午": time(12), "午夜": time(0)}


@dataclass(frozen=True, slots=True)
class ClockReading:
    """A time of day as typed. `hour` is 0-23; `ambiguous` when it could be either half of the clock
    ("2点", "8"): then `hour` is the morning reading and `hour + 12` the other."""

    hour: int
    minute: int
    ambiguous: bool

    def readings(self) -> tuple[time, ...]:
        first = time(self.hour % 24, self.minute)
        return (first, time((self.hour + 12) % 24, self.minute)) if self.ambiguous else (first,)


def _with_period(hour: int, minute: int, period: Period | None) -> ClockReading | None:
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    if hour == 24:
        hour = 0
    if period is None:
        return ClockReading(hour, minute, ambiguous=1 <= hour <= 11)
    if hour > 12:  # "下午14点": the 24-hour number wins
        return ClockReading(hour, minute, ambiguous=False)
    if period in (Period.NIGHT, Period.MORNING):
        return ClockReading(0 if hour == 12 else hour, minute, ambiguous=False)
    if period is Period.NOON:
        return ClockReading(hour if hour >= 11 else hour + 12, minute, ambiguous=False)
    # afternoon and evening; "晚上12点" is midnight
    return ClockReading(0 if hour == 12 and period is Period.EVENING else hour % 12 + 12, minute, False)


def _period(text: str | None) -> Period | None:
    return _PERIOD_WORDS[text] if text else None


def find_clock(text: str) -> ClockReading | None:
    """The first time of day inside a sentence: "下午两点半", "三点一刻", "十四点", "14:00", "2pm", "noon"."""
    key = normalise(text)
    return _clock_in(key, whole=False)


def read_clock(text: str) -> ClockReading | None:
    """A time of day that is the whole answer; a bare number ("9") is an hour here."""
    return _clock_in(normalise(text), whole=True)


def _clock_in(key: str, *, whole: bool) -> ClockReading | None:
    find = re.fullmatch if whole else re.search
    for name, moment in _NAMED_CLOCK.items():
        if (key == name) if whole else (name in key):
            return ClockReading(moment.hour, 0, ambiguous=False)
    if match := find(_ENGLISH_CLOCK, key):
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        return _with_period(hour, minute, _period(match.group("suffix"))) if 1 <= hour <= 12 else None
    if match := find(_COLON_CLOCK, key):
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        period = _period(match.group("suffix") or match.group("period"))
        if period is None:  # a clock written with a colon is read as the 24-hour clock, like a phone shows it
            return ClockReading(hour, minute, ambiguous=False) if hour <= 23 and minute <= 59 else None
        return _with_period(hour, minute, period)
    if match := find(_CHINESE_CLOCK, key):
        hour = int(match.group("hour"))
        if match.group("half"):
            minute = 30
        elif match.group("quarter"):
            minute = 15 * int(match.group("quarter"))
        else:
            minute = int(match.group("minute") or 0)
        return _with_period(hour, minute, _period(match.group("period")))
    if whole and (match := _BARE_CLOCK.fullmatch(key)):
        return _with_period(int(match.group("hour")), 0, _period(match.group("period")))
    return None


class Purpose(Enum):
    """What a time answers, which decides how an ambiguous "2点" is read."""

    DONE = auto()  # the start of something already done: not in the future
    REMINDER = auto()  # a daily message: in waking hours
    QUIET_START = auto()  # the start of the night's quiet: evening
    QUIET_END = auto()  # the end of it: morning


def _daytime(reading: ClockReading) -> time:
    """Waking hours (06:00-17:59): "2点" is 14:00, "8点" is 08:00, "12点" is noon."""
    first, *other = reading.readings()
    if other and first.hour < 6:
        return other[0]
    return first


def resolve_clock(reading: ClockReading, purpose: Purpose) -> time:
    """The time an answer to a daily question means (reminder, quiet hours)."""
    if not reading.ambiguous:
        return reading.readings()[0]
    morning, evening = reading.readings()
    if purpose is Purpose.QUIET_START:
        return evening if morning.hour >= 6 else morning
    if purpose is Purpose.QUIET_END:
        return morning
    return _daytime(reading)


def read_daily_time(text: str, purpose: Purpose) -> time | None:
    """A time of day that recurs (a reminder, the edge of quiet hours), read for `purpose`."""
    reading = read_clock(text)
    return resolve_clock(reading, purpose) if reading is not None else None


_SPAN_SEPARATOR = re.compile(r"\s*(?:-|–|—|~|～|到|至|to)\s*")


def read_quiet_hours(text: str) -> tuple[time, time] | None:
    """ "22:00-07:00", "晚上十点到早上七点", "10点到7点" (22:00-07:00): the start is read as evening and the
    end as morning when the text does not say."""
    parts = _SPAN_SEPARATOR.split(text.strip())
    if len(parts) != 2:
        return None
    start, end = read_daily_time(parts[0], Purpose.QUIET_START), read_daily_time(parts[1], Purpose.QUIET_END)
    return (start, end) if start is not None and end is not None else None


# A start of work before this, typed without 凌晨, is taken as the afternoon or evening reading.
_EARLIEST_PLAUSIBLE_START = time(5)


def resolve_done_start(reading: ClockReading, day: date, now: datetime) -> datetime:
    """When something done on `day` began, no later than `now` where a reading allows: "2点" is 14:00 once
    14:00 has passed, and 02:00 only if nothing later fits and 02:00 is a plausible hour. A reading that is
    still in the future is returned as the daytime one, for the caller to refuse visibly."""
    preferred = _daytime(reading)
    choices = [preferred, *(t for t in reading.readings() if t != preferred)]
    for choice in choices:
        moment = datetime.combine(day, choice, tzinfo=now.tzinfo)
        if moment <= now and (choice == preferred or choice >= _EARLIEST_PLAUSIBLE_START):
            return moment
    return datetime.combine(day, preferred, tzinfo=now.tzinfo)


# --- dates ----------------------------------------------------------------------------------------------

_RELATIVE_DAYS = {
    "大后天": 3,
    "后天": 2,
    "明天": 1,
    "明日": 1,
    "明早": 1,
    "明晚": 1,
    "tomorrow": 1,
    "今天": 0,
    "今日": 0,
    "今早": 0,
    "今晚": 0,
    "today": 0,
    "tonight": 0,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "yesterday": -1,
    "前天": -2,
    "大前天": -3,
}
_RELATIVE = "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True))
_WEEKDAY_NUMBERS = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "日": 6, "天": 6}
_ENGLISH_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CHINESE_WEEKDAY = re.compile(r"(?P<which>下下|下|这|本|上)?个?(?:周|星期|礼拜)(?P<day>[1-7日天])")
_ENGLISH_WEEKDAY = re.compile(r"(?P<which>next|this|last)?(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*")
_ISO_DATE = re.compile(r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})[日号]?")
_MONTH_DAY = re.compile(r"(?P<month>\d{1,2})(?:月|[-/])(?P<day>\d{1,2})[日号]?")


_FILLER = re.compile(r"^(?:在|于|at|on)|(?:发送|发出|发|左右|前后|的时候|吧|send)$")


class Direction(Enum):
    """Which way an incomplete date ("周五", "8月3日") points from today."""

    FORWARD = auto()  # a plan: today or later
    BACKWARD = auto()  # a record: today or earlier


@dataclass(frozen=True, slots=True)
class DayReading:
    day: date
    span: tuple[int, int]  # where in the normalised text it was said


def _weekday(today: date, weekday: int, which: str | None, direction: Direction) -> date:
    monday = today - timedelta(days=today.weekday())
    if which in ("下", "next"):
        return monday + timedelta(weeks=1, days=weekday)
    if which == "下下":
        return monday + timedelta(weeks=2, days=weekday)
    if which in ("上", "last"):
        return monday - timedelta(weeks=1) + timedelta(days=weekday)
    if which in ("这", "本", "this"):
        return monday + timedelta(days=weekday)
    offset = (weekday - today.weekday()) % 7
    if direction is Direction.FORWARD:
        return today + timedelta(days=offset)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _month_day(today: date, month: int, day: int, direction: Direction) -> date | None:
    try:
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if direction is Direction.FORWARD and candidate < today:
        return candidate.replace(year=today.year + 1)
    if direction is Direction.BACKWARD and candidate > today:
        return candidate.replace(year=today.year - 1)
    return candidate


def _find_day_in(key: str, today: date, direction: Direction) -> DayReading | None:
    if match := re.search(_RELATIVE, key):
        return DayReading(today + timedelta(days=_RELATIVE_DAYS[match.group()]), match.span())
    if match := _ISO_DATE.search(key):
        try:
            day = date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        except ValueError:
            return None
        return DayReading(day, match.span())
    if match := _CHINESE_WEEKDAY.search(key):
        weekday = _WEEKDAY_NUMBERS[match.group("day")]
        return DayReading(_weekday(today, weekday, match.group("which"), direction), match.span())
    if match := _ENGLISH_WEEKDAY.search(key):
        weekday = _ENGLISH_WEEKDAYS.index(match.group("day"))
        return DayReading(_weekday(today, weekday, match.group("which"), direction), match.span())
    if match := _MONTH_DAY.search(key):
        found = _month_day(today, int(match.group("month")), int(match.group("day")), direction)
        return DayReading(found, match.span()) if found else None
    return None


def find_day(text: str, today: date, direction: Direction) -> date | None:
    """The day a sentence names: 今天/明天/后天/昨天, 周五/下周一/星期天, "8月3日", "2025-08-03", "friday"."""
    found = _find_day_in(normalise(text), today, direction)
    return found.day if found else None


def read_future_moment(text: str, now: datetime, *, avoid: Callable[[time], bool]) -> datetime | None:
    """A moment to do something (a scheduled broadcast): "明天早上8点", "周五 14:00", "2025-08-03 9:30",
    "下午3点", "2点". With no day: the next time it comes; an ambiguous hour takes the earliest future
    reading that `avoid` (quiet hours) does not refuse, if there is one. None when it is not a moment or
    is not in the future."""
    key = normalise(text)
    found_day = _find_day_in(key, now.date(), Direction.FORWARD)
    rest = key
    if found_day is not None:
        start, end = found_day.span
        said = key[start:end]
        # 今晚, 明早: the day word also names the half of the day, which the clock still needs
        keep = said[-1] if said[-1] in "早晚" else ""
        rest = key[:start] + keep + key[end:]
    # What remains must be a time, give or take a word around it; a lone day ("明天") is not a moment, and
    # neither is "2025-02-30 10:00" (no such day).
    clock = _clock_in(_FILLER.sub("", rest), whole=True)
    if clock is None:
        return None
    days = [found_day.day] if found_day else [now.date(), now.date() + timedelta(days=1)]
    readings = sorted(clock.readings(), key=lambda t: t != _daytime(clock))
    candidates = sorted(
        datetime.combine(day, reading, tzinfo=now.tzinfo)
        for day in days
        for reading in readings
        if datetime.combine(day, reading, tzinfo=now.tzinfo) > now
    )
    if not candidates:
        return None
    if found_day is not None and clock.ambiguous:  # a named day: prefer the daytime reading if it is ahead
        daytime = datetime.combine(found_day.day, _daytime(clock), tzinfo=now.tzinfo)
        if daytime > now:
            return daytime
    welcome = [moment for moment in candidates if not avoid(moment.time())]
    return (welcome or candidates)[0]


# --- in words -------------------------------------------------------------------------------------------

_ZH_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _zh_period(moment: time) -> str:
    if moment.hour < 6:
        return "凌晨"
    if moment.hour < 12:
        return "上午"
    if moment.hour < 13:
        return "中午"
    if moment.hour < 18:
        return "下午"
    return "晚上"


def clock_in_words(moment: time, language: str) -> str:
    """ "下午 2:00" / "2:00 pm": the half of the day spelled out, so a misread "2点" is seen at once."""
    if language == "en":
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"
    period = _zh_period(moment)
    hour = moment.hour if period in ("凌晨", "上午", "中午") else moment.hour - 12
    return f"{period} {hour}:{moment.minute:02d}"


def day_in_words(day: date, today: date, language: str) -> str:
    """ "今天", "明天", "8月3日周日" / "today", "tomorrow", "Sun 3 Aug"."""
    offset = (day - today).days
    near = {-1: ("昨天", "yesterday"), 0: ("今天", "today"), 1: ("明天", "tomorrow"), 2: ("后天", "")}
    zh, en = near.get(offset, ("", ""))
    if language == "en":
        return en or f"{_EN_WEEKDAYS[day.weekday()]} {day.day} {day.strftime('%b')}"
    return zh or f"{day.month}月{day.day}日{_ZH_WEEKDAYS[day.weekday()]}"


def moment_in_words(moment: datetime, today: date, language: str) -> str:
    return f"{day_in_words(moment.date(), today, language)} {clock_in_words(moment.time(), language)}"
