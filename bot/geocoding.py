"""From typed text to a point: the offline gazetteer first, then an online geocoder when configured.

Online lookups go through geopy's async adapter and its rate limiter (one request a second), and
never take longer than a few seconds: a courier waiting at a kerb gets "share your location
instead", not silence. Baidu answers in BD-09 and is converted; Nominatim answers in WGS-84.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bot.geo import Datum, to_wgs84
from bot.places import Gazetteer

_LOGGER = logging.getLogger(__name__)
ONLINE_TIMEOUT_SECONDS = 4.0
MAX_PLACE_LENGTH = 60  # longer text is a sentence, not a place name
USER_AGENT = "xiaoge-bot (Hangzhou courier stations)"
# Nominatim's search box: Hangzhou's municipality, so "人民路" finds Hangzhou's and not another city's.
HANGZHOU_VIEWBOX = ((29.18, 118.33), (30.57, 120.72))

GeocodeCall = Callable[[str], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class FoundPlace:
    """A WGS-84 point and the names to show for it."""

    name_zh: str
    name_en: str
    lat: float
    lon: float

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


class GeocoderUnavailable(Exception):
    """The online geocoder is down, slow or refusing: ask for a shared location instead."""


@dataclass(frozen=True, slots=True)
class OnlineGeocoder:
    """A geopy geocoder on the aiohttp adapter; its session opens in post_init and closes in post_shutdown."""

    geolocator: Any
    geocode: GeocodeCall
    datum: Datum

    @classmethod
    def for_settings(cls, kind: str, key: str | None) -> OnlineGeocoder | None:
        if kind == "offline":
            return None
        # geopy's geocoders and aiohttp take about 20 MB: only a deployment that asks for one loads them.
        from geopy.adapters import AioHTTPAdapter
        from geopy.extra.rate_limiter import AsyncRateLimiter
        from geopy.geocoders import BaiduV3, Nominatim

        if kind == "nominatim":
            geolocator: Any = Nominatim(user_agent=USER_AGENT, adapter_factory=AioHTTPAdapter)
            call = partial(geolocator.geocode, viewbox=HANGZHOU_VIEWBOX, bounded=True, language="zh")
            datum = Datum.WGS84
        elif kind == "baidu":
            geolocator = BaiduV3(api_key=key, adapter_factory=AioHTTPAdapter)
            call = partial(geolocator.geocode)
            datum = Datum.BD09
        else:
            return None
        limited = AsyncRateLimiter(call, min_delay_seconds=1.0, max_retries=0, swallow_exceptions=False)
        return cls(geolocator, limited, datum)


class PlaceFinder:
    def __init__(
        self,
        gazetteer: Gazetteer,
        online: OnlineGeocoder | None = None,
        timeout: float = ONLINE_TIMEOUT_SECONDS,
    ) -> None:
        self._gazetteer = gazetteer
        self._online = online
        self._timeout = timeout

    async def open(self) -> None:
        if self._online is not None:
            await self._online.geolocator.__aenter__()

    async def close(self) -> None:
        if self._online is not None:
            await self._online.geolocator.__aexit__(None, None, None)

    async def find(self, text: str) -> FoundPlace | None:
        """The place a text names, or None. Raises GeocoderUnavailable when only the online
        geocoder could have answered and it failed."""
        text = text.strip()
        if not text or len(text) > MAX_PLACE_LENGTH:
            return None
        match = self._gazetteer.find(text)
        if match is not None:
            return FoundPlace(match.name, match.name_en, match.lat, match.lon)
        if self._online is None:
            return None
        try:
            async with asyncio.timeout(self._timeout):
                location = await self._online.geocode(text)
        except Exception as error:  # geopy, aiohttp and the timeout each raise their own kind
            _LOGGER.warning("online geocoder failed: %s", type(error).__name__)
            raise GeocoderUnavailable from error
        if location is None:
            return None
        lat, lon = to_wgs84(float(location.latitude), float(location.longitude), self._online.datum)
        return FoundPlace(text, text, lat, lon)
