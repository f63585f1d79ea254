"""民情观察员 reports: categories, statuses and their transitions, numbering, urgency and the duplicate rule.

Channel-neutral: plain values in, plain values out, so a WeChat front end can reuse it. Statuses follow
FixMyStreet's finer states and map onto Open311 GeoReport v2's open/closed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.config import DATA_DIR
from bot.geo import distance_m
from bot.wording import word_characters

CATEGORIES_FILE = DATA_DIR / "report_categories.yaml"
DEPARTMENTS_FILE = DATA_DIR / "departments.yaml"

MIN_DESCRIPTION = 10
MIN_DESCRIPTION_WORDS = 3  # "空调坏了😭😭😭" says something; eleven "😭" say nothing a department can act on
MAX_DESCRIPTION = 2000
MAX_PHOTOS = 5
DUPLICATE_RADIUS_M = 500.0
DUPLICATE_WINDOW = timedelta(days=14)
FOLLOWUP_DELAY = timedelta(days=7)
NUMBER_PREFIX = "MQ"
_NUMBER = re.compile(r"^MQ-(\d{4})-(\d{6,})$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")  # fits in button data with room to spare


class Status(StrEnum):
    CONFIRMED = "confirmed"  # filed, waiting for an admin (FixMyStreet "confirmed")
    INVESTIGATING = "investigating"  # an admin acknowledged it
    IN_PROGRESS = "in_progress"  # forwarded to a department
    FIXED = "fixed"  # resolved, with a note
    DUPLICATE = "duplicate"
    NOT_ACTIONABLE = "not_actionable"  # FixMyStreet "unable to fix"


OPEN_STATUSES = frozenset({Status.CONFIRMED, Status.INVESTIGATING, Status.IN_PROGRESS})
CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES


def open311_status(status: Status) -> Literal["open", "closed"]:
    return "open" if status in OPEN_STATUSES else "closed"


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    FORWARD = "forward"
    RESOLVE = "resolve"
    DUPLICATE = "duplicate"
    NOT_ACTIONABLE = "not_actionable"
    REOPEN = "reopen"  # the reporter said "not solved" to the follow-up question


_TRANSITIONS: Mapping[Action, tuple[frozenset[Status], Status]] = {
    Action.ACKNOWLEDGE: (frozenset({Status.CONFIRMED}), Status.INVESTIGATING),
    Action.FORWARD: (OPEN_STATUSES, Status.IN_PROGRESS),
    Action.RESOLVE: (OPEN_STATUSES, Status.FIXED),
    Action.DUPLICATE: (OPEN_STATUSES, Status.DUPLICATE),
    Action.NOT_ACTIONABLE: (OPEN_STATUSES, Status.NOT_ACTIONABLE),
    Action.REOPEN: (frozenset({Status.FIXED}), Status.CONFIRMED),
}


class TransitionError(ValueError):
    """The action does not apply to a report in this status (a stale or forged button)."""


def next_status(current: Status, action: Action) -> Status:
    allowed_from, target = _TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionError(f"{action.value} is not allowed from {current.value}")
    return target


def allowed_actions(current: Status) -> list[Action]:
    """What an admin may do now, in the order the buttons show (REOPEN belongs to the reporter)."""
    return [
        action
        for action, (allowed_from, _) in _TRANSITIONS.items()
        if action is not Action.REOPEN and current in allowed_from
    ]


class EventKind(StrEnum):
    FILED = "filed"
    STATUS = "status"
    SUPPORTER = "supporter"  # an observer said "+1, me too"
    FOLLOWUP = "followup"  # the reporter answered "解决了吗?"


# --- numbering ------------------------------------------------------------------------------------------


def format_number(year: int, sequence: int) -> str:
    """MQ-2026-000123: readable over the phone, sortable, one sequence per local calendar year."""
    return f"{NUMBER_PREFIX}-{year:04d}-{sequence:06d}"


def parse_number(text: str) -> tuple[int, int] | None:
    match = _NUMBER.match(text.strip().upper())
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def report_year(now: datetime, tz: tzinfo) -> int:
    """Numbers follow the local year: a report filed at 01:00 on 1 January in Hangzhou is next year's."""
    return now.astimezone(tz).year


