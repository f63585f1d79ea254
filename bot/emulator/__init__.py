"""A local Telegram Bot API emulator, so that end-to-end tests and ``make run`` need no Telegram account."""

from bot.emulator.server import ApiCall, BotApiEmulator, ChatEvent, EmulatorUsageError

__all__ = ["ApiCall", "BotApiEmulator", "ChatEvent", "EmulatorUsageError"]
