"""bot.stations: the real catalogue, opening hours at their edges, nearest stations, one-line file errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.geo import Datum, distance_m
from bot.scan import MAX_PAYLOAD as MAX_SCAN_PAYLOAD
from bot.stations import (
    MAX_ID_LENGTH,
    OpeningHours,
    OpenStatus,
    Service,
    StationCatalogue,
    StationsFileError,
    load_stations,
    parse_days,
    parse_span,
)
from bot.volunteer import checkin_payload

STATIONS_FILE = Path(__file__).resolve().parents[2] / "data" / "stations.yaml"
TZ = ZoneInfo("Asia/Shanghai")
# 2025-06-23 is a Monday.
MON, TUE, FRI, SAT, SUN = 23, 24, 27, 28, 29


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in June 2025 (days past 30 run on into July)."""
    return datetime(2025, 6, 1, hour, minute, second, tzinfo=TZ) + timedelta(days=day - 1)


def hours(spec: dict[str, str | list[str]], closed: list[str] | None = None) -> OpeningHours:
    return OpeningHours.parse(
        {key: [v] if isinstance(v, str) else v for key, v in spec.items()}, closed or []
    )


@pytest.fixture(scope="module")
def catalogue() -> StationCatalogue:
    return load_stations(STATIONS_FILE)


# --- the real file --------------------------------------------------------------------------------------


def test_real_file_has_the_sixteen_sample_stations(catalogue: StationCatalogue) -> None:
    assert len(catalogue) == 16
    assert len(catalogue.by_id) == 16
    assert all(station.sample and station.note for station in catalogue)
    names = {station.name.zh for station in catalogue}
    assert {"上城区新就业群体党群服务中心", "四季青街道新就业群体党群服务中心"} <= names
    assert len({station.district for station in catalogue}) >= 6


def test_real_file_stations_offer_the_basics_and_lie_in_hangzhou(catalogue: StationCatalogue) -> None:
    for station in catalogue:
        assert {Service.WATER, Service.CHARGING, Service.REST} <= station.services
        assert 29.9 < station.lat < 30.6 and 119.8 < station.lon < 120.6
    datums = {station.source_location.datum for station in catalogue}
    assert datums == {Datum.GCJ02, Datum.WGS84, Datum.BD09}


def test_each_station_is_its_own_nearest(catalogue: StationCatalogue) -> None:
    for station in catalogue:
        [hit] = catalogue.nearest(station.lat, station.lon, k=1)
        assert hit.station is station
        assert hit.distance_m < 50.0


def test_gcj02_locations_are_converted_to_wgs84(catalogue: StationCatalogue) -> None:
    station = catalogue.by_id["hangzhou-east"]
    source = station.source_location
    assert 450.0 < distance_m(station.lat, station.lon, source.lat, source.lon) < 600.0


def test_nearest_pages_and_filters(catalogue: StationCatalogue) -> None:
    lat, lon = 30.2741, 120.1551
    first_six = catalogue.nearest(lat, lon, k=6)
    assert catalogue.nearest(lat, lon, k=3) == first_six[:3]
    assert catalogue.nearest(lat, lon, k=3, offset=3) == first_six[3:]
    distances = [hit.distance_m for hit in first_six]
    assert distances == sorted(distances)
    assert all(hit.ebike_min <= hit.walk_min for hit in first_six)
    assert len(catalogue.nearest(lat, lon, k=3, offset=15)) == 1

    cooling = catalogue.nearest(lat, lon, k=16, service=Service.COOLING)
    assert cooling and all(Service.COOLING in hit.station.services for hit in cooling)
    assert len(cooling) == sum(Service.COOLING in station.services for station in catalogue)

    night = at(SUN, 3)
    open_now = catalogue.nearest(lat, lon, k=16, open_at=night)
    assert {hit.station.id for hit in open_now} == {
        station.id for station in catalogue if station.status_at(night).is_open
    }
    assert "wulin-square" in {hit.station.id for hit in open_now}
    assert "linping-night" in {hit.station.id for hit in open_now}


# --- opening hours --------------------------------------------------------------------------------------


