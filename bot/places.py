"""Typed place search: "杭州东站", "武林广场附近", "城站旁边", "滨江区江南大道", "杭州東站" -> a point.

An offline gazetteer (data/places.yaml plus the station names) so that a courier who cannot or will not
share a location still gets the nearest stations. Matching is forgiving on purpose: filler words such as
附近 or "near" are dropped, traditional characters are folded to simplified, and small typos are
tolerated, but text that names no place (你好, hello, 123) finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz.distance import Levenshtein

from bot.geo import Datum, to_wgs84
from bot.stations import (
    LocationSpec,
    Station,
    StationsFileError,
    describe_validation_error,
    read_yaml,
)


class PlaceKind(StrEnum):
    DISTRICT = "district"
    ROAD = "road"
    HUB = "hub"
    METRO = "metro"
    LANDMARK = "landmark"
    BUSINESS = "business"
    UNIVERSITY = "university"
    HOSPITAL = "hospital"
    STATION = "station"


class PlacesFileError(StationsFileError):
    """A problem with the places file, as one line naming the file, the place and the field."""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The place a text names: WGS-84 location, how well it matched (0-100), and the station id if any."""

    name: str
    name_en: str
    lat: float
    lon: float
    kind: PlaceKind
    score: float
    station_id: str | None = None


# --- normalisation --------------------------------------------------------------------------------------

