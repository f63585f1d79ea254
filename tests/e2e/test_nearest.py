"""Nearest station through the real process: a shared location, a typed place, a far-away courier."""

from __future__ import annotations

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
    assert "1. 四季青街道新就业群体党群服务中心" in str(listing["text"])
    assert "📏 0 米" in str(listing["text"])
    assert (
        venue["venue"]["location"]["latitude"] == round(station.lat, 6)
        or abs(venue["venue"]["location"]["latitude"] - station.lat) < 1e-5
    )

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
