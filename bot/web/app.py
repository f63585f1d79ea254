"""The service map's web app: Starlette on uvicorn, in the bot's own event loop.

`GET /map` is the page (Leaflet, shipped in static/), `GET /api/stations` the catalogue as GeoJSON with
open-now computed here, `GET /api/events/<id>.ics` an event's calendar file. `start_web_server` and
`stop_web_server` run it from the Application's post_init and post_shutdown, so it lives exactly as long
as the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import json
import logging
import socket
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.events import calendar_file
from bot.geo import Datum
from bot.i18n import Translator
from bot.services.station import live_statuses
from bot.stations import StationCatalogue
from bot.storage import Storage
from bot.users import SUPPORTED_LANGUAGES, language_from_code
from bot.web.catalogue import page_strings, stations_geojson

if TYPE_CHECKING:
    from bot.channels.telegram.context import BotResources

_LOGGER = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
MAP_TEMPLATE = WEB_DIR / "templates" / "map.html"
STOP_TIMEOUT_SECONDS = 5.0

# Amap's tiles are drawn in GCJ-02 and OSM's in WGS-84: markers must be in the datum of the tiles under them.
TILE_DATUMS = {"osm": Datum.WGS84, "amap": Datum.GCJ02, "none": Datum.WGS84}
TILE_LAYERS: dict[str, dict[str, Any]] = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "subdomains": "",
        "attribution": '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "maxZoom": 19,
    },
    "amap": {
        "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "subdomains": "1234",
        "attribution": "© 高德地图 AutoNavi",
        "maxZoom": 18,
    },
}
# The page runs no inline script and loads nothing from elsewhere but the map tiles.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors *"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    settings: Settings,
    catalogue: StationCatalogue,
    translator: Translator,
    extra_routes: Sequence[BaseRoute] = (),
    store: Storage | None = None,
) -> Starlette:
    """The web app over the bot's own settings, catalogue and translator (no Telegram involved);
    `extra_routes` are a channel's callbacks served on the same port (WeChat's /wechat), and `store`
    gives the stations' live statuses and the events' calendar files (none: the catalogue alone)."""
    template = Template(MAP_TEMPLATE.read_text(encoding="utf-8"))
    datum = TILE_DATUMS[settings.map_tiles]

    async def map_page(request: Request) -> Response:
        language = _language(request, settings.default_language)
        config = {
            "language": language,
            "strings": page_strings(translator, language),
            "tiles": TILE_LAYERS.get(settings.map_tiles),
            "api": "api/stations",
        }
        page = template.substitute(
            lang="zh-CN" if language == "zh" else language,
            title=html.escape(translator(language, "web-page-title")),
            config=_script_safe_json(config),
        )
        return HTMLResponse(page, headers=_SECURITY_HEADERS)

    async def stations(request: Request) -> Response:
        try:
            near = _position(request)
        except ValueError:
            return JSONResponse({"error": "lat and lon must be numbers in range"}, status_code=400)
        now = datetime.now(settings.tzinfo)
        language = _language(request, settings.default_language)
        live = await live_statuses(store) if store is not None else {}
        body = stations_geojson(
            catalogue, translator, language, now, datum, near, live, settings.station_status_validity
        )
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def event_calendar(request: Request) -> Response:
        """An event's calendar file, for a link (the chat sends the same file as a document)."""
        event = await store.events.get(request.path_params["event_id"]) if store is not None else None
        if event is None:
            return JSONResponse({"error": "no such event"}, status_code=404)
        language = _language(request, settings.default_language)
        station = catalogue.by_id.get(event.station_id or "")
        body = calendar_file(event, station, language, settings.tzinfo, datetime.now(settings.tzinfo))
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
        )

    async def home(request: Request) -> Response:
        return RedirectResponse("map")

    return Starlette(
        routes=[
            Route("/", home),
            Route("/map", map_page),
            Route("/api/stations", stations),
            Route("/api/events/{event_id:int}.ics", event_calendar),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
            *extra_routes,
        ]
    )


def _language(request: Request, default: str) -> str:
    """?lang=zh|en (the bot's button passes the user's language), else the browser's first language."""
    asked = request.query_params.get("lang", "")
    if asked in SUPPORTED_LANGUAGES:
        return asked
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return language_from_code(first, default)


def _position(request: Request) -> tuple[float, float] | None:
    """The browser's WGS-84 position from ?lat=&lon=, None without one; ValueError when malformed."""
    lat_text, lon_text = request.query_params.get("lat"), request.query_params.get("lon")
    if lat_text is None and lon_text is None:
        return None
    lat, lon = float(lat_text or ""), float(lon_text or "")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("out of range")
    return lat, lon


def _script_safe_json(value: object) -> str:
    """JSON for a <script type="application/json"> block: no "</script>" can end it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


# --- running inside the bot -----------------------------------------------------------------------------


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the Application owns SIGINT/SIGTERM and stops us."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """A uvicorn server task on the running loop, on a socket bound up front so a busy port fails at once."""

    def __init__(self, app: Starlette, host: str, port: int) -> None:
        self._app, self._host, self._port = app, host, port
        self._server: _EmbeddedServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        return self._port

    async def start(self) -> None:
        family = socket.AF_INET6 if ipaddress.ip_address(self._host).version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._port))
        except OSError:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app, log_config=None, access_log=False, lifespan="off", server_header=False
        )
        self._server = _EmbeddedServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="service-map")
        while not self._server.started and not self._task.done():  # noqa: ASYNC110 - uvicorn has only a flag
            await asyncio.sleep(0.01)
        if self._task.done():
            self._task.result()  # raises what stopped it

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(self._task), STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            self._server.force_exit = True
            await self._task
        self._server = self._task = None


async def start_web_server(resources: BotResources) -> None:
    """post_init: serve the map on BOT_WEB_HOST:BOT_WEB_PORT when the port is set.

    A port that cannot be bound is logged and the bot runs on without the map: couriers still get
    the nearest stations in the chat.
    """
    settings = resources.settings
    if settings.web_port is None:
        return
    server = WebServer(
        create_app(
            settings, resources.catalogue, resources.translator, resources.web_routes, resources.store
        ),
        settings.web_host,
        settings.web_port,
    )
    try:
        await server.start()
    except OSError as error:
        _LOGGER.error(
            "service map not served: cannot listen on %s:%s (%s)",
            settings.web_host,
            settings.web_port,
            error.strerror or error,
        )
        return
    resources.web_server = server
    _LOGGER.info("service map on http://%s:%s/map", settings.web_host, server.port)


async def stop_web_server(resources: BotResources) -> None:
    """post_shutdown: let open requests finish (a few seconds at most), then close the socket."""
    if resources.web_server is not None:
        await resources.web_server.stop()
        resources.web_server = None