def test_a_day_span_closes_at_the_exact_minute() -> None:
    schedule = hours({"mon-fri": "08:00-20:00"})
    assert schedule.status_at(at(MON, 7, 59, 59)) == OpenStatus(False, opens_at=at(MON, 8))
    assert schedule.status_at(at(MON, 8)) == OpenStatus(True, closes_at=at(MON, 20))
    assert schedule.status_at(at(MON, 19, 59, 59)) == OpenStatus(True, closes_at=at(MON, 20))
    assert schedule.status_at(at(MON, 20)) == OpenStatus(False, opens_at=at(TUE, 8))


def test_after_the_weekend_it_opens_on_monday() -> None:
    schedule = hours({"mon-fri": "08:00-20:00"})
    assert schedule.status_at(at(FRI, 20)).opens_at == at(MON + 7, 8)
    assert schedule.status_at(at(SUN, 23, 59)).opens_at == at(MON + 7, 8)


def test_weekend_hours_differ() -> None:
    schedule = hours({"mon-fri": "08:00-20:00", "sat-sun": "09:00-18:00"})
    assert schedule.status_at(at(FRI, 21)).opens_at == at(SAT, 9)
    assert schedule.status_at(at(SAT, 17)).closes_at == at(SAT, 18)


def test_lunch_break() -> None:
    schedule = hours({"daily": "08:00-20:00"}, closed=["12:00-13:00"])
    assert schedule.status_at(at(MON, 11, 59)) == OpenStatus(True, closes_at=at(MON, 12))
    assert schedule.status_at(at(MON, 12)) == OpenStatus(False, opens_at=at(MON, 13))
    assert schedule.status_at(at(MON, 12, 59, 59)) == OpenStatus(False, opens_at=at(MON, 13))
    assert schedule.status_at(at(MON, 13)) == OpenStatus(True, closes_at=at(MON, 20))


def test_overnight_span_runs_into_the_next_day() -> None:
    schedule = hours({"fri": "22:00-06:00"})
    assert schedule.status_at(at(FRI, 21, 59)) == OpenStatus(False, opens_at=at(FRI, 22))
    assert schedule.status_at(at(FRI, 23)) == OpenStatus(True, closes_at=at(SAT, 6))
    assert schedule.status_at(at(SAT, 5, 59)) == OpenStatus(True, closes_at=at(SAT, 6))
    assert schedule.status_at(at(SAT, 6)) == OpenStatus(False, opens_at=at(FRI + 7, 22))


def test_overnight_spans_every_day_join_day_spans() -> None:
    schedule = hours({"daily": ["08:00-18:00", "22:00-06:00"]})
    assert schedule.status_at(at(MON, 2)) == OpenStatus(True, closes_at=at(MON, 6))
    assert schedule.status_at(at(MON, 19)) == OpenStatus(False, opens_at=at(MON, 22))
    # A span ending at the moment the next starts is one opening.
    joined = hours({"daily": ["06:00-22:00", "22:00-06:00"]})
    assert joined.status_at(at(MON, 12)).always_open


def test_twenty_four_hours() -> None:
    always = hours({"daily": "00:00-24:00"})
    status = always.status_at(at(SUN, 23, 59, 59))
    assert status.is_open and status.always_open and status.closes_at is None
    weekdays = hours({"mon-fri": "00:00-24:00"})
    assert weekdays.status_at(at(FRI, 12)) == OpenStatus(True, closes_at=at(SAT, 0))
    assert weekdays.status_at(at(SAT, 10)) == OpenStatus(False, opens_at=at(MON + 7, 0))


def test_opens_at_is_searched_up_to_a_week_ahead() -> None:
    weekly = hours({"mon": "08:00-09:00"})
    assert weekly.status_at(at(MON, 9)).opens_at == at(MON + 7, 8)
    assert hours({"mon": "08:00-09:00"}, closed=["00:00-24:00"]).status_at(at(MON, 8)) == OpenStatus(False)


def test_status_needs_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        hours({"daily": "08:00-20:00"}).status_at(datetime(2025, 6, 23, 9))


