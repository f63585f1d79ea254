"""Geography for the bot: map datums, geodesic distances, a nearest-station index, travel times, map links.

Everything inside the bot is WGS-84 (what Telegram sends). Chinese maps use shifted datums: Amap, Tencent and
WeChat use GCJ-02, Baidu uses BD-09. Coordinates are converted at the edges only: when a data file is loaded
and when a link to a map app is built.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from geographiclib.geodesic import Geodesic

if TYPE_CHECKING:
    import numpy as np


class Datum(StrEnum):
    """The three datums a courier's coordinates may come in."""

    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


# --- datum conversion -----------------------------------------------------------------------------------
# The public GCJ-02 algorithm: a deterministic, smooth offset computed on the Krasovsky 1940 ellipsoid.

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
# Below this (about 1 mm) the iterative inverses stop refining.
_INVERSE_TOLERANCE_DEG = 1e-8
_INVERSE_MAX_STEPS = 30


def out_of_china(lat: float, lon: float) -> bool:
    """True where GCJ-02 is the identity (the rough bounding box every public implementation uses)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _gcj_offset_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _gcj_offset_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 -> GCJ-02 (the forward direction is exact: it is the definition of GCJ-02)."""
    if out_of_china(lat, lon):
        return lat, lon
    dlat = _gcj_offset_lat(lon - 105.0, lat - 35.0)
    dlon = _gcj_offset_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1.0 - _KRASOVSKY_EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1.0 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_KRASOVSKY_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 -> BD-09 (Baidu's published forward formula)."""
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _invert(
    forward: Callable[[float, float], tuple[float, float]], lat: float, lon: float
) -> tuple[float, float]:
    """Invert a forward shift by fixed-point iteration.

    The shifts are smooth and tiny (under 1 km) compared with the scale on which they change, so
    `guess -= forward(guess) - target` converges to sub-millimetre in a few steps. The one-step shortcut most
    libraries publish leaves errors of up to about 5 m, enough to put a station across a street.
    """
    guess_lat, guess_lon = lat, lon
    for _ in range(_INVERSE_MAX_STEPS):
        fwd_lat, fwd_lon = forward(guess_lat, guess_lon)
        err_lat, err_lon = fwd_lat - lat, fwd_lon - lon
        guess_lat, guess_lon = guess_lat - err_lat, guess_lon - err_lon
        if abs(err_lat) < _INVERSE_TOLERANCE_DEG and abs(err_lon) < _INVERSE_TOLERANCE_DEG:
            break
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 -> WGS-84, iterated so that the round trip is exact to well under a metre."""
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon)


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 -> GCJ-02, iterated on the forward formula (the published inverse is off by up to ~0.2 m)."""
    return _invert(gcj02_to_bd09, lat, lon)


def to_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """Convert a (lat, lon) given in `datum` to WGS-84."""
    if datum is Datum.WGS84:
        return lat, lon
    if datum is Datum.GCJ02:
        return gcj02_to_wgs84(lat, lon)
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def from_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """Convert a WGS-84 (lat, lon) to `datum`."""
    if datum is Datum.WGS84:
        return lat, lon
    if datum is Datum.GCJ02:
        return wgs84_to_gcj02(lat, lon)
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


# Hangzhou municipality (all ten districts, Tonglu, Chun'an and Jiande) as (south, west, north, east), WGS-84.
HANGZHOU_BBOX = (29.18, 118.34, 30.57, 120.75)


def in_hangzhou(lat: float, lon: float) -> bool:
    """True inside Hangzhou's bounding box: a rough check (the box also holds bits of its neighbours)."""
    south, west, north, east = HANGZHOU_BBOX
    return south <= lat <= north and west <= lon <= east


# --- distances ------------------------------------------------------------------------------------------


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on the WGS-84 ellipsoid in metres, accurate to nanometres. geographiclib is the
    solver geopy's `geodesic` runs; called directly it spares every worker geopy's 11 MB of geocoders."""
    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"])


# --- nearest neighbours ---------------------------------------------------------------------------------

_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563
_WGS84_E2 = _WGS84_F * (2 - _WGS84_F)
# Lower bound of geodesic length per radian of the unit-sphere angle between the same (lat, lon) pairs.
# On the ellipsoid ds² = M(φ)² dφ² + N(φ)² cos²φ dλ², on the unit sphere dσ² = dφ² + cos²φ dλ², and the
# radii of curvature satisfy N(φ) >= M(φ) >= M(0) = a(1 - e²). So every path, the geodesic included, is at
# least a(1 - e²) times as long as its image on the sphere, which is at least the great-circle angle θ:
# geodesic >= a(1 - e²)·θ. The factor 1 - 1e-9 absorbs floating-point rounding in the chord -> angle step.
_METRES_PER_RADIAN_LOWER_BOUND = _WGS84_A * (1 - _WGS84_E2) * (1 - 1e-9)
# Candidates fetched beyond k on the first try; later tries grow geometrically.
_EXTRA_CANDIDATES = 8
_WIDEN_FACTOR = 4


# Up to this many points a scan is as fast as the tree and needs neither numpy nor scipy (about 45 MB per
# worker); Hangzhou's stations are far fewer, the 100,000-point bench far more.
SCAN_LIMIT = 512


def _unit_vectors(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    import numpy as np

    phi, lam = np.radians(lats), np.radians(lons)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


class SpatialIndex:
    """Exact geodesic k-nearest neighbours without scanning every point.

    Points become unit vectors on a sphere in a k-d tree; the tree yields candidates in order of chord length,
    which is monotone in the great-circle angle θ. The angle is not the geodesic order on the ellipsoid (the
    two may disagree by up to about 1 %), so candidates are re-ranked by their true geodesic distance, and the
    walk stops only when the next candidate's lower bound a(1 - e²)·θ exceeds the k-th best geodesic distance
    found: every point not yet looked at is at least that far, so the result equals a brute-force geodesic
    top k (ties broken by index). Usually that needs k geodesic computations, rarely one or two more.
    """

    def __init__(self, points: Sequence[tuple[float, float]], *, scan_limit: int = SCAN_LIMIT) -> None:
        self._points = [(float(lat), float(lon)) for lat, lon in points]
        self._tree: Any = None
        if len(self._points) > scan_limit:
            import numpy as np
            from scipy.spatial import cKDTree

            coords = np.asarray(self._points, dtype=float).reshape(-1, 2)
            self._tree = cKDTree(_unit_vectors(coords[:, 0], coords[:, 1]))

    def __len__(self) -> int:
        return len(self._points)

    def nearest(
        self, lat: float, lon: float, k: int, *, accept: Callable[[int], bool] | None = None
    ) -> list[tuple[int, float]]:
        """The k accepted points closest to (lat, lon) as (index, metres), nearest first.

        `accept` filters points (a service, open now); the search widens geometrically until k accepted points
        are found or the lower bound proves the rest are farther, so a rare filter costs more tree queries but
        never a geodesic computation for a point that is rejected or provably too far.
        """
        total = len(self._points)
        if k <= 0 or total == 0:
            return []
        if self._tree is None:
            return self._scan(lat, lon, k, accept)
        import numpy as np

        query = _unit_vectors(np.array([lat]), np.array([lon]))[0]
        best = _BestK(k)
        seen: set[int] = set()
        want = min(total, k + _EXTRA_CANDIDATES)
        while True:
            chords, indices = self._tree.query(query, k=want)
            # Skip by identity, not by position: points at exactly equal chords may come back in another
            # order when the query is widened.
            for chord, index in zip(
                np.atleast_1d(chords).tolist(), np.atleast_1d(indices).tolist(), strict=True
            ):
                if index in seen:
                    continue
                seen.add(index)
                if best.settled(2.0 * math.asin(min(1.0, chord / 2.0))):
                    return best.hits()
                if accept is None or accept(index):
                    best.offer(index, distance_m(lat, lon, *self._points[index]))
            if want == total:
                return best.hits()
            want = min(total, want * _WIDEN_FACTOR)

    def _scan(
        self, lat: float, lon: float, k: int, accept: Callable[[int], bool] | None
    ) -> list[tuple[int, float]]:
        """The tree's walk over a list: every point ordered by its great-circle angle (cheap), then true
        geodesic distances only until the lower bound a(1 - e²)·θ of the next point exceeds the k-th best,
        so usually k geodesic computations instead of one per point, with the same exact result."""
        phi, lam = math.radians(lat), math.radians(lon)
        sin_phi, cos_phi = math.sin(phi), math.cos(phi)
        by_angle = sorted(
            (_central_angle(sin_phi, cos_phi, lam, plat, plon), index)
            for index, (plat, plon) in enumerate(self._points)
        )
        best = _BestK(k)
        for angle, index in by_angle:
            if best.settled(angle):
                break
            if accept is None or accept(index):
                best.offer(index, distance_m(lat, lon, *self._points[index]))
        return best.hits()


class _BestK:
    """The k nearest points found so far, and when the walk may stop: once the next point's lower bound
    a(1 - e²)·θ exceeds the k-th best geodesic distance, no point not yet looked at can enter."""

    def __init__(self, k: int) -> None:
        self._k = k
        self._heap: list[tuple[float, int]] = []  # max-heap as (-distance, -index): the root is the k-th best

    def settled(self, angle: float) -> bool:
        return len(self._heap) == self._k and _METRES_PER_RADIAN_LOWER_BOUND * angle > -self._heap[0][0]

    def offer(self, index: int, metres: float) -> None:
        item = (-metres, -index)  # ties broken by index, as a brute-force sort would
        if len(self._heap) < self._k:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:
            heapq.heapreplace(self._heap, item)

    def hits(self) -> list[tuple[int, float]]:
        """(index, metres), nearest first."""
        return [(-neg_index, -neg_metres) for neg_metres, neg_index in sorted(self._heap, reverse=True)]


def _central_angle(sin_phi: float, cos_phi: float, lam: float, lat: float, lon: float) -> float:
    """The great-circle angle between two (lat, lon) points on the unit sphere, in radians (haversine,
    accurate at small distances), slightly shrunk so rounding can never push it above the true angle."""
    other_phi = math.radians(lat)
    half_dphi = (other_phi - math.asin(sin_phi)) / 2
    half_dlam = (math.radians(lon) - lam) / 2
    h = math.sin(half_dphi) ** 2 + cos_phi * math.cos(other_phi) * math.sin(half_dlam) ** 2
    return 2.0 * math.asin(min(1.0, math.sqrt(h))) * (1 - 1e-12)


# --- travel times ---------------------------------------------------------------------------------------

# Assumptions, deliberately simple and on the cautious side for city traffic:
# - An e-bike in Hangzhou's urban traffic averages about 15 km/h including lights (the legal top speed of
#   an e-bike is 25 km/h, the average is well below it).
# - Walking averages about 4.5 km/h.
# - Streets are not straight lines: a route is typically about 1.3 times the straight-line distance
#   (the usual detour index for a dense street grid).
EBIKE_KMH = 15.0
WALK_KMH = 4.5
ROUTE_FACTOR = 1.3


def _minutes(distance_m: float, kmh: float) -> int:
    return math.ceil(distance_m * ROUTE_FACTOR / (kmh * 1000.0 / 60.0))


def ebike_minutes(distance_m: float) -> int:
    """Minutes by e-bike for a straight-line distance, rounded up (15 km/h, route 1.3× the straight line)."""
    return _minutes(distance_m, EBIKE_KMH)


def walk_minutes(distance_m: float) -> int:
    """Minutes on foot for a straight-line distance, rounded up (4.5 km/h, route 1.3× the straight line)."""
    return _minutes(distance_m, WALK_KMH)


# --- map links ------------------------------------------------------------------------------------------


def amap_marker_url(lat: float, lon: float, name: str) -> str:
    """Amap (高德) marker link for a WGS-84 point; Amap expects GCJ-02 with `coordinate=gaode`."""
    glat, glon = from_wgs84(lat, lon, Datum.GCJ02)
    return (
        f"https://uri.amap.com/marker?position={glon:.6f},{glat:.6f}"
        f"&name={quote(name, safe='')}&coordinate=gaode&callnative=1"
    )


def baidu_marker_url(
    lat: float, lon: float, title: str, content: str = "", *, src: str = "xiaoge-bot"
) -> str:
    """Baidu map marker link for a WGS-84 point; Baidu expects BD-09 with `coord_type=bd09ll`."""
    blat, blon = from_wgs84(lat, lon, Datum.BD09)
    return (
        f"https://api.map.baidu.com/marker?location={blat:.6f},{blon:.6f}"
        f"&title={quote(title, safe='')}&content={quote(content or title, safe='')}"
        f"&output=html&coord_type=bd09ll&src={quote(src, safe='')}"
    )
