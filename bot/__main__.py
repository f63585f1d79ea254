"""`python -m bot`: run the bot (long polling). Exit codes: 0 after a graceful stop (SIGINT/SIGTERM),
1 when Telegram rejects the token or cannot be reached, 2 on a configuration error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.app import build_application
from bot.config import ConfigurationError, Settings, load_settings
from bot.logs import configure_logging
from bot.stations import StationsFileError

EXIT_OK, EXIT_FAILURE, EXIT_CONFIGURATION = 0, 1, 2


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="xiaoge-bot: run the Telegram bot for Hangzhou's couriers (long polling). "
        "Settings come from BOT_* environment variables (see README).",
    )
    return parser.parse_args(argv)


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
    parse_arguments(argv)
    return run_bot(settings_or_exit())


if __name__ == "__main__":
    sys.exit(main())
