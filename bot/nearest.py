"""The nearest open stations to a point: paging, service filters and the honest far-away answer.

Channel-neutral: the Telegram handler renders a `NearestAnswer`; a WeChat one could do the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.station_status import StationStatus
from bot.stations import OpenStatus, Service, StationCatalogue, StationHit

PAGE_SIZE = 3
# Beyond this the courier is not in Hangzhou: we still say where the nearest station is, and how far.
FAR_AWAY_M = 30_000.0
# Beyond this walking time an answer shows riding time only: 2,497 walking minutes help nobody.
MAX_WALK_MINUTES = 60
# A shared location younger than this answers /nearest without asking again.
FRESH_LOCATION_SECONDS = 15 * 60


class StationFilter(StrEnum):
    ALL = "all"
    OPEN_NOW = "open"
    CHARGING = "charging"
    WATER = "water"
    COOLING = "cooling"
    FIRST_AID = "first_aid"

    @property
    def service(self) -> Service | None:
        return None if self in (StationFilter.ALL, StationFilter.OPEN_NOW) else Service(self.value)


@dataclass(frozen=True, slots=True)
class ShownStation:
    hit: StationHit
    status: OpenStatus  # by the opening hours, unless its staff closed it for now
    live: StationStatus | None = None  # what its staff said, while it is fresh


@dataclass(frozen=True, slots=True)
class NearestAnswer:
    shown: list[ShownStation]
    page: int
    has_more: bool
    station_filter: StationFilter
    far_away: bool

    @property
    def best(self) -> ShownStation | None:
        return self.shown[0] if self.shown else None


def find_nearest(
    catalogue: StationCatalogue,
    lat: float,
    lon: float,
    now: datetime,
    *,
    page: int = 0,
    station_filter: StationFilter = StationFilter.ALL,
    live: Mapping[str, StationStatus] | None = None,
) -> NearestAnswer:
    """One page of the nearest stations to a WGS-84 point, each with its opening status at `now` and its
    live status (`live`: the fresh ones by station id); a station its staff closed for now is not open."""
    live = live or {}
    closed_for_now = frozenset(station_id for station_id, status in live.items() if status.closed_at(now))
    hits = catalogue.nearest(
        lat,
        lon,
        PAGE_SIZE + 1,  # one more than shown tells whether a next page exists
        offset=page * PAGE_SIZE,
        service=station_filter.service,
        open_at=now if station_filter is StationFilter.OPEN_NOW else None,
        closed_for_now=closed_for_now,
    )
    shown = [_shown(hit, now, live) for hit in hits[:PAGE_SIZE]]
    if page == 0 and shown and not shown[0].status.is_open:
        shown = _open_first(catalogue, lat, lon, now, shown, station_filter, live, closed_for_now)
    unfiltered_first_page = page == 0 and station_filter is StationFilter.ALL
    nearest_overall = hits[:1] if unfiltered_first_page else catalogue.nearest(lat, lon, 1)
    far_away = bool(nearest_overall) and nearest_overall[0].distance_m > FAR_AWAY_M
    return NearestAnswer(shown, page, len(hits) > PAGE_SIZE, station_filter, far_away)


def _open_first(
    catalogue: StationCatalogue,
    lat: float,
    lon: float,
    now: datetime,
    shown: list[ShownStation],
    station_filter: StationFilter,
    live: Mapping[str, StationStatus],
    closed_for_now: frozenset[str],
) -> list[ShownStation]:
    """A courier wants the nearest station open now first (it gets the pin), then the closer closed ones
    with the time they open. Without any open station the list stays by distance."""
    open_hits = catalogue.nearest(
        lat, lon, 1, service=station_filter.service, open_at=now, closed_for_now=closed_for_now
    )
    if not open_hits:
        return shown
    best = _shown(open_hits[0], now, live)
    others = [each for each in shown if each.hit.station.id != best.hit.station.id]
    return [best, *others[: PAGE_SIZE - 1]]


def _shown(hit: StationHit, now: datetime, live: Mapping[str, StationStatus]) -> ShownStation:
    status = live.get(hit.station.id)
    if status is not None and status.closed_at(now):
        return ShownStation(hit, OpenStatus(is_open=False, opens_at=status.closed_until), status)
    return ShownStation(hit, hit.station.status_at(now), status)


def is_fresh(located_at: datetime | None, now: datetime) -> bool:
    return located_at is not None and 0 <= (now - located_at).total_seconds() <= FRESH_LOCATION_SECONDS
