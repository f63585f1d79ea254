"""`python -m bot`: run the bot (long polling, or webhooks with BOT_WEBHOOK_URL). Exit codes: 0 after a
graceful stop (SIGINT/SIGTERM), 1 when Telegram rejects the token or cannot be reached, 2 on a configuration
error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.channels.telegram.app import BotApplication, build_application
from bot.cli import EXIT_CONFIGURATION, EXIT_FAILURE, EXIT_OK, Task, add_tasks
from bot.config import ConfigurationError, Settings, load_settings
from bot.logs import configure_logging
from bot.stations import StationsFileError


def parse_arguments(argv: Sequence[str] | None) -> tuple[argparse.Namespace, dict[str, Task]]:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="xiaoge-bot: run the Telegram bot for Hangzhou's couriers (long polling, or "
        "webhooks with BOT_WEBHOOK_URL). Settings come from BOT_* environment variables (see README).",
    )
    tasks = add_tasks(parser)
    return parser.parse_args(argv), tasks


def load_settings_or_none() -> Settings | None:
    """The settings, or None after printing the one-line configuration error."""
    try:
        return load_settings()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return None


def run_bot(settings: Settings) -> int:
    if settings.token is None:
        print(
            "configuration error: BOT_TOKEN: is not set "
            "(use `make run` without it to try the bot on the local emulator)",
            file=sys.stderr,
        )
        return EXIT_CONFIGURATION
    secrets = [settings.token.get_secret_value()]
    if settings.geocoder_key is not None:
        secrets.append(settings.geocoder_key.get_secret_value())  # geopy logs request URLs with the key
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(settings.log_level, secrets, expected_errors=(InvalidToken,))
    try:
        application = build_application(settings)
    except StationsFileError as error:  # a catalogue (stations, activities, rewards, ...): names its file
        print(f"configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    try:
        receive_updates(application, settings)
    except StationsFileError as error:  # a catalogue read in post_init (districts, activities, ...)
        print(f"configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
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


def receive_updates(application: BotApplication, settings: Settings) -> None:
    """Long polling, or with BOT_WEBHOOK_URL a webhook server (behind a reverse proxy with TLS) that
    refuses every request without the secret token."""
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    assert settings.webhook_secret is not None, "the settings require it with a webhook"
    host, port = settings.webhook_address
    application.run_webhook(
        listen=host,
        port=port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments, tasks = parse_arguments(argv)
    settings = load_settings_or_none()
    if settings is None:
        return EXIT_CONFIGURATION
    if arguments.command in tasks:
        return tasks[arguments.command](arguments, settings)
    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
