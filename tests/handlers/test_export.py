"""/export when rendering fails: the admin hears of it, and no log line quotes what a courier wrote."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports import NewReport, load_catalogue, report_year
from tests.handlers.conftest import ADMIN_ID, Chat
from tests.support.updates import user

ADMIN = user(ADMIN_ID, "张主任")
SECRET = "我家住在文三路88号"


async def file_report(chat: Chat, description: str) -> None:
    store = chat.application.bot_data.store
    now = datetime.now(chat.application.bot_data.settings.tzinfo)
    await store.users.seen(201, "刘凤叶", None, "zh")
    await store.reports.file(
        NewReport(
            reporter_id=201,
            category=load_catalogue().categories[0].id,
            description=description,
            voice_file_id=None,
            photo_file_ids=(),
            lat=None,
            lon=None,
            place=None,
            anonymous=False,
            urgent=False,
        ),
        year=report_year(now, now.tzinfo),
        now=now,
    )


async def test_a_control_character_in_a_report_still_exports(chat: Chat) -> None:
    await file_report(chat, f"空调坏了\x0b{SECRET}")

    replies = await chat.send(ADMIN, "/export reports xlsx")

    assert [call.method for call in replies] == ["sendDocument"]


async def test_a_failing_export_logs_no_user_text(
    chat: Chat, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Libraries quote the offending value in their messages (openpyxl did), and tracebacks print them."""
    await file_report(chat, SECRET)

    append = Worksheet.append

    def refuse_the_report(sheet: Worksheet, row: Any) -> None:
        if SECRET in row:
            raise ValueError(f"{row} cannot be used in worksheets.")
        append(sheet, row)

    monkeypatch.setattr(Worksheet, "append", refuse_the_report)
    with caplog.at_level(logging.INFO):
        replies = await chat.send(ADMIN, "/export reports xlsx")

    assert "出了点问题" in chat.texts(replies)[0]
    assert caplog.records and SECRET not in caplog.text
