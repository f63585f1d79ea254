"""Where the service map can be opened, for the chat buttons that link to it.

Kept apart from bot/web/app.py so that building a keyboard does not import the web server.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote

from bot.config import Settings


def map_page_url(settings: Settings, language: str) -> str | None:
    """The page's address in `language`: under BOT_PUBLIC_URL when set, else on BOT_WEB_PORT; None when
    the map is not served at all (then no button shows it)."""
    query = f"map?lang={quote(language)}"
    if settings.public_url is not None:
        return f"{settings.public_url.rstrip('/')}/{query}"
    if settings.web_port is None:
        return None
    host = ipaddress.ip_address(settings.web_host)
    if host.is_unspecified:  # 0.0.0.0 or :: listens everywhere, loopback among them
        host = ipaddress.ip_address("127.0.0.1" if host.version == 4 else "::1")
    shown = f"[{host}]" if host.version == 6 else str(host)
    return f"http://{shown}:{settings.web_port}/{query}"


def opens_as_mini_app(settings: Settings) -> bool:
    """Telegram opens Mini Apps over https only, so only a BOT_PUBLIC_URL can be one."""
    return settings.public_url is not None


def event_calendar_url(settings: Settings, event_id: int, language: str) -> str | None:
    """An event's calendar file as a link a phone can open: under BOT_PUBLIC_URL only (a local port is
    not reachable from the courier's phone)."""
    if settings.public_url is None:
        return None
    return f"{settings.public_url.rstrip('/')}/api/events/{event_id}.ics?lang={quote(language)}"
