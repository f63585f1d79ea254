"""/cancel works for everyone and ends whatever they were doing, also when the role that began it is gone
and after a restart; answering about one's own report needs ownership, not a role (issue 12, item 6)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler

from bot.commands import COMMANDS
from bot.config import Settings
from bot.reports import Status, followup_job_id
from bot.users import Role
from tests.handlers.conftest import ADMIN_ID, Chat, running
from tests.handlers.test_reports import OBSERVER, admin_press, admin_says, file_report, make_observer
from tests.support.updates import message, user

pytestmark = pytest.mark.usefixtures("quick_fingers")

ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
NOTHING_TO_CANCEL = "现在没有进行中的操作。发送 /help 查看全部功能。"


async def test_an_admin_removed_mid_broadcast_can_cancel_it_also_after_restarts(
    make_settings: Callable[..., Settings],
) -> None:
    async with running(make_settings()) as chat:
        await chat.send(ADMIN, "/broadcast")
        await chat.send(ADMIN, "今晚驿站有清凉礼包")  # the form now waits for the English version
    no_longer_admin = make_settings(admin_ids=frozenset())
    async with running(no_longer_admin) as chat:
        replies = chat.texts(await chat.send(ADMIN, "/cancel"))
        assert len(replies) == 1 and "没有发给任何人" in replies[0]
    async with running(no_longer_admin) as chat:  # the ended form stays ended
        assert chat.texts(await chat.send(ADMIN, "/cancel")) == [
            "现在没有进行中的操作。发送 /help 查看全部功能。"
        ]
        assert all("/cancel" not in text for text in chat.texts(await chat.send(ADMIN, "Gift packs today")))
        assert not await chat.application.bot_data.store.outbox.recent()


async def test_cancel_with_nothing_to_cancel_says_so(chat: Chat) -> None:
    replies = chat.texts(await chat.send(user(101, "小王", "zh-hans"), "/cancel"))
    assert replies == [NOTHING_TO_CANCEL]


async def test_every_conversation_lets_anyone_leave_with_cancel(chat: Chat) -> None:
    """The universal /cancel ends a conversation through the conversation's own /cancel fallback, so
    every conversation needs one that demands no role beyond being a user: tried by behaviour, in every
    step of every conversation, by someone with no role (an admin or observer whose role is gone)."""
    translator = chat.application.bot_data.translator
    refusals = {
        str(translator("zh", "not-allowed", role=translator("zh", f"role-{role.value}")))
        for role in (Role.OBSERVER, Role.ADMIN)
    }
    conversations = [
        handler
        for handler in itertools.chain(*chat.application.handlers.values())
        if isinstance(handler, ConversationHandler)
    ]
    assert len(conversations) >= 4
    roles = {spec.name: spec.role for spec in COMMANDS}
    nobody = user(555, "小李", "zh-hans")
    await chat.send(nobody, "/start")
    for conversation in conversations:
        leaving = [
            fallback
            for fallback in conversation.fallbacks
            if isinstance(fallback, CommandHandler) and "cancel" in fallback.commands
        ]
        assert leaving, f"{conversation.name} has no /cancel"
        assert roles["cancel"] is Role.COURIER, "everyone's command"
        update = Update.de_json(message(nobody, "/cancel"), chat.application.bot)
        key = conversation._get_key(update)
        for state in conversation.states:
            conversation._conversations[key] = state  # as if they had begun it while they had the role
            replies = chat.texts(await chat.send(nobody, "/cancel"))
            where = f"{conversation.name}:{state}"
            assert key not in conversation._conversations, f"/cancel did not end {where}"
            assert replies and not refusals & set(replies), f"{where}: {replies}"


async def test_a_revoked_observer_can_still_answer_about_their_own_report(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已在驿站门口加装遮阳棚")
    assert chat.application.job_queue is not None
    await chat.application.job_queue.get_jobs_by_name(followup_job_id(1))[0].run(chat.application)
    await chat.application.bot_data.store.users.revoke_role(OBSERVER["id"], Role.OBSERVER)
    replies = await chat.press(OBSERVER, "fu:no:1")
    assert "重新打开" in chat.texts(replies)[0]
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.status is Status.CONFIRMED


async def test_nobody_else_can_answer_about_a_report(chat: Chat) -> None:
    await make_observer(chat, OBSERVER)
    await file_report(chat, OBSERVER)
    await admin_press(chat, "tri:res:1")
    await admin_says(chat, "已处理")
    stranger = user(101, "小王", "zh-hans")
    await chat.send(stranger, "/start")
    replies = await chat.press(stranger, "fu:no:1")
    assert [call.method for call in replies] == ["answerCallbackQuery"] and replies[0].params["show_alert"]
    report = await chat.application.bot_data.store.reports.get(1)
    assert report is not None and report.status is Status.FIXED
