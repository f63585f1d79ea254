"""What the bot logs at INFO while people use it: never the token, a phone number, a location or what
someone wrote."""

from __future__ import annotations

from collections.abc import Callable

from bot.emulator.server import BotApiEmulator
from tests.e2e.conftest import ADMIN_ID
from tests.support.botprocess import TEST_TOKEN, BotProcess

COURIER = 43001
SECRET_TEXT = "我家住在钱江苑七幢三单元"
PHONE = "+8613912345678"
LAT, LON = 30.258713, 120.199417


async def test_info_logs_carry_no_personal_data(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    process = make_bot(BOT_LOG_LEVEL="INFO")
    await process.start()
    await emulator.add_user(COURIER, "隐私测试", username="privacy_probe")
    await emulator.ask(COURIER, "/start")
    await emulator.ask(COURIER, SECRET_TEXT)
    emulator.mark(COURIER)
    await emulator.send_location(COURIER, LAT, LON)
    await emulator.wait_for_messages(COURIER, count=2, timeout=20)
    await emulator.send_contact(COURIER, phone_number=PHONE)
    await emulator.wait_for_messages(COURIER, timeout=20)
    await emulator.ask(ADMIN_ID, f"/appoint {COURIER}", timeout=20)
    await emulator.ask(COURIER, "/flooding-is-not-a-command " + SECRET_TEXT)
    assert await process.stop() == 0

    logs = await process.read_stderr()
    assert "INFO" in logs  # the bot did log at INFO; the assertions below are not vacuous
    for secret in (TEST_TOKEN, SECRET_TEXT, PHONE, PHONE.lstrip("+"), "隐私测试", "privacy_probe"):
        assert secret not in logs, f"{secret!r} reached the logs"
    for coordinate in (LAT, LON):
        assert f"{coordinate:.4f}" not in logs and str(coordinate) not in logs
