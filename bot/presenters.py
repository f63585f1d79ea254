"""How values read, written once for every channel: distances, opening status, and pages of a list.

The chat answer, the heat reminder and the service map each show a distance or whether a station is open;
/pending, /reports, /myreports and the nearest answer each show one page of a longer list. The text comes
from the catalogue through the Translator, so a Telegram handler, the web page or a second channel reads
the same words from the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import Html, Translator
from bot.message_keys import WEEKDAY_KEYS
from bot.stations import OpenStatus


def distance(translator: Translator, language: str, metres: float) -> Html:
    """ "350 米" to the nearest 10 m under a kilometre, "2.4 公里" beyond. Rounded first: 996 m reads
    "1.0 公里", not "1,000 米"."""
    rounded = int(round(metres / 10) * 10)
    if rounded < 1000:
        return translator(language, "distance-m", metres=rounded)
    return translator(language, "distance-km", km=f"{metres / 1000:.1f}")


def moment(translator: Translator, language: str, when: datetime, now: datetime) -> Html:
    """A time in the coming week as a person says it: "今天 08:00", "明天 08:00", "周三 08:00"."""
    time = when.strftime("%H:%M")
    days = (when.date() - now.date()).days
    if days == 0:
        return translator(language, "when-today", time=time)
    if days == 1:
        return translator(language, "when-tomorrow", time=time)
    weekday = translator(language, WEEKDAY_KEYS[when.weekday()])
    return translator(language, "when-weekday", weekday=weekday, time=time)


@dataclass(frozen=True, slots=True)
class StatusWording:
    """The keys of one status line's four cases: the chat's lines carry a coloured dot, the map's do not
    (it colours the marker instead)."""

    open_always: str
    open_until: str
    closed_opens: str
    closed_long: str


CHAT_STATUS = StatusWording(
    "nearest-open-always", "nearest-open-until", "nearest-closed-opens", "nearest-closed-long"
)
MAP_STATUS = StatusWording(
    "web-status-open-always", "web-status-open-until", "web-status-closed-opens", "web-status-closed-long"
)


def opening_status(
    translator: Translator, language: str, status: OpenStatus, now: datetime, wording: StatusWording
) -> Html:
    """ "Open, closes at 20:00", "Closed, opens tomorrow at 08:00", "Open 24 hours", "Closed for now"."""
    if status.always_open:
        return translator(language, wording.open_always)
    if status.is_open and status.closes_at is not None:
        return translator(language, wording.open_until, time=status.closes_at.strftime("%H:%M"))
    if status.opens_at is not None:
        return translator(
            language, wording.closed_opens, when=moment(translator, language, status.opens_at, now)
        )
    return translator(language, wording.closed_long)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: `number` counts from 0, `count` is at least 1 (an empty list has its empty first
    page). `offset` and `size` select its items."""

    number: int
    count: int
    size: int

    @property
    def offset(self) -> int:
        return self.number * self.size

    @property
    def first_rank(self) -> int:
        """The position (from 1) of the page's first item in the whole list."""
        return self.offset + 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 0 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number + 1 < self.count else None


def page_of(requested: int, total: int, size: int) -> Page:
    """The page a button or command asked for, clamped into the list as it is now: a stale button (the
    list shrank since) or a forged number shows the nearest page that exists."""
    count = max(1, -(-total // size))
    return Page(min(max(requested, 0), count - 1), count, size)
