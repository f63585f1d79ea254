"""民情观察员 reports as observers and admins see them: the /report steps, "+1", the urgent lane, triage,
notices in zh and en, the follow-up question, /reports, /myreports, /export, and every role check."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.error import TimedOut

from bot.config import Settings
from bot.reports import Status, followup_job_id
from bot.users import Role
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat, running
from tests.support.recording import Call, plain
from tests.support.updates import callback, message, user

pytestmark = pytest.mark.usefixtures("quick_fingers")

OBSERVER = user(201, "刘凤叶", "zh-hans", username="liufengye")
ENGLISH_OBSERVER = user(202, "Alex", "en-GB")
COURIER = user(101, "小王", "zh-hans")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
NEAR_STATION = (30.2500, 120.1700)
ABOUT_220_M_NORTH = (30.2520, 120.1700)
ABOUT_1_KM_NORTH = (30.2590, 120.1700)
HEAT_TEXT = "驿站门口没有遮阳棚,中午排队等单太晒了"
_group_message_ids = itertools.count(50_000)


@pytest.fixture
def chat(chat: Chat) -> Chat:
    """The admin chat is followed step by step here: each update's calls include what the outbox sent."""
    chat.delivers_each_update = True
    return chat


async def make_observer(chat: Chat, sender: dict[str, Any]) -> None:
    await chat.send(sender, "/start")
    await chat.application.bot_data.store.users.grant_role(sender["id"], Role.OBSERVER, ADMIN_ID)


async def admin_press(chat: Chat, data: str, message_id: int = 1) -> list[Call]:
    """A button pressed on a card in the admin group, and the notices it sent to others."""
    update = callback(ADMIN, data, message_id)
    update["callback_query"]["message"]["chat"] = {
        "id": ADMIN_CHAT_ID,
        "type": "supergroup",
        "title": "管理员",
    }
    return await chat.process(update) + await chat.deliver()


async def admin_says(chat: Chat, text: str) -> list[Call]:
    update = message(ADMIN, text)
    update["message"]["chat"] = {"id": ADMIN_CHAT_ID, "type": "supergroup", "title": "管理员"}
    update["message"]["message_id"] = next(_group_message_ids)
    return await chat.process(update) + await chat.deliver()


async def file_report(
    chat: Chat,
    sender: dict[str, Any],
    *,
    category: str = "heat",
    description: str = HEAT_TEXT,
    location: tuple[float, float] | None = NEAR_STATION,
    anonymous: bool = False,
) -> list[Call]:
    calls = await chat.send(sender, "/report")
    calls += await chat.press(sender, f"rep:cat:{category}")
    calls += await chat.send(sender, description)
    if "rep:photos-done" in buttons(calls[-1:]):
        calls += await chat.press(sender, "rep:photos-done")
    if location is None:
        calls += await chat.send(sender, "跳过" if sender["language_code"].startswith("zh") else "Skip")
    else:
        calls += await chat.send(sender, location={"latitude": location[0], "longitude": location[1]})
    if "rep:new" in buttons(calls):
        calls += await chat.press(sender, "rep:new")
    calls += await chat.press(sender, f"rep:anon:{'yes' if anonymous else 'no'}")
    calls += await chat.press(sender, "rep:confirm")
    return calls


def buttons(calls: list[Call]) -> list[str]:
    return [button.get("callback_data", button.get("text")) for call in calls for button in call.buttons]


def in_form(texts: list[str]) -> bool:
    return any("步,共" in text or "清楚" in text for text in texts)


def to_chat(calls: list[Call], chat_id: int) -> list[str]:
    return [call.plain_text for call in calls if call.chat_id == chat_id and call.text]


async def report_count(chat: Chat) -> int:
    return int(await chat.application.bot_data.store.db.fetchvalue("SELECT COUNT(*) FROM reports"))


async def event_count(chat: Chat) -> int:
    return int(await chat.application.bot_data.store.db.fetchvalue("SELECT COUNT(*) FROM report_events"))


def year() -> int:
    return datetime.now(ZoneInfo("Asia/Shanghai")).year


# --- /report --------------------------------------------------------------------------------------------


async def test_a_courier_gets_a_kind_answer_and_no_form(chat: Chat) -> None:
    replies = await chat.send(COURIER, "/report")
    text = chat.texts(replies)[0]
    assert "民情观察员" in text and "政策咨询台" in text and "/nearest" in text
    assert not in_form(chat.texts(await chat.send(COURIER, HEAT_TEXT)))  # no conversation was started
    assert await report_count(chat) == 0


