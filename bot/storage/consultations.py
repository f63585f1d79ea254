"""SQL for consultations and their answers. An anonymous answer is stored without a user id: only the
respondent key (bot.consultations.respondent_key) says that someone answered, so that nobody answers twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.broadcast import Audience
from bot.consultations import Answer, Consultation, Question, decode_questions, encode_questions
from bot.storage.database import Database, Row

_ANSWER_SQL = """
    SELECT a.id, a.consultation_id, a.question_index, a.option_index, a.answer_text, a.user_id,
           a.answered_on, u.first_name
      FROM consultation_answers a LEFT JOIN users u ON u.id = a.user_id
"""


def _consultation(row: Row) -> Consultation:
    return Consultation(
        id=row["id"],
        title=row["title"],
        questions=decode_questions(row["questions"]),
        audience=Audience.from_json(row["audience"]),
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        recipients=row["recipients"],
    )


def _answer(row: Row) -> Answer:
    return Answer(
        id=row["id"],
        consultation_id=row["consultation_id"],
        question_index=row["question_index"],
        option_index=row["option_index"],
        text=row["answer_text"],
        user_id=row["user_id"],
        name=row["first_name"],
        answered_on=date.fromisoformat(str(row["answered_on"])),
    )


class ConsultationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        *,
        title: str,
        questions: Sequence[Question],
        audience: Audience,
        salt: str,
        created_by: int,
        now: datetime,
    ) -> Consultation:
        row = await self._db.write_returning(
            "INSERT INTO consultations (title, questions, audience, salt, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            (title, encode_questions(questions), audience.to_json(), salt, created_by, now.isoformat()),
        )
        assert row is not None
        return _consultation(row)

    async def set_recipients(self, consultation_id: int, recipients: int) -> None:
        await self._db.write(
            "UPDATE consultations SET recipients = ? WHERE id = ?", (recipients, consultation_id)
        )

    async def get(self, consultation_id: int) -> Consultation | None:
        row = await self._db.fetchone("SELECT * FROM consultations WHERE id = ?", (consultation_id,))
        return None if row is None else _consultation(row)

    async def salt(self, consultation_id: int) -> str | None:
        value = await self._db.fetchvalue("SELECT salt FROM consultations WHERE id = ?", (consultation_id,))
        return None if value is None else str(value)

    async def recent(self, limit: int = 10, created_by: int | None = None) -> list[Consultation]:
        """The latest consultations, or the latest that one person started."""
        if created_by is None:
            rows = await self._db.fetchall("SELECT * FROM consultations ORDER BY id DESC LIMIT ?", (limit,))
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM consultations WHERE created_by = ? ORDER BY id DESC LIMIT ?",
                (created_by, limit),
            )
        return [_consultation(row) for row in rows]

    async def answered_questions(self, consultation_id: int, respondent: str) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT question_index FROM consultation_answers WHERE consultation_id = ? AND respondent = ?",
            (consultation_id, respondent),
        )
        return {row["question_index"] for row in rows}

    async def record_answer(
        self,
        *,
        consultation_id: int,
        question_index: int,
        respondent: str,
        user_id: int | None,
        option_index: int | None,
        text: str | None,
        day: date,
    ) -> bool:
        """False when this person answered this question before (the first answer stays)."""
        changed = await self._db.write(
            """
            INSERT INTO consultation_answers (consultation_id, question_index, respondent, user_id,
                                              option_index, answer_text, answered_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """,
            (consultation_id, question_index, respondent, user_id, option_index, text, day.isoformat()),
        )
        return changed > 0

    async def answers(self, consultation_id: int) -> list[Answer]:
        rows = await self._db.fetchall(
            _ANSWER_SQL + " WHERE a.consultation_id = ? ORDER BY a.id", (consultation_id,)
        )
        return [_answer(row) for row in rows]

    async def answer(self, answer_id: int) -> Answer | None:
        row = await self._db.fetchone(_ANSWER_SQL + " WHERE a.id = ?", (answer_id,))
        return None if row is None else _answer(row)
