"""The outbox's Telegram side: the transport that calls the Bot API, the admin's progress message, the one
sender per application, and the start-up work (scheduled broadcasts rebuilt as jobs, the sender launched).

The sender talks to Telegram through its own ExtBot *without* the application's AIORateLimiter, and with its
own connection pool:
- the sender paces itself to BOT_BROADCAST_RATE; going through the limiter as well would cap it at the
  limiter's 30/s and make broadcasts and interactive replies queue in the same bucket;
- the limiter's max_retries=3 would swallow 429s inside single calls (each call sleeping on its own, and in
  PTB 22.8 a pause can even be released early by another request, upstream issue 5338), while the sender
  must see every RetryAfter to stop *all* its sends for the time Telegram asks, and then retry;
- a separate pool means a broadcast can never take the connections interactive replies need.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackContext, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.broadcast import (
    Batch,
    BatchStatus,
    Buttons,
    ChannelCounts,
    OutgoingMessage,
    format_duration,
    seconds_left,
)
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotResources
from bot.handlers.jobs import once_across_workers
from bot.i18n import Html, Translator
from bot.message_keys import BROADCAST_BUTTON_KEYS, BROADCAST_STATUS_KEYS
from bot.outbox import (
    MAX_IN_FLIGHT,
    AudienceSelector,
    OutboxSender,
    Progress,
    SendResult,
    SendResultKind,
)
from bot.users import Role
from bot.workers import this_worker

_LOGGER = logging.getLogger(__name__)

SENDER_JOB_ID = "outbox-sender"
SEND_TIMEOUT_S = 10.0


class ControlAction(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class BatchControl(ButtonData, prefix="bcx", role=Role.ADMIN):
    """Pause, Resume or Cancel on a broadcast's progress message: bcx:pause:12."""

    action: ControlAction
    batch_id: int


def scheduled_job_id(batch_id: int) -> str:
    return f"broadcast-{batch_id}"


def inline_keyboard(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.data) for button in row] for row in buttons]
    )


class TelegramTransport:
    """Sends one outbox message and maps Telegram's answer to a SendResult; never raises for Telegram."""

    def __init__(self, bot: ExtBot[None], *, owns_request: bool) -> None:
        self._bot = bot
        self._owns_request = owns_request
        self._ready = asyncio.Lock()
        self._initialized = False

    async def send(self, message: OutgoingMessage) -> SendResult:
        await self._initialize()
        try:
            sent = await self._call(message)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return SendResult(SendResultKind.RETRY_AFTER, retry_after=seconds)
        except Forbidden:
            return SendResult(SendResultKind.BLOCKED)
        except BadRequest as error:  # before NetworkError: BadRequest is one of its subclasses
            if message.edit is not None and "not modified" in error.message:
                return SendResult(SendResultKind.SENT)  # an admin's press showed it already
            return SendResult(SendResultKind.FAILED, error=error.message[:120])
        except NetworkError as error:  # timeouts, dropped connections, 5xx
            return SendResult(SendResultKind.NETWORK, error=type(error).__name__)
        except TelegramError as error:
            return SendResult(SendResultKind.FAILED, error=type(error).__name__)
        # A transport with several kinds of message (WeChat) says which it used, beside the Bot API fields.
        via = sent.api_kwargs.get("via")
        return SendResult(SendResultKind.SENT, via=str(via) if via else None, message_id=sent.message_id)

    async def _call(self, message: OutgoingMessage) -> Message:
        """The one Bot API call the message needs; the message it sent (an album's first) or edited."""
        markup = inline_keyboard(message.buttons)
        bot, chat_id, text, html = self._bot, message.chat_id, message.text, ParseMode.HTML
        if message.edit is not None:
            if message.photo is not None or message.album or message.voice is not None:
                edited = await bot.edit_message_caption(
                    chat_id=chat_id,
                    message_id=message.edit,
                    caption=text,
                    parse_mode=html,
                    reply_markup=markup,
                )
            else:
                edited = await bot.edit_message_text(
                    text, chat_id=chat_id, message_id=message.edit, parse_mode=html, reply_markup=markup
                )
            assert isinstance(edited, Message)  # a chat's message: Telegram answers with it
            return edited
        reply = (
            None
            if message.reply_to is None
            else ReplyParameters(message.reply_to, allow_sending_without_reply=True)  # still sent if deleted
        )
        paid = message.paid or None
        if message.location is not None:
            latitude, longitude = message.location
            sent = await bot.send_location(
                chat_id, latitude=latitude, longitude=longitude, reply_parameters=reply
            )
        elif message.album:
            album = [InputMediaPhoto(file_id, caption=text, parse_mode=html) for file_id in message.album]
            sent = (await bot.send_media_group(chat_id, album, reply_parameters=reply))[0]
        elif message.voice is not None:
            sent = await bot.send_voice(
                chat_id, message.voice, caption=text, parse_mode=html, reply_parameters=reply
            )
        elif message.photo is not None:
            sent = await bot.send_photo(
                chat_id,
                message.photo,
                caption=text,
                parse_mode=html,
                reply_markup=markup,
                reply_parameters=reply,
                allow_paid_broadcast=paid,
            )
        else:
            sent = await bot.send_message(
                chat_id,
                text,
                parse_mode=html,
                reply_markup=markup,
                reply_parameters=reply,
                allow_paid_broadcast=paid,
            )
        return sent

    async def _initialize(self) -> None:
        async with self._ready:
            if not self._initialized:
                await self._bot.initialize()
                self._initialized = True

    async def close(self) -> None:
        if self._owns_request and self._initialized:
            await self._bot.shutdown()


