"""The browser chat of ``make run`` without a token: a WeChat-style page where a newcomer talks to the bot.

It runs in the emulator's process and acts through the emulator's user-side API, exactly as the terminal chat
does: type text, tap inline and keyboard buttons, share a location by clicking a map, send a photo, as a
courier, an observer or an admin. New bot messages reach the page as server-sent events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web

from bot.emulator.server import BotApiEmulator, ChatEvent, EmulatorUsageError
from bot.emulator.wechat import WeChatEmulator
from bot.emulator.wechatpersona import WeChatPersona
from bot.stations import StationCatalogue, StationsFileError, load_stations

Json = dict[str, Any]
logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
LEAFLET_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "leaflet"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PORT = 8080
KEEP_ALIVE_SECONDS = 15.0
TELEGRAM_LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}  # as in chat.py, which imports this module
TOKEN_HEADER = "X-Chat-Token"
_TOKEN_PLACEHOLDER = "{{chat-token}}"


class ChatPersona(Protocol):
    """Who the newcomer can be (the terminal chat's `Persona` fits)."""

    @property
    def user_id(self) -> int: ...

    @property
    def first_name(self) -> str: ...

    @property
    def language(self) -> str: ...


class WebChat:
    """The chat page and its small JSON API on 127.0.0.1, over a running :class:`BotApiEmulator`.

    The personas and the group must exist in the emulator already. The page reads the bot's messages from the
    emulator (edits and deletions applied) and keeps the users' own messages here, to show both sides.
    """

    def __init__(
        self,
        emulator: BotApiEmulator,
        personas: Mapping[str, ChatPersona],
        group: tuple[int, str] | None = None,
        catalogue: StationCatalogue | None = None,
        wechat: WeChatEmulator | None = None,
    ) -> None:
        self.emulator = emulator
        self.personas = dict(personas)
        # With the WeChat emulator, one more persona talks to the bot through WeChat.
        self.wechat = WeChatPersona(wechat, self._publish) if wechat is not None else None
        if self.wechat is not None:
            self.personas["wechat"] = self.wechat
        self.group = group
        self.catalogue = catalogue
        self._languages = {persona.user_id: persona.language for persona in self.personas.values()}
        self._user_messages: dict[int, list[Json]] = {}
        self._subscribers: set[asyncio.Queue[Json | None]] = set()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # Any web page the user visits can post to 127.0.0.1; only this chat's own page knows the token.
        self._token = secrets.token_urlsafe(32)
        emulator.add_listener(self._on_event)

    @property
    def url(self) -> str:
        if self._port is None:
            raise EmulatorUsageError("the web chat is not started")
        return f"http://127.0.0.1:{self._port}/"

    async def start(self, port: int = 0) -> None:
        """Listens on 127.0.0.1 only: the page can act as any user, admins included."""
        app = web.Application(middlewares=[self._only_from_own_page])
        app.router.add_get("/", self._page)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/api/chat", self._chat)
        app.router.add_get("/api/events", self._events)
        app.router.add_post("/api/{action}", self._act)
        app.router.add_static("/static/", STATIC_DIR)
        app.router.add_static("/leaflet/", LEAFLET_DIR)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            await self._runner.cleanup()
            raise
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        for queue in self._subscribers:
            queue.put_nowait(None)  # ends each open event stream
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -----------------------------------------------------------------------------------------------------
    # Who may ask

    @web.middleware
    async def _only_from_own_page(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """The page acts as an admin, so a request must come from it: addressed to this server by name (a
        rebound DNS name would let another site read the page and its token) and, when it acts, sent by
        the page's script (same origin, JSON, the page's token). Anything else is refused and changes nothing.
        """
        if request.host not in self._own_hosts():
            return _refuse("unknown host")
        if request.method != "GET":
            origin = request.headers.get("Origin") or _origin_of(request.headers.get("Referer", ""))
            if origin not in {f"http://{host}" for host in self._own_hosts()}:
                return _refuse("cross-site request")
            if request.content_type != "application/json":
                return _refuse("JSON only")
            if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), self._token):
                return _refuse("missing or wrong chat token: reload the page")
        return await handler(request)

    def _own_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self._port}", f"localhost:{self._port}"}

    # -----------------------------------------------------------------------------------------------------
    # What the page reads

    async def _page(self, request: web.Request) -> web.Response:
        page = (STATIC_DIR / "chat.html").read_text(encoding="utf-8").replace(_TOKEN_PLACEHOLDER, self._token)
        return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def _state(self, request: web.Request) -> web.Response:
        personas = [
            {
                "key": key,
                "user_id": persona.user_id,
                "name": persona.first_name,
                "language": self._languages[persona.user_id],
            }
            for key, persona in self.personas.items()
        ]
        group = {"chat_id": self.group[0], "title": self.group[1]} if self.group else None
        stations = [
            {"lat": station.lat, "lon": station.lon, "name": station.name.zh}
            for station in (self.catalogue or ())
        ]
        return web.json_response({"personas": personas, "group": group, "stations": stations})

    async def _chat(self, request: web.Request) -> web.Response:
        """Both sides of one chat in order: the bot's messages as they are now, and the user's."""
        try:
            chat_id = int(request.query["chat_id"])
        except (KeyError, ValueError):
            raise web.HTTPBadRequest(text="chat_id is required") from None
        if self.wechat is not None and chat_id == self.wechat.user_id:
            return web.json_response({"chat_id": chat_id, "entries": self.wechat.entries})
        entries: list[Json] = [{"side": "bot", "message": m} for m in self.emulator.messages_to(chat_id)]
        entries += [{"side": "user", "message": message} for message in self._user_messages.get(chat_id, [])]
        entries.sort(key=lambda entry: int(entry["message"]["message_id"]))
        return web.json_response({"chat_id": chat_id, "entries": entries})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: one per change in any chat; the page reloads the chat it shows."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[Json | None] = asyncio.Queue()
        self._subscribers.add(queue)
        try:
            await response.write(b": connected\n\n")
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                if event is None:
                    break
                data = json.dumps(event, ensure_ascii=False)
                await response.write(f"data: {data}\n\n".encode())
        except ConnectionResetError:
            pass  # the tab was closed
        finally:
            self._subscribers.discard(queue)
        return response

    def _on_event(self, event: ChatEvent) -> None:
        self._publish({"kind": event.kind, "chat_id": event.chat_id, "message": event.message})

    def _publish(self, event: Json) -> None:
        for queue in self._subscribers:
            queue.put_nowait(event)

    # -----------------------------------------------------------------------------------------------------
    # What the page does as a user

    async def _act(self, request: web.Request) -> web.Response:
        actions: dict[str, Callable[[int, Json], Awaitable[Json | None]]] = {
            "text": self._send_text,
            "location": self._send_location,
            "photo": self._send_photo,
            "press": self._press,
            "language": self._set_language,
        }
        action = actions.get(request.match_info["action"])
        if action is None:
            raise web.HTTPNotFound()
        try:
            body = await request.json()
            user_id = int(body["user_id"])
            if user_id not in self._languages:
                raise EmulatorUsageError(f"{user_id} is not one of the personas")
            if self.wechat is not None and user_id == self.wechat.user_id:
                await self._act_on_wechat(request.match_info["action"], body)
                return web.json_response({"ok": True})
            sent = await action(user_id, body)
        except (EmulatorUsageError, KeyError, TypeError, ValueError) as problem:
            return web.json_response({"ok": False, "description": str(problem)}, status=400)
        if sent is not None:
            self._user_messages.setdefault(user_id, []).append(sent)
            self._publish({"kind": "user", "chat_id": user_id, "message": sent})
        return web.json_response({"ok": True})

    async def _act_on_wechat(self, action: str, body: Json) -> None:
        """The WeChat persona's acts; its own messages are kept and published by the persona."""
        assert self.wechat is not None
        if action == "text":
            text = str(body["text"]).strip()
            if not text:
                raise ValueError("the message is empty")
            sent = await self.wechat.send_text(text)
        elif action == "location":
            sent = await self.wechat.send_location(float(body["latitude"]), float(body["longitude"]))
        elif action == "photo":
            sent = await self.wechat.send_photo()
        elif action == "press":
            await self.wechat.press(int(body["message_id"]), int(body["index"]))
            return
        else:
            raise ValueError("WeChat does not tell the bot the app's language: send /language instead")
        self._publish({"kind": "user", "chat_id": self.wechat.user_id, "message": sent})

    async def _send_text(self, user_id: int, body: Json) -> Json:
        text = str(body["text"]).strip()
        if not text:
            raise ValueError("the message is empty")
        return await self.emulator.send_text(user_id, text)

    async def _send_location(self, user_id: int, body: Json) -> Json:
        latitude, longitude = float(body["latitude"]), float(body["longitude"])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError("latitude −90…90, longitude −180…180")
        return await self.emulator.send_location(user_id, latitude, longitude)

    async def _send_photo(self, user_id: int, body: Json) -> Json:
        return await self.emulator.send_photo(user_id, str(body.get("caption") or "").strip() or None)

    async def _press(self, user_id: int, body: Json) -> None:
        await self.emulator.press_button(user_id, int(body["message_id"]), int(body["index"]))

    async def _set_language(self, user_id: int, body: Json) -> None:
        """Changes the Telegram app's language, which the bot reads for users it has not asked yet."""
        language = str(body["language"])
        if language not in TELEGRAM_LANGUAGE_CODES:
            raise ValueError("language is zh or en")
        persona = next(persona for persona in self.personas.values() if persona.user_id == user_id)
        await self.emulator.add_user(
            user_id, persona.first_name, language_code=TELEGRAM_LANGUAGE_CODES[language]
        )
        self._languages[user_id] = language


