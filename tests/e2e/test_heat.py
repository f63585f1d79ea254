"""Heat reminders through the real process, with the fixture forecast (a pre-alert today): subscribed
couriers get one reminder with the nearest open cool stations (sent again after a 500 or a dropped
connection), an opted-out one none, and restarts repeat nothing. The bot's timezone is chosen so that it
is mid-morning there now, and its check time is this minute, so the check counts as missed and runs at
start (bot.heat.missed_check)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.e2e.helpers import LONG, count_with, message_with, poll, query
from tests.support.botprocess import REPO_ROOT, BotProcess

ZH_COURIER, EN_COURIER, OPTED_OUT, LATECOMER = 45001, 45002, 45003, 45004
WULIN = (30.2741, 120.1625)
ZH_FOOTER, EN_FOOTER = "提醒设置：/heat", "Reminder settings: /heat"


def morning_zone(now: datetime) -> tuple[str, str]:
    """An Etc/GMT±N zone where it is 10 o'clock now, and the current minute there ("10:MM")."""
    offset = (10 - now.hour + 12) % 24 - 12
    local = now + timedelta(hours=offset)
    return f"Etc/GMT{-offset:+d}", local.strftime("%H:%M")


async def settled(database: Path, reminders: int) -> None:
    """Waits until `reminders` heat reminders were handed to the outbox and none waits to be sent."""

    def done() -> bool:
        [(recorded, waiting)] = query(
            database,
            "SELECT (SELECT COUNT(*) FROM heat_reminders_sent),"
            " (SELECT COUNT(*) FROM outbox_deliveries WHERE status = 'pending')",
        )
        return bool(recorded == reminders and waiting == 0)

    await poll(done)


async def join(emulator: BotApiEmulator, user_id: int, location: tuple[float, float]) -> None:
    """/start and a shared location, as a courier's first minute with the bot."""
    await emulator.ask(user_id, "/start", timeout=LONG)
    emulator.mark(user_id)
    await emulator.send_location(user_id, *location)
    await emulator.wait_for_messages(user_id, count=2, timeout=LONG)


async def test_one_reminder_per_subscribed_courier_across_restarts(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess], tmp_path: Path
) -> None:
    zone, this_minute = morning_zone(datetime.now(UTC))
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    await emulator.add_user(ZH_COURIER, "小王")
    await emulator.add_user(EN_COURIER, "Sam", language_code="en")
    await emulator.add_user(OPTED_OUT, "老李")
    await emulator.add_user(LATECOMER, "小周")

    # Couriers meet the bot on a day without a forecast; one turns reminders off.
    first = make_bot(BOT_TIMEZONE=zone)
    await first.start()
    await join(emulator, ZH_COURIER, (station.lat, station.lon))
    await join(emulator, EN_COURIER, WULIN)
    await emulator.ask(OPTED_OUT, "/start", timeout=LONG)
    [status] = await emulator.ask(OPTED_OUT, "/heat off", timeout=LONG)
    assert "已关闭" in str(status["text"])
    assert await first.stop() == 0

    hot_day = {
        "BOT_TIMEZONE": zone,
        "BOT_HEAT_PROVIDER": f"fixture:{REPO_ROOT / 'data' / 'heat_fixture.yaml'}",
        "BOT_HEAT_CHECK_TIMES": this_minute,
    }
    second = make_bot(**hot_day)
    # The first two reminders meet a 500 and a dropped connection: the outbox sends them again.
    emulator.inject_fault("sendMessage", "server_error")
    emulator.inject_fault("sendMessage", "drop")
    await second.start()
    reminder = await message_with(emulator, ZH_COURIER, ZH_FOOTER)
    assert "高温提示" in str(reminder["text"]) and "明天最高 36°C" in str(reminder["text"])
    assert f"1. {station.name.zh} · 0 米" in str(reminder["text"])
    english = await message_with(emulator, EN_COURIER, EN_FOOTER)
    assert "Heat advisory" in str(english["text"]) and "Stations open near you" in str(english["text"])
    await settled(first.database, reminders=2)
    assert count_with(emulator, OPTED_OUT, ZH_FOOTER) == 0

    # A courier who joins later is reminded after the next restart; nobody else is told twice.
    await join(emulator, LATECOMER, WULIN)
    assert await second.stop() == 0
    third = make_bot(**hot_day)
    await third.start()
    await message_with(emulator, LATECOMER, ZH_FOOTER)
    await settled(first.database, reminders=3)
    assert await third.stop() == 0
    assert count_with(emulator, ZH_COURIER, ZH_FOOTER) == 1
    assert count_with(emulator, EN_COURIER, EN_FOOTER) == 1
    assert count_with(emulator, OPTED_OUT, ZH_FOOTER) == 0
