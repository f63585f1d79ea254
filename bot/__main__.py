"""`python -m bot`: run the bot (long polling, or webhooks with BOT_WEBHOOK_URL). Exit codes: 0 after a
graceful stop (SIGINT/SIGTERM), 1 when Telegram rejects the token or cannot be reached, 2 on a configuration
error."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.request import HTTPXRequest

from bot.channels.telegram.app import BotApplication, build_application
from bot.cli import EXIT_CONFIGURATION, EXIT_FAILURE, EXIT_OK, Task, add_tasks
from bot.config import ConfigurationError, Settings, load_settings
from bot.logs import configure_logging
from bot.stations import StationsFileError
from bot.storage import Storage


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
    if settings.token is None and not settings.wechat_enabled:
        print(
            "configuration error: BOT_TOKEN: is not set, nor BOT_WECHAT_TOKEN: at least one channel is "
            "needed (use `make run` without them to try the bot on the local emulator)",
            file=sys.stderr,
        )
        return EXIT_CONFIGURATION
    secrets = [
        secret.get_secret_value()
        for secret in (
            settings.token,
            settings.geocoder_key,  # geopy logs request URLs with the key
            settings.webhook_secret,
            settings.wechat_token,
            settings.wechat_app_secret,
            settings.wechat_aes_key,
        )
        if secret is not None
    ]
    configure_logging(settings.log_level, secrets, expected_errors=(InvalidToken,))
    try:
        application, wechat_only = build_channels(settings)
    except StationsFileError as error:  # a catalogue (stations, activities, rewards, ...): names its file
        print(f"configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIGURATION
    try:
        if wechat_only:
            asyncio.run(serve_without_updater(application))
        else:
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


def build_channels(settings: Settings) -> tuple[BotApplication, bool]:
    """The application that runs the process, and whether it is WeChat's alone. With both channels,
    Telegram's runs the process (updater, jobs, outbox, web server) and WeChat's is its companion,
    started after it and stopped before it; each sends the other's chats' calls to the other."""
    if not settings.wechat_enabled:
        return build_application(settings), False
    from bot.channels.wechat import BASE_URL as WECHAT_BASE_URL  # wechatpy loads only with WeChat
    from bot.channels.wechat import WeChatChannel, with_wechat_admins

    settings = with_wechat_admins(settings, alone=settings.token is None)
    store = Storage(settings.database)
    channel = WeChatChannel.for_settings(settings, store)
    if settings.token is None:
        return build_application(settings, wechat=channel, store=store), True
    from bot.channels.routing import ChannelRouter, is_wechat_chat

    telegram_api = f"{settings.api_base_url}{settings.token.get_secret_value()}"
    to_wechat = ChannelRouter(
        HTTPXRequest(connection_pool_size=256),
        channel.request.copy(),
        is_wechat_chat,
        lambda method: f"{WECHAT_BASE_URL}/{method}",  # the WeChat request reads only the method
    )
    telegram = build_application(settings, request=to_wechat, store=store)
    to_telegram = ChannelRouter(
        channel.request,
        HTTPXRequest(),
        lambda chat: not is_wechat_chat(chat),
        lambda m: f"{telegram_api}/{m}",
    )
    wechat = build_application(settings, wechat=channel, store=store, companion=True, request=to_telegram)
    telegram.bot_data.web_routes.extend(channel.receiver.routes())
    # A station shows both codes: a courier of either app can scan it, whichever app the staff use.
    both = (*telegram.bot_data.start_links, channel.start_links)
    telegram.bot_data.start_links = wechat.bot_data.start_links = both
    attach_companion(telegram, wechat)
    return telegram, False


def attach_companion(primary: BotApplication, companion: BotApplication) -> None:
    primary_init, primary_shutdown = primary.post_init, primary.post_shutdown

    async def post_init(application: BotApplication) -> None:
        if primary_init is not None:
            await primary_init(application)
        await companion.initialize()
        if companion.post_init is not None:
            await companion.post_init(companion)
        await companion.start()

    async def post_shutdown(application: BotApplication) -> None:
        await stop_application(companion)
        if primary_shutdown is not None:
            await primary_shutdown(application)

    primary.post_init, primary.post_shutdown = post_init, post_shutdown


async def serve_without_updater(application: BotApplication) -> None:
    """What run_polling does, for an application whose updates come from elsewhere (WeChat's receiver):
    start, wait for SIGINT or SIGTERM, stop gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await stop.wait()
    finally:
        await stop_application(application)


async def stop_application(application: BotApplication) -> None:
    if application.running:
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


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
