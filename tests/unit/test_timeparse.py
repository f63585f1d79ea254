"""The one parser of typed dates, times and durations (bot/timeparse.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.timeparse import (
    Direction,
    Purpose,
    clock_in_words,
    find_day,
    find_duration,
    read_clock,
    read_duration,
    read_future_moment,
    resolve_clock,
    resolve_done_start,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUNDAY_10AM = datetime(2025, 7, 20, 10, 0, tzinfo=SHANGHAI)


def quiet(moment: time) -> bool:
    return moment >= time(22) or moment < time(7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("下午两点", time(14)),
        ("凌晨3点", time(3)),
        ("晚上十点", time(22)),
        ("中午12点", time(12)),
        ("中午一点", time(13)),
        ("十四点", time(14)),
        ("14点30", time(14, 30)),
        ("14:00", time(14)),
        ("14：00", time(14)),
        ("09:30", time(9, 30)),
        ("2pm", time(14)),
        ("2:30 p.m.", time(14, 30)),
        ("12am", time(0)),
        ("noon", time(12)),
        ("晚上12点", time(0)),
        ("上午 9:05", time(9, 5)),
    ],
)
def test_unambiguous_clocks(text: str, expected: time) -> None:
    reading = read_clock(text)
    assert reading is not None and not reading.ambiguous
    assert reading.readings() == (expected,)


@pytest.mark.parametrize(
    ("text", "morning"),
    [
        ("2点", time(2)),
        ("两点半", time(2, 30)),
        ("三点一刻", time(3, 15)),
        ("三点三刻", time(3, 45)),
        ("9", time(9)),
    ],
)
def test_an_hour_without_its_half_of_the_day_is_ambiguous(text: str, morning: time) -> None:
    reading = read_clock(text)
    assert reading is not None and reading.ambiguous
    assert reading.readings() == (morning, morning.replace(hour=morning.hour + 12))


@pytest.mark.parametrize("text", ["24:30", "9:61", "nine", "9点30半", "", "下午", "13pm"])
def test_not_clocks(text: str) -> None:
    assert read_clock(text) is None


def test_a_start_of_work_done_is_not_in_the_future() -> None:
    two = read_clock("2点")
    assert two is not None
    at_15 = SUNDAY_10AM.replace(hour=15)
    assert resolve_done_start(two, at_15.date(), at_15).time() == time(14)
    # 14:00 has not come yet, and 02:00 is no hour to start volunteering: the daytime reading, refused later
    assert resolve_done_start(two, SUNDAY_10AM.date(), SUNDAY_10AM) > SUNDAY_10AM
    yesterday = SUNDAY_10AM.date() - timedelta(days=1)
    assert resolve_done_start(two, yesterday, SUNDAY_10AM).time() == time(14)
    five = read_clock("5点")
    assert five is not None
    assert resolve_done_start(five, SUNDAY_10AM.date(), SUNDAY_10AM).time() == time(5)


@pytest.mark.parametrize(
    ("text", "purpose", "expected"),
    [
        ("2点", Purpose.REMINDER, time(14)),
        ("8点", Purpose.REMINDER, time(8)),
        ("12点", Purpose.REMINDER, time(12)),
        ("10点", Purpose.QUIET_START, time(22)),
        ("7点", Purpose.QUIET_END, time(7)),
        ("凌晨1点", Purpose.QUIET_START, time(1)),
    ],
)
def test_daily_times_are_read_for_their_question(text: str, purpose: Purpose, expected: time) -> None:
    reading = read_clock(text)
    assert reading is not None
    assert resolve_clock(reading, purpose) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天早上8点", datetime(2025, 7, 21, 8, 0, tzinfo=SHANGHAI)),
        ("今晚8点", datetime(2025, 7, 20, 20, 0, tzinfo=SHANGHAI)),
        ("下午3点", datetime(2025, 7, 20, 15, 0, tzinfo=SHANGHAI)),
        ("2点", datetime(2025, 7, 20, 14, 0, tzinfo=SHANGHAI)),
        ("周五 14:00", datetime(2025, 7, 25, 14, 0, tzinfo=SHANGHAI)),
        ("后天 9点半", datetime(2025, 7, 22, 9, 30, tzinfo=SHANGHAI)),
        ("8月3日 9:30", datetime(2025, 8, 3, 9, 30, tzinfo=SHANGHAI)),
        ("tomorrow 2pm", datetime(2025, 7, 21, 14, 0, tzinfo=SHANGHAI)),
        ("05:00", datetime(2025, 7, 21, 5, 0, tzinfo=SHANGHAI)),  # said exactly: kept, the handler warns
    ],
)
def test_future_moments(text: str, expected: datetime) -> None:
    assert read_future_moment(text, SUNDAY_10AM, avoid=quiet) == expected


def test_an_ambiguous_hour_for_later_avoids_quiet_hours() -> None:
    at_15 = SUNDAY_10AM.replace(hour=15)
    # 02:00 tomorrow comes first, but nobody wants a broadcast at 02:00
    assert read_future_moment("2点", at_15, avoid=quiet) == datetime(2025, 7, 21, 14, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("text", ["明天", "soon", "2025-07-19 14:30", "25:00", "昨天下午2点"])
def test_not_future_moments(text: str) -> None:
    assert read_future_moment(text, SUNDAY_10AM, avoid=quiet) is None


@pytest.mark.parametrize(
    ("text", "forward", "backward"),
    [
        ("今天", date(2025, 7, 20), date(2025, 7, 20)),
        ("周五", date(2025, 7, 25), date(2025, 7, 18)),
        ("星期天", date(2025, 7, 20), date(2025, 7, 20)),
        ("下周一", date(2025, 7, 21), date(2025, 7, 21)),
        ("上周五", date(2025, 7, 11), date(2025, 7, 11)),
        ("8月3日", date(2025, 8, 3), date(2024, 8, 3)),
        ("7月1号", date(2026, 7, 1), date(2025, 7, 1)),
        ("friday", date(2025, 7, 25), date(2025, 7, 18)),
    ],
)
def test_days(text: str, forward: date, backward: date) -> None:
    today = SUNDAY_10AM.date()
    assert find_day(text, today, Direction.FORWARD) == forward
    assert find_day(text, today, Direction.BACKWARD) == backward


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2.5小时", 150),
        ("一个半钟头", 90),
        ("两个半小时", 150),
        ("半小时", 30),
        ("90分钟", 90),
        ("3 hours", 180),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert read_duration(text) == minutes


def test_a_duration_inside_a_sentence() -> None:
    assert find_duration("我今天在驿站做了两个半小时志愿服务") == Fraction(150)
    assert find_duration("今天单子好多") is None


@given(st.times().map(lambda moment: moment.replace(second=0, microsecond=0)), st.sampled_from(["zh", "en"]))
def test_a_time_said_in_words_reads_back_as_the_same_time(moment: time, language: str) -> None:
    words = clock_in_words(moment, language)
    reading = read_clock(words)
    assert reading is not None and not reading.ambiguous, words
    assert reading.readings() == (moment,)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 6))
def test_a_weekday_for_later_is_within_the_coming_week(today: date, weekday: int) -> None:
    words = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")[weekday]
    day = find_day(words, today, Direction.FORWARD)
    assert day is not None and day.weekday() == weekday and 0 <= (day - today).days < 7
