"""/broadcast as an admin sees it, what recipients get, the progress buttons, and who may do any of it."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.broadcast import BatchStatus
from bot.channels.telegram.delivery import outbox_sender, scheduled_job_id
from bot.storage import Storage
from bot.storage.broadcast import OutboxRepository
from tests.handlers.conftest import ADMIN_ID, Chat, running
from tests.support.faults import fail_once
from tests.support.recording import Call
from tests.support.seeding import hours_at_station
from tests.support.updates import user

ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
COURIERS = [user(201, "刘凤叶", "zh-hans"), user(202, "王师傅", "zh-hans"), user(203, "Alex", "en-GB")]
UPDATE_IDS = itertools.count(900_000)
BOLD_TEXT = {"text": "清凉大礼包 今天发放", "entities": [{"type": "bold", "offset": 0, "length": 5}]}


def store(chat: Chat) -> Storage:
    return chat.application.bot_data.store


def sends(calls: list[Call], chat_id: int) -> list[Call]:
    return [call for call in calls if call.method in ("sendMessage", "sendPhoto") and call.chat_id == chat_id]


async def register_couriers(chat: Chat) -> None:
    for courier in COURIERS:
        await chat.send(courier, "/start")


async def compose(chat: Chat, english: str | None = "Gift packs today", **content: Any) -> list[Call]:
    """/broadcast, the zh content (bold text unless given), the English version or Skip; the last replies."""
    await chat.send(ADMIN, "/broadcast")
    await chat.send(ADMIN, **(content or BOLD_TEXT))
    if english is None:
        return await chat.press(ADMIN, "bc:noen")
    return await chat.send(ADMIN, english)


async def confirm_now(chat: Chat) -> int:
    await chat.press(ADMIN, "bc:now")
    await chat.press(ADMIN, "bc:go")
    batches = await store(chat).outbox.recent()
    return batches[0][0].id


async def test_a_courier_cannot_broadcast_and_nothing_is_created(chat: Chat) -> None:
    await register_couriers(chat)
    replies = await chat.send(COURIERS[0], "/broadcast")
    assert "只对 管理员 开放" in chat.texts(replies)[0]
    follow = await chat.send(COURIERS[0], "大家好")  # no conversation started: not taken as content
    assert all("英文版" not in text for text in chat.texts(follow))
    replies = await chat.press(COURIERS[0], "bc:go")
    assert all(call.chat_id != 202 for call in replies)
    assert await store(chat).outbox.recent() == []


async def test_full_broadcast_with_preview_count_and_each_language(chat: Chat) -> None:
    await register_couriers(chat)
    replies = await compose(chat)
    assert any(button["callback_data"] == "bc:aud:everyone" for call in replies for button in call.buttons)
    preview = await chat.press(ADMIN, "bc:aud:everyone")
    to_admin = sends(preview, ADMIN_ID)
    # The preview is the message itself, formatting and all, then the English one, then the count.
    assert any(call.text == "<b>清凉大礼包</b> 今天发放" for call in to_admin)
    assert any(call.text == "Gift packs today" for call in to_admin)
    summary = to_admin[-1].plain_text
    assert "人数：4（中文 3，英文 1）" in summary  # three couriers and the admin
    batch_id = await confirm_now(chat)
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    calls = chat.request.calls
    assert [call.text for call in sends(calls, 201)] == ["<b>清凉大礼包</b> 今天发放"]
    assert [call.text for call in sends(calls, 203)] == ["Gift packs today"]
    assert [call.params.get("parse_mode") for call in sends(calls, 202)] == ["HTML"]
    counts = await store(chat).outbox.counts(batch_id)
    assert (counts.sent, counts.pending) == (4, 0)
    report = [call.plain_text for call in sends(calls, ADMIN_ID) if "完成" in call.plain_text]
    assert report and "已发 4" in report[0]


async def test_a_photo_broadcast_reaches_recipients_as_a_photo(chat: Chat) -> None:
    await register_couriers(chat)
    photo = [{"file_id": "PHOTO-1", "file_unique_id": "u1", "width": 640, "height": 480}]
    await compose(chat, english=None, photo=photo, caption="清凉游园会")
    preview = await chat.press(ADMIN, "bc:aud:couriers")
    assert any(call.method == "sendPhoto" and call.params["photo"] == "PHOTO-1" for call in preview)
    await confirm_now(chat)
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    photos = [call for call in chat.request.calls if call.method == "sendPhoto"]
    assert sorted(call.chat_id or 0 for call in photos) == [201, 202, 203]  # couriers: not the admin
    assert all(call.params["caption"] == "清凉游园会" for call in photos)


async def test_the_same_broadcast_within_ten_minutes_asks_twice(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await confirm_now(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:now")
    replies = await chat.press(ADMIN, "bc:go")
    assert "刚刚已经给同一批人发过" in chat.texts(replies)[-1]
    seven_minutes_ago = (datetime.now(UTC) - timedelta(minutes=7, seconds=10)).isoformat(timespec="seconds")
    await store(chat).db.write("UPDATE outbox_batches SET created_at = ?", (seven_minutes_ago,))
    await chat.send(ADMIN, "/cancel")
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:now")
    replies = await chat.press(ADMIN, "bc:go")
    assert "7 分钟前已经给同一批人发过" in chat.texts(replies)[-1]
    assert len(await store(chat).outbox.recent()) == 1
    await chat.press(ADMIN, "bc:again")
    assert len(await store(chat).outbox.recent()) == 2


async def test_nobody_in_the_audience_asks_for_another(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    replies = await chat.press(ADMIN, "bc:aud:observers")
    assert "没有人符合" in chat.texts(replies)[-1]
    replies = await chat.press(ADMIN, "bc:aud:language")
    replies = await chat.press(ADMIN, "bc:lang:en")
    assert "人数：1" in sends(replies, ADMIN_ID)[-1].plain_text


async def test_near_a_station_within_a_radius(chat: Chat) -> None:
    await register_couriers(chat)
    station = chat.application.bot_data.catalogue.stations[0]
    await store(chat).db.write(
        "UPDATE users SET last_lat = ?, last_lon = ? WHERE id = 201", (station.lat + 0.005, station.lon)
    )
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:near_station")
    replies = await chat.press(ADMIN, "bc:st:0")
    assert "多少公里" in chat.texts(replies)[-1]
    assert "0 到 50" in chat.texts(await chat.send(ADMIN, "很远"))[-1]
    replies = await chat.send(ADMIN, "1")
    assert "人数：1" in sends(replies, ADMIN_ID)[-1].plain_text


async def test_the_couriers_who_checked_in_at_a_station_lately(chat: Chat) -> None:
    await register_couriers(chat)
    first, second = chat.application.bot_data.catalogue.stations[:2]
    now = datetime.now(UTC).replace(microsecond=0)
    await hours_at_station(store(chat), 201, first.id, now - timedelta(days=3))
    await hours_at_station(store(chat), 202, second.id, now - timedelta(days=3))
    await hours_at_station(store(chat), 203, first.id, now - timedelta(days=31))
    replies = await compose(chat)
    offered = [button["callback_data"] for call in replies for button in call.buttons]
    assert "bc:aud:near_station" in offered and "bc:aud:checked_in_at" in offered
    stations = await chat.press(ADMIN, "bc:aud:checked_in_at")
    assert "bc:st:1" in [button["callback_data"] for call in stations for button in call.buttons]  # every one
    preview = await chat.press(ADMIN, "bc:st:0")  # no radius asked: who came is who came
    summary = sends(preview, ADMIN_ID)[-1].plain_text
    assert "最近 30 天在" in summary and "人数：1" in summary
    await confirm_now(chat)
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    got = {
        call.chat_id
        for call in chat.request.calls
        if call.method == "sendMessage" and call.chat_id != ADMIN_ID
    }
    assert got == {201}


async def test_a_scheduled_broadcast_is_rebuilt_as_a_job_after_a_restart(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:later")
    tomorrow = (datetime.now(chat.application.bot_data.settings.tzinfo) + timedelta(days=1)).strftime(
        "%Y-%m-%d"
    )
    replies = await chat.send(ADMIN, f"{tomorrow} 09:30")
    assert f"{tomorrow} 09:30" in chat.texts(replies)[-1]
    replies = await chat.press(ADMIN, "bc:go")
    assert "已定时" in chat.texts(replies)[-1]
    batch = (await store(chat).outbox.with_status(BatchStatus.SCHEDULED))[0]
    job_queue = chat.application.job_queue
    assert job_queue is not None and job_queue.get_jobs_by_name(scheduled_job_id(batch.id))
    # A new process on the same database: post_init rebuilds the job with the same id.
    async with running(chat.application.bot_data.settings) as restarted:
        job_queue = restarted.application.job_queue
        assert job_queue is not None and job_queue.get_jobs_by_name(scheduled_job_id(batch.id))


async def test_pause_resume_and_cancel_buttons(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    batch_id = await confirm_now(chat)
    outbox = store(chat).outbox
    await outbox.change_status(batch_id, BatchStatus.ACTIVE, only_from=(BatchStatus.PREPARING,))
    replies = await chat.press(ADMIN, f"bcx:pause:{batch_id}")
    edit = next(call for call in replies if call.method == "editMessageText")
    assert "已暂停" in edit.plain_text and [b["callback_data"] for b in edit.buttons] == [
        f"bcx:resume:{batch_id}",
        f"bcx:cancel:{batch_id}",
    ]
    replies = await chat.press(ADMIN, f"bcx:pause:{batch_id}")  # a stale button changes nothing
    assert any(call.method == "answerCallbackQuery" and call.params.get("show_alert") for call in replies)
    await chat.press(ADMIN, f"bcx:resume:{batch_id}")
    assert (await outbox.get(batch_id)).status is BatchStatus.ACTIVE  # type: ignore[union-attr]
    await chat.press(ADMIN, f"bcx:cancel:{batch_id}")
    assert (await outbox.get(batch_id)).status is BatchStatus.CANCELLED  # type: ignore[union-attr]
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    assert sends(chat.request.calls, 201) == []


async def test_pause_shows_the_measured_rate(chat: Chat) -> None:
    """The progress message that Pause leaves behind shows the rate the sender measured, as its own
    reports do, not 0.0."""
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    batch_id = await confirm_now(chat)
    last = COURIERS[-1]["id"]
    chat.request.held[last] = asyncio.Event()  # the sending stops before the last courier
    before = len(chat.request.calls)
    sending = asyncio.create_task(outbox_sender(chat.application).run_until_idle())
    async with asyncio.timeout(30):  # a guard against a hang, not a measurement
        await chat.request.wait_until(lambda: sends(chat.request.calls[before:], COURIERS[1]["id"]) != [])
    replies = await chat.press(ADMIN, f"bcx:pause:{batch_id}")
    chat.request.held[last].set()
    await sending
    edit = next(call for call in replies if call.method == "editMessageText")
    rate = re.search(r"每秒 ([0-9.]+) 条", edit.plain_text)
    assert rate is not None and float(rate.group(1)) > 0


async def test_a_courier_cannot_press_the_progress_buttons(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    batch_id = await confirm_now(chat)
    replies = await chat.press(COURIERS[0], f"bcx:cancel:{batch_id}")
    assert [call.method for call in replies] == ["answerCallbackQuery"]
    assert (await store(chat).outbox.get(batch_id)).status is BatchStatus.PREPARING  # type: ignore[union-attr]


async def test_a_failed_write_keeps_the_draft_and_confirm_works_again(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:now")
    fail_once(monkeypatch, OutboxRepository, "create_broadcast")
    failed = await chat.press(ADMIN, "bc:go")
    alerts = [call.params.get("text", "") for call in failed if call.method == "answerCallbackQuery"]
    assert any("你填的内容都还在" in text and "确认发送" in text for text in alerts)
    assert await store(chat).outbox.recent("broadcast") == []  # the admin chat's error notice is queued
    again = await chat.press(ADMIN, "bc:go")
    assert "过期" not in " ".join(chat.texts(again))
    assert len(await store(chat).outbox.recent("broadcast")) == 1


async def test_cancel_in_the_middle_of_composing(chat: Chat) -> None:
    await chat.send(ADMIN, "/broadcast")
    replies = await chat.send(ADMIN, "/cancel")
    assert "没有发给任何人" in chat.texts(replies)[0]
    assert await store(chat).outbox.recent() == []


async def test_blocking_and_unblocking_the_bot_is_remembered(chat: Chat) -> None:
    await register_couriers(chat)

    def member(status: str) -> dict[str, Any]:
        bot = {"user": {"id": 999000, "is_bot": True, "first_name": "bot"}, "status": status}
        return {**bot, "until_date": 0} if status == "kicked" else bot

    def change(old: str, new: str) -> dict[str, Any]:
        return {
            "update_id": next(UPDATE_IDS),
            "my_chat_member": {
                "chat": {"id": 201, "type": "private", "first_name": "刘凤叶"},
                "from": COURIERS[0],
                "date": 0,
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        }

    await chat.process(change("member", "kicked"))
    profile = await store(chat).users.get(201)
    assert profile is not None and profile.blocked
    await chat.process(change("kicked", "member"))
    profile = await store(chat).users.get(201)
    assert profile is not None and not profile.blocked


def test_every_broadcast_and_stats_callback_needs_the_admin_role() -> None:
    """As production declares it (bot.commands, the button kinds, the conversation's entry point), with
    no marks on callbacks; the authorisation matrix (test_authorization) then tries every handler declared
    an admin's as a courier and as a revoked observer, steps of the form included."""
    from bot.channels.telegram.app import build_application
    from bot.commands import COMMANDS
    from bot.config import Settings
    from bot.users import Role
    from tests.support.registry import declared_role, registered

    roles = {spec.name: spec.role for spec in COMMANDS}
    modules = {
        "bot.handlers.broadcast",
        "bot.handlers.audience",
        "bot.handlers.stats",
    }  # audience: the form's shared step
    answers_only = {"use_the_buttons"}  # says to use a button (stale presses go to presses.answer_stale)
    # For everyone: an admin whose role was removed mid-form must get out.
    leaving = {"cancel", "abort_pressed"}
    application = build_application(Settings(token="1:T"))  # type: ignore[call-arg]
    everything = [entry for entry in registered(application) if entry.callback.__module__ in modules]
    # /consult's audience steps are also station staff's, who are limited to their stations' neighbours
    # (test_consult); /broadcast's are admins' alone.
    in_consult = [e for e in everything if e.conversation is not None and e.conversation.name == "consult"]
    steps = [entry for entry in in_consult if entry.callback.__name__ not in answers_only]
    assert len(steps) == 5 and all(declared_role(entry, roles) is Role.STAFF for entry in steps)
    entries = [entry for entry in everything if entry not in in_consult]
    found = [entry for entry in entries if entry.callback.__name__ not in answers_only | leaving]
    assert len(found) >= 18, [entry.name for entry in found]  # the form's steps and buttons, /stats
    assert all(declared_role(entry, roles) is Role.ADMIN for entry in found), [
        entry.name for entry in found if declared_role(entry, roles) is not Role.ADMIN
    ]
    exits = [entry for entry in entries if entry.callback.__name__ in leaving]
    assert len(exits) == 2 and all(declared_role(entry, roles) is Role.COURIER for entry in exits)


async def test_a_spoken_send_time_is_said_back_and_quiet_hours_are_warned_about(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    prompt = chat.texts(await chat.press(ADMIN, "bc:later"))[-1]
    now = datetime.now(chat.application.bot_data.settings.tzinfo)
    example_day = datetime.strptime(prompt.split("例如 ")[1][:10], "%Y-%m-%d").date()
    assert example_day >= now.date()  # an example is never in the past
    replies = await chat.send(ADMIN, "明天早上8点")
    tomorrow = (now + timedelta(days=1)).strftime("%Y-%m-%d")
    assert f"{tomorrow} 08:00（明天 上午 8:00）" in chat.texts(replies)[-1]
    await chat.send(ADMIN, "/cancel")
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:later")
    replies = await chat.send(ADMIN, f"{tomorrow} 05:00")
    assert "休息时段（22:00–07:00）" in chat.texts(replies)[0]
    assert f"{tomorrow} 05:00（明天 凌晨 5:00）" in chat.texts(replies)[-1]


async def test_a_paid_broadcast_is_an_explicit_choice_with_its_cost_shown_first(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    replies = await chat.press(ADMIN, "bc:now")
    summary = chat.texts(replies)[-1]
    assert "普通群发" in summary and "每秒 25 条" in summary  # ordinary unless chosen
    assert "bc:paid" in [button["callback_data"] for call in replies for button in call.buttons]
    replies = await chat.press(ADMIN, "bc:paid")
    summary = chat.texts(replies)[-1]
    # Four recipients at 0.1 Star each: about 1 Star, shown before the admin confirms.
    assert "付费加速" in summary and "约 1 颗 Telegram 星" in summary and "每秒最多 1000 条" in summary
    await chat.press(ADMIN, "bc:go")
    [(batch, _)] = await store(chat).outbox.recent()
    assert batch.paid
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    paid_sends = sends(chat.request.calls, COURIERS[0]["id"])
    assert paid_sends and paid_sends[0].params.get("allow_paid_broadcast") is True


async def test_an_ordinary_broadcast_is_not_paid(chat: Chat) -> None:
    await register_couriers(chat)
    await compose(chat)
    await chat.press(ADMIN, "bc:aud:everyone")
    await chat.press(ADMIN, "bc:now")
    await chat.press(ADMIN, "bc:paid")
    replies = await chat.press(ADMIN, "bc:free")  # changed their mind
    assert "普通群发" in chat.texts(replies)[-1]
    await chat.press(ADMIN, "bc:go")
    chat.request.clear()
    await outbox_sender(chat.application).run_until_idle()
    ordinary = sends(chat.request.calls, COURIERS[0]["id"])
    assert ordinary and "allow_paid_broadcast" not in ordinary[0].params
