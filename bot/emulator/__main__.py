"""``python -m bot.emulator``: the bot in a terminal chat without Telegram (``make run`` without a token)."""

import asyncio

from bot.emulator.chat import run_terminal_chat

if __name__ == "__main__":
    raise SystemExit(asyncio.run(run_terminal_chat()))
