"""/privacy, /mydata and /deleteme as a courier sees them, and what the database keeps afterwards."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from bot.privacy import erasure_month
from bot.volunteer import NewEntry, interval_for
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.updates import user

COURIER = user(601, "小周", "zh-hans")
ADMIN = user(ADMIN_ID, "管理员", "zh-hans")


async def _give_points(chat: Chat, user_id: int, amount: int) -> None:
    await chat.application.bot_data.store.points.adjust(
        user_id, amount, "test grant", actor=ADMIN_ID, key=f"test:{user_id}", now=datetime.now(UTC)
    )


async def test_privacy_says_what_is_kept_and_for_how_long(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "/privacy")
    assert "30 天后自动删除" in answer.plain_text and "/deleteme" in answer.plain_text
    assert "只显示“管理员”，不显示对方的编号" in answer.plain_text
    assert "积分不退回" in answer.plain_text


async def test_mydata_sends_a_json_file_with_the_persons_data(chat: Chat) -> None:
    await chat.send(COURIER, location={"latitude": 30.25, "longitude": 120.17})
    replies = await chat.send(COURIER, "/mydata")
    document = next(call for call in replies if call.method == "sendDocument")
    data = json.loads(document.files["document"])
    assert data["profile"]["first_name"] == "小周"
    assert data["profile"]["last_lat"] == 30.25
    assert {"volunteer_entries", "points_ledger", "reports", "redemptions"} <= set(data)


async def test_mydata_says_in_short_what_is_kept_before_the_file(chat: Chat) -> None:
    await chat.send(COURIER, location={"latitude": 30.25, "longitude": 120.17})
    await _give_points(chat, 601, 40)
    replies = await chat.send(COURIER, "/mydata")
    summary = chat.texts(replies)[0]
    assert "暖新积分：40 分" in summary and "位置：已保存" in summary and "志愿记录：还没有" in summary
    assert replies[-1].method == "sendDocument"
    english = await chat.send(user(602, "Sam", "en"), "/mydata")
    assert "Points: 0" in chat.texts(english)[0] and "Location: none" in chat.texts(english)[0]


async def test_deleteme_says_what_will_be_lost_before_asking(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await _give_points(chat, 601, 40)
    question = chat.texts(await chat.send(COURIER, "/deleteme"))[0]
    assert "你现在有 40 积分" in question and "会作废" in question
    empty = chat.texts(await chat.send(user(603, "小林", "zh-hans"), "/deleteme"))[0]
    assert "0 积分" not in empty


def _values(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [value for item in data.values() for value in _values(item)]
    if isinstance(data, list):
        return [value for item in data for value in _values(item)]
    return [data]


async def test_mydata_names_the_deciding_admin_by_role_not_by_id(chat: Chat) -> None:
    store = chat.application.bot_data.store
    await chat.send(COURIER, "/start")
    zone = ZoneInfo("Asia/Shanghai")
    entry, _ = await store.volunteer.submit(
        NewEntry(
            user_id=601,
            activity="station_duty",
            description=None,
            interval=interval_for(date(2025, 6, 1), time(9), 60, zone),
            points_per_hour=10,
            station_id=None,
            place="驿站",
            photo_file_id=None,
            source="form",
            submission_key="form:601",
        ),
        datetime(2025, 6, 1, 4, tzinfo=UTC),
        zone,
    )
    await store.volunteer.approve(entry.id, ADMIN_ID, datetime(2025, 6, 1, 4, tzinfo=UTC))
    replies = await chat.send(COURIER, "/mydata")
    document = next(call for call in replies if call.method == "sendDocument")
    data = json.loads(document.files["document"])
    assert data["volunteer_entries"][0]["decided_by"] == "admin"
    assert ADMIN_ID not in _values(data) and str(ADMIN_ID) not in document.files["document"].decode()


async def test_deleteme_asks_first_and_not_now_keeps_everything(chat: Chat) -> None:
    [question] = await chat.send(COURIER, "/deleteme")
    no = next(button["callback_data"] for button in question.buttons if button["text"] == "先不删")
    replies = await chat.press(COURIER, no)
    assert any("什么都没删" in call.plain_text for call in replies)
    assert await chat.application.bot_data.store.users.get(601) is not None


async def test_deleteme_erases_the_person_and_keeps_anonymous_totals(chat: Chat) -> None:
    store = chat.application.bot_data.store
    await chat.send(COURIER, location={"latitude": 30.25, "longitude": 120.17})
    await _give_points(chat, 601, 40)
    [question] = await chat.send(COURIER, "/deleteme")
    yes = next(button["callback_data"] for button in question.buttons if button["text"] == "🗑 确认删除")
    replies = await chat.press(COURIER, yes)
    erased = chat.texts(replies)
    assert any("你的数据已经删除" in text and "40 积分已清零" in text for text in erased)
    assert await store.users.get(601) is None
    assert await store.points.balance(601) == 0
    assert await store.db.fetchvalue("SELECT COUNT(*) FROM points_ledger WHERE user_id = 601") == 0
    totals = await store.db.fetchone("SELECT * FROM erased_user_totals")
    assert (
        totals is not None
        and totals["points_earned"] == 40
        and totals["erased_month"] == erasure_month(datetime.now())
    )


async def test_a_stale_confirmation_erases_nothing(chat: Chat) -> None:
    [question] = await chat.send(COURIER, "/deleteme")
    yes = next(button["callback_data"] for button in question.buttons if button["text"] == "🗑 确认删除")
    with time_machine.travel(datetime.now() + timedelta(hours=1)):
        replies = await chat.press(COURIER, yes)
    assert replies[0].method == "answerCallbackQuery" and "过期" in replies[0].params["text"]
    assert await chat.application.bot_data.store.users.get(601) is not None


async def test_a_forged_erase_button_changes_nothing(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    replies = await chat.press(COURIER, "erase|yes|notatime")
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    assert await chat.application.bot_data.store.users.get(601) is not None


async def test_housekeeping_drops_locations_older_than_the_retention(chat: Chat) -> None:
    from bot.handlers.privacy import housekeeping

    store = chat.application.bot_data.store
    with time_machine.travel(datetime.now() - timedelta(days=31)):
        await chat.send(COURIER, location={"latitude": 30.25, "longitude": 120.17})
    await chat.send(user(602, "小吴"), location={"latitude": 30.26, "longitude": 120.18})

    class JobContext:
        application = chat.application
        store = chat.application.bot_data.store
        settings = chat.application.bot_data.settings

        @property
        def now(self) -> datetime:
            return datetime.now(self.settings.tzinfo)

    await housekeeping(JobContext())  # type: ignore[arg-type]
    old, fresh = await store.users.get(601), await store.users.get(602)
    assert old is not None and old.last_location is None
    assert fresh is not None and fresh.last_location == (30.26, 120.18)
