"""The free-text router against the phrasing table (tests/unit/intent_phrasings.yaml)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from bot.intent import Intent, classify, understand, volunteer_details
from bot.places import Gazetteer
from bot.stations import Service, load_stations
from tests.conftest import REPO_ROOT

TABLE = Path(__file__).with_name("intent_phrasings.yaml")
# The share of the table the router must get right. Below 1 on purpose: the table keeps the phrasings it
# still misses, so that they are seen (listed in the failure message and in the closing report).
MIN_ACCURACY = 0.95


def phrasings() -> list[tuple[str, Intent]]:
    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return [(str(text), Intent(expected)) for text, expected in rows]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    catalogue = load_stations(REPO_ROOT / "data" / "stations.yaml")
    return Gazetteer.load(REPO_ROOT / "data" / "places.yaml", catalogue)


def test_the_table_is_big_and_covers_every_feature() -> None:
    rows = phrasings()
    assert len(rows) >= 150
    assert {expected for _, expected in rows} == set(Intent)


def test_router_accuracy_on_the_phrasing_table(gazetteer: Gazetteer) -> None:
    rows = phrasings()
    misses = [
        (text, expected, got)
        for text, expected in rows
        if (got := classify(text, lambda place: gazetteer.find(place) is not None)) is not expected
    ]
    accuracy = 1 - len(misses) / len(rows)
    report = "\n".join(f"  {text!r}: expected {expected}, got {got}" for text, expected, got in misses)
    print(f"\nrouter accuracy {accuracy:.1%} on {len(rows)} phrasings; misses:\n{report}")
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.1%} < {MIN_ACCURACY:.0%}; misses:\n{report}"


@pytest.mark.parametrize(
    ("text", "place", "service"),
    [
        ("最近的驿站", None, None),
        ("武林广场附近的驿站", "武林广场", None),
        ("哪里能充电", None, Service.CHARGING),
        ("附近有喝水的地方吗", None, Service.WATER),
        ("where can I charge my bike", None, Service.CHARGING),
    ],
)
def test_a_search_keeps_its_place_and_service(
    text: str, place: str | None, service: Service | None, gazetteer: Gazetteer
) -> None:
    understanding = understand(text)
    assert understanding.intent is Intent.NEAREST and understanding.service is service
    if place is None:  # what is left of the text names no place: the search starts from the courier
        assert understanding.place is None or gazetteer.find(understanding.place) is None
    else:
        assert understanding.place == place


def test_a_volunteer_message_gives_its_day_start_and_hours() -> None:
    today = date(2025, 7, 20)
    details = volunteer_details("今天在驿站做了两个半小时志愿服务", today)
    assert (details.day, details.start, details.minutes) == (today, None, Fraction(150))
    details = volunteer_details("昨天下午两点开始做了一个半钟头志愿", today)
    assert details.day == date(2025, 7, 19) and details.minutes == 90
    assert details.start is not None and details.start.hour == 14
