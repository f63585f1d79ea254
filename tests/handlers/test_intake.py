"""Every update's first steps: a redelivered update is not answered twice; a flood is slowed."""

from __future__ import annotations

from tests.handlers.conftest import Chat
from tests.support import updates
from tests.support.updates import user

COURIER = user(301, "小赵", "zh-hans")
OTHER = user(302, "小钱", "zh-hans")


async def test_a_redelivered_update_is_answered_once(chat: Chat) -> None:
    update = updates.message(COURIER, "/help")
    first = await chat.process(update)
    again = await chat.process(update)
    assert len([call for call in first if call.method == "sendMessage"]) == 1
    assert again == []


async def test_a_reused_update_id_with_new_content_is_answered(chat: Chat) -> None:
    """Telegram may restart update ids after a quiet week (and the emulator does every session)."""
    first = updates.message(COURIER, "/help")
    reused = {**updates.message(COURIER, "/language"), "update_id": first["update_id"]}
    await chat.process(first)
    assert [call.method for call in await chat.process(reused)] == ["sendMessage"]


async def test_a_flood_gets_one_polite_notice_and_others_are_served(chat: Chat) -> None:
    answers = []
    for _ in range(25):
        answers += [call for call in await chat.send(COURIER, "/help") if call.method == "sendMessage"]
    notices = [call for call in answers if "发得有点快" in call.plain_text]
    assert len(notices) == 1
    assert len(answers) == 21  # 20 answers, then one notice, then silence
    other = await chat.send(OTHER, "/help")
    assert "我能做的事" in other[0].plain_text


async def test_conversation_state_is_stored_when_the_update_is_handled(chat: Chat) -> None:
    """Not a second later: the redelivery check already counts the update as handled."""
    await chat.send(COURIER, "/volunteer")
    state = await chat.application.bot_data.store.state.load("conversation:volunteer")
    assert "[301, 301]" in state


async def test_an_edited_command_is_not_run_again(chat: Chat) -> None:
    sent = updates.message(COURIER, "/help")
    await chat.process(sent)
    edited = {"update_id": sent["update_id"] + 100000, "edited_message": {**sent["message"], "edit_date": 1}}
    assert await chat.process(edited) == []
