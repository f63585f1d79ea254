"""SQL of the outbox: batches, deliveries created and read in pages, outcomes, and the audience queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.broadcast import (
    REGULARS_WINDOW,
    Attachment,
    Audience,
    AudienceKind,
    Batch,
    BatchStatus,
    Buttons,
    Candidate,
    ChannelCounts,
    ChatDelivery,
    Content,
    DeliveryCounts,
    DeliveryOutcome,
    DeliveryStatus,
    PendingDelivery,
    PersonalMessage,
    bounding_box,
    decode_buttons,
    encode_buttons,
)
from bot.storage.database import Database, Row, Transaction, utc_now
from bot.storage.wechat import WECHAT_ID_BASE

_BATCH_COLUMNS = """
    id, kind, priority, status, created_by, text_zh, text_en, photo_file_id, audience, scheduled_at,
    created_at, started_at, finished_at, progress_chat_id, progress_message_id, paid
"""


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _batch(row: Row) -> Batch:
    content = None
    if row["text_zh"] is not None:
        content = Content(zh=row["text_zh"], en=row["text_en"], photo=row["photo_file_id"])
    created_at = _time(row["created_at"])
    assert created_at is not None
    return Batch(
        id=row["id"],
        kind=row["kind"],
        priority=row["priority"],
        status=BatchStatus(row["status"]),
        created_by=row["created_by"],
        content=content,
        audience=Audience.from_json(row["audience"]) if row["audience"] else None,
        scheduled_at=_time(row["scheduled_at"]),
        created_at=created_at,
        started_at=_time(row["started_at"]),
        finished_at=_time(row["finished_at"]),
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        paid=bool(row["paid"]),
    )


def _audience_condition(audience: Audience, station: tuple[float, float] | None) -> tuple[str, list[Any]]:
    """The SQL part of an audience (bot.broadcast.location_filter decides distances exactly)."""
    kind = audience.kind
    if kind is AudienceKind.COURIERS:
        return "NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id)", []
    if kind is AudienceKind.OBSERVERS:
        return "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = 'observer')", []
    if kind is AudienceKind.VOLUNTEERS:
        return (
            "EXISTS (SELECT 1 FROM volunteer_entries v WHERE v.user_id = users.id"
            " AND v.status IN ('pending', 'approved'))",
            [],
        )
    if kind is AudienceKind.LANGUAGE:
        return "language = ?", [audience.language]
    if kind is AudienceKind.DISTRICT:
        return "last_lat IS NOT NULL AND last_lon IS NOT NULL", []
    if kind is AudienceKind.NEAR_STATION:
        if station is None:
            return "1 = 0", []
        min_lat, max_lat, min_lon, max_lon = bounding_box(*station, audience.radius_km or 0.0)
        return "last_lat BETWEEN ? AND ? AND last_lon BETWEEN ? AND ?", [min_lat, max_lat, min_lon, max_lon]
    if kind is AudienceKind.CHECKED_IN_AT:
        # Checked in: still there (an open session) or checked out with the hours handed in, as
        # StationRepository.checked_in_since counts arrivals. The window runs back from when the query runs.
        since = (datetime.now(UTC) - REGULARS_WINDOW).isoformat(timespec="seconds")
        return (
            "(EXISTS (SELECT 1 FROM checkin_sessions c WHERE c.user_id = users.id"
            " AND c.station_id = ? AND c.started_at >= ?)"
            " OR EXISTS (SELECT 1 FROM volunteer_entries v WHERE v.user_id = users.id"
            " AND v.station_id = ? AND v.source = 'checkin' AND v.starts_at >= ?))",
            [audience.station_id, since, audience.station_id, since],
        )
    return "1 = 1", []


def _delivery_counts(found: dict[str, int]) -> DeliveryCounts:
    """Counts by status, and by WeChat's kind of message (outbox_deliveries.via) of the sent."""
    return DeliveryCounts(
        pending=found.get("pending", 0),
        sent=found.get("sent", 0),
        failed=found.get("failed", 0),
        blocked=found.get("blocked", 0),
        by_message=found.get("custom", 0),
        by_template=found.get("template", 0),
    )


