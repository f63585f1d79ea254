"""WeChat service account as a second python-telegram-bot Application: see docs/architecture.md."""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.wechat.protocol import CallbackProtocol
from bot.channels.wechat.receiver import Receiver
from bot.channels.wechat.request import WeChatRequest
from bot.channels.wechat.state import WeChatState
from bot.config import Settings
from bot.storage import Storage

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

    @classmethod
    def for_settings(cls, settings: Settings, store: Storage) -> WeChatChannel:
        assert settings.wechat_token is not None and settings.wechat_app_id is not None
        assert settings.wechat_app_secret is not None, "the settings require all three together"
        aes_key = settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key else None
        protocol = CallbackProtocol(settings.wechat_token.get_secret_value(), settings.wechat_app_id, aes_key)
        state = WeChatState(store)
        request = WeChatRequest(
            state,
            api_base_url=settings.wechat_api_base_url,
            app_id=settings.wechat_app_id,
            app_secret=settings.wechat_app_secret.get_secret_value(),
            default_language=settings.default_language,
        )
        return cls(state, request, Receiver(protocol, state))
