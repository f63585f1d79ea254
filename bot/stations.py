"""The station catalogue: loading data/stations.yaml, opening hours, and the nearest stations to a courier.

Channel-neutral: plain values in, plain values out. Locations are stored in WGS-84 (converted at load from the
file's datum, GCJ-02 by default, as Amap shows them).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from bot.geo import Datum, SpatialIndex, ebike_minutes, to_wgs84, walk_minutes


class Service(StrEnum):
    """The fixed vocabulary of what a station offers."""

    WATER = "water"
    CHARGING = "charging"
    REST = "rest"
    TOILET = "toilet"
    MICROWAVE = "microwave"
    FIRST_AID = "first_aid"
    BOOKS = "books"
    POLICY_DESK = "policy_desk"
    COOLING = "cooling"


class StationsFileError(Exception):
    """A problem with a data file, as one line that names the file, the entry and the field."""


# --- opening hours --------------------------------------------------------------------------------------

_MINUTES_PER_DAY = 24 * 60
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
# How far ahead "opens at" is searched; a station closed for longer reports no opening time.
_LOOKAHEAD_DAYS = 7
# A station's check-in code is scanned as "/start checkin_<id>_<8-letter code>": that payload must fit the
# 64 characters of a Telegram deep link and of a WeChat QR code's scene.
MAX_ID_LENGTH = 64 - len("checkin_") - len("_") - 8


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """Minutes after midnight; `end` may exceed 24 h for a span that runs past midnight (22:00-06:00)."""

    start: int
    end: int


def parse_span(text: str) -> TimeSpan:
    """Parse "HH:MM-HH:MM"; an end at or before the start means the span ends the next day."""
    match = _SPAN_RE.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a time span (HH:MM-HH:MM)")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start_h > 23 or start_m > 59 or end_m > 59 or end > _MINUTES_PER_DAY:
        raise ValueError(f"{text!r} is not a time span (HH:MM-HH:MM)")
    if start == end % _MINUTES_PER_DAY and not (start == 0 and end == _MINUTES_PER_DAY):
        raise ValueError(f"{text!r} is an empty span (use 00:00-24:00 for all day)")
    if end <= start:
        end += _MINUTES_PER_DAY
    return TimeSpan(start, end)


def parse_days(key: str) -> tuple[int, ...]:
    """Weekdays (Monday = 0) of an hours key: "daily", "mon", "mon-fri", "fri-sun", "sat,sun", "sun-tue"."""
    days: list[int] = []
    for part in key.replace(" ", "").lower().split(","):
        if part == "daily":
            days.extend(range(7))
            continue
        first, _, last = part.partition("-")
        if first not in _DAY_NAMES or (last and last not in _DAY_NAMES):
            raise ValueError(f"{key!r} is not a day, day range or 'daily'")
        start = _DAY_NAMES.index(first)
        stop = _DAY_NAMES.index(last) if last else start
        days.extend((start + offset) % 7 for offset in range((stop - start) % 7 + 1))
    return tuple(days)


@dataclass(frozen=True, slots=True)
class OpenStatus:
    """Whether a station is open at a moment, and when that changes.

    `closes_at` is None when the station is open and stays open for the next 7 days (a 24 h station);
    `opens_at` is None when it is closed and does not open within 7 days.
    """

    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None

    @property
    def always_open(self) -> bool:
        return self.is_open and self.closes_at is None


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(opens: list[tuple[int, int]], closures: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in opens:
        pieces = [(start, end)]
        for c_start, c_end in closures:
            pieces = [
                piece
                for p_start, p_end in pieces
                for piece in ((p_start, min(p_end, c_start)), (max(p_start, c_end), p_end))
                if piece[0] < piece[1]
            ]
        result.extend(pieces)
    return result


def _unroll(
    by_weekday: tuple[tuple[TimeSpan, ...], ...], closed: tuple[TimeSpan, ...], first_weekday: int, days: int
) -> list[tuple[int, int]]:
    """Open intervals in minutes from 00:00 of a day of `first_weekday`, merged across midnight, closures
    cut out."""
    opens: list[tuple[int, int]] = []
    closures: list[tuple[int, int]] = []
    for offset in range(days):
        base = offset * _MINUTES_PER_DAY
        weekday = (first_weekday + offset) % 7
        opens.extend((base + span.start, base + span.end) for span in by_weekday[weekday])
        closures.extend((base + span.start, base + span.end) for span in closed)
    return _subtract(_merge(opens), _merge(closures))


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """A weekly schedule plus daily closures (a lunch break), as given in the file and parsed."""

    raw: Mapping[str, tuple[str, ...]]
    closed_raw: tuple[str, ...]
    by_weekday: tuple[tuple[TimeSpan, ...], ...]
    closed: tuple[TimeSpan, ...]
    # The unrolled schedule depends only on the weekday it starts from: worked out once per weekday at
    # load, since every answer about a station asks for it.
    unrolled: tuple[tuple[tuple[int, int], ...], ...] = ()

    @classmethod
    def parse(cls, hours: Mapping[str, Sequence[str]], closed: Sequence[str]) -> OpeningHours:
        by_weekday: list[list[TimeSpan]] = [[] for _ in range(7)]
        for key, spans in hours.items():
            for day in parse_days(key):
                by_weekday[day].extend(parse_span(span) for span in spans)
        weekly = tuple(tuple(spans) for spans in by_weekday)
        closures = tuple(parse_span(span) for span in closed)
        return cls(
            raw={key: tuple(spans) for key, spans in hours.items()},
            closed_raw=tuple(closed),
            by_weekday=weekly,
            closed=closures,
            unrolled=tuple(
                tuple(_unroll(weekly, closures, first_weekday, _LOOKAHEAD_DAYS + 3))
                for first_weekday in range(7)
            ),
        )

    def status_at(self, when: datetime) -> OpenStatus:
        """Open or closed at `when` (aware, in the bot's timezone), and the next change within 7 days.

        Works on wall-clock time in `when`'s timezone: the span 08:00-20:00 means 08:00 to 20:00 local time,
        and the station is closed from 20:00:00 on. The schedule is unrolled from the day before (for a span
        that began last night) to a week after, so an overnight span opened on Friday is still open on
        Saturday at 05:59.
        """
        if when.tzinfo is None:
            raise ValueError("status_at needs an aware datetime in the bot's timezone")
        first_day = when.date() - timedelta(days=1)
        origin = datetime.combine(first_day, time(0), tzinfo=when.tzinfo)
        wall = when.replace(tzinfo=None) - origin.replace(tzinfo=None)
        now = wall.total_seconds() / 60.0
        horizon = now + _LOOKAHEAD_DAYS * _MINUTES_PER_DAY
        intervals = self.unrolled[first_day.weekday()]
        for start, end in intervals:
            if start <= now < end:
                closes_at = None if end >= horizon else origin + timedelta(minutes=end)
                return OpenStatus(is_open=True, closes_at=closes_at)
            if now < start <= horizon:
                return OpenStatus(is_open=False, opens_at=origin + timedelta(minutes=start))
        return OpenStatus(is_open=False)


# --- the file's schema ----------------------------------------------------------------------------------


def _check_span(text: str) -> str:
    parse_span(text)
    return text


def _check_days(key: str) -> str:
    parse_days(key)
    return key


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


SpanText = Annotated[str, AfterValidator(_check_span)]
DaysKey = Annotated[str, AfterValidator(_check_days)]
SpanList = Annotated[list[SpanText], BeforeValidator(_as_list), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Strict):
    """A text in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def pick(self, language: str) -> str:
        """The text in `language` ("zh" or "en"); Chinese for anything else."""
        return self.en if language == "en" else self.zh


class LocationSpec(_Strict):
    """A point as written in a data file; `datum` overrides the file's default."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    datum: Datum | None = None


class StationSpec(_Strict):
    """One station entry exactly as the file gives it (CONVENTIONS §1), plus optional sample markers."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=MAX_ID_LENGTH)
    name: LocalizedText
    address: LocalizedText
    district: str = Field(min_length=1)
    location: LocationSpec
    hours: dict[DaysKey, SpanList] = Field(min_length=1)
    closed: list[SpanText] = []
    services: list[Service]
    phone: str | None = None
    campaign: list[LocalizedText] = []
    sample: bool = False
    note: str | None = None

    @field_validator("hours")
    @classmethod
    def _each_day_once(cls, hours: dict[str, list[str]]) -> dict[str, list[str]]:
        owner: dict[int, str] = {}
        for key in hours:
            for day in parse_days(key):
                if day in owner:
                    raise ValueError(f"{_DAY_NAMES[day]!r} is in both {owner[day]!r} and {key!r}")
                owner[day] = key
        return hours


class StationsFileSpec(_Strict):
    datum: Datum = Datum.GCJ02
    stations: list[StationSpec]


# --- loaded stations ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Station:
    """A station ready to use: WGS-84 location, parsed hours, services as a set."""

    id: str
    name: LocalizedText
    address: LocalizedText
    district: str
    lat: float
    lon: float
    source_location: LocationSpec  # as written in the file, with its datum filled in (for display and audit)
    hours: OpeningHours
    services: frozenset[Service]
    phone: str | None = None
    campaign: tuple[LocalizedText, ...] = ()
    sample: bool = False
    note: str | None = None

    def status_at(self, when: datetime) -> OpenStatus:
        """See `OpeningHours.status_at`."""
        return self.hours.status_at(when)

    def offers(self, service: Service) -> bool:
        return service in self.services

    @classmethod
    def from_spec(cls, spec: StationSpec, default_datum: Datum) -> Station:
        datum = spec.location.datum or default_datum
        lat, lon = to_wgs84(spec.location.lat, spec.location.lon, datum)
        return cls(
            id=spec.id,
            name=spec.name,
            address=spec.address,
            district=spec.district,
            lat=lat,
            lon=lon,
            source_location=spec.location.model_copy(update={"datum": datum}),
            hours=OpeningHours.parse(spec.hours, spec.closed),
            services=frozenset(spec.services),
            phone=spec.phone,
            campaign=tuple(spec.campaign),
            sample=spec.sample,
            note=spec.note,
        )


@dataclass(frozen=True, slots=True)
class StationHit:
    """A station found near the courier, with the straight-line distance and estimated travel times."""

    station: Station
    distance_m: float
    ebike_min: int
    walk_min: int


@dataclass(frozen=True)
class StationCatalogue:
    """All stations, by id and by location."""

    stations: tuple[Station, ...]
    by_id: Mapping[str, Station] = field(init=False)
    _index: SpatialIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {station.id: station for station in self.stations})
        object.__setattr__(self, "_index", SpatialIndex([(s.lat, s.lon) for s in self.stations]))

    def __len__(self) -> int:
        return len(self.stations)

    def __iter__(self) -> Iterator[Station]:
        return iter(self.stations)

    def nearest(
        self,
        lat: float,
        lon: float,
        k: int = 3,
        *,
        offset: int = 0,
        service: Service | None = None,
        open_at: datetime | None = None,
        closed_for_now: Collection[str] = (),
    ) -> list[StationHit]:
        """The stations nearest to a WGS-84 point, nearest first, skipping the first `offset` ("the next 3").

        `service` keeps stations that offer it; `open_at` keeps stations open at that moment, except those
        in `closed_for_now` (ids of stations their staff closed for a while).
        """

        def accept(index: int) -> bool:
            station = self.stations[index]
            if service is not None and service not in station.services:
                return False
            if open_at is None:
                return True
            return station.id not in closed_for_now and station.status_at(open_at).is_open

        filtered = service is not None or open_at is not None
        found = self._index.nearest(lat, lon, k + offset, accept=accept if filtered else None)
        return [
            StationHit(self.stations[index], distance, ebike_minutes(distance), walk_minutes(distance))
            for index, distance in found[offset:]
        ]


