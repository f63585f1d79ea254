"""SQL for events and their sign-ups.

A sign-up, a cancellation and a check-in each take the event's lock first, so the places counted and
the places given out never disagree: two people pressing for the last place at once get one place and
one spot in line, and a cancellation hands its place to exactly one waiting person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.events import Event, NewEvent, Signup, SignupStatus
from bot.storage.database import Database, Reads, Row
from bot.storage.points import iso
from bot.volunteer import MAX_MINUTES

# An event lasts at most this long, so one that started earlier has ended.
_LONGEST = timedelta(minutes=MAX_MINUTES)

_EVENT_SQL = """
    SELECT e.*,
        (SELECT COUNT(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'going') AS going,
        (SELECT COUNT(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'waiting') AS waiting
    FROM events e
"""


def _event(row: Row) -> Event:
    return Event(
        id=row["id"],
        title_zh=row["title_zh"],
        title_en=row["title_en"],
        station_id=row["station_id"],
        place=row["place"],
        starts_at=datetime.fromisoformat(row["starts_at"]),
        minutes=row["minutes"],
        capacity=row["capacity"],
        credited_minutes=row["credited_minutes"],
        created_by=row["created_by"],
        going=int(row["going"]),
        waiting=int(row["waiting"]),
    )


def _signup(row: Row) -> Signup:
    attended = row["attended_at"]
    return Signup(
        event_id=row["event_id"],
        user_id=row["user_id"],
        status=SignupStatus(row["status"]),
        attended_at=datetime.fromisoformat(attended) if attended else None,
        entry_id=row["entry_id"],
    )


class EventRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(self, new: NewEvent, now: datetime) -> tuple[Event, bool]:
        """(event, True); or (the event already stored under the same creation key, False)."""
        async with self._db.transaction() as connection:
            existing = await connection.fetchvalue(
                "SELECT id FROM events WHERE creation_key = ?", (new.creation_key,)
            )
            created = existing is None
            if created:
                existing = await connection.fetchvalue(
                    """
                    INSERT INTO events (title_zh, title_en, station_id, place, starts_at, minutes, capacity,
                        credited_minutes, created_by, creation_key, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id
                    """,
                    (
                        new.title_zh,
                        new.title_en,
                        new.station_id,
                        new.place,
                        iso(new.starts_at),
                        new.minutes,
                        new.capacity,
                        new.credited_minutes,
                        new.created_by,
                        new.creation_key,
                        iso(now),
                    ),
                )
            event = await self._get(connection, int(existing))
            assert event is not None
            return event, created

    async def get(self, event_id: int) -> Event | None:
        return await self._get(self._db, event_id)

    @staticmethod
    async def _get(connection: Reads, event_id: int) -> Event | None:
        row = await connection.fetchone(f"{_EVENT_SQL} WHERE e.id = ?", (event_id,))
        return None if row is None else _event(row)

    async def not_ended(self, now: datetime, ended_since: timedelta = timedelta()) -> list[Event]:
        """Events that have not ended (or ended less than `ended_since` ago), soonest first."""
        rows = await self._db.fetchall(
            f"{_EVENT_SQL} WHERE e.starts_at > ? ORDER BY e.starts_at, e.id",
            (iso(now - _LONGEST - ended_since),),
        )
        return [event for event in map(_event, rows) if event.ends_at > now - ended_since]

    async def signup(self, event_id: int, user_id: int) -> Signup | None:
        return await self._signup_in(self._db, event_id, user_id)

    async def signups_of(self, user_id: int, event_ids: list[int]) -> dict[int, Signup]:
        """The person's sign-ups to these events, by event id."""
        if not event_ids:
            return {}
        marks = ", ".join("?" for _ in event_ids)
        rows = await self._db.fetchall(
            f"SELECT * FROM event_signups WHERE user_id = ? AND event_id IN ({marks})", (user_id, *event_ids)
        )
        return {row["event_id"]: _signup(row) for row in rows}

    async def signups(self, event_id: int) -> list[Signup]:
        """Everyone who signed up, in the order they did (a place in line, or a walk-in's check-in)."""
        rows = await self._db.fetchall(
            "SELECT * FROM event_signups WHERE event_id = ? ORDER BY signed_up_at, user_id", (event_id,)
        )
        return [_signup(row) for row in rows]

    async def going(self, event_id: int) -> list[int]:
        """The people holding a place, in the order they signed up."""
        rows = await self._db.fetchall(
            "SELECT user_id FROM event_signups WHERE event_id = ? AND status = 'going'"
            " ORDER BY place_in_line",
            (event_id,),
        )
        return [int(row["user_id"]) for row in rows]

    async def position(self, event_id: int, user_id: int) -> int:
        """The person's place in the waiting list, from 1 (0 when they are not waiting)."""
        return int(
            await self._db.fetchvalue(
                "SELECT COUNT(*) FROM event_signups w JOIN event_signups me"
                " ON me.event_id = w.event_id AND me.user_id = ? AND me.status = 'waiting'"
                " WHERE w.event_id = ? AND w.status = 'waiting' AND w.place_in_line <= me.place_in_line",
                (user_id, event_id),
            )
        )

    async def sign_up(self, event_id: int, user_id: int, now: datetime) -> tuple[Signup | None, bool]:
        """A place if one is free, else a spot at the end of the line: (sign-up, True). Someone already
        going or waiting keeps what they have: (it, False). (None, False) for an unknown event."""
        async with self._db.transaction() as connection:
            await connection.lock(f"event:{event_id}")
            event = await self._get(connection, event_id)
            if event is None:
                return None, False
            current = await self._signup_in(connection, event_id, user_id)
            if current is not None and current.status is not SignupStatus.CANCELLED:
                return current, False
            status = SignupStatus.WAITING if event.full else SignupStatus.GOING
            line = await connection.fetchvalue(
                "SELECT COALESCE(MAX(place_in_line), 0) + 1 FROM event_signups WHERE event_id = ?",
                (event_id,),
            )
            if current is None:
                await connection.execute(
                    "INSERT INTO event_signups (event_id, user_id, status, place_in_line, signed_up_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (event_id, user_id, status.value, line, iso(now)),
                )
            else:
                await connection.execute(
                    "UPDATE event_signups SET status = ?, place_in_line = ?, signed_up_at = ?"
                    " WHERE event_id = ? AND user_id = ?",
                    (status.value, line, iso(now), event_id, user_id),
                )
            signup = await self._signup_in(connection, event_id, user_id)
            return signup, True

    async def cancel(self, event_id: int, user_id: int) -> tuple[bool, int | None]:
        """(cancelled, who got the freed place): a place given up goes to the first person in line."""
        async with self._db.transaction() as connection:
            await connection.lock(f"event:{event_id}")
            current = await self._signup_in(connection, event_id, user_id)
            if current is None or current.status is SignupStatus.CANCELLED or current.attended_at is not None:
                return False, None
            await connection.execute(
                "UPDATE event_signups SET status = 'cancelled' WHERE event_id = ? AND user_id = ?",
                (event_id, user_id),
            )
            if current.status is not SignupStatus.GOING:
                return True, None
            first = await connection.fetchvalue(
                "SELECT user_id FROM event_signups WHERE event_id = ? AND status = 'waiting'"
                " ORDER BY place_in_line LIMIT 1",
                (event_id,),
            )
            if first is None:
                return True, None
            await connection.execute(
                "UPDATE event_signups SET status = 'going' WHERE event_id = ? AND user_id = ?",
                (event_id, first),
            )
            return True, int(first)

    async def attend(self, event_id: int, user_id: int, now: datetime) -> tuple[Signup | None, bool]:
        """Check a person in: (sign-up, True) the first time, (it, False) again. Someone without a place
        takes a free one; with none free, (None, False) and nothing changes."""
        async with self._db.transaction() as connection:
            await connection.lock(f"event:{event_id}")
            event = await self._get(connection, event_id)
            current = await self._signup_in(connection, event_id, user_id)
            if event is None:
                return None, False
            if current is not None and current.attended_at is not None:
                return current, False
            if current is None or current.status is not SignupStatus.GOING:
                if event.full:
                    return None, False
                if current is None:
                    await connection.execute(
                        "INSERT INTO event_signups (event_id, user_id, status, place_in_line, signed_up_at)"
                        " VALUES (?, ?, 'going', 0, ?)",
                        (event_id, user_id, iso(now)),
                    )
                else:
                    await connection.execute(
                        "UPDATE event_signups SET status = 'going' WHERE event_id = ? AND user_id = ?",
                        (event_id, user_id),
                    )
            await connection.execute(
                "UPDATE event_signups SET attended_at = ? WHERE event_id = ? AND user_id = ?",
                (iso(now), event_id, user_id),
            )
            return await self._signup_in(connection, event_id, user_id), True

    async def attended_not_credited(self, event_id: int) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT user_id FROM event_signups WHERE event_id = ? AND attended_at IS NOT NULL"
            " AND entry_id IS NULL ORDER BY user_id",
            (event_id,),
        )
        return [int(row["user_id"]) for row in rows]

    async def set_entry(self, event_id: int, user_id: int, entry_id: int) -> None:
        """The volunteer entry attending filed: the person is credited once."""
        await self._db.write(
            "UPDATE event_signups SET entry_id = ? WHERE event_id = ? AND user_id = ?",
            (entry_id, event_id, user_id),
        )

    @staticmethod
    async def _signup_in(connection: Reads, event_id: int, user_id: int) -> Signup | None:
        row = await connection.fetchone(
            "SELECT * FROM event_signups WHERE event_id = ? AND user_id = ?", (event_id, user_id)
        )
        return None if row is None else _signup(row)
