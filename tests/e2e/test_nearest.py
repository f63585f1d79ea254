"""Nearest station through the real process: a shared location, a typed place, a far-away courier."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.support.botprocess import REPO_ROOT, BotProcess

COURIER = 41001


async def test_a_shared_location_gets_the_station_at_the_door_and_its_pin(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    await emulator.add_user(COURIER, "小李")
    emulator.mark(COURIER)
    await emulator.send_location(COURIER, station.lat, station.lon)
    listing, venue, *_ = await emulator.wait_for_messages(COURIER, count=3, timeout=20)
    items = str(listing["text"]).split("\n\n")[1:]
    # Open now, the station at the door leads and gets the pin; closed, an open one leads and it comes next.
    if station.status_at(datetime.now(ZoneInfo("Asia/Shanghai"))).is_open:
        assert items[0].startswith("1. 四季青街道新就业群体党群服务中心") and "📏 0 米" in items[0]
        assert abs(venue["venue"]["location"]["latitude"] - station.lat) < 1e-5
    else:
        assert "🟢" in items[0] and venue["venue"]["title"] in items[0]
        assert items[1].startswith("2. 四季青街道新就业群体党群服务中心") and "📏 0 米" in items[1]

    emulator.mark(COURIER)
    await emulator.press_button(COURIER, listing["message_id"], "下一组 ▶")
    await emulator.wait_until(lambda: "第 2 组" in str(emulator.messages_to(COURIER)[-3]["text"]), timeout=20)


async def test_a_typed_place(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(COURIER, "小李")
    listing, *_ = await emulator.ask(COURIER, "城站旁边", count=2, timeout=20)
    assert "附近的驿站" in str(listing["text"]) and str(listing["text"]).count("🛵") == 3


async def test_far_away_is_answered_honestly(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(COURIER, "Sam", language_code="en")
    emulator.mark(COURIER)
    await emulator.send_location(COURIER, 31.2304, 121.4737)  # Shanghai
    listing, *_ = await emulator.wait_for_messages(COURIER, count=2, timeout=20)
    assert "You are far from the stations: the nearest is" in str(listing["text"])
    assert " km away" in str(listing["text"])