def _refuse(reason: str) -> web.Response:
    return web.json_response({"ok": False, "description": reason}, status=403)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# ---------------------------------------------------------------------------------------------------------
# Wiring into ``make run``


async def start_web_chat(
    emulator: BotApiEmulator,
    personas: Mapping[str, ChatPersona],
    group: tuple[int, str] | None,
    environ: Mapping[str, str],
    wechat: WeChatEmulator | None = None,
) -> WebChat:
    """The chat page on BOT_WEB_PORT, else on 8080, else on any free port (the URL is printed)."""
    web_chat = WebChat(emulator, personas, group, _catalogue(environ), wechat)
    wanted = int(environ["BOT_WEB_PORT"]) if environ.get("BOT_WEB_PORT", "").isdigit() else DEFAULT_PORT
    try:
        await web_chat.start(wanted)
    except OSError:
        await web_chat.start(0)
    return web_chat


def with_map_port(env: dict[str, str]) -> dict[str, str]:
    """The bot process's environment with BOT_WEB_PORT on a free port of its own, so that its
    "🗺 服务地图" button works in the browser chat (whose page holds the port the user chose)."""
    return {**env, "BOT_WEB_PORT": str(free_port())}


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _catalogue(environ: Mapping[str, str]) -> StationCatalogue | None:
    """The stations, drawn on the location picker so a newcomer knows where to click without map tiles."""
    path = Path(environ.get("BOT_STATIONS_FILE") or REPOSITORY_ROOT / "data" / "stations.yaml")
    try:
        return load_stations(path)
    except StationsFileError as error:
        logger.warning("web chat: no stations on the location picker: %s", error)
        return None
