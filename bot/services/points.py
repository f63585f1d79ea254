"""暖新积分: an admin's adjustment, redeeming a reward, handing it over (/collect), and the daily expiry of
uncollected pickup codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.i18n import Translator
from bot.notify import Notice, catalogue_notice
from bot.points import InsufficientPoints, LedgerEntry, OutOfStock, Redemption, Reward, RewardCatalogue
from bot.storage import Storage

MAX_REASON = 200
MAX_ADJUSTMENT = 1_000_000  # points in one correction; far more is a typo (and overflows SQLite)


def _reward_notice(
    translator: Translator,
    rewards: RewardCatalogue,
    user_id: int,
    purpose: str,
    key: str,
    redemption: Redemption,
    **args: object,
) -> Notice:
    """A notice about a redemption, naming its reward in the recipient's language."""
    return Notice(
        user_id,
        purpose,
        lambda language: translator(
            language, key, name=rewards.name_of(redemption.reward_id, language), **args
        ),
    )


# --- adjustments ----------------------------------------------------------------------------------------


class AdjustResult(StrEnum):
    INVALID = "invalid"  # no change, a change beyond MAX_ADJUSTMENT, or no reason
    UNKNOWN_USER = "unknown-user"
    BELOW_ZERO = "below-zero"  # nothing changed: the balance cannot take it
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Adjusted:
    result: AdjustResult
    reason: str = ""  # as stored: trimmed to MAX_REASON
    balance: int = 0  # after the adjustment; when BELOW_ZERO, the balance that could not take it
    notices: tuple[Notice, ...] = ()


async def adjust(
    store: Storage,
    translator: Translator,
    *,
    admin_id: int,
    user_id: int,
    amount: int,
    reason: str,
    request_key: str,
    now: datetime,
) -> Adjusted:
    """A correction as a new ledger entry, never an edit; the person is told of it. `request_key` names
    the admin's request, so a redelivered one adjusts once."""
    reason = reason.strip()[:MAX_REASON]
    if amount == 0 or abs(amount) > MAX_ADJUSTMENT or not reason:
        return Adjusted(AdjustResult.INVALID)
    if await store.users.get(user_id) is None:
        return Adjusted(AdjustResult.UNKNOWN_USER, reason)
    try:
        entry, _ = await store.points.adjust(user_id, amount, reason, admin_id, f"adjust:{request_key}", now)
    except InsufficientPoints as shortage:
        return Adjusted(AdjustResult.BELOW_ZERO, reason, shortage.balance)
    # Told also when the entry was made before: the notice's purpose keeps it to one message, and a
    # request that failed after the entry still tells the person when it is repeated.
    notice = catalogue_notice(
        translator,
        user_id,
        f"adjusted:{entry.id}",
        "points-courier-adjusted",
        amount=f"{amount:+d}",
        balance=entry.balance_after,
        reason=reason,
    )
    return Adjusted(AdjustResult.DONE, reason, entry.balance_after, (notice,))


# --- rewards --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """Redeem pressed: what the reward would leave, and the token the confirmation carries."""

    balance: int
    affordable: bool
    token: str  # fresh for each question: a double tap on one confirmation redeems once


async def quote(store: Storage, *, user_id: int, reward: Reward) -> Quote:
    balance = await store.points.balance(user_id)
    return Quote(balance, balance >= reward.cost, secrets.token_hex(6))


class RedeemResult(StrEnum):
    REDEEMED = "redeemed"
    ALREADY = "already"  # this confirmation redeemed before: `redemption` is that one
    NOT_ENOUGH = "not-enough"
    OUT_OF_STOCK = "out-of-stock"


@dataclass(frozen=True, slots=True)
class RedeemAttempt:
    result: RedeemResult
    balance: int = 0  # after the redemption; when NOT_ENOUGH, the balance that is short
    redemption: Redemption | None = None


async def redeem(store: Storage, *, user_id: int, reward: Reward, token: str, now: datetime) -> RedeemAttempt:
    """Take the points and a piece of stock together, or neither, and give a pickup code."""
    try:
        redeemed = await store.points.redeem(user_id, reward, f"redeem:{user_id}:{token}", now)
    except InsufficientPoints as shortage:
        return RedeemAttempt(RedeemResult.NOT_ENOUGH, shortage.balance)
    except OutOfStock:
        return RedeemAttempt(RedeemResult.OUT_OF_STOCK)
    result = RedeemResult.REDEEMED if redeemed.created else RedeemResult.ALREADY
    return RedeemAttempt(result, redeemed.balance, redeemed.redemption)


@dataclass(frozen=True, slots=True)
class Collected:
    outcome: str  # collected, already, expired, unknown (bot.points.Collection)
    redemption: Redemption | None
    notices: tuple[Notice, ...] = ()


async def collect(
    store: Storage,
    translator: Translator,
    rewards: RewardCatalogue,
    *,
    code: str,
    admin_id: int,
    now: datetime,
) -> Collected:
    """Staff hand a reward over for its pickup code; its owner is told it was collected."""
    collection = await store.points.collect(code, admin_id, now)
    redemption = collection.redemption
    # Only an open code is collected now, and an open code has its owner (erasure expires them).
    if collection.outcome != "collected" or redemption is None or redemption.user_id is None:
        return Collected(collection.outcome, redemption)
    reward = rewards.by_id.get(redemption.reward_id)
    if reward is not None and reward.gift_pack_at is not None:
        await store.stations.take_gift_pack(reward.gift_pack_at)
    notice = _reward_notice(
        translator,
        rewards,
        redemption.user_id,
        f"redemption-collected:{redemption.id}",
        "points-courier-collected",
        redemption,
    )
    return Collected(collection.outcome, redemption, (notice,))


@dataclass(frozen=True, slots=True)
class ExpiredCodes:
    refunded: tuple[tuple[Redemption, LedgerEntry], ...]  # each code and the refund of its points
    notices: tuple[Notice, ...]


async def expire_pickup_codes(
    store: Storage, translator: Translator, rewards: RewardCatalogue, *, now: datetime
) -> ExpiredCodes:
    """Uncollected codes past their date expire, their points come back, and their owners are told."""
    refunded = tuple(await store.points.expire_due(now))
    notices = tuple(
        _reward_notice(
            translator,
            rewards,
            refund.user_id,  # the redemption's owner: the code expired while they still had an account
            f"redemption-expired:{redemption.id}",
            "points-courier-code-expired",
            redemption,
            code=redemption.code,
            points=refund.amount,
            balance=refund.balance_after,
        )
        for redemption, refund in refunded
    )
    return ExpiredCodes(refunded, notices)
