"""/volunteer, station check-in and approval, as couriers and admins see them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from telegram import Update
from telegram.error import NetworkError

from bot.config import Settings
from bot.handlers.volunteer import PENDING_PAGE_SIZE
from bot.storage.volunteer import VolunteerRepository
from bot.volunteer import checkin_payload
from tests.conftest import REPO_ROOT
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat, running
from tests.support import updates
from tests.support.faults import fail_once
from tests.support.recording import Call
from tests.support.updates import user

pytestmark = pytest.mark.usefixtures("quick_fingers")

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 20, 0, tzinfo=SHANGHAI)
COURIER = user(101, "刘凤叶", "zh-hans")
ENGLISH_COURIER = user(102, "Alex", "en-GB")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
STATION = "shangcheng-djzx"


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
async def chat(
    make_settings: Callable[..., Settings], clock: time_machine.Coordinates
) -> AsyncIterator[Chat]:
    """The real stations file, so places and check-ins have stations to find."""
    async with running(make_settings(stations_file=REPO_ROOT / "data" / "stations.yaml")) as started:
        yield started


def button(calls: list[Call], label: str) -> str:
    """The callback data of the last button whose label contains `label`."""
    found = [b["callback_data"] for call in calls for b in call.buttons if label in b.get("text", "")]
    assert found, f"no button {label!r} in {[b.get('text') for call in calls for b in call.buttons]}"
    return str(found[-1])


def last_text(chat: Chat, calls: list[Call]) -> str:
    texts = chat.texts(calls)
    return texts[-1] if texts else ""


def alerts(calls: list[Call]) -> list[str]:
    return [str(call.params.get("text", "")) for call in calls if call.method == "answerCallbackQuery"]


async def fill_in(
    chat: Chat, sender: dict[str, Any], *, day: str = "今天", start: str = "14:00", hours: str = "2 小时"
) -> list[Call]:
    """Walk the form with buttons up to the summary; returns the summary's calls."""
    calls = await chat.send(sender, "/volunteer")
    calls = await chat.press(sender, button(calls, "驿站值守"))
    calls = await chat.press(sender, button(calls, day))
    calls = await chat.press(sender, button(calls, start))
    calls = await chat.press(sender, button(calls, hours))
    calls = await chat.send(sender, "上城区新就业群体党群服务中心")
    calls = await chat.press(sender, button(calls, "上城区新就业群体"))
    return await chat.press(sender, button(calls, "跳过"))


async def submit(chat: Chat, sender: dict[str, Any], **form: str) -> int:
    summary = await fill_in(chat, sender, **form)
    await chat.press(sender, button(summary, "确认提交"))
    await chat.deliver()  # the card reaches the admin chat
    return int(await chat.application.bot_data.store.db.fetchvalue("SELECT MAX(id) FROM volunteer_entries"))


async def entry_count(chat: Chat) -> int:
    return int(await chat.application.bot_data.store.db.fetchvalue("SELECT COUNT(*) FROM volunteer_entries"))


# --- the form -------------------------------------------------------------------------------------------


async def test_logging_hours_with_buttons_goes_to_the_admin_chat(chat: Chat) -> None:
    summary = await fill_in(chat, COURIER)
    text = last_text(chat, summary)
    assert "请核对" in text and "驿站值守" in text and "14:00–16:00" in text and "上城区新就业群体" in text
    assert "20" in text  # 2 h x 10 points
    calls = await chat.press(COURIER, button(summary, "确认提交")) + await chat.deliver()
    assert any("已提交" in text for text in chat.texts(calls))
    notices = [call for call in calls if call.chat_id == ADMIN_CHAT_ID]
    assert notices and "刘凤叶" in notices[0].plain_text
    assert {b["callback_data"] for b in notices[0].buttons} == {"apv:ok:1", "apv:no:1"}


