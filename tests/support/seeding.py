"""Objects for admin buttons to act on: a pending volunteer entry, an open report, a running broadcast,
an uncollected pickup code; and a courier's hour at a station (a check-in). Built through the
repositories, so a button that skipped its role check would really change a row, and a test can see it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from bot.broadcast import Audience, AudienceKind, BatchStatus, Content
from bot.points import load_activities, load_rewards
from bot.reports import NewReport, load_catalogue, report_year
from bot.storage import Storage
from bot.volunteer import NewEntry, interval_for

_keys = itertools.count(1)


@dataclass(frozen=True)
class Seeded:
    owner: int  # the courier and observer who owns the objects
    entry_id: int
    report_id: int
    batch_id: int
    pickup_code: str


async def seed_objects(store: Storage, owner: int, admin: int, now: datetime) -> Seeded:
    """`now` is an aware local time; the entry is for two hours ending at least an hour before it."""
    zone = now.tzinfo
    assert zone is not None
    key = next(_keys)
    await store.users.seen(owner, "小哥", None, "zh")
    activity = next(iter(load_activities()))
    day = (now - timedelta(hours=4)).date()
    entry, _ = await store.volunteer.submit(
        NewEntry(
            user_id=owner,
            activity=activity.id,
            description=None,
            interval=interval_for(day, time(8), 120, zone),
            points_per_hour=activity.points_per_hour,
            station_id=None,
            place="西湖边",
            photo_file_id=None,
            source="form",
            submission_key=f"seed:{owner}:{key}",
        ),
        now,
        zone,
    )
    report = await store.reports.file(
        NewReport(
            reporter_id=owner,
            category=load_catalogue().categories[0].id,
            description="驿站的空调坏了,中午太热没法休息。",
            voice_file_id=None,
            photo_file_ids=(),
            lat=30.25,
            lon=120.17,
            place=None,
            anonymous=False,
            urgent=False,
        ),
        year=report_year(now, zone),
        now=now,
    )
    batch_id = await store.outbox.create_broadcast(
        created_by=admin,
        content=Content(zh="今天驿站有清凉礼包"),
        audience=Audience(AudienceKind.EVERYONE),
        fingerprint=f"seed-{key}",
        scheduled_at=None,
    )
    await store.outbox.change_status(batch_id, BatchStatus.ACTIVE, only_from=(BatchStatus.PREPARING,))
    reward = next(iter(load_rewards()))
    await store.points.adjust(owner, reward.cost * 3, "种子积分", admin, f"seed-adjust:{key}", now)
    redeemed = await store.points.redeem(owner, reward, f"seed-redeem:{key}", now)
    return Seeded(owner, entry.id, report.id, batch_id, redeemed.redemption.code)


async def hours_at_station(
    store: Storage, user_id: int, station_id: str, arrived: datetime, source: str = "checkin"
) -> None:
    """An hour at a station handed in: by /checkout after a check-in, or typed in the form."""
    await store.volunteer.submit(
        NewEntry(
            user_id=user_id,
            activity="station_duty",
            description=None,
            interval=interval_for(arrived.date(), arrived.time(), 60, UTC),
            points_per_hour=10,
            station_id=station_id,
            place=None,
            photo_file_id=None,
            source=source,
            submission_key=f"{source}:{user_id}:{arrived.isoformat()}",
        ),
        arrived + timedelta(hours=1),
        UTC,
    )
