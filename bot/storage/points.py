"""SQL for the points ledger and reward redemptions. Every change of a balance or a stock runs in one
transaction that first locks the person's points (and the reward's stock), and every ledger entry
carries a unique idempotency key, so a retried or doubled request finds the entry it already made
instead of making another."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.points import (
    Collection,
    EntryKind,
    InsufficientPoints,
    LedgerEntry,
    OutOfStock,
    Redeemed,
    Redemption,
    Reward,
    new_pickup_code,
    next_balance,
    normalise_pickup_code,
    pickup_expires_at,
)
from bot.storage.database import Database, Row, Transaction


def iso(moment: datetime) -> str:
    """Stored form of a moment: UTC ISO-8601 text, like `utc_now()`."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _entry(row: Row) -> LedgerEntry:
    return LedgerEntry(
        id=row["id"],
        user_id=row["user_id"],
        kind=EntryKind(row["kind"]),
        amount=row["amount"],
        balance_after=row["balance_after"],
        reason=row["reason"],
        actor=row["actor"],
        reference=row["reference"],
        idempotency_key=row["idempotency_key"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _redemption(row: Row) -> Redemption:
    return Redemption(
        id=row["id"],
        user_id=row["user_id"],
        reward_id=row["reward_id"],
        cost=row["cost"],
        code=row["code"],
        status=row["status"],
        created_at=datetime.fromisoformat(row["created_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
        collected_at=datetime.fromisoformat(row["collected_at"]) if row["collected_at"] else None,
        collected_by=row["collected_by"],
    )


async def _balance_in(connection: Transaction, user_id: int) -> int:
    row = await connection.fetchone(
        "SELECT balance_after FROM points_ledger WHERE user_id = ? ORDER BY id DESC LIMIT 1",
        (user_id,),
    )
    return 0 if row is None else int(row[0])


async def append_entry(
    connection: Transaction,
    *,
    user_id: int,
    kind: EntryKind,
    amount: int,
    reason: str,
    actor: int | None,
    reference: str | None,
    key: str,
    now: datetime,
) -> tuple[LedgerEntry, bool]:
    """Append one entry inside the caller's transaction: (entry, True), or (the entry already made
    under `key`, False). Raises `InsufficientPoints` rather than let the balance go below zero."""
    await connection.lock(f"points:{user_id}")
    existing = await connection.fetchone("SELECT * FROM points_ledger WHERE idempotency_key = ?", (key,))
    if existing is not None:
        return _entry(existing), False
    after = next_balance(await _balance_in(connection, user_id), kind, amount)
    row = await connection.fetchone(
        """
        INSERT INTO points_ledger
            (user_id, kind, amount, balance_after, reason, actor, reference, idempotency_key, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING *
        """,
        (user_id, kind.value, amount, after, reason, actor, reference, key, iso(now)),
    )
    assert row is not None
    return _entry(row), True


class PointsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def balance(self, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT balance_after FROM points_ledger WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
        )
        return 0 if row is None else int(row[0])

    async def history(self, user_id: int, limit: int = 10) -> list[LedgerEntry]:
        rows = await self._db.fetchall(
            "SELECT * FROM points_ledger WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return [_entry(row) for row in rows]

    async def adjust(
        self, user_id: int, amount: int, reason: str, actor: int, key: str, now: datetime
    ) -> tuple[LedgerEntry, bool]:
        """An admin's correction; raises `InsufficientPoints` if it would take the balance below zero."""
        async with self._db.transaction() as connection:
            return await append_entry(
                connection,
                user_id=user_id,
                kind=EntryKind.ADJUST,
                amount=amount,
                reason=reason,
                actor=actor,
                reference=None,
                key=key,
                now=now,
            )

    async def issued(self) -> dict[str, int]:
        """Per reward, how many are open or collected (the stock they take)."""
        rows = await self._db.fetchall(
            "SELECT reward_id, COUNT(*) AS n FROM redemptions WHERE status IN ('open', 'collected') "
            "GROUP BY reward_id"
        )
        return {row["reward_id"]: int(row["n"]) for row in rows}

    async def redeem(self, user_id: int, reward: Reward, key: str, now: datetime) -> Redeemed:
        """Take the points and one piece of stock together, or neither. Raises `InsufficientPoints`
        or `OutOfStock`; the same `key` again returns the first redemption."""
        async with self._db.transaction() as connection:
            await connection.lock(f"points:{user_id}")  # always before the stock: no deadlock
            await connection.lock(f"stock:{reward.id}")
            existing = await connection.fetchone(
                "SELECT * FROM redemptions WHERE idempotency_key = ?", (key,)
            )
            if existing is not None:
                return Redeemed(_redemption(existing), await _balance_in(connection, user_id), created=False)
            balance = await _balance_in(connection, user_id)
            if balance < reward.cost:
                raise InsufficientPoints(balance, -reward.cost)
            taken = await connection.fetchone(
                "SELECT COUNT(*) FROM redemptions WHERE reward_id = ? AND status IN ('open', 'collected')",
                (reward.id,),
            )
            if taken is not None and int(taken[0]) >= reward.stock:
                raise OutOfStock(reward.id)
            code = await self._unused_code(connection)
            redemption_id = await connection.fetchvalue(
                """
                INSERT INTO redemptions
                    (user_id, reward_id, cost, code, created_at, expires_at, idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """,
                (user_id, reward.id, reward.cost, code, iso(now), iso(pickup_expires_at(now)), key),
            )
            entry, _ = await append_entry(
                connection,
                user_id=user_id,
                kind=EntryKind.REDEEM,
                amount=-reward.cost,
                reason=f"reward {reward.id}",
                actor=user_id,
                reference=f"redemption:{redemption_id}",
                key=key,
                now=now,
            )
            row = await connection.fetchone("SELECT * FROM redemptions WHERE id = ?", (redemption_id,))
            assert row is not None
            return Redeemed(_redemption(row), entry.balance_after, created=True)

    @staticmethod
    async def _unused_code(connection: Transaction) -> str:
        while True:
            code = new_pickup_code()
            if await connection.fetchone("SELECT 1 FROM redemptions WHERE code = ?", (code,)) is None:
                return code

    async def open_redemptions(self, user_id: int) -> list[Redemption]:
        rows = await self._db.fetchall(
            "SELECT * FROM redemptions WHERE user_id = ? AND status = 'open' ORDER BY id", (user_id,)
        )
        return [_redemption(row) for row in rows]

    async def collect(self, code: str, actor: int, now: datetime) -> Collection:
        """Staff hand the reward over. A code past its expiry is refused even before the job refunds it."""
        code = normalise_pickup_code(code)
        async with self._db.transaction() as connection:
            await connection.lock(f"pickup:{code}")
            row = await connection.fetchone("SELECT * FROM redemptions WHERE code = ?", (code,))
            if row is None:
                return Collection("unknown", None)
            redemption = _redemption(row)
            if redemption.status == "collected":
                return Collection("already", redemption)
            if redemption.status == "expired" or redemption.expires_at <= now:
                return Collection("expired", redemption)
            await connection.execute(
                "UPDATE redemptions SET status = 'collected', collected_at = ?, collected_by = ? "
                "WHERE id = ? AND status = 'open'",
                (iso(now), actor, redemption.id),
            )
            updated = await connection.fetchone("SELECT * FROM redemptions WHERE id = ?", (redemption.id,))
            assert updated is not None
            return Collection("collected", _redemption(updated))

    async def expire_due(self, now: datetime) -> list[tuple[Redemption, LedgerEntry]]:
        """Expire the open codes past their date and give their points back, each in its own transaction
        (the refund's key makes a second run, or a run racing this one, refund nothing twice)."""
        rows = await self._db.fetchall(
            "SELECT id FROM redemptions WHERE status = 'open' AND expires_at <= ? ORDER BY id", (iso(now),)
        )
        refunded: list[tuple[Redemption, LedgerEntry]] = []
        for row in rows:
            async with self._db.transaction() as connection:
                changed = await connection.execute(
                    "UPDATE redemptions SET status = 'expired' WHERE id = ? AND status = 'open'", (row["id"],)
                )
                if changed != 1:
                    continue
                current = await connection.fetchone("SELECT * FROM redemptions WHERE id = ?", (row["id"],))
                assert current is not None
                redemption = _redemption(current)
                assert redemption.user_id is not None, "an erasure expires the person's open codes"
                entry, _ = await append_entry(
                    connection,
                    user_id=redemption.user_id,
                    kind=EntryKind.REFUND,
                    amount=redemption.cost,
                    reason="pickup code expired",
                    actor=None,
                    reference=f"redemption:{redemption.id}",
                    key=f"refund:redemption:{redemption.id}",
                    now=now,
                )
                refunded.append((redemption, entry))
        return refunded
