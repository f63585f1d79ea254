"""/policy, the policy desk, through real dispatch: topics, typed questions, answers with source and date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from bot.handlers.policy import QUESTION_WINDOW
from tests.handlers.conftest import Chat
from tests.support.updates import user

COURIER = user(311, "小王", "zh-hans")
ENGLISH_COURIER = user(312, "Wang", "en")


async def test_policy_lists_the_topics_as_buttons(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "/policy")
    assert "政策咨询台" in answer.plain_text
    labels = [str(button["text"]) for button in answer.buttons]
    assert any("高温津贴" in label for label in labels) and len(labels) == 6


async def test_a_topic_pressed_shows_the_answer_with_source_and_date(chat: Chat) -> None:
    [topics] = await chat.send(COURIER, "/policy")
    heat = next(button for button in topics.buttons if "高温津贴" in str(button["text"]))
    calls = await chat.press(COURIER, str(heat["callback_data"]), message_id=topics.result["message_id"])
    [shown] = [call for call in calls if call.method == "editMessageText"]
    assert "35℃" in shown.plain_text
    assert "来源：《防暑降温措施管理办法》" in shown.plain_text and "2012-06-29" in shown.plain_text


async def test_a_typed_question_is_answered_at_once(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "/policy 没有劳动合同能交社保吗")
    assert "灵活就业人员" in answer.plain_text and "来源：" in answer.plain_text


async def test_free_text_about_a_policy_reaches_the_desk(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "高温补贴怎么算")
    assert "高温津贴" in answer.plain_text and "来源：" in answer.plain_text


async def test_an_unanswerable_question_points_to_people(chat: Chat) -> None:
    [answer] = await chat.send(COURIER, "/policy 孩子上学怎么办")
    assert "12333" in answer.plain_text and "/nearest" in answer.plain_text


async def test_the_desk_answers_in_english(chat: Chat) -> None:
    [answer] = await chat.send(ENGLISH_COURIER, "/policy heat allowance")
    assert "Source: Measures for the Administration of Heatstroke Prevention" in answer.plain_text


async def test_a_forged_topic_gets_the_stale_answer_and_changes_nothing(chat: Chat) -> None:
    calls = await chat.press(COURIER, "pol:show:no-such-topic")
    assert [call.method for call in calls] == ["answerCallbackQuery"]
    assert calls[0].params.get("show_alert") is True


async def test_a_question_typed_after_policy_is_asked_of_the_desk(chat: Chat) -> None:
    """The topics say "or just type your question": what is typed next is a question, even one the
    catalogue cannot answer (it is not taken for a place name or met with the menu)."""
    await chat.send(COURIER, "/policy")
    [answer] = await chat.send(COURIER, "外卖员能交公积金吗")
    assert "没有找到现成的答案" in answer.plain_text
    assert any("问驿站工作人员" in str(button["text"]) for button in answer.buttons)


async def test_after_policy_a_clear_request_for_something_else_still_gets_it(chat: Chat) -> None:
    await chat.send(COURIER, "/policy")
    [answer] = await chat.send(COURIER, "我的积分")
    assert "积分" in answer.plain_text and "没有找到现成的答案" not in answer.plain_text


async def test_the_typed_question_is_awaited_for_a_while_not_for_ever(chat: Chat) -> None:
    with time_machine.travel(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), tick=False) as clock:
        await chat.send(COURIER, "/policy")
        clock.shift(QUESTION_WINDOW + timedelta(minutes=1))
        [answer] = await chat.send(COURIER, "外卖员能交公积金吗")
    assert "没有找到现成的答案" not in answer.plain_text


async def test_only_the_text_right_after_policy_is_taken_as_a_question(chat: Chat) -> None:
    await chat.send(COURIER, "/policy")
    await chat.send(COURIER, "我的积分")
    [answer] = await chat.send(COURIER, "外卖员能交公积金吗")
    assert "没有找到现成的答案" not in answer.plain_text
