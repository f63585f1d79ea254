"""Appointing and revoking 民情观察员 and station staff: who an admin means by "/appoint 12345" or
"/appoint @name", and which role by what follows ("observer", the default, or "staff STATION_ID").

Channel-neutral; a reply to a forwarded message is the Telegram adapter's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.users import Role

# Up to 16 digits: Telegram ids fit 52 bits, and WeChat people's ids (from 2^52) stay below 2^53.
_USER_ID = re.compile(r"^\d{1,16}$")
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")
ROLE_WORDS = {"observer": Role.OBSERVER, "staff": Role.STAFF}


@dataclass(frozen=True, slots=True)
class Target:
    """Exactly one of the two is set."""

    user_id: int | None = None
    username: str | None = None


def parse_target(args: Sequence[str]) -> Target | None:
    """The first argument as a numeric user id or an @username; None when it is neither."""
    if not args:
        return None
    token = args[0].strip()
    if _USER_ID.match(token):
        return Target(user_id=int(token))
    match = _USERNAME.match(token)
    return Target(username=match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class Appointment:
    role: Role  # Role.OBSERVER or Role.STAFF
    station_id: str | None = None  # the station of a Role.STAFF appointment


def parse_appointment(words: Sequence[str]) -> Appointment | None:
    """The words after the person: none or "observer" for an observer, "staff STATION_ID" for station
    staff; None for anything else."""
    role = ROLE_WORDS.get(words[0].lower()) if words else Role.OBSERVER
    if role is Role.OBSERVER and len(words) <= 1:
        return Appointment(Role.OBSERVER)
    if role is Role.STAFF and len(words) == 2:
        return Appointment(Role.STAFF, words[1])
    return None
