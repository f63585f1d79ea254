"""Heat-wave reminders, channel-neutral: levels, the forecast rule, who gets what and when.

The China Meteorological Administration's signal is the authority (declared by an admin with /heatalert);
the forecast only pre-alerts. Every function takes `now` (aware, in the bot's timezone) so tests control
the clock; nothing here talks to the network or to Telegram.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.geo import distance_m
from bot.stations import (
    LocalizedText,
    Service,
    StationCatalogue,
    StationHit,
    StationsFileError,
    describe_validation_error,
    read_yaml,
)

# --- levels ---------------------------------------------------------------------------------------------

HOT_DAY_C = 35.0  # pre-alert, CMA yellow (3 days running), and the high-temperature allowance
ORANGE_C = 37.0  # CMA orange within 24 h; at most 6 h outdoors and none in the hottest 3 h
RED_C = 40.0  # CMA red within 24 h; outdoor work stops
YELLOW_DAYS = 3


class HeatLevel(IntEnum):
    """Ordered, so that "a rise in level" is a comparison."""

    NONE = 0
    PRE_ALERT = 1
    YELLOW = 2
    ORANGE = 3
    RED = 4

    @property
    def key(self) -> str:
        """The name in the database and in message keys (heat-level-pre, heat-advice-red, ...)."""
        return _KEYS[self]

    @classmethod
    def from_key(cls, key: str) -> HeatLevel:
        return _BY_KEY[key]


_KEYS = {
    HeatLevel.NONE: "none",
    HeatLevel.PRE_ALERT: "pre",
    HeatLevel.YELLOW: "yellow",
    HeatLevel.ORANGE: "orange",
    HeatLevel.RED: "red",
}
_BY_KEY = {key: level for level, key in _KEYS.items()}
SIGNAL_LEVELS = (HeatLevel.YELLOW, HeatLevel.ORANGE, HeatLevel.RED)


# --- forecasts ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailyForecast:
    day: date
    max_c: float
    apparent_max_c: float | None = None


class ForecastUnavailable(Exception):
    """The provider could not give a forecast now (network, timeout, garbage); str() is safe to log."""


class ForecastProvider(Protocol):
    """A source of daily forecasts per district; `bot.weather` has the implementations."""

    name: str

    async def daily_forecast(
        self, districts: Sequence[District], today: date
    ) -> Mapping[str, Sequence[DailyForecast]]:
        """Forecasts by district id from `today` on; raises `ForecastUnavailable`."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Outlook:
    """What a district's reminder shows: today's and tomorrow's forecast maximum (°C), if known."""

    district_id: str
    today_max: float | None
    today_apparent: float | None
    tomorrow_max: float | None
    tomorrow_apparent: float | None

    @property
    def level(self) -> HeatLevel:
        """Pre-alert when tomorrow's maximum reaches 35 °C, and also when today's does: a hot day without an
        official signal still deserves the advice (and a check that runs the morning after a missed evening
        still warns). Never more than a pre-alert: only the CMA signal raises the level."""
        hot = [value for value in (self.today_max, self.tomorrow_max) if value is not None]
        return HeatLevel.PRE_ALERT if any(value >= HOT_DAY_C for value in hot) else HeatLevel.NONE

    @property
    def hot_day_is_today(self) -> bool:
        return self.today_max is not None and self.today_max >= HOT_DAY_C


def outlook_for(district_id: str, days: Sequence[DailyForecast], today: date) -> Outlook:
    by_day = {forecast.day: forecast for forecast in days}
    now, tomorrow = by_day.get(today), by_day.get(today + timedelta(days=1))
    return Outlook(
        district_id,
        now.max_c if now else None,
        now.apparent_max_c if now else None,
        tomorrow.max_c if tomorrow else None,
        tomorrow.apparent_max_c if tomorrow else None,
    )


def suggested_signal(days: Sequence[DailyForecast], today: date) -> HeatLevel:
    """The CMA signal the forecast points to, shown to admins as a hint only (they declare the real one):
    red/orange when today or tomorrow reaches 40/37 °C, yellow when the next 3 days all reach 35 °C."""
    by_day = {forecast.day: forecast.max_c for forecast in days}
    next_24h = [by_day[day] for day in (today, today + timedelta(days=1)) if day in by_day]
    if any(value >= RED_C for value in next_24h):
        return HeatLevel.RED
    if any(value >= ORANGE_C for value in next_24h):
        return HeatLevel.ORANGE
    run = [by_day.get(today + timedelta(days=offset)) for offset in range(YELLOW_DAYS)]
    if all(value is not None and value >= HOT_DAY_C for value in run):
        return HeatLevel.YELLOW
    return HeatLevel.NONE


