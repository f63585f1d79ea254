"""The QR codes a station or an event puts up: one picture per running channel (bot/scan.py), each captioned
with the app that scans it, so a courier of either app can check in whichever app the staff member uses."""

from __future__ import annotations

from datetime import datetime

from bot.channels.telegram.context import BotContext
from bot.i18n import Html
from bot.qr import qr_png
from bot.scan import ScanApp, ScanCode, scan_codes


def scan_hint(context: BotContext, code: ScanCode) -> Html:
    """Which app scans the code; a Telegram deep link is also a link to tap where the picture is seen."""
    if code.app is ScanApp.WECHAT:
        return context.text("qr-scan-wechat")
    return context.text("qr-scan-telegram", link=code.url)


async def send_scan_codes(
    context: BotContext, chat_id: int, payload: str, valid_until: datetime, title: Html
) -> None:
    """Send each channel's code for `/start payload` as a picture, under `title` and its app's hint."""
    for code in await scan_codes(context.bot_data.start_links, payload, valid_until, context.now):
        caption = Html(f"{title}\n{scan_hint(context, code)}")
        await context.bot.send_photo(chat_id, qr_png(code.url), caption=caption)
