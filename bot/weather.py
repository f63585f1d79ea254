"""Forecast providers for heat reminders (BOT_HEAT_PROVIDER): open-meteo, none, fixture:PATH.

`OpenMeteoForecast` is the only code of the bot that goes online for weather. It asks once for every
district (Open-Meteo takes comma-separated coordinates), with a timeout, a bounded number of retries and a
cache; every failure becomes `ForecastUnavailable`, and `QuietForecast` logs a run of failures once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time as monotonic_time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot.heat import DailyForecast, District, Districts, ForecastProvider, ForecastUnavailable

_LOGGER = logging.getLogger(__name__)

OPEN_METEO_URL = "https://api.open-meteo.com/v1/forecast"
FORECAST_DAYS = 3  # today, tomorrow and the day after: enough for the yellow-signal hint to admins
REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
ATTEMPTS = 3
BACKOFF_SECONDS = (1.0, 3.0)  # waits between attempts
FRESH_SECONDS = 30 * 60  # a forecast younger than this is served without asking again
# Plausible 2 m air temperatures; anything outside is garbage, not weather.
_PLAUSIBLE_C = (-60.0, 65.0)
_USER_AGENT = "xiaoge-bot (heat reminders for Hangzhou couriers)"

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class NoForecast:
    """BOT_HEAT_PROVIDER=none: no pre-alerts; only signals declared with /heatalert remind anyone."""

    name = "none"

    async def daily_forecast(
        self, districts: Sequence[District], today: date
    ) -> Mapping[str, Sequence[DailyForecast]]:
        return {}

    async def aclose(self) -> None:
        """Nothing to close."""


class FixtureForecast:
    """BOT_HEAT_PROVIDER=fixture:PATH: forecasts from a YAML or JSON file, read on every call so that a demo
    can change the weather while the bot runs. See data/heat_fixture.yaml for the format: `default` days for
    every district and `districts` overrides by id; each day is `day: N` (N days after today) or
    `date: YYYY-MM-DD`, with `max` and an optional `apparent_max` in °C."""

    name = "fixture"

    def __init__(self, path: Path) -> None:
        self.path = path

    async def daily_forecast(
        self, districts: Sequence[District], today: date
    ) -> Mapping[str, Sequence[DailyForecast]]:
        try:
            text = await asyncio.to_thread(self.path.read_text, encoding="utf-8")
            raw = yaml.safe_load(text)  # JSON is YAML too
        except (OSError, yaml.YAMLError) as exc:
            raise ForecastUnavailable(f"fixture {self.path}: cannot read: {type(exc).__name__}") from None
        if not isinstance(raw, dict):
            raise ForecastUnavailable(
                f"fixture {self.path}: expected a mapping with 'default' or 'districts'"
            )
        overrides = raw.get("districts") or {}
        if not isinstance(overrides, dict):
            raise ForecastUnavailable(f"fixture {self.path}: 'districts' must map district ids to days")
        answer: dict[str, list[DailyForecast]] = {}
        for district in districts:
            entries = overrides.get(district.id, raw.get("default"))
            if entries is not None:
                answer[district.id] = self._days(entries, today)
        return answer

    def _days(self, entries: Any, today: date) -> list[DailyForecast]:
        if not isinstance(entries, list):
            raise ForecastUnavailable(f"fixture {self.path}: a district's forecast must be a list of days")
        days = []
        for entry in entries:
            try:
                day = (
                    date.fromisoformat(str(entry["date"]))
                    if "date" in entry
                    else today + timedelta(days=int(entry["day"]))
                )
                days.append(
                    DailyForecast(day, _celsius(entry["max"]), _optional_celsius(entry.get("apparent_max")))
                )
            except (KeyError, TypeError, ValueError):
                raise ForecastUnavailable(
                    f"fixture {self.path}: each day needs 'day' or 'date' and a numeric 'max'"
                ) from None
        return days

    async def aclose(self) -> None:
        """Nothing to close."""


class OpenMeteoForecast:
    """Open-Meteo's free daily forecast (no key), temperature_2m_max and apparent_temperature_max in
    Asia/Shanghai days, one request for all districts. Retries timeouts, connection errors, 429 and 5xx
    with a short backoff; a garbage answer or another 4xx is not retried (asking again gives the same)."""

    name = "open-meteo"

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        url: str = OPEN_METEO_URL,
        attempts: int = ATTEMPTS,
        backoff: Sequence[float] = BACKOFF_SECONDS,
        fresh_seconds: float = FRESH_SECONDS,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = monotonic_time.monotonic,
    ) -> None:
        self._client = client
        self._url = url
        self._attempts = attempts
        self._backoff = backoff
        self._fresh_seconds = fresh_seconds
        self._sleep = sleep
        self._clock = clock
        self._cache: tuple[tuple[date, tuple[str, ...]], float, dict[str, list[DailyForecast]]] | None = None

    async def daily_forecast(
        self, districts: Sequence[District], today: date
    ) -> Mapping[str, Sequence[DailyForecast]]:
        """Served from the cache while fresh; when Open-Meteo fails, a cached forecast of the same day is
        still better than none (this morning's forecast is still good at midday)."""
        key = (today, tuple(district.id for district in districts))
        cached = self._cache if self._cache is not None and self._cache[0] == key else None
        if cached is not None and self._clock() - cached[1] < self._fresh_seconds:
            return cached[2]
        try:
            forecast = await self._fetch(districts)
        except ForecastUnavailable:
            if cached is not None:
                _LOGGER.debug("open-meteo failed; using the forecast fetched earlier today")
                return cached[2]
            raise
        self._cache = (key, self._clock(), forecast)
        return forecast

    async def _fetch(self, districts: Sequence[District]) -> dict[str, list[DailyForecast]]:
        params = {
            "latitude": ",".join(f"{district.lat:.4f}" for district in districts),
            "longitude": ",".join(f"{district.lon:.4f}" for district in districts),
            "daily": "temperature_2m_max,apparent_temperature_max",
            "timezone": "Asia/Shanghai",
            "forecast_days": str(FORECAST_DAYS),
        }
        problem = "no attempt"
        for attempt in range(self._attempts):
            if attempt:
                await self._sleep(self._backoff[min(attempt - 1, len(self._backoff) - 1)])
            try:
                response = await self._client.get(self._url, params=params, timeout=REQUEST_TIMEOUT)
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise ForecastUnavailable(f"open-meteo answered HTTP {response.status_code}")
            return parse_open_meteo(response.content, districts)
        raise ForecastUnavailable(f"open-meteo {problem} after {self._attempts} attempts")

    async def aclose(self) -> None:
        await self._client.aclose()


def parse_open_meteo(body: bytes, districts: Sequence[District]) -> dict[str, list[DailyForecast]]:
    """Check the answer strictly: one location per district in order, dates, numbers in a plausible range.
    A day with a null maximum is left out; anything else unexpected makes the whole answer garbage."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ForecastUnavailable("open-meteo answered something that is not JSON") from None
    locations = data if isinstance(data, list) else [data]
    if len(locations) != len(districts):
        raise ForecastUnavailable(f"open-meteo answered {len(locations)} locations for {len(districts)}")
    forecast: dict[str, list[DailyForecast]] = {}
    for district, location in zip(districts, locations, strict=True):
        try:
            daily = location["daily"]
            days, maxima = daily["time"], daily["temperature_2m_max"]
            apparent = daily.get("apparent_temperature_max") or [None] * len(days)
            if not (isinstance(days, list) and len(days) == len(maxima) == len(apparent)):
                raise ValueError("lists of different lengths")
            forecast[district.id] = [
                DailyForecast(date.fromisoformat(day), _celsius(high), _optional_celsius(feels))
                for day, high, feels in zip(days, maxima, apparent, strict=True)
                if high is not None
            ]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ForecastUnavailable("open-meteo answered an unexpected shape") from None
    return forecast


def _celsius(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("not a temperature")
    if not _PLAUSIBLE_C[0] <= value <= _PLAUSIBLE_C[1]:
        raise ValueError("implausible temperature")
    return float(value)


def _optional_celsius(value: Any) -> float | None:
    return None if value is None else _celsius(value)


class QuietForecast:
    """Wraps a provider so that a failing service is logged once per run of failures (a WARNING when it
    starts failing, an INFO when it recovers, DEBUG in between) and never raises: None means no forecast."""

    def __init__(self, provider: ForecastProvider) -> None:
        self.provider = provider
        self._failing = False

    @property
    def name(self) -> str:
        return self.provider.name

    async def fetch(
        self, districts: Sequence[District], today: date
    ) -> Mapping[str, Sequence[DailyForecast]] | None:
        try:
            forecast = await self.provider.daily_forecast(districts, today)
        except ForecastUnavailable as problem:
            if self._failing:
                _LOGGER.debug("heat forecast still unavailable: %s", problem)
            else:
                _LOGGER.warning("heat forecast unavailable, no pre-alerts until it is back: %s", problem)
            self._failing = True
            return None
        if self._failing:
            _LOGGER.info("heat forecast is available again (%s)", self.provider.name)
        self._failing = False
        return forecast

    async def aclose(self) -> None:
        await self.provider.aclose()


def create_provider(setting: str, *, client: httpx.AsyncClient | None = None) -> ForecastProvider:
    """The provider BOT_HEAT_PROVIDER names (already validated by the settings). Call it in post_init:
    the Open-Meteo provider opens an httpx.AsyncClient, closed by `aclose()` in post_shutdown."""
    if setting == "none":
        return NoForecast()
    if setting.startswith("fixture:"):
        return FixtureForecast(Path(setting.removeprefix("fixture:")))
    return OpenMeteoForecast(client or httpx.AsyncClient(headers={"User-Agent": _USER_AGENT}))


@dataclass
class Weather:
    """The heat feature's live resources, opened in post_init: the forecast (with its HTTP client), the
    districts, and the lock that keeps two delivery passes from planning the same reminders at once."""

    forecast: QuietForecast
    districts: Districts
    dispatch_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
