"""The ledger's rules and a state machine over the storage: whatever the sequence of earning, redeeming,
refunding, adjusting and concurrent redemptions, the balance is the sum of the entries, never negative,
and no reward is handed out beyond its stock."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from bot.points import (
    EntryKind,
    InsufficientPoints,
    LocalizedText,
    OutOfStock,
    Reward,
    load_activities,
    load_rewards,
    next_balance,
    normalise_pickup_code,
    points_for,
)
from bot.stations import StationsFileError
from bot.storage import Storage
from bot.storage.points import append_entry
from bot.volunteer import NewEntry, interval_for

START = datetime(2025, 6, 1, 4, 0, tzinfo=UTC)
USERS = (1, 2, 3)


def _reward(reward_id: str, cost: int, stock: int) -> Reward:
    text = LocalizedText(zh=reward_id, en=reward_id)
    return Reward(id=reward_id, name=text, cost=cost, stock=stock, collect_at=text)


REWARDS = (_reward("cheap", 10, 3), _reward("dear", 40, 2))


# --- rules ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        (EntryKind.EARN, -5),
        (EntryKind.REFUND, -5),
        (EntryKind.REDEEM, 5),
        (EntryKind.EXPIRE, 5),
        (EntryKind.ADJUST, 0),
    ],
)
def test_each_kind_has_its_sign(kind: EntryKind, amount: int) -> None:
    with pytest.raises(ValueError):
        next_balance(100, kind, amount)


def test_the_balance_never_goes_below_zero() -> None:
    assert next_balance(10, EntryKind.REDEEM, -10) == 0
    assert next_balance(10, EntryKind.ADJUST, -3) == 7
    with pytest.raises(InsufficientPoints):
        next_balance(10, EntryKind.ADJUST, -11)


@pytest.mark.parametrize(("minutes", "rate", "points"), [(150, 10, 25), (30, 10, 5), (30, 15, 8), (60, 0, 0)])
def test_points_for_hours(minutes: int, rate: int, points: int) -> None:
    assert points_for(minutes, rate) == points


def test_pickup_codes_are_read_loosely() -> None:
    assert normalise_pickup_code(" k7pq 2m ") == "K7PQ2M"


def test_the_shipped_catalogues_load() -> None:
    activities = load_activities()
    assert activities.checkin_activity.id == "station_duty"
    assert {"station_duty", "traffic_safety", "community_patrol", "other"} <= set(activities.by_id)
    assert activities.by_id["station_duty"].points_per_hour == 10  # the default
    assert activities.by_id["other"].needs_description
    assert all(reward.cost > 0 for reward in load_rewards())


def test_a_broken_catalogue_names_the_entry_and_field(tmp_path: Path) -> None:
    path = tmp_path / "rewards.yaml"
    path.write_text(
        "rewards:\n  - {id: tea, name: {zh: 茶, en: Tea}, cost: -1, stock: 1, collect_at: {zh: a, en: a}}\n"
    )
    with pytest.raises(StationsFileError, match=r"reward 'tea' field 'cost'"):
        load_rewards(path)


# --- storage --------------------------------------------------------------------------------------------


async def test_the_ledger_refuses_edits(store: Storage) -> None:
    await store.points.adjust(1, 10, "welcome", 99, "k1", START)
    with pytest.raises(Exception, match="append-only"):
        await store.db.write("UPDATE points_ledger SET amount = 1000")


async def test_the_same_key_appends_once(store: Storage) -> None:
    first, created = await store.points.adjust(1, 10, "x", 99, "same", START)
    again, created_again = await store.points.adjust(1, 10, "x", 99, "same", START)
    assert created and not created_again and first == again
    assert await store.points.balance(1) == 10


async def test_redeem_collect_and_expiry(store: Storage) -> None:
    await store.points.adjust(1, 50, "seed", 99, "seed", START)
    redeemed = await store.points.redeem(1, REWARDS[0], "r1", START)
    assert redeemed.balance == 40 and redeemed.created
    assert (await store.points.redeem(1, REWARDS[0], "r1", START)).redemption == redeemed.redemption
    second = await store.points.redeem(1, REWARDS[0], "r2", START)
    collected = await store.points.collect(second.redemption.code.lower(), 99, START + timedelta(days=1))
    assert collected.outcome == "collected"
    assert (await store.points.collect(second.redemption.code, 99, START)).outcome == "already"
    late = START + timedelta(days=14)
    assert (await store.points.collect(redeemed.redemption.code, 99, late)).outcome == "expired"
    refunded = await store.points.expire_due(late)
    assert [redemption.id for redemption, _ in refunded] == [redeemed.redemption.id]
    assert await store.points.expire_due(late) == []
    assert await store.points.balance(1) == 40
    assert (await store.points.collect("NOPE", 99, late)).outcome == "unknown"


async def test_not_enough_points_or_stock_changes_nothing(store: Storage) -> None:
    with pytest.raises(InsufficientPoints):
        await store.points.redeem(1, REWARDS[0], "r1", START)
    await store.points.adjust(1, 200, "seed", 99, "seed", START)
    await store.points.redeem(1, REWARDS[1], "a", START)
    await store.points.redeem(1, REWARDS[1], "b", START)
    with pytest.raises(OutOfStock):
        await store.points.redeem(1, REWARDS[1], "c", START)
    assert await store.points.balance(1) == 120
    assert await store.points.issued() == {"dear": 2}


class LedgerMachine(RuleBasedStateMachine):
    """Random operations against the real storage, compared with a plain model."""

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory()
        self.store = Storage(Path(self.folder.name) / "bot.db")
        self.run(self.store.open())
        self.keys = itertools.count()
        self.now = START
        self.balances = dict.fromkeys(USERS, 0)
        self.open_codes: dict[int, tuple[int, int, datetime]] = {}  # redemption id -> user, cost, expiry

    def run(self, awaitable: Any) -> Any:
        return self.loop.run_until_complete(awaitable)

    def teardown(self) -> None:
        self.run(self.store.close())
        self.loop.close()
        self.folder.cleanup()

    def key(self) -> str:
        return f"k{next(self.keys)}"

    @initialize()
    def start(self) -> None:
        assert self.run(self.store.points.balance(1)) == 0

    @rule(user=st.sampled_from(USERS), amount=st.integers(1, 60))
    def earn(self, user: int, amount: int) -> None:
        """Credited hours, through the volunteer approval's entry kind."""

        async def credit() -> None:
            async with self.store.db.transaction() as connection:
                await append_entry(
                    connection,
                    user_id=user,
                    kind=EntryKind.EARN,
                    amount=amount,
                    reason="hours",
                    actor=99,
                    reference=None,
                    key=self.key(),
                    now=self.now,
                )

        self.run(credit())
        self.balances[user] += amount

    @rule(user=st.sampled_from(USERS), amount=st.integers(-80, 80).filter(bool))
    def adjust(self, user: int, amount: int) -> None:
        try:
            self.run(self.store.points.adjust(user, amount, "fix", 99, self.key(), self.now))
        except InsufficientPoints:
            assert self.balances[user] + amount < 0
        else:
            self.balances[user] += amount

    def _redeem(self, user: int, reward: Reward, key: str) -> Any:
        return self.store.points.redeem(user, reward, key, self.now)

    def _record(self, user: int, reward: Reward, outcome: Any) -> None:
        if isinstance(outcome, InsufficientPoints):
            assert self.balances[user] < reward.cost
        elif isinstance(outcome, OutOfStock):
            assert self.taken(reward) >= reward.stock
        elif isinstance(outcome, BaseException):
            raise outcome
        elif outcome.created:
            self.balances[user] -= reward.cost
            self.open_codes[outcome.redemption.id] = (user, reward.cost, outcome.redemption.expires_at)

    def taken(self, reward: Reward) -> int:
        return int(self.run(self.store.points.issued()).get(reward.id, 0))

    @rule(user=st.sampled_from(USERS), reward=st.sampled_from(REWARDS), double_tap=st.booleans())
    def redeem(self, user: int, reward: Reward, double_tap: bool) -> None:
        key = self.key()
        self._record(user, reward, self._capture(self._redeem(user, reward, key)))
        if double_tap:
            again = self._capture(self._redeem(user, reward, key))
            assert isinstance(again, BaseException) or not again.created

    @rule(users=st.lists(st.sampled_from(USERS), min_size=2, max_size=5), reward=st.sampled_from(REWARDS))
    def concurrent_redemptions(self, users: list[int], reward: Reward) -> None:
        async def all_at_once() -> list[Any]:
            tasks = [self._redeem(user, reward, self.key()) for user in users]
            return list(await asyncio.gather(*tasks, return_exceptions=True))

        for user, outcome in zip(users, self.run(all_at_once()), strict=True):
            self._record(user, reward, outcome)

    @rule(days=st.integers(1, 15))
    def time_passes_and_codes_expire(self, days: int) -> None:
        """Refunds: the expiry job gives back the points of codes past their date."""
        self.now += timedelta(days=days)
        refunded = self.run(self.store.points.expire_due(self.now))
        for redemption, entry in refunded:
            user, cost, _ = self.open_codes.pop(redemption.id)
            assert entry.kind is EntryKind.REFUND and entry.amount == cost
            self.balances[user] += cost
        assert all(expiry > self.now for _, _, expiry in self.open_codes.values())

    @rule(data=st.data())
    def collect(self, data: st.DataObject) -> None:
        if not self.open_codes:
            return
        redemption_id = data.draw(st.sampled_from(sorted(self.open_codes)))
        code = self.run(
            self.store.db.fetchvalue("SELECT code FROM redemptions WHERE id = ?", (redemption_id,))
        )
        outcome = self.run(self.store.points.collect(code, 99, self.now))
        assert outcome.outcome == "collected"
        del self.open_codes[redemption_id]

    def _capture(self, awaitable: Any) -> Any:
        try:
            return self.run(awaitable)
        except (InsufficientPoints, OutOfStock) as refused:
            return refused

    @invariant()
    def balance_is_the_sum_and_never_negative(self) -> None:
        for user in USERS:
            balance = self.run(self.store.points.balance(user))
            total = self.run(
                self.store.db.fetchvalue(
                    "SELECT COALESCE(SUM(amount), 0) FROM points_ledger WHERE user_id = ?", (user,)
                )
            )
            assert balance == total == self.balances[user] >= 0
        lowest = self.run(self.store.db.fetchvalue("SELECT MIN(balance_after) FROM points_ledger"))
        assert lowest is None or lowest >= 0

    @invariant()
    def stock_never_negative(self) -> None:
        issued = self.run(self.store.points.issued())
        for reward in REWARDS:
            assert reward.stock - issued.get(reward.id, 0) >= 0


LedgerMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestLedger = LedgerMachine.TestCase


async def test_redemptions_at_once_never_overdraw_a_balance_or_a_stock(store: Storage) -> None:
    """On PostgreSQL these transactions really run side by side: the locks on a person's points and
    on a reward's stock are what keeps the checks true (on SQLite, BEGIN IMMEDIATE queues them)."""
    fan = _reward("fan", 10, 3)
    for user in range(1, 7):
        await store.points.adjust(user, 25, "welcome", 99, f"welcome:{user}", START)

    async def attempt(user: int, tap: int) -> str:
        try:
            await store.points.redeem(user, fan, f"redeem:{user}:{tap}", START)
        except OutOfStock:
            return "out of stock"
        except InsufficientPoints:
            return "too few points"
        return "redeemed"

    # Six people at once, each tapping twice with different keys: a balance of 25 pays for two fans.
    outcomes = await asyncio.gather(*(attempt(user, tap) for user in range(1, 7) for tap in (1, 2)))

    assert outcomes.count("redeemed") == 3 and await store.points.issued() == {"fan": 3}
    balances = [await store.points.balance(user) for user in range(1, 7)]
    assert all(balance >= 0 for balance in balances) and sum(balances) == 6 * 25 - 3 * 10
    for user in range(1, 7):
        entries = await store.points.history(user, limit=10)
        assert entries[0].balance_after == await store.points.balance(user)
        assert all(
            later.balance_after == earlier.balance_after + later.amount
            for later, earlier in itertools.pairwise(entries)
        )


