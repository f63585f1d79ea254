"""/points, /rewards and redemption, /collect, /adjust and the expiry of pickup codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.handlers.points import EXPIRY_JOB_ID
from bot.points import load_rewards
from tests.handlers import test_volunteer as volunteer_tests
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.handlers.test_volunteer import ADMIN, COURIER, ENGLISH_COURIER, alerts, button, last_text, submit

# The fixtures of the volunteer tests: the real stations file and a fixed clock; no flood limit.
chat = volunteer_tests.chat
clock = volunteer_tests.clock
pytestmark = pytest.mark.usefixtures("quick_fingers")

CHEAPEST = min(load_rewards(), key=lambda reward: reward.cost)


async def give(chat: Chat, user_id: int, amount: int) -> None:
    await chat.application.bot_data.store.points.adjust(
        user_id, amount, "test", ADMIN_ID, f"seed:{user_id}", datetime.now(UTC)
    )


async def test_points_start_empty(chat: Chat) -> None:
    text = last_text(chat, await chat.send(COURIER, "/points"))
    assert "0 分" in text and "还没有积分记录" in text


async def test_log_approve_and_see_the_points(chat: Chat) -> None:
    entry_id = await submit(chat, COURIER, start="14:00", hours="2 小时")
    text = last_text(chat, await chat.send(COURIER, "/points"))
    assert "审核中 2 小时" in text
    await chat.press(ADMIN, f"apv:ok:{entry_id}")
    text = last_text(chat, await chat.send(COURIER, "/points"))
    assert "暖新积分：20 分" in text and "本月：已通过 2 小时" in text and "志愿服务 +20，余 20" in text


async def test_redeem_gives_a_pickup_code_once_and_staff_collect_it(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await give(chat, 101, CHEAPEST.cost + 5)
    calls = await chat.send(COURIER, "/rewards")
    assert CHEAPEST.name.zh in last_text(chat, calls)
    calls = await chat.press(COURIER, button(calls, CHEAPEST.name.zh))
    assert "兑换" in last_text(chat, calls)
    confirm = button(calls, "确认兑换")
    calls = await chat.press(COURIER, confirm)
    assert "兑换成功" in last_text(chat, calls)
    again = await chat.press(COURIER, confirm)
    assert any("已经兑换过" in text for text in alerts(again))
    store = chat.application.bot_data.store
    assert await store.points.balance(101) == 5
    [redemption] = await store.points.open_redemptions(101)
    assert redemption.code in last_text(chat, calls)

    refused = await chat.send(COURIER, f"/collect {redemption.code}")
    assert "🔒" in last_text(chat, refused)
    calls = await chat.send(ADMIN, f"/collect {redemption.code.lower()}") + await chat.deliver()
    assert "已核销" in next(call.plain_text for call in calls if call.chat_id == ADMIN_ID)
    assert any(call.chat_id == 101 and "已领取" in call.plain_text for call in calls)
    assert "已经核销过" in last_text(chat, await chat.send(ADMIN, f"/collect {redemption.code}"))
    assert "没有这个领取码" in last_text(chat, await chat.send(ADMIN, "/collect ZZZZZZ"))


async def test_not_enough_points_is_a_friendly_refusal(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/rewards")
    calls = await chat.press(COURIER, button(calls, CHEAPEST.name.zh))
    assert any("积分不够" in text and "/volunteer" in text for text in alerts(calls))
    assert await chat.application.bot_data.store.points.open_redemptions(101) == []


async def test_a_forged_buy_button_without_points_buys_nothing(chat: Chat) -> None:
    calls = await chat.press(COURIER, f"rw:buy:{CHEAPEST.id}:forged")
    assert any("积分不够" in text for text in alerts(calls))
    calls = await chat.press(COURIER, "rw:buy:no-such-gift:forged")
    assert any("过期" in text for text in alerts(calls))
    assert await chat.application.bot_data.store.points.issued() == {}


async def test_uncollected_codes_expire_and_the_points_come_back(
    chat: Chat, clock: time_machine.Coordinates
) -> None:
    await chat.send(ENGLISH_COURIER, "/start")
    await give(chat, 102, CHEAPEST.cost)
    calls = await chat.send(ENGLISH_COURIER, "/rewards")
    calls = await chat.press(ENGLISH_COURIER, button(calls, CHEAPEST.name.en))
    await chat.press(ENGLISH_COURIER, button(calls, "Redeem"))
    store = chat.application.bot_data.store
    assert await store.points.balance(102) == 0
    clock.shift(timedelta(days=14, hours=1))
    job_queue = chat.application.job_queue
    assert job_queue is not None
    [job] = job_queue.get_jobs_by_name(EXPIRY_JOB_ID)
    before = len(chat.request.calls)
    await job.run(chat.application)
    await chat.deliver()
    told = [call.plain_text for call in chat.request.calls[before:] if call.chat_id == 102]
    assert told and "expired" in told[0] and f"{CHEAPEST.cost} points came back" in told[0]
    assert await store.points.balance(102) == CHEAPEST.cost
    text = last_text(chat, await chat.send(ENGLISH_COURIER, "/points"))
    assert "not collected, returned" in text


async def test_the_expiry_job_has_a_stable_id(chat: Chat) -> None:
    assert chat.application.job_queue is not None
    [job] = chat.application.job_queue.get_jobs_by_name(EXPIRY_JOB_ID)
    assert job.job.id == EXPIRY_JOB_ID


async def test_admin_adjusts_with_a_reason(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    calls = await chat.send(ADMIN, "/adjust 101 +30 补录6月1日值守") + await chat.deliver()
    assert "已为用户 101 调整 +30 分" in next(call.plain_text for call in calls if call.chat_id == ADMIN_ID)
    assert any(call.chat_id == 101 and "补录6月1日值守" in call.plain_text for call in calls)
    assert "变成负数" in last_text(chat, await chat.send(ADMIN, "/adjust 101 -31 多记了"))
    assert await chat.application.bot_data.store.points.balance(101) == 30


@pytest.mark.parametrize(
    "text", ["/adjust", "/adjust 101", "/adjust 101 abc why", "/adjust 101 5", "/adjust 101 0 x"]
)
async def test_adjust_usage(chat: Chat, text: str) -> None:
    assert "用法" in last_text(chat, await chat.send(ADMIN, text))


async def test_adjust_is_for_admins_only(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    assert "🔒" in last_text(chat, await chat.send(COURIER, "/adjust 101 +1000 me"))
    assert await chat.application.bot_data.store.points.balance(101) == 0


async def test_help_lists_the_new_commands_by_role(chat: Chat) -> None:
    courier = last_text(chat, await chat.send(COURIER, "/help"))
    assert "/volunteer" in courier and "/points" in courier and "/pending" not in courier
    admin = last_text(chat, await chat.send(ADMIN, "/help"))
    assert "/pending" in admin and "/collect" in admin and "/adjust" in admin
