"""Typed context: handlers reach settings, storage and the translator as properties, not string keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.catalogues import Catalogues
from bot.clock import Clock
from bot.config import Settings
from bot.geocoding import PlaceFinder
from bot.i18n import Html, Translator
from bot.notify import Notifier
from bot.scan import StartLinks
from bot.stations import StationCatalogue
from bot.storage import Storage
from bot.users import Actor, Role, UserProfile, effective_roles
from bot.weather import Weather

if TYPE_CHECKING:  # bot.web.app reads BotResources; importing it here at run time would be circular
    from starlette.routing import BaseRoute

    from bot.channels.wechat import WeChatChannel
    from bot.web.app import WebServer


class BotResources:
    """The application's shared resources, in the slot PTB reserves for bot_data (never persisted)."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._store: Storage | None = None
        self._translator: Translator | None = None
        self._catalogues: Catalogues | None = None
        self._places: PlaceFinder | None = None
        self._notifier: Notifier | None = None
        self._clock: Clock | None = None
        self.weather: Weather | None = None  # heat forecasts: opened in post_init by bot.handlers.heat
        self.web_server: WebServer | None = None  # the service map: started in post_init by bot.web.app
        self.web_routes: list[BaseRoute] = []  # served beside the map: WeChat's /wechat callback
        self.wechat: WeChatChannel | None = None  # this application's transport, when it serves WeChat
        self.companion = False  # True for a second application that leaves process-wide work to the first
        # Each running channel's QR codes for a /start payload, whichever channel a handler serves: a
        # station's code must scan in either app (set by build_application, both in bot/__main__.py).
        self.start_links: tuple[StartLinks, ...] = ()

    def configure(
        self,
        settings: Settings,
        store: Storage,
        translator: Translator,
        catalogues: Catalogues,
        places: PlaceFinder,
        notifier: Notifier,
        clock: Clock,
    ) -> None:
        self._settings, self._store, self._translator = settings, store, translator
        self._clock = clock
        self._catalogues, self._places, self._notifier = catalogues, places, notifier

    @property
    def settings(self) -> Settings:
        assert self._settings is not None, "BotResources.configure was not called"
        return self._settings

    @property
    def store(self) -> Storage:
        assert self._store is not None, "BotResources.configure was not called"
        return self._store

    @property
    def translator(self) -> Translator:
        assert self._translator is not None, "BotResources.configure was not called"
        return self._translator

    @property
    def catalogues(self) -> Catalogues:
        """Stations, activities, rewards and report categories, validated at start."""
        assert self._catalogues is not None, "BotResources.configure was not called"
        return self._catalogues

    @property
    def catalogue(self) -> StationCatalogue:
        """The stations: the catalogue most features read."""
        return self.catalogues.stations

    @property
    def places(self) -> PlaceFinder:
        assert self._places is not None, "BotResources.configure was not called"
        return self._places

    @property
    def clock(self) -> Clock:
        """The one source of "now" (bot/clock.py)."""
        assert self._clock is not None, "BotResources.configure was not called"
        return self._clock

    @property
    def notifier(self) -> Notifier:
        """The one way to message people other than the one talking: through the outbox."""
        assert self._notifier is not None, "BotResources.configure was not called"
        return self._notifier


UserData = dict[Any, Any]
ChatData = dict[Any, Any]


class BotContext(CallbackContext[ExtBot[None], UserData, ChatData, BotResources]):
    """One per update. `profile` is filled by the tracking handler that runs before all others."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.profile: UserProfile | None = None

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    @property
    def store(self) -> Storage:
        return self.bot_data.store

    @property
    def now(self) -> datetime:
        """The local time of BOT_TIMEZONE: opening hours and schedules are local."""
        return self.bot_data.clock.now()

    @property
    def language(self) -> str:
        return self.profile.language if self.profile else self.settings.default_language

    @property
    def roles(self) -> frozenset[Role]:
        if self.profile is None:
            return frozenset({Role.COURIER})
        return effective_roles(self.profile.id, self.profile.stored_roles, self.settings.admin_ids)

    @property
    def actor(self) -> Actor:
        """The person talking, for the business actions that check a station's scope."""
        assert self.profile is not None
        return Actor(self.profile.id, self.roles, self.profile.staff_stations)

    def text(self, key: str, **args: Any) -> Html:
        """A catalogue message in this user's language."""
        return self.bot_data.translator(self.language, key, **args)
