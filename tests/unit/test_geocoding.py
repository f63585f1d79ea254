"""PlaceFinder: the gazetteer first, then the online geocoder with a deadline and the right datum."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.config import DATA_DIR
from bot.geo import Datum, distance_m, from_wgs84
from bot.geocoding import GeocoderUnavailable, OnlineGeocoder, PlaceFinder
from bot.places import Gazetteer
from bot.stations import load_stations


@dataclass
class Point:
    latitude: float
    longitude: float


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(DATA_DIR / "places.yaml", load_stations(DATA_DIR / "stations.yaml"))


def online(
    answer: object = None, *, delay: float = 0.0, datum: Datum = Datum.WGS84, fail: bool = False
) -> OnlineGeocoder:
    calls: list[str] = []

    async def geocode(text: str) -> object:
        calls.append(text)
        await asyncio.sleep(delay)
        if fail:
            raise ConnectionError("service down")
        return answer

    return OnlineGeocoder(geolocator=None, geocode=geocode, datum=datum)


async def test_the_gazetteer_answers_without_going_online(gazetteer: Gazetteer) -> None:
    finder = PlaceFinder(gazetteer, online(fail=True))
    place = await finder.find("杭州东站附近")
    assert place is not None and place.name_zh.startswith("杭州东站")


async def test_text_that_is_no_place_finds_nothing_offline(gazetteer: Gazetteer) -> None:
    assert await PlaceFinder(gazetteer).find("你好") is None
    assert await PlaceFinder(gazetteer).find("x" * 200) is None


async def test_a_slow_online_geocoder_gives_up_quickly(gazetteer: Gazetteer) -> None:
    finder = PlaceFinder(gazetteer, online(Point(30.0, 120.0), delay=5.0), timeout=0.05)
    with pytest.raises(GeocoderUnavailable):
        await finder.find("某某小区三期")


async def test_a_failing_online_geocoder_is_reported_as_unavailable(gazetteer: Gazetteer) -> None:
    with pytest.raises(GeocoderUnavailable):
        await PlaceFinder(gazetteer, online(fail=True)).find("某某小区三期")


async def test_baidu_answers_are_converted_from_bd09(gazetteer: Gazetteer) -> None:
    wgs = (30.2741, 120.1551)
    bd = from_wgs84(*wgs, Datum.BD09)
    place = await PlaceFinder(gazetteer, online(Point(*bd), datum=Datum.BD09)).find("某某小区三期")
    assert place is not None and distance_m(place.lat, place.lon, *wgs) < 1.0


async def test_online_no_result_is_none(gazetteer: Gazetteer) -> None:
    assert await PlaceFinder(gazetteer, online(None)).find("某某小区三期") is None


def test_offline_setting_builds_no_online_geocoder() -> None:
    assert OnlineGeocoder.for_settings("offline", None) is None
    nominatim = OnlineGeocoder.for_settings("nominatim", None)
    assert nominatim is not None and nominatim.datum is Datum.WGS84
    baidu = OnlineGeocoder.for_settings("baidu", "key")
    assert baidu is not None and baidu.datum is Datum.BD09
