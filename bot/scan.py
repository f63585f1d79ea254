"""What a scanner opens: the URL of a QR code that sends the bot `/start PAYLOAD` (a station's daily check-in,
an event's attendance), on each channel the deployment runs.

A station shows its code to couriers of either app, so each running channel offers its own form of the same
payload: Telegram a deep link (t.me/<bot>?start=...), WeChat a parametric QR code whose scene is the payload
(bot/channels/wechat/qr.py). The handlers ask for "the codes of this payload" and draw one picture each,
captioned for its app; they never build a channel's URL themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

_LOGGER = logging.getLogger(__name__)

# Telegram's deep-link payload and WeChat's scene_str both hold at most 64 characters.
MAX_PAYLOAD = 64


class ScanApp(StrEnum):
    """The app a code is scanned with: a caption tells couriers which one to open."""

    TELEGRAM = "telegram"
    WECHAT = "wechat"


@dataclass(frozen=True, slots=True)
class ScanCode:
    app: ScanApp
    url: str


class StartLinkError(Exception):
    """A channel could not make its code now (its API refused or is unreachable)."""


class StartLinks(Protocol):
    """One channel's way from a /start payload to the URL its QR code holds."""

    @property
    def app(self) -> ScanApp: ...

    async def url(self, payload: str, valid_until: datetime, now: datetime) -> str:
        """The URL; `valid_until` is when scanning it stops making sense (the end of the check-in day,
        the event's end), which a channel whose codes expire uses."""
        ...


def check_payload(payload: str) -> str:
    if not 0 < len(payload) <= MAX_PAYLOAD:
        raise ValueError(f"a /start payload holds 1 to {MAX_PAYLOAD} characters, not {len(payload)}")
    return payload


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username.removeprefix('@')}?start={check_payload(payload)}"


class TelegramStartLinks:
    """Telegram's deep link: it never expires. The username is read when asked (known after getMe)."""

    app = ScanApp.TELEGRAM

    def __init__(self, bot_username: Callable[[], str]) -> None:
        self._bot_username = bot_username

    async def url(self, payload: str, valid_until: datetime, now: datetime) -> str:
        return deep_link(self._bot_username(), payload)


async def scan_codes(
    channels: Sequence[StartLinks], payload: str, valid_until: datetime, now: datetime
) -> list[ScanCode]:
    """The code of each channel, in the deployment's order; a channel that cannot make one now is left
    out (logged), so the others' codes are still shown."""
    check_payload(payload)
    codes = []
    for channel in channels:
        try:
            codes.append(ScanCode(channel.app, await channel.url(payload, valid_until, now)))
        except StartLinkError as error:
            _LOGGER.warning("no %s code for a /start payload: %s", channel.app.value, error)
    return codes
