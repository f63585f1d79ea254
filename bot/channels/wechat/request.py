"""The WeChat transport: a python-telegram-bot `BaseRequest` that answers Bot API calls with WeChat API calls.

The handlers call `send_message`, `edit_message_text`, `answer_callback_query`... as on Telegram; this
class turns each into what a service account can do (customer-service messages, the custom menu, media
downloads) and answers with Bot-API-shaped JSON, so every flow runs unchanged. What WeChat cannot do is
adapted here, never in a handler:
- inline buttons become `weixin://bizmsgmenu` links whose id is mapped to the callback data in the store;
- an edit becomes a new message, and only when the text changed (WeChat has no edits);
- a location or venue becomes a text with an Amap link; a file becomes a download link or an explanation;
- an uploaded photo (a QR code) is uploaded as a temporary image (media/upload) and sent as an image;
- a WeChat photo on its way to a Telegram chat is downloaded and uploaded (`with_uploads`);
- setMyCommands builds the account's fixed custom menu (3 x 5) from the command list.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import httpx
from telegram import InputFile
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter  # PTB builds a call's data with it

from bot.channels.wechat.state import ADMIN_CHAT_ID, WeChatState
from bot.geo import amap_marker_url
from bot.storage.wechat import WECHAT_ID_BASE

_LOGGER = logging.getLogger(__name__)

Json = dict[str, Any]
Params = dict[str, Any]

ADMINS_TITLE = "管理员"
TOKEN_LIFETIME_S = 7200
TOKEN_MARGIN_S = 300  # refresh a little before WeChat expires it
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid, malformed or expired access_token: fetch a new one
HTTP_TIMEOUT_S = 10.0
# The bot as PTB sees it; its id is the base of WeChat ids, which no person is given (seqs start at 1).
BOT_USER: Json = {
    "id": WECHAT_ID_BASE,
    "is_bot": True,
    "first_name": "小哥驿站",
    "username": "xiaoge_wechat_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# The names of the custom menu's two sub-menus (at most 4 Chinese characters, 16 bytes).
MENU_TITLES = {"zh": ("服务", "更多"), "en": ("Services", "More")}
TOP_NAME_BYTES, SUB_NAME_BYTES, SUB_BUTTONS = 16, 60, 5
FILES = "_files"  # the uploaded files of a call, beside its parameters
DOWNLOAD_PATH = "/wechat/download"
# A file id that is a WeChat media id; Telegram's file ids never hold a colon, so either channel can tell.
MEDIA_PREFIX = "wechat:"
OUTSIDE_WINDOW = {45015, 45047}  # past the 48 hours since the person's last message; past its 5 replies
TEMPLATE_VALUE_BYTES = 600
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")
_HREF = re.compile(r'href\s*=\s*"([^"]*)"')
# A Telegram mention (tg://user?id=...) has no WeChat form: its name stays, without the link.
_MENTION = re.compile(r'<a\s+href="tg://user\?id=(\d+)">(.*?)</a>', re.S)


class WeChatApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


def wechat_text(html_text: str) -> str:
    """Telegram HTML -> WeChat text: links stay links (WeChat shows <a href>), other tags are dropped, and
    entities become the characters they stand for (WeChat shows text as it is, &amp; included)."""

    def tag(match: re.Match[str]) -> str:
        closing, name, attributes = match.groups()
        if name.lower() != "a":
            return ""
        if closing:
            return "</a>"
        href = _HREF.search(attributes)
        return f'<a href="{href.group(1)}">' if href else ""

    return html.unescape(_TAG.sub(tag, _MENTION.sub(r"\2", html_text)))


def media_file_id(media_id: str) -> str:
    return MEDIA_PREFIX + media_id


def wechat_media_id(file_id: object) -> str | None:
    """The WeChat media id behind a file id, or None for a Telegram file id, an upload or a URL."""
    if isinstance(file_id, str) and file_id.startswith(MEDIA_PREFIX):
        return file_id.removeprefix(MEDIA_PREFIX)
    return None


def _plain(text: str) -> str:
    """What a person sees of a WeChat text: the links' labels, not their markup."""
    return _TAG.sub("", text)


