"""暖新积分: the rules of the points ledger, the activities that earn points and the rewards they buy.

Channel-neutral. The ledger is append-only: every change of a balance is a new entry, the balance is the
sum of the entries and never goes below zero, and a correction is a new entry, never an edit.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.config import DATA_DIR
from bot.stations import LocalizedText, StationsFileError, describe_validation_error, read_yaml

ACTIVITIES_FILE = DATA_DIR / "activities.yaml"
REWARDS_FILE = DATA_DIR / "rewards.yaml"
DEFAULT_POINTS_PER_HOUR = 10
PICKUP_DAYS = 14
_PICKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud at a counter
PICKUP_CODE_LENGTH = 6


class EntryKind(StrEnum):
    EARN = "earn"  # approved volunteer hours
    REDEEM = "redeem"  # a reward bought
    REFUND = "refund"  # a reward's points coming back (its pickup code expired)
    ADJUST = "adjust"  # an admin's correction, with a reason
    EXPIRE = "expire"  # points that lapse (no schedule yet; the schema and rules allow it)


# The sign each kind's amount must have; ADJUST may go either way.
_SIGN = {
    EntryKind.EARN: 1,
    EntryKind.REFUND: 1,
    EntryKind.REDEEM: -1,
    EntryKind.EXPIRE: -1,
}


class InsufficientPoints(ValueError):
    """The entry would take the balance below zero."""

    def __init__(self, balance: int, amount: int) -> None:
        super().__init__(f"balance {balance} cannot take {amount}")
        self.balance = balance
        self.amount = amount


def next_balance(balance: int, kind: EntryKind, amount: int) -> int:
    """The balance after an entry; refuses a zero amount, a wrong sign, and a balance below zero."""
    if amount == 0:
        raise ValueError("a ledger entry moves at least one point")
    sign = _SIGN.get(kind)
    if sign is not None and (amount > 0) != (sign > 0):
        raise ValueError(f"a {kind.value} entry must be {'positive' if sign > 0 else 'negative'}")
    after = balance + amount
    if after < 0:
        raise InsufficientPoints(balance, amount)
    return after


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    user_id: int
    kind: EntryKind
    amount: int
    balance_after: int
    reason: str
    actor: int | None
    reference: str | None
    idempotency_key: str
    created_at: datetime


def points_for(minutes: int, points_per_hour: int) -> int:
    """Points for approved minutes; a half point rounds up, in the courier's favour."""
    return (minutes * points_per_hour + 30) // 60


def new_pickup_code() -> str:
    return "".join(secrets.choice(_PICKUP_ALPHABET) for _ in range(PICKUP_CODE_LENGTH))


def normalise_pickup_code(text: str) -> str:
    """What staff type: case and spaces do not matter."""
    return "".join(text.split()).upper()


def pickup_expires_at(redeemed_at: datetime) -> datetime:
    return redeemed_at + timedelta(days=PICKUP_DAYS)


# --- catalogues -----------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Activity(_Strict):
    """A kind of volunteer service; `needs_description` asks the courier to say what they did."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", max_length=24)
    name: LocalizedText
    emoji: str = ""
    points_per_hour: int = Field(default=DEFAULT_POINTS_PER_HOUR, ge=0, le=1000)
    needs_description: bool = False


class Reward(_Strict):
    """A gift in the catalogue; `stock` is how many may ever be handed out."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", max_length=24)
    name: LocalizedText
    cost: int = Field(gt=0)
    stock: int = Field(ge=0)
    collect_at: LocalizedText
    # A station's gift pack (清凉大礼包): collecting one there lowers the count its staff keep live. A
    # station that is not in BOT_STATIONS_FILE, or whose staff keep no count, keeps none to lower.
    gift_pack_at: str | None = None


class _ActivitiesFile(_Strict):
    checkin_activity: str
    activities: list[Activity] = Field(min_length=1)


class _RewardsFile(_Strict):
    rewards: list[Reward]


@dataclass(frozen=True)
class ActivityCatalogue:
    activities: tuple[Activity, ...]
    checkin_activity: Activity
    by_id: Mapping[str, Activity] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {activity.id: activity for activity in self.activities})

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)


@dataclass(frozen=True)
class RewardCatalogue:
    rewards: tuple[Reward, ...]
    by_id: Mapping[str, Reward] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {reward.id: reward for reward in self.rewards})

    def __iter__(self) -> Iterator[Reward]:
        return iter(self.rewards)

    def name_of(self, reward_id: str, language: str) -> str:
        """The reward's name, or its id for one no longer in the catalogue (an old redemption)."""
        reward = self.by_id.get(reward_id)
        return reward.name.pick(language) if reward else reward_id


def _unique_ids(path: Path, ids: list[str], entry: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise StationsFileError(f"{path}: {entry} {item_id!r} field 'id': duplicate id")
        seen.add(item_id)


def load_activities(path: str | Path = ACTIVITIES_FILE) -> ActivityCatalogue:
    """Load data/activities.yaml; a problem raises `StationsFileError` with one line naming the field."""
    path = Path(path)
    raw = read_yaml(path)
    try:
        spec = _ActivitiesFile.model_validate(raw)
    except ValidationError as exc:
        raise StationsFileError(describe_validation_error(path, exc, raw, "activities", "activity")) from None
    _unique_ids(path, [activity.id for activity in spec.activities], "activity")
    by_id = {activity.id: activity for activity in spec.activities}
    if spec.checkin_activity not in by_id:
        raise StationsFileError(
            f"{path}: field 'checkin_activity': {spec.checkin_activity!r} is not an activity"
        )
    return ActivityCatalogue(tuple(spec.activities), by_id[spec.checkin_activity])


def load_rewards(path: str | Path = REWARDS_FILE) -> RewardCatalogue:
    """Load data/rewards.yaml; a problem raises `StationsFileError` with one line naming the field."""
    path = Path(path)
    raw = read_yaml(path)
    try:
        spec = _RewardsFile.model_validate(raw)
    except ValidationError as exc:
        raise StationsFileError(describe_validation_error(path, exc, raw, "rewards", "reward")) from None
    _unique_ids(path, [reward.id for reward in spec.rewards], "reward")
    return RewardCatalogue(tuple(spec.rewards))


class OutOfStock(Exception):
    """Every piece of the reward is handed out or reserved."""


@dataclass(frozen=True, slots=True)
class Redemption:
    id: int
    user_id: int | None  # None once the person is erased
    reward_id: str
    cost: int
    code: str
    status: str  # open, collected, expired
    created_at: datetime
    expires_at: datetime
    collected_at: datetime | None
    collected_by: int | None


@dataclass(frozen=True, slots=True)
class Redeemed:
    redemption: Redemption
    balance: int
    created: bool  # False when the same request (a double tap) had already redeemed


@dataclass(frozen=True, slots=True)
class Collection:
    """What `/collect CODE` found: collected now, or why not (already, expired, unknown)."""

    outcome: str
    redemption: Redemption | None