def effective_level(signal: HeatLevel | None, outlook: Outlook | None) -> HeatLevel:
    """The official signal where there is one; otherwise the forecast's pre-alert."""
    forecast = outlook.level if outlook is not None else HeatLevel.NONE
    return max(signal or HeatLevel.NONE, forecast)


# --- districts ------------------------------------------------------------------------------------------


DISTRICTS_FILE = Path(__file__).resolve().parent.parent / "data" / "districts.yaml"


class _DistrictSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]+$")
    name: LocalizedText
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    outline: tuple[tuple[float, float], ...] = Field(default=(), min_length=3)  # [lat, lon] corners


class _DistrictsFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    datum: str = Field(pattern="^wgs84$")
    default: str
    districts: list[_DistrictSpec] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class District:
    id: str
    name: LocalizedText
    lat: float  # WGS-84
    lon: float
    outline: tuple[tuple[float, float], ...] = ()  # (lat, lon) corners of a coarse boundary; may be empty


@dataclass(frozen=True)
class Districts:
    """Hangzhou's districts with a representative point and a coarse outline each (data/districts.yaml)."""

    all: tuple[District, ...]
    default: District

    def get(self, district_id: str | None) -> District | None:
        return next((district for district in self.all if district.id == district_id), None)

    def locate(self, lat: float, lon: float) -> District:
        """The district whose outline holds the point; in gaps and outside Hangzhou, the nearest centre's."""
        import shapely  # here, not at import: GEOS is only needed once someone has shared a location

        for district, outline in self._outlines:
            if shapely.contains_xy(outline, lon, lat):
                return district
        return min(self.all, key=lambda district: distance_m(lat, lon, district.lat, district.lon))

    @functools.cached_property
    def _outlines(self) -> list[tuple[District, Any]]:
        import shapely

        outlines = [
            (district, shapely.Polygon([(lon, lat) for lat, lon in district.outline]))
            for district in self.all
            if district.outline
        ]
        for _, outline in outlines:
            shapely.prepare(outline)  # many points are tested against the same polygons
        return outlines

    def for_person(self, chosen: str | None, location: tuple[float, float] | None) -> District:
        """The district someone chose in /heat, else the one their last location lies in, else the centre."""
        return self.get(chosen) or (self.locate(*location) if location else self.default)


def load_districts(path: str | Path) -> Districts:
    """Load data/districts.yaml; a problem raises `StationsFileError` with one line naming file and field."""
    path = Path(path)
    raw = read_yaml(path)
    try:
        spec = _DistrictsFileSpec.model_validate(raw)
    except ValidationError as exc:
        raise StationsFileError(describe_validation_error(path, exc, raw, "districts", "district")) from None
    districts = tuple(
        District(item.id, item.name, item.lat, item.lon, item.outline) for item in spec.districts
    )
    default = next((district for district in districts if district.id == spec.default), None)
    if default is None:
        raise StationsFileError(f"{path}: field 'default': {spec.default!r} is not a district id")
    return Districts(districts, default)


# --- people ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A person who gets heat reminders, with what the reminder needs to know about them."""

    user_id: int
    language: str
    location: tuple[float, float] | None  # WGS-84, last shared
    district_id: str | None  # chosen in /heat
    preferred_time: time | None  # None: at the check that finds the heat
    quiet_start: time
    quiet_end: time


def parse_clock(text: str) -> time:
    """ "HH:MM" (24 h) -> time; "24:00" is not accepted (use 00:00)."""
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and 1 <= len(hours) <= 2):
        raise ValueError(f"{text.strip()!r} is not a time of day (HH:MM)")
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f"{text.strip()!r} is not a time of day (HH:MM)")
    return time(int(hours), int(minutes))


def clock(value: time) -> str:
    return value.strftime("%H:%M")


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """ "22:00-07:00" -> (22:00, 07:00); a start equal to the end means no quiet hours."""
    start, sep, end = text.replace("–", "-").partition("-")
    if not sep:
        raise ValueError(f"{text.strip()!r} is not a span of time (HH:MM-HH:MM)")
    return parse_clock(start), parse_clock(end)


