"""The heat domain: levels, the forecast rule, once per level per day, quiet hours, the schedule maths."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from shapely import Polygon, unary_union

from bot.config import ConfigurationError, load_settings
from bot.heat import (
    DISTRICTS_FILE,
    DailyForecast,
    HeatLevel,
    Outlook,
    Reminder,
    Subscriber,
    campaign_items,
    cool_stations,
    delivery_times,
    effective_level,
    in_quiet_hours,
    load_districts,
    missed_check,
    outlook_for,
    parse_clock,
    parse_quiet_hours,
    plan_reminder,
    reminder_due,
    round_c,
    should_remind,
    suggested_signal,
)
from bot.stations import StationCatalogue, StationsFileError, load_stations

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2025, 7, 21)  # a Monday
MORNING = datetime(2025, 7, 21, 7, 0, tzinfo=SHANGHAI)

STATIONS_YAML = """
datum: wgs84
stations:
  - id: water-near
    name: {zh: 近处驿站, en: Near}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2600, lon: 120.1900}
    hours: {daily: "00:00-24:00"}
    services: [water, charging]
    campaign: [{zh: 清凉大礼包, en: Gift pack}]
  - id: nothing-cool
    name: {zh: 只有充电, en: Charging only}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2601, lon: 120.1901}
    hours: {daily: "00:00-24:00"}
    services: [charging]
  - id: closed-mornings
    name: {zh: 下午开门, en: Afternoons}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2602, lon: 120.1902}
    hours: {daily: "13:00-20:00"}
    services: [water, cooling]
  - id: cooling-far
    name: {zh: 远处空调, en: Far cooling}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.2700, lon: 120.1900}
    hours: {daily: "06:00-22:00"}
    services: [cooling]
    campaign: [{zh: 清凉大礼包, en: Gift pack}, {zh: 冰爽饮品免费领, en: Free cold drinks}]
  - id: water-farthest
    name: {zh: 最远, en: Farthest}
    address: {zh: 地址, en: Address}
    district: 上城区
    location: {lat: 30.3000, lon: 120.1900}
    hours: {daily: "00:00-24:00"}
    services: [water]
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> StationCatalogue:
    path = tmp_path / "stations.yaml"
    path.write_text(STATIONS_YAML, encoding="utf-8")
    return load_stations(path)


def person(**changes: Any) -> Subscriber:
    values: dict[str, Any] = {
        "user_id": 1,
        "language": "zh",
        "location": (30.2599, 120.1899),
        "district_id": None,
        "preferred_time": None,
        "quiet_start": time(22),
        "quiet_end": time(7),
        **changes,
    }
    return Subscriber(**values)


def days(*maxima: float) -> list[DailyForecast]:
    return [DailyForecast(TODAY + timedelta(days=offset), value) for offset, value in enumerate(maxima)]


# --- levels and the forecast rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "tomorrow", "level"),
    [
        (30.0, 35.0, HeatLevel.PRE_ALERT),  # tomorrow reaches 35 °C: the pre-alert of the issue
        (30.0, 34.9, HeatLevel.NONE),
        (35.2, 30.0, HeatLevel.PRE_ALERT),  # a hot day today without a signal still gets the advice
        (41.0, 42.0, HeatLevel.PRE_ALERT),  # the forecast never raises the level beyond a pre-alert
    ],
)
def test_the_forecast_only_pre_alerts(today: float, tomorrow: float, level: HeatLevel) -> None:
    assert outlook_for("x", days(today, tomorrow), TODAY).level is level


def test_a_missing_day_is_no_heat() -> None:
    assert outlook_for("x", [], TODAY).level is HeatLevel.NONE


def test_the_official_signal_is_the_authority() -> None:
    hot = outlook_for("x", days(30, 36), TODAY)
    assert effective_level(HeatLevel.ORANGE, hot) is HeatLevel.ORANGE
    assert effective_level(None, hot) is HeatLevel.PRE_ALERT
    assert effective_level(HeatLevel.YELLOW, None) is HeatLevel.YELLOW
    assert effective_level(None, None) is HeatLevel.NONE


@pytest.mark.parametrize(
    ("maxima", "signal"),
    [
        ((35, 36, 35.5), HeatLevel.YELLOW),  # 35 °C or more for 3 days
        ((35, 36, 34), HeatLevel.NONE),
        ((33, 37, 33), HeatLevel.ORANGE),  # 37 °C within 24 h
        ((40.1, 33, 33), HeatLevel.RED),  # 40 °C within 24 h
        ((33, 33, 40), HeatLevel.NONE),  # the day after tomorrow is not within 24 h
    ],
)
def test_the_signal_suggested_to_admins_follows_cma(maxima: tuple[float, ...], signal: HeatLevel) -> None:
    assert suggested_signal(days(*maxima), TODAY) is signal


