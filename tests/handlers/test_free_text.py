"""Free text through real dispatch: each text reaches the feature it asks for (bot/intent.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.handlers.conftest import Chat
from tests.support.updates import user

HANGZHOU = ZoneInfo("Asia/Shanghai")
COURIER = user(301, "小李", "zh-hans")
LOCATION_BUTTON = {"text": "📍 发送位置", "request_location": True}


@pytest.fixture(autouse=True)
def wednesday_afternoon() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 15, 0, tzinfo=HANGZHOU), tick=False):
        yield


async def test_nearest_station_without_a_location_asks_for_it(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "最近的驿站")
    assert "没找到" not in answer.plain_text
    assert "发送位置" in answer.plain_text and answer.buttons[0] == LOCATION_BUTTON


async def test_nearest_station_after_a_shared_location_lists_stations(chat: Chat) -> None:
    target = chat.application.bot_data.catalogue.by_id["shangcheng-djzx"]
    await chat.send(COURIER, location={"latitude": target.lat, "longitude": target.lon})
    replies = await chat.send(COURIER, "最近的驿站")
    assert replies[0].plain_text.startswith("📍 离你最近的驿站")
    assert any(call.method == "sendVenue" for call in replies)


async def test_a_service_question_filters_the_answer(chat: Chat) -> None:
    target = chat.application.bot_data.catalogue.by_id["shangcheng-djzx"]
    await chat.send(COURIER, location={"latitude": target.lat, "longitude": target.lon})
    replies = await chat.send(COURIER, "哪里能充电")
    assert "充电" in replies[0].plain_text.split("\n\n")[0]
    [chosen] = [button["text"] for button in replies[0].buttons if str(button["text"]).startswith("✅")]
    assert "充电" in chosen


async def test_a_place_with_the_word_station_searches_from_that_place(chat: Chat) -> None:
    replies = await chat.send(COURIER, "武林广场附近的驿站")
    assert replies[0].plain_text.startswith("📍 “武林广场")


async def test_a_real_place_name_still_finds_stations(chat: Chat) -> None:
    replies = await chat.send(COURIER, "灵隐寺")
    assert replies[0].plain_text.startswith("📍 “灵隐寺")
    assert any(call.method == "sendVenue" for call in replies)


async def test_points_shows_the_balance(chat: Chat) -> None:
    replies = await chat.send(COURIER, "积分")
    assert "暖新积分" in replies[0].plain_text and "没找到" not in replies[0].plain_text


async def test_a_greeting_is_answered_in_kind(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "你好")
    assert answer.plain_text.startswith("👋 小李，你好")
    assert answer.buttons == [LOCATION_BUTTON]


@pytest.mark.parametrize("typed", ["2", "123", "asdf", "我今天跑了三十单累死了" * 5])
async def test_text_that_asks_for_nothing_gets_the_menu_not_place_not_found(chat: Chat, typed: str) -> None:
    [answer] = await chat.send(COURIER, typed)
    assert "没找到" not in answer.plain_text
    assert "最近的驿站" in answer.plain_text and "/help" in answer.plain_text
    assert answer.buttons == [LOCATION_BUTTON]


async def test_help_and_heat_by_their_words(chat: Chat) -> None:
    [help_answer] = await chat.send(COURIER, "这个怎么用啊")
    assert "/nearest" in help_answer.plain_text
    heat_answer = (await chat.send(COURIER, "热死了"))[0]
    assert heat_answer.plain_text == (await chat.send(COURIER, "/heat"))[0].plain_text


async def test_report_tells_a_courier_how_to_become_an_observer(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "我要举报")
    assert answer.plain_text == (await chat.send(COURIER, "/report"))[0].plain_text
