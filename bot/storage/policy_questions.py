"""SQL for "ask the desk": couriers' questions for the staff of a station, and the staff's answers."""

from __future__ import annotations

from datetime import datetime

from bot.policies import DeskQuestion
from bot.storage.database import Database, Row
from bot.storage.points import iso


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _question(row: Row) -> DeskQuestion:
    asked_at = _moment(row["asked_at"])
    assert asked_at is not None
    return DeskQuestion(
        id=row["id"],
        user_id=row["user_id"],
        station_id=row["station_id"],
        question=row["question"],
        asked_at=asked_at,
        answer=row["answer"],
        answered_at=_moment(row["answered_at"]),
    )


class PolicyQuestionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def ask(self, *, user_id: int, station_id: str, question: str, now: datetime) -> DeskQuestion:
        row = await self._db.write_returning(
            "INSERT INTO policy_questions (user_id, station_id, question, asked_at) VALUES (?, ?, ?, ?)"
            " RETURNING *",
            (user_id, station_id, question, iso(now)),
        )
        assert row is not None
        return _question(row)

    async def get(self, question_id: int) -> DeskQuestion | None:
        row = await self._db.fetchone("SELECT * FROM policy_questions WHERE id = ?", (question_id,))
        return None if row is None else _question(row)

    async def answer(self, question_id: int, *, answer: str, answered_by: int, now: datetime) -> bool:
        """Store the first answer only: two staff typing at once, the second is told it was answered."""
        changed = await self._db.write(
            "UPDATE policy_questions SET answer = ?, answered_by = ?, answered_at = ?"
            " WHERE id = ? AND answer IS NULL",
            (answer, answered_by, iso(now), question_id),
        )
        return changed > 0