def test_temperatures_round_half_up() -> None:
    assert (round_c(35.5), round_c(35.49), round_c(None)) == (36, 35, None)


# --- once per level per day -----------------------------------------------------------------------------


def test_once_per_level_per_day_and_a_rise_sends_again() -> None:
    assert should_remind(HeatLevel.PRE_ALERT, HeatLevel.NONE)
    assert not should_remind(HeatLevel.PRE_ALERT, HeatLevel.PRE_ALERT)
    assert should_remind(HeatLevel.ORANGE, HeatLevel.PRE_ALERT)  # a rise
    assert not should_remind(HeatLevel.YELLOW, HeatLevel.ORANGE)  # a fall after orange: nothing new
    assert not should_remind(HeatLevel.NONE, HeatLevel.NONE)


# --- quiet hours and preferred times --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (time(21, 59), False),
        (time(22, 0), True),
        (time(3, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),
    ],
)
def test_default_quiet_hours_run_across_midnight(moment: time, quiet: bool) -> None:
    assert in_quiet_hours(moment, time(22), time(7)) is quiet


def test_daytime_quiet_hours_and_none() -> None:
    assert in_quiet_hours(time(13, 30), time(13), time(14))
    assert not in_quiet_hours(time(14), time(13), time(14))
    assert not in_quiet_hours(time(3), time(0), time(0))  # equal ends: no quiet hours


def test_a_reminder_waits_for_the_preferred_time_and_the_end_of_quiet_hours() -> None:
    early_riser = person(preferred_time=time(8, 30))
    assert not reminder_due(MORNING, early_riser)
    assert reminder_due(MORNING.replace(hour=8, minute=30), early_riser)
    assert reminder_due(MORNING.replace(hour=11), early_riser)  # found later than the preferred time
    sleeper = person(quiet_start=time(23), quiet_end=time(9))
    assert not reminder_due(MORNING, sleeper)
    assert reminder_due(MORNING.replace(hour=9), sleeper)


def test_clock_parsing() -> None:
    assert parse_clock("7:05") == time(7, 5)
    assert parse_quiet_hours("22:00–07:00") == (time(22), time(7))
    for bad in ("24:00", "7", "07:60", "aa:bb", "07:5"):
        with pytest.raises(ValueError):
            parse_clock(bad)
    with pytest.raises(ValueError):
        parse_quiet_hours("22:00")


# --- the schedule ---------------------------------------------------------------------------------------

CHECKS = (time(7), time(11))


@pytest.mark.parametrize(
    ("now", "done", "expected"),
    [
        (time(6, 30), set(), None),  # no check was due yet
        (time(7, 20), set(), time(7)),  # down at 07:00: run it
        (time(7, 20), {"07:00"}, None),  # it ran
        (time(12, 0), set(), time(11)),  # both missed: the latest supersedes
        (time(12, 0), {"11:00"}, None),
        (time(12, 0), {"07:00"}, time(11)),
        (time(15, 0), set(), None),  # the hottest hours are over: not useful any more
        (time(23, 0), set(), None),
    ],
)
def test_a_missed_check_runs_at_start_while_still_useful(
    now: time, done: set[str], expected: time | None
) -> None:
    assert missed_check(datetime.combine(TODAY, now, tzinfo=SHANGHAI), CHECKS, done) == expected


def test_delivery_times_leave_out_the_checks() -> None:
    assert delivery_times(CHECKS, {time(8, 30), time(11)}, {time(7), time(9)}) == [time(8, 30), time(9)]


# --- districts ------------------------------------------------------------------------------------------


def test_the_shipped_districts_file_loads() -> None:
    districts = load_districts(DISTRICTS_FILE)
    assert len(districts.all) == 13 and districts.default.id == "shangcheng"
    assert districts.locate(30.17, 120.27).id == "xiaoshan"
    assert districts.locate(29.60, 119.05).id == "chunan"
    assert all(29 < d.lat < 31 and 118.5 < d.lon < 121 for d in districts.all)


def test_a_location_s_district_is_the_outline_it_lies_in() -> None:
    districts = load_districts(DISTRICTS_FILE)
    # 钱江世纪城, on the south bank: Xiaoshan, though Binjiang's centre is nearer than Xiaoshan's.
    assert districts.locate(30.235, 120.265).id == "xiaoshan"
    # Across the river from it, on the north bank: Shangcheng.
    assert districts.locate(30.275, 120.255).id == "shangcheng"
    # The Binjiang–Xiaoshan border east of 奥体: a step either side.
    assert districts.locate(30.20, 120.240).id == "binjiang"
    assert districts.locate(30.20, 120.258).id == "xiaoshan"


def test_outside_every_outline_the_nearest_centre_decides() -> None:
    districts = load_districts(DISTRICTS_FILE)
    assert districts.locate(31.23, 121.47).id == "linping"  # Shanghai: Linping's centre is the closest


