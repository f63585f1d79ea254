"""/station for station staff: the panel, the live status in two taps, the QR code, and the scope (staff
of one station act on nothing at another); the courier's nearest answer shows what they set."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.handlers.station import (
    CloseAsk,
    CloseReason,
    CloseUntil,
    GiftPackHandOut,
    GiftPacksAsk,
    StatusTap,
)
from bot.handlers.volunteer import Approve, Reject
from bot.station_status import Change, ClosedReason
from bot.users import Role
from bot.volunteer import NewEntry, checkin_payload, interval_for
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.recording import Call, RecordedWeChatCodes
from tests.support.updates import user

HANGZHOU = ZoneInfo("Asia/Shanghai")
HOME, OTHER = "sijiqing-djzx", "wulin-square"
STAFF = user(301, "陈站长", "zh-hans")
COURIER = user(101, "刘凤叶", "zh-hans")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")


@pytest.fixture(autouse=True)
def wednesday_afternoon() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(datetime(2026, 7, 15, 14, 5, tzinfo=HANGZHOU), tick=False) as clock:
        yield clock


@pytest.fixture
async def staffed(chat: Chat) -> Chat:
    for person in (STAFF, COURIER, ADMIN):
        await chat.send(person, "/start")
    await chat.send(ADMIN, f"/appoint 301 staff {HOME}")
    return chat


def panel(calls: list[Call]) -> Call:
    return next(call for call in calls if call.method in ("sendMessage", "editMessageText") and call.buttons)


async def nearest_to(chat: Chat, station_id: str) -> str:
    station = chat.application.bot_data.catalogue.by_id[station_id]
    replies = await chat.send(COURIER, location={"latitude": station.lat, "longitude": station.lon})
    return replies[0].plain_text


async def test_station_shows_the_panel_and_the_check_in_qr_code(staffed: Chat) -> None:
    replies = await staffed.send(STAFF, "/station")
    shown = panel(replies)
    assert "四季青" in shown.plain_text and "今天签到 0 人" in shown.plain_text
    assert "实时状态：未知" in shown.plain_text
    [photo] = [call for call in replies if call.method == "sendPhoto"]  # Telegram's alone: one code
    assert f"start=checkin_{HOME}_" in photo.params["caption"] and "用 Telegram 扫码" in photo.plain_text


async def test_with_both_channels_the_panel_offers_a_code_for_each_app(staffed: Chat) -> None:
    """A courier scans with whichever app they use: Telegram's deep link and WeChat's parametric code,
    each captioned for its app, the WeChat one valid until the code changes at midnight."""
    resources = staffed.application.bot_data
    wechat = RecordedWeChatCodes()
    resources.start_links = (*resources.start_links, wechat)
    replies = await staffed.send(STAFF, "/station")
    telegram_code, wechat_code = [call for call in replies if call.method == "sendPhoto"]
    assert f"start=checkin_{HOME}_" in telegram_code.plain_text and "Telegram" in telegram_code.plain_text
    assert "用微信扫一扫" in wechat_code.plain_text and "t.me" not in wechat_code.plain_text
    assert "四季青街道新就业群体党群服务中心 今天的签到二维码" in wechat_code.plain_text
    [(payload, valid_until)] = wechat.asked
    assert payload.startswith(f"checkin_{HOME}_") and len(payload) <= 64
    assert valid_until == datetime(2026, 7, 16, 0, 0, tzinfo=HANGZHOU)
    assert telegram_code.files != wechat_code.files  # two different pictures


async def test_two_taps_set_a_fact_that_the_nearest_answer_shows_with_its_time(staffed: Chat) -> None:
    await staffed.send(STAFF, "/station")
    replies = await staffed.press(STAFF, StatusTap(HOME, Change.WATER_NO).pack())
    assert "暂时没水" in panel(replies).plain_text
    answer = await nearest_to(staffed, HOME)
    assert "🚱 暂时没水（更新于 14:05 · 四季青街道新就业群体党群服务中心）" in answer


async def test_closed_until_a_time_is_not_open_now_and_says_until_when(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    await staffed.send(STAFF, "/station")
    await staffed.press(STAFF, CloseAsk(HOME).pack())
    choices = await staffed.press(STAFF, CloseReason(HOME, ClosedReason.EVENT).pack())
    assert "1 小时（15:05）" in [button["text"] for button in choices[-1].buttons]
    await staffed.press(STAFF, CloseUntil(HOME, ClosedReason.EVENT, 1).pack())
    answer = await nearest_to(staffed, HOME)
    assert "⛔ 暂停开放：活动中，预计 15:05 恢复" in answer
    assert not answer.split("\n\n")[1].startswith("1. 四季青")  # an open station comes first
    wednesday_afternoon.move_to(datetime(2026, 7, 15, 15, 10, tzinfo=HANGZHOU))
    assert answer != await nearest_to(staffed, HOME)  # the closure is over: open by its hours again


async def test_a_status_older_than_its_validity_is_unknown(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    await staffed.press(STAFF, StatusTap(HOME, Change.CROWDED_YES).pack())
    wednesday_afternoon.move_to(datetime(2026, 7, 16, 2, 10, tzinfo=HANGZHOU))  # 12 h 5 min later
    answer = await nearest_to(staffed, HOME)
    assert "人多" not in answer and "实时状态：未知（超过 12 小时没有更新）" in answer


async def test_gift_packs_are_typed_as_a_number(staffed: Chat) -> None:
    await staffed.press(STAFF, GiftPacksAsk(HOME).pack())
    assert "请发一个 0 到" in staffed.texts(await staffed.send(STAFF, "很多"))[0]
    replies = await staffed.send(STAFF, "12")
    assert "礼包剩 12 份" in panel(replies).plain_text


def hand_out_button(call: Call) -> str | None:
    return next((str(b["callback_data"]) for b in call.buttons if b["text"] == "🎁 发出 1 份"), None)


async def test_each_gift_pack_handed_out_lowers_the_count_until_the_button_goes(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    shown = panel(await staffed.send(STAFF, "/station"))
    assert hand_out_button(shown) is None  # no count known yet: nothing to lower
    await staffed.press(STAFF, GiftPacksAsk(HOME).pack())
    shown = panel(await staffed.send(STAFF, "2"))
    button = hand_out_button(shown)
    assert button == GiftPackHandOut(HOME).pack()
    wednesday_afternoon.move_to(datetime(2026, 7, 15, 14, 30, tzinfo=HANGZHOU))
    replies = await staffed.press(STAFF, button, shown.result["message_id"])
    assert replies[0].params["text"] == "已记下：发出 1 份礼包。"
    shown = panel(replies)
    assert "礼包剩 1 份（更新于 14:30" in shown.plain_text and hand_out_button(shown) == button
    shown = panel(await staffed.press(STAFF, button, shown.result["message_id"]))
    assert "礼包剩 0 份" in shown.plain_text and hand_out_button(shown) is None
    assert "礼包剩 0 份" in await nearest_to(staffed, HOME)


async def test_a_late_tap_on_the_last_gift_pack_takes_none_and_edits_nothing(staffed: Chat) -> None:
    """Two staff tap the last one: the second is told none are left, and its panel (already showing 0
    after its refresh) is not edited again."""
    await staffed.press(STAFF, GiftPacksAsk(HOME).pack())
    shown = panel(await staffed.send(STAFF, "1"))
    button = hand_out_button(shown)
    assert button is not None
    await staffed.press(STAFF, button, shown.result["message_id"])
    late = await staffed.press(STAFF, button, shown.result["message_id"])
    assert late[0].params["text"].startswith("礼包已经发完了")
    assert [call.method for call in late] == ["answerCallbackQuery"]
    store = staffed.application.bot_data.store
    status = await store.stations.status(HOME)
    assert status is not None and status.gift_packs == 0


async def test_a_stale_count_is_not_handed_out(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    await staffed.press(STAFF, GiftPacksAsk(HOME).pack())
    await staffed.send(STAFF, "5")
    wednesday_afternoon.move_to(datetime(2026, 7, 16, 2, 10, tzinfo=HANGZHOU))  # 12 h 5 min later
    assert hand_out_button(panel(await staffed.send(STAFF, "/station"))) is None
    late = await staffed.press(STAFF, GiftPackHandOut(HOME).pack())
    assert late[0].params["text"].startswith("礼包已经发完了")
    status = await staffed.application.bot_data.store.stations.status(HOME)
    assert status is not None and status.gift_packs == 5


async def test_staff_of_another_station_cannot_hand_out_its_gift_packs(staffed: Chat) -> None:
    await staffed.send(ADMIN, f"/station {OTHER}")
    await staffed.press(ADMIN, GiftPacksAsk(OTHER).pack())
    await staffed.send(ADMIN, "3")
    replies = await staffed.press(STAFF, GiftPackHandOut(OTHER).pack())
    assert [(call.method, call.params.get("show_alert")) for call in replies] == [
        ("answerCallbackQuery", True)
    ]
    assert "不是你负责的驿站" in replies[0].params["text"]
    status = await staffed.application.bot_data.store.stations.status(OTHER)
    assert status is not None and status.gift_packs == 3
    refused = await staffed.press(COURIER, GiftPackHandOut(OTHER).pack())
    assert "驿站工作人员" in refused[0].params["text"]


@pytest.mark.parametrize(
    "data",
    [
        StatusTap(OTHER, Change.OPEN).pack(),
        CloseAsk(OTHER).pack(),
        CloseUntil(OTHER, ClosedReason.AWAY, 3).pack(),
        GiftPacksAsk(OTHER).pack(),
        GiftPackHandOut(OTHER).pack(),
    ],
)
async def test_staff_of_one_station_change_nothing_at_another(staffed: Chat, data: str) -> None:
    replies = await staffed.press(STAFF, data)
    assert [(call.method, call.params.get("show_alert")) for call in replies] == [
        ("answerCallbackQuery", True)
    ]
    assert "不是你负责的驿站" in replies[0].params["text"]
    assert await staffed.application.bot_data.store.stations.status(OTHER) is None
    assert "不是你负责的驿站" in staffed.texts(await staffed.send(STAFF, f"/station {OTHER}"))[0]


async def test_couriers_cannot_use_station_and_admins_open_any(staffed: Chat) -> None:
    refusal = staffed.texts(await staffed.send(COURIER, "/station"))[0]
    assert "驿站工作人员" in refusal
    assert "用法" in staffed.texts(await staffed.send(ADMIN, "/station"))[0]
    assert "武林" in panel(await staffed.send(ADMIN, f"/station {OTHER}")).plain_text
    profile = await staffed.application.bot_data.store.users.get(ADMIN_ID)
    assert profile is not None and Role.STAFF not in profile.stored_roles  # admins are not made staff


async def _hours_at(chat: Chat, station_id: str, start: time) -> int:
    zone = chat.application.bot_data.settings.tzinfo
    new = NewEntry(
        user_id=COURIER["id"],
        activity="station_duty",
        description=None,
        interval=interval_for(date(2026, 7, 15), start, 60, zone),
        points_per_hour=10,
        station_id=station_id,
        place=None,
        photo_file_id=None,
        source="form",
        submission_key=f"test:{station_id}",
    )
    entry, _ = await chat.application.bot_data.store.volunteer.submit(new, datetime.now(zone), zone)
    return entry.id


async def test_staff_see_and_approve_only_the_hours_served_at_their_station(staffed: Chat) -> None:
    home = await _hours_at(staffed, HOME, time(9))
    other = await _hours_at(staffed, OTHER, time(11))
    listing = staffed.texts(await staffed.send(STAFF, "/pending"))[0]
    assert f"#{home}" in listing and f"#{other}" not in listing
    refused = await staffed.press(STAFF, Approve(other).pack())
    assert "不是你负责的驿站" in refused[0].params["text"]
    assert "不是你负责的驿站" in (await staffed.press(STAFF, Reject(other).pack()))[0].params["text"]
    await staffed.press(STAFF, Approve(home).pack())
    store = staffed.application.bot_data.store
    assert (await store.volunteer.get(home)).status == "approved"  # type: ignore[union-attr]
    assert (await store.volunteer.get(other)).status == "pending"  # type: ignore[union-attr]
    assert f"#{other}" in staffed.texts(await staffed.send(ADMIN, "/pending"))[0]  # admins see all


async def _staff_told_of_two_hours_at(
    chat: Chat, clock: time_machine.Coordinates, station_id: str
) -> list[Call]:
    """The courier checks in at the station and out two hours later: what the outbox brings the staff."""
    secret = await chat.application.bot_data.store.volunteer.checkin_secret()
    await chat.deliver()  # the staff's appointment
    await chat.send(COURIER, f"/start {checkin_payload(secret, station_id, date(2026, 7, 15))}")
    clock.shift(timedelta(hours=2))
    await chat.send(COURIER, "/checkout")
    return [call for call in await chat.deliver() if call.chat_id == STAFF["id"]]


async def test_staff_are_told_of_hours_checked_out_at_their_station_and_approve_them(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    [card] = await _staff_told_of_two_hours_at(staffed, wednesday_afternoon, HOME)
    assert "刘凤叶" in card.plain_text and card.buttons
    approve = next(str(button["callback_data"]) for button in card.buttons if "通过" in str(button["text"]))
    await staffed.press(STAFF, approve, card.result["message_id"])
    store = staffed.application.bot_data.store
    [row] = await store.db.fetchall("SELECT id FROM volunteer_entries")
    entry = await store.volunteer.get(row["id"])
    assert entry is not None and entry.status == "approved"


async def test_staff_are_not_told_of_hours_served_elsewhere(
    staffed: Chat, wednesday_afternoon: time_machine.Coordinates
) -> None:
    assert await _staff_told_of_two_hours_at(staffed, wednesday_afternoon, OTHER) == []