def _href(url: str) -> str:
    """A URL as WeChat reads it inside href="...": raw (WeChat does not unescape &amp;), no quotes."""
    return url.replace('"', "%22")


def _clip(text: str, limit: int) -> str:
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode(errors="ignore")


class AccessToken:
    """The account's access_token: fetched once, cached for its lifetime, renewed on 40001/42001, under a
    lock, so one token is in use at a time (each fetch makes WeChat retire the previous one)."""

    def __init__(self, api_base_url: str, app_id: str, app_secret: str) -> None:
        self._api, self._app_id, self._app_secret = api_base_url, app_id, app_secret
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self, client: httpx.AsyncClient, *, renew: bool = False, stale: str | None = None) -> str:
        """The token; with `renew`, a new one unless another call has renewed `stale` meanwhile."""
        async with self._lock:
            expired = self._token is None or time.monotonic() >= self._expires
            if expired or (renew and self._token == stale):
                response = await client.get(
                    f"{self._api}/cgi-bin/token",
                    params={
                        "grant_type": "client_credential",
                        "appid": self._app_id,
                        "secret": self._app_secret,
                    },
                )
                body = response.json()
                if "access_token" not in body:
                    raise WeChatApiError(int(body.get("errcode", -1)), str(body.get("errmsg", "")))
                self._token = str(body["access_token"])
                lifetime = int(body.get("expires_in", TOKEN_LIFETIME_S))
                self._expires = time.monotonic() + max(lifetime - TOKEN_MARGIN_S, 60)
            assert self._token is not None
            return self._token


