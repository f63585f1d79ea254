"""/start, /help, /language, /cancel and the fallbacks, as a user sees them."""

from __future__ import annotations

import pytest

from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat
from tests.support.updates import user

COURIER = user(101, "刘凤叶", "zh-hans")
ENGLISH_COURIER = user(102, "Alex", "en-GB")
ADMIN = user(ADMIN_ID, "管理员", "zh-CN")


async def test_start_welcomes_in_chinese_and_registers_the_user(chat: Chat) -> None:
    replies = await chat.send(COURIER, "/start")
    assert "刘凤叶，你好" in chat.texts(replies)[0]
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.language == "zh" and profile.first_name == "刘凤叶"


async def test_start_welcomes_in_english_from_the_language_code(chat: Chat) -> None:
    replies = await chat.send(ENGLISH_COURIER, "/start")
    assert "Hello, Alex!" in chat.texts(replies)[0]


async def test_unknown_language_code_falls_back_to_chinese(chat: Chat) -> None:
    replies = await chat.send(user(103, "Ivan", "ru"), "/start")
    assert "你好" in chat.texts(replies)[0]


async def test_start_keeps_the_deep_link_payload(chat: Chat) -> None:
    await chat.send(COURIER, "/start poster_wulin_2026")
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.start_payload == "poster_wulin_2026"


async def test_names_are_escaped_in_html_answers(chat: Chat) -> None:
    replies = await chat.send(user(104, "<b>&x", "zh"), "/start")
    assert "&lt;b&gt;&amp;x" in replies[0].text


@pytest.mark.parametrize("command", ["/start", "/help", "/language", "/cancel", "/help@xiaoge_test_bot"])
async def test_a_known_command_gets_exactly_one_answer(chat: Chat, command: str) -> None:
    replies = [call for call in await chat.send(COURIER, command) if call.method == "sendMessage"]
    assert len(replies) == 1
    assert "我不认识" not in replies[0].plain_text


async def test_help_for_a_courier_lists_only_everyones_commands(chat: Chat) -> None:
    text = chat.texts(await chat.send(COURIER, "/help"))[0]
    assert "/start" in text and "/language" in text
    assert "管理员" not in text


async def test_help_for_an_admin_has_the_admin_section(chat: Chat) -> None:
    text = chat.texts(await chat.send(ADMIN, "/help"))[0]
    assert "所有人" in text


async def test_language_switch_persists_and_changes_answers(chat: Chat) -> None:
    await chat.send(COURIER, "/language")
    replies = await chat.press(COURIER, "lang:en")
    assert any(call.method == "editMessageText" and "Switched to English" in call.text for call in replies)
    text = chat.texts(await chat.send(COURIER, "/help"))[0]
    assert "What I can do" in text
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.language == "en" and profile.language_chosen


async def test_language_choice_wins_over_the_telegram_language_code(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.press(COURIER, "lang:en")
    replies = await chat.send(COURIER, "/help")  # COURIER's language_code is still zh-hans
    assert "What I can do" in chat.texts(replies)[0]


async def test_language_switch_sets_a_personal_command_menu(chat: Chat) -> None:
    replies = await chat.press(COURIER, "lang:en")
    menus = [call for call in replies if call.method == "setMyCommands"]
    assert menus and menus[0].params["scope"] == {"type": "chat", "chat_id": 101}
    assert {"command": "help", "description": "What I can do"} in menus[0].params["commands"]


async def test_forged_language_button_changes_nothing(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    replies = await chat.press(COURIER, "lang:fr")
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.language == "zh"


async def test_cancel_outside_a_conversation(chat: Chat) -> None:
    assert "没有进行中的操作" in chat.texts(await chat.send(COURIER, "/cancel"))[0]


@pytest.mark.parametrize("text", ["/frobnicate", "/frobnicate@xiaoge_test_bot now"])
async def test_unknown_command_gets_help(chat: Chat, text: str) -> None:
    assert "/frobnicate" in chat.texts(await chat.send(COURIER, text))[0]


async def test_a_mistyped_command_suggests_the_closest_one(chat: Chat) -> None:
    answer = chat.texts(await chat.send(COURIER, "/volunter"))[0]
    assert "/volunter" in answer and "你是想发 /volunteer 吗？" in answer


async def test_an_admin_command_is_not_suggested_to_a_courier(chat: Chat) -> None:
    answer = chat.texts(await chat.send(COURIER, "/stat"))[0]
    assert "/stats" not in answer and "/help" in answer


async def test_unknown_text_gets_the_menu(chat: Chat) -> None:
    answer = chat.texts(await chat.send(COURIER, "随便说点什么"))[0]
    assert "没找到" not in answer and "最近的驿站" in answer and "/help" in answer


async def test_start_sets_the_admin_menu_with_a_chat_scope(chat: Chat) -> None:
    replies = await chat.send(ADMIN, "/start")
    menus = [call for call in replies if call.method == "setMyCommands"]
    assert menus and menus[0].params["scope"] == {"type": "chat", "chat_id": ADMIN_ID}


async def test_menus_are_published_in_both_languages_at_start(chat: Chat) -> None:
    menus = [call for call in chat.request.calls if call.method == "setMyCommands"]
    languages = {call.params.get("language_code") for call in menus}
    assert {"zh", "en", None} <= languages
    english = next(call for call in menus if call.params.get("language_code") == "en")
    assert {"command": "start", "description": "Start / welcome"} in english.params["commands"]


async def test_an_error_apologises_and_tells_the_admin_chat(chat: Chat) -> None:
    async def explode(*_: object) -> None:
        raise RuntimeError("secret user text")

    from telegram.ext import CommandHandler

    chat.application.add_handler(CommandHandler("boom", explode), group=-1)
    replies = await chat.send(COURIER, "/boom") + await chat.deliver()  # the notice goes through the outbox
    to_user = [call.plain_text for call in replies if call.chat_id == 101]
    to_admins = [call.plain_text for call in replies if call.chat_id == ADMIN_CHAT_ID]
    assert any("抱歉" in text for text in to_user)
    assert to_admins and "RuntimeError" in to_admins[0] and "secret user text" not in to_admins[0]