async def test_an_observer_files_a_report_step_by_step(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    steps = chat.texts(await chat.send(OBSERVER, "/report"))
    assert "第 1 步，共 6 步" in steps[0]
    steps = chat.texts(await chat.press(OBSERVER, "rep:cat:heat"))
    assert "类别：🌡 高温防暑" in steps[0] and "第 2 步，共 6 步" in steps[-1]
    steps = chat.texts(await chat.send(OBSERVER, HEAT_TEXT))
    assert "第 3 步，共 6 步" in steps[-1]
    await chat.send(
        OBSERVER, photo=[{"file_id": "photo-1", "file_unique_id": "u1", "width": 90, "height": 90}]
    )
    steps = chat.texts(await chat.press(OBSERVER, "rep:photos-done"))
    assert "第 4 步，共 6 步" in steps[-1]
    await chat.send(OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
    steps = chat.texts(chat.request.calls[-1:])
    assert "第 5 步，共 6 步" in steps[-1] and "管理员仍然能看到" in steps[-1]
    summary = chat.texts(await chat.press(OBSERVER, "rep:anon:yes"))[-1]
    assert "第 6 步，共 6 步" in summary and HEAT_TEXT in summary and "照片：1 张" in summary
    replies = await chat.press(OBSERVER, "rep:confirm")
    number = f"MQ-{year()}-000001"
    assert number in to_chat(replies, OBSERVER["id"])[0]
    card = to_chat(replies, ADMIN_CHAT_ID)[0]
    assert number in card and "刘凤叶" in card and "匿名" in card  # admins still see the name
    assert {"tri:ack:1", "tri:fwd:1", "tri:res:1", "tri:dup:1", "tri:na:1"} <= set(buttons(replies))
    methods = [call.method for call in replies if call.chat_id == ADMIN_CHAT_ID]
    assert "sendLocation" in methods and "sendPhoto" in methods
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.anonymous and report.photo_file_ids == ("photo-1",)
    assert (report.lat, report.lon) == NEAR_STATION and report.status is Status.CONFIRMED


async def test_too_short_a_description_is_asked_again(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:housing")
    assert "至少 10 个字" in chat.texts(await chat.send(OBSERVER, "太贵了"))[0]
    assert "第 3 步" in chat.texts(await chat.send(OBSERVER, "城中村的房租一年涨了三成,住不起了"))[-1]


async def test_a_voice_message_is_the_description_and_kept_as_an_attachment(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:childcare")
    replies = await chat.send(OBSERVER, voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 9})
    assert "语音收到了" in chat.texts(replies)[0]
    await chat.press(OBSERVER, "rep:photos-done")
    await chat.send(OBSERVER, "跳过")
    await chat.press(OBSERVER, "rep:anon:no")
    replies = await chat.press(OBSERVER, "rep:confirm")
    assert any(call.method == "sendVoice" and call.chat_id == ADMIN_CHAT_ID for call in replies)
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.voice_file_id == "voice-1" and report.lat is None


async def test_at_most_five_photos_then_the_next_step(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:rest_charging")
    await chat.send(OBSERVER, "驿站的充电柜坏了一个星期了,没人修")
    for index in range(5):
        replies = await chat.send(
            OBSERVER, photo=[{"file_id": f"p{index}", "file_unique_id": f"u{index}", "width": 9, "height": 9}]
        )
    assert "第 4 步" in chat.texts(replies)[-1]
    await chat.send(OBSERVER, "跳过")
    await chat.press(OBSERVER, "rep:anon:no")
    await chat.press(OBSERVER, "rep:confirm")
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and len(report.photo_file_ids) == 5


async def test_a_typed_place_is_found_in_the_gazetteer(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:traffic_safety")
    await chat.send(OBSERVER, "路口红绿灯时间太短,电动车过不去")
    await chat.press(OBSERVER, "rep:photos-done")
    replies = await chat.send(OBSERVER, "武林广场站")
    assert "找到了：武林广场地铁站" in chat.texts(replies)[0]
    await chat.press(OBSERVER, "rep:anon:no")
    await chat.press(OBSERVER, "rep:confirm")
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.lat is not None and report.place is not None


async def test_cancel_keeps_nothing(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:heat")
    assert "已取消" in chat.texts(await chat.send(OBSERVER, "/cancel"))[0]
    assert not in_form(chat.texts(await chat.send(OBSERVER, HEAT_TEXT)))
    assert await report_count(chat) == 0


async def test_a_half_typed_report_survives_a_restart(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    async with running(settings) as chat:
        await make_observer(chat, OBSERVER)
        await chat.send(OBSERVER, "/report")
        await chat.press(OBSERVER, "rep:cat:heat")
        await chat.send(OBSERVER, HEAT_TEXT)
    async with running(settings) as chat:
        resumed = chat.texts(await chat.send(OBSERVER, "/report"))
        assert "第 3 步，共 6 步" in resumed[-1]
        await chat.press(OBSERVER, "rep:photos-done")
        await chat.send(OBSERVER, "跳过")
        await chat.press(OBSERVER, "rep:anon:no")
        assert HEAT_TEXT in chat.texts(chat.request.calls[-1:])[0]
        await chat.press(OBSERVER, "rep:confirm")
        report = await chat.application.bot_data.store.reports.get(1)
        assert report is not None and report.description == HEAT_TEXT


def admin_calls(calls: list[Call]) -> list[Call]:
    return [call for call in calls if call.chat_id == ADMIN_CHAT_ID]


def early_alerts(calls: list[Call]) -> list[Call]:
    return [
        call
        for call in admin_calls(calls)
        if call.method == "sendMessage" and "🚨 紧急预警" in call.plain_text
    ]


def reminders(calls: list[Call], sender: dict[str, Any]) -> list[Call]:
    """The "call 120/110 first" reminder (the filed confirmation repeats the numbers, not the reminder)."""
    return [call for call in calls if call.chat_id == sender["id"] and "请先打电话" in call.plain_text]


def replied_to(call: Call) -> int | None:
    return (call.params.get("reply_parameters") or {}).get("message_id")


async def alert_message_id(chat: Chat, sender: dict[str, Any]) -> int:
    """The early alert's message in the admin chat, found by the name the draft remembers it by."""
    draft = chat.application.user_data[sender["id"]]["report_draft"]
    sent = await chat.application.bot_data.notifier.admin_message(draft["early_alert"]["purpose"])
    assert sent is not None
    return sent[1]


URGENT_TEXT = "骑手在文三路口被车撞了,腿在流血"


async def test_an_emergency_reaches_the_admins_at_once_with_a_pin(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    calls = await chat.press(OBSERVER, "rep:cat:emergency")
    replies = to_chat(calls, OBSERVER["id"])
    assert any("120" in text and "110" in text for text in replies)  # call first
    assert "第 2 步，共 5 步" in replies[-1]
    # The admins hear the moment the category is chosen, with the observer's name (admins always see it).
    [alert] = admin_calls(calls)
    assert "紧急预警" in alert.plain_text and "紧急：中暑 / 受伤 / 车祸" in alert.plain_text
    assert (
        "刘凤叶" in alert.plain_text and "@liufengye" in alert.plain_text and "还没写描述" in alert.plain_text
    )
    alert_id = await alert_message_id(chat, OBSERVER)

    calls = await chat.send(OBSERVER, URGENT_TEXT)
    assert "第 3 步，共 5 步" in to_chat(calls, OBSERVER["id"])[-1]  # no photos in the urgent lane
    [edit] = admin_calls(calls)  # the words typed so far go into the same alert, not a new one
    assert edit.method == "editMessageText" and edit.params["message_id"] == alert_id
    assert URGENT_TEXT in edit.plain_text and not reminders(calls, OBSERVER)  # reminded once is enough

    calls = await chat.send(OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
    [pin] = admin_calls(calls)  # the pin goes out now, not after Confirm
    assert pin.method == "sendLocation" and pin.params["latitude"] == NEAR_STATION[0]
    assert replied_to(pin) == alert_id

    await chat.press(OBSERVER, "rep:anon:no")
    calls = await chat.press(OBSERVER, "rep:confirm")
    assert "120" in to_chat(calls, OBSERVER["id"])[0]
    [card] = admin_calls(calls)  # the pin is not sent a second time
    assert (
        "紧急" in card.plain_text
        and "紧急预警的正式报告" in card.plain_text
        and URGENT_TEXT in card.plain_text
    )
    assert replied_to(card) == alert_id and "tri:ack:1" in buttons([card])


async def test_words_like_heat_stroke_make_any_report_urgent(chat: Chat) -> None:
    await make_observer(chat, ENGLISH_OBSERVER)
    await chat.send(ENGLISH_OBSERVER, "/report")
    assert not admin_calls(await chat.press(ENGLISH_OBSERVER, "rep:cat:heat"))  # not urgent yet
    calls = await chat.send(ENGLISH_OBSERVER, "A rider collapsed, looks like heat stroke")
    replies = to_chat(calls, ENGLISH_OBSERVER["id"])
    assert any("call 120" in text for text in replies)
    assert "Step 3 of 5" in replies[-1]
    [alert] = early_alerts(calls)  # in the admin chat's language
    assert "🌡 高温防暑" in alert.plain_text and "Alex" in alert.plain_text
    assert "A rider collapsed, looks like heat stroke" in alert.plain_text


async def test_an_urgent_word_too_short_for_a_description_alerts_at_once_and_only_once(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:traffic_safety")
    calls = await chat.send(OBSERVER, "车祸!")
    assert "至少 10 个字" in to_chat(calls, OBSERVER["id"])[-1]  # still asked for more words
    assert len(reminders(calls, OBSERVER)) == 1
    [alert] = early_alerts(calls)
    assert "车祸!" in alert.plain_text
    calls = await chat.send(OBSERVER, "车祸!")  # the same words again change nothing
    assert not admin_calls(calls) and not reminders(calls, OBSERVER)
    calls = await chat.send(OBSERVER, URGENT_TEXT)
    assert [call.method for call in admin_calls(calls)] == ["editMessageText"]
    assert not reminders(calls, OBSERVER) and "第 3 步，共 5 步" in to_chat(calls, OBSERVER["id"])[-1]


async def test_a_typed_place_reaches_the_admins_under_the_alert(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:emergency")
    await chat.send(OBSERVER, URGENT_TEXT)
    alert_id = await alert_message_id(chat, OBSERVER)
    [pin] = admin_calls(await chat.send(OBSERVER, "武林广场站"))  # found in the gazetteer: a pin
    assert pin.method == "sendLocation" and replied_to(pin) == alert_id
    await chat.send(OBSERVER, "/cancel")

    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:emergency")
    await chat.send(OBSERVER, URGENT_TEXT)
    [place] = admin_calls(await chat.send(OBSERVER, "小河路菜市场后门那条弄堂"))  # not on the map: as typed
    assert place.method == "sendMessage" and "小河路菜市场后门那条弄堂" in place.plain_text
    assert replied_to(place) == await alert_message_id(chat, OBSERVER)


async def test_cancelling_an_urgent_report_withdraws_the_alert(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:emergency")
    alert_id = await alert_message_id(chat, OBSERVER)
    calls = await chat.send(OBSERVER, "/cancel")
    assert "已取消" in to_chat(calls, OBSERVER["id"])[0]
    [withdrawn] = admin_calls(calls)
    assert "紧急预警已撤回" in withdrawn.plain_text and replied_to(withdrawn) == alert_id
    assert await report_count(chat) == 0
    # A cancelled report that never was urgent troubles nobody.
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:heat")
    assert not admin_calls(await chat.press(OBSERVER, "rep:cancel"))


async def test_revoked_mid_urgent_report_withdraws_the_alert(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.press(OBSERVER, "rep:cat:emergency")
    await chat.application.bot_data.store.users.revoke_role(OBSERVER["id"], Role.OBSERVER)
    calls = await chat.send(OBSERVER, URGENT_TEXT)
    assert any("紧急预警已撤回" in text for text in to_chat(calls, ADMIN_CHAT_ID))
    assert await report_count(chat) == 0


async def test_exactly_one_early_alert_whatever_the_observer_repeats(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    calls = await chat.send(OBSERVER, "/report")
    calls += await chat.press(OBSERVER, "rep:cat:emergency")
    calls += await chat.press(OBSERVER, "rep:cat:emergency")  # a double tap on the old keyboard
    calls += await chat.send(OBSERVER, "有人中暑晕倒了,还受伤了,快来人")  # urgent words on top
    calls += await chat.send(OBSERVER, "/report")  # shows the step again
    calls += await chat.send(OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
    calls += await chat.send(OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
    calls += await chat.send(OBSERVER, "还有人吗")  # stray text at the anonymity step
    calls += await chat.press(OBSERVER, "rep:anon:no")
    calls += await chat.press(OBSERVER, "rep:confirm")
    calls += await chat.press(OBSERVER, "rep:confirm")  # a second tap finds the form gone
    assert len(early_alerts(calls)) == 1 and len(reminders(calls, OBSERVER)) == 1
    assert [call.method for call in admin_calls(calls)] == [
        "sendMessage",  # the alert
        "editMessageText",  # its words
        "sendLocation",  # the pin
        "sendMessage",  # the triage card
    ]
    assert await report_count(chat) == 1


async def test_an_early_alert_survives_a_restart(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    async with running(settings) as chat:
        chat.delivers_each_update = True
        await make_observer(chat, OBSERVER)
        await chat.send(OBSERVER, "/report")
        await chat.press(OBSERVER, "rep:cat:emergency")
        await chat.send(OBSERVER, URGENT_TEXT)
        alert_id = await alert_message_id(chat, OBSERVER)
    async with running(settings) as chat:
        chat.delivers_each_update = True
        resumed = await chat.send(OBSERVER, "/report")
        assert "第 3 步，共 5 步" in chat.texts(resumed)[-1] and not admin_calls(resumed)
        calls = await chat.send(
            OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]}
        )
        [pin] = admin_calls(calls)
        assert pin.method == "sendLocation" and replied_to(pin) == alert_id
        await chat.press(OBSERVER, "rep:anon:yes")
        [card] = admin_calls(await chat.press(OBSERVER, "rep:confirm"))
        assert replied_to(card) == alert_id and "紧急预警的正式报告" in card.plain_text


# --- "+1, me too" ---------------------------------------------------------------------------------------


async def test_a_nearby_open_report_is_offered_and_plus_one_joins_it(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await make_observer(chat, ENGLISH_OBSERVER)
    await file_report(chat, OBSERVER)
    sender = ENGLISH_OBSERVER
    await chat.send(sender, "/report")
    await chat.press(sender, "rep:cat:heat")
    await chat.send(sender, "No shade at the station, we queue in the sun")
    await chat.press(sender, "rep:photos-done")
    replies = await chat.send(
        sender, location={"latitude": ABOUT_220_M_NORTH[0], "longitude": ABOUT_220_M_NORTH[1]}
    )
    offer = chat.texts(replies)[-1]
    assert f"MQ-{year()}-000001" in offer and "about 222 m" in offer
    assert "rep:plus1:1" in buttons(replies) and "rep:new" in buttons(replies)
    replies = await chat.press(sender, "rep:plus1:1")
    assert "2 people" in chat.texts(replies)[0]
    assert any("+1" in text for text in to_chat(replies, ADMIN_CHAT_ID))
    assert await report_count(chat) == 1
    assert await chat.application.bot_data.store.reports.supporter_ids(1) == [ENGLISH_OBSERVER["id"]]


async def test_plus_one_updates_the_count_on_the_admin_card(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await make_observer(chat, ENGLISH_OBSERVER)
    await file_report(chat, OBSERVER)
    await chat.deliver()
    [card] = [call.result["message_id"] for call in chat.request.to_chat(ADMIN_CHAT_ID) if call.buttons]
    assert "+1：0 人" in plain(chat.request.shown(ADMIN_CHAT_ID, card)["text"])  # type: ignore[index]
    await chat.send(ENGLISH_OBSERVER, "/report")
    await chat.press(ENGLISH_OBSERVER, "rep:cat:heat")
    await chat.send(ENGLISH_OBSERVER, "No shade at the station, we queue in the sun")
    await chat.press(ENGLISH_OBSERVER, "rep:photos-done")
    await chat.send(
        ENGLISH_OBSERVER, location={"latitude": ABOUT_220_M_NORTH[0], "longitude": ABOUT_220_M_NORTH[1]}
    )
    await chat.press(ENGLISH_OBSERVER, "rep:plus1:1")
    await chat.deliver()
    shown = chat.request.shown(ADMIN_CHAT_ID, card)
    assert shown is not None and "+1：1 人" in plain(shown["text"]) and shown.get("reply_markup")


@pytest.mark.parametrize(
    ("category", "place"),
    [("heat", ABOUT_1_KM_NORTH), ("housing", ABOUT_220_M_NORTH)],
    ids=["far", "other-kind"],
)
async def test_no_offer_when_far_away_or_another_kind(
    chat: Chat, category: str, place: tuple[float, float]
) -> None:
    await make_observer(chat, OBSERVER)
    await make_observer(chat, ENGLISH_OBSERVER)
    await file_report(chat, OBSERVER)
    replies = await file_report(
        chat, ENGLISH_OBSERVER, category=category, description="x" * 20, location=place
    )
    assert "rep:new" not in buttons(replies)
    assert await report_count(chat) == 2


async def test_something_else_files_a_new_report_and_forged_plus_one_is_refused(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await make_observer(chat, ENGLISH_OBSERVER)
    await file_report(chat, OBSERVER)
    sender = ENGLISH_OBSERVER
    await chat.send(sender, "/report")
    await chat.press(sender, "rep:cat:heat")
    await chat.send(sender, "Another problem nearby, different one")
    await chat.press(sender, "rep:photos-done")
    await chat.send(sender, location={"latitude": ABOUT_220_M_NORTH[0], "longitude": ABOUT_220_M_NORTH[1]})
    forged = await chat.press(sender, "rep:plus1:99")
    assert forged[0].method == "answerCallbackQuery" and await event_count(chat) == 1
    await chat.press(sender, "rep:new")
    await chat.press(sender, "rep:anon:no")
    await chat.press(sender, "rep:confirm")
    assert await report_count(chat) == 2


# --- triage, notices, follow-up ---------------------------------------------------------------------------


async def test_the_lifecycle_with_notices_in_each_ones_language(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await make_observer(chat, ENGLISH_OBSERVER)
    await file_report(chat, OBSERVER)
    await chat.send(ENGLISH_OBSERVER, "/report")
    await chat.press(ENGLISH_OBSERVER, "rep:cat:heat")
    await chat.send(ENGLISH_OBSERVER, "No shade at the station, we queue in the sun")
    await chat.press(ENGLISH_OBSERVER, "rep:photos-done")
    await chat.send(ENGLISH_OBSERVER, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
    await chat.press(ENGLISH_OBSERVER, "rep:plus1:1")

    replies = await admin_press(chat, "tri:ack:1")
    assert "已受理" in to_chat(replies, OBSERVER["id"])[0]
    assert "acknowledged" in to_chat(replies, ENGLISH_OBSERVER["id"])[0]
    assert any(call.method == "editMessageText" and "已受理" in call.plain_text for call in replies)

    replies = await admin_press(chat, "tri:fwd:1")
    assert "tri:dept:1:civil_affairs" in buttons(replies)
    replies = await admin_press(chat, "tri:dept:1:civil_affairs")
    assert "市民政局" in to_chat(replies, OBSERVER["id"])[0]
    assert "Municipal Civil Affairs Bureau" in to_chat(replies, ENGLISH_OBSERVER["id"])[0]

    replies = await admin_press(chat, "tri:res:1")
    assert "处理结果" in to_chat(replies, ADMIN_CHAT_ID)[0]
    assert replies[-1].params["reply_markup"]["force_reply"] is True
    replies = await admin_says(chat, "已在驿站门口加装遮阳棚")
    assert "已解决" in to_chat(replies, OBSERVER["id"])[0] and "遮阳棚" in to_chat(replies, OBSERVER["id"])[0]
    assert "7 天后" in to_chat(replies, OBSERVER["id"])[0]
    assert "resolved" in to_chat(replies, ENGLISH_OBSERVER["id"])[0]

    store = chat.application.bot_data.store.reports
    events = await store.events(1)
    statuses = [(event.from_status, event.to_status) for event in events if event.kind == "status"]
    assert statuses == [
        (Status.CONFIRMED, Status.INVESTIGATING),
        (Status.INVESTIGATING, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.FIXED),
    ]
    assert all(event.actor_id == ADMIN_ID for event in events if event.kind == "status")
    assert [event.kind for event in events] == ["filed", "supporter", "status", "status", "status"]
    assert events[-1].note == "已在驿站门口加装遮阳棚" and events[3].department == "civil_affairs"

    assert chat.application.job_queue is not None
    jobs = chat.application.job_queue.get_jobs_by_name(followup_job_id(1))
    assert len(jobs) == 1
    before = len(chat.request.calls)
    await jobs[0].run(chat.application)
    await chat.deliver()
    question = chat.request.calls[before:]
    assert "解决了吗" in to_chat(question, OBSERVER["id"])[0]
    assert buttons(question) == ["fu:yes:1", "fu:no:1"]

    replies = await chat.press(OBSERVER, "fu:no:1") + await chat.deliver()
    assert "重新打开" in chat.texts(replies)[0]
    assert any("还没解决" in text for text in to_chat(replies, ADMIN_CHAT_ID))
    assert "open again" in to_chat(replies, ENGLISH_OBSERVER["id"])[0]
    report = await store.get(1)
    assert report is not None and report.status is Status.CONFIRMED


async def test_a_note_belongs_to_the_report_whose_resolve_was_pressed_last(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await file_report(chat, OBSERVER, category="housing", description="房租太贵了,附近没有保障房")
    await admin_press(chat, "tri:res:1")
    replies = await admin_press(chat, "tri:res:2", message_id=2)
    prompt = to_chat(replies, ADMIN_CHAT_ID)[-1]
    assert f"MQ-{year()}-000002" in prompt and f"MQ-{year()}-000001 的处理说明先不写了" in prompt
    await admin_says(chat, "已联系住建部门")
    store = chat.application.bot_data.store.reports
    resolved, untouched = await store.get(2), await store.get(1)
    assert resolved is not None and resolved.status is Status.FIXED
    assert resolved.resolution_note == "已联系住建部门"
    assert untouched is not None and untouched.status is Status.CONFIRMED and not untouched.resolution_note


async def test_the_note_may_be_typed_in_the_admins_private_chat(chat: Chat) -> None:
    """The note is the admin's next text wherever they type it: on WeChat a press in the admins' chat is
    answered in each admin's private chat, so that is where the note comes from."""
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    replies = await chat.send(ADMIN, "已更换充电桩") + await chat.deliver()
    assert "已解决" in to_chat(replies, OBSERVER["id"])[0]
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.status is Status.FIXED and report.resolution_note == "已更换充电桩"


async def test_a_yes_to_the_follow_up_keeps_it_resolved(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已处理")
    assert chat.application.job_queue is not None
    await chat.application.job_queue.get_jobs_by_name(followup_job_id(1))[0].run(chat.application)
    assert "太好了" in chat.texts(await chat.press(OBSERVER, "fu:yes:1"))[0]
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.status is Status.FIXED and report.followup_answer == "yes"
    replies = await chat.press(OBSERVER, "fu:no:1")
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.status is Status.FIXED  # a second answer changes nothing


async def test_follow_up_jobs_are_rebuilt_at_start(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    async with running(settings) as chat:
        await make_observer(chat, OBSERVER)
        await file_report(chat, OBSERVER)
        await admin_press(chat, "tri:res:1")
        await admin_says(chat, "已处理")
    async with running(settings) as chat:
        assert chat.application.job_queue is not None
        jobs = chat.application.job_queue.get_jobs_by_name(followup_job_id(1))
        assert len(jobs) == 1
        due = jobs[0].job.trigger.run_date
        assert due - datetime.now(UTC) > timedelta(days=6, hours=23)


async def test_closing_as_duplicate_or_not_actionable_tells_the_reporter(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await file_report(chat, OBSERVER, category="housing", description="房租太贵了,附近没有保障房")
    assert "重复" in to_chat(await admin_press(chat, "tri:dup:1"), OBSERVER["id"])[0]
    assert "暂时无法处理" in to_chat(await admin_press(chat, "tri:na:2"), OBSERVER["id"])[0]
    stale = await admin_press(chat, "tri:ack:1")
    assert stale[0].method == "answerCallbackQuery" and "变了" in stale[0].params["text"]


async def test_forged_triage_buttons_change_nothing(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    events = await event_count(chat)
    for data in ("tri:dept:1:nowhere", "tri:ack:999", "tri:zap:1", "rl:bogus:all:0", "rv:abc"):
        replies = await admin_press(chat, data)
        assert [call.method for call in replies] == ["answerCallbackQuery"], data
    assert await event_count(chat) == events


# --- /reports, /myreports, /export ----------------------------------------------------------------------


async def test_reports_lists_by_status_and_category_with_pages(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    for index in range(6):
        await file_report(chat, OBSERVER, description=f"第{index}个问题:驿站饮水机坏了", location=None)
    await file_report(
        chat, OBSERVER, category="housing", description="房租太贵了,附近没有保障房", location=None
    )
    replies = await chat.send(ADMIN, "/reports")
    first = chat.texts(replies)[0]
    assert "共 7 条" in first and "第 1/2 页" in first
    assert "rl:open:all:1" in buttons(replies)
    second = chat.texts(await chat.press(ADMIN, "rl:open:all:1"))[0]
    assert "第 2/2 页" in second and f"MQ-{year()}-000001" in second
    housing = chat.texts(await chat.press(ADMIN, "rl:open:housing:0"))[0]
    assert "共 1 条" in housing and "房租" in housing
    await admin_press(chat, "tri:na:7")
    assert "共 0 条" in chat.texts(await chat.press(ADMIN, "rl:open:housing:0"))[0]
    card = await chat.press(ADMIN, "rv:7")
    assert card[-1].method == "sendMessage" and "暂无法处理" in card[-1].plain_text
    back = [b for b in card[-1].buttons if b.get("text") == "↩️ 返回列表"]
    assert back, "a report's detail has a way back to the list"
    listing = chat.texts(await chat.press(ADMIN, back[0]["callback_data"]))[0]
    assert "共 6 条" in listing and "第 1/2 页" in listing


async def test_the_admin_chat_card_follows_triage_done_from_a_private_chat(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER, location=None)
    [card] = [call.result["message_id"] for call in chat.request.to_chat(ADMIN_CHAT_ID) if call.buttons]
    detail = await chat.press(ADMIN, "rv:1")  # /reports in the admin's private chat, then a report
    calls = await chat.press(ADMIN, "tri:ack:1", message_id=detail[-1].result["message_id"])
    assert [call.params["message_id"] for call in calls if call.chat_id == ADMIN_CHAT_ID] == [card]
    shown = chat.request.shown(ADMIN_CHAT_ID, card)
    assert shown is not None and "状态：👀 已受理，正在了解" in shown["text"]
    assert any(
        "已解决" in button["text"] for row in shown["reply_markup"]["inline_keyboard"] for button in row
    )
    pressed_on_the_card = await admin_press(chat, "tri:fwd:1", message_id=card)
    assert [call.method for call in pressed_on_the_card if call.chat_id == ADMIN_CHAT_ID] == [
        "editMessageText"
    ]


async def test_myreports_shows_status_and_the_latest_answer(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    assert "还没有提交" in chat.texts(await chat.send(OBSERVER, "/myreports"))[0]
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已加装遮阳棚")
    text = chat.texts(await chat.send(OBSERVER, "/myreports"))[0]
    assert f"MQ-{year()}-000001" in text and "已解决" in text and "最新答复：已加装遮阳棚" in text


async def test_export_sends_a_file_to_admins_in_private_only(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    replies = await chat.send(ADMIN, "/export reports csv")
    assert replies[-1].method == "sendDocument" and "共 1 条" in replies[-1].plain_text
    assert "用法" in chat.texts(await chat.send(ADMIN, "/export reports pdf"))[0]
    group = message(ADMIN, "/export reports")
    group["message"]["chat"] = {"id": -100777, "type": "supergroup", "title": "骑手群"}
    replies = await chat.process(group)
    assert [call.method for call in replies] == ["sendMessage"] and "私聊" in replies[0].plain_text


# --- personal data: the chat rule and anonymity --------------------------------------------------------

COURIERS_GROUP = {"id": -100777, "type": "supergroup", "title": "骑手群"}


async def test_views_with_personal_data_are_refused_in_a_couriers_group(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER, anonymous=True)
    before = await _snapshot(chat)
    for command in ("/reports", "/pending", "/export reports", "/appoint 201", "/adjust 201 5 补发"):
        update = message(ADMIN, command)
        update["message"]["chat"] = COURIERS_GROUP
        replies = await chat.process(update)
        assert [call.method for call in replies] == ["sendMessage"], command
        assert "只能在和我的私聊或管理员群里" in replies[0].plain_text, command
    for data in ("rl:open:all:0", "rv:1", "tri:ack:1", "tri:res:1", "apv:page:0"):
        update = callback(ADMIN, data)
        update["callback_query"]["message"]["chat"] = COURIERS_GROUP
        replies = await chat.process(update)
        assert [call.method for call in replies] == ["answerCallbackQuery"], data
        assert "只能在和我的私聊或管理员群里" in replies[0].params["text"], data
    assert await _snapshot(chat) == before


async def test_an_anonymous_reporter_is_shown_only_on_the_admin_chat_card(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    filed = await file_report(chat, OBSERVER, anonymous=True)
    card = next(call for call in admin_calls(filed) if call.buttons)
    assert "刘凤叶" in card.plain_text and "@liufengye" in card.plain_text
    private = chat.texts(await chat.press(ADMIN, "rv:1"))[-1]  # the same card in the admin's private chat
    assert f"MQ-{year()}-000001" in private and "匿名" in private
    for identity in ("刘凤叶", "liufengye", "ID 201", "30.25000"):
        assert identity not in private, identity
    in_group = admin_calls(await admin_press(chat, "rv:1"))[-1].plain_text
    assert "刘凤叶" in in_group


# --- role checks ----------------------------------------------------------------------------------------

OBSERVER_COMMANDS = ["/myreports"]
OBSERVER_BUTTONS = ["mr:0"]
OTHERS_FOLLOWUP_BUTTONS = ["fu:yes:1", "fu:no:1"]  # need ownership of report 1, not a role
ADMIN_COMMANDS = ["/reports", "/appoint 201", "/revoke 201", "/export reports"]
ADMIN_BUTTONS = [
    "tri:ack:1",
    "tri:fwd:1",
    "tri:dept:1:civil_affairs",
    "tri:res:1",
    "tri:dup:1",
    "tri:na:1",
    "tri:back:1",
    "rl:open:all:0",
    "rv:1",
]


async def _snapshot(chat: Chat) -> tuple[Any, ...]:
    db = chat.application.bot_data.store.db
    return (
        [tuple(row) for row in await db.fetchall("SELECT * FROM reports")],
        await event_count(chat),
        [tuple(row) for row in await db.fetchall("SELECT * FROM user_roles ORDER BY user_id")],
    )


async def _revoked_observer(chat: Chat) -> dict[str, Any]:
    revoked = user(203, "老周", "zh-hans")
    await make_observer(chat, revoked)
    await chat.application.bot_data.store.users.revoke_role(203, Role.OBSERVER)
    return revoked


@pytest.mark.parametrize("who", ["courier", "revoked observer"])
async def test_observer_commands_and_buttons_refuse_others_and_change_nothing(chat: Chat, who: str) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已处理")
    sender = COURIER if who == "courier" else await _revoked_observer(chat)
    await chat.send(sender, "/start")
    before = await _snapshot(chat)
    for command in OBSERVER_COMMANDS:
        assert "只对 民情观察员 开放" in chat.texts(await chat.send(sender, command))[0], command
    for data in OBSERVER_BUTTONS:
        replies = await chat.press(sender, data)
        assert replies[0].params.get("show_alert") and "民情观察员" in replies[0].params["text"], data
    for data in OTHERS_FOLLOWUP_BUTTONS:
        replies = await chat.press(sender, data)
        assert [call.method for call in replies] == ["answerCallbackQuery"], data
        assert replies[0].params.get("show_alert") and "过期" in replies[0].params["text"], data
    assert "政策咨询台" in chat.texts(await chat.send(sender, "/report"))[0]
    assert await _snapshot(chat) == before


@pytest.mark.parametrize("who", ["courier", "observer"])
async def test_admin_commands_and_buttons_refuse_others_and_change_nothing(chat: Chat, who: str) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    sender = COURIER if who == "courier" else OBSERVER
    await chat.send(sender, "/start")
    before = await _snapshot(chat)
    for command in ADMIN_COMMANDS:
        replies = await chat.send(sender, command)
        assert [call.method for call in replies] == ["sendMessage"], command
        assert "只对 管理员 开放" in replies[0].plain_text, command
    for data in ADMIN_BUTTONS:
        replies = await chat.press(sender, data)
        assert [call.method for call in replies] == ["answerCallbackQuery"], data
        assert "管理员" in replies[0].params["text"], data
    assert await _snapshot(chat) == before


async def test_an_observer_revoked_mid_report_is_stopped_and_nothing_is_filed(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await chat.send(OBSERVER, "/report")
    await chat.application.bot_data.store.users.revoke_role(OBSERVER["id"], Role.OBSERVER)
    replies = await chat.press(OBSERVER, "rep:cat:heat")
    assert "民情观察员" in replies[0].params["text"]
    assert not in_form(chat.texts(await chat.send(OBSERVER, HEAT_TEXT)))  # out of the form
    assert await report_count(chat) == 0


def test_every_reports_callback_declares_its_role() -> None:
    """As production declares it: the command table, the button kinds, the conversation's entry points."""
    from bot.channels.telegram.app import build_application
    from bot.commands import COMMANDS
    from bot.config import Settings
    from bot.handlers.presses import answer_stale
    from tests.support.registry import declared_role, registered

    application = build_application(Settings(token="1:T"))  # type: ignore[call-arg]
    roles = {spec.name: spec.role for spec in COMMANDS}
    modules = {f"bot.handlers.{name}" for name in ("reports", "triage", "roles", "export")}
    found = [
        entry
        for entry in registered(application)
        if entry.callback.__module__ in modules and entry.callback is not answer_stale
    ]
    assert found and all(declared_role(entry, roles) is not None for entry in found), [
        entry.name for entry in found if declared_role(entry, roles) is None
    ]


# --- notices survive a timeout ----------------------------------------------------------------------------


async def test_a_timeout_to_one_participant_does_not_silence_the_others(chat: Chat) -> None:
    third = user(203, "老陈", "zh-hans")
    for observer in (OBSERVER, ENGLISH_OBSERVER, third):
        await make_observer(chat, observer)
    await file_report(chat, OBSERVER)
    for supporter in (ENGLISH_OBSERVER, third):
        await chat.send(supporter, "/report")
        await chat.press(supporter, "rep:cat:heat")
        await chat.send(supporter, "No shade at the station, we queue in the sun")
        await chat.press(supporter, "rep:photos-done")
        await chat.send(supporter, location={"latitude": NEAR_STATION[0], "longitude": NEAR_STATION[1]})
        await chat.press(supporter, "rep:plus1:1")
    chat.request.faults[OBSERVER["id"]] = [TimedOut()]

    replies = await admin_press(chat, "tri:ack:1")

    assert "acknowledged" in to_chat(replies, ENGLISH_OBSERVER["id"])[0]
    assert "已受理" in to_chat(replies, third["id"])[0]
    # The reporter's notice timed out once and was sent again, not dropped.
    assert [("已受理" in text) for text in to_chat(replies, OBSERVER["id"])] == [True, True]


async def test_a_follow_up_that_times_out_is_asked_again_not_lost(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已在驿站门口加装遮阳棚")
    assert chat.application.job_queue is not None
    [job] = chat.application.job_queue.get_jobs_by_name(followup_job_id(1))
    chat.request.faults[OBSERVER["id"]] = [TimedOut()]

    before = len(chat.request.calls)
    await job.run(chat.application)
    await chat.deliver()

    asked = [text for text in to_chat(chat.request.calls[before:], OBSERVER["id"]) if "解决了吗" in text]
    assert len(asked) == 2  # the timed-out attempt, then the one that arrived
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.followup_sent_at is not None