def test_every_centre_lies_in_its_own_outline_and_outlines_do_not_overlap() -> None:
    districts = load_districts(DISTRICTS_FILE)
    assert all(districts.locate(district.lat, district.lon) == district for district in districts.all)
    outlines = [Polygon([(lon, lat) for lat, lon in district.outline]) for district in districts.all]
    assert all(outline.is_valid for outline in outlines)
    assert unary_union(outlines).area == pytest.approx(sum(outline.area for outline in outlines))


def test_a_person_s_district_choice_location_then_default() -> None:
    districts = load_districts(DISTRICTS_FILE)
    assert districts.for_person("fuyang", (30.17, 120.27)).id == "fuyang"
    assert districts.for_person(None, (30.17, 120.27)).id == "xiaoshan"
    assert districts.for_person("gone", None).id == "shangcheng"


def test_a_bad_districts_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "districts.yaml"
    path.write_text(
        "datum: wgs84\ndefault: a\ndistricts:\n  - {id: a, name: {zh: 甲, en: A}, lat: 95, lon: 1}\n"
    )
    with pytest.raises(StationsFileError, match=r"district 'a' field 'lat'"):
        load_districts(path)
    path.write_text(
        "datum: wgs84\ndefault: b\ndistricts:\n  - {id: a, name: {zh: 甲, en: A}, lat: 30, lon: 1}\n"
    )
    with pytest.raises(StationsFileError, match="'b' is not a district id"):
        load_districts(path)


# --- the personal reminder ------------------------------------------------------------------------------


def test_two_nearest_open_stations_with_water_or_cooling(catalogue: StationCatalogue) -> None:
    hits = cool_stations(catalogue, 30.2599, 120.1899, MORNING)
    # charging-only is skipped, the afternoon station is closed at 07:00
    assert [hit.station.id for hit in hits] == ["water-near", "cooling-far"]
    afternoon = cool_stations(catalogue, 30.2599, 120.1899, MORNING.replace(hour=14))
    assert [hit.station.id for hit in afternoon] == ["water-near", "closed-mornings"]


def test_campaign_items_are_listed_once(catalogue: StationCatalogue) -> None:
    hits = cool_stations(catalogue, 30.2599, 120.1899, MORNING)
    assert [item.zh for item in campaign_items(hits)] == ["清凉大礼包", "冰爽饮品免费领"]


def _plan(catalogue: StationCatalogue, who: Subscriber, **changes: Any) -> Reminder | None:
    values: dict[str, Any] = {
        "now": MORNING,
        "signal": None,
        "outlooks": {"shangcheng": Outlook("shangcheng", 33.0, 37.0, 36.0, 41.0)},
        "highest_sent_today": HeatLevel.NONE,
        "districts": load_districts(DISTRICTS_FILE),
        "catalogue": catalogue,
        **changes,
    }
    return plan_reminder(who, **values)


def test_a_reminder_is_personal(catalogue: StationCatalogue) -> None:
    reminder = _plan(catalogue, person())
    assert reminder is not None
    assert reminder.level is HeatLevel.PRE_ALERT and reminder.district.id == "shangcheng"
    assert reminder.from_location and len(reminder.stations) == 2
    assert reminder.idempotency_key == "heat:2025-07-21:pre:1"


def test_without_a_location_the_district_point_is_used(catalogue: StationCatalogue) -> None:
    reminder = _plan(catalogue, person(location=None))
    assert reminder is not None and not reminder.from_location
    assert reminder.district.id == "shangcheng"


def test_no_reminder_when_told_already_quiet_or_cool(catalogue: StationCatalogue) -> None:
    assert _plan(catalogue, person(), highest_sent_today=HeatLevel.PRE_ALERT) is None
    assert _plan(catalogue, person(), now=MORNING.replace(hour=6)) is None  # quiet hours
    assert _plan(catalogue, person(district_id="chunan")) is None  # no forecast heat there
    signalled = _plan(catalogue, person(district_id="chunan"), signal=HeatLevel.RED)
    assert signalled is not None and signalled.level is HeatLevel.RED


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("25:00", "'25:00' is not a time of day"),
        ("7", "'7' is not a time of day"),
        ("07:00,07:00", "names the same time twice"),
        (" , ", "needs at least one time of day"),
    ],
)
def test_check_times_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, value: str, problem: str) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", str(DISTRICTS_FILE))  # any existing file
    monkeypatch.setenv("BOT_HEAT_CHECK_TIMES", value)
    with pytest.raises(ConfigurationError) as error:
        load_settings()
    line = str(error.value)
    assert line.startswith("configuration error: BOT_HEAT_CHECK_TIMES: ") and problem in line
    assert "\n" not in line


def test_check_times_setting_is_sorted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", str(DISTRICTS_FILE))
    monkeypatch.setenv("BOT_HEAT_CHECK_TIMES", "11:30, 6:45")
    assert load_settings().heat_check_times == (time(6, 45), time(11, 30))
