""" "Ask the desk" through real dispatch: a question the catalogue cannot answer goes to the staff of the
station the courier picks, one of them answers, and the answer comes back naming the station and the day;
staff of another station, a second answer and a forged press change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.handlers.policy import AskStation
from bot.services.policy_desk import AnswerQuestion
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.recording import Call
from tests.support.updates import user

HOME, OTHER = "sijiqing-djzx", "wulin-square"
COURIER = user(311, "小王", "zh-hans")
STAFF = user(301, "陈站长", "zh-hans")
OTHER_STAFF = user(302, "李站长", "zh-hans")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")


@pytest.fixture(autouse=True)
def wednesday_afternoon() -> Iterator[time_machine.Coordinates]:
    moment = datetime(2026, 7, 15, 14, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False) as clock:
        yield clock


@pytest.fixture
async def staffed(chat: Chat) -> Chat:
    for person in (COURIER, STAFF, OTHER_STAFF, ADMIN):
        await chat.send(person, "/start")
    await chat.send(ADMIN, f"/appoint 301 staff {HOME}")
    await chat.send(ADMIN, f"/appoint 302 staff {OTHER}")
    await chat.deliver()
    return chat


def button_data(call: Call, label_part: str) -> str:
    return next(str(button["callback_data"]) for button in call.buttons if label_part in str(button["text"]))


async def ask_home(chat: Chat, question: str) -> list[Call]:
    """The courier asks the staff of HOME, from where they stand; what the outbox then delivers."""
    station = chat.application.bot_data.catalogue.by_id[HOME]
    await chat.send(COURIER, location={"latitude": station.lat, "longitude": station.lon})
    [none] = await chat.send(COURIER, "/policy 孩子上学怎么办")
    calls = await chat.press(COURIER, button_data(none, "问驿站工作人员"), none.result["message_id"])
    [choices] = [call for call in calls if call.method == "editMessageText"]
    assert len(choices.buttons) == 3  # the nearest three to the shared location
    picked = await chat.press(COURIER, button_data(choices, "四季青"), choices.result["message_id"])
    assert "四季青" in picked[-1].plain_text
    [sent] = await chat.send(COURIER, question)
    assert "已发给" in sent.plain_text
    return await chat.deliver()


async def test_a_question_reaches_the_staff_and_their_answer_the_courier(staffed: Chat) -> None:
    delivered = await ask_home(staffed, "孩子在杭州上学需要什么材料？")
    [notice] = delivered
    assert (
        notice.chat_id == STAFF["id"]
        and "孩子在杭州上学" in notice.plain_text
        and "小王" in notice.plain_text
    )
    answer = button_data(notice, "回答")
    await staffed.press(STAFF, answer, notice.result["message_id"])
    [thanks] = await staffed.send(STAFF, "带上居住证和社保证明，去区教育局咨询。")
    assert "已发给" in thanks.plain_text
    [back] = await staffed.deliver()
    assert back.chat_id == COURIER["id"]
    assert "四季青" in back.plain_text and "2026-07-15" in back.plain_text and "居住证" in back.plain_text


async def test_the_staff_read_the_name_the_courier_chose(staffed: Chat) -> None:
    """WeChat calls everyone "微信用户": the desk names the asker as they chose with /name."""
    await staffed.send(COURIER, "/name 王师傅")
    [notice] = await ask_home(staffed, "高温津贴怎么领？")
    assert "王师傅" in notice.plain_text and "小王" not in notice.plain_text


async def test_staff_of_another_station_cannot_answer(staffed: Chat) -> None:
    [notice] = await ask_home(staffed, "孩子上学的问题")
    calls = await staffed.press(OTHER_STAFF, button_data(notice, "回答"))
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert "不是你负责的驿站" in calls[0].params["text"]
    assert await staffed.send(OTHER_STAFF, "我来答") != [] and await staffed.deliver() == []


async def test_a_second_answer_is_refused_politely(staffed: Chat) -> None:
    [notice] = await ask_home(staffed, "孩子上学的问题")
    answer = button_data(notice, "回答")
    await staffed.press(STAFF, answer)
    await staffed.press(ADMIN, answer)  # admins act for every station
    await staffed.send(STAFF, "第一个回答")
    [refused] = await staffed.send(ADMIN, "第二个回答")
    assert "已经有人回答" in refused.plain_text
    assert len(await staffed.deliver()) == 1


async def test_a_forged_answer_press_changes_nothing(staffed: Chat) -> None:
    await ask_home(staffed, "孩子上学的问题")
    question = AnswerQuestion(1).pack()
    [by_courier] = await staffed.press(COURIER, question)  # not staff: the role refusal
    assert by_courier.params.get("show_alert") is True
    [unknown] = await staffed.press(STAFF, AnswerQuestion(999).pack())
    assert unknown.params.get("show_alert") is True and await staffed.deliver() == []


async def test_a_station_without_staff_asks_the_admins(staffed: Chat) -> None:
    [none] = await staffed.send(COURIER, "/policy 孩子上学怎么办")
    await staffed.press(COURIER, button_data(none, "问驿站工作人员"), none.result["message_id"])
    await staffed.press(COURIER, AskStation("gongshu-canal").pack())
    await staffed.send(COURIER, "运河边的驿站什么时候开门？")
    [notice] = await staffed.deliver()
    assert notice.chat_id == ADMIN_ID and "运河边" in notice.plain_text
