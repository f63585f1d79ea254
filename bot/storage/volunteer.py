"""SQL for volunteer hours, their approval and station check-ins.

The rules (overlap, hours per day) are checked inside the transaction that stores the entry, so two
submissions at once cannot both slip past them; approval changes the entry and credits the ledger in one
transaction, and only a pending entry can be decided, so approving twice credits once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta, tzinfo

from bot.points import EntryKind
from bot.storage.database import Database, Row
from bot.storage.points import append_entry, iso
from bot.volunteer import (
    CheckinSession,
    Decision,
    HoursSummary,
    Interval,
    NewEntry,
    VolunteerEntry,
    check_entry,
    new_checkin_secret,
)


def _entry(row: Row) -> VolunteerEntry:
    return VolunteerEntry(
        id=row["id"],
        user_id=row["user_id"],
        activity=row["activity"],
        description=row["description"],
        interval=Interval(
            date.fromisoformat(row["day"]),
            datetime.fromisoformat(row["starts_at"]),
            datetime.fromisoformat(row["ends_at"]),
        ),
        points_per_hour=row["points_per_hour"],
        station_id=row["station_id"],
        place=row["place"],
        photo_file_id=row["photo_file_id"],
        source=row["source"],
        status=row["status"],
        decided_by=row["decided_by"],
        reject_reason=row["reject_reason"],
    )


# Entries of one person that are not rejected, on the day before, the day of and the day after (an entry
# is at most 12 hours long, so nothing further away can overlap).
_NEAR_SQL = (
    "SELECT * FROM volunteer_entries WHERE user_id = ? AND status <> 'rejected' AND day BETWEEN ? AND ?"
)


def _near_params(user_id: int, day: date) -> tuple[int, str, str]:
    return user_id, (day - timedelta(days=1)).isoformat(), (day + timedelta(days=1)).isoformat()


def _pending_where(stations: Collection[str] | None) -> tuple[str, tuple[str, ...]]:
    if stations is None:
        return "status = 'pending'", ()
    if not stations:
        return "1 = 0", ()
    marks = ", ".join("?" for _ in stations)
    return f"status = 'pending' AND station_id IN ({marks})", tuple(sorted(stations))


class VolunteerRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def submit(self, new: NewEntry, now: datetime, zone: tzinfo) -> tuple[VolunteerEntry, bool]:
        """Store a pending entry: (entry, True), or (the entry already stored under the same submission
        key, False). Raises `RuleViolation` and stores nothing when the entry breaks a rule."""
        async with self._db.transaction() as connection:
            await connection.lock(f"volunteer:{new.user_id}")  # the rules compare with the person's others
            existing = await connection.fetchone(
                "SELECT * FROM volunteer_entries WHERE submission_key = ?", (new.submission_key,)
            )
            if existing is not None:
                return _entry(existing), False
            day = new.interval.day
            near = await connection.fetchall(_NEAR_SQL, _near_params(new.user_id, day))
            others = [_entry(row).interval for row in near]
            check_entry(new.interval, others, now, zone)
            row = await connection.fetchone(
                """
                INSERT INTO volunteer_entries
                    (user_id, activity, description, day, starts_at, ends_at, minutes, points_per_hour,
                     station_id, place, photo_file_id, source, submission_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
                """,
                (
                    new.user_id,
                    new.activity,
                    new.description,
                    day.isoformat(),
                    iso(new.interval.starts_at),
                    iso(new.interval.ends_at),
                    new.interval.minutes,
                    new.points_per_hour,
                    new.station_id,
                    new.place,
                    new.photo_file_id,
                    new.source,
                    new.submission_key,
                    iso(now),
                ),
            )
            assert row is not None
            return _entry(row), True

    async def intervals_near(self, user_id: int, day: date) -> list[Interval]:
        """The person's entries that could overlap or share a day with an entry on `day` (for an early
        answer while they fill in the form; `submit` checks again)."""
        rows = await self._db.fetchall(_NEAR_SQL, _near_params(user_id, day))
        return [_entry(row).interval for row in rows]

    async def get(self, entry_id: int) -> VolunteerEntry | None:
        row = await self._db.fetchone("SELECT * FROM volunteer_entries WHERE id = ?", (entry_id,))
        return None if row is None else _entry(row)

    async def pending(
        self, offset: int, limit: int, stations: Collection[str] | None = None
    ) -> list[VolunteerEntry]:
        """Pending entries, oldest first; with `stations`, only those served at one of them."""
        where, params = _pending_where(stations)
        rows = await self._db.fetchall(
            f"SELECT * FROM volunteer_entries WHERE {where} ORDER BY id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_entry(row) for row in rows]

    async def pending_count(self, stations: Collection[str] | None = None) -> int:
        where, params = _pending_where(stations)
        return int(await self._db.fetchvalue(f"SELECT COUNT(*) FROM volunteer_entries WHERE {where}", params))

    async def approve(self, entry_id: int, admin_id: int | None, now: datetime) -> Decision:
        """Approve a pending entry and credit its points, together; anything else changes nothing.
        `admin_id` is None for hours approved by a rule (attending an event whose organiser was erased)."""
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE volunteer_entries SET status = 'approved', decided_by = ?, decided_at = ? "
                "WHERE id = ? AND status = 'pending'",
                (admin_id, iso(now), entry_id),
            )
            row = await connection.fetchone("SELECT * FROM volunteer_entries WHERE id = ?", (entry_id,))
            entry = None if row is None else _entry(row)
            if changed != 1 or entry is None:
                return Decision(entry, changed=False)
            credit = None
            if entry.points > 0:
                credit, _ = await append_entry(
                    connection,
                    user_id=entry.user_id,
                    kind=EntryKind.EARN,
                    amount=entry.points,
                    reason=f"volunteer {entry.activity} {entry.minutes} min",
                    actor=admin_id,
                    reference=f"volunteer:{entry.id}",
                    key=f"earn:volunteer:{entry.id}",
                    now=now,
                )
            return Decision(entry, changed=True, credit=credit)

    async def reject(self, entry_id: int, admin_id: int, reason: str, now: datetime) -> Decision:
        async with self._db.transaction() as connection:
            changed = await connection.execute(
                "UPDATE volunteer_entries SET status = 'rejected', decided_by = ?, decided_at = ?, "
                "reject_reason = ? WHERE id = ? AND status = 'pending'",
                (admin_id, iso(now), reason, entry_id),
            )
            row = await connection.fetchone("SELECT * FROM volunteer_entries WHERE id = ?", (entry_id,))
            return Decision(None if row is None else _entry(row), changed=changed == 1)

    async def hours_summary(self, user_id: int, month_start: date) -> HoursSummary:
        row = await self._db.fetchone(
            """
            SELECT
                COALESCE(SUM(CASE WHEN status = 'approved' THEN minutes END), 0),
                COALESCE(SUM(CASE WHEN status = 'pending' THEN minutes END), 0),
                COALESCE(SUM(CASE WHEN status = 'approved' AND day >= ? THEN minutes END), 0),
                COALESCE(SUM(CASE WHEN status = 'pending' AND day >= ? THEN minutes END), 0)
            FROM volunteer_entries WHERE user_id = ?
            """,
            (month_start.isoformat(), month_start.isoformat(), user_id),
        )
        assert row is not None
        return HoursSummary(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    # --- station check-in -------------------------------------------------------------------------------

    async def checkin_secret(self) -> str:
        """The signing secret of the check-in codes, generated on first use and kept from then on."""
        await self._db.write(
            "INSERT INTO checkin_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
            (new_checkin_secret(),),
        )
        return str(await self._db.fetchvalue("SELECT secret FROM checkin_secret WHERE id = 1"))

    async def start_checkin(
        self, user_id: int, station_id: str, now: datetime
    ) -> tuple[CheckinSession, bool]:
        """(session, True) for a new check-in; (the open one, False) if the courier is already checked in."""
        async with self._db.transaction() as connection:
            await connection.lock(f"checkin:{user_id}")
            row = await connection.fetchone("SELECT * FROM checkin_sessions WHERE user_id = ?", (user_id,))
            if row is not None:
                return self._session(row), False
            await connection.execute(
                "INSERT INTO checkin_sessions (user_id, station_id, started_at) VALUES (?, ?, ?)",
                (user_id, station_id, iso(now)),
            )
            return CheckinSession(user_id, station_id, datetime.fromisoformat(iso(now))), True

    async def checkin_session(self, user_id: int) -> CheckinSession | None:
        row = await self._db.fetchone("SELECT * FROM checkin_sessions WHERE user_id = ?", (user_id,))
        return None if row is None else self._session(row)

    async def end_checkin(self, user_id: int) -> None:
        await self._db.write("DELETE FROM checkin_sessions WHERE user_id = ?", (user_id,))

    @staticmethod
    def _session(row: Row) -> CheckinSession:
        return CheckinSession(row["user_id"], row["station_id"], datetime.fromisoformat(row["started_at"]))
