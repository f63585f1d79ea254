"""Confirming a broadcast: now or later, and the duplicate rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.broadcast import DUPLICATE_WINDOW, Audience, AudienceKind, BatchStatus, Content
from bot.services.broadcast import BroadcastCreated, RecentDuplicate, create_broadcast
from bot.storage import Storage

ADMIN = 7001
CONTENT = Content(zh="<b>清凉大礼包</b>", en="<b>Gift pack</b>")
EVERYONE = Audience(AudienceKind.EVERYONE)


async def _confirm(
    store: Storage,
    *,
    audience: Audience = EVERYONE,
    scheduled_at: datetime | None = None,
    repeat_confirmed: bool = False,
    now: datetime | None = None,
) -> BroadcastCreated | RecentDuplicate:
    return await create_broadcast(
        store,
        admin_id=ADMIN,
        content=CONTENT,
        audience=audience,
        scheduled_at=scheduled_at,
        paid=False,
        repeat_confirmed=repeat_confirmed,
        now=now or datetime.now(UTC),  # the batch's creation time is the database's clock
    )


async def test_a_broadcast_goes_now_or_at_its_time(store: Storage) -> None:
    now = await _confirm(store)
    assert isinstance(now, BroadcastCreated) and now.batch.status is BatchStatus.PREPARING
    assert now.batch.content == CONTENT and now.batch.created_by == ADMIN
    later_at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    later = await _confirm(store, audience=Audience(AudienceKind.COURIERS), scheduled_at=later_at)
    assert isinstance(later, BroadcastCreated) and later.batch.status is BatchStatus.SCHEDULED
    assert later.batch.scheduled_at == later_at


async def test_a_repeat_within_the_window_is_held_back_until_confirmed_again(store: Storage) -> None:
    await _confirm(store)
    held = await _confirm(store)
    assert held == RecentDuplicate(minutes_ago=0)
    assert len(await store.outbox.recent("broadcast")) == 1
    sent_anyway = await _confirm(store, repeat_confirmed=True)
    assert isinstance(sent_anyway, BroadcastCreated)
    assert len(await store.outbox.recent("broadcast")) == 2


async def test_the_same_content_goes_again_once_the_window_has_passed(store: Storage) -> None:
    await _confirm(store)
    later = datetime.now(UTC) + DUPLICATE_WINDOW + timedelta(minutes=1)
    assert isinstance(await _confirm(store, now=later), BroadcastCreated)
    to_couriers = await _confirm(store, audience=Audience(AudienceKind.COURIERS))
    assert isinstance(to_couriers, BroadcastCreated)  # another audience is another broadcast
