"""What we keep about a person and for how long (China's Personal Information Protection Law asks
for purpose and retention to be stated), and the rules for exporting and erasing it. Channel-neutral."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# A /deleteme confirmation button older than this is refused: erasing must be a deliberate, fresh choice.
CONFIRMATION_SECONDS = 10 * 60
# Redelivered updates arrive within seconds of a restart; two days is a generous margin.
PROCESSED_UPDATES_KEPT = timedelta(days=2)
# WeChat's stand-ins for messages and buttons (their texts, the links' callback data): a month covers every
# button still worth pressing; an older link gets the "button expired" answer.
WECHAT_LINKS_KEPT = timedelta(days=30)


def location_cutoff(now: datetime, retention_days: int) -> str:
    """Last locations recorded before this UTC timestamp are dropped by the daily job."""
    return (now.astimezone(UTC) - timedelta(days=retention_days)).isoformat(timespec="seconds")


def processed_updates_cutoff(now: datetime) -> str:
    return (now.astimezone(UTC) - PROCESSED_UPDATES_KEPT).isoformat(timespec="seconds")


def wechat_links_cutoff(now: datetime) -> str:
    return (now.astimezone(UTC) - WECHAT_LINKS_KEPT).isoformat(timespec="seconds")


def erasure_month(now: datetime) -> str:
    """Anonymous totals are dated to the month only, so they cannot be matched to a person."""
    return now.strftime("%Y-%m")


def confirmation_is_fresh(issued_at: int, now: datetime) -> bool:
    return 0 <= now.timestamp() - issued_at <= CONFIRMATION_SECONDS


def export_json(data: dict[str, Any], exported_at: datetime) -> bytes:
    """The /mydata file: readable JSON, Chinese as is."""
    document = {"exported_at": exported_at.isoformat(timespec="seconds"), **data}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


@dataclass(frozen=True, slots=True)
class ErasureSummary:
    points_balance: int
    reports_kept_anonymously: int
