"""A station's live status, as its staff set it: open or closed for now (why, until when), water, free
charging slots, gift packs left, crowded or not. Channel-neutral: the model, the freshness rule and the
text every channel shows.

A status is a fact only while it is fresh: older than its validity (BOT_STATION_STATUS_VALID_HOURS) it is
shown as unknown, and a change made after that starts from nothing rather than confirming stale facts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

from bot.i18n import Html, Translator
from bot.message_keys import CHARGING_KEYS, CLOSED_REASON_KEYS

DEFAULT_VALID_HOURS = 12


class Charging(StrEnum):
    """Free charging slots, as staff count them at a glance."""

    NONE = "none"  # 0
    FEW = "few"  # 1-2
    MANY = "many"  # 3 or more


class ClosedReason(StrEnum):
    AWAY = "away"  # staff out for a moment
    EVENT = "event"  # the room is used for an event
    REPAIR = "repair"  # broken air conditioning, water, power
    OTHER = "other"


class Change(StrEnum):
    """One tap on the status keyboard (closing takes a reason and a time: see `closure_end`)."""

    OPEN = "open"
    WATER_YES = "water1"
    WATER_NO = "water0"
    CHARGING_NONE = "chg0"
    CHARGING_FEW = "chg1"
    CHARGING_MANY = "chg3"
    CROWDED_YES = "crowd1"
    CROWDED_NO = "crowd0"


_CHANGES: dict[Change, dict[str, Any]] = {
    Change.OPEN: {"closed": False, "closed_reason": None, "closed_until": None},
    Change.WATER_YES: {"water": True},
    Change.WATER_NO: {"water": False},
    Change.CHARGING_NONE: {"charging": Charging.NONE},
    Change.CHARGING_FEW: {"charging": Charging.FEW},
    Change.CHARGING_MANY: {"charging": Charging.MANY},
    Change.CROWDED_YES: {"crowded": True},
    Change.CROWDED_NO: {"crowded": False},
}


@dataclass(frozen=True, slots=True)
class StationStatus:
    """What the staff said, and when (the time of their last tap); None is "not said"."""

    station_id: str
    updated_at: datetime
    closed: bool | None = None
    closed_reason: ClosedReason | None = None
    closed_until: datetime | None = None
    water: bool | None = None
    charging: Charging | None = None
    gift_packs: int | None = None
    crowded: bool | None = None

    def is_fresh(self, now: datetime, validity: timedelta) -> bool:
        return now - self.updated_at < validity

    def closed_at(self, now: datetime) -> bool:
        """Closed for now by the staff: until the time they gave (then the opening hours hold again)."""
        return bool(self.closed) and (self.closed_until is None or now < self.closed_until)


def blank(station_id: str, now: datetime) -> StationStatus:
    return StationStatus(station_id, now)


def changed(
    current: StationStatus | None, station_id: str, now: datetime, validity: timedelta, **fields: Any
) -> StationStatus:
    """The status after a tap: the fresh facts kept, the new ones set, all confirmed `now`."""
    base = current if current is not None and current.is_fresh(now, validity) else blank(station_id, now)
    return replace(base, updated_at=now, **fields)


def change_fields(change: Change) -> dict[str, Any]:
    return dict(_CHANGES[change])


def closing_fields(reason: ClosedReason, until: datetime) -> dict[str, Any]:
    return {"closed": True, "closed_reason": reason, "closed_until": until}


def closure_end(now: datetime, hours: int | None) -> datetime:
    """The end of a closure: `hours` from now, or with None the end of the local day."""
    if hours is None:
        return datetime.combine(now.date(), time(23, 59), tzinfo=now.tzinfo)
    return now + timedelta(hours=hours)


def fresh_statuses(
    statuses: list[StationStatus], now: datetime, validity: timedelta
) -> dict[str, StationStatus]:
    """By station id, the statuses that may be shown as facts."""
    return {status.station_id: status for status in statuses if status.is_fresh(now, validity)}


def status_line(
    translator: Translator,
    language: str,
    status: StationStatus | None,
    station_name: str,
    now: datetime,
    validity: timedelta,
) -> Html:
    """The status in one line ("📢 有水 · 礼包剩 12 份（更新于 14:05 · 四季青驿站）"), or unknown when it is
    stale or was never set."""

    def text(key: str, **args: Any) -> str:
        return translator(language, key, **args)

    if status is None or not status.is_fresh(now, validity):
        return Html(text("station-live-unknown", hours=int(validity.total_seconds() // 3600)))
    local = now.tzinfo  # the bot's timezone: `now` is local
    parts: list[str] = []
    if status.closed_at(now):
        reason = text(CLOSED_REASON_KEYS[(status.closed_reason or ClosedReason.OTHER).value])
        if status.closed_until is not None:
            until = status.closed_until.astimezone(local).strftime("%H:%M")
            parts.append(text("station-live-closed-until", reason=reason, until=until))
        else:
            parts.append(text("station-live-closed", reason=reason))
    elif status.closed is False:
        parts.append(text("station-live-open"))
    if status.water is not None:
        parts.append(text("station-live-water-yes" if status.water else "station-live-water-no"))
    if status.charging is not None:
        parts.append(text(CHARGING_KEYS[status.charging.value]))
    if status.gift_packs is not None:
        parts.append(text("station-live-gift-packs", count=status.gift_packs))
    if status.crowded is not None:
        parts.append(text("station-live-crowded" if status.crowded else "station-live-quiet"))
    updated = status.updated_at.astimezone(local).strftime("%H:%M")
    return Html(
        text(
            "station-live",
            facts=Html(" · ".join(parts)) if parts else text("station-live-nothing"),
            time=updated,
            station=station_name,
        )
    )