async def test_a_held_admin_chat_does_not_hold_the_couriers_answer(chat: Chat) -> None:
    """Thirty check-outs met the admin group's 20-a-minute limit and each courier waited for it: the card
    now goes through the outbox, so the courier's answer (and their next update) never waits for it."""
    summary = await fill_in(chat, COURIER)
    chat.request.held[ADMIN_CHAT_ID] = asyncio.Event()
    confirm = updates.callback(COURIER, button(summary, "确认提交"))
    before = len(chat.request.calls)
    async with asyncio.timeout(30):  # a guard against a hang, not a measurement
        await chat.application.process_update(Update.de_json(confirm, chat.application.bot))
    answered = chat.request.calls[before:]
    assert any("已提交" in text for text in chat.texts(answered))
    assert not [call for call in answered if call.chat_id == ADMIN_CHAT_ID]
    chat.request.held[ADMIN_CHAT_ID].set()
    await chat.deliver()
    cards = [call for call in chat.request.calls[before:] if call.chat_id == ADMIN_CHAT_ID]
    assert cards and "刘凤叶" in cards[0].plain_text


async def test_a_double_tap_on_confirm_stores_one_entry(chat: Chat) -> None:
    summary = await fill_in(chat, COURIER)
    confirm = button(summary, "确认提交")
    await chat.press(COURIER, confirm)
    again = await chat.press(COURIER, confirm)
    assert await entry_count(chat) == 1
    assert any("不会重复" in text for text in alerts(again))
    assert not [call for call in again if call.chat_id == ADMIN_CHAT_ID]


