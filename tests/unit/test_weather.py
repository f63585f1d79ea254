"""Forecast providers with an httpx.MockTransport: answers, timeouts, garbage, retries, cache. No network."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.heat import DailyForecast, District, ForecastUnavailable
from bot.stations import LocalizedText
from bot.weather import (
    FixtureForecast,
    NoForecast,
    OpenMeteoForecast,
    QuietForecast,
    create_provider,
)

TODAY = date(2025, 7, 21)
CITY = District("shangcheng", LocalizedText(zh="上城区", en="Shangcheng"), 30.26, 120.19)
XIAOSHAN = District("xiaoshan", LocalizedText(zh="萧山区", en="Xiaoshan"), 30.18, 120.26)
DISTRICTS = [CITY, XIAOSHAN]


def location(maxima: list[Any], apparent: list[Any] | None = None) -> dict[str, Any]:
    days = [f"2025-07-{21 + offset}" for offset in range(len(maxima))]
    daily: dict[str, Any] = {"time": days, "temperature_2m_max": maxima}
    daily["apparent_temperature_max"] = apparent if apparent is not None else [None] * len(maxima)
    return {"latitude": 30.25, "longitude": 120.1875, "timezone": "Asia/Shanghai", "daily": daily}


GOOD = [location([33.6, 36.4, 37.8], [37.9, 41.2, 42.5]), location([36.1, 37.2, None])]


class Recorder:
    """A MockTransport handler that answers from a script and counts requests; waits are recorded too."""

    def __init__(self, *answers: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return answer(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def ok(body: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, json=body)


def raw(status: int, content: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=content)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


def provider(recorder: Recorder, **options: Any) -> OpenMeteoForecast:
    client = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return OpenMeteoForecast(client, sleep=recorder.sleep, **options)


async def test_one_request_for_every_district_in_shanghai_days() -> None:
    recorder = Recorder(ok(GOOD))
    forecast = await provider(recorder).daily_forecast(DISTRICTS, TODAY)
    assert forecast["shangcheng"][1] == DailyForecast(date(2025, 7, 22), 36.4, 41.2)
    assert [day.max_c for day in forecast["xiaoshan"]] == [36.1, 37.2]  # a null maximum is left out
    params = recorder.requests[0].url.params
    assert params["latitude"] == "30.2600,30.1800" and params["longitude"] == "120.1900,120.2600"
    assert params["daily"] == "temperature_2m_max,apparent_temperature_max"
    assert params["timezone"] == "Asia/Shanghai"
    assert len(recorder.requests) == 1


async def test_a_single_location_answers_an_object() -> None:
    forecast = await provider(Recorder(ok(GOOD[0]))).daily_forecast([CITY], TODAY)
    assert forecast["shangcheng"][0].max_c == 33.6


async def test_timeouts_are_retried_a_bounded_number_of_times() -> None:
    recorder = Recorder(timeout)
    with pytest.raises(ForecastUnavailable, match="timed out after 3 attempts"):
        await provider(recorder).daily_forecast(DISTRICTS, TODAY)
    assert len(recorder.requests) == 3 and recorder.sleeps == [1.0, 3.0]


async def test_a_server_error_then_an_answer_succeeds() -> None:
    recorder = Recorder(raw(503, b"busy"), refused, ok(GOOD))
    forecast = await provider(recorder).daily_forecast(DISTRICTS, TODAY)
    assert "shangcheng" in forecast and len(recorder.requests) == 3


async def test_a_client_error_is_not_retried() -> None:
    recorder = Recorder(raw(400, b'{"error": true, "reason": "bad"}'))
    with pytest.raises(ForecastUnavailable, match="HTTP 400"):
        await provider(recorder).daily_forecast(DISTRICTS, TODAY)
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<html>502 Bad Gateway</html>",
        b"",
        b"null",
        b"[]",
        json.dumps([GOOD[0]]).encode(),  # one location for two districts
        json.dumps([location([33.0]), {"daily": {}}]).encode(),
        json.dumps([location(["hot"]), location([30.0])]).encode(),
        json.dumps([location([True]), location([30.0])]).encode(),
        json.dumps([location([999.0]), location([30.0])]).encode(),
        b'[{"daily": {"time": ["2025-07-21"], "temperature_2m_max": [NaN]}}, {}]',
        json.dumps([location([33.0, 34.0], [30.0]), location([30.0])]).encode(),  # lists of different lengths
        json.dumps(
            [{"daily": {"time": ["21/07/2025"], "temperature_2m_max": [33]}}, location([30.0])]
        ).encode(),
    ],
)
async def test_garbage_answers_are_unavailable_not_crashes(body: bytes) -> None:
    recorder = Recorder(raw(200, body))
    with pytest.raises(ForecastUnavailable):
        await provider(recorder).daily_forecast(DISTRICTS, TODAY)
    assert len(recorder.requests) == 1


async def test_a_fresh_forecast_is_served_from_the_cache() -> None:
    now = [0.0]
    recorder = Recorder(ok(GOOD))
    weather = provider(recorder, clock=lambda: now[0])
    await weather.daily_forecast(DISTRICTS, TODAY)
    now[0] = 600.0
    await weather.daily_forecast(DISTRICTS, TODAY)
    assert len(recorder.requests) == 1
    await weather.daily_forecast(DISTRICTS, date(2025, 7, 22))  # a new day asks again
    assert len(recorder.requests) == 2


async def test_when_the_service_fails_the_same_day_s_forecast_is_kept() -> None:
    now = [0.0]
    recorder = Recorder(ok(GOOD), timeout)
    weather = provider(recorder, clock=lambda: now[0])
    first = await weather.daily_forecast(DISTRICTS, TODAY)
    now[0] = 4 * 3600.0  # the midday check
    assert await weather.daily_forecast(DISTRICTS, TODAY) == first
    with pytest.raises(ForecastUnavailable):
        await weather.daily_forecast(DISTRICTS, date(2025, 7, 22))  # yesterday's is no forecast for today


async def test_a_failing_service_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(
        timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout, ok(GOOD)
    )
    quiet = QuietForecast(provider(recorder, fresh_seconds=0))
    with caplog.at_level(logging.DEBUG, logger="bot.weather"):
        assert await quiet.fetch(DISTRICTS, TODAY) is None
        assert await quiet.fetch(DISTRICTS, TODAY) is None
        assert await quiet.fetch(DISTRICTS, TODAY) is None
        assert await quiet.fetch(DISTRICTS, TODAY) is not None
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "timed out" in warnings[0].getMessage()
    assert any(record.levelno == logging.INFO and "again" in record.getMessage() for record in caplog.records)


async def test_none_has_no_forecast() -> None:
    assert await NoForecast().daily_forecast(DISTRICTS, TODAY) == {}


async def test_the_fixture_serves_days_relative_to_today(tmp_path: Path) -> None:
    path = tmp_path / "fixture.yaml"
    path.write_text(
        "default:\n  - {day: 0, max: 33}\n  - {day: 1, max: 36.5, apparent_max: 40}\n"
        "districts:\n  xiaoshan:\n    - {date: 2025-07-21, max: 38}\n"
    )
    forecast = await FixtureForecast(path).daily_forecast(DISTRICTS, TODAY)
    assert forecast["shangcheng"] == [
        DailyForecast(TODAY, 33.0, None),
        DailyForecast(date(2025, 7, 22), 36.5, 40.0),
    ]
    assert forecast["xiaoshan"] == [DailyForecast(TODAY, 38.0, None)]


SHIPPED_FIXTURE = Path(__file__).resolve().parents[2] / "data" / "heat_fixture.yaml"


async def test_the_shipped_fixture_is_valid() -> None:
    path = SHIPPED_FIXTURE
    forecast = await FixtureForecast(path).daily_forecast(DISTRICTS, TODAY)
    assert forecast["xiaoshan"][0].max_c >= 35 > forecast["shangcheng"][0].max_c


@pytest.mark.parametrize(
    "content",
    ["- just a list", "default: 3", "default:\n  - {day: 0}", "default:\n  - {day: x, max: 1}", ": :"],
)
async def test_a_broken_fixture_is_unavailable(tmp_path: Path, content: str) -> None:
    path = tmp_path / "fixture.yaml"
    path.write_text(content)
    with pytest.raises(ForecastUnavailable):
        await FixtureForecast(path).daily_forecast(DISTRICTS, TODAY)


async def test_the_setting_picks_the_provider(tmp_path: Path) -> None:
    assert create_provider("none").name == "none"
    assert create_provider(f"fixture:{tmp_path / 'f.yaml'}").name == "fixture"
    online = create_provider("open-meteo")
    assert online.name == "open-meteo"
    await online.aclose()
