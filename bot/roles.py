"""Appointing and revoking 民情观察员: who an admin means by "/appoint 12345" or "/appoint @name".

Channel-neutral; a reply to a forwarded message is the Telegram adapter's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Up to 16 digits: Telegram ids fit 52 bits, and WeChat people's ids (from 2^52) stay below 2^53.
_USER_ID = re.compile(r"^\d{1,16}$")
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")


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
