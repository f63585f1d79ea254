"""WeChat service account as a second python-telegram-bot Application: see docs/architecture.md."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.channels.wechat.protocol import CallbackProtocol
from bot.channels.wechat.qr import WeChatStartLinks
from bot.channels.wechat.receiver import Receiver
from bot.channels.wechat.request import WeChatRequest
from bot.channels.wechat.state import ADMIN_CHAT_ID, WeChatState
from bot.config import Settings
from bot.storage import Storage
from bot.storage.wechat import is_wechat_id

# PTB needs a token and URLs; the WeChat request reads only the method name (the last path segment) and
# takes a GET as a media download, so these never reach a network.
BOT_TOKEN = "wechat"
BASE_URL = "https://wechat.invalid/bot"
BASE_FILE_URL = "https://wechat.invalid/file/bot"


@dataclass(frozen=True, slots=True)
class WeChatChannel:
    state: WeChatState
    request: WeChatRequest
    receiver: Receiver
    start_links: WeChatStartLinks  # the parametric QR codes of /start payloads, on the same token

    @classmethod
    def for_settings(cls, settings: Settings, store: Storage) -> WeChatChannel:
        assert settings.wechat_token is not None and settings.wechat_app_id is not None
        assert settings.wechat_app_secret is not None, "the settings require all three together"
        aes_key = settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key else None
        protocol = CallbackProtocol(settings.wechat_token.get_secret_value(), settings.wechat_app_id, aes_key)
        state = WeChatState(store, frozenset(filter(is_wechat_id, settings.admin_ids)))
        request = WeChatRequest(
            state,
            api_base_url=settings.wechat_api_base_url,
            app_id=settings.wechat_app_id,
            app_secret=settings.wechat_app_secret.get_secret_value(),
            default_language=settings.default_language,
            template_id=settings.wechat_template_id,
            public_url=settings.public_url,
        )
        return cls(state, request, Receiver(protocol, state), WeChatStartLinks(request))


def with_wechat_admins(settings: Settings, *, alone: bool) -> Settings:
    """The settings with the WeChat admins' user ids among the admins, so every role check treats them as
    it treats BOT_ADMIN_IDS. Alone (no Telegram), the admins' chat is ADMIN_CHAT_ID: what the handlers
    send there reaches each WeChat admin in private."""
    update: dict[str, object] = {}
    if settings.wechat_admin_openids:
        update["admin_ids"] = settings.admin_ids | asyncio.run(_user_ids(settings))
    if alone and settings.admin_chat_id is None:
        update["admin_chat_id"] = ADMIN_CHAT_ID
    return settings.model_copy(update=update)


async def _user_ids(settings: Settings) -> frozenset[int]:
    """Each admin openid's user id, given now if the admin has not written yet (before the bot starts)."""
    store = Storage(settings.database)
    await store.open()
    try:
        return frozenset([await store.wechat.user_id(openid) for openid in settings.wechat_admin_openids])
    finally:
        await store.close()
