"""/appoint and /revoke: by id, @username or a reply to a forwarded message; welcome, menu, refusals."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.users import Role
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.recording import Call
from tests.support.updates import message, user

ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
COURIER = user(101, "刘凤叶", "zh-hans", username="liufengye")
ENGLISH_COURIER = user(102, "Alex", "en-GB")


async def roles_of(chat: Chat, user_id: int) -> frozenset[Role]:
    return await chat.application.bot_data.store.users.roles(user_id)


def menu_for(calls: list[Call], user_id: int) -> list[str]:
    menus = [
        call
        for call in calls
        if call.method == "setMyCommands" and call.params.get("scope") == {"type": "chat", "chat_id": user_id}
    ]
    assert menus, "no chat-scoped menu was set"
    return [command["command"] for command in menus[-1].params["commands"]]


def reply_to(sender: dict[str, Any], text: str, original: dict[str, Any]) -> dict[str, Any]:
    update = message(sender, text)
    update["message"]["reply_to_message"] = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": update["message"]["chat"],
        "from": ADMIN,
        "text": "转发的消息",
        **original,
    }
    return update


async def test_appoint_by_id_welcomes_in_their_language_and_sets_their_menu(chat: Chat) -> None:
    await chat.send(ENGLISH_COURIER, "/start")
    replies = await chat.send(ADMIN, "/appoint 102") + await chat.deliver()
    welcome = [call.plain_text for call in replies if call.chat_id == 102 and call.method == "sendMessage"]
    assert "public-opinion observer" in welcome[0] and "/report" in welcome[0] and "120" in welcome[0]
    assert "/consult read couriers' answers" in welcome[0]
    assert {"report", "myreports", "consult"} <= set(menu_for(replies, 102))
    assert "已任命 Alex" in [call.plain_text for call in replies if call.chat_id == ADMIN_ID][-1]
    assert await roles_of(chat, 102) == {Role.OBSERVER}


async def test_appoint_by_username(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    replies = await chat.send(ADMIN, "/appoint @LiuFengYe") + await chat.deliver()
    assert any("恭喜你成为" in call.plain_text for call in replies if call.chat_id == 101)
    assert await roles_of(chat, 101) == {Role.OBSERVER}


async def test_appoint_by_replying_to_a_forwarded_message(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    forwarded = {"forward_origin": {"type": "user", "date": int(time.time()), "sender_user": COURIER}}
    await chat.process(reply_to(ADMIN, "/appoint", forwarded))
    assert await roles_of(chat, 101) == {Role.OBSERVER}


async def test_a_hidden_forward_explains_what_to_do(chat: Chat) -> None:
    hidden = {"forward_origin": {"type": "hidden_user", "date": int(time.time()), "sender_user_name": "某人"}}
    replies = await chat.process(reply_to(ADMIN, "/appoint", hidden))
    assert "隐藏了发送人" in chat.texts(replies)[0]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/appoint 555", "先给我发一次 /start"),
        ("/appoint", "用法"),
        ("/appoint 你好", "用法"),
        ("/revoke @nobody", "没找到"),
    ],
)
async def test_unknown_or_missing_targets_are_explained(chat: Chat, command: str, expected: str) -> None:
    assert expected in chat.texts(await chat.send(ADMIN, command))[0]


async def test_appointing_twice_and_revoking_a_non_observer_change_nothing(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(ADMIN, "/appoint 101")
    assert "已经是民情观察员" in chat.texts(await chat.send(ADMIN, "/appoint 101"))[0]
    await chat.send(ENGLISH_COURIER, "/start")
    assert "不是民情观察员" in chat.texts(await chat.send(ADMIN, "/revoke 102"))[0]


async def test_revoke_says_goodbye_and_takes_the_commands_away(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(ADMIN, "/appoint 101")
    replies = await chat.send(ADMIN, "/revoke 101") + await chat.deliver()
    assert any("身份已结束" in call.plain_text for call in replies if call.chat_id == 101)
    assert await roles_of(chat, 101) == frozenset()
    assert "已取消" in [call.plain_text for call in replies if call.chat_id == ADMIN_ID][-1]
    assert "政策咨询台" in chat.texts(await chat.send(COURIER, "/report"))[0]


@pytest.mark.parametrize("command", ["/appoint 102", "/revoke 101"])
async def test_only_admins_appoint_or_revoke(chat: Chat, command: str) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(ENGLISH_COURIER, "/start")
    await chat.send(ADMIN, "/appoint 101")  # an observer is no admin either
    for sender in (COURIER, ENGLISH_COURIER):
        replies = await chat.send(sender, command)
        assert [call.method for call in replies] == ["sendMessage"]
        assert "管理员" in replies[0].plain_text or "admins" in replies[0].plain_text
    assert await roles_of(chat, 101) == {Role.OBSERVER} and await roles_of(chat, 102) == frozenset()


async def test_appoint_by_username_picks_the_person_who_holds_it_now(chat: Chat) -> None:
    """Usernames move between people: the row that last saw it is stale once a newer one has it."""
    await chat.send(COURIER, "/start")  # 101 was @liufengye last month, then gave the name up
    db = chat.application.bot_data.store.db
    await db.write("UPDATE users SET last_seen_at = '2025-05-01T08:00:00+00:00' WHERE id = 101")
    await chat.send(user(103, "张伟", "zh-hans", username="liufengye"), "/start")
    replies = await chat.send(ADMIN, "/appoint @liufengye")
    assert "已任命 张伟" in chat.texts(replies)[-1]
    welcomed = await chat.deliver()
    assert [call.chat_id for call in welcomed if "恭喜你成为" in call.plain_text] == [103]
    assert await roles_of(chat, 101) == frozenset()


async def test_appoint_by_username_refuses_when_two_people_are_equally_likely(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(user(103, "张伟", "zh-hans", username="liufengye"), "/start")
    db = chat.application.bot_data.store.db
    await db.write("UPDATE users SET last_seen_at = '2025-06-01T08:00:00+00:00' WHERE id IN (101, 103)")
    replies = await chat.send(ADMIN, "/appoint @liufengye")
    assert "这个用户名对应不止一个人" in chat.texts(replies)[-1]
    assert [call for call in replies if call.chat_id in (101, 103)] == []
    assert await roles_of(chat, 101) == await roles_of(chat, 103) == frozenset()


async def test_appoint_staff_of_a_station_welcomes_them_and_gives_them_the_staff_menu(chat: Chat) -> None:
    await chat.send(ENGLISH_COURIER, "/start")
    replies = await chat.send(ADMIN, "/appoint 102 staff sijiqing-djzx") + await chat.deliver()
    welcome = [call.plain_text for call in replies if call.chat_id == 102 and call.method == "sendMessage"]
    assert "Sijiqing" in welcome[0] and "/station" in welcome[0]
    assert {"station", "pending", "consult"} <= set(menu_for(replies, 102))
    assert "四季青" in [call.plain_text for call in replies if call.chat_id == ADMIN_ID][-1]
    assert await roles_of(chat, 102) == {Role.STAFF}
    assert "已经是" in chat.texts(await chat.send(ADMIN, "/appoint 102 staff sijiqing-djzx"))[0]


async def test_appoint_observer_by_word_and_staff_by_reply(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(ADMIN, "/appoint 101 observer")
    forwarded = {"forward_origin": {"type": "user", "date": int(time.time()), "sender_user": COURIER}}
    await chat.process(reply_to(ADMIN, "/appoint staff wulin-square", forwarded))
    assert await roles_of(chat, 101) == {Role.OBSERVER, Role.STAFF}
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.staff_stations == {"wulin-square"}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/appoint 101 staff nowhere", "没有编号为“nowhere”的驿站"),
        ("/appoint 101 staff", "用法"),
        ("/appoint 101 chief", "用法"),
        ("/revoke 101 staff wulin-square", "不是"),
    ],
)
async def test_staff_appointments_that_cannot_be_done_are_explained(
    chat: Chat, command: str, expected: str
) -> None:
    await chat.send(COURIER, "/start")
    assert expected in chat.texts(await chat.send(ADMIN, command))[0]
    assert await roles_of(chat, 101) == frozenset()


async def test_revoke_staff_of_one_station_keeps_the_other(chat: Chat) -> None:
    await chat.send(COURIER, "/start")
    await chat.send(ADMIN, "/appoint 101 staff wulin-square")
    await chat.send(ADMIN, "/appoint 101 staff sijiqing-djzx")
    replies = await chat.send(ADMIN, "/revoke 101 staff wulin-square") + await chat.deliver()
    assert any("身份已结束" in call.plain_text for call in replies if call.chat_id == 101)
    profile = await chat.application.bot_data.store.users.get(101)
    assert profile is not None and profile.staff_stations == {"sijiqing-djzx"}
    await chat.send(ADMIN, "/revoke 101 staff sijiqing-djzx")
    assert await roles_of(chat, 101) == frozenset()