@pytest.mark.parametrize(
    "text", ["25:00-26:00", "08:00-08:00", "8:00-20:00", "24:00-01:00", "08:60-09:00", "x"]
)
def test_bad_spans(text: str) -> None:
    with pytest.raises(ValueError, match="span"):
        parse_span(text)


def test_day_keys() -> None:
    assert parse_days("daily") == tuple(range(7))
    assert parse_days("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_days("fri-mon") == (4, 5, 6, 0)
    assert parse_days("sat,sun") == (5, 6)
    with pytest.raises(ValueError, match="day"):
        parse_days("weekday")


# --- bad files ------------------------------------------------------------------------------------------

GOOD_STATION = """\
  - id: test-one
    name: {zh: 测试驿站, en: Test Station}
    address: {zh: 测试地址, en: Test address}
    district: 上城区
    location: {lat: 30.25, lon: 120.17}
    hours: {mon-fri: "08:00-20:00"}
    services: [water, charging, rest]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stations.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(StationsFileError) as caught:
        load_stations(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:")
    return message


def test_minimal_file_loads(tmp_path: Path) -> None:
    catalogue = load_stations(write(tmp_path, "stations:\n" + GOOD_STATION))
    assert catalogue.by_id["test-one"].services == {Service.WATER, Service.CHARGING, Service.REST}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"08:00-20:00"',
            '"25:00-26:00"',
            "station 'test-one' field 'hours.mon-fri[0]': '25:00-26:00' is not a",
        ),
        ("mon-fri:", "weekdays:", "station 'test-one' field 'hours.weekdays': 'weekdays' is not a day"),
        ("rest]", "rest, sauna]", "station 'test-one' field 'services[3]': 'sauna' is not one of"),
        (
            "lat: 30.25",
            "lat: 95.0",
            "station 'test-one' field 'location.lat': Input should be less than or equal",
        ),
        (
            "lon: 120.17}",
            "lon: 120.17, datum: gps}",
            "station 'test-one' field 'location.datum': 'gps' is not",
        ),
        ("    district: 上城区\n", "", "station 'test-one' field 'district': missing"),
        (
            "    services:",
            "    colour: red\n    services:",
            "station 'test-one' field 'colour': unknown field",
        ),
        ("id: test-one", "id: Test One", "station 'Test One' field 'id': 'Test One' does not match"),
    ],
)
def test_bad_station_names_file_station_and_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD_STATION
    message = load_error(write(tmp_path, "stations:\n" + GOOD_STATION.replace(old, new, 1)))
    assert expected in message


def test_overlapping_day_keys(tmp_path: Path) -> None:
    text = "stations:\n" + GOOD_STATION.replace(
        '{mon-fri: "08:00-20:00"}', '{daily: "08:00-20:00", sat: "10:00-12:00"}'
    )
    assert "station 'test-one' field 'hours': 'sat' is in both 'daily' and 'sat'" in load_error(
        write(tmp_path, text)
    )


def test_duplicate_ids(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "stations:\n" + GOOD_STATION + GOOD_STATION))
    assert "station 'test-one' field 'id': duplicate id" in message


def test_an_id_is_short_enough_for_the_check_in_code_of_either_app(tmp_path: Path) -> None:
    """Telegram's deep-link payload and WeChat's QR scene hold 64 characters: the longest id fits."""
    longest = "a" * MAX_ID_LENGTH
    assert len(checkin_payload("secret", longest, date(2026, 7, 15))) == MAX_SCAN_PAYLOAD
    too_long = GOOD_STATION.replace("id: test-one", f"id: {longest}b")
    assert "field 'id'" in load_error(write(tmp_path, "stations:\n" + too_long))
    fits = GOOD_STATION.replace("id: test-one", f"id: {longest}")
    assert longest in load_stations(write(tmp_path, "stations:\n" + fits)).by_id


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    assert "cannot read" in load_error(tmp_path / "nope.yaml")
    assert "invalid YAML" in load_error(write(tmp_path, "stations: [\n  - id: x\n  bad"))
    assert "'stations'" in load_error(write(tmp_path, "- just a list\n"))
    assert "field 'stations': missing" in load_error(write(tmp_path, "datum: gcj02\n"))