def in_quiet_hours(moment: time, start: time, end: time) -> bool:
    """Quiet from `start` up to (not including) `end`, across midnight when `end` is earlier."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def reminder_due(now: datetime, person: Subscriber) -> bool:
    """Whether a reminder that is waiting may go now: not in the person's quiet hours, and not before their
    preferred time of day (a reminder found later than that time goes at once)."""
    local = now.time().replace(second=0, microsecond=0)
    if in_quiet_hours(local, person.quiet_start, person.quiet_end):
        return False
    return person.preferred_time is None or local >= person.preferred_time


def should_remind(level: HeatLevel, highest_sent_today: HeatLevel) -> bool:
    """At most one reminder per person per level per day; a rise in level sends again, a fall does not."""
    return level > HeatLevel.NONE and level > highest_sent_today


# --- the reminder ---------------------------------------------------------------------------------------

NEARBY_STATIONS = 2


@dataclass(frozen=True, slots=True)
class Reminder:
    """One person's reminder, ready to be rendered in their language."""

    user_id: int
    language: str
    level: HeatLevel
    day: date
    district: District
    outlook: Outlook | None
    stations: tuple[StationHit, ...]
    from_location: bool  # stations measured from the person's location (else from the district's point)
    campaign: tuple[LocalizedText, ...]

    @property
    def idempotency_key(self) -> str:
        """Names the reminder for the outbox: the same person, day and level is the same message."""
        return f"heat:{self.day.isoformat()}:{self.level.key}:{self.user_id}"


def cool_stations(
    catalogue: StationCatalogue, lat: float, lon: float, now: datetime, k: int = NEARBY_STATIONS
) -> tuple[StationHit, ...]:
    """The k nearest stations open now with water or cooling. They are among the k nearest with water
    and the k nearest with cooling, so two filtered searches merged by distance give the exact answer."""
    hits: dict[str, StationHit] = {}
    for service in (Service.WATER, Service.COOLING):
        for hit in catalogue.nearest(lat, lon, k, service=service, open_at=now):
            hits[hit.station.id] = hit
    return tuple(sorted(hits.values(), key=lambda hit: hit.distance_m)[:k])


def campaign_items(hits: Iterable[StationHit]) -> tuple[LocalizedText, ...]:
    """Campaign offers (清凉大礼包, free cold drinks ...) of the stations shown, each once."""
    seen: dict[str, LocalizedText] = {}
    for hit in hits:
        for item in hit.station.campaign:
            seen.setdefault(item.zh, item)
    return tuple(seen.values())


def plan_reminder(
    person: Subscriber,
    *,
    now: datetime,
    signal: HeatLevel | None,
    outlooks: Mapping[str, Outlook],
    highest_sent_today: HeatLevel,
    districts: Districts,
    catalogue: StationCatalogue,
) -> Reminder | None:
    """The reminder this person should get now, or None (no heat, already told, quiet hours, too early)."""
    district = districts.for_person(person.district_id, person.location)
    outlook = outlooks.get(district.id)
    level = effective_level(signal, outlook)
    if not should_remind(level, highest_sent_today) or not reminder_due(now, person):
        return None
    lat, lon = person.location if person.location else (district.lat, district.lon)
    stations = cool_stations(catalogue, lat, lon, now)
    return Reminder(
        user_id=person.user_id,
        language=person.language,
        level=level,
        day=now.date(),
        district=district,
        outlook=outlook,
        stations=stations,
        from_location=person.location is not None,
        campaign=campaign_items(stations),
    )


# --- the schedule ---------------------------------------------------------------------------------------

# The hottest hours end at 15:00; after that a missed check is left to the next scheduled one.
USEFUL_UNTIL = time(15, 0)


def missed_check(now: datetime, check_times: Sequence[time], done_today: Iterable[str]) -> time | None:
    """The check to run at start, if any.

    A check is missed when its time passed earlier today while the bot was down (no record of it today).
    Running it late is *useful* while the day's heat still lies ahead, i.e. before 15:00, the end of the
    hottest hours 11:00–15:00: couriers can still drink, rest and plan; after that the next morning's check
    warns about the new day (its pre-alert covers today as well as tomorrow). Only the latest missed check
    runs: it supersedes the earlier ones.
    """
    local = now.time()
    if local >= USEFUL_UNTIL:
        return None
    done = set(done_today)
    passed = [slot for slot in check_times if slot <= local]
    if not passed or clock(passed[-1]) in done:
        return None
    return passed[-1]


def delivery_times(
    check_times: Iterable[time], preferred: Iterable[time], quiet_ends: Iterable[time]
) -> list[time]:
    """Times of day, besides the checks, at which waiting reminders become due: people's preferred times
    and the ends of their quiet hours. Each gets a daily job; the checks deliver themselves."""
    checks = set(check_times)
    return sorted({*preferred, *quiet_ends} - checks)


def round_c(value: float | None) -> int | None:
    """Temperatures are shown as whole degrees, rounded half up (35.5 °C is shown as 36)."""
    return None if value is None else math.floor(value + 0.5)


@dataclass(frozen=True, slots=True)
class HeatSettings:
    """What /heat shows and changes."""

    enabled: bool
    preferred_time: time | None
    quiet_start: time
    quiet_end: time
    district_id: str | None


@dataclass(frozen=True, slots=True)
class Signal:
    """An official CMA signal declared with /heatalert."""

    level: HeatLevel
    declared_by: int | None  # None once the admin is erased
    declared_at: datetime
