"""SQL for what the staff keep of their stations: the live status, and today's check-ins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.station_status import Charging, ClosedReason, StationStatus
from bot.storage.database import Database, Row
from bot.storage.points import iso


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _status(row: Row) -> StationStatus:
    updated_at = _moment(row["updated_at"])
    assert updated_at is not None
    return StationStatus(
        station_id=row["station_id"],
        updated_at=updated_at,
        closed=_flag(row["closed"]),
        closed_reason=ClosedReason(row["closed_reason"]) if row["closed_reason"] else None,
        closed_until=_moment(row["closed_until"]),
        water=_flag(row["water"]),
        charging=Charging(row["charging"]) if row["charging"] else None,
        gift_packs=row["gift_packs"],
        crowded=_flag(row["crowded"]),
    )


def _int(value: bool | None) -> int | None:
    return None if value is None else int(value)


class StationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def statuses(self) -> list[StationStatus]:
        return [_status(row) for row in await self._db.fetchall("SELECT * FROM station_status")]

    async def status(self, station_id: str) -> StationStatus | None:
        row = await self._db.fetchone("SELECT * FROM station_status WHERE station_id = ?", (station_id,))
        return None if row is None else _status(row)

    async def change_status(
        self, station_id: str, change: Callable[[StationStatus | None], StationStatus]
    ) -> StationStatus:
        """Read, change and store a station's status in one transaction: two staff tapping at once both
        count."""
        async with self._db.transaction() as connection:
            await connection.lock(f"station-status:{station_id}")
            row = await connection.fetchone(
                "SELECT * FROM station_status WHERE station_id = ?", (station_id,)
            )
            status = change(None if row is None else _status(row))
            await connection.execute(
                """
                INSERT INTO station_status (station_id, closed, closed_reason, closed_until, water, charging,
                                            gift_packs, crowded, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (station_id) DO UPDATE SET
                    closed = excluded.closed, closed_reason = excluded.closed_reason,
                    closed_until = excluded.closed_until, water = excluded.water,
                    charging = excluded.charging, gift_packs = excluded.gift_packs,
                    crowded = excluded.crowded, updated_at = excluded.updated_at
                """,
                (
                    station_id,
                    _int(status.closed),
                    status.closed_reason.value if status.closed_reason else None,
                    iso(status.closed_until) if status.closed_until else None,
                    _int(status.water),
                    status.charging.value if status.charging else None,
                    status.gift_packs,
                    _int(status.crowded),
                    iso(status.updated_at),
                ),
            )
            return status

    async def take_gift_pack(self, station_id: str) -> bool:
        """One gift pack handed out: the count the staff gave goes down by one (never below zero)."""
        changed = await self._db.write(
            "UPDATE station_status SET gift_packs = gift_packs - 1 WHERE station_id = ? AND gift_packs > 0",
            (station_id,),
        )
        return changed > 0

    async def hand_out_gift_pack(self, station_id: str, now: datetime, fresh_since: datetime) -> bool:
        """The staff handed one out: the count goes down by one and the status is confirmed `now`; only a
        count still shown as fact (set after `fresh_since`) and above zero, so that two taps on the last
        one take one."""
        changed = await self._db.write(
            "UPDATE station_status SET gift_packs = gift_packs - 1, updated_at = ?"
            " WHERE station_id = ? AND gift_packs > 0 AND updated_at > ?",
            (iso(now), station_id, iso(fresh_since)),
        )
        return changed > 0

    async def checked_in_since(self, station_id: str, since: datetime) -> list[int]:
        """Who checked in at the station since `since` (still there, or checked out with their hours
        handed in), by id, first arrival first."""
        rows = await self._db.fetchall(
            """
            SELECT user_id, MIN(started) AS first FROM (
                SELECT user_id, started_at AS started FROM checkin_sessions
                WHERE station_id = ? AND started_at >= ?
                UNION ALL
                SELECT user_id, starts_at AS started FROM volunteer_entries
                WHERE station_id = ? AND source = 'checkin' AND starts_at >= ?
            ) AS arrivals
            GROUP BY user_id ORDER BY first, user_id
            """,
            (station_id, iso(since), station_id, iso(since)),
        )
        return [row["user_id"] for row in rows]
