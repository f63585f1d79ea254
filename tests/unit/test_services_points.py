"""The points actions on both backends: what they change, what they answer, and whom they tell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import Translator
from bot.points import LocalizedText, Reward, RewardCatalogue
from bot.services import points as service
from bot.services.points import AdjustResult, RedeemResult
from bot.station_status import StationStatus
from bot.storage import Storage

NOW = datetime(2025, 6, 1, 4, 0, tzinfo=UTC)
COURIER, ADMIN = 101, 900
TRANSLATOR = Translator("zh")
TEA = Reward(
    id="tea",
    name=LocalizedText(zh="凉茶", en="Herbal tea"),
    cost=10,
    stock=5,
    collect_at=LocalizedText(zh="驿站", en="the station"),
)
PACK = Reward(
    id="pack",
    name=LocalizedText(zh="清凉大礼包", en="Cool-down gift pack"),
    cost=10,
    stock=5,
    collect_at=LocalizedText(zh="四季青驿站", en="Sijiqing station"),
    gift_pack_at="sijiqing-djzx",
)
REWARDS = RewardCatalogue((TEA, PACK))


@pytest.fixture(autouse=True)
async def courier(store: Storage) -> None:
    await store.users.seen(COURIER, "小哥", None, "en")


async def _adjust(
    store: Storage, amount: int, reason: str = "station duty", key: str = "1:1"
) -> service.Adjusted:
    return await service.adjust(
        store,
        TRANSLATOR,
        admin_id=ADMIN,
        user_id=COURIER,
        amount=amount,
        reason=reason,
        request_key=key,
        now=NOW,
    )


async def test_an_adjustment_is_made_once_per_request_and_the_person_is_told(store: Storage) -> None:
    done = await _adjust(store, 20, reason="  late log  ")
    again = await _adjust(store, 20, reason="late log")
    assert done.result == AdjustResult.DONE and (done.balance, done.reason) == (20, "late log")
    assert [notice.user_id for notice in done.notices] == [COURIER]
    assert "+20; you now have 20" in done.notices[0].compose("en")
    # The same request: one entry, and a notice of the same purpose, which the outbox sends once.
    assert (again.result, again.balance) == (done.result, done.balance)
    assert [notice.purpose for notice in again.notices] == [notice.purpose for notice in done.notices]
    assert await store.points.balance(COURIER) == 20


@pytest.mark.parametrize(
    ("amount", "reason"), [(0, "typo"), (service.MAX_ADJUSTMENT + 1, "typo"), (5, "   ")]
)
async def test_an_invalid_adjustment_changes_nothing(store: Storage, amount: int, reason: str) -> None:
    assert await _adjust(store, amount, reason) == service.Adjusted(AdjustResult.INVALID)
    assert await store.points.history(COURIER) == []


async def test_an_adjustment_of_an_unknown_person_or_below_zero_changes_nothing(store: Storage) -> None:
    await _adjust(store, 5, key="1:1")
    below = await _adjust(store, -6, key="1:2")
    unknown = await service.adjust(
        store, TRANSLATOR, admin_id=ADMIN, user_id=404, amount=5, reason="x", request_key="1:3", now=NOW
    )
    assert below.result == AdjustResult.BELOW_ZERO and below.balance == 5 and below.notices == ()
    assert unknown.result == AdjustResult.UNKNOWN_USER and unknown.notices == ()
    assert await store.points.balance(COURIER) == 5 and await store.points.balance(404) == 0


async def test_redeeming_without_enough_points_changes_nothing(store: Storage) -> None:
    await _adjust(store, TEA.cost - 1)
    quote = await service.quote(store, user_id=COURIER, reward=TEA)
    attempt = await service.redeem(store, user_id=COURIER, reward=TEA, token=quote.token, now=NOW)
    assert not quote.affordable and quote.balance == TEA.cost - 1
    assert attempt == service.RedeemAttempt(RedeemResult.NOT_ENOUGH, TEA.cost - 1)
    assert await store.points.balance(COURIER) == TEA.cost - 1
    assert await store.points.open_redemptions(COURIER) == [] and await store.points.issued() == {}


async def test_a_double_tap_on_one_confirmation_redeems_once(store: Storage) -> None:
    await _adjust(store, 25)
    quote = await service.quote(store, user_id=COURIER, reward=TEA)
    first = await service.redeem(store, user_id=COURIER, reward=TEA, token=quote.token, now=NOW)
    again = await service.redeem(store, user_id=COURIER, reward=TEA, token=quote.token, now=NOW)
    fresh = await service.quote(store, user_id=COURIER, reward=TEA)
    assert quote.affordable and fresh.token != quote.token
    assert first.result == RedeemResult.REDEEMED and first.balance == 15 and first.redemption is not None
    assert again.result == RedeemResult.ALREADY and again.redemption == first.redemption
    assert await store.points.balance(COURIER) == 15


async def test_a_reward_out_of_stock_takes_no_points(store: Storage) -> None:
    await _adjust(store, 25)
    gone = TEA.model_copy(update={"stock": 0})
    attempt = await service.redeem(store, user_id=COURIER, reward=gone, token="t", now=NOW)
    assert attempt == service.RedeemAttempt(RedeemResult.OUT_OF_STOCK)
    assert await store.points.balance(COURIER) == 25


async def test_collecting_tells_the_owner_once(store: Storage) -> None:
    await _adjust(store, 25)
    redeemed = await service.redeem(store, user_id=COURIER, reward=TEA, token="t", now=NOW)
    assert redeemed.redemption is not None
    code = redeemed.redemption.code

    async def collect(text: str) -> service.Collected:
        return await service.collect(
            store, TRANSLATOR, REWARDS, code=text, admin_id=ADMIN, now=NOW + timedelta(days=1)
        )

    collected, again, unknown = await collect(code.lower()), await collect(code), await collect("NOPE")
    assert collected.outcome == "collected" and [n.user_id for n in collected.notices] == [COURIER]
    assert collected.notices[0].compose("en").startswith("✅ You collected Herbal tea.")
    assert collected.notices[0].compose("zh") != collected.notices[0].compose("en")
    assert again.outcome == "already" and again.notices == ()
    assert unknown == service.Collected("unknown", None)


async def test_a_gift_pack_handed_out_leaves_its_station_one_fewer(store: Storage) -> None:
    """The count the station's staff gave goes down when a pack is collected there, once per code."""
    await store.stations.change_status(
        "sijiqing-djzx", lambda _current: StationStatus("sijiqing-djzx", NOW, gift_packs=3)
    )
    await _adjust(store, 25)
    redeemed = await service.redeem(store, user_id=COURIER, reward=PACK, token="p", now=NOW)
    assert redeemed.redemption is not None
    for _ in range(2):  # the second is "already collected"
        await service.collect(
            store, TRANSLATOR, REWARDS, code=redeemed.redemption.code, admin_id=ADMIN, now=NOW
        )
    status = await store.stations.status("sijiqing-djzx")
    assert status is not None and status.gift_packs == 2


async def test_expired_codes_refund_once_and_tell_their_owners(store: Storage) -> None:
    await _adjust(store, 25)
    redeemed = await service.redeem(store, user_id=COURIER, reward=TEA, token="t", now=NOW)
    assert redeemed.redemption is not None
    before = await service.expire_pickup_codes(store, TRANSLATOR, REWARDS, now=NOW + timedelta(days=13))
    late = NOW + timedelta(days=14)
    expired = await service.expire_pickup_codes(store, TRANSLATOR, REWARDS, now=late)
    again = await service.expire_pickup_codes(store, TRANSLATOR, REWARDS, now=late)
    assert before == again == service.ExpiredCodes((), ())
    assert [redemption.id for redemption, _ in expired.refunded] == [redeemed.redemption.id]
    assert [notice.user_id for notice in expired.notices] == [COURIER]
    text = expired.notices[0].compose("en")
    assert redeemed.redemption.code in text and "Herbal tea" in text and "you now have 25" in text
    assert await store.points.balance(COURIER) == 25
