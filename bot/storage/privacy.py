"""SQL for /mydata (everything kept about one person) and /deleteme (erase it, keep anonymous totals)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.consultations import respondent_key
from bot.points import EntryKind
from bot.privacy import ErasureSummary
from bot.storage.database import Database, Row, utc_now
from bot.storage.points import append_entry
from bot.storage.wechat import WECHAT_ID_BASE


def _rows(rows: list[Row]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def _decided_by_role(entry: dict[str, Any]) -> dict[str, Any]:
    """The export names the role that decided, never the admin: their Telegram id is their data, not
    the courier's, and it stays unknown after the admin is erased."""
    return {**entry, "decided_by": "admin" if entry["decided_at"] else None}


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def export(self, user_id: int) -> dict[str, Any]:
        """Every row that names this person, as plain JSON-ready data."""
        fetch = self._db.fetchall
        profile = await self._db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        drafts = await self._db.fetchone(
            "SELECT value FROM bot_state WHERE kind = 'user_data' AND key = ?", (str(user_id),)
        )
        reports = await fetch("SELECT * FROM reports WHERE reporter_id = ? ORDER BY id", (user_id,))
        return {
            "profile": dict(profile) if profile else None,
            "roles": _rows(
                await fetch("SELECT role, granted_at FROM user_roles WHERE user_id = ?", (user_id,))
            ),
            "volunteer_entries": [
                _decided_by_role(entry)
                for entry in _rows(
                    await fetch("SELECT * FROM volunteer_entries WHERE user_id = ? ORDER BY id", (user_id,))
                )
            ],
            "points_ledger": _rows(
                await fetch(
                    "SELECT id, kind, amount, balance_after, reason, reference, created_at"
                    " FROM points_ledger WHERE user_id = ? ORDER BY id",
                    (user_id,),
                )
            ),
            "redemptions": _rows(
                await fetch(
                    "SELECT reward_id, cost, code, status, created_at, expires_at, collected_at"
                    " FROM redemptions WHERE user_id = ? ORDER BY id",
                    (user_id,),
                )
            ),
            "reports": _rows(reports),
            "report_photos": _rows(
                await fetch(
                    "SELECT p.report_id, p.position, p.file_id FROM report_photos p"
                    " JOIN reports r ON r.id = p.report_id WHERE r.reporter_id = ? ORDER BY p.report_id",
                    (user_id,),
                )
            ),
            "reports_supported": _rows(
                await fetch(
                    "SELECT r.number, s.added_at FROM report_supporters s"
                    " JOIN reports r ON r.id = s.report_id WHERE s.user_id = ? ORDER BY s.added_at",
                    (user_id,),
                )
            ),
            "heat_reminders_sent": _rows(
                await fetch(
                    "SELECT local_date, level, sent_at FROM heat_reminders_sent WHERE user_id = ?"
                    " ORDER BY local_date",
                    (user_id,),
                )
            ),
            "event_signups": _rows(
                await fetch(
                    "SELECT e.title_zh, e.starts_at, s.status, s.signed_up_at, s.attended_at"
                    " FROM event_signups s JOIN events e ON e.id = s.event_id WHERE s.user_id = ?"
                    " ORDER BY e.starts_at",
                    (user_id,),
                )
            ),
            "events_organised": _rows(
                await fetch(
                    "SELECT id, title_zh, title_en, starts_at, created_at FROM events WHERE created_by = ?"
                    " ORDER BY id",
                    (user_id,),
                )
            ),
            "messages_received": _rows(
                await fetch(
                    "SELECT b.kind, d.status, d.updated_at FROM outbox_deliveries d"
                    " JOIN outbox_batches b ON b.id = d.batch_id WHERE d.user_id = ? ORDER BY d.id",
                    (user_id,),
                )
            ),
            # Signed answers only: an anonymous answer keeps nothing that names its author.
            "consultation_answers": _rows(
                await fetch(
                    "SELECT c.title, a.question_index, a.option_index, a.answer_text, a.answered_on"
                    " FROM consultation_answers a JOIN consultations c ON c.id = a.consultation_id"
                    " WHERE a.user_id = ? ORDER BY a.id",
                    (user_id,),
                )
            ),
            # Who answered stays out: the staff member's id is their data, not the courier's.
            "policy_questions": _rows(
                await fetch(
                    "SELECT station_id, question, asked_at, answer, answered_at FROM policy_questions"
                    " WHERE user_id = ? ORDER BY id",
                    (user_id,),
                )
            ),
            "unfinished_forms": json.loads(drafts["value"]) if drafts else None,
        }

    async def erase(self, user_id: int, erased_month: str) -> ErasureSummary:
        """Remove the person's identity, in one transaction, and keep the anonymous facts.

        Kept without a name: their ledger entries and redemptions (a gift handed out stays handed out,
        and the totals stay true), their reports, one row of totals for what the deletion of their
        hours takes away. Their open pickup codes lapse without a refund, which frees the stock; their
        balance lapses with an `expire` entry. Where they acted for others (an admin granting a role,
        deciding hours, handing out a gift, declaring a heat signal, sending a broadcast, organising an
        event) the record stays and their id becomes NULL. Deleting the users row cascades to roles,
        hours, check-ins, "+1"s, event sign-ups, deliveries and reminders (see the migrations' ON DELETE
        clauses).
        """
        async with self._db.transaction() as connection:

            async def value(sql: str) -> int:
                return int(await connection.fetchvalue(sql, (user_id,)) or 0)

            await connection.lock(f"points:{user_id}")

            earned = await value("SELECT SUM(amount) FROM points_ledger WHERE user_id = ? AND amount > 0")
            redeemed = await value(
                "SELECT -SUM(amount) FROM points_ledger WHERE user_id = ? AND kind = 'redeem'"
            )
            balance = await value("SELECT SUM(amount) FROM points_ledger WHERE user_id = ?")
            minutes = await value(
                "SELECT SUM(minutes) FROM volunteer_entries WHERE user_id = ? AND status = 'approved'"
            )
            reports = await value("SELECT COUNT(*) FROM reports WHERE reporter_id = ?")
            await connection.execute(
                "INSERT INTO erased_user_totals (erased_month, points_earned, points_redeemed,"
                " points_balance, minutes_approved, reports_filed) VALUES (?, ?, ?, ?, ?, ?)",
                (erased_month, earned, redeemed, balance, minutes, reports),
            )
            if balance > 0:
                await append_entry(
                    connection,
                    user_id=user_id,
                    kind=EntryKind.EXPIRE,
                    amount=-balance,
                    reason="erased",
                    actor=None,
                    reference=None,
                    key=f"erasure:{user_id}",  # anonymised below with the person's other entries
                    now=datetime.now(UTC),
                )
            for statement in (
                # Nothing was handed out: the stock is freed, the points are not given back.
                "UPDATE redemptions SET status = 'expired' WHERE user_id = ? AND status = 'open'",
                # Keys embed ids ("redeem:<user>:...", "adjust:<chat>:..."); free-text reasons may name them.
                "UPDATE points_ledger SET user_id = NULL, reason = kind, idempotency_key = 'erased:' || id"
                " WHERE user_id = ?",
                "UPDATE points_ledger SET actor = NULL, idempotency_key = 'erased:' || id WHERE actor = ?",
                "UPDATE redemptions SET user_id = NULL, idempotency_key = 'erased:' || id WHERE user_id = ?",
                "UPDATE redemptions SET collected_by = NULL WHERE collected_by = ?",
                "UPDATE report_events SET actor_id = NULL WHERE actor_id = ?",
                "UPDATE volunteer_entries SET decided_by = NULL WHERE decided_by = ?",
                "UPDATE user_roles SET granted_by = NULL WHERE granted_by = ?",
                "UPDATE heat_signals SET declared_by = NULL WHERE declared_by = ?",
                "UPDATE events SET created_by = NULL WHERE created_by = ?",
                "UPDATE heat_signals SET ended_by = NULL WHERE ended_by = ?",
                "UPDATE consultations SET created_by = NULL WHERE created_by = ?",
                "DELETE FROM consultation_answers WHERE user_id = ?",
                "UPDATE policy_questions SET answered_by = NULL WHERE answered_by = ?",
                # The progress message lives in the admin's private chat, whose id is theirs.
                "UPDATE outbox_batches SET created_by = NULL, progress_chat_id = NULL,"
                " progress_message_id = NULL WHERE created_by = ?",
                "DELETE FROM users WHERE id = ?",
                # A WeChat person's openid; with it gone, their next message starts a new person.
                f"DELETE FROM wechat_identities WHERE seq = ? - {WECHAT_ID_BASE}",
                # What the WeChat transport sent them (texts) and their button links.
                "DELETE FROM wechat_messages WHERE chat_id = ?",
                "DELETE FROM wechat_links WHERE user_id = ?",
            ):
                await connection.execute(statement, (user_id,))
            # Anonymous answers too: the person's key under each consultation's salt finds them.
            for consultation in await connection.fetchall("SELECT id, salt FROM consultations"):
                await connection.execute(
                    "DELETE FROM consultation_answers WHERE consultation_id = ? AND respondent = ?",
                    (consultation["id"], respondent_key(consultation["salt"], user_id)),
                )
            await connection.execute(
                "DELETE FROM bot_state WHERE kind IN ('user_data', 'chat_data') AND key = ?", (str(user_id),)
            )
            # Conversation keys are JSON lists ending with the user id: "[chat_id, user_id]".
            await connection.execute(
                "DELETE FROM bot_state WHERE kind LIKE 'conversation:%' AND (key LIKE ? OR key = ?)",
                (f"%, {user_id}]", f"[{user_id}]"),
            )
        return ErasureSummary(points_balance=balance, reports_kept_anonymously=reports)

    async def drop_locations_before(self, cutoff: str) -> int:
        """Forget last locations older than the retention period (a daily job)."""
        return await self._db.write(
            "UPDATE users SET last_lat = NULL, last_lon = NULL, last_location_at = NULL, updated_at = ?"
            " WHERE last_location_at < ?",
            (utc_now(), cutoff),
        )