# --- catalogue ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    names: Mapping[str, str]
    emoji: str = ""
    urgent: bool = False

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["zh"]

    def label(self, language: str) -> str:
        return f"{self.emoji} {self.name(language)}".strip()


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    names: Mapping[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["zh"]


class CatalogueError(ValueError):
    """A problem in report_categories.yaml or departments.yaml, as one line naming file and entry."""


@dataclass(frozen=True, slots=True)
class ReportCatalogue:
    categories: tuple[Category, ...]
    departments: tuple[Department, ...]
    urgent_words: tuple[str, ...]

    def category(self, category_id: str) -> Category | None:
        return next((item for item in self.categories if item.id == category_id), None)

    def department(self, department_id: str) -> Department | None:
        return next((item for item in self.departments if item.id == department_id), None)


def _names(path: Path, entry: Mapping[str, Any]) -> dict[str, str]:
    names = entry.get("name")
    if not isinstance(names, Mapping) or not all(isinstance(names.get(lang), str) for lang in ("zh", "en")):
        raise CatalogueError(f"{path}: entry {entry.get('id')!r} needs name: {{zh: ..., en: ...}}")
    return {"zh": names["zh"], "en": names["en"]}


def _entries(path: Path, key: str) -> tuple[list[Mapping[str, Any]], Mapping[str, Any]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping) or not isinstance(raw.get(key), list) or not raw[key]:
        raise CatalogueError(f"{path}: expected a non-empty {key!r} list at the top")
    seen: set[str] = set()
    for entry in raw[key]:
        entry_id = entry.get("id") if isinstance(entry, Mapping) else None
        if not isinstance(entry_id, str) or not _ID.match(entry_id):
            raise CatalogueError(
                f"{path}: {entry_id!r} is not an id (lowercase ASCII, at most 24 characters)"
            )
        if entry_id in seen:
            raise CatalogueError(f"{path}: id {entry_id!r} appears twice")
        seen.add(entry_id)
    return raw[key], raw


def load_catalogue(
    categories_file: Path = CATEGORIES_FILE, departments_file: Path = DEPARTMENTS_FILE
) -> ReportCatalogue:
    category_entries, raw = _entries(categories_file, "categories")
    categories = tuple(
        Category(
            id=entry["id"],
            names=_names(categories_file, entry),
            emoji=str(entry.get("emoji", "")),
            urgent=bool(entry.get("urgent", False)),
        )
        for entry in category_entries
    )
    department_entries, _ = _entries(departments_file, "departments")
    departments = tuple(
        Department(id=entry["id"], names=_names(departments_file, entry)) for entry in department_entries
    )
    words = tuple(str(word).casefold() for word in raw.get("urgent_words") or ())
    return ReportCatalogue(categories, departments, words)


# --- the report as the rest of the bot sees it ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewReport:
    """A confirmed draft, ready to be filed."""

    reporter_id: int
    category: str
    description: str
    voice_file_id: str | None
    photo_file_ids: tuple[str, ...]
    lat: float | None
    lon: float | None
    place: str | None
    anonymous: bool
    urgent: bool


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    number: str
    reporter_id: int | None  # None once the reporter deleted their data
    reporter_name: str | None
    reporter_username: str | None
    category: str
    description: str
    voice_file_id: str | None
    photo_file_ids: tuple[str, ...]
    lat: float | None
    lon: float | None
    place: str | None
    anonymous: bool
    urgent: bool
    status: Status
    department: str | None
    resolution_note: str | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    followup_sent_at: datetime | None
    followup_answer: str | None
    supporters: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class StatusChange:
    report: Report  # as it is after the change
    from_status: Status
    to_status: Status
    note: str | None


# --- rules ----------------------------------------------------------------------------------------------


DescriptionProblem = Literal["too_short", "too_long", "no_words"]


def check_description(text: str) -> DescriptionProblem | None:
    length = len(text.strip())
    if length < MIN_DESCRIPTION:
        return "too_short"
    if length > MAX_DESCRIPTION:
        return "too_long"
    if word_characters(text) < MIN_DESCRIPTION_WORDS:
        return "no_words"
    return None


def is_urgent(
    category: Category, description: str, urgent_words: Iterable[str], *, already: bool = False
) -> bool:
    """Heat stroke, injuries and accidents go down the urgent lane, by category or by the words used.

    Once urgent (`already`), a draft stays urgent: the admin chat may have been alerted and the observer told
    to call 120/110, so a later step or calmer words never downgrade it."""
    if already or category.urgent:
        return True
    folded = description.casefold()
    return any(word in folded for word in urgent_words)


class Step(StrEnum):
    CATEGORY = "category"
    DESCRIPTION = "description"
    PHOTOS = "photos"
    LOCATION = "location"
    ANONYMITY = "anonymity"
    CONFIRM = "confirm"


def steps(urgent: bool) -> tuple[Step, ...]:
    """The urgent lane skips photos: a courier at an accident should get help first, not take pictures."""
    if urgent:
        return (Step.CATEGORY, Step.DESCRIPTION, Step.LOCATION, Step.ANONYMITY, Step.CONFIRM)
    return tuple(Step)


def progress(step: Step, urgent: bool) -> tuple[int, int]:
    """(position, total) for "第 2 步,共 6 步"."""
    lane = steps(urgent)
    return lane.index(step) + 1, len(lane)


def step_after(step: Step, urgent: bool) -> Step:
    lane = steps(urgent)
    return lane[lane.index(step) + 1]


# --- the urgent lane's early alert ----------------------------------------------------------------------


EARLY_ALERT_WORDS = 200


def place_signature(lat: float | None, lon: float | None, place: str | None) -> str | None:
    """The place as the admin chat would be told it (coordinates win over typed text), so that the same
    place is never forwarded twice."""
    if lat is not None and lon is not None:
        return f"{lat:.6f},{lon:.6f}"
    return place or None


@dataclass(frozen=True, slots=True)
class EarlyAlert:
    """What the admin chat already heard of an urgent report that is still being written.

    Kept in the draft (as `asdict`, plain JSON) so that a restart, more text or a repeated step never
    sends anything twice, and so the triage card can say it follows this alert."""

    purpose: str  # the alert's name in the outbox: it is edited, and answered under, by it
    words: str = ""  # the description the alert shows
    place: str | None = None  # place_signature of the place already forwarded

    def words_are_news(self, words: str) -> bool:
        return bool(words) and words != self.words

    def place_is_news(self, lat: float | None, lon: float | None, place: str | None) -> bool:
        signature = place_signature(lat, lon, place)
        return signature is not None and signature != self.place


def early_alert_words(text: str) -> str:
    """The alert is short; the full description follows on the triage card."""
    return excerpt(text, EARLY_ALERT_WORDS)


def early_alert_due(*, urgent: bool, alert: EarlyAlert | None) -> bool:
    """The admin chat hears of an emergency the moment it is known (category or words), once per report."""
    return urgent and alert is None


def duplicate_candidates(
    reports: Iterable[Report],
    *,
    category: str,
    lat: float,
    lon: float,
    now: datetime,
    exclude_user: int | None = None,
    distance: Callable[[float, float, float, float], float] = distance_m,
) -> list[tuple[Report, float]]:
    """Open reports of the same category filed within 500 m in the last 14 days, nearest first."""
    found = []
    for report in reports:
        if report.category != category or not report.is_open or report.lat is None or report.lon is None:
            continue
        if now - report.created_at > DUPLICATE_WINDOW or report.reporter_id == exclude_user:
            continue
        metres = distance(lat, lon, report.lat, report.lon)
        if metres <= DUPLICATE_RADIUS_M:
            found.append((report, metres))
    return sorted(found, key=lambda pair: pair[1])


def followup_due(resolved_at: datetime) -> datetime:
    return resolved_at + FOLLOWUP_DELAY


def followup_job_id(report_id: int) -> str:
    """Stable, so rebuilding the jobs at start replaces instead of duplicating."""
    return f"report-followup-{report_id}"


def excerpt(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class ReportEvent:
    report_id: int
    actor_id: int | None
    at: datetime
    kind: EventKind
    from_status: Status | None
    to_status: Status | None
    department: str | None
    note: str | None