# Traditional -> simplified for every character of the gazetteer and station names that differs, and for the
# filler words below (generated with OpenCC from the data files, so opencc is not a runtime dependency).
_TRADITIONAL = (
    "萬業東臨書倉會體餘兒黨關涼鳳劇務動區醫廈縣臺吳園圍國圖場奧學對屬島嶽峯師帶幹廣慶廬廟總悅換斷曉暉"
    "術機來橋夢殘濤遊溼濕濱靈環現禮紀羣勝蘇範蓮蕭裝覽貨購費車邊運這遺裏裡錢鐵銀鎮門間陽際隱領飲館驛黃"
    "龍"
)
_SIMPLIFIED = (
    "万业东临书仓会体余儿党关凉凤剧务动区医厦县台吴园围国图场奥学对属岛岳峰师带干广庆庐庙总悦换断晓晖"
    "术机来桥梦残涛游湿湿滨灵环现礼纪群胜苏范莲萧装览货购费车边运这遗里里钱铁银镇门间阳际隐领饮馆驿黄"
    "龙"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def to_simplified(text: str) -> str:
    """Traditional characters of place names and filler words folded to simplified."""
    return text.translate(_TO_SIMPLIFIED)


# Words around a place name that say "near here" rather than name a place.
_SUFFIXES = (
    "附近的",
    "附近",
    "旁边",
    "边上",
    "这里",
    "这儿",
    "这边",
    "那里",
    "那边",
    "周边",
    "周围",
    "一带",
    "门口",
    "对面",
)
_PREFIXES = ("我现在在", "我在", "现在在", "在")
_ENGLISH_BEFORE = re.compile(r"^(?:i am |i'm |im )?(?:near|around|at|by|close to|next to|in front of)\s+")
_ENGLISH_AFTER = re.compile(r"\s+(?:nearby|area|around)$")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The matching key of a text: NFKC, lower case, simplified, no filler words, no punctuation or spaces."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_TO_SIMPLIFIED).strip()
    text = _ENGLISH_AFTER.sub("", _ENGLISH_BEFORE.sub("", text))
    key = _NOT_WORD.sub("", text)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, stripped = key[: -len(suffix)], True
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                key, stripped = key[len(prefix) :], True
    return key


# --- matching -------------------------------------------------------------------------------------------

# Fuzzy matches (normalised Levenshtein similarity, 0-100) below this are noise: one wrong character in a
# four-character name scores 75, "你好" against any name at most 50.
_FUZZY_CUTOFF = 72.0
# Shorter Latin names (cbd, zju) only match exactly: inside other words they would be noise.
_MIN_LATIN_CONTAINED = 5
# An abbreviation ("上城区党群服务中心") must keep at least half of the name and three characters.
_MIN_ABBREVIATION = 3
# On a tie a road or a landmark says more than the district it lies in.
_SPECIFICITY = {PlaceKind.DISTRICT: 0, PlaceKind.ROAD: 1}


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(char in remaining for char in short)


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    name_en: str
    kind: PlaceKind
    lat: float
    lon: float
    station_id: str | None

    def match(self, score: float) -> PlaceMatch:
        return PlaceMatch(self.name, self.name_en, self.lat, self.lon, self.kind, score, self.station_id)


def _is_latin(key: str) -> bool:
    return key.isascii()


class PlaceEntry(BaseModel):
    """One place as the file gives it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    en: str = Field(min_length=1)
    kind: PlaceKind
    aliases: list[str] = []
    location: LocationSpec


class PlacesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    datum: Datum = Datum.GCJ02
    places: list[PlaceEntry]


class Gazetteer:
    """Place names and aliases of Hangzhou, searchable by forgiving text matching."""

    def __init__(self, places: Iterable[tuple[_Place, Iterable[str]]]) -> None:
        self._by_key: dict[str, _Place] = {}
        for place, names in places:
            for name in names:
                key = normalise(name)
                # The first owner keeps a key: file entries come before station names and win a clash.
                if key:
                    self._by_key.setdefault(key, place)

    @classmethod
    def load(cls, path: str | Path, stations: Iterable[Station] = ()) -> Gazetteer:
        """Read the places file and add the station names; problems raise `PlacesFileError` (one line)."""
        path = Path(path)
        raw = read_yaml(path, PlacesFileError)
        if not isinstance(raw, dict):
            raise PlacesFileError(f"{path}: expected a mapping with a 'places' list at the top")
        try:
            spec = PlacesFile.model_validate(raw)
        except ValidationError as exc:
            raise PlacesFileError(describe_validation_error(path, exc, raw, "places", "place")) from None
        owners: dict[str, str] = {}
        entries: list[tuple[_Place, Iterable[str]]] = []
        for entry in spec.places:
            names = [entry.name, entry.en, *entry.aliases]
            for index, name in enumerate(names):
                key = normalise(name)
                field = "name" if index == 0 else "en" if index == 1 else f"aliases[{index - 2}]"
                if not key:
                    raise PlacesFileError(
                        f"{path}: place {entry.name!r} field {field!r}: {name!r} has no letters"
                    )
                if owners.get(key, entry.name) != entry.name:
                    raise PlacesFileError(
                        f"{path}: place {entry.name!r} field {field!r}: {name!r} also names {owners[key]!r}"
                    )
                owners[key] = entry.name
            lat, lon = to_wgs84(entry.location.lat, entry.location.lon, entry.location.datum or spec.datum)
            entries.append((_Place(entry.name, entry.en, entry.kind, lat, lon, None), names))
        for station in stations:
            place = _Place(
                station.name.zh, station.name.en, PlaceKind.STATION, station.lat, station.lon, station.id
            )
            entries.append((place, [station.name.zh, station.name.en]))
        return cls(entries)

    def find(self, text: str) -> PlaceMatch | None:
        """The place `text` most likely names, or None when it names none.

        Every name and alias is scored against the normalised text, 0-100, and the best wins:
        - exact: 100;
        - a name inside the text ("滨江区江南大道" holds 江南大道 and 滨江区): the share of the text it
          covers, so the longer, more specific name wins;
        - an abbreviation (the text's characters in order inside a name at least twice as long as the text
          is, "上城区党群服务中心"): 60-100 by the share of the name kept;
        - a typo: normalised Levenshtein similarity, at least 72; on a tie a name of the text's length wins,
          because a wrong character from the input method (杭州冬站) is likelier than a missing one.
        Ties then prefer a road or landmark over a district, then the longer name.
        """
        query = normalise(text)
        if not query:
            return None
        exact = self._by_key.get(query)
        if exact is not None:
            return exact.match(100.0)
        latin = _is_latin(query)
        best: tuple[float, bool, int, int] | None = None
        best_place: _Place | None = None
        for key, place in self._by_key.items():
            score = 0.0
            if key in query and (not _is_latin(key) or len(key) >= _MIN_LATIN_CONTAINED):
                score = 100.0 * len(key) / len(query)
            elif (
                len(query) >= (_MIN_LATIN_CONTAINED if latin else _MIN_ABBREVIATION)
                and 2 * len(query) >= len(key)
                and _is_subsequence(query, key)
            ):
                score = 60.0 + 40.0 * len(query) / len(key)
            else:
                similarity = 100.0 * Levenshtein.normalized_similarity(query, key)
                if similarity >= _FUZZY_CUTOFF:
                    score = similarity
            if score > 0.0:
                rank = (score, len(key) == len(query), _SPECIFICITY.get(place.kind, 2), len(key))
                if best is None or rank > best:
                    best, best_place = rank, place
        return best_place.match(best[0]) if best is not None and best_place is not None else None
