"""The presenters every channel shares: distances, opening status and pages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.presenters import CHAT_STATUS, MAP_STATUS, Page, distance, moment, opening_status, page_of
from bot.stations import OpenStatus

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 7, 14, 19, 30, tzinfo=TZ)  # a Monday evening


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


@pytest.mark.parametrize(
    ("metres", "zh", "en"),
    [(4, "0 米", "0 m"), (346, "350 米", "350 m"), (996, "1.0 公里", "1.0 km"), (2449, "2.4 公里", "2.4 km")],
)
def test_a_distance_reads_in_metres_under_a_kilometre(
    translator: Translator, metres: float, zh: str, en: str
) -> None:
    assert distance(translator, "zh", metres) == zh
    assert distance(translator, "en", metres) == en


@pytest.mark.parametrize(
    ("when", "en"),
    [
        (datetime(2025, 7, 14, 20, 0, tzinfo=TZ), "today at 20:00"),
        (datetime(2025, 7, 15, 8, 0, tzinfo=TZ), "tomorrow at 08:00"),
        (datetime(2025, 7, 17, 9, 0, tzinfo=TZ), "Thu at 09:00"),
    ],
)
def test_a_moment_says_today_tomorrow_or_the_weekday(translator: Translator, when: datetime, en: str) -> None:
    assert moment(translator, "en", when, NOW) == en


def test_opening_status_in_the_chat_and_on_the_map(translator: Translator) -> None:
    closing = OpenStatus(True, closes_at=datetime(2025, 7, 14, 20, 0, tzinfo=TZ))
    opening = OpenStatus(False, opens_at=datetime(2025, 7, 15, 8, 0, tzinfo=TZ))
    assert opening_status(translator, "en", closing, NOW, CHAT_STATUS) == "🟢 Open, closes at 20:00"
    assert opening_status(translator, "en", closing, NOW, MAP_STATUS) == "Open · closes at 20:00"
    assert opening_status(translator, "zh", opening, NOW, CHAT_STATUS) == "🔴 已关门，明天 08:00 开门"
    assert opening_status(translator, "en", opening, NOW, MAP_STATUS) == "Closed · opens tomorrow at 08:00"
    assert opening_status(translator, "en", OpenStatus(True), NOW, CHAT_STATUS) == "🟢 Open 24 hours"
    assert opening_status(translator, "zh", OpenStatus(False), NOW, MAP_STATUS) == "暂停开放"


def test_a_page_knows_its_items_and_neighbours() -> None:
    page = page_of(1, total=12, size=5)
    assert page == Page(number=1, count=3, size=5)
    assert (page.offset, page.first_rank, page.previous, page.next) == (5, 6, 0, 2)
    last = page_of(2, total=12, size=5)
    assert (last.previous, last.next) == (1, None)


@pytest.mark.parametrize(("requested", "expected"), [(-3, 0), (0, 0), (2, 2), (99, 2)])
def test_a_forged_or_stale_page_number_is_clamped(requested: int, expected: int) -> None:
    assert page_of(requested, total=11, size=5).number == expected


def test_an_empty_list_has_one_empty_page() -> None:
    page = page_of(3, total=0, size=5)
    assert (page.number, page.count, page.offset, page.previous, page.next) == (0, 1, 0, None, None)
