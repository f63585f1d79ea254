"""SQL of /stats: read-only figures across the features' tables (users, volunteering, points, reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class UserFigures:
    total: int
    active_7d: int
    active_30d: int
    blocked: int
    observers: int


@dataclass(frozen=True, slots=True)
class VolunteerFigures:
    minutes_logged: int  # pending and approved entries, and the approved minutes of erased people
    minutes_approved: int
    points_outstanding: int  # the sum of everyone's balance


class StatsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def users(self, now: datetime | None = None) -> UserFigures:
        now = now or datetime.now(UTC)

        def since(days: int) -> str:
            return (now - timedelta(days=days)).astimezone(UTC).isoformat(timespec="seconds")

        row = await self._db.fetchone(
            """
            SELECT COUNT(*) AS total,
                   COALESCE(SUM(CASE WHEN last_seen_at >= ? THEN 1 ELSE 0 END), 0) AS active_7d,
                   COALESCE(SUM(CASE WHEN last_seen_at >= ? THEN 1 ELSE 0 END), 0) AS active_30d,
                   COALESCE(SUM(blocked), 0) AS blocked
              FROM users
            """,
            (since(7), since(30)),
        )
        assert row is not None
        observers = await self._db.fetchvalue("SELECT COUNT(*) FROM user_roles WHERE role = 'observer'")
        return UserFigures(row["total"], row["active_7d"], row["active_30d"], row["blocked"], int(observers))

    async def volunteering(self) -> VolunteerFigures:
        row = await self._db.fetchone(
            """
            SELECT COALESCE(SUM(CASE WHEN status IN ('pending', 'approved') THEN minutes ELSE 0 END), 0)
                       AS logged,
                   COALESCE(SUM(CASE WHEN status = 'approved' THEN minutes ELSE 0 END), 0) AS approved
              FROM volunteer_entries
            """
        )
        assert row is not None
        # The hours of erased people are deleted with them; their approved minutes live on as totals.
        erased = int(
            await self._db.fetchvalue("SELECT COALESCE(SUM(minutes_approved), 0) FROM erased_user_totals")
        )
        outstanding = await self._db.fetchvalue("SELECT COALESCE(SUM(amount), 0) FROM points_ledger")
        return VolunteerFigures(int(row["logged"]) + erased, int(row["approved"]) + erased, int(outstanding))

    async def reports_by_status(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) AS n FROM reports GROUP BY status")
        return {row["status"]: row["n"] for row in rows}
