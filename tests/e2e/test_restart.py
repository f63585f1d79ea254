"""Conversations survive restarts of the real process: a courier half-way through /volunteer and an
observer half-way through /report go on where they were after a SIGTERM and after a kill -9."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, message_with, poll, press, query, sent
from tests.support.botprocess import REPO_ROOT, BotProcess

COURIER, OBSERVER = 46001, 46002
DESCRIPTION = "驿站的饮水机坏了,中午没水喝"


def stored_state(database: Path, conversation: str, user_id: int) -> tuple[int | None, dict[str, object]]:
    """The conversation's step and the user's draft data as the persistence wrote them."""
    key = json.dumps([user_id, user_id])  # (chat, user) of a private chat
    state = query(database, "SELECT value FROM bot_state WHERE kind = ? AND key = ?", (conversation, key))
    data = query(
        database, "SELECT value FROM bot_state WHERE kind = 'user_data' AND key = ?", (str(user_id),)
    )
    return (json.loads(state[0][0]) if state else None), (json.loads(data[0][0]) if data else {})


async def written_through(database: Path) -> None:
    """Waits until both half-finished forms are in the database (written through every second)."""

    def done() -> bool:
        volunteer_step, courier = stored_state(database, "conversation:volunteer", COURIER)
        report_step, observer = stored_state(database, "conversation:report", OBSERVER)
        volunteer_draft = courier.get("volunteer_draft") or {}
        report_draft = observer.get("report_draft") or {}
        assert isinstance(volunteer_draft, dict) and isinstance(report_draft, dict)
        return (
            volunteer_step == 5  # Step.HOURS
            and volunteer_draft.get("start") == "08:00"
            and report_step == 2  # ReportState.PHOTOS
            and report_draft.get("description") == DESCRIPTION
        )

    await poll(done)


async def test_half_filled_forms_survive_sigterm_and_kill_9(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    await emulator.add_user(COURIER, "小王")
    await emulator.add_user(OBSERVER, "王师傅")
    first = make_bot()
    await first.start()
    await emulator.ask(OBSERVER, "/start", timeout=LONG)
    await emulator.ask(ADMIN_ID, f"/appoint {OBSERVER}", timeout=LONG)
    await emulator.ask(COURIER, "/volunteer", timeout=LONG)
    await press(emulator, COURIER, "🏠 驿站值守")
    await press(emulator, COURIER, "昨天")
    await message_with(emulator, COURIER, "几点开始的")
    await emulator.ask(OBSERVER, "/report", timeout=LONG)
    await press(emulator, OBSERVER, "🏠 住房")
    await message_with(emulator, OBSERVER, "说说发生了什么")
    assert await first.stop() == 0

    # After a graceful stop, the next step of each form is taken where it was left.
    second = make_bot()
    await second.start()
    await press(emulator, COURIER, "08:00")
    await message_with(emulator, COURIER, "做了多久")
    await emulator.send_text(OBSERVER, DESCRIPTION)
    await message_with(emulator, OBSERVER, "有照片吗")
    await written_through(first.database)
    await second.kill()

    # After a kill -9, too; then both forms go on to the end.
    third = make_bot()
    await third.start()
    courier_before, observer_before = sent(emulator, COURIER), sent(emulator, OBSERVER)
    await press(emulator, COURIER, "3 小时")
    await message_with(emulator, COURIER, "在哪儿服务的")
    await emulator.send_location(COURIER, station.lat, station.lon)
    near = await message_with(emulator, COURIER, "点附近的驿站", since=courier_before)
    await emulator.press_button(COURIER, int(str(near["message_id"])), 0)
    await press(emulator, COURIER, "跳过，不发照片")
    summary = await message_with(emulator, COURIER, "请核对")
    assert "驿站值守" in str(summary["text"]) and "08:00–11:00" in str(summary["text"])
    await press(emulator, COURIER, "✅ 确认提交")
    await message_with(emulator, COURIER, "已提交（编号 #1）")

    await press(emulator, OBSERVER, "没有照片，跳过")
    await message_with(emulator, OBSERVER, "问题发生在哪里", since=observer_before)
    await emulator.send_location(OBSERVER, station.lat, station.lon)
    await press(emulator, OBSERVER, "👤 署名提交")
    confirm = await message_with(emulator, OBSERVER, "请确认你的报告")
    assert DESCRIPTION in str(confirm["text"]) and "住房" in str(confirm["text"])
    await press(emulator, OBSERVER, "✅ 确认提交")
    await message_with(emulator, OBSERVER, "已提交！编号")
    assert await third.stop() == 0
