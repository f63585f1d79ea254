"""Nearest 3 stations: the k-d tree index against a brute-force geodesic loop, at 16, 10k and 100k stations.

Stations and queries are random points in a China-sized box (fixed seed). The index time includes the
geodesic distances of the stations it returns, i.e. everything a /nearest answer needs. The loop computes the
geodesic distance to every station with the same geopy function and sorts: it is slow at 100k (seconds per
query), so only a couple of loop queries are timed there, against thousands of index queries. Every loop
query is also a correctness check: the index must return the same top 3.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from bench import emit, print_table
from bot.geo import SpatialIndex, distance_m

SEED = 20250625
K = 3
LAT_RANGE = (18.0, 53.0)
LON_RANGE = (73.0, 135.0)
# (label, stations, index queries, loop queries): loop queries shrink as the loop gets slower.
CASES = (
    ("nearest_16", 16, 2000, 500),
    ("nearest_10k", 10_000, 2000, 5),
    ("nearest_100k", 100_000, 2000, 2),
)


def _random_points(rng: np.random.Generator, count: int) -> list[tuple[float, float]]:
    lats = rng.uniform(*LAT_RANGE, count)
    lons = rng.uniform(*LON_RANGE, count)
    return list(zip(lats.tolist(), lons.tolist(), strict=True))


def _loop_nearest(points: list[tuple[float, float]], lat: float, lon: float) -> list[int]:
    distances = [(distance_m(lat, lon, plat, plon), index) for index, (plat, plon) in enumerate(points)]
    return [index for _, index in sorted(distances)[:K]]


def _time_ms(function: Callable[..., object], *args: float) -> float:
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000.0


def run() -> None:
    rng = np.random.default_rng(SEED)
    rows = []
    for label, size, index_queries, loop_queries in CASES:
        points = _random_points(rng, size)
        queries = _random_points(rng, index_queries)
        start = time.perf_counter()
        index = SpatialIndex(points)
        build_ms = (time.perf_counter() - start) * 1000.0
        index_ms = statistics.median(_time_ms(index.nearest, lat, lon, K) for lat, lon in queries)
        loop_times = []
        same = True
        for lat, lon in queries[:loop_queries]:
            start = time.perf_counter()
            expected = _loop_nearest(points, lat, lon)
            loop_times.append((time.perf_counter() - start) * 1000.0)
            same = same and [i for i, _ in index.nearest(lat, lon, K)] == expected
        loop_ms = statistics.median(loop_times)
        speedup = loop_ms / index_ms
        rows.append((size, build_ms, index_queries, index_ms, loop_queries, loop_ms, speedup, same))
        emit(label, index_ms=index_ms, loop_ms=loop_ms, speedup=speedup, same_top3=same, build_ms=build_ms)
    print_table(
        "nearest 3 stations: k-d tree + geodesic re-rank vs geodesic loop (median per query)",
        ("stations", "build_ms", "index_n", "index_ms", "loop_n", "loop_ms", "speedup", "same_top3"),
        rows,
    )
