"""Nearest station through real dispatch: a shared location, pages, filters, pins, live locations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.geo import Datum, from_wgs84
from tests.handlers.conftest import Chat
from tests.support.updates import user

HANGZHOU = ZoneInfo("Asia/Shanghai")
COURIER = user(201, "小王", "zh-hans")
ENGLISH = user(202, "Sam", "en")


def location(lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    return {"location": {"latitude": lat, "longitude": lon, **extra}}


@pytest.fixture(autouse=True)
def wednesday_afternoon() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 15, 0, tzinfo=HANGZHOU), tick=False):
        yield


def station(chat: Chat, station_id: str) -> Any:
    return chat.application.bot_data.catalogue.by_id[station_id]


async def test_at_a_station_door_that_station_comes_first_with_its_pin(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    replies = await chat.send(COURIER, **location(target.lat + 0.0002, target.lon))  # about 22 m north
    listing, venue = replies[0], next(call for call in replies if call.method == "sendVenue")
    first = listing.plain_text.split("\n\n")[1]
    assert first.startswith("1. 上城区新就业群体党群服务中心")
    assert "📏 20 米" in first
    assert "🟢 营业中，20:00 关门" in first
    assert venue.params["latitude"] == pytest.approx(target.lat) and venue.params[
        "longitude"
    ] == pytest.approx(target.lon)


async def test_every_station_is_its_own_nearest_and_first_while_open(chat: Chat) -> None:
    now = datetime(2026, 7, 15, 15, 0, tzinfo=HANGZHOU)
    for each in chat.application.bot_data.catalogue:
        replies = await chat.send(COURIER, **location(each.lat, each.lon))
        items = replies[0].plain_text.split("\n\n")[1:4]
        if each.status_at(now).is_open:
            assert each.name.zh in items[0]
        else:  # an open station leads; the closed one at the courier's feet comes right after
            assert "🟢" in items[0] and each.name.zh in items[1]


async def test_the_answer_has_three_stations_route_buttons_paging_and_filters(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    listing = (await chat.send(COURIER, **location(target.lat, target.lon)))[0]
    assert listing.plain_text.count("🛵") == 3
    labels = [button["text"] for button in listing.buttons]
    assert labels[:3] == ["📍1 导航", "📍2 导航", "📍3 导航"]
    assert "下一组 ▶" in labels and "✅ 全部" in labels and "🔌 充电" in labels
    assert "图标：" in listing.plain_text


async def test_navigation_links_are_each_in_their_own_datum(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    venue = next(
        c for c in await chat.send(COURIER, **location(target.lat, target.lon)) if c.method == "sendVenue"
    )
    amap, baidu = (button["url"] for button in venue.buttons)
    glat, glon = from_wgs84(target.lat, target.lon, Datum.GCJ02)
    blat, blon = from_wgs84(target.lat, target.lon, Datum.BD09)
    assert f"position={glon:.6f},{glat:.6f}" in amap and "coordinate=gaode" in amap
    assert f"location={blat:.6f},{blon:.6f}" in baidu and "coord_type=bd09ll" in baidu


async def test_the_next_page_edits_the_list_in_place(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    listing = (await chat.send(COURIER, **location(target.lat, target.lon)))[0]
    next_data = next(b["callback_data"] for b in listing.buttons if b["text"] == "下一组 ▶")
    replies = await chat.press(COURIER, next_data)
    edit = next(call for call in replies if call.method == "editMessageText")
    assert "第 2 组" in edit.plain_text and "\n4. " in edit.plain_text
    assert "◀ 最近的" in [button["text"] for button in edit.buttons]


async def test_a_filter_keeps_only_stations_with_that_service(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    listing = (await chat.send(COURIER, **location(target.lat, target.lon)))[0]
    cooling = next(b["callback_data"] for b in listing.buttons if b["text"] == "❄️ 降温")
    edit = next(c for c in await chat.press(COURIER, cooling) if c.method == "editMessageText")
    assert "只看：❄️ 降温" in edit.plain_text
    assert "✅ ❄️ 降温" in [button["text"] for button in edit.buttons]
    for line in edit.plain_text.splitlines():
        if line.startswith("💧") or line.startswith("🔌"):
            assert "❄️" in line


async def test_the_route_button_sends_that_stations_pin(chat: Chat) -> None:
    replies = await chat.press(COURIER, "nv|sijiqing-djzx")
    venue = next(call for call in replies if call.method == "sendVenue")
    assert venue.params["title"] == "四季青街道新就业群体党群服务中心"


@pytest.mark.parametrize(
    "data", ["nr|x|y|0|all", "nr|91|120|0|all", "nr|30|120|0|spa", "nr|30|120|999|all", "nv|nowhere"]
)
async def test_forged_or_stale_buttons_get_a_friendly_answer(chat: Chat, data: str) -> None:
    replies = await chat.press(COURIER, data)
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    assert replies[0].params.get("text")


async def test_far_away_gets_an_honest_distance(chat: Chat) -> None:
    replies = await chat.send(COURIER, **location(39.9042, 116.4074))  # Beijing
    assert "你离杭州的驿站很远：最近的一家在 1" in replies[0].plain_text
    assert "公里 外" in replies[0].plain_text or "公里外" in replies[0].plain_text
    assert "🚶" not in replies[0].plain_text and "🛵" in replies[0].plain_text  # no 2,497 walking minutes


async def test_the_location_is_stored_and_the_notice_shown_once(chat: Chat) -> None:
    first = await chat.send(COURIER, **location(30.25, 120.17))
    second = await chat.send(COURIER, **location(30.26, 120.17))
    notice = [call for call in first if "/deleteme" in call.plain_text]
    assert notice and "只删位置" in notice[0].plain_text
    assert not any("/deleteme" in call.plain_text for call in second)
    profile = await chat.application.bot_data.store.users.get(201)
    assert profile is not None and profile.last_location == (30.26, 120.17) and profile.last_location_at


async def test_the_location_alone_can_be_dropped_from_the_first_notice(chat: Chat) -> None:
    first = await chat.send(COURIER, **location(30.25, 120.17))
    [forget] = [b for call in first for b in call.buttons if b.get("text") == "🗑 只删位置"]
    answer = await chat.press(COURIER, forget["callback_data"], message_id=first[-1].result["message_id"])
    assert "位置已删除" in chat.texts(answer)[-1] and "账号和积分都还在" in chat.texts(answer)[-1]
    profile = await chat.application.bot_data.store.users.get(201)
    assert profile is not None and profile.last_location is None and profile.last_location_at is None


async def test_nearest_asks_for_a_location_with_a_one_tap_button(chat: Chat) -> None:
    ask = (await chat.send(COURIER, "/nearest"))[0]
    assert "发送位置" in ask.plain_text
    assert ask.buttons == [{"text": "📍 发送位置", "request_location": True}]


async def test_nearest_reuses_a_fresh_location(chat: Chat) -> None:
    await chat.send(COURIER, **location(30.25, 120.17))
    replies = await chat.send(COURIER, "/nearest")
    assert "离你最近的驿站" in replies[0].plain_text


async def test_nearest_asks_again_when_the_location_is_old(chat: Chat) -> None:
    await chat.send(COURIER, **location(30.25, 120.17))
    with time_machine.travel(datetime(2026, 7, 15, 16, 0, tzinfo=HANGZHOU), tick=False):
        replies = await chat.send(COURIER, "/nearest")
    assert "点下面的“发送位置”" in replies[0].plain_text


async def test_the_nearest_open_station_leads_and_the_closer_closed_one_says_when_it_opens(
    chat: Chat,
) -> None:
    target = station(chat, "shangcheng-djzx")  # sat-sun 09:00-18:00, mon-fri 08:00-20:00
    with time_machine.travel(datetime(2026, 7, 19, 21, 0, tzinfo=HANGZHOU), tick=False):  # a Sunday night
        replies = await chat.send(COURIER, **location(target.lat, target.lon))
    first, second = replies[0].plain_text.split("\n\n")[1:3]
    assert "🟢" in first and "公里" in first  # open now, with its distance
    assert second.startswith("2. 上城区新就业群体党群服务中心") and "🔴 已关门，明天 08:00 开门" in second
    [venue] = [call for call in replies if call.method == "sendVenue"]
    assert venue.params["title"] != target.name.zh  # the pin is the open station's


async def test_early_in_the_morning_at_west_lake_the_pin_is_an_open_station(chat: Chat) -> None:
    with time_machine.travel(datetime(2026, 7, 15, 6, 10, tzinfo=HANGZHOU), tick=False):
        replies = await chat.send(COURIER, "西湖")
    first = replies[0].plain_text.split("\n\n")[1]
    assert "🟢" in first
    [venue] = [call for call in replies if call.method == "sendVenue"]
    assert venue.params["title"] in first


async def test_english_answer(chat: Chat) -> None:
    target = station(chat, "shangcheng-djzx")
    replies = await chat.send(ENGLISH, **location(target.lat, target.lon))
    assert "Stations nearest to you" in replies[0].plain_text
    assert "Open, closes at 20:00" in replies[0].plain_text


async def test_a_live_location_answers_again_only_when_the_nearest_changes(chat: Chat) -> None:
    a, b = station(chat, "shangcheng-djzx"), station(chat, "sijiqing-djzx")
    sent = await chat.send(COURIER, **location(a.lat, a.lon, live_period=900))
    message_id = 5000

    def moved(lat: float, lon: float) -> dict[str, Any]:
        body = {
            "message_id": message_id,
            "date": 0,
            "edit_date": 1,
            "chat": {"id": 201, "type": "private"},
            "from": COURIER,
            **location(lat, lon, live_period=900),
        }
        return {"update_id": 900000 + int(lat * 1000), "edited_message": body}

    assert sent
    assert await chat.process(moved(a.lat + 0.0001, a.lon)) == []
    replies = await chat.process(moved(b.lat, b.lon))
    assert "四季青" in replies[0].plain_text.split("\n\n")[1]


@pytest.mark.parametrize(
    ("typed", "heading"),
    [("杭州东站", "“杭州东站"), ("武林广场附近", "“武林广场"), ("杭州東站", "“杭州东站")],
)
async def test_a_typed_place_finds_the_stations_near_it(chat: Chat, typed: str, heading: str) -> None:
    replies = await chat.send(COURIER, typed)
    assert replies[0].plain_text.startswith(f"📍 {heading}")
    assert replies[0].plain_text.count("🛵") == 3
    assert any(call.method == "sendVenue" for call in replies)


async def test_a_typed_place_does_not_store_a_location(chat: Chat) -> None:
    await chat.send(COURIER, "杭州东站")
    profile = await chat.application.bot_data.store.users.get(201)
    assert profile is not None and profile.last_location is None
