"""`python -m bot`: run the bot (long polling). Exit codes: 0 after a graceful stop (SIGINT/SIGTERM),
1 when Telegram rejects the token or cannot be reached, 2 on a configuration error."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app import build_application
from bot.config import ConfigurationError, Settings, load_settings
from bot.handlers.checkin import write_checkin_qr
from bot.logs import configure_logging
from bot.stations import StationsFileError

EXIT_OK, EXIT_FAILURE, EXIT_CONFIGURATION = 0, 1, 2


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="xiaoge-bot: run the Telegram bot for Hangzhou's couriers (long polling). "
        "Settings come from BOT_* environment variables (see README).",
    )
    tasks = parser.add_subparsers(dest="command", title="admin tasks (without one, the bot runs)", metavar="COMMAND")
    qr = tasks.add_parser(
        "qr",
        help="write a station's check-in QR code (PNG) for one day",
        description="Write the PNG of a station's check-in link (t.me/<bot>?start=checkin_...). "
        "The code changes every day: print the day's code, or several days ahead with --date.",
    )
    qr.add_argument("station_id", help="a station id from the stations file, e.g. shangcheng-djzx")
    qr.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in BOT_TIMEZONE)")
    qr.add_argument("--output", "-o", type=Path, help="PNG file (default: checkin-STATION-DATE.png)")
    qr.add_argument("--bot", help="the bot's username (default: asked from Telegram with BOT_TOKEN)")
    return parser.parse_args(argv)


def run_qr(arguments: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return EXIT_CONFIGURATION
    day = arguments.date or datetime.now(settings.tzinfo).date()
    output = arguments.output or Path(f"checkin-{arguments.station_id}-{day.isoformat()}.png")
    try:
        link = asyncio.run(write_checkin_qr(settings, arguments.station_id, day, output, arguments.bot))
    except KeyError:
        print(f"unknown station {arguments.station_id!r} (see {settings.stations_file})", file=sys.stderr)
        return EXIT_CONFIGURATION
    except StationsFileError as error:
        print(f"configuration error: BOT_STATIONS_FILE: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    except ValueError as error:
        print(f"configuration error: BOT_TOKEN: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    except TelegramError as error:
        print(f"cannot ask Telegram for the bot's username ({type(error).__name__}): use --bot", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{output}: {link}")
    return EXIT_OK


def settings_or_exit() -> Settings:
    try:
        settings = load_settings()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        raise SystemExit(EXIT_CONFIGURATION) from None
    if settings.token is None:
        print(
            "configuration error: BOT_TOKEN: is not set "
            "(use `make run` without it to try the bot on the local emulator)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_CONFIGURATION)
    return settings


def run_bot(settings: Settings) -> int:
    assert settings.token is not None
    configure_logging(
        settings.log_level, [settings.token.get_secret_value()], expected_errors=(InvalidToken,)
    )
    try:
        application = build_application(settings)
    except StationsFileError as error:
        print(f"configuration error: BOT_STATIONS_FILE: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    try:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print(
            "BOT_TOKEN was rejected by Telegram (401 Unauthorized): check it with @BotFather", file=sys.stderr
        )
        return EXIT_FAILURE
    except NetworkError as error:
        print(
            f"cannot reach the Bot API ({type(error).__name__}): check the network or BOT_API_BASE_URL",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.command == "qr":
        return run_qr(arguments)
    return run_bot(settings_or_exit())


if __name__ == "__main__":
    sys.exit(main())
