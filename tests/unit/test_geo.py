"""bot.geo: datum conversions, the exact nearest-neighbour index, travel times and map links."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.geo import (
    SCAN_LIMIT,
    Datum,
    SpatialIndex,
    amap_marker_url,
    baidu_marker_url,
    bd09_to_gcj02,
    distance_m,
    ebike_minutes,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_hangzhou,
    to_wgs84,
    walk_minutes,
    wgs84_to_gcj02,
)

# Published outputs of wandergis/coordtransform (README) for the input (lat 39.915, lon 116.404), Beijing.
COORDTRANSFORM_INPUT = (39.915, 116.404)
WGS84_TO_GCJ02 = (39.91640428150164, 116.41024449916938)
GCJ02_TO_BD09 = (39.92133699351021, 116.41036949371029)
WGS84_TO_BD09 = (39.922699552216216, 116.41662724378733)
# The two inverses below are the library's one-step approximations; ours iterate, so they agree to < 1 m.
BD09_TO_GCJ02 = (39.90865673957631, 116.39762729119315)
GCJ02_TO_WGS84 = (39.91359571849836, 116.39775550083061)

china_lat = st.floats(min_value=18.0, max_value=53.0)
china_lon = st.floats(min_value=74.0, max_value=134.0)
hangzhou_lat = st.floats(min_value=29.9, max_value=30.6)
hangzhou_lon = st.floats(min_value=119.7, max_value=120.6)


def test_forward_transforms_match_published_pairs() -> None:
    assert wgs84_to_gcj02(*COORDTRANSFORM_INPUT) == pytest.approx(WGS84_TO_GCJ02, abs=1e-12)
    assert gcj02_to_bd09(*COORDTRANSFORM_INPUT) == pytest.approx(GCJ02_TO_BD09, abs=1e-12)
    assert from_wgs84(*COORDTRANSFORM_INPUT, Datum.BD09) == pytest.approx(WGS84_TO_BD09, abs=1e-12)


def test_inverse_transforms_agree_with_published_approximations() -> None:
    assert distance_m(*bd09_to_gcj02(*COORDTRANSFORM_INPUT), *BD09_TO_GCJ02) < 1.0
    assert distance_m(*gcj02_to_wgs84(*COORDTRANSFORM_INPUT), *GCJ02_TO_WGS84) < 1.0


def test_gcj02_lies_about_half_a_kilometre_from_wgs84_in_hangzhou() -> None:
    for lat, lon in [(30.2741, 120.1551), (30.2909, 120.2126), (30.2084, 120.2119), (30.4190, 120.2993)]:
        assert 450.0 < distance_m(lat, lon, *wgs84_to_gcj02(lat, lon)) < 600.0


@pytest.mark.parametrize(
    ("lat", "lon"), [(51.5007, -0.1246), (40.7128, -74.006), (35.6812, 139.7671), (-33.8688, 151.2093)]
)
def test_transforms_are_the_identity_outside_china(lat: float, lon: float) -> None:
    for datum in (Datum.WGS84, Datum.GCJ02):
        assert from_wgs84(lat, lon, datum) == (lat, lon)
        assert to_wgs84(lat, lon, datum) == (lat, lon)


@settings(max_examples=300)
@given(lat=china_lat, lon=china_lon)
def test_round_trips_are_under_one_metre(lat: float, lon: float) -> None:
    for datum in (Datum.GCJ02, Datum.BD09):
        back = to_wgs84(*from_wgs84(lat, lon, datum), datum)
        assert distance_m(lat, lon, *back) < 1.0


def test_hangzhou_bounding_box() -> None:
    assert in_hangzhou(30.2741, 120.1551)  # city centre
    assert in_hangzhou(29.6089, 119.0424)  # Chun'an
    assert not in_hangzhou(31.2304, 121.4737)  # Shanghai
    assert not in_hangzhou(30.03, 120.87)  # Shangyu (Shaoxing), east of the box


def test_distance_is_geodesic_metres() -> None:
    # One degree of latitude at the equator on WGS-84 is 110 574 m (a sphere would say 111 195 m).
    assert distance_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(110_574.4, abs=0.5)
    assert distance_m(30.0, 120.0, 30.0, 120.0) == 0.0


# The list walk (small catalogues) and the k-d tree walk (large ones) must both equal brute force.
BOTH_WALKS = (SCAN_LIMIT, 0)


def brute_force(
    points: list[tuple[float, float]], lat: float, lon: float, k: int, keep: set[int] | None = None
):
    ranked = sorted((distance_m(lat, lon, plat, plon), index) for index, (plat, plon) in enumerate(points))
    return [(index, dist) for dist, index in ranked if keep is None or index in keep][:k]


def point_lists(lat: st.SearchStrategy[float], lon: st.SearchStrategy[float]):
    return st.lists(st.tuples(lat, lon), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    points=st.one_of(point_lists(china_lat, china_lon), point_lists(hangzhou_lat, hangzhou_lon)),
    query=st.tuples(hangzhou_lat, hangzhou_lon) | st.tuples(china_lat, china_lon),
    k=st.integers(min_value=1, max_value=5),
)
def test_nearest_equals_geodesic_brute_force(points, query, k) -> None:
    for scan_limit in BOTH_WALKS:
        assert SpatialIndex(points, scan_limit=scan_limit).nearest(*query, k) == brute_force(
            points, *query, k
        )


@settings(max_examples=150, deadline=None)
@given(
    points=st.one_of(point_lists(china_lat, china_lon), point_lists(hangzhou_lat, hangzhou_lon)),
    query=st.tuples(hangzhou_lat, hangzhou_lon),
    k=st.integers(min_value=1, max_value=5),
    modulus=st.integers(min_value=2, max_value=15),
    remainder=st.integers(min_value=0, max_value=14),
)
def test_nearest_with_a_filter_equals_filtered_brute_force(points, query, k, modulus, remainder) -> None:
    keep = {index for index in range(len(points)) if index % modulus == remainder % modulus}
    for scan_limit in BOTH_WALKS:
        found = SpatialIndex(points, scan_limit=scan_limit).nearest(*query, k, accept=keep.__contains__)
        assert found == brute_force(points, *query, k, keep)


@pytest.mark.parametrize("scan_limit", BOTH_WALKS)
def test_nearest_handles_duplicates_and_a_filter_that_rejects_everything(scan_limit: int) -> None:
    points = [(30.25, 120.17)] * 5 + [(30.26, 120.18)] * 30
    index = SpatialIndex(points, scan_limit=scan_limit)
    assert index.nearest(30.2501, 120.1701, 3) == brute_force(points, 30.2501, 120.1701, 3)
    assert index.nearest(30.2501, 120.1701, 3, accept=lambda i: i >= 20) == brute_force(
        points, 30.2501, 120.1701, 3, set(range(20, 35))
    )
    assert index.nearest(30.25, 120.17, 3, accept=lambda i: False) == []
    assert SpatialIndex([]).nearest(30.25, 120.17, 3) == []
    assert index.nearest(30.25, 120.17, 0) == []


def test_nearest_re_ranks_when_sphere_order_and_geodesic_order_differ() -> None:
    # At 30°N the ellipsoid is flatter north-south than east-west: a point 0.3 % farther by angle due north
    # is nearer by geodesic than one due east, so the chord order alone would give the wrong answer.
    lat, lon, angle = 30.0, 120.0, 0.01
    east = (lat, lon + math.degrees(angle) / math.cos(math.radians(lat)))
    north = (lat + math.degrees(angle * 1.003), lon)
    assert distance_m(lat, lon, *north) < distance_m(lat, lon, *east)
    [(nearest, _)] = SpatialIndex([east, north]).nearest(lat, lon, 1)
    assert nearest == 1


def test_travel_times_round_up() -> None:
    assert ebike_minutes(0) == 0
    assert ebike_minutes(1000) == 6  # 1.3 km at 250 m/min = 5.2 min
    assert walk_minutes(1000) == 18  # 1.3 km at 75 m/min = 17.3 min
    assert walk_minutes(1) == 1


def test_amap_link_is_in_gcj02() -> None:
    lat, lon = 30.2935, 120.2077
    url = amap_marker_url(lat, lon, "杭州东站 & 驿站")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://uri.amap.com/marker?")
    glat, glon = wgs84_to_gcj02(lat, lon)
    assert query["position"] == [f"{glon:.6f},{glat:.6f}"]
    assert query["name"] == ["杭州东站 & 驿站"]
    assert query["coordinate"] == ["gaode"]
    assert query["callnative"] == ["1"]
    assert "%E6%9D%AD" in url and " " not in url


def test_baidu_link_is_in_bd09() -> None:
    lat, lon = 30.2935, 120.2077
    url = baidu_marker_url(lat, lon, "杭州东站小哥驿站", "饮水 充电")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://api.map.baidu.com/marker?")
    blat, blon = from_wgs84(lat, lon, Datum.BD09)
    assert query["location"] == [f"{blat:.6f},{blon:.6f}"]
    assert query["title"] == ["杭州东站小哥驿站"]
    assert query["content"] == ["饮水 充电"]
    assert query["coord_type"] == ["bd09ll"]
    assert query["output"] == ["html"]
    assert query["src"]
    assert " " not in url