@runtime_checkable
class OutboxRequestSource(Protocol):
    """A transport whose notices travel differently from replies (WeChat: a template message outside the
    48-hour window, where a reply would be refused)."""

    def for_outbox(self) -> BaseRequest: ...


def _sender_bot(application: Application[Any, Any, Any, Any, BotResources, Any]) -> tuple[ExtBot[None], bool]:
    """An ExtBot without rate limiter: its own HTTP pool in production, the injected request in tests."""
    shared = application.bot.request
    request: BaseRequest
    if isinstance(shared, HTTPXRequest):
        request = HTTPXRequest(
            connection_pool_size=MAX_IN_FLIGHT + 4,
            read_timeout=SEND_TIMEOUT_S,
            write_timeout=SEND_TIMEOUT_S,
            connect_timeout=SEND_TIMEOUT_S,
            pool_timeout=SEND_TIMEOUT_S,
        )
        owns = True
    elif isinstance(shared, OutboxRequestSource):
        request, owns = shared.for_outbox(), True
    else:
        request, owns = shared, False
    # The application's own token and URLs: Telegram's, or the WeChat transport's placeholders.
    token = application.bot.token
    bot: ExtBot[None] = ExtBot(
        token,
        base_url=application.bot.base_url.removesuffix(token),
        base_file_url=application.bot.base_file_url.removesuffix(token),
        request=request,
        get_updates_request=request,
    )
    return bot, owns


def render_progress(translator: Translator, language: str, batch: Batch, progress: Progress) -> Html:
    counts = progress.counts
    left = seconds_left(counts.pending, progress.rate, progress.set_rate)
    text = translator(
        language,
        "broadcast-progress",
        id=batch.id,
        status=translator(language, BROADCAST_STATUS_KEYS[batch.status]),
        sent=counts.sent,
        failed=counts.failed,
        blocked=counts.blocked,
        total=counts.total,
        rate=f"{progress.rate:.1f}",
        left=format_duration(left),
    )
    return with_channels(translator, language, text, progress.channels)


def with_channels(translator: Translator, language: str, text: Html, channels: ChannelCounts) -> Html:
    """The figures on each channel under the totals, when some recipients are on WeChat."""
    if not channels.wechat.total:
        return text
    telegram, wechat = channels.telegram, channels.wechat
    lines = translator(
        language,
        "broadcast-channels",
        telegram_sent=telegram.sent,
        telegram_failed=telegram.failed,
        telegram_blocked=telegram.blocked,
        telegram_total=telegram.total,
        wechat_sent=wechat.sent,
        by_message=wechat.by_message,
        by_template=wechat.by_template,
        wechat_failed=wechat.failed,
        wechat_blocked=wechat.blocked,
        wechat_total=wechat.total,
    )
    return Html(f"{text}\n{lines}")


def progress_buttons(translator: Translator, language: str, batch: Batch) -> InlineKeyboardMarkup | None:
    """Pause and Cancel while sending, Resume and Cancel while paused, Cancel while scheduled."""
    pause, resume, cancel = ControlAction.PAUSE, ControlAction.RESUME, ControlAction.CANCEL
    actions = {
        BatchStatus.ACTIVE: (pause, cancel),
        BatchStatus.PREPARING: (cancel,),  # a half-prepared batch cannot pause: resuming would skip people
        BatchStatus.PAUSED: (resume, cancel),
        BatchStatus.SCHEDULED: (cancel,),
    }.get(batch.status, ())
    if not actions:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    translator(language, BROADCAST_BUTTON_KEYS[action]),
                    callback_data=BatchControl(action, batch.id).pack(),
                )
                for action in actions
            ]
        ]
    )


