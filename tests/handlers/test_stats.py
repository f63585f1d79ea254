"""/stats: the figures an admin sees, and that nobody else sees them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.channels.telegram.delivery import outbox_sender
from bot.storage.database import utc_now
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.updates import user

ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
COURIER = user(301, "刘凤叶", "zh-hans")
OBSERVER = user(302, "王师傅", "zh-hans")


async def seed(chat: Chat) -> None:
    for person in (COURIER, OBSERVER):
        await chat.send(person, "/start")
    db = chat.application.bot_data.store.db
    now = utc_now()
    await db.write("INSERT INTO user_roles (user_id, role, granted_at) VALUES (302, 'observer', ?)", (now,))
    await db.write("UPDATE users SET blocked = 1 WHERE id = 301")
    for minutes, status, key in ((90, "approved", "a"), (60, "pending", "b"), (30, "rejected", "c")):
        await db.write(
            """
            INSERT INTO volunteer_entries (user_id, activity, day, starts_at, ends_at, minutes,
                                           points_per_hour, source, status, submission_key, created_at)
            VALUES (301, 'cleanup', '2025-07-20', ?, ?, ?, 10, 'form', ?, ?, ?)
            """,
            (now, now, minutes, status, key, now),
        )
    await db.write(
        """
        INSERT INTO points_ledger (user_id, kind, amount, balance_after, reason, idempotency_key, created_at)
        VALUES (301, 'earn', 15, 15, 'volunteer', 'k1', ?)
        """,
        (now,),
    )
    await db.write(
        """
        INSERT INTO reports (number, reporter_id, category, status, created_at, updated_at)
        VALUES ('MQ-2025-000001', 302, 'traffic', 'investigating', ?, ?),
               ('MQ-2025-000002', 302, 'traffic', 'confirmed', ?, ?),
               ('MQ-2025-000003', 302, 'traffic', 'confirmed', ?, ?),
               ('MQ-2025-000004', 302, 'traffic', 'not_actionable', ?, ?)
        """,
        (now,) * 8,
    )


async def test_admin_sees_every_figure(chat: Chat) -> None:
    await seed(chat)
    await chat.send(ADMIN, "/broadcast")
    await chat.send(ADMIN, "高温注意")
    await chat.press(ADMIN, "bc:noen")
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:now")
    await chat.press(ADMIN, "bc:go")
    await outbox_sender(chat.application).run_until_idle()
    text = chat.texts(await chat.send(ADMIN, "/stats"))[0]
    assert "用户 3 人" in text and "屏蔽机器人 1" in text and "7 天活跃 3" in text
    assert "民情观察员 1 人" in text
    assert "登记 2.5 小时" in text and "已审核 1.5 小时" in text
    assert "未兑换积分 15" in text
    # The states as the report cards name them, in the order a report moves through them.
    assert "🆕 已提交，待受理：2\n· 👀 已受理，正在了解：1\n· ⛔ 暂无法处理：1" in text
    assert "未结 3 · 已关闭 1" in text
    assert "群发：已发 2 · 失败 0 · 已屏蔽 0 · 待发 0" in text  # the blocked courier was not queued
    assert "#1" in text and "已完成" in text


async def test_stats_list_scheduled_broadcasts_with_their_time(chat: Chat) -> None:
    await seed(chat)
    await chat.send(ADMIN, "/broadcast")
    await chat.send(ADMIN, "明早集合")
    await chat.press(ADMIN, "bc:noen")
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:later")
    tomorrow = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).strftime("%Y-%m-%d")
    await chat.send(ADMIN, f"{tomorrow} 09:00")
    await chat.press(ADMIN, "bc:go")
    text = chat.texts(await chat.send(ADMIN, "/stats"))[0]
    assert f"🕒 定时群发：\n· #1 {tomorrow[5:]} 09:00 · 所有人" in text


async def test_stats_before_anything_happened(chat: Chat) -> None:
    text = chat.texts(await chat.send(ADMIN, "/stats"))[0]
    assert "民情反映：暂无" in text and "最近的群发：暂无" in text


async def test_a_courier_gets_no_stats(chat: Chat) -> None:
    replies = await chat.send(COURIER, "/stats")
    assert "只对 管理员 开放" in chat.texts(replies)[0]
    assert "数据统计" not in chat.texts(replies)[0]