class WeChatRequest(BaseRequest):
    """Bot API in, WeChat API out. Replies go as customer-service messages; the outbox's own request
    (`for_outbox`) falls back to the template message where WeChat refuses one (outside the 48-hour window,
    over the quota), and says which it used."""

    def __init__(
        self,
        state: WeChatState,
        *,
        api_base_url: str,
        app_id: str,
        app_secret: str,
        default_language: str,
        template_id: str | None = None,
        public_url: str | None = None,
        token: AccessToken | None = None,
        notices: bool = False,
    ) -> None:
        self._state = state
        self._api = api_base_url.rstrip("/")
        self._app_id, self._app_secret = app_id, app_secret
        self._default_language = default_language
        self._template_id = template_id
        self._public_url = public_url.rstrip("/") if public_url else None
        self._token = token or AccessToken(self._api, app_id, app_secret)
        self._notices = notices
        self._client: httpx.AsyncClient | None = None
        self._methods: dict[str, Callable[[Params], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_markup,
            "answerCallbackQuery": self._answer_callback,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendVoice": self._send_document,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendMediaGroup": self._send_media_group,
            "setMyCommands": self._set_my_commands,
            "getFile": self._get_file,
        }

    @property
    def read_timeout(self) -> float | None:
        return HTTP_TIMEOUT_S

    async def initialize(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=HTTP_TIMEOUT_S)

    async def shutdown(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if method == "GET":  # File.download_*: the file path (URL-quoted by PTB) is the WeChat media id
            return await self._download(unquote(url.rsplit("/", 1)[-1]))
        name = url.rsplit("/", 1)[-1]
        params: Params = dict(request_data.parameters) if request_data is not None else {}
        if request_data is not None and request_data.contains_files:
            params[FILES] = request_data.multipart_data
        handler = self._methods.get(name)
        try:
            # Everything else (deleteMessage, setWebhook, pins, chat actions...) has no WeChat meaning.
            result = True if handler is None else await handler(params)
        except WeChatApiError as error:
            return _error_answer(error)
        except httpx.HTTPError as error:
            return 502, _answer_bytes(False, description=f"WeChat unreachable: {type(error).__name__}")
        return 200, _answer_bytes(True, result=result)

    # --- WeChat API -----------------------------------------------------------------------------------

    def for_outbox(self) -> WeChatRequest:
        """The outbox sender's request: its own connections, the same token and state."""
        return self.copy(notices=True)

    def copy(self, *, notices: bool = False) -> WeChatRequest:
        """Another request on the same token and state, with connections (and a lifetime) of its own."""
        return WeChatRequest(
            self._state,
            api_base_url=self._api,
            app_id=self._app_id,
            app_secret=self._app_secret,
            default_language=self._default_language,
            template_id=self._template_id,
            public_url=self._public_url,
            token=self._token,
            notices=notices,
        )

    async def call(self, path: str, payload: Json) -> Json:
        """POST one WeChat API call; a stale token is renewed once and the call repeated."""
        content = json.dumps(payload, ensure_ascii=False).encode()
        return await self._post(path, {}, content=content, headers={"Content-Type": "application/json"})

    async def upload_image(self, file_name: str, content: bytes, media_type: str) -> str:
        """A temporary image (media/upload, kept 3 days by WeChat): its media id, for an image message."""
        answer = await self._post(
            "media/upload", {"type": "image"}, files={"media": (file_name, content, media_type)}
        )
        return str(answer["media_id"])

    async def _post(self, path: str, query: Params, **body: Any) -> Json:
        assert self._client is not None, "initialize() opens the client"
        token = await self._token.get(self._client)
        for attempt in range(2):
            if attempt:
                token = await self._token.get(self._client, renew=True, stale=token)
            response = await self._client.post(
                f"{self._api}/cgi-bin/{path}", params={**query, "access_token": token}, **body
            )
            answer: Json = response.json()
            code = int(answer.get("errcode", 0))
            if code in TOKEN_ERRORS and attempt == 0:
                continue
            if code != 0:
                raise WeChatApiError(code, str(answer.get("errmsg", "")))
            return answer
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def with_uploads(self, request_data: RequestData) -> RequestData:
        """A call for Telegram that names WeChat photos (a WeChat courier's photos under a card in a
        Telegram admin group): each is downloaded through media/get and uploaded as a file, since a WeChat
        media id means nothing to Telegram. One that cannot be downloaded (gone after 3 days) stays as it
        was, and Telegram's refusal is logged by the caller."""
        params = request_data.parameters
        media = params.get("media")
        items: list[Json] = media if isinstance(media, list) else []
        named = [params.get("photo"), *(item.get("media") for item in items)]
        if request_data.contains_files or not any(map(wechat_media_id, named)):
            return request_data
        parameters: list[RequestParameter] = []
        for key, value in params.items():
            content = await self._media(value) if key == "photo" else None
            if content is not None:
                parameters.append(RequestParameter.from_input(key, InputFile(content, filename="photo.jpg")))
            elif key == "media":
                files: list[InputFile] = []
                uploaded: list[Json] = []
                for item in items:
                    content = await self._media(item.get("media"))
                    if content is None:
                        uploaded.append(item)
                        continue
                    file = InputFile(content, filename="photo.jpg", attach=True)
                    files.append(file)
                    uploaded.append({**item, "media": file.attach_uri})
                parameters.append(RequestParameter(key, uploaded, files or None))
            else:
                parameters.append(RequestParameter(key, value, None))
        return RequestData(parameters)

    async def _media(self, file_id: object) -> bytes | None:
        """The content of a WeChat photo; None for another channel's file or one WeChat no longer has."""
        media_id = wechat_media_id(file_id)
        if media_id is None:
            return None
        status, content = await self._download(media_id)
        return content if status == 200 else None

    async def _download(self, file_id: str) -> tuple[int, bytes]:
        assert self._client is not None, "initialize() opens the client"
        media_id = file_id.removeprefix(MEDIA_PREFIX)  # a file path is the file id
        token = await self._token.get(self._client)
        for attempt in range(2):
            if attempt:
                token = await self._token.get(self._client, renew=True, stale=token)
            response = await self._client.get(
                f"{self._api}/cgi-bin/media/get", params={"access_token": token, "media_id": media_id}
            )
            if not response.headers.get("content-type", "").startswith(("application/json", "text/")):
                return 200, response.content
            code = int(response.json().get("errcode", -1))
            if code not in TOKEN_ERRORS:
                return 404, b"media not found"
        return 404, b"media not found"

    async def _openid(self, chat_id: Any) -> str:
        openid = await self._state.identities.openid(int(chat_id))
        if openid is None:
            # Not a WeChat person: an admin group of Telegram, or someone who erased their data.
            raise WeChatApiError(40003, "invalid openid")
        return openid

    async def send_text(self, chat_id: int, text: str) -> None:
        await self.call(
            "message/custom/send",
            {"touser": await self._openid(chat_id), "msgtype": "text", "text": {"content": text}},
        )

    # --- Bot API methods ------------------------------------------------------------------------------

    async def _get_me(self, params: Params) -> Json:
        return BOT_USER

    async def _send_message(self, params: Params) -> Json:
        chat_id = int(params["chat_id"])
        text = wechat_text(str(params["text"]))
        readers = self._selected_admins(params)
        if not self._notices:
            return await self._deliver(chat_id, text, params.get("reply_markup"), readers=readers)
        try:
            sent = await self._deliver(chat_id, text, params.get("reply_markup"), readers=readers)
        except WeChatApiError as error:
            if error.code not in OUTSIDE_WINDOW or self._template_id is None or chat_id == ADMIN_CHAT_ID:
                raise  # without a template such people are counted unreachable (the delivery fails)
            return await self._send_template(chat_id, text)
        return {**sent, "via": "custom"}

    def _selected_admins(self, params: Params) -> list[int] | None:
        """A `selective` keyboard (a ForceReply prompt for one admin's resolution note) is for the people
        its text mentions: in the admins' chat only those admins are sent it. None: every reader."""
        markup = params.get("reply_markup")
        if int(params["chat_id"]) != ADMIN_CHAT_ID or not (
            isinstance(markup, dict) and markup.get("selective")
        ):
            return None
        mentioned = {int(user_id) for user_id, _ in _MENTION.findall(str(params["text"]))}
        return [admin for admin in self._state.admin_ids if admin in mentioned] or None

    async def _send_template(self, chat_id: int, text: str) -> Json:
        """A notice outside the window: the template message, whose one field `content` holds the text
        (links and buttons cannot travel in a template; the person sees them when they next write)."""
        assert self._template_id is not None
        plain = _plain(text)
        await self.call(
            "message/template/send",
            {
                "touser": await self._openid(chat_id),
                "template_id": self._template_id,
                "data": {"content": {"value": _clip(plain, TEMPLATE_VALUE_BYTES)}},
            },
        )
        message_id = await self._state.conversations.new_message(chat_id, plain)
        chat = {"id": chat_id, "type": "private"}
        date = int(time.time())
        return {
            "message_id": message_id,
            "date": date,
            "chat": chat,
            "from": BOT_USER,
            "text": plain,
            "via": "template",
        }

    async def _deliver(
        self,
        chat_id: int,
        text: str,
        markup: Any,
        extra: Json | None = None,
        message_id: int | None = None,
        *,
        show_text: bool = True,
        readers: list[int] | None = None,
    ) -> Json:
        """Send a text with its buttons as links; a Bot API Message of it (a new id unless given).
        `show_text=False` sends only the links: an edit that changed the buttons, not the text."""
        conversations = self._state.conversations
        if message_id is None:
            message_id = await conversations.new_message(chat_id, _plain(text))
        else:
            await conversations.replace_text(chat_id, message_id, _plain(text))

        async def send(reader: int) -> None:
            links = await self._links(reader, chat_id, message_id, markup)
            shown = "\n\n".join(part for part in (text if show_text else "", links) if part.strip())
            if shown:
                await self.send_text(reader, shown)

        await self._to_readers(chat_id, send, readers)
        admins = chat_id == ADMIN_CHAT_ID
        chat = (
            {"id": chat_id, "type": "group", "title": ADMINS_TITLE}
            if admins
            else {"id": chat_id, "type": "private"}
        )
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **({"text": _plain(text)} if extra is None else extra),
        }

    async def _to_readers(
        self, chat_id: int, send: Callable[[int], Awaitable[None]], readers: list[int] | None = None
    ) -> None:
        """Send to the chat's one person, or for the admins' chat to each WeChat admin (or the `readers`
        among them) in private; the admins' chat fails only when no admin could be reached (one out of
        the window is no failure)."""
        if chat_id != ADMIN_CHAT_ID:
            await send(chat_id)
            return
        failure: WeChatApiError | None = None
        delivered = 0
        for admin in readers or self._state.admin_ids:
            try:
                await send(admin)
                delivered += 1
            except WeChatApiError as error:
                failure = error
        if failure is not None and not delivered:
            raise failure

    async def _links(self, reader: int, chat_id: int, message_id: int, markup: Any) -> str:
        """An inline keyboard as lines of links: callback buttons as bizmsgmenu links (each id new and
        unguessable, stored before the links are sent), URL buttons as links. A reply keyboard has no
        WeChat form: the custom menu offers the fixed entries instead."""
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            return ""
        buttons: list[tuple[str, str]] = []  # (menu id, callback data)
        lines = []
        for row in markup["inline_keyboard"]:
            links = []
            for button in row:
                label = str(button.get("text", ""))
                safe_label = re.sub(r'[&"<>]', "", label)
                if "callback_data" in button:
                    menu_id = secrets.token_hex(8)
                    buttons.append((menu_id, str(button["callback_data"])))
                    links.append(
                        f'<a href="weixin://bizmsgmenu?msgmenucontent={safe_label}&msgmenuid={menu_id}">'
                        f"{label}</a>"
                    )
                elif "url" in button or "web_app" in button:
                    url = button.get("url") or button["web_app"]["url"]
                    links.append(f'<a href="{_href(url)}">{label}</a>')
            if links:
                lines.append("  ".join(links))
        if buttons:
            await self._state.conversations.add_links(reader, chat_id, message_id, buttons)
        return "\n".join(lines)

    async def _edit_text(self, params: Params) -> Json | bool:
        return await self._edit(params, str(params["text"]))

    async def _edit_caption(self, params: Params) -> Json | bool:
        return await self._edit(params, str(params.get("caption", "")))

    async def _edit_markup(self, params: Params) -> Json | bool:
        """New buttons on an old message: the person sees them only if the message is sent again."""
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        old = await self._state.conversations.message_text(chat_id, message_id)
        if old is None or not params.get("reply_markup"):
            return True  # buttons removed (a decision taken): the old links now answer "expired"
        return await self._deliver(chat_id, old, params.get("reply_markup"), message_id=message_id)

    async def _edit(self, params: Params, html_text: str) -> Json | bool:
        """WeChat has no edits: a changed text is sent as a new message; an unchanged one is not sent
        (Telegram would refuse it as "message is not modified" too)."""
        if "inline_message_id" in params:
            return True
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        text = wechat_text(html_text)
        unchanged = await self._state.conversations.message_text(chat_id, message_id) == _plain(text)
        return await self._deliver(
            chat_id, text, params.get("reply_markup"), message_id=message_id, show_text=not unchanged
        )

    async def _answer_callback(self, params: Params) -> bool:
        """A toast has no WeChat form; an alert is something the person must read, so it is sent."""
        if params.get("show_alert") and params.get("text"):
            await self.send_text(
                callback_chat(str(params["callback_query_id"])), wechat_text(str(params["text"]))
            )
        return True

    async def _send_photo(self, params: Params) -> Json:
        """A photo as an image message, then its caption (with the buttons as links) as a text. A WeChat
        photo is sent by its media id; an uploaded one (a QR code) is uploaded first; a Telegram photo
        cannot be fetched here, so its caption goes alone. For the outbox, a person outside the 48-hour
        window gets the caption as a template message, as a text would go (an image cannot)."""
        chat_id = int(params["chat_id"])
        caption = wechat_text(str(params.get("caption", "")))
        if not self._notices:
            return await self._deliver_photo(chat_id, params, caption)
        try:
            return await self._deliver_photo(chat_id, params, caption)
        except WeChatApiError as error:
            if error.code not in OUTSIDE_WINDOW or self._template_id is None or chat_id == ADMIN_CHAT_ID:
                raise
            return await self._send_template(chat_id, caption)

    async def _deliver_photo(self, chat_id: int, params: Params, caption: str) -> Json:
        photo = params.get("photo")
        media_id = wechat_media_id(photo)
        uploaded = _uploaded(params, "photo")
        if media_id is None and uploaded is not None:
            name, content, media_type = uploaded
            media_id = await self.upload_image(name or "photo.png", content, media_type or "image/png")
            photo = media_file_id(media_id)
        if media_id is not None:
            image_id = media_id

            async def send(reader: int) -> None:
                image = {
                    "touser": await self._openid(reader),
                    "msgtype": "image",
                    "image": {"media_id": image_id},
                }
                await self.call("message/custom/send", image)

            await self._to_readers(chat_id, send)
        extra = {"photo": [{"file_id": str(photo), "file_unique_id": str(photo), "width": 1, "height": 1}]}
        return await self._deliver(chat_id, caption, params.get("reply_markup"), extra)

    async def _send_document(self, params: Params) -> Json:
        """A service account cannot send files: the file becomes a one-time download link served by the
        web app (BOT_PUBLIC_URL), or without that address a note saying so."""
        chat_id = int(params["chat_id"])
        caption = wechat_text(str(params.get("caption", "")))
        uploaded = _uploaded(params, "document")
        if self._public_url is not None and uploaded is not None:
            name, data, media_type = uploaded
            file_name = name or "file"
            key = self._state.downloads.add(file_name, data, media_type or "application/octet-stream")
            link = f"{self._public_url}{DOWNLOAD_PATH}/{key}"
            note = (
                f'📎 <a href="{link}">{file_name}</a>（15 分钟内可下载一次 / one download within 15 minutes）'
            )
        else:
            note = "📎 微信公众号无法发送文件 / files cannot be sent on WeChat"
        text = f"{caption}\n{note}" if caption else note
        return await self._deliver(chat_id, text, params.get("reply_markup"))

    async def _send_media_group(self, params: Params) -> list[Json]:
        chat_id = int(params["chat_id"])
        sent = []
        for item in params.get("media", []):
            sent.append(
                await self._send_photo(
                    {"chat_id": chat_id, "photo": item.get("media"), "caption": item.get("caption", "")}
                )
            )
        return sent

    async def _send_location(self, params: Params) -> Json:
        chat_id = int(params["chat_id"])
        lat, lon = float(params["latitude"]), float(params["longitude"])
        link = amap_marker_url(lat, lon, "📍")
        text = f'📍 <a href="{_href(link)}">{lat:.5f}, {lon:.5f}</a>'
        location = {"latitude": lat, "longitude": lon}
        return await self._deliver(chat_id, text, params.get("reply_markup"), {"location": location})

    async def _send_venue(self, params: Params) -> Json:
        chat_id = int(params["chat_id"])
        lat, lon = float(params["latitude"]), float(params["longitude"])
        title, address = str(params["title"]), str(params["address"])
        link = amap_marker_url(lat, lon, title)
        text = f'📍 <a href="{_href(link)}">{title}</a>\n{address}'
        location = {"latitude": lat, "longitude": lon}
        venue = {"location": location, "title": title, "address": address}
        return await self._deliver(
            chat_id, text, params.get("reply_markup"), {"venue": venue, "location": location}
        )

    async def _get_file(self, params: Params) -> Json:
        file_id = str(params["file_id"])
        return {"file_id": file_id, "file_unique_id": file_id, "file_path": file_id}

    async def _set_my_commands(self, params: Params) -> bool:
        """The account has one menu for everyone: it is built from the default menu (no scope, no
        language). Chat-scoped and per-language menus have no WeChat form; /help lists a role's commands."""
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") != "default" or params.get("language_code"):
            return True
        commands = [(str(item["command"]), str(item["description"])) for item in params["commands"]]
        await self.call("menu/create", custom_menu(commands, self._default_language))
        return True


def _uploaded(params: Params, name: str) -> tuple[str | None, bytes, str | None] | None:
    """(file name, content, media type) of a file the call uploads as parameter `name`: the multipart
    part named after the parameter (or its attach:// name); None for a file id or a URL."""
    files = params.get(FILES) or {}
    part = files.get(str(params.get(name, f"attach://{name}")).removeprefix("attach://"))
    if part is None:
        return None
    file_name, content, media_type = part
    return file_name, content if isinstance(content, bytes) else content.read(), media_type


def custom_menu(commands: list[tuple[str, str]], language: str) -> Json:
    """3 x 5 buttons: "nearest" as a location_select button at the top (one tap sends the location),
    the other commands as click buttons in two sub-menus, in the order of the command list."""
    by_name = dict(commands)
    first, second = MENU_TITLES.get(language, MENU_TITLES["en"])
    rest = [
        {"type": "click", "name": _clip(description, SUB_NAME_BYTES), "key": name}
        for name, description in commands
        if name not in ("start", "nearest")
    ]
    buttons: list[Json] = []
    if "nearest" in by_name:
        buttons.append(
            {"type": "location_select", "name": _clip(by_name["nearest"], TOP_NAME_BYTES), "key": "nearest"}
        )
    for title, chunk in ((first, rest[:SUB_BUTTONS]), (second, rest[SUB_BUTTONS : 2 * SUB_BUTTONS])):
        if chunk:
            buttons.append({"name": _clip(title, TOP_NAME_BYTES), "sub_button": chunk})
    return {"button": buttons}


def callback_query_id(chat_id: int, menu_id: str) -> str:
    """A press's id names its chat, so an alert answering it knows whom to send to."""
    return f"{chat_id}:{menu_id}"


def callback_chat(query_id: str) -> int:
    return int(query_id.split(":", 1)[0])


def _answer_bytes(ok: bool, result: Any = None, description: str = "", code: int = 0) -> bytes:
    body: Json = {"ok": ok}
    if ok:
        body["result"] = result
    else:
        body.update(error_code=code, description=description)
    return json.dumps(body, ensure_ascii=False).encode()


# WeChat's refusals as the Bot API's: 403 marks the person blocked (they unfollowed); 400 fails the one
# message (out of the 48-hour window, over the quota, an unknown person); 5xx are retried.
_BLOCKED = {43004}  # "require subscribe": the person unfollowed the account
_RETRY = {-1, 45009}  # system busy, daily API limit


def _error_answer(error: WeChatApiError) -> tuple[int, bytes]:
    if error.code in _BLOCKED:
        status, description = 403, f"Forbidden: bot was blocked by the user (WeChat {error.code})"
    elif error.code in _RETRY:
        status, description = 502, f"WeChat busy ({error.code})"
    else:
        status, description = 400, f"Bad Request: WeChat {error.code} {error.message}"
    _LOGGER.info("WeChat refused a call: %s", error.code)
    return status, _answer_bytes(False, description=description, code=status)
