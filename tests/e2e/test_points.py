"""暖新积分 through the real process: hours logged with the buttons, approved in the admin group, shown in
/points, spent on a reward whose pickup code an admin collects; a double tap and a forged button."""

from __future__ import annotations

import re

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import LONG, callback_data, log_three_hours, message_with, press, sent, text_of
from tests.support.botprocess import BotProcess

COURIER = 43001


async def test_hours_approved_become_points_that_buy_a_reward(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    await emulator.add_user(COURIER, "刘凤叶")
    summary = await log_three_hours(emulator, COURIER)
    assert "驿站值守" in text_of(summary) and "3 小时" in text_of(summary) and "30" in text_of(summary)

    # A double tap on Confirm: both taps reach the bot, one entry is stored and sent for approval.
    confirm = callback_data(summary, "✅ 确认提交")
    await emulator.press_raw_callback(COURIER, int(str(summary["message_id"])), confirm)
    await emulator.press_raw_callback(COURIER, int(str(summary["message_id"])), confirm)
    await message_with(emulator, COURIER, "已提交（编号 #1）")
    await emulator.wait_until(
        lambda: any("不会重复登记" in str(answer["text"]) for answer in emulator.callback_answers), LONG
    )

    # A courier who forges the Approve button (station staff's and admins') is refused; nothing is credited.
    await emulator.press_raw_callback(COURIER, int(str(summary["message_id"])), "apv:ok:1")
    await emulator.wait_until(
        lambda: any(
            "只对 驿站工作人员和管理员 开放" in str(answer["text"]) for answer in emulator.callback_answers
        ),
        LONG,
    )
    [points] = await emulator.ask(COURIER, "/points", timeout=LONG)
    assert "暖新积分：0 分" in text_of(points) and "审核中 3 小时" in text_of(points)

    [pending] = await emulator.ask(ADMIN_ID, "/pending", timeout=LONG)
    assert "待审核 1 条" in text_of(pending) and "#2" not in text_of(pending)

    # The admin approves in the admin group; the courier hears the points and the new balance.
    before = sent(emulator, COURIER)
    notice = await press(emulator, ADMIN_ID, "✅ 通过 #1", chat_id=ADMIN_CHAT_ID)
    approved = await message_with(emulator, COURIER, "审核通过了", since=before)
    assert "+30 暖新积分" in text_of(approved) and "现在共 30 分" in text_of(approved)
    await message_with(emulator, ADMIN_CHAT_ID, "已通过（审核人：管理员）")
    # Approve again (a second admin, or a stale button): credited once.
    await emulator.press_raw_callback(
        ADMIN_ID, int(str(notice["message_id"])), "apv:ok:1", chat_id=ADMIN_CHAT_ID
    )
    await emulator.wait_until(
        lambda: any("积分只记一次" in str(answer["text"]) for answer in emulator.callback_answers), LONG
    )

    [points] = await emulator.ask(COURIER, "/points", timeout=LONG)
    assert "暖新积分：30 分" in text_of(points) and "已通过 3 小时" in text_of(points)
    assert "志愿服务 +30，余 30" in text_of(points)

    # /rewards -> Redeem -> Confirm gives a pickup code; the admin's /collect marks it.
    await emulator.ask(COURIER, "/rewards", timeout=LONG)
    await press(emulator, COURIER, "🎁 兑换 清凉大礼包（30 分）")
    await press(emulator, COURIER, "✅ 确认兑换")
    done = await message_with(emulator, COURIER, "兑换成功")
    code = re.search(r"领取码：(\S+)", text_of(done))
    assert code is not None and "现有 0 分" in text_of(done)

    before = sent(emulator, COURIER)
    await emulator.send_text_in_group(ADMIN_CHAT_ID, ADMIN_ID, f"/collect {code.group(1)}")
    await message_with(emulator, ADMIN_CHAT_ID, f"已核销：清凉大礼包（领取码 {code.group(1)}")
    await message_with(emulator, COURIER, "你已领取 清凉大礼包", since=before)