def _personal_row(batch_id: int, message: PersonalMessage) -> tuple[Any, ...]:
    return (
        batch_id,
        message.user_id,
        message.language,
        message.text,
        message.dedup_key,
        encode_buttons(message.buttons),
    )


async def _open_batch(connection: Transaction, kind: str, priority: int, now: str) -> int:
    """A batch of messages a feature wrote whole: active at once, the sender picks it up."""
    batch_id = await connection.fetchvalue(
        "INSERT INTO outbox_batches (kind, priority, status, created_at, started_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        (kind, priority, BatchStatus.ACTIVE.value, now, now),
    )
    assert batch_id is not None
    return int(batch_id)


# A chat message that edits or answers another waits until that one's outcome is known (its message id),
# whichever worker sends it.
_EARLIER_STILL_PENDING = """
    SELECT 1 FROM outbox_deliveries earlier
     WHERE earlier.id IN (outbox_deliveries.edit_of, outbox_deliveries.reply_to)
       AND earlier.status = 'pending'
"""
_MESSAGE_ID_OF = (
    "(SELECT earlier.message_id FROM outbox_deliveries earlier WHERE earlier.id = outbox_deliveries.{column})"
)


def _chat_delivery(row: Row) -> ChatDelivery | None:
    if row["chat_id"] is None:
        return None
    return ChatDelivery(
        row["chat_id"],
        Attachment.from_json(row["attachment"]),
        edits=row["edit_of"] is not None,
        edit_message_id=row["edit_message_id"],
        reply_to_message_id=row["reply_to_message_id"],
    )


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- batches ------------------------------------------------------------------------------------------

    async def create_broadcast(
        self,
        *,
        created_by: int,
        content: Content,
        audience: Audience,
        fingerprint: str,
        scheduled_at: datetime | None,
        paid: bool = False,
        kind: str = "broadcast",
    ) -> int:
        """A broadcast starts as `preparing` (the sender creates its deliveries) or `scheduled`."""
        status = BatchStatus.SCHEDULED if scheduled_at is not None else BatchStatus.PREPARING
        async with self._db.transaction() as connection:
            batch_id = await connection.fetchvalue(
                """
                INSERT INTO outbox_batches (kind, status, created_by, text_zh, text_en, photo_file_id,
                                            audience, fingerprint, scheduled_at, created_at, paid)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """,
                (
                    kind,
                    status.value,
                    created_by,
                    content.zh,
                    content.en,
                    content.photo,
                    audience.to_json(),
                    fingerprint,
                    scheduled_at.isoformat(timespec="seconds") if scheduled_at else None,
                    utc_now(),
                    int(paid),
                ),
            )
        assert batch_id is not None
        return int(batch_id)

    async def get(self, batch_id: int) -> Batch | None:
        row = await self._db.fetchone(
            f"SELECT {_BATCH_COLUMNS} FROM outbox_batches WHERE id = ?", (batch_id,)
        )
        return None if row is None else _batch(row)

    async def last_created_with(self, fingerprint: str) -> datetime | None:
        """When the latest broadcast with this fingerprint was created (cancelled ones count too:
        a cancel after a few sends still reached people)."""
        value = await self._db.fetchvalue(
            "SELECT MAX(created_at) FROM outbox_batches WHERE fingerprint = ?", (fingerprint,)
        )
        return _time(value)

    async def with_status(self, status: BatchStatus) -> list[Batch]:
        rows = await self._db.fetchall(
            f"SELECT {_BATCH_COLUMNS} FROM outbox_batches WHERE status = ? ORDER BY priority DESC, id",
            (status.value,),
        )
        return [_batch(row) for row in rows]

    async def next_to_prepare(self) -> Batch | None:
        """The next broadcast whose recipients are still to be written. Personal batches are written whole
        by `enqueue_personal`, never by the sender."""
        row = await self._db.fetchone(
            f"SELECT {_BATCH_COLUMNS} FROM outbox_batches WHERE status = 'preparing' AND audience IS NOT NULL"
            " ORDER BY priority DESC, id LIMIT 1"
        )
        return None if row is None else _batch(row)

    async def change_status(
        self, batch_id: int, new: BatchStatus, *, only_from: Sequence[BatchStatus]
    ) -> bool:
        """Move a batch to `new` if it is in one of `only_from`; False when it was not (a stale button)."""
        now = utc_now()
        finished = now if new in (BatchStatus.DONE, BatchStatus.CANCELLED) else None
        started = now if new is BatchStatus.ACTIVE else None
        marks = ", ".join("?" for _ in only_from)
        changed = await self._db.write(
            f"""
            UPDATE outbox_batches
               SET status = ?, finished_at = COALESCE(?, finished_at), started_at = COALESCE(started_at, ?)
             WHERE id = ? AND status IN ({marks})
            """,
            (new.value, finished, started, batch_id, *(status.value for status in only_from)),
        )
        return changed == 1

    async def set_progress_message(self, batch_id: int, chat_id: int, message_id: int) -> None:
        await self._db.write(
            "UPDATE outbox_batches SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, batch_id),
        )

    async def recent(self, kind: str | None = None, limit: int = 5) -> list[tuple[Batch, DeliveryCounts]]:
        of_kind, params = ("kind = ?", [kind]) if kind is not None else ("1 = 1", [])
        rows = await self._db.fetchall(
            f"""
            SELECT {_BATCH_COLUMNS} FROM outbox_batches
             WHERE {of_kind} AND status <> 'scheduled'
             ORDER BY id DESC LIMIT ?
            """,
            (*params, limit),
        )
        return [(_batch(row), await self.counts(row["id"])) for row in rows]

    # --- audiences ----------------------------------------------------------------------------------------

    async def audience_page(
        self, audience: Audience, station: tuple[float, float] | None, after_user_id: int, limit: int
    ) -> list[Candidate]:
        """Users who are not blocked and match the SQL part of the audience, by id after `after_user_id`."""
        condition, params = _audience_condition(audience, station)
        rows = await self._db.fetchall(
            f"""
            SELECT id, language, last_lat, last_lon FROM users
             WHERE blocked = 0 AND id > ? AND {condition}
             ORDER BY id LIMIT ?
            """,
            (after_user_id, *params, limit),
        )
        return [Candidate(row["id"], row["language"], row["last_lat"], row["last_lon"]) for row in rows]

    # --- deliveries ---------------------------------------------------------------------------------------

    async def prepared_until(self, batch_id: int) -> int:
        """The highest recipient id already queued: preparation resumes after it after a restart."""
        value = await self._db.fetchvalue(
            "SELECT MAX(user_id) FROM outbox_deliveries WHERE batch_id = ?", (batch_id,)
        )
        return int(value) if value is not None else 0

    async def add_recipients(self, batch_id: int, recipients: Iterable[tuple[int, str]]) -> None:
        """One page of (user id, language); a page re-added after a crash is ignored row by row."""
        await self._db.write_many(
            """
            INSERT INTO outbox_deliveries (batch_id, user_id, language) VALUES (?, ?, ?)
            ON CONFLICT (batch_id, user_id) DO NOTHING
            """,
            [(batch_id, user_id, language) for user_id, language in recipients],
        )

    async def enqueue_personal(
        self, kind: str, messages: Sequence[PersonalMessage], *, priority: int = 1
    ) -> tuple[int, int]:
        """Queue one page of personal messages as a new active batch, in one transaction; a dedup_key
        queued before is skipped. Returns (batch id, how many were queued)."""
        now = utc_now()
        added = 0
        async with self._db.transaction() as connection:
            batch_id = await _open_batch(connection, kind, priority, now)
            for message in messages:
                added += await connection.execute(
                    """
                    INSERT INTO outbox_deliveries (batch_id, user_id, language, text, dedup_key, buttons)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """,
                    _personal_row(batch_id, message),
                )
            if not added:
                await connection.execute(
                    "UPDATE outbox_batches SET status = ?, finished_at = ? WHERE id = ?",
                    (BatchStatus.DONE.value, now, batch_id),
                )
        return batch_id, added

    async def enqueue_chat(
        self,
        kind: str,
        *,
        chat_id: int,
        language: str,
        text: str,
        dedup_key: str,
        buttons: Buttons = (),
        attachment: Attachment | None = None,
        reply_to_key: str | None = None,
        takes_over: bool = False,
        priority: int,
    ) -> bool:
        """Queue one message for a chat as its own batch, so it leaves after everything queued before it
        (a card before its pin, an alert before what answers it). `reply_to_key` is the dedup key of an
        earlier chat message to answer under. False when `dedup_key` was queued before, unless the new
        message `takes_over` the key (a card posted again: later edits go to the new one)."""
        now = utc_now()
        async with self._db.transaction() as connection:
            if takes_over:
                await connection.execute(
                    "UPDATE outbox_deliveries SET dedup_key = NULL WHERE dedup_key = ?", (dedup_key,)
                )
            batch_id = await _open_batch(connection, kind, priority, now)
            added = await connection.execute(
                """
                INSERT INTO outbox_deliveries (batch_id, chat_id, language, text, dedup_key, buttons,
                                               attachment, reply_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM outbox_deliveries WHERE dedup_key = ?))
                ON CONFLICT DO NOTHING
                """,
                (
                    batch_id,
                    chat_id,
                    language,
                    text,
                    dedup_key,
                    encode_buttons(buttons),
                    attachment.to_json() if attachment else None,
                    reply_to_key,
                ),
            )
            if not added:
                await connection.execute("DELETE FROM outbox_batches WHERE id = ?", (batch_id,))
        return bool(added)

    async def enqueue_edit(
        self, kind: str, *, dedup_key: str, text: str, buttons: Buttons = (), priority: int
    ) -> bool:
        """A new text (or caption) and buttons for the chat message queued under `dedup_key` (a card).
        Still waiting (queued, claimed by no sender): it is replaced where it waits, and goes out once, as it
        is now. Sent or being sent: an edit of it is queued (or the edit still waiting is replaced), unless
        it shows that already; the edit leaves once the card's outcome is known. False when there is
        nothing to change: no such message, it failed, or it would not change."""
        encoded = encode_buttons(buttons)
        unclaimed = "status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)"
        now = datetime.now(UTC).isoformat(timespec="seconds")
        async with self._db.transaction() as connection:
            await connection.lock(f"outbox-edit:{dedup_key}")
            card = await connection.fetchone(
                "SELECT id, status, chat_id, language, attachment FROM outbox_deliveries WHERE dedup_key = ?",
                (dedup_key,),
            )
            if card is None or card["status"] not in (DeliveryStatus.PENDING, DeliveryStatus.SENT):
                return False
            waiting = await connection.fetchvalue(
                f"SELECT id FROM outbox_deliveries WHERE (id = ? OR edit_of = ?) AND {unclaimed}",
                (card["id"], card["id"], now),
            )
            if waiting is not None:
                await connection.execute(
                    "UPDATE outbox_deliveries SET text = ?, buttons = ? WHERE id = ?",
                    (text, encoded, waiting),
                )
                return True
            shown = await connection.fetchone(
                """
                SELECT text, buttons FROM outbox_deliveries
                 WHERE (id = ? OR edit_of = ?) AND status IN ('sent', 'pending') ORDER BY id DESC LIMIT 1
                """,
                (card["id"], card["id"]),
            )
            if shown is not None and (shown["text"], shown["buttons"]) == (text, encoded):
                return False  # Telegram refuses an edit that changes nothing
            batch_id = await _open_batch(connection, kind, priority, utc_now())
            await connection.execute(
                """
                INSERT INTO outbox_deliveries (batch_id, chat_id, language, text, buttons, attachment,
                                               edit_of)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                (batch_id, card["chat_id"], card["language"], text, encoded, card["attachment"], card["id"]),
            )
        return True

    async def chat_message(self, dedup_key: str) -> tuple[int, int] | None:
        """(chat id, message id) of the chat message queued under `dedup_key`, once it was sent."""
        row = await self._db.fetchone(
            "SELECT chat_id, message_id FROM outbox_deliveries"
            " WHERE dedup_key = ? AND message_id IS NOT NULL",
            (dedup_key,),
        )
        return None if row is None else (int(row["chat_id"]), int(row["message_id"]))

    async def seal(self, batch_id: int) -> None:
        """A prepared batch becomes active (the sender picks it up), or done at once when it is empty."""
        empty = await self._db.fetchvalue(
            "SELECT COUNT(*) FROM outbox_deliveries WHERE batch_id = ?", (batch_id,)
        )
        new = BatchStatus.DONE if not empty else BatchStatus.ACTIVE
        await self.change_status(batch_id, new, only_from=(BatchStatus.PREPARING,))

    async def claim_page(
        self, batch_id: int, worker: str, lease_s: float, limit: int
    ) -> list[PendingDelivery]:
        """Claim up to `limit` pending deliveries of a batch that no living worker holds, for `lease_s`
        seconds (renewed by `renew_claims` while the worker lives), in id order.

        PostgreSQL: workers claim at once; FOR UPDATE SKIP LOCKED lets each pass over the rows another
        is claiming instead of waiting for them. SQLite: one process, whose transactions take turns."""
        now = datetime.now(UTC)
        skip_locked = " FOR UPDATE SKIP LOCKED" if self._db.dialect == "postgresql" else ""
        async with self._db.transaction() as connection:
            rows = await connection.fetchall(
                f"""
                UPDATE outbox_deliveries SET claimed_by = ?, claimed_until = ?
                 WHERE id IN (SELECT id FROM outbox_deliveries
                               WHERE batch_id = ? AND status = 'pending'
                                 AND (claimed_until IS NULL OR claimed_until < ?)
                                 AND NOT EXISTS ({_EARLIER_STILL_PENDING})
                               ORDER BY id LIMIT ?{skip_locked})
                RETURNING id, user_id, language, text, attempts, buttons,
                          (SELECT blocked FROM users WHERE users.id = outbox_deliveries.user_id) AS blocked,
                          chat_id, attachment, edit_of,
                          {_MESSAGE_ID_OF.format(column="edit_of")} AS edit_message_id,
                          {_MESSAGE_ID_OF.format(column="reply_to")} AS reply_to_message_id
                """,
                (
                    worker,
                    (now + timedelta(seconds=lease_s)).isoformat(timespec="seconds"),
                    batch_id,
                    now.isoformat(timespec="seconds"),
                    limit,
                ),
            )
        return sorted(
            (
                PendingDelivery(
                    row["id"],
                    row["user_id"],
                    row["language"],
                    row["text"],
                    row["attempts"],
                    bool(row["blocked"]),
                    decode_buttons(row["buttons"]),
                    _chat_delivery(row),
                )
                for row in rows
            ),
            key=lambda delivery: delivery.id,
        )

    async def renew_claims(self, worker: str, lease_s: float) -> int:
        """A living worker keeps what it claimed and has not yet recorded."""
        until = (datetime.now(UTC) + timedelta(seconds=lease_s)).isoformat(timespec="seconds")
        return await self._db.write(
            "UPDATE outbox_deliveries SET claimed_until = ? WHERE claimed_by = ? AND status = 'pending'",
            (until, worker),
        )

    async def release_claims(self, worker: str | None) -> int:
        """Give back what a worker claimed and did not send (after a pause, a cancel, a stop), so that any
        worker sends it at once; `None`: every worker's claims (the only process, after a crash)."""
        if worker is None:
            return await self._db.write(
                "UPDATE outbox_deliveries SET claimed_by = NULL, claimed_until = NULL"
                " WHERE status = 'pending' AND claimed_by IS NOT NULL"
            )
        return await self._db.write(
            "UPDATE outbox_deliveries SET claimed_by = NULL, claimed_until = NULL"
            " WHERE claimed_by = ? AND status = 'pending'",
            (worker,),
        )

    async def take_progress_turn(self, batch_id: int, interval_s: float) -> bool:
        """True for the one worker that shows a batch's progress this interval: several send it at once."""
        now = datetime.now(UTC)
        changed = await self._db.write(
            "UPDATE outbox_batches SET progress_shown_at = ?"
            " WHERE id = ? AND (progress_shown_at IS NULL OR progress_shown_at <= ?)",
            (
                now.isoformat(timespec="seconds"),
                batch_id,
                (now - timedelta(seconds=interval_s)).isoformat(timespec="seconds"),
            ),
        )
        return changed == 1

    # The broadcast rate shared by workers on PostgreSQL. The database's clock decides, so the workers'
    # clocks need not agree; both statements are PostgreSQL's own (a SQLite store has one sender).

    async def reserve_send_slots(self, count: int, rate: float) -> float:
        """Reserve `count` consecutive send slots at `rate` from the shared schedule; returns the seconds
        until the first (0 when it is free now). Reservations of all workers never overlap in time."""
        assert self._db.dialect == "postgresql", "one SQLite process paces itself"
        span = count / rate
        wait = await self._db.fetchvalue(
            """
            INSERT INTO outbox_pace (id, next_slot) VALUES (1, clock_timestamp() + make_interval(secs => ?))
            ON CONFLICT (id) DO UPDATE
               SET next_slot = GREATEST(outbox_pace.next_slot, clock_timestamp()) + make_interval(secs => ?)
            RETURNING EXTRACT(EPOCH FROM next_slot - clock_timestamp())::float8 - ?
            """,
            (span, span, span),
        )
        return max(0.0, float(wait))

    async def hold_sends(self, seconds: float) -> None:
        """Telegram's 429 holds the whole bot: no worker's next reservation starts before it ends."""
        assert self._db.dialect == "postgresql", "one SQLite process paces itself"
        await self._db.write(
            """
            INSERT INTO outbox_pace (id, next_slot) VALUES (1, clock_timestamp() + make_interval(secs => ?))
            ON CONFLICT (id) DO UPDATE
               SET next_slot = GREATEST(outbox_pace.next_slot, clock_timestamp() + make_interval(secs => ?))
            """,
            (seconds, seconds),
        )

    async def record(self, outcomes: Sequence[DeliveryOutcome]) -> None:
        """Every outcome in one transaction (group commit); a 403 also marks the user blocked."""
        if not outcomes:
            return
        now = utc_now()
        async with self._db.transaction() as connection:
            await connection.executemany(
                "UPDATE outbox_deliveries SET status = ?, attempts = ?, error = ?, via = ?, updated_at = ?,"
                " message_id = COALESCE(?, message_id) WHERE id = ?",
                [
                    (o.status.value, o.attempts, o.error, o.via, now, o.message_id, o.delivery_id)
                    for o in outcomes
                ],
            )
            await connection.executemany(
                "UPDATE users SET blocked = 1, updated_at = ? WHERE id = ?",
                [(now, o.user_id) for o in outcomes if o.status is DeliveryStatus.BLOCKED],
            )

    async def counts(self, batch_id: int) -> DeliveryCounts:
        return (await self.counts_by_channel(batch_id)).all

    async def counts_by_channel(self, batch_id: int) -> ChannelCounts:
        """A batch's deliveries per channel (a WeChat person's id is from WECHAT_ID_BASE on), and the
        WeChat ones sent by customer-service message apart from those sent by template message."""
        rows = await self._db.fetchall(
            "SELECT CASE WHEN user_id >= ? THEN 1 ELSE 0 END AS wechat, status, via, COUNT(*) AS n"
            " FROM outbox_deliveries WHERE batch_id = ? GROUP BY 1, 2, 3",
            (WECHAT_ID_BASE, batch_id),
        )
        found: dict[bool, dict[str, int]] = {False: {}, True: {}}
        for row in rows:
            by_status = found[bool(row["wechat"])]
            by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
            if row["status"] == DeliveryStatus.SENT.value and row["via"] is not None:
                by_status[row["via"]] = by_status.get(row["via"], 0) + row["n"]
        return ChannelCounts(telegram=_delivery_counts(found[False]), wechat=_delivery_counts(found[True]))

    async def counts_by_kind(self) -> dict[str, DeliveryCounts]:
        """Delivery figures of every batch kind (stats: broadcasts apart from reminders)."""
        rows = await self._db.fetchall(
            """
            SELECT b.kind, d.status, COUNT(*) AS n
              FROM outbox_deliveries d JOIN outbox_batches b ON b.id = d.batch_id
             GROUP BY b.kind, d.status
            """
        )
        found: dict[str, dict[str, int]] = {}
        for row in rows:
            found.setdefault(row["kind"], {})[row["status"]] = row["n"]
        return {kind: _delivery_counts(by_status) for kind, by_status in found.items()}