# --- loading --------------------------------------------------------------------------------------------


def read_yaml(path: Path, error: type[StationsFileError] = StationsFileError) -> Any:
    """Read a YAML data file, turning a missing file or bad YAML into one line raised as `error`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{path}:{where} invalid YAML: {problem}") from None


def describe_validation_error(
    path: Path, error: ValidationError, raw: Any, collection: str, entry: str
) -> str:
    """One line for the first problem pydantic found: file, entry (id or #index) and field.

    `collection` is the top-level list ("stations", "places") and `entry` the word for one of its items.
    """
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    subject = ""
    if len(loc) >= 2 and loc[0] == collection and isinstance(loc[1], int):
        index = loc[1]
        items = raw.get(collection) if isinstance(raw, dict) else None
        item = items[index] if isinstance(items, list) and index < len(items) else None
        name = (item.get("id") or item.get("name")) if isinstance(item, dict) else None
        subject = f" {entry} {name!r}" if isinstance(name, str) else f" {entry} #{index}"
        loc = loc[2:]
    field_name = ""
    for part in loc:
        if isinstance(part, int):
            field_name += f"[{part}]"
        elif part != "[key]":
            field_name += f".{part}" if field_name else str(part)
    where = f"{subject} field {field_name!r}" if field_name else subject
    return f"{path}:{where}: {_problem(first)}"


def _problem(error: Any) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not match {error['ctx']['pattern']}"
    if kind == "enum":
        return f"{value!r} is not one of {error['ctx']['expected']}"
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{error['msg']} (got {shown})"


def load_stations(path: str | Path) -> StationCatalogue:
    """Load and check the stations file; any problem raises `StationsFileError` with a one-line message."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise StationsFileError(f"{path}: expected a mapping with a 'stations' list at the top")
    try:
        spec = StationsFileSpec.model_validate(raw)
    except ValidationError as exc:
        raise StationsFileError(describe_validation_error(path, exc, raw, "stations", "station")) from None
    seen: dict[str, int] = {}
    for index, station in enumerate(spec.stations):
        if station.id in seen:
            raise StationsFileError(
                f"{path}: station {station.id!r} field 'id': duplicate id (also station #{seen[station.id]})"
            )
        seen[station.id] = index
    return StationCatalogue(tuple(Station.from_spec(station, spec.datum) for station in spec.stations))
