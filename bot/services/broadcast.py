"""Confirming a broadcast: the batch is created to go now or at its time, unless it repeats one just sent.

The duplicate rule: the same content to the same audience within DUPLICATE_WINDOW is held back until the
admin confirms once more. Sending is the outbox's job (bot/outbox.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.broadcast import Audience, Batch, Content, fingerprint, is_recent_duplicate
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class BroadcastCreated:
    batch: Batch  # scheduled when it has a time, else preparing: the sender picks it up


@dataclass(frozen=True, slots=True)
class RecentDuplicate:
    """Nothing was created: the admin is asked to confirm again."""

    minutes_ago: int  # whole minutes since the same broadcast was created: 0 reads "just now"


async def create_broadcast(
    store: Storage,
    *,
    admin_id: int,
    content: Content,
    audience: Audience,
    scheduled_at: datetime | None,
    paid: bool,
    repeat_confirmed: bool,
    now: datetime,
) -> BroadcastCreated | RecentDuplicate:
    """`repeat_confirmed`: the admin was told it repeats a recent broadcast and sends it anyway."""
    outbox, same = store.outbox, fingerprint(content, audience)
    if not repeat_confirmed:
        previous = await outbox.last_created_with(same)
        if previous is not None and is_recent_duplicate(previous, now):
            return RecentDuplicate(int((now - previous).total_seconds() // 60))
    batch_id = await outbox.create_broadcast(
        created_by=admin_id,
        content=content,
        audience=audience,
        fingerprint=same,
        scheduled_at=scheduled_at,
        paid=paid,
    )
    batch = await outbox.get(batch_id)
    assert batch is not None  # just created
    return BroadcastCreated(batch)
