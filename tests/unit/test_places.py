"""bot.places: typed place names -> a point, forgiving with fillers, traditional characters and typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.geo import Datum, distance_m, to_wgs84
from bot.places import Gazetteer, PlaceKind, PlacesFileError, normalise
from bot.stations import load_stations

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(DATA / "places.yaml", load_stations(DATA / "stations.yaml"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("杭州东站", "杭州东站"),
        ("东站", "杭州东站"),
        ("火车东站附近", "杭州东站"),
        ("杭州東站", "杭州东站"),  # traditional characters
        ("杭州冬站", "杭州东站"),  # a wrong character from the input method
        ("Hangzhou East Station", "杭州东站"),
        ("城站旁边", "杭州站"),
        ("我在城站这边", "杭州站"),
        ("武林广场附近", "武林广场"),
        ("武林广场。", "武林广场"),
        ("武林广厂", "武林广场"),
        ("滨江区江南大道", "江南大道"),  # the longer, more specific name wins
        ("滨江", "滨江区"),
        ("湖濱銀泰", "湖滨银泰in77"),
        ("西溪湿地一带", "西溪湿地"),
        ("西溪湿", "西溪湿地"),
        ("萧山机场", "杭州萧山国际机场"),
        ("near the airport", "杭州萧山国际机场"),
        ("near West Lake", "西湖"),
        ("大莲花门口", "杭州奥体中心"),
        ("浙大一院", "浙大一院"),
        ("浙江省杭州市上城区解放路100号", "解放路"),
        ("杭州", "杭州市"),
        ("上城区党群服务中心", "上城区新就业群体党群服务中心"),  # an abbreviated station name
        ("四季青街道新就业群体党群服务中心", "四季青街道新就业群体党群服务中心"),
    ],
)
def test_find(gazetteer: Gazetteer, text: str, expected: str) -> None:
    match = gazetteer.find(text)
    assert match is not None
    assert match.name == expected


@pytest.mark.parametrize(
    "text",
    [
        "你好",
        "hello",
        "123",
        "谢谢",
        "好的",
        "今天好热",
        "我要找驿站",
        "/start",
        "ok",
        "附近",
        "",
        "  ",
        "？",
    ],
)
def test_non_places_find_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.find(text) is None


def test_match_carries_wgs84_location_kind_and_score(gazetteer: Gazetteer) -> None:
    exact = gazetteer.find("杭州东站")
    assert exact is not None and exact.kind is PlaceKind.HUB and exact.score == 100.0
    gcj_lat, gcj_lon = 30.2909, 120.2126  # as in places.yaml, GCJ-02
    assert distance_m(exact.lat, exact.lon, *to_wgs84(gcj_lat, gcj_lon, Datum.GCJ02)) < 1.0
    typo = gazetteer.find("杭州冬站")
    assert typo is not None and 70.0 <= typo.score < 100.0


def test_station_names_are_searchable(gazetteer: Gazetteer) -> None:
    match = gazetteer.find("杭州东站小哥驿站")
    assert match is not None
    assert match.kind is PlaceKind.STATION and match.station_id == "hangzhou-east"


def test_gazetteer_is_big_enough_and_covers_every_kind() -> None:
    text = (DATA / "places.yaml").read_text(encoding="utf-8")
    assert text.count("- {name:") >= 80
    for kind in PlaceKind:
        if kind is not PlaceKind.STATION:
            assert f"kind: {kind.value}" in text


def test_normalise() -> None:
    assert normalise("  杭州東站 附近！") == "杭州东站"
    assert normalise("Near  West-Lake") == "westlake"
    assert normalise("我在城站旁边") == "城站"
    assert normalise("附近") == "附近"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text("places:\n" + body, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(PlacesFileError) as caught:
        Gazetteer.load(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}:")
    return message


def test_bad_places_files(tmp_path: Path) -> None:
    ok = "  - {name: 东站, en: East, kind: hub, location: {lat: 30.29, lon: 120.21}}\n"
    assert Gazetteer.load(write(tmp_path, ok)).find("东站") is not None
    clash = ok + ok.replace("东站, en: East,", "杭州东站, en: East Station, aliases: [東站],")
    message = load_error(write(tmp_path, clash))
    assert "place '杭州东站' field 'aliases[0]': '東站' also names '东站'" in message
    bad_kind = ok.replace("kind: hub", "kind: shop")
    assert "place '东站' field 'kind': 'shop' is not one of" in load_error(write(tmp_path, bad_kind))
    bad_lat = ok.replace("lat: 30.29", "lat: 300")
    assert "place '东站' field 'location.lat'" in load_error(write(tmp_path, bad_lat))
    assert "cannot read" in load_error(tmp_path / "missing.yaml")