async def _pending_entry(store: Storage) -> int:
    await store.users.seen(1, "小哥", None, "zh")
    zone = ZoneInfo("Asia/Shanghai")
    new = NewEntry(
        user_id=1,
        activity="station_duty",
        description=None,
        interval=interval_for(date(2025, 6, 1), time(9), 150, zone),
        points_per_hour=10,
        station_id=None,
        place="驿站",
        photo_file_id=None,
        source="form",
        submission_key="form:1:a",
    )
    entry, _ = await store.volunteer.submit(new, START + timedelta(hours=10), zone)
    return entry.id


async def test_two_admins_approving_at_once_credit_once(store: Storage) -> None:
    entry_id = await _pending_entry(store)
    decisions = await asyncio.gather(
        *(store.volunteer.approve(entry_id, admin, START) for admin in (7, 8, 7))
    )
    assert sum(decision.changed for decision in decisions) == 1
    assert await store.points.balance(1) == 25
    assert await store.db.fetchvalue("SELECT COUNT(*) FROM points_ledger") == 1


async def test_approve_and_reject_at_once_decide_once(store: Storage) -> None:
    entry_id = await _pending_entry(store)
    approved, rejected = await asyncio.gather(
        store.volunteer.approve(entry_id, 7, START), store.volunteer.reject(entry_id, 8, "no", START)
    )
    assert approved.changed != rejected.changed
    entry = await store.volunteer.get(entry_id)
    assert entry is not None
    assert await store.points.balance(1) == (25 if entry.status == "approved" else 0)
