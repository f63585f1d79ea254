"""`python -m bot qr` for WeChat: a parametric QR code (qrcode/create) whose scene is the check-in payload.

Scanning it sends the bot a SCAN event (or, for someone who does not follow the account yet, a subscribe
event with the scene), which the receiver turns into `/start checkin_...`: the same check-in as Telegram's
deep link, handled by the same handler.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.channels.wechat.request import WeChatRequest
from bot.channels.wechat.state import WeChatState
from bot.config import Settings
from bot.stations import load_stations
from bot.storage import Storage
from bot.volunteer import checkin_payload

MAX_EXPIRY_S = 30 * 24 * 3600  # WeChat's longest temporary QR code


async def write_wechat_checkin_qr(settings: Settings, station_id: str, day: date, output: Path) -> str:
    """Draw the station's WeChat check-in QR code for `day` as a PNG; returns the URL it encodes. The code
    expires at the end of that day, when the check-in code changes anyway. KeyError for an unknown station."""
    if station_id not in load_stations(settings.stations_file).by_id:
        raise KeyError(station_id)
    assert settings.wechat_app_id is not None and settings.wechat_app_secret is not None
    end_of_day = datetime.combine(day + timedelta(days=1), time(), settings.tzinfo)
    seconds = int((end_of_day - datetime.now(settings.tzinfo)).total_seconds())
    if seconds <= 0:
        raise ValueError(f"{day.isoformat()} is over: a QR code for it could not be scanned")
    store = Storage(settings.database)
    await store.open()
    request = WeChatRequest(
        WeChatState(store),
        api_base_url=settings.wechat_api_base_url,
        app_id=settings.wechat_app_id,
        app_secret=settings.wechat_app_secret.get_secret_value(),
        default_language=settings.default_language,
    )
    await request.initialize()
    try:
        scene = checkin_payload(await store.volunteer.checkin_secret(), station_id, day)
        answer = await request.call(
            "qrcode/create",
            {
                "expire_seconds": min(seconds, MAX_EXPIRY_S),
                "action_name": "QR_STR_SCENE",
                "action_info": {"scene": {"scene_str": scene}},
            },
        )
    finally:
        await request.shutdown()
        await store.close()
    url = str(answer["url"])
    output.parent.mkdir(parents=True, exist_ok=True)
    import qrcode  # with Pillow: only this admin task draws images

    qrcode.make(url).save(str(output))
    return url
