"""The policy desk (政策咨询台): a catalogue of the questions couriers ask, each answered with its source and
that source's date, and a search that reads free text the way the intent router does.

Channel-neutral. Chinese keywords are spotted in the text, longest first (so 高温津贴 counts once, not also
as 高温); English is read word by word with rapidfuzz, so "insurence" still finds social insurance.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process

from bot.config import DATA_DIR
from bot.places import to_simplified
from bot.stations import LocalizedText, StationsFileError, describe_validation_error, read_yaml

POLICIES_FILE = DATA_DIR / "policies.yaml"
MOST_RESULTS = 5
_FUZZY_CUTOFF = 85
_MIN_FUZZY_LENGTH = 4


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Keywords(_Strict):
    zh: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)


class Policy(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")  # fits a button's callback data
    question: LocalizedText
    answer: LocalizedText
    keywords: _Keywords
    source: LocalizedText
    date: date


class _PoliciesFile(_Strict):
    policies: tuple[Policy, ...] = Field(min_length=1)


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True)
class PolicyDesk:
    policies: tuple[Policy, ...]
    by_id: Mapping[str, Policy] = field(init=False)
    # (keyword, policy id) pairs, longest Chinese keyword first; English keywords by word.
    _chinese: tuple[tuple[str, str], ...] = field(init=False)
    _english: Mapping[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {policy.id: policy for policy in self.policies})
        chinese = [(_fold(word), policy.id) for policy in self.policies for word in policy.keywords.zh]
        object.__setattr__(self, "_chinese", tuple(sorted(chinese, key=lambda pair: -len(pair[0]))))
        english: dict[str, list[str]] = {}
        for policy in self.policies:
            for word in policy.keywords.en:
                english.setdefault(_fold(word), []).append(policy.id)
        object.__setattr__(self, "_english", {word: tuple(ids) for word, ids in english.items()})

    def __iter__(self) -> Iterator[Policy]:
        return iter(self.policies)

    def search(self, text: str) -> list[Policy]:
        """The questions `text` is about, best first (at most MOST_RESULTS); none when it names none.

        A Chinese keyword scores its length, so a specific phrase (职业伤害保障) outweighs a loose word
        (受伤); an English word scores 2, a typo of one 1. Ties keep the catalogue's order."""
        rest = _fold(text)
        scores: dict[str, int] = {}
        for word, policy_id in self._chinese:
            if word in rest:
                rest = rest.replace(word, " ")
                scores[policy_id] = scores.get(policy_id, 0) + len(word)
        for word in rest.split():
            matched, weight = self._english_word(word.strip(".,!?;:'\"()"))
            for policy_id in matched:
                scores[policy_id] = scores.get(policy_id, 0) + weight
        ranked = sorted(
            (policy for policy in self.policies if policy.id in scores), key=lambda policy: -scores[policy.id]
        )
        return ranked[:MOST_RESULTS]

    def _english_word(self, word: str) -> tuple[tuple[str, ...], int]:
        exact = self._english.get(word)
        if exact is not None:
            return exact, 2
        if len(word) < _MIN_FUZZY_LENGTH:
            return (), 0
        best = process.extractOne(word, list(self._english), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return (self._english[best[0]], 1) if best is not None else ((), 0)


def load_policies(path: str | Path = POLICIES_FILE) -> PolicyDesk:
    """Load data/policies.yaml; a problem raises `StationsFileError` with one line naming the field."""
    path = Path(path)
    raw = read_yaml(path)
    try:
        spec = _PoliciesFile.model_validate(raw)
    except ValidationError as exc:
        raise StationsFileError(describe_validation_error(path, exc, raw, "policies", "policy")) from None
    seen: set[str] = set()
    for policy in spec.policies:
        if policy.id in seen:
            raise StationsFileError(f"{path}: policy {policy.id!r} field 'id': duplicate id")
        seen.add(policy.id)
    return PolicyDesk(spec.policies)


# "Ask the desk": a question longer than this is cut (a Telegram message holds 4096 characters, and the
# notice to the staff adds the station and the courier's name).
DESK_QUESTION_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class DeskQuestion:
    """A courier's question for the staff of one station, and their answer once given."""

    id: int
    user_id: int
    station_id: str
    question: str
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None
