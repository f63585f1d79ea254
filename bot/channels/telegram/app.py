"""build_application(settings): the one factory. Resources open in post_init and close in post_shutdown."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.catalogues import Catalogues
from bot.channels.telegram.context import BotContext, BotResources
from bot.channels.telegram.delivery import outbox_sender, reschedule_broadcasts, start_outbox
from bot.channels.telegram.persistence import SqlitePersistence
from bot.channels.telegram.processing import PerChatUpdateProcessor, ordering_key, person_ordering_key
from bot.clock import Clock
from bot.config import DATA_DIR, Settings
from bot.geocoding import OnlineGeocoder, PlaceFinder
from bot.handlers import (
    broadcast,
    cancel,
    checkin,
    common,
    consult,
    errors,
    events,
    export,
    free_text,
    heat,
    language,
    membership,
    naming,
    nearest,
    points,
    policy,
    privacy,
    reports,
    roles,
    station,
    stats,
    tracking,
    triage,
    volunteer,
)
from bot.handlers.intake import Intake
from bot.handlers.jobs import keep_adopting
from bot.handlers.menus import publish_default_menus, publish_user_menu
from bot.i18n import Translator
from bot.notify import Notifier
from bot.places import Gazetteer
from bot.scan import TelegramStartLinks
from bot.storage import Storage
from bot.storage.database import is_postgres_url
from bot.users import effective_roles

if TYPE_CHECKING:  # the WeChat channel loads wechatpy only where WeChat is configured
    from bot.channels.wechat import WeChatChannel

BotApplication = Application[Any, BotContext, Any, Any, BotResources, Any]

# Handler groups: every group sees every update, and within a group the first matching handler
# answers. So all answering handlers share GROUP_FEATURES and their order there matters:
# conversations first (they claim the text, photos and locations of their steps), then commands,
# then free input (a shared location, a typed place), and the fallbacks last.
GROUP_FLOOD = -30  # drops a flooding user's updates before they cost a database write
GROUP_REDELIVERY = -20  # drops an update that was already handled before a crash
GROUP_TRACKING = -10  # registers the sender before any feature sees the update
GROUP_FEATURES = 0
GROUP_PERSIST = 100  # writes the update's conversation state at once, after every feature


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    rate_limited: bool = True,
    wechat: WeChatChannel | None = None,
    store: Storage | None = None,
    companion: bool = False,
    clock: Clock | None = None,
) -> BotApplication:
    """`request` replaces the HTTP client in handler tests (a recording request); `rate_limited=False`
    lets the throughput bench measure our handlers rather than Telegram's 30 messages a second; `clock`
    replaces the system clock.

    With `wechat`, the same handlers serve WeChat: its request turns Bot API calls into WeChat calls, and
    there is no updater (its receiver puts Updates on the queue). `store` is shared with the WeChat
    channel's identities; a `companion` application shares it with another application of the process
    and leaves the process-wide work (the outbox sender, the jobs, the web server, closing the store) to
    that one."""
    store = store if store is not None else Storage(settings.database)
    persistence = SqlitePersistence(store)
    processor = PerChatUpdateProcessor(ordering=person_ordering_key if wechat else ordering_key)
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = ApplicationBuilder()
    if wechat is not None:
        from bot.channels import wechat as wechat_channel

        builder = (
            builder.token(wechat_channel.BOT_TOKEN)
            .base_url(wechat_channel.BASE_URL)
            .base_file_url(wechat_channel.BASE_FILE_URL)
            .request(request or wechat.request)
            .get_updates_request(wechat.request)
            .updater(None)
        )
        rate_limited = False  # Telegram's 30 a second is not WeChat's limit (5 replies per message)
    else:
        assert settings.token is not None, "the caller checks that BOT_TOKEN is set"
        builder = (
            builder.token(settings.token.get_secret_value())
            .base_url(settings.api_base_url)
            .base_file_url(settings.file_base_url)
        )
    builder = (
        builder.context_types(ContextTypes(context=BotContext, bot_data=BotResources))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tzinfo))
        .persistence(persistence)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(processor)
    )
    if rate_limited:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if request is not None and wechat is None:
        builder = builder.request(request).get_updates_request(request)
    application: BotApplication = builder.build()
    if store.db.dialect == "postgresql":  # a shared store: the next update may land on another worker
        processor.chat_turn = partial(persistence.chat_turn, application)
    # Each loader raises StationsFileError (or a subclass) with one line for the operator.
    catalogues = Catalogues.load(settings.stations_file)
    gazetteer = Gazetteer.load(DATA_DIR / "places.yaml", catalogues.stations)
    geocoder_key = settings.geocoder_key.get_secret_value() if settings.geocoder_key else None
    places = PlaceFinder(gazetteer, OnlineGeocoder.for_settings(settings.geocoder, geocoder_key))
    notifier = Notifier(
        store,
        wake_sender=lambda: outbox_sender(application).wake(),
        admin_chat_id=settings.admin_chat_id,
        admin_language=settings.default_language,
    )
    application.bot_data.configure(
        settings,
        store,
        Translator(settings.default_language),
        catalogues,
        places,
        notifier,
        clock or Clock(settings.tzinfo),
    )
    application.bot_data.companion = companion
    application.bot_data.wechat = wechat
    application.bot_data.start_links = (
        (TelegramStartLinks(lambda: application.bot.username),) if wechat is None else (wechat.start_links,)
    )
    if wechat is not None and not companion:
        application.bot_data.web_routes.extend(wechat.receiver.routes())

    intake = Intake()
    application.add_handler(intake.flood_handler(), group=GROUP_FLOOD)
    application.add_handler(intake.redelivery_handler(), group=GROUP_REDELIVERY)
    application.add_handlers(tracking.handlers(), group=GROUP_TRACKING)
    application.add_handlers(
        [
            # Order matters: see GROUP_FEATURES.
            *cancel.handlers(),  # before the conversations, which it ends through their fallbacks
            # Conversations: before /cancel of common. /volunteer and /report also start from free text
            # ("今天做了2小时志愿服务", "我要反映"), so they come after the conversations where admins type
            # free text (broadcast content, resolution notes), which must not start them.
            # Before /broadcast's catch-all of "bc" buttons: /consult's form uses its audience buttons.
            *consult.handlers(),
            *broadcast.handlers(),
            *triage.handlers(),
            *events.handlers(),  # the organiser types titles and places: before /volunteer's free text
            *volunteer.handlers(),
            *station.handlers(),
            *reports.handlers(),
            *roles.handlers(),
            *export.handlers(),
            *stats.handlers(),
            *membership.handlers(),
            *checkin.handlers(),  # /start checkin_... before /start's welcome
            *events.start_handlers(),  # /start event_... too
            *points.handlers(),
            *common.handlers(),
            *language.handlers(),
            *naming.handlers(),
            *privacy.handlers(),
            *nearest.handlers(),
            *heat.handlers(),
            *policy.handlers(),
            *nearest.location_handlers(),
            *free_text.handlers(),  # any other text: after every command and conversation
            *common.fallback_handlers(),
        ],
        group=GROUP_FEATURES,
    )
    application.add_handler(intake.persistence_handler(), group=GROUP_PERSIST)
    application.add_error_handler(errors.ErrorReporter().on_error)
    return application


async def _post_init(application: BotApplication) -> None:
    resources = application.bot_data
    await resources.store.open()
    if resources.wechat is not None:
        resources.wechat.receiver.start(application.bot, application.update_queue)
    if resources.companion:
        await publish_default_menus(application.bot, resources.translator)
        return
    await start_outbox(application)  # scheduled broadcasts' jobs; the sender resumes the outbox
    points.schedule_jobs(application)
    privacy.schedule_jobs(application)  # daily: drop old locations
    await triage.schedule_pending_followups(application)  # "解决了吗?" jobs, rebuilt from the database
    await events.schedule_jobs(application)  # events' reminders and hours, rebuilt from the database
    if is_postgres_url(resources.settings.database):  # the store is shared: other workers may schedule
        keep_adopting(
            application, (reschedule_broadcasts, triage.schedule_pending_followups, events.schedule_jobs)
        )
    await heat.start_heat_reminders(application)  # forecast client, check and delivery jobs, catch-up
    await resources.places.open()
    if resources.settings.web_port is not None:
        # Starlette and uvicorn load only where the service map is served (workers' memory adds up).
        from bot.web.app import start_web_server

        await start_web_server(resources)
    await publish_default_menus(application.bot, resources.translator)
    await _publish_role_menus(application)


async def _publish_role_menus(application: BotApplication) -> None:
    """Admins and appointed users get their chat-scoped menu at start, so a release that adds a
    command reaches their menus; couriers' personal menus are set when they choose a language."""
    resources = application.bot_data
    users = resources.store.users
    for user_id in sorted(resources.settings.admin_ids | set(await users.ids_with_any_role())):
        profile = await users.get(user_id)
        if profile is not None:
            roles = effective_roles(profile.id, profile.stored_roles, resources.settings.admin_ids)
            await publish_user_menu(application.bot, resources.translator, profile, roles)


async def _post_shutdown(application: BotApplication) -> None:
    if application.bot_data.wechat is not None:
        await application.bot_data.wechat.receiver.stop()
    if application.bot_data.companion:
        return  # the primary application closes what it shares with this one
    if application.bot_data.web_server is not None:
        from bot.web.app import stop_web_server

        await stop_web_server(application.bot_data)
    await application.bot_data.places.close()
    await heat.stop_heat_reminders(application)
    await application.bot_data.store.close()
