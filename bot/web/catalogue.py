"""The station catalogue as the service map shows it: GeoJSON with open-now, hours and labels in one language.

Everything the page displays about a station is computed here, on the server, so that the page needs no
clock, no datum arithmetic and no message formatting of its own: plain values in, plain JSON-ready values out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.geo import Datum, amap_marker_url, baidu_marker_url, distance_m, from_wgs84
from bot.i18n import Html, Translator
from bot.message_keys import MAP_SERVICE_KEYS, WEEKDAY_KEYS
from bot.presenters import MAP_STATUS, distance, opening_status
from bot.station_status import DEFAULT_VALID_HOURS, StationStatus, status_line
from bot.stations import Service, Station, StationCatalogue

Json = dict[str, Any]
Text = Callable[..., str]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALL_DAY = "00:00-24:00"

# The catalogue messages the page itself shows, with the names of their arguments. The server renders each
# with "{name}" in place of an argument, and the page fills those in (see map.js `t`).
PAGE_STRINGS: Mapping[str, tuple[str, ...]] = {
    "web-page-heading": (),
    "web-page-subtitle": (),
    "web-filter-all": (),
    "web-filter-open-only": (),
    "web-legend-open": (),
    "web-legend-closed": (),
    "web-count": ("shown", "total"),
    "web-none-match": (),
    "web-locating": (),
    "web-sorted-by-distance": (),
    "web-location-unavailable": (),
    "web-you-are-here": (),
    "web-load-failed": (),
    "web-close": (),
    "web-sample-note": (),
    "web-list-heading": (),
    "web-hours": (),
    "web-services": (),
    "web-campaign": (),
    "web-address": (),
    "web-phone": (),
    "web-navigate-amap": (),
    "web-navigate-baidu": (),
    **{key: () for key in MAP_SERVICE_KEYS.values()},
}


def page_strings(translator: Translator, language: str) -> dict[str, str]:
    """The page's messages in `language`, arguments left as "{name}" for the page to fill in."""
    return {
        key: str(translator(language, key, **{name: Html("{" + name + "}") for name in arguments}))
        for key, arguments in PAGE_STRINGS.items()
    }


def stations_geojson(
    catalogue: StationCatalogue,
    translator: Translator,
    language: str,
    now: datetime,
    datum: Datum,
    near: tuple[float, float] | None = None,
    live: Mapping[str, StationStatus] | None = None,
    validity: timedelta = timedelta(hours=DEFAULT_VALID_HOURS),
) -> Json:
    """Every station as a GeoJSON Feature, its coordinates in `datum` (named in the top-level "datum"
    member, since RFC 7946 assumes WGS-84); with `near` (WGS-84, the browser's position) nearest first,
    with distances, and the position itself in `datum` as "origin". `live` holds the stations' last
    live statuses by id: a fresh one is shown as fact (a station closed for now is not open), a stale
    one as unknown.
    """

    def text(key: str, **args: Any) -> str:
        return str(translator(language, key, **args))

    features = []
    for station in catalogue:
        feature = _feature(station, translator, text, language, now, datum, near)
        status = (live or {}).get(station.id)
        if status is not None:
            _add_live(feature["properties"], status, translator, language, now, validity)
        features.append(feature)
    if near is not None:
        features.sort(key=lambda feature: feature["properties"]["distance_m"])
    collection: Json = {
        "type": "FeatureCollection",
        "datum": datum.value,
        "language": language,
        "generated_at": now.isoformat(timespec="seconds"),
        "features": features,
    }
    if near is not None:
        origin_lat, origin_lon = from_wgs84(near[0], near[1], datum)
        collection["origin"] = {"type": "Point", "coordinates": [round(origin_lon, 6), round(origin_lat, 6)]}
    return collection


def _feature(
    station: Station,
    translator: Translator,
    text: Text,
    language: str,
    now: datetime,
    datum: Datum,
    near: tuple[float, float] | None,
) -> Json:
    lat, lon = from_wgs84(station.lat, station.lon, datum)
    name = station.name.pick(language)
    address = station.address.pick(language)
    status = station.status_at(now)
    properties: Json = {
        "id": station.id,
        "name": name,
        "address": address,
        "district": station.district,
        "phone": station.phone,
        "sample": station.sample,
        "open": status.is_open,
        "status": str(opening_status(translator, language, status, now, MAP_STATUS)),
        "hours": hours_lines(station.hours.raw, text),
        "closed": _closed_label(station.hours.closed_raw, text),
        "services": [service.value for service in Service if service in station.services],
        "campaign": [item.pick(language) for item in station.campaign],
        "links": {
            "amap": amap_marker_url(station.lat, station.lon, name),
            "baidu": baidu_marker_url(station.lat, station.lon, name, address),
        },
        "distance_m": None,
        "distance": None,
    }
    if near is not None:
        metres = distance_m(near[0], near[1], station.lat, station.lon)
        properties["distance_m"] = round(metres)
        properties["distance"] = str(distance(translator, language, metres))
    return {
        "type": "Feature",
        "id": station.id,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": properties,
    }


def _add_live(
    properties: Json,
    status: StationStatus,
    translator: Translator,
    language: str,
    now: datetime,
    validity: timedelta,
) -> None:
    fresh = status.is_fresh(now, validity)
    closed = fresh and status.closed_at(now)
    line = status_line(translator, language, status, properties["name"], now, validity)
    properties["live"] = {
        "text": str(line),
        "fresh": fresh,
        "updated_at": status.updated_at.isoformat(timespec="seconds"),
        "closed": closed,
        "closed_until": status.closed_until.isoformat(timespec="seconds")
        if closed and status.closed_until
        else None,
        "water": status.water if fresh else None,
        "charging": status.charging.value if fresh and status.charging else None,
        "gift_packs": status.gift_packs if fresh else None,
        "crowded": status.crowded if fresh else None,
    }
    if closed:
        properties["open"] = False
        properties["status"] = str(line)


def hours_lines(raw: Mapping[str, Sequence[str]], text: Text) -> list[Json]:
    """The weekly hours as the file gives them, one line per key.

    {"days": "周一至周五", "spans": "08:00–20:00"}
    """
    return [
        {"days": _days_label(key, text), "spans": ", ".join(_span_label(span, text) for span in spans)}
        for key, spans in raw.items()
    ]


def _days_label(key: str, text: Text) -> str:
    labels = []
    for part in key.replace(" ", "").lower().split(","):
        if part == "daily":
            labels.append(text("web-days-daily"))
            continue
        first, _, last = part.partition("-")
        first_name = text(WEEKDAY_KEYS[_WEEKDAYS.index(first)])
        if last:
            last_name = text(WEEKDAY_KEYS[_WEEKDAYS.index(last)])
            labels.append(text("web-days-range", first=first_name, last=last_name))
        else:
            labels.append(first_name)
    return " · ".join(labels)


def _span_label(span: str, text: Text) -> str:
    if span.strip() == _ALL_DAY:
        return text("web-hours-all-day")
    return span.strip().replace("-", "–")


def _closed_label(closed: Sequence[str], text: Text) -> str | None:
    """The daily closures (a lunch break) as one line, or None."""
    if not closed:
        return None
    return text("web-hours-closed", spans=", ".join(_span_label(span, text) for span in closed))