class TelegramProgressReporter:
    """Keeps the admin's one progress message up to date (edits) and sends the final report."""

    def __init__(self, application: Application[Any, Any, Any, Any, BotResources, Any]) -> None:
        self._application = application

    async def _language(self, user_id: int) -> str:
        resources = self._application.bot_data
        profile = await resources.store.users.get(user_id)
        return profile.language if profile else resources.settings.default_language

    async def progress(self, batch: Batch, progress: Progress) -> None:
        if batch.created_by is None:
            return  # personal messages (reminders) have no one watching
        resources = self._application.bot_data
        language = await self._language(batch.created_by)
        text = render_progress(resources.translator, language, batch, progress)
        markup = progress_buttons(resources.translator, language, batch)
        bot = self._application.bot
        try:
            if batch.progress_chat_id is None or batch.progress_message_id is None:
                message = await bot.send_message(batch.created_by, text, reply_markup=markup)
                await resources.store.outbox.set_progress_message(
                    batch.id, message.chat_id, message.message_id
                )
            else:
                await bot.edit_message_text(
                    text,
                    chat_id=batch.progress_chat_id,
                    message_id=batch.progress_message_id,
                    reply_markup=markup,
                )
        except BadRequest as error:
            if "not modified" not in error.message:
                _LOGGER.warning("progress message of batch %s: %s", batch.id, error.message)
        except TelegramError as error:
            _LOGGER.warning("progress message of batch %s: %s", batch.id, type(error).__name__)

    async def finished(self, batch: Batch, progress: Progress) -> None:
        await self.progress(batch, progress)
        if batch.created_by is None or batch.status is not BatchStatus.DONE:
            return
        resources = self._application.bot_data
        language = await self._language(batch.created_by)
        counts = progress.counts
        report = resources.translator(
            language,
            "broadcast-report",
            id=batch.id,
            sent=counts.sent,
            failed=counts.failed,
            blocked=counts.blocked,
            total=counts.total,
            duration=format_duration(progress.elapsed_s),
        )
        report = with_channels(resources.translator, language, report, progress.channels)
        try:
            await self._application.bot.send_message(batch.created_by, report)
        except TelegramError as error:
            _LOGGER.warning("final report of batch %s: %s", batch.id, type(error).__name__)


# --- one sender per application ----------------------------------------------------------------------------

_SENDERS: weakref.WeakKeyDictionary[BotResources, tuple[OutboxSender, TelegramTransport]] = (
    weakref.WeakKeyDictionary()
)


def audience_selector(resources: BotResources) -> AudienceSelector:
    return AudienceSelector(resources.store.outbox, lambda: resources.catalogue, resources.settings.admin_ids)


def outbox_sender(application: Application[Any, Any, Any, Any, BotResources, Any]) -> OutboxSender:
    """The application's sender, created on first use."""
    resources = application.bot_data
    found = _SENDERS.get(resources)
    if found is None:
        bot, owns_request = _sender_bot(application)
        transport = TelegramTransport(bot, owns_request=owns_request)
        sender = OutboxSender(
            resources.store.outbox,
            audience_selector(resources),
            transport,
            TelegramProgressReporter(application),
            resources.settings.broadcast_rate,
            chat_rate=resources.settings.admin_chat_per_minute / 60,
            worker=this_worker(),
            shared_rate=resources.store.db.dialect == "postgresql",  # a shared store: other workers send too
        )
        found = _SENDERS[resources] = (sender, transport)
    return found[0]


async def _run_sender(context: CallbackContext[Any, Any, Any, BotResources]) -> None:
    """Runs once the application is running: a task made with create_task now is awaited by
    Application.stop(), so a graceful stop lets the sends in flight finish and commit."""
    application = context.application
    sender = outbox_sender(application)
    _, transport = _SENDERS[application.bot_data]

    async def run() -> None:
        try:
            await sender.run(lambda: application.running)
        finally:
            await transport.close()

    application.create_task(run(), name="outbox-sender")


async def _fire_scheduled(context: CallbackContext[Any, Any, Any, BotResources]) -> None:
    assert context.job is not None and isinstance(context.job.data, int)
    store = context.bot_data.store
    if await store.outbox.change_status(
        context.job.data, BatchStatus.PREPARING, only_from=(BatchStatus.SCHEDULED,)
    ):
        _LOGGER.info("scheduled broadcast %s is due", context.job.data)
        outbox_sender(context.application).wake()


def schedule_batch(
    application: Application[Any, Any, Any, Any, BotResources, Any], batch_id: int, when: datetime
) -> None:
    """A job with a stable id, so a rebuild at start replaces it instead of doubling it; a time that
    passed while the bot was down fires at once."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    due = max(when, application.bot_data.clock.utc() + timedelta(seconds=1))
    application.job_queue.run_once(
        once_across_workers(_fire_scheduled),
        when=due,
        data=batch_id,
        name=scheduled_job_id(batch_id),
        job_kwargs={"id": scheduled_job_id(batch_id), "replace_existing": True, "misfire_grace_time": None},
    )


def unschedule_batch(application: Application[Any, Any, Any, Any, BotResources, Any], batch_id: int) -> None:
    if application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(scheduled_job_id(batch_id)):
            job.schedule_removal()


async def reschedule_broadcasts(application: Application[Any, Any, Any, Any, BotResources, Any]) -> None:
    """The scheduled broadcasts' jobs, rebuilt from the database under their stable ids."""
    for batch in await application.bot_data.store.outbox.with_status(BatchStatus.SCHEDULED):
        assert batch.scheduled_at is not None
        schedule_batch(application, batch.id, batch.scheduled_at)


async def start_outbox(application: Application[Any, Any, Any, Any, BotResources, Any]) -> None:
    """Called once from post_init: rebuild the scheduled broadcasts' jobs and launch the sender, which
    resumes whatever was preparing or sending when the process stopped."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    await reschedule_broadcasts(application)
    application.job_queue.run_once(
        _run_sender, when=0, name=SENDER_JOB_ID, job_kwargs={"id": SENDER_JOB_ID, "replace_existing": True}
    )
