"""SQL for 民情观察员 reports: filing with a number, status changes with their events, "+1"s, follow-ups."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.reports import (
    OPEN_STATUSES,
    Action,
    EventKind,
    NewReport,
    Report,
    ReportEvent,
    Status,
    StatusChange,
    TransitionError,
    format_number,
    next_status,
)
from bot.storage.database import Database, Row, Transaction

_SELECT = """
    SELECT r.*, u.first_name AS reporter_name, u.username AS reporter_username,
           (SELECT COUNT(*) FROM report_supporters s WHERE s.report_id = r.id) AS supporters
    FROM reports r LEFT JOIN users u ON u.id = r.reporter_id
"""


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _report(row: Row, photos: Sequence[str]) -> Report:
    created_at, updated_at = _moment(row["created_at"]), _moment(row["updated_at"])
    assert created_at is not None and updated_at is not None  # NOT NULL columns
    return Report(
        id=row["id"],
        number=row["number"],
        reporter_id=row["reporter_id"],
        reporter_name=row["reporter_name"],
        reporter_username=row["reporter_username"],
        category=row["category"],
        description=row["description"],
        voice_file_id=row["voice_file_id"],
        photo_file_ids=tuple(photos),
        lat=row["lat"],
        lon=row["lon"],
        place=row["place"],
        anonymous=bool(row["anonymous"]),
        urgent=bool(row["urgent"]),
        status=Status(row["status"]),
        department=row["department"],
        resolution_note=row["resolution_note"],
        created_at=created_at,
        updated_at=updated_at,
        resolved_at=_moment(row["resolved_at"]),
        followup_sent_at=_moment(row["followup_sent_at"]),
        followup_answer=row["followup_answer"],
        supporters=int(row["supporters"]),
    )


def _where(statuses: Collection[Status] | None, category: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        clauses.append(f"r.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(status.value for status in statuses)
    if category is not None:
        clauses.append("r.category = ?")
        params.append(category)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reading ----------------------------------------------------------------------------------------

    async def _with_photos(self, rows: Sequence[Row]) -> list[Report]:
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        photo_rows = await self._db.fetchall(
            f"SELECT report_id, file_id FROM report_photos WHERE report_id IN ({', '.join('?' for _ in ids)})"
            " ORDER BY report_id, position",
            ids,
        )
        photos: dict[int, list[str]] = {}
        for photo in photo_rows:
            photos.setdefault(photo["report_id"], []).append(photo["file_id"])
        return [_report(row, photos.get(row["id"], [])) for row in rows]

    async def get(self, report_id: int) -> Report | None:
        found = await self._with_photos(await self._db.fetchall(_SELECT + " WHERE r.id = ?", (report_id,)))
        return found[0] if found else None

    async def search(
        self,
        *,
        statuses: Collection[Status] | None = None,
        category: str | None = None,
        limit: int,
        offset: int,
    ) -> list[Report]:
        where, params = _where(statuses, category)
        rows = await self._db.fetchall(
            _SELECT + where + " ORDER BY r.id DESC LIMIT ? OFFSET ?", [*params, limit, offset]
        )
        return await self._with_photos(rows)

    async def count(self, *, statuses: Collection[Status] | None = None, category: str | None = None) -> int:
        where, params = _where(statuses, category)
        return int(await self._db.fetchvalue("SELECT COUNT(*) FROM reports r" + where, params))

    async def by_reporter(self, user_id: int, *, limit: int, offset: int) -> list[Report]:
        rows = await self._db.fetchall(
            _SELECT + " WHERE r.reporter_id = ? ORDER BY r.id DESC LIMIT ? OFFSET ?", (user_id, limit, offset)
        )
        return await self._with_photos(rows)

    async def count_by_reporter(self, user_id: int) -> int:
        return int(
            await self._db.fetchvalue("SELECT COUNT(*) FROM reports WHERE reporter_id = ?", (user_id,))
        )

    async def open_nearby_candidates(self, category: str, since: datetime) -> list[Report]:
        """Open reports of a category filed since `since` that have a location; the distance is the
        domain's job (geodesic, not SQL arithmetic)."""
        where, params = _where(OPEN_STATUSES, category)
        rows = await self._db.fetchall(
            _SELECT + where + " AND r.created_at >= ? AND r.lat IS NOT NULL ORDER BY r.id",
            [*params, _iso(since)],
        )
        return await self._with_photos(rows)

    async def created_since(self, since: datetime | None) -> list[Report]:
        if since is None:
            rows = await self._db.fetchall(_SELECT + " ORDER BY r.id")
        else:
            rows = await self._db.fetchall(_SELECT + " WHERE r.created_at >= ? ORDER BY r.id", (_iso(since),))
        return await self._with_photos(rows)

    async def supporter_ids(self, report_id: int) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT user_id FROM report_supporters WHERE report_id = ? ORDER BY added_at, user_id",
            (report_id,),
        )
        return [row["user_id"] for row in rows]

    async def events(self, report_id: int) -> list[ReportEvent]:
        rows = await self._db.fetchall(
            "SELECT * FROM report_events WHERE report_id = ? ORDER BY id", (report_id,)
        )
        return [
            ReportEvent(
                report_id=row["report_id"],
                actor_id=row["actor_id"],
                at=datetime.fromisoformat(row["at"]),
                kind=EventKind(row["kind"]),
                from_status=Status(row["from_status"]) if row["from_status"] else None,
                to_status=Status(row["to_status"]) if row["to_status"] else None,
                department=row["department"],
                note=row["note"],
            )
            for row in rows
        ]

    async def latest_notes(self, report_ids: Sequence[int]) -> dict[int, str]:
        """The latest admin note of each report: what /myreports shows as "the latest answer"."""
        if not report_ids:
            return {}
        rows = await self._db.fetchall(
            f"""
            SELECT e.report_id, e.note FROM report_events e
            WHERE e.report_id IN ({", ".join("?" for _ in report_ids)}) AND e.kind = ? AND e.note IS NOT NULL
            ORDER BY e.id
            """,
            [*report_ids, EventKind.STATUS.value],
        )
        return {row["report_id"]: row["note"] for row in rows}  # later rows win

    async def followups_to_schedule(self) -> list[Report]:
        rows = await self._db.fetchall(
            _SELECT + " WHERE r.status = ? AND r.followup_sent_at IS NULL AND r.resolved_at IS NOT NULL",
            (Status.FIXED.value,),
        )
        return await self._with_photos(rows)

    # --- writing ----------------------------------------------------------------------------------------

    async def file(self, draft: NewReport, *, year: int, now: datetime) -> Report:
        """Number and store a report in one transaction, so two reports never share a number."""
        at = _iso(now)
        async with self._db.transaction() as connection:
            await connection.execute(
                """
                INSERT INTO report_counters (year, last_number) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last_number = report_counters.last_number + 1
                """,
                (year,),
            )
            row = await connection.fetchone("SELECT last_number FROM report_counters WHERE year = ?", (year,))
            assert row is not None  # just written
            report_id = await connection.fetchvalue(
                """
                INSERT INTO reports (number, reporter_id, category, description, voice_file_id,
                                     lat, lon, place, anonymous, urgent, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """,
                (
                    format_number(year, int(row[0])),
                    draft.reporter_id,
                    draft.category,
                    draft.description,
                    draft.voice_file_id,
                    draft.lat,
                    draft.lon,
                    draft.place,
                    int(draft.anonymous),
                    int(draft.urgent),
                    Status.CONFIRMED.value,
                    at,
                    at,
                ),
            )
            assert report_id is not None
            await connection.executemany(
                "INSERT INTO report_photos (report_id, position, file_id) VALUES (?, ?, ?)",
                [(report_id, position, file_id) for position, file_id in enumerate(draft.photo_file_ids)],
            )
            await _event(
                connection, report_id, draft.reporter_id, at, EventKind.FILED, None, Status.CONFIRMED
            )
        report = await self.get(report_id)
        assert report is not None
        return report

    async def change_status(
        self,
        report_id: int,
        action: Action,
        *,
        actor_id: int | None,
        now: datetime,
        note: str | None = None,
        department: str | None = None,
    ) -> StatusChange:
        """Apply an admin's action; raises TransitionError when it does not apply (stale or forged)."""
        at = _iso(now)
        async with self._db.transaction() as connection:
            current, current_department = await _status(connection, report_id)
            target = next_status(current, action)
            if (
                action is Action.FORWARD
                and current is Status.IN_PROGRESS
                and department == current_department
            ):
                raise TransitionError("already forwarded to this department")
            await connection.execute(
                """
                UPDATE reports SET
                    status = ?, updated_at = ?,
                    department = COALESCE(?, department),
                    resolution_note = CASE WHEN ? = 'fixed' THEN ? ELSE resolution_note END,
                    resolved_at = ?,
                    followup_sent_at = NULL,
                    followup_answer = NULL
                WHERE id = ?
                """,
                (
                    target.value,
                    at,
                    department,
                    target.value,
                    note,
                    at if target is Status.FIXED else None,
                    report_id,
                ),
            )
            await _event(
                connection, report_id, actor_id, at, EventKind.STATUS, current, target, department, note
            )
        return await self._change(report_id, current, target, note)

    async def answer_followup(
        self, report_id: int, reporter_id: int, *, solved: bool, now: datetime
    ) -> StatusChange:
        """The reporter's answer to "解决了吗?": yes is recorded, no reopens the report."""
        at = _iso(now)
        async with self._db.transaction() as connection:
            row = await connection.fetchone(
                "SELECT status, followup_answer FROM reports WHERE id = ? AND reporter_id = ?",
                (report_id, reporter_id),
            )
            if row is None or row["followup_answer"] is not None:
                raise TransitionError("not this reporter's open question")
            current = Status(row["status"])
            target = next_status(current, Action.REOPEN) if not solved else current
            if solved and current is not Status.FIXED:
                raise TransitionError("the report is no longer resolved")
            answer = "yes" if solved else "no"
            await connection.execute(
                """
                UPDATE reports SET status = ?, updated_at = ?, followup_answer = ?,
                    resolved_at = CASE WHEN ? = 'fixed' THEN resolved_at ELSE NULL END
                WHERE id = ?
                """,
                (target.value, at, answer, target.value, report_id),
            )
            await _event(
                connection, report_id, reporter_id, at, EventKind.FOLLOWUP, current, target, None, answer
            )
        return await self._change(report_id, current, target, None)

    async def add_supporter(self, report_id: int, user_id: int, *, now: datetime) -> Report | None:
        """ "+1, me too": None when the report is closed, is the user's own, or they already joined."""
        at = _iso(now)
        async with self._db.transaction() as connection:
            row = await connection.fetchone(
                "SELECT status, reporter_id FROM reports WHERE id = ?", (report_id,)
            )
            if row is None or Status(row["status"]) not in OPEN_STATUSES or row["reporter_id"] == user_id:
                return None
            added = await connection.execute(
                "INSERT INTO report_supporters (report_id, user_id, added_at) VALUES (?, ?, ?)"
                " ON CONFLICT (report_id, user_id) DO NOTHING",
                (report_id, user_id, at),
            )
            if added == 0:
                return None
            status = Status(row["status"])
            await _event(connection, report_id, user_id, at, EventKind.SUPPORTER, status, status)
        return await self.get(report_id)

    async def mark_followup_sent(self, report_id: int, *, now: datetime) -> None:
        await self._db.write("UPDATE reports SET followup_sent_at = ? WHERE id = ?", (_iso(now), report_id))

    async def _change(self, report_id: int, before: Status, after: Status, note: str | None) -> StatusChange:
        report = await self.get(report_id)
        assert report is not None
        return StatusChange(report, before, after, note)


async def _status(connection: Transaction, report_id: int) -> tuple[Status, str | None]:
    row = await connection.fetchone("SELECT status, department FROM reports WHERE id = ?", (report_id,))
    if row is None:
        raise TransitionError(f"no report {report_id}")
    return Status(row["status"]), row["department"]


async def _event(
    connection: Transaction,
    report_id: int,
    actor_id: int | None,
    at: str,
    kind: EventKind,
    from_status: Status | None,
    to_status: Status | None,
    department: str | None = None,
    note: str | None = None,
) -> None:
    await connection.execute(
        """
        INSERT INTO report_events (report_id, actor_id, at, kind, from_status, to_status, department, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            report_id,
            actor_id,
            at,
            kind.value,
            from_status.value if from_status else None,
            to_status.value if to_status else None,
            department,
            note,
        ),
    )
