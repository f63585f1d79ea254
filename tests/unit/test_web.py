"""The service map over HTTP: GeoJSON shape, open-now on a controlled clock, datums, page, lifecycle."""

from __future__ import annotations

import json
import logging
import re
import socket
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import time_machine
from starlette.applications import Starlette

from bot.config import ConfigurationError, Settings, load_settings
from bot.geo import Datum, from_wgs84
from bot.i18n import Translator
from bot.stations import Service, StationCatalogue, load_stations
from bot.web.app import create_app, start_web_server, stop_web_server
from bot.web.catalogue import PAGE_STRINGS, page_strings
from bot.web.links import map_page_url, opens_as_mini_app
from tests.conftest import REPO_ROOT

STATIONS_FILE = REPO_ROOT / "data" / "stations.yaml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2025, 7, 7, 10, 0, tzinfo=SHANGHAI)
MONDAY_LUNCH = datetime(2025, 7, 7, 12, 30, tzinfo=SHANGHAI)
MONDAY_3AM = datetime(2025, 7, 7, 3, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def catalogue() -> StationCatalogue:
    return load_stations(STATIONS_FILE)


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


def settings(**values: Any) -> Settings:
    return Settings(stations_file=STATIONS_FILE, **values)


def app(catalogue: StationCatalogue, translator: Translator, **values: Any) -> Starlette:
    return create_app(settings(**values), catalogue, translator)


async def get(web_app: Starlette, path: str, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=web_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://map.test") as http:
        return await http.get(path, headers=headers)


async def stations_json(web_app: Starlette, query: str = "") -> dict[str, Any]:
    response = await get(web_app, f"/api/stations{query}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {feature["id"]: feature["properties"] for feature in body["features"]}


# --- the API --------------------------------------------------------------------------------------------


async def test_the_catalogue_is_a_geojson_feature_collection(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    body = await stations_json(app(catalogue, translator))
    assert body["type"] == "FeatureCollection" and body["datum"] == "wgs84"
    assert [feature["id"] for feature in body["features"]] == [station.id for station in catalogue]
    assert len(body["features"]) == 16
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 119 < lon < 121 and 29 < lat < 31  # GeoJSON order: longitude first
        properties = feature["properties"]
        assert {"name", "address", "open", "status", "hours", "services", "campaign", "links"} <= set(
            properties
        )
        assert set(properties["services"]) <= {service.value for service in Service}
        assert properties["links"]["amap"].startswith("https://uri.amap.com/marker?")
        assert properties["links"]["baidu"].startswith("https://api.map.baidu.com/marker?")
        assert properties["distance_m"] is None


async def test_a_station_in_chinese_and_in_english(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    web_app = app(catalogue, translator)
    zh = by_id(await stations_json(web_app, "?lang=zh"))["shangcheng-djzx"]
    assert zh["name"] == "上城区新就业群体党群服务中心"
    assert zh["hours"] == [
        {"days": "周一至周五", "spans": "08:00–20:00"},
        {"days": "周六至周日", "spans": "09:00–18:00"},
    ]
    assert zh["closed"] == "每天 12:00–13:00 休息"
    assert zh["campaign"] == ["清凉大礼包", "冰爽饮品免费领"]
    en = by_id(await stations_json(web_app, "?lang=en"))["shangcheng-djzx"]
    assert en["name"].startswith("Shangcheng District")
    assert en["hours"][0] == {"days": "Mon–Fri", "spans": "08:00–20:00"}
    assert en["closed"] == "Closed daily 12:00–13:00"
    assert by_id(await stations_json(web_app, "?lang=en"))["wulin-square"]["hours"] == [
        {"days": "Daily", "spans": "24 hours"}
    ]


async def test_the_browser_language_is_used_without_lang(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    response = await get(app(catalogue, translator), "/api/stations", **{"Accept-Language": "en-US,en;q=0.9"})
    assert response.json()["language"] == "en"


async def test_open_now_is_computed_on_the_server_at_request_time(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        stations = by_id(await stations_json(app(catalogue, translator)))
    assert stations["shangcheng-djzx"]["open"] is True
    assert stations["shangcheng-djzx"]["status"] == "营业中 · 12:00 关门"  # the lunch break
    assert stations["wulin-square"]["status"] == "24 小时开放"
    assert stations["xiaoshan-shixin"]["status"] == "营业中 · 14:00 关门"  # opened at 10:00 sharp
    assert stations["xixi"]["open"] is True


async def test_a_lunch_break_closes_a_station(catalogue: StationCatalogue, translator: Translator) -> None:
    with time_machine.travel(MONDAY_LUNCH, tick=False):
        stations = by_id(await stations_json(app(catalogue, translator), "?lang=en"))
    assert stations["shangcheng-djzx"]["open"] is False
    assert stations["shangcheng-djzx"]["status"] == "Closed · opens today at 13:00"
    assert stations["xixi"]["status"] == "Closed · opens today at 13:00"


async def test_at_night_only_the_night_stations_are_open(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    with time_machine.travel(MONDAY_3AM, tick=False):
        stations = by_id(await stations_json(app(catalogue, translator)))
    open_ids = {station_id for station_id, properties in stations.items() if properties["open"]}
    assert open_ids == {"wulin-square", "linping-night", "hangzhou-east", "xiaoshan-airport"}
    assert stations["linping-night"]["status"] == "营业中 · 06:00 关门"
    assert stations["xixi"]["status"] == "已关门 · 今天 08:00 开门"


async def test_osm_tiles_keep_wgs84(catalogue: StationCatalogue, translator: Translator) -> None:
    body = await stations_json(app(catalogue, translator, map_tiles="osm"))
    assert body["datum"] == "wgs84"
    for feature, station in zip(body["features"], catalogue, strict=True):
        assert feature["geometry"]["coordinates"] == [round(station.lon, 6), round(station.lat, 6)]


async def test_amap_tiles_get_gcj02_markers(catalogue: StationCatalogue, translator: Translator) -> None:
    body = await stations_json(app(catalogue, translator, map_tiles="amap"))
    assert body["datum"] == "gcj02"
    for feature, station in zip(body["features"], catalogue, strict=True):
        lat, lon = from_wgs84(station.lat, station.lon, Datum.GCJ02)
        assert feature["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
        if station.source_location.datum is Datum.GCJ02:  # back where the file (read off Amap) put it
            assert feature["geometry"]["coordinates"] == pytest.approx(
                [station.source_location.lon, station.source_location.lat], abs=2e-6
            )
    wulin = next(feature for feature in body["features"] if feature["id"] == "wulin-square")
    station = next(station for station in catalogue if station.id == "wulin-square")
    assert abs(wulin["geometry"]["coordinates"][0] - station.lon) > 0.003  # about 500 m east of WGS-84


async def test_a_position_sorts_by_distance_and_comes_back_in_the_map_datum(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    sijiqing = catalogue.by_id["sijiqing-djzx"]
    query = f"?lat={sijiqing.lat}&lon={sijiqing.lon}"
    body = await stations_json(app(catalogue, translator, map_tiles="amap"), query)
    distances = [feature["properties"]["distance_m"] for feature in body["features"]]
    assert distances == sorted(distances)
    first = body["features"][0]["properties"]
    assert (body["features"][0]["id"], first["distance_m"], first["distance"]) == ("sijiqing-djzx", 0, "0 米")
    assert body["features"][-1]["properties"]["distance"].endswith(" 公里")
    nearest_three = [hit.station.id for hit in catalogue.nearest(sijiqing.lat, sijiqing.lon, 3)]
    assert [feature["id"] for feature in body["features"][:3]] == nearest_three
    lat, lon = from_wgs84(sijiqing.lat, sijiqing.lon, Datum.GCJ02)
    assert body["origin"] == {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


@pytest.mark.parametrize("query", ["?lat=abc&lon=120", "?lat=30", "?lat=95&lon=120", "?lat=nan&lon=120"])
async def test_a_malformed_position_is_refused(
    catalogue: StationCatalogue, translator: Translator, query: str
) -> None:
    assert (await get(app(catalogue, translator), f"/api/stations{query}")).status_code == 400


# --- the page -------------------------------------------------------------------------------------------


def page_config(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="config" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    config: dict[str, Any] = json.loads(match.group(1))
    return config


async def test_the_page_ships_its_strings_and_tiles_and_nothing_from_a_cdn(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    response = await get(app(catalogue, translator, map_tiles="none"), "/map?lang=en")
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<title>Warm-New Service Map · Hangzhou courier stations</title>" in response.text
    assert re.findall(r'(?:src|href)="(https?:)?//', response.text) == []
    config = page_config(response.text)
    assert config["language"] == "en" and config["tiles"] is None and config["api"] == "api/stations"
    assert config["strings"]["web-service-cooling"] == "❄️ Cooling"
    assert config["strings"]["web-count"] == "{shown} of {total} stations"

    osm = page_config((await get(app(catalogue, translator, map_tiles="osm"), "/map?lang=zh")).text)
    assert osm["tiles"]["url"].startswith("https://tile.openstreetmap.org/")
    amap = page_config((await get(app(catalogue, translator, map_tiles="amap"), "/map")).text)
    assert "autonavi.com" in amap["tiles"]["url"] and amap["language"] == "zh"


async def test_leaflet_is_served_from_the_project(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    web_app = app(catalogue, translator)
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/images/marker-icon.png",
        "map.js",
        "map.css",
    ):
        assert (await get(web_app, f"/static/{path}")).status_code == 200, path
    assert (await get(web_app, "/")).headers["location"] == "map"


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_every_page_string_is_in_the_catalogue(translator: Translator, language: str) -> None:
    strings = page_strings(translator, language)
    assert set(strings) == set(PAGE_STRINGS)
    for key, text in strings.items():
        assert text != key and text.strip(), key
        for argument in PAGE_STRINGS[key]:
            assert "{" + argument + "}" in text
    for service in Service:  # the list shows each service by the icon its label starts with
        assert len(strings[f"web-service-{service.value}"].split(" ")) >= 2


async def test_script_breaking_text_cannot_end_the_config_block(
    translator: Translator, tmp_path: Any
) -> None:
    text = STATIONS_FILE.read_text(encoding="utf-8").replace(
        "name: {zh: 武林广场小哥驿站", 'name: {zh: "</script><script>alert(1)</script>"', 1
    )
    hostile = tmp_path / "stations.yaml"
    hostile.write_text(text, encoding="utf-8")
    web_app = create_app(settings(), load_stations(hostile), translator)
    assert "</script><script>" not in (await get(web_app, "/map")).text
    names = {feature["properties"]["name"] for feature in (await stations_json(web_app))["features"]}
    assert "</script><script>alert(1)</script>" in names  # JSON for the page, shown there as text


# --- links and settings ---------------------------------------------------------------------------------


async def test_the_map_is_linked_only_where_it_is_served() -> None:
    assert map_page_url(settings(), "zh") is None
    assert map_page_url(settings(web_port=8080), "zh") == "http://127.0.0.1:8080/map?lang=zh"
    assert (
        map_page_url(settings(web_port=8080, web_host="0.0.0.0"), "en") == "http://127.0.0.1:8080/map?lang=en"
    )
    assert map_page_url(settings(web_port=8080, web_host="::"), "en") == "http://[::1]:8080/map?lang=en"
    public = settings(web_port=8080, public_url="https://xiaoge.example.org/app/")
    assert map_page_url(public, "en") == "https://xiaoge.example.org/app/map?lang=en"
    assert opens_as_mini_app(public) and not opens_as_mini_app(settings(web_port=8080))


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("BOT_MAP_TILES", "google", "BOT_MAP_TILES: must be 'osm', 'amap' or 'none'"),
        ("BOT_WEB_HOST", "example.org", "BOT_WEB_HOST: 'example.org' is not an IP address"),
        ("BOT_WEB_PORT", "70000", "BOT_WEB_PORT:"),
    ],
)
async def test_bad_web_settings_stop_the_start(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", str(STATIONS_FILE))
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert expected in str(raised.value)


async def test_web_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", str(STATIONS_FILE))
    loaded = load_settings()
    assert (loaded.map_tiles, loaded.web_host, loaded.web_port) == ("osm", "127.0.0.1", None)


# --- the server inside the bot's event loop -------------------------------------------------------------


def resources(catalogue: StationCatalogue, translator: Translator, **values: Any) -> Any:
    """What start_web_server reads of BotResources."""
    return SimpleNamespace(
        settings=settings(**values),
        catalogue=catalogue,
        translator=translator,
        store=None,
        web_server=None,
        web_routes=[],
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_server_starts_and_stops_with_the_bot(
    catalogue: StationCatalogue, translator: Translator
) -> None:
    port = free_port()
    bot_data = resources(catalogue, translator, web_port=port, map_tiles="none")
    await start_web_server(bot_data)
    try:
        async with httpx.AsyncClient() as http:
            response = await http.get(f"http://127.0.0.1:{port}/api/stations?lang=en")
        assert response.status_code == 200 and len(response.json()["features"]) == 16
    finally:
        await stop_web_server(bot_data)
    assert bot_data.web_server is None
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as http:
            await http.get(f"http://127.0.0.1:{port}/map")


async def test_without_a_port_nothing_is_served(catalogue: StationCatalogue, translator: Translator) -> None:
    bot_data = resources(catalogue, translator)
    await start_web_server(bot_data)
    assert bot_data.web_server is None
    await stop_web_server(bot_data)


async def test_a_busy_port_is_logged_and_the_bot_runs_on(
    catalogue: StationCatalogue, translator: Translator, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        bot_data = resources(catalogue, translator, web_port=taken.getsockname()[1])
        with caplog.at_level(logging.ERROR, logger="bot.web.app"):
            await start_web_server(bot_data)
    assert bot_data.web_server is None
    assert "service map not served: cannot listen on 127.0.0.1:" in caplog.text