async def test_a_failed_write_keeps_the_draft_and_confirm_works_again(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy or full database must not cost the courier their eight steps."""
    summary = await fill_in(chat, COURIER)
    confirm = button(summary, "确认提交")
    fail_once(monkeypatch, VolunteerRepository, "submit")
    failed = await chat.press(COURIER, confirm)
    assert any("你填的内容都还在" in text and "确认提交" in text for text in alerts(failed))
    assert await entry_count(chat) == 0
    again = await chat.press(COURIER, confirm)
    assert any("已提交" in text for text in chat.texts(again))
    assert await entry_count(chat) == 1


async def test_typed_hours_refusals_explain_and_keep_the_draft(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    calls = await chat.press(COURIER, button(calls, "昨天"))
    calls = await chat.send(COURIER, "9点半")
    assert "做了多久" in last_text(chat, calls)
    for typed, expected in [("13", "最多登记 12 小时"), ("1:15", "半小时算"), ("好久", "没看懂")]:
        assert expected in last_text(chat, await chat.send(COURIER, typed))
    calls = await chat.send(COURIER, "两个半小时")
    assert "在哪儿服务" in last_text(chat, calls)
    draft = chat.application.user_data[101]["volunteer_draft"]
    assert draft["minutes"] == 150 and draft["start"] == "09:30"


async def test_hours_or_emoji_typed_as_the_place_or_description_are_refused_with_a_hint(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "其他服务"))
    refused = last_text(chat, await chat.send(COURIER, "😭" * 11))
    assert "用文字" in refused and "做了什么" in refused
    calls = await chat.send(COURIER, "帮老人搬东西")
    calls = await chat.press(COURIER, button(calls, "昨天"))
    calls = await chat.press(COURIER, button(calls, "08:00"))
    calls = await chat.press(COURIER, button(calls, "1 小时"))
    refused = last_text(chat, await chat.send(COURIER, "0.1小时"))
    assert "这一步要填地点" in refused and "驿站名称" in refused
    assert "照片" in last_text(chat, await chat.send(COURIER, "武林广场地铁口"))


async def test_other_activity_asks_what_was_done(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "其他服务"))
    assert "说说你做了什么" in last_text(chat, calls)
    calls = await chat.send(COURIER, "帮迷路的外卖小哥找路")
    assert "哪一天" in last_text(chat, calls)


async def test_the_future_is_refused(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    future = await chat.press(COURIER, f"vol:day:{(NOW.date() + timedelta(days=1)).isoformat()}")
    assert any("未来" in text for text in alerts(future))
    await chat.press(COURIER, button(calls, "今天"))
    assert "还没结束" in last_text(chat, await chat.send(COURIER, "21:00"))  # it is 20:00
    assert "做了多久" in last_text(chat, await chat.send(COURIER, "19:00"))
    assert "还没结束" in last_text(chat, await chat.send(COURIER, "2"))  # would end at 21:00
    draft = chat.application.user_data[101]["volunteer_draft"]
    assert draft["start"] == "19:00" and "minutes" not in draft


async def test_an_old_day_is_refused(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    await chat.press(COURIER, button(calls, "驿站值守"))
    old = await chat.press(COURIER, f"vol:day:{(NOW.date() - timedelta(days=8)).isoformat()}")
    assert any("7 天内" in text for text in alerts(old))


async def test_overlap_and_the_daily_limit_are_refused_with_nothing_stored(chat: Chat) -> None:
    await submit(chat, COURIER, start="14:00", hours="2 小时")
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    calls = await chat.press(COURIER, button(calls, "今天"))
    calls = await chat.send(COURIER, "15:00")
    assert "重叠" in last_text(chat, await chat.send(COURIER, "1"))
    await chat.send(COURIER, "/cancel")
    await submit(chat, COURIER, day="昨天", start="08:00", hours="8 小时")
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    calls = await chat.press(COURIER, button(calls, "昨天"))
    await chat.send(COURIER, "17:00")
    assert "12 小时" in last_text(chat, await chat.send(COURIER, "4.5"))
    assert await entry_count(chat) == 2


async def test_a_nearby_station_from_the_last_location(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "文明交通劝导"))
    calls = await chat.press(COURIER, button(calls, "昨天"))
    calls = await chat.press(COURIER, button(calls, "10:00"))
    calls = await chat.press(COURIER, button(calls, "1.5 小时"))
    calls = await chat.send(COURIER, location={"latitude": 30.2540, "longitude": 120.1627})
    station = button(calls, "公里")
    assert station.startswith("vol:stn:")
    calls = await chat.press(COURIER, station)
    assert "照片" in last_text(chat, calls)
    calls = await chat.send(
        COURIER, photo=[{"file_id": "PHOTO1", "file_unique_id": "u1", "width": 90, "height": 90}]
    )
    assert "附照片" in last_text(chat, calls)
    calls = await chat.press(COURIER, button(calls, "确认提交")) + await chat.deliver()
    assert [call.method for call in calls if call.chat_id == ADMIN_CHAT_ID] == ["sendPhoto"]


async def test_free_text_place_is_kept(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "平安巡防"))
    calls = await chat.press(COURIER, button(calls, "昨天"))
    calls = await chat.press(COURIER, button(calls, "08:00"))
    calls = await chat.press(COURIER, button(calls, "1 小时"))
    calls = await chat.send(COURIER, "<b>武林广场</b>地铁口")
    assert "照片" in last_text(chat, calls)
    calls = await chat.press(COURIER, button(calls, "跳过"))
    assert "<b>武林广场</b>地铁口" in last_text(chat, calls)


async def test_cancel_drops_the_draft(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    await chat.press(COURIER, button(calls, "驿站值守"))
    assert "已取消" in last_text(chat, await chat.send(COURIER, "/cancel"))
    assert "volunteer_draft" not in chat.application.user_data[101]


async def test_the_conversation_survives_a_restart(
    make_settings: Callable[..., Settings], clock: Any
) -> None:
    settings = make_settings(stations_file=REPO_ROOT / "data" / "stations.yaml")
    async with running(settings) as first:
        calls = await first.send(COURIER, "/volunteer")
        calls = await first.press(COURIER, button(calls, "驿站值守"))
        day = button(calls, "昨天")
    async with running(settings) as second:
        calls = await second.press(COURIER, day)
        assert "几点开始" in last_text(second, calls)


async def test_english_courier_sees_english(chat: Chat) -> None:
    calls = await chat.send(ENGLISH_COURIER, "/volunteer")
    assert "What did you do?" in last_text(chat, calls)
    calls = await chat.press(ENGLISH_COURIER, button(calls, "Station duty"))
    assert "Which day?" in last_text(chat, calls) and button(calls, "Yesterday")


# --- approval -------------------------------------------------------------------------------------------


async def test_approval_credits_once_and_tells_the_courier(chat: Chat) -> None:
    entry_id = await submit(chat, COURIER)
    calls = await chat.press(ADMIN, f"apv:ok:{entry_id}") + await chat.deliver()
    to_courier = [call.plain_text for call in calls if call.chat_id == 101]
    assert to_courier and "审核通过" in to_courier[0] and "+20" in to_courier[0] and "20 分" in to_courier[0]
    again = await chat.press(ADMIN, f"apv:ok:{entry_id}")
    assert any("只记一次" in text for text in alerts(again))
    assert not [call for call in again if call.chat_id == 101]
    assert await chat.application.bot_data.store.points.balance(101) == 20


async def test_a_forged_approve_from_a_courier_changes_nothing(chat: Chat) -> None:
    entry_id = await submit(chat, COURIER)
    calls = await chat.press(COURIER, f"apv:ok:{entry_id}")
    assert any("管理员" in text for text in alerts(calls))
    entry = await chat.application.bot_data.store.volunteer.get(entry_id)
    assert entry is not None and entry.status == "pending"
    assert await chat.application.bot_data.store.points.balance(101) == 0
    await chat.press(COURIER, f"apv:no:{entry_id}")
    assert "volunteer_rejecting" not in chat.application.user_data.get(101, {})


async def test_approve_pressed_twice_or_forged_on_the_admin_card_sends_no_empty_edit(chat: Chat) -> None:
    """Telegram refuses an edit that changes nothing ("message is not modified"); the recording does too."""
    entry_id = await submit(chat, COURIER)
    card = next(call for call in chat.request.to_chat(ADMIN_CHAT_ID) if call.buttons).result["message_id"]
    first = await chat.press(ADMIN, f"apv:ok:{entry_id}", message_id=card, chat_id=ADMIN_CHAT_ID)
    assert [call.method for call in first if call.method.startswith("edit")] == ["editMessageText"]

    again = await chat.press(ADMIN, f"apv:ok:{entry_id}", message_id=card, chat_id=ADMIN_CHAT_ID)
    forged = await chat.press(COURIER, f"apv:ok:{entry_id}", message_id=card, chat_id=ADMIN_CHAT_ID)

    assert any("只记一次" in text for text in alerts(again)) and any(
        "管理员" in text for text in alerts(forged)
    )
    assert [call.method for call in again + forged] == ["answerCallbackQuery", "answerCallbackQuery"]
    assert "已通过" in chat.request.shown(ADMIN_CHAT_ID, card)["text"]  # type: ignore[index]


async def test_reject_asks_for_a_reason_and_tells_the_courier(chat: Chat) -> None:
    entry_id = await submit(chat, COURIER)
    await chat.press(COURIER, "lang:en")  # told in the language they use now
    calls = await chat.press(ADMIN, f"apv:no:{entry_id}")
    ask = [call for call in calls if call.method == "sendMessage"]
    assert ask and "原因" in ask[0].plain_text and ask[0].params["reply_markup"]["force_reply"]
    calls = await chat.send(ADMIN, "照片看不出是志愿服务") + await chat.deliver()
    to_courier = [call.plain_text for call in calls if call.chat_id == 101]
    assert to_courier and "not approved" in to_courier[0] and "照片看不出是志愿服务" in to_courier[0]
    assert "已驳回" in next(call.plain_text for call in calls if call.chat_id == ADMIN_ID)
    late = await chat.press(ADMIN, f"apv:ok:{entry_id}")
    assert any("驳回" in text for text in alerts(late))
    assert await chat.application.bot_data.store.points.balance(101) == 0


async def test_a_reason_belongs_to_the_entry_whose_reject_was_pressed_last(chat: Chat) -> None:
    first = await submit(chat, COURIER)
    second = await submit(chat, COURIER, start="08:00")
    await chat.press(ADMIN, f"apv:no:{first}")
    calls = await chat.press(ADMIN, f"apv:no:{second}")
    prompt = chat.texts(calls)[-1]
    assert f"#{second}" in prompt and f"#{first} 先不驳回了" in prompt
    await chat.send(ADMIN, "时间和签到记录对不上")
    store = chat.application.bot_data.store.volunteer
    rejected, untouched = await store.get(second), await store.get(first)
    assert rejected is not None and rejected.status == "rejected"
    assert untouched is not None and untouched.status == "pending"


async def test_the_admin_chat_card_follows_a_decision_taken_elsewhere(chat: Chat) -> None:
    approved, rejected = await submit(chat, COURIER), await submit(chat, COURIER, start="08:00")
    cards = [call.result["message_id"] for call in chat.request.to_chat(ADMIN_CHAT_ID) if call.buttons]
    calls = await chat.send(ADMIN, "/pending")  # in the admin's private chat
    calls = await chat.press(ADMIN, f"apv:ok:{approved}:0", message_id=calls[-1].result["message_id"])
    calls += await chat.deliver()
    edits = [call for call in calls if call.chat_id == ADMIN_CHAT_ID]
    assert [call.params["message_id"] for call in edits] == [cards[0]]
    card = chat.request.shown(ADMIN_CHAT_ID, cards[0])
    assert card is not None and "已通过（审核人：管理员）" in card["text"] and not card.get("reply_markup")

    await chat.press(ADMIN, f"apv:no:{rejected}")
    await chat.send(ADMIN, "时间对不上")
    await chat.deliver()
    card = chat.request.shown(ADMIN_CHAT_ID, cards[1])
    assert card is not None and "已驳回 #2。原因：时间对不上" in card["text"] and not card.get("reply_markup")


async def test_pending_is_paginated_and_approves_from_the_list(chat: Chat) -> None:
    for day_offset in range(PENDING_PAGE_SIZE + 1):
        day = (NOW.date() - timedelta(days=day_offset)).isoformat()
        calls = await chat.send(COURIER, "/volunteer")
        calls = await chat.press(COURIER, button(calls, "驿站值守"))
        calls = await chat.press(COURIER, f"vol:day:{day}")
        calls = await chat.press(COURIER, button(calls, "08:00"))
        calls = await chat.press(COURIER, button(calls, "1 小时"))
        calls = await chat.send(COURIER, "驿站门口")
        calls = await chat.press(COURIER, button(calls, "跳过"))
        await chat.press(COURIER, button(calls, "确认提交"))
    calls = await chat.send(ADMIN, "/pending")
    text = last_text(chat, calls)
    assert "待审核 6 条" in text and "1/2" in text and "#1" in text and "#6" not in text
    page_two = await chat.press(ADMIN, button(calls, "▶"))
    assert "#6" in last_text(chat, page_two)
    after = await chat.press(ADMIN, "apv:ok:6:1")
    assert "没有待审核" in last_text(chat, after) or "待审核 5 条" in last_text(chat, after)
    assert "🔒" in last_text(chat, await chat.send(COURIER, "/pending"))


async def test_a_decision_before_the_card_left_sends_one_card_as_it_is_now(chat: Chat) -> None:
    """The card still waits in the outbox when the entry is approved from /pending: it is replaced where it
    waits and goes out once, decided, with no buttons left to press and no edit after it."""
    summary = await fill_in(chat, COURIER)
    await chat.press(COURIER, button(summary, "确认提交"))  # the card is queued, not yet sent
    await chat.press(ADMIN, "apv:ok:1:0")
    to_admins = [call for call in await chat.deliver() if call.chat_id == ADMIN_CHAT_ID]
    assert [call.method for call in to_admins] == ["sendMessage"]
    assert "已通过（审核人：管理员）" in to_admins[0].plain_text and not to_admins[0].buttons


async def test_a_card_that_met_a_bad_gateway_is_sent_again(chat: Chat) -> None:
    chat.request.faults[ADMIN_CHAT_ID] = [NetworkError("Bad Gateway")]
    summary = await fill_in(chat, COURIER)
    await chat.press(COURIER, button(summary, "确认提交"))
    cards = [call for call in await chat.deliver() if call.chat_id == ADMIN_CHAT_ID]
    assert len(cards) == 2 and all("刘凤叶" in call.plain_text for call in cards)  # refused, then sent
    notifier = chat.application.bot_data.notifier
    assert await notifier.admin_message("volunteer-card:1") == (ADMIN_CHAT_ID, cards[1].result["message_id"])


# --- station check-in -----------------------------------------------------------------------------------


async def _checkin_link(chat: Chat, day: date) -> str:
    secret = await chat.application.bot_data.store.volunteer.checkin_secret()
    return f"/start {checkin_payload(secret, STATION, day)}"


async def test_checkin_and_checkout_file_the_hours_with_the_station(
    chat: Chat, clock: time_machine.Coordinates
) -> None:
    calls = await chat.send(COURIER, await _checkin_link(chat, NOW.date()))
    assert "已在" in last_text(chat, calls) and "签到" in last_text(chat, calls)
    assert "你好" not in " ".join(chat.texts(calls))  # the check-in answers, not the welcome
    clock.shift(timedelta(minutes=20))
    assert "满半小时" in last_text(chat, await chat.send(COURIER, "/checkout"))
    clock.shift(timedelta(minutes=140))
    calls = await chat.send(COURIER, "/checkout") + await chat.deliver()
    answer = next(call.plain_text for call in calls if call.chat_id == 101)
    assert "已签退" in answer and "2.5 小时" in answer
    entry = await chat.application.bot_data.store.volunteer.get(1)
    assert (
        entry is not None
        and entry.station_id == STATION
        and entry.source == "checkin"
        and entry.minutes == 150
    )
    assert [call for call in calls if call.chat_id == ADMIN_CHAT_ID]
    assert "还没有签到" in last_text(chat, await chat.send(COURIER, "/checkout"))


async def test_yesterdays_or_forged_codes_are_refused(chat: Chat) -> None:
    for text in [
        await _checkin_link(chat, NOW.date() - timedelta(days=1)),
        f"/start checkin_{STATION}_AAAAAAAA",
        "/start checkin_no-such-station_AAAAAAAA",
    ]:
        assert "无效或已过期" in last_text(chat, await chat.send(COURIER, text))
    assert await chat.application.bot_data.store.volunteer.checkin_session(101) is None


# --- started from free text, and typed times --------------------------------------------------------------


async def test_a_volunteer_message_starts_the_form_with_day_and_hours_filled_in(chat: Chat) -> None:
    calls = await chat.send(COURIER, "我今天在驿站做了两个半小时志愿服务")
    assert chat.texts(calls)[0] == "📝 已记下：今天，2.5 小时。"
    assert "第 1 步" in last_text(chat, calls)
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    assert "几点开始" in last_text(chat, calls)  # the day was given
    calls = await chat.press(COURIER, button(calls, "14:00"))
    assert "在哪儿服务" in last_text(chat, calls)  # and so were the hours
    calls = await chat.send(COURIER, "上城区新就业群体党群服务中心")
    calls = await chat.press(COURIER, button(calls, "上城区新就业群体"))
    summary = await chat.press(COURIER, button(calls, "跳过"))
    assert "14:00–16:30" in last_text(chat, summary)


async def test_a_typed_two_oclock_is_the_afternoon_and_is_said_back(chat: Chat) -> None:
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    calls = await chat.press(COURIER, button(calls, "今天"))
    calls = await chat.send(COURIER, "2点")
    assert chat.texts(calls)[0] == "🕑 记为下午 2:00。"
    calls = await chat.press(COURIER, button(calls, "1.5 小时"))
    calls = await chat.send(COURIER, "上城区新就业群体党群服务中心")
    calls = await chat.press(COURIER, button(calls, "上城区新就业群体"))
    summary = await chat.press(COURIER, button(calls, "跳过"))
    assert "14:00–15:30" in last_text(chat, summary)


async def test_erasure_in_the_middle_of_the_form_ends_it(chat: Chat) -> None:
    """/deleteme while /volunteer waits for a start time: the erased draft must not leave a form behind
    that breaks on the next press."""
    calls = await chat.send(COURIER, "/volunteer")
    calls = await chat.press(COURIER, button(calls, "驿站值守"))
    at_start = await chat.press(COURIER, button(calls, "今天"))
    [question] = [call for call in await chat.send(COURIER, "/deleteme") if call.buttons]
    yes = next(b["callback_data"] for b in question.buttons if b["text"] == "🗑 确认删除")
    await chat.press(COURIER, yes)
    replies = await chat.press(COURIER, button(at_start, "14:00"))
    assert "answerCallbackQuery" in [call.method for call in replies]
    assert not [call for call in replies if call.method == "sendMessage"]  # no apology for a crash
    assert await entry_count(chat) == 0


async def test_thirty_check_outs_do_not_wait_for_the_admin_chat(
    chat: Chat, clock: time_machine.Coordinates
) -> None:
    """The admin group takes about 20 messages a minute; its cards wait in the outbox, the couriers don't."""
    couriers = [user(300 + number, f"骑手{number}", "zh-hans") for number in range(30)]
    for courier in couriers:
        await chat.send(courier, await _checkin_link(chat, NOW.date()))
    clock.shift(timedelta(hours=1))
    chat.request.held[ADMIN_CHAT_ID] = asyncio.Event()
    sending = asyncio.create_task(chat.deliver())  # the sender, running beside the handlers
    for courier in couriers:
        calls = await chat.send(courier, "/checkout")
        assert any("已签退" in call.plain_text for call in calls if call.chat_id == courier["id"])
    assert not chat.request.to_chat(ADMIN_CHAT_ID)
    chat.request.held[ADMIN_CHAT_ID].set()
    await sending
    await chat.deliver()
    cards = [call for call in chat.request.to_chat(ADMIN_CHAT_ID) if call.buttons]
    assert len(cards) == 30
