"""Who a user is to the bot: language, roles and what we keep of them. Channel-neutral."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

SUPPORTED_LANGUAGES = ("zh", "en")


class Role(StrEnum):
    COURIER = "courier"  # everyone who talks to the bot
    OBSERVER = "observer"  # 民情观察员, appointed by an admin
    STAFF = "staff"  # 驿站工作人员, appointed by an admin for one or more stations
    ADMIN = "admin"  # BOT_ADMIN_IDS, or appointed


@dataclass(frozen=True, slots=True)
class UserProfile:
    id: int
    first_name: str
    username: str | None
    language: str
    language_chosen: bool
    name_chosen: bool  # set with /name: later updates keep it instead of the channel's name
    stored_roles: frozenset[Role]  # with Role.STAFF when `staff_stations` is not empty
    last_location: tuple[float, float] | None
    last_location_at: datetime | None
    location_notice_shown: bool
    start_payload: str | None
    blocked: bool
    staff_stations: frozenset[str] = frozenset()  # the stations (ids) whose staff they are


# A name staff read in a list of check-ins: a few words at most.
MAX_CHOSEN_NAME = 32
# Why a name typed after /name cannot be used.
NameProblem = Literal["too_long", "no_words", "hidden_characters", "markup"]
# Characters a reader cannot see or that move the text around them: line breaks, control characters,
# direction overrides, zero-width marks (the joiner inside emoji such as 👨‍👩‍👧 excepted).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_EMOJI_JOINER = "\u200d"


def tidy_name(typed: str) -> str:
    """The name as staff will read it: spaces around it dropped, runs of spaces made one."""
    return " ".join(typed.split())


def name_problem(typed: str) -> NameProblem | None:
    """Why a name typed after /name cannot be used, if it cannot. A name is escaped wherever it is shown;
    "<" and ">" are refused all the same: a name that looks like markup only puzzles the staff."""
    name = tidy_name(typed)
    if any(unicodedata.category(c) in _HIDDEN_CATEGORIES and c != _EMOJI_JOINER for c in typed.strip()):
        return "hidden_characters"
    if "<" in name or ">" in name:
        return "markup"
    if not any(unicodedata.category(character)[0] in "LNS" for character in name):
        return "no_words"  # only punctuation or joiners: nothing to call anyone by
    if len(name) > MAX_CHOSEN_NAME:
        return "too_long"
    return None


def language_from_code(language_code: str | None, default: str) -> str:
    """Map Telegram's IETF language_code ("zh-hans", "en-US", ...) to a catalogue we have.

    Anything that is neither Chinese nor English falls back to the configured default.
    """
    if language_code:
        primary = language_code.split("-")[0].split("_")[0].lower()
        if primary in SUPPORTED_LANGUAGES:
            return primary
    return default


def effective_roles(user_id: int, stored: frozenset[Role], admin_ids: frozenset[int]) -> frozenset[Role]:
    """Everyone is a courier; the admins of the settings are admins whatever the database says."""
    roles = {Role.COURIER, *stored}
    if user_id in admin_ids:
        roles.add(Role.ADMIN)
    return frozenset(roles)


def holds(roles: frozenset[Role], needed: Role) -> bool:
    """Whether these roles give what `needed` gives: admins also act as the staff of every station."""
    return needed in roles or (needed is Role.STAFF and Role.ADMIN in roles)


# What a command step or a button asks for: one role, or any one of several (observers or admins).
Needed = Role | frozenset[Role]


def holds_any(roles: frozenset[Role], needed: Needed) -> bool:
    return any(holds(roles, role) for role in as_roles(needed))


def as_roles(needed: Needed) -> frozenset[Role]:
    return needed if isinstance(needed, frozenset) else frozenset({needed})


def least_role(needed: Needed) -> Role:
    """The first role that gives it, in the order of Role: the one a refusal names."""
    return min(as_roles(needed), key=list(Role).index)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who takes an action, as the server knows them (never as a button says): the scope rules read this."""

    id: int
    roles: frozenset[Role]
    stations: frozenset[str]  # staff of these

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    def acts_for(self, station_id: str | None) -> bool:
        """Admins act for every station (and for hours served elsewhere); staff for their own stations."""
        return self.is_admin or (station_id is not None and station_id in self.stations)
