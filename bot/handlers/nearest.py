"""Nearest station: /nearest, a shared (or live) location, and the buttons under the answer.

Button data carries the search origin ("nr|lat|lon|page|filter"), so every page and filter works
after a restart without server state; forging it only changes the forger's own search.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
    WebAppInfo,
)
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.geo import amap_marker_url, baidu_marker_url
from bot.geocoding import GeocoderUnavailable
from bot.handlers.editing import edit_pressed_message
from bot.handlers.paging import navigation_row
from bot.handlers.presses import answer_stale, on_press, press_handler
from bot.handlers.privacy import forget_location_keyboard
from bot.i18n import Html
from bot.message_keys import FILTER_KEYS, SERVICE_KEYS
from bot.nearest import (
    MAX_WALK_MINUTES,
    PAGE_SIZE,
    NearestAnswer,
    ShownStation,
    StationFilter,
    find_nearest,
    is_fresh,
)
from bot.presenters import CHAT_STATUS, Page, distance, opening_status
from bot.services import station as station_service
from bot.station_status import StationStatus, fresh_statuses, status_line
from bot.stations import Service, Station
from bot.web.links import map_page_url, opens_as_mini_app

_LOGGER = logging.getLogger(__name__)
MAX_PAGE = 50
SERVICE_ICONS: dict[Service, str] = {
    Service.WATER: "💧",
    Service.CHARGING: "🔌",
    Service.REST: "🛋",
    Service.TOILET: "🚻",
    Service.MICROWAVE: "🍱",
    Service.FIRST_AID: "🩹",
    Service.BOOKS: "📕",
    Service.POLICY_DESK: "📋",
    Service.COOLING: "❄️",
}
FILTER_ROWS = (
    (StationFilter.ALL, StationFilter.OPEN_NOW, StationFilter.CHARGING),
    (StationFilter.WATER, StationFilter.COOLING, StationFilter.FIRST_AID),
)


def location_keyboard(context: BotContext) -> ReplyKeyboardMarkup:
    """The one-tap "📍 发送位置" button that stays under the chat, and "🗺 服务地图" beside it when the
    map is served: a Mini App with BOT_PUBLIC_URL, else a plain button answered by `map_button_pressed`."""
    row = [KeyboardButton(context.text("nearest-send-location"), request_location=True)]
    map_url = map_page_url(context.settings, context.language)
    if map_url is not None:
        web_app = WebAppInfo(map_url) if opens_as_mini_app(context.settings) else None
        row.append(KeyboardButton(context.text("web-map-button"), web_app=web_app))
    return ReplyKeyboardMarkup([row], resize_keyboard=True, is_persistent=True)


# --- rendering ------------------------------------------------------------------------------------------


def _distance(context: BotContext, metres: float) -> Html:
    return distance(context.bot_data.translator, context.language, metres)


def _status(context: BotContext, shown: ShownStation, now: datetime) -> Html:
    return opening_status(context.bot_data.translator, context.language, shown.status, now, CHAT_STATUS)


def _travel(context: BotContext, shown: ShownStation) -> Html:
    hit = shown.hit
    if hit.walk_min > MAX_WALK_MINUTES:  # nobody walks that far: riding time only
        return context.text("nearest-travel-ride", ebike=hit.ebike_min)
    return context.text("nearest-travel", ebike=hit.ebike_min, walk=hit.walk_min)


def _page(answer: NearestAnswer) -> Page:
    """The answer as a page of a list whose end shows only when reached; no button leads past MAX_PAGE."""
    more = answer.has_more and answer.page < MAX_PAGE
    return Page(answer.page, answer.page + (2 if more else 1), PAGE_SIZE)


def _icons(station: Station) -> str:
    return "".join(icon for service, icon in SERVICE_ICONS.items() if service in station.services)


async def _answer(
    context: BotContext,
    lat: float,
    lon: float,
    *,
    page: int = 0,
    station_filter: StationFilter = StationFilter.ALL,
) -> tuple[NearestAnswer, dict[str, StationStatus]]:
    """The answer with the stations' live statuses: the fresh ones decide what is open now, and every one
    is shown (a stale one as unknown)."""
    now = context.now
    statuses = await station_service.live_statuses(context.store)
    fresh = fresh_statuses(list(statuses.values()), now, context.settings.station_status_validity)
    answer = find_nearest(
        context.bot_data.catalogue, lat, lon, now, page=page, station_filter=station_filter, live=fresh
    )
    return answer, statuses


def _live_line(context: BotContext, status: StationStatus | None, station: Station, now: datetime) -> str:
    if status is None:
        return ""
    line = status_line(
        context.bot_data.translator,
        context.language,
        status,
        station.name.pick(context.language),
        now,
        context.settings.station_status_validity,
    )
    return f"\n{line}"


def render_answer(
    context: BotContext,
    answer: NearestAnswer,
    now: datetime,
    place: str | None,
    statuses: Mapping[str, StationStatus],
) -> Html:
    lines: list[str] = [
        context.text("nearest-header-place", place=place) if place else context.text("nearest-header-here")
    ]
    if answer.station_filter is not StationFilter.ALL:
        lines.append(
            context.text("nearest-header-filter", filter=context.text(FILTER_KEYS[answer.station_filter]))
        )
    if answer.page:
        lines.append(context.text("nearest-header-page", page=answer.page + 1))
    if answer.far_away and answer.best is not None:
        lines += [
            "",
            context.text("nearest-far-away", distance=_distance(context, answer.best.hit.distance_m)),
        ]
    for rank, shown in enumerate(answer.shown, start=_page(answer).first_rank):
        station = shown.hit.station
        lines += [
            "",
            context.text(
                "nearest-item",
                rank=rank,
                name=station.name.pick(context.language),
                distance=_distance(context, shown.hit.distance_m),
                travel=_travel(context, shown),
                status=_status(context, shown, now),
                icons=_icons(station),
            )
            + _live_line(context, statuses.get(station.id), station, now),
        ]
    if not answer.shown:
        lines += [
            "",
            context.text("nearest-none-match", filter=context.text(FILTER_KEYS[answer.station_filter])),
        ]
    used = {service for shown in answer.shown for service in shown.hit.station.services}
    legend = " ".join(
        f"{icon}{context.text(SERVICE_KEYS[service])}"
        for service, icon in SERVICE_ICONS.items()
        if service in used
    )
    if legend:
        lines += ["", context.text("nearest-legend", legend=Html(legend))]
    return Html("\n".join(lines))


# "|" between fields, as before: the buttons of answers already sent keep working.
@dataclass(frozen=True, slots=True)
class AnswerPage(ButtonData, prefix="nr", separator="|"):
    """A page of the answer for a place, with a filter: nr|30.25000|120.17000|1|open."""

    lat: float
    lon: float
    page: int
    station_filter: StationFilter


@dataclass(frozen=True, slots=True)
class StationPin(ButtonData, prefix="nv", separator="|"):
    """The route to one station: its pin, with the map links."""

    station_id: str


def answer_keyboard(
    context: BotContext, answer: NearestAnswer, lat: float, lon: float
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    first_rank = _page(answer).first_rank
    if answer.shown:
        rows.append(
            [
                InlineKeyboardButton(
                    context.text("nearest-button-route", rank=rank),
                    callback_data=StationPin(shown.hit.station.id).pack(),
                )
                for rank, shown in enumerate(answer.shown, start=first_rank)
            ]
        )
    paging = navigation_row(
        _page(answer),
        lambda page: AnswerPage(lat, lon, page, answer.station_filter),
        context.text("nearest-button-first"),
        context.text("nearest-button-next"),
        back_to_first=True,
    )
    if paging:
        rows.append(paging)
    for filter_row in FILTER_ROWS:
        rows.append(
            [
                InlineKeyboardButton(
                    ("✅ " if station_filter is answer.station_filter else "")
                    + context.text(FILTER_KEYS[station_filter]),
                    callback_data=AnswerPage(lat, lon, 0, station_filter).pack(),
                )
                for station_filter in filter_row
            ]
        )
    return InlineKeyboardMarkup(rows)


def navigation_keyboard(context: BotContext, station: Station) -> InlineKeyboardMarkup:
    """Deep links to Amap (GCJ-02) and Baidu (BD-09), each converted from our WGS-84 location."""
    name = station.name.pick(context.language)
    address = station.address.pick(context.language)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.text("nearest-button-amap"), url=amap_marker_url(station.lat, station.lon, name)
                )
            ],
            [
                InlineKeyboardButton(
                    context.text("nearest-button-baidu"),
                    url=baidu_marker_url(station.lat, station.lon, name, address),
                )
            ],
        ]
    )


async def send_station_pin(message: Message, context: BotContext, station: Station) -> None:
    """A Telegram venue pin (WGS-84, as Telegram expects) with the navigation buttons."""
    await message.reply_venue(
        latitude=station.lat,
        longitude=station.lon,
        title=station.name.pick(context.language),
        address=station.address.pick(context.language),
        reply_markup=navigation_keyboard(context, station),
    )


async def send_answer(
    message: Message,
    context: BotContext,
    lat: float,
    lon: float,
    place: str | None = None,
    station_filter: StationFilter = StationFilter.ALL,
) -> None:
    """The list of the 3 nearest stations, then a venue pin of the best one."""
    answer, statuses = await _answer(context, lat, lon, station_filter=station_filter)
    await message.reply_text(
        render_answer(context, answer, context.now, place, statuses),
        reply_markup=answer_keyboard(context, answer, lat, lon),
    )
    if answer.best is not None:
        await send_station_pin(message, context, answer.best.hit.station)


# --- handlers -------------------------------------------------------------------------------------------


async def nearest_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    profile = context.profile
    if profile.last_location is not None and is_fresh(profile.last_location_at, context.now):
        await send_answer(message, context, *profile.last_location)
        return
    await message.reply_text(context.text("nearest-ask"), reply_markup=location_keyboard(context))


async def location_shared(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.location is not None and context.profile is not None
    lat, lon = message.location.latitude, message.location.longitude
    await context.store.users.set_location(context.profile.id, lat, lon)
    await send_answer(message, context, lat, lon)
    if not context.profile.location_notice_shown:
        await context.store.users.mark_location_notice_shown(context.profile.id)
        await message.reply_text(
            context.text("nearest-location-saved", days=context.settings.location_retention_days),
            reply_markup=forget_location_keyboard(context),
        )


async def live_location_moved(update: Update, context: BotContext) -> None:
    """A live location moves every few seconds: store it, and answer again only when the nearest
    station has changed, so the chat is not flooded."""
    message = update.edited_message
    assert message is not None and message.location is not None and context.profile is not None
    lat, lon = message.location.latitude, message.location.longitude
    previous = context.profile.last_location
    await context.store.users.set_location(context.profile.id, lat, lon)
    catalogue = context.bot_data.catalogue
    best_now = catalogue.nearest(lat, lon, 1)
    best_before = catalogue.nearest(*previous, 1) if previous else []
    if best_now and (not best_before or best_before[0].station.id != best_now[0].station.id):
        await send_answer(message, context, lat, lon)


@on_press(AnswerPage)
async def page_pressed(update: Update, context: BotContext, button: AnswerPage) -> None:
    query = update.callback_query
    assert query is not None
    lat, lon, page = button.lat, button.lon, button.page
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= page <= MAX_PAGE):
        await answer_stale(update, context)  # no answer of ours had such a page
        return
    answer, statuses = await _answer(context, lat, lon, page=page, station_filter=button.station_filter)
    await query.answer()
    await edit_pressed_message(
        query,
        render_answer(context, answer, context.now, None, statuses),
        answer_keyboard(context, answer, lat, lon),
    )


@on_press(StationPin)
async def pin_pressed(update: Update, context: BotContext, button: StationPin) -> None:
    query = update.callback_query
    assert query is not None
    station = context.bot_data.catalogue.by_id.get(button.station_id)
    if station is None or not isinstance(query.message, Message):
        await query.answer(context.text("nearest-station-gone"))
        return
    await query.answer()
    await send_station_pin(query.message, context, station)


async def answer_place(message: Message, context: BotContext, text: str) -> bool:
    """Stations near the place `text` names; False (nothing said) when it names no place."""
    try:
        place = await context.bot_data.places.find(text)
    except GeocoderUnavailable:
        await message.reply_text(
            context.text("nearest-geocoder-down"), reply_markup=location_keyboard(context)
        )
        return True
    if place is None:
        return False
    await send_answer(message, context, place.lat, place.lon, place=place.name(context.language))
    return True


async def search_from_text(
    message: Message, context: BotContext, place: str | None, station_filter: StationFilter
) -> None:
    """ "最近的驿站", "武林广场附近的驿站", "哪里能充电": from the place named, else from a fresh shared
    location, else ask for the location."""
    if place is not None and await answer_place(message, context, place):
        return
    profile = context.profile
    assert profile is not None
    if profile.last_location is not None and is_fresh(profile.last_location_at, context.now):
        await send_answer(message, context, *profile.last_location, station_filter=station_filter)
        return
    await message.reply_text(context.text("nearest-ask"), reply_markup=location_keyboard(context))


def filter_for(service: Service | None) -> StationFilter:
    """The answer's filter button for a service a text asked for; ALL for a service without one."""
    values = {station_filter.value for station_filter in StationFilter}
    if service is None or service.value not in values:
        return StationFilter.ALL
    return StationFilter(service.value)


async def map_button_pressed(update: Update, context: BotContext) -> None:
    """The plain "🗺 服务地图" keyboard button sends its label: answer with a button that opens the map."""
    message = update.effective_message
    assert message is not None
    url = map_page_url(context.settings, context.language)
    if url is None:  # the map is not served (any more): the label is just text, which names no place
        await message.reply_text(context.text("nearest-ask"), reply_markup=location_keyboard(context))
        return
    label = context.text("web-map-open")
    button = (
        InlineKeyboardButton(label, web_app=WebAppInfo(url))
        if opens_as_mini_app(context.settings)
        else InlineKeyboardButton(label, url=url)
    )
    await message.reply_text(context.text("web-map-intro"), reply_markup=InlineKeyboardMarkup([[button]]))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("nearest", nearest_command),
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.Regex(r"^🗺"), map_button_pressed
        ),
        press_handler(AnswerPage, page_pressed),
        press_handler(StationPin, pin_pressed),
    ]


def location_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """A location sent outside any conversation: registered after the conversations."""
    private = filters.ChatType.PRIVATE  # a location in a group (the admin chat) is not a search
    return [
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.LOCATION, live_location_moved),
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.LOCATION, location_shared),
    ]
