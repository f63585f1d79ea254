"""WeChat's QR codes: a parametric QR code (qrcode/create, QR_STR_SCENE) whose scene is a /start payload.

Scanning it sends the bot a SCAN event (or, for someone who does not follow the account yet, a subscribe
event with the scene), which the receiver turns into `/start <scene>`: the same check-in or attendance as
Telegram's deep link, handled by the same handler. `WeChatStartLinks` is WeChat's side of bot/scan.py, for
the /station panel and an event's code; `python -m bot qr` prints the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import httpx

from bot.channels.wechat.request import WeChatApiError, WeChatRequest
from bot.channels.wechat.state import Recent, WeChatState
from bot.config import Settings
from bot.qr import qr_png
from bot.scan import ScanApp, StartLinkError, check_payload
from bot.services.events import attendance_payload
from bot.services.station import station_checkin_payload
from bot.stations import load_stations
from bot.storage import Storage

MAX_EXPIRY = timedelta(days=30)  # WeChat's longest temporary QR code
MIN_EXPIRY = timedelta(minutes=1)
# A ticket that lives to within this of what a new one would is reused: /station pressed twice shows the
# same code, and a code for an event more than 30 days ahead is renewed at most once a day.
RENEWAL_SLACK = timedelta(days=1)
REMEMBERED_TICKETS = 1_000


@dataclass(frozen=True, slots=True)
class Ticket:
    url: str
    expires_at: datetime


class WeChatStartLinks:
    """Temporary parametric QR codes, one per payload while it lasts (WeChat gives a new ticket at every
    qrcode/create; the codes already printed stay valid, but each call costs an API call of the day's
    quota)."""

    app = ScanApp.WECHAT

    def __init__(self, request: WeChatRequest) -> None:
        self._request = request
        self._tickets: Recent[str, Ticket] = Recent(REMEMBERED_TICKETS)

    async def url(self, payload: str, valid_until: datetime, now: datetime) -> str:
        wanted = max(min(valid_until, now + MAX_EXPIRY), now + MIN_EXPIRY)
        cached = self._tickets.get(payload)
        if cached is not None and cached.expires_at > now and cached.expires_at >= wanted - RENEWAL_SLACK:
            return cached.url
        try:
            answer = await self._request.call(
                "qrcode/create",
                {
                    "expire_seconds": int((wanted - now).total_seconds()),
                    "action_name": "QR_STR_SCENE",
                    "action_info": {"scene": {"scene_str": check_payload(payload)}},
                },
            )
        except (WeChatApiError, httpx.HTTPError) as error:
            raise StartLinkError(f"qrcode/create: {error}") from error
        ticket = Ticket(str(answer["url"]), now + timedelta(seconds=int(answer["expire_seconds"])))
        self._tickets.put(payload, ticket)
        return ticket.url


async def _wechat_code(settings: Settings, store: Storage, payload: str, valid_until: datetime) -> str:
    assert settings.wechat_app_id is not None and settings.wechat_app_secret is not None
    request = WeChatRequest(
        WeChatState(store),
        api_base_url=settings.wechat_api_base_url,
        app_id=settings.wechat_app_id,
        app_secret=settings.wechat_app_secret.get_secret_value(),
        default_language=settings.default_language,
    )
    await request.initialize()
    try:
        return await WeChatStartLinks(request).url(payload, valid_until, datetime.now(settings.tzinfo))
    finally:
        await request.shutdown()


def _draw(url: str, output: Path) -> str:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(qr_png(url))
    return url


async def write_wechat_checkin_qr(settings: Settings, station_id: str, day: date, output: Path) -> str:
    """Draw the station's WeChat check-in QR code for `day` as a PNG; returns the URL it encodes. The code
    expires at the end of that day, when the check-in code changes anyway. KeyError for an unknown station,
    ValueError for a day that is over, StartLinkError when WeChat refuses."""
    if station_id not in load_stations(settings.stations_file).by_id:
        raise KeyError(station_id)
    end_of_day = datetime.combine(day + timedelta(days=1), time(), settings.tzinfo)
    if end_of_day <= datetime.now(settings.tzinfo):
        raise ValueError(f"{day.isoformat()} is over: a QR code for it could not be scanned")
    store = Storage(settings.database)
    await store.open()
    try:
        payload = await station_checkin_payload(store, station_id, day)
        return _draw(await _wechat_code(settings, store, payload, end_of_day), output)
    finally:
        await store.close()


async def write_wechat_event_qr(settings: Settings, event_id: int, output: Path) -> str:
    """Draw the event's WeChat attendance QR code as a PNG, valid until the event ends (at most WeChat's 30
    days: print it again nearer the day); returns its URL. KeyError for an unknown event."""
    store = Storage(settings.database)
    await store.open()
    try:
        event = await store.events.get(event_id)
        if event is None:
            raise KeyError(event_id)
        payload = await attendance_payload(store, event_id)
        return _draw(await _wechat_code(settings, store, payload, event.ends_at), output)
    finally:
        await store.close()
