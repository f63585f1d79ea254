"""Station staff through the real process: appointed by an admin, they close their station for an hour
in a few taps, and a courier at the door is told so (not offered it as open)."""

from __future__ import annotations

from typing import Any

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.e2e.conftest import ADMIN_ID
from tests.support.botprocess import REPO_ROOT, BotProcess

STAFF, COURIER = 41101, 41102
HOME = "sijiqing-djzx"


def _buttons(message: dict[str, Any]) -> list[str]:
    return [
        button["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for button in row
    ]


def _shown(emulator: BotApiEmulator, chat_id: int, message_id: int) -> dict[str, Any]:
    return next(message for message in emulator.messages_to(chat_id) if message["message_id"] == message_id)


async def test_staff_close_their_station_for_an_hour_and_the_nearest_answer_says_so(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    await emulator.add_user(STAFF, "陈站长")
    await emulator.add_user(COURIER, "小李")
    await emulator.ask(STAFF, "/start", timeout=20)
    emulator.mark(STAFF)
    [done] = await emulator.ask(ADMIN_ID, f"/appoint {STAFF} staff {HOME}", timeout=20)
    assert "已任命 陈站长" in str(done["text"])

    [welcome] = await emulator.wait_for_messages(STAFF, timeout=20)  # through the outbox
    assert "/station" in str(welcome["text"])

    panel, photo = await emulator.ask(STAFF, "/station", count=2, timeout=20)
    assert "四季青" in str(panel["text"]) and f"start=checkin_{HOME}_" in str(photo["caption"])
    message_id = panel["message_id"]

    def showing(label: str) -> bool:
        return label in _buttons(_shown(emulator, STAFF, message_id))

    await emulator.press_button(STAFF, message_id, "⛔ 暂停开放")
    await emulator.wait_until(lambda: showing("活动中"), timeout=20)
    await emulator.press_button(STAFF, message_id, "活动中")
    await emulator.wait_until(
        lambda: any(label.startswith("1 小时") for label in _buttons(_shown(emulator, STAFF, message_id))),
        timeout=20,
    )
    one_hour = next(
        label for label in _buttons(_shown(emulator, STAFF, message_id)) if label.startswith("1 小时")
    )
    until = one_hour.removeprefix("1 小时（").removesuffix("）")
    await emulator.press_button(STAFF, message_id, one_hour)
    await emulator.wait_until(
        lambda: "暂停开放：活动中" in str(_shown(emulator, STAFF, message_id)["text"]), timeout=20
    )

    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id[HOME]
    emulator.mark(COURIER)
    await emulator.send_location(COURIER, station.lat, station.lon)
    listing, *_ = await emulator.wait_for_messages(COURIER, count=2, timeout=20)
    text = str(listing["text"])
    assert f"⛔ 暂停开放：活动中，预计 {until} 恢复" in text
    assert not text.split("\n\n")[1].startswith("1. 四季青")  # never offered as the open one at the door
