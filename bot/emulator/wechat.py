"""A local WeChat server for tests and `make run`: the API a service account calls, and the people who
write to it.

It speaks WeChat's protocol with wechatpy's own crypto (so it cannot drift from what WeChat sends): every
message is posted to the bot's /wechat as signed XML, encrypted in safe mode, and posted again after 5 s
without an answer (3 retries, as WeChat does). It holds WeChat's rules for customer-service messages: 5
messages per message of the person, within 48 hours of it (45047 past the quota, 45015 past the window),
43004 after an unfollow; 40001 for an unknown or expired access token. What each person received is
recorded for the tests, the images the bot uploaded with it (media/upload, served again by media/get); the
parametric QR codes it made can be scanned (`scan_code`) until they expire.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import secrets
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from types import TracebackType
from typing import Any, Self
from xml.sax.saxutils import escape

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from wechatpy.crypto import WeChatCrypto

from bot.web.app import WebServer

Json = dict[str, Any]

APP_ID = "wx0000emulator00"
APP_SECRET = "emulator-app-secret-0000000000000"
SERVER_TOKEN = "xiaogeEmulator"
ACCOUNT_ID = "gh_emulator"
WINDOW_S = 48 * 3600
QUOTA = 5
RETRY_AFTER_S = 5.0  # WeChat waits this long for an answer before posting again
RETRIES = 3
_BIZMSGMENU = "weixin://bizmsgmenu?msgmenucontent="
QR_DEFAULT_EXPIRY_S, QR_MAX_EXPIRY_S = 30, 30 * 24 * 3600
IMAGE_LIMIT = 2 * 1024 * 1024
IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8", b"GIF8")


def _png() -> bytes:
    """A 1x1 PNG: the photo a person sends, real enough to be stored and shown."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xa0\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png()


@dataclass
class Follower:
    openid: str
    subscribed: bool = True
    last_message_at: float = 0.0  # the 48-hour window runs from here
    quota_used: int = 0
    received: list[Json] = field(default_factory=list)
    last_time: int = 0  # CreateTime of the last post, kept increasing (events are keyed by it)


class WeChatEmulator:
    def __init__(self, *, aes_key: str | None = None, token: str = SERVER_TOKEN) -> None:
        self.token = token
        self.aes_key = aes_key
        self.bot_url: str | None = None  # the bot's /wechat, set by the test once the bot's port is known
        self.followers: dict[str, Follower] = {}
        self.menu: Json | None = None
        self.qr_codes: dict[str, str] = {}  # ticket -> scene
        self.qr_expiry: dict[str, float] = {}  # ticket -> time.time() when it stops working
        self.media: dict[str, bytes] = {}  # media id -> content: the people's photos and the bot's uploads
        self.uploads: list[str] = []  # media ids the bot uploaded (media/upload), in order
        self.calls: list[tuple[str, Json]] = []  # (API path, body) of every call the bot made
        self.posts: list[tuple[int, str]] = []  # (HTTP status, answer) of every post to the bot
        self._access_tokens: set[str] = set()
        self._msg_ids = itertools.count(int(time.time()) * 1000)
        self._changed = asyncio.Event()
        self._listeners: list[Callable[[str, Json], None]] = []
        self._server: WebServer | None = None
        self._client: httpx.AsyncClient | None = None

    # --- lifecycle ------------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._client = httpx.AsyncClient(timeout=RETRY_AFTER_S, trust_env=False)
        self._server = WebServer(self._app(), host, port)
        await self._server.start()

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
        if self._client is not None:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.port}"

    def expire_tokens(self) -> None:
        """Every access token given so far stops working (40001), as when WeChat rotates them."""
        self._access_tokens.clear()

    # --- the people -----------------------------------------------------------------------------------

    def follower(self, openid: str) -> Follower:
        return self.followers.setdefault(openid, Follower(openid))

    async def send_text(self, openid: str, text: str) -> int:
        return await self._message(openid, "text", f"<Content>{_cdata(text)}</Content>")

    async def send_location(self, openid: str, lat: float, lon: float, label: str = "") -> int:
        """A location picked on WeChat's map: GCJ-02, as WeChat gives it."""
        fields = (
            f"<Location_X>{lat}</Location_X><Location_Y>{lon}</Location_Y><Scale>15</Scale>"
            f"<Label>{_cdata(label)}</Label>"
        )
        return await self._message(openid, "location", fields)

    async def send_image(self, openid: str) -> str:
        media_id = "media-" + secrets.token_hex(8)
        self.media[media_id] = PNG
        url = f"{self.base_url}/mmbiz/{media_id}"
        fields = f"<PicUrl>{_cdata(url)}</PicUrl><MediaId>{_cdata(media_id)}</MediaId>"
        await self._message(openid, "image", fields)
        return media_id

    async def press(self, openid: str, label: str) -> int:
        """Tap the last bizmsgmenu link with this label in what the person received."""
        for received in reversed(self.follower(openid).received):
            for link_label, menu_id in menu_links(str(received.get("text", ""))):
                if link_label == label:
                    fields = f"<Content>{_cdata(label)}</Content><bizmsgmenuid>{menu_id}</bizmsgmenuid>"
                    return await self._message(openid, "text", fields)
        raise LookupError(f"no link {label!r} in what {openid} received")

    async def click(self, openid: str, key: str) -> None:
        await self._event(openid, "CLICK", f"<EventKey>{_cdata(key)}</EventKey>")

    async def subscribe(self, openid: str, scene: str | None = None) -> None:
        follower = self.follower(openid)
        follower.subscribed = True
        key = f"<EventKey>{_cdata('qrscene_' + scene)}</EventKey><Ticket>t</Ticket>" if scene else ""
        await self._event(openid, "subscribe", key)

    async def scan(self, openid: str, scene: str) -> None:
        """A follower scans a parametric QR code."""
        await self._event(openid, "SCAN", f"<EventKey>{_cdata(scene)}</EventKey><Ticket>t</Ticket>")

    async def scan_code(self, openid: str, url: str) -> None:
        """The person scans the QR code of `url` (what qrcode/create answered): a follower sends a SCAN
        event, anyone else follows the account through it. LookupError for a code that is not one of
        this account's or has expired (WeChat shows the scanner an error and tells the bot nothing)."""
        ticket = next((ticket for ticket in self.qr_codes if url == qr_url(ticket)), None)
        if ticket is None or time.time() >= self.qr_expiry[ticket]:
            raise LookupError(f"{url} is not a live QR code of this account")
        follower = self.followers.get(openid)
        if follower is not None and follower.subscribed:
            await self.scan(openid, self.qr_codes[ticket])
        else:
            await self.subscribe(openid, scene=self.qr_codes[ticket])

    def images(self, openid: str) -> list[bytes]:
        """The content of each image the person received, in order."""
        return [self.media[str(m["media_id"])] for m in self.received(openid) if m["kind"] == "image"]

    async def unsubscribe(self, openid: str) -> None:
        self.follower(openid).subscribed = False
        await self._event(openid, "unsubscribe", "")

    def age_window(self, openid: str, hours: float) -> None:
        """Move the person's last message this many hours into the past."""
        self.follower(openid).last_message_at -= hours * 3600

    def received(self, openid: str) -> list[Json]:
        return self.follower(openid).received

    async def wait_for(self, openid: str, count: int, *, after: int = 0, timeout: float = 20) -> list[Json]:  # noqa: ASYNC109
        """The first `count` messages the person received after the first `after` ones."""
        await self.wait_until(lambda: len(self.received(openid)) >= after + count, timeout)
        return self.received(openid)[after : after + count]

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 20) -> None:  # noqa: ASYNC109
        """Checked on every change here, and every 0.1 s for conditions on the bot's own state."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.1)

    def add_listener(self, listener: Callable[[str, Json], None]) -> None:
        """Called with (openid, message) for every message a person receives: the browser chat's feed."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        self._changed.set()

    def _deliver(self, follower: Follower, message: Json) -> None:
        follower.received.append(message)
        for listener in self._listeners:
            listener(follower.openid, message)
        self._notify()

    # --- posting to the bot ---------------------------------------------------------------------------

    async def _message(self, openid: str, kind: str, fields: str) -> int:
        msg_id = next(self._msg_ids)
        await self.post_xml(self.message_xml(openid, kind, fields, msg_id))
        return msg_id

    def message_xml(self, openid: str, kind: str, fields: str, msg_id: int) -> str:
        """The XML of a person's message, which opens their 48-hour window and quota again."""
        follower = self.follower(openid)
        follower.last_message_at, follower.quota_used = time.time(), 0
        return self.xml(openid, f"<MsgType>{_cdata(kind)}</MsgType>{fields}<MsgId>{msg_id}</MsgId>")

    async def _event(self, openid: str, event: str, fields: str) -> None:
        follower = self.follower(openid)
        if event != "unsubscribe":
            follower.last_message_at, follower.quota_used = time.time(), 0
        await self.post(openid, f"<MsgType>{_cdata('event')}</MsgType><Event>{_cdata(event)}</Event>{fields}")

    def xml(self, openid: str, body: str) -> str:
        follower = self.follower(openid)
        follower.last_time = max(int(time.time()), follower.last_time + 1)
        return (
            f"<xml><ToUserName>{_cdata(ACCOUNT_ID)}</ToUserName><FromUserName>{_cdata(openid)}</FromUserName>"
            f"<CreateTime>{follower.last_time}</CreateTime>{body}</xml>"
        )

    async def post(self, openid: str, body: str) -> str:
        """Post one message as WeChat does: retried when the bot does not answer in 5 s."""
        return await self.post_xml(self.xml(openid, body))

    async def post_xml(self, xml: str, *, signature_token: str | None = None) -> str:
        """Post the XML (again, for a test of WeChat's retries); `signature_token` forges the signature."""
        assert self.bot_url is not None and self._client is not None, "set bot_url, then start()"
        timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
        query = {
            "timestamp": timestamp,
            "nonce": nonce,
            "signature": signature(signature_token or self.token, timestamp, nonce),
        }
        content = xml
        if self.aes_key is not None:
            crypto = WeChatCrypto(self.token, self.aes_key, APP_ID)
            content = crypto.encrypt_message(xml, nonce, timestamp)
            query["encrypt_type"] = "aes"
            query["msg_signature"] = _between(content, "<MsgSignature><![CDATA[", "]]>")
        answer = ""
        for _attempt in range(1 + RETRIES):
            try:
                response = await self._client.post(self.bot_url, params=query, content=content.encode())
            except httpx.TimeoutException:
                continue  # no answer in 5 s: WeChat posts the same message again
            answer = response.text
            self.posts.append((response.status_code, answer))
            break
        self._notify()
        return answer

    async def verify_url(self) -> int:
        """What WeChat does when the URL is saved in its console: a GET that must echo echostr."""
        assert self.bot_url is not None and self._client is not None
        timestamp, nonce, echo = str(int(time.time())), "n", "echo-" + secrets.token_hex(4)
        params = {"timestamp": timestamp, "nonce": nonce, "echostr": echo}
        params["signature"] = signature(self.token, timestamp, nonce)
        response = await self._client.get(self.bot_url, params=params)
        return response.status_code if response.text == echo else 500

    # --- the API the bot calls ------------------------------------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/cgi-bin/token", self._token, methods=["GET"]),
                Route("/cgi-bin/message/custom/send", self._custom_send, methods=["POST"]),
                Route("/cgi-bin/message/template/send", self._template_send, methods=["POST"]),
                Route("/cgi-bin/menu/create", self._menu_create, methods=["POST"]),
                Route("/cgi-bin/qrcode/create", self._qrcode_create, methods=["POST"]),
                Route("/cgi-bin/media/get", self._media_get, methods=["GET"]),
                Route("/cgi-bin/media/upload", self._media_upload, methods=["POST"]),
            ]
        )

    async def _token(self, request: Request) -> Response:
        query = request.query_params
        if query.get("appid") != APP_ID or query.get("secret") != APP_SECRET:
            return _error(40125, "invalid appsecret")
        token = "ACCESS_" + secrets.token_hex(16)
        self._access_tokens.add(token)
        return JSONResponse({"access_token": token, "expires_in": 7200})

    async def _call(self, request: Request) -> Json | Response:
        if request.query_params.get("access_token") not in self._access_tokens:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        try:
            body: Json = json.loads(await request.body())
        except ValueError:
            return _error(47001, "data format error")
        self.calls.append((request.url.path.removeprefix("/cgi-bin/"), body))
        return body

    async def _custom_send(self, request: Request) -> Response:
        body = await self._call(request)
        if isinstance(body, Response):
            return body
        follower = self.followers.get(str(body.get("touser")))
        if follower is None:
            return _error(40003, "invalid openid")
        if not follower.subscribed:
            return _error(43004, "require subscribe")
        if time.time() - follower.last_message_at > WINDOW_S:
            return _error(45015, "response out of time limit or subscription is canceled")
        if follower.quota_used >= QUOTA:
            return _error(45047, "out of response count limit")
        kind = body.get("msgtype")
        if kind == "text":
            text = str(body.get("text", {}).get("content", ""))
            if not text or len(text.encode()) > 2048 * 2:
                return _error(45002, "content size out of limit")
            message: Json = {"kind": "text", "text": text}
        elif kind == "image":
            media_id = str(body.get("image", {}).get("media_id", ""))
            if media_id not in self.media:
                return _error(40007, "invalid media_id")
            message = {"kind": "image", "media_id": media_id}
        else:
            return _error(40008, "invalid message type")
        follower.quota_used += 1
        self._deliver(follower, message)
        return _ok()

    async def _template_send(self, request: Request) -> Response:
        body = await self._call(request)
        if isinstance(body, Response):
            return body
        follower = self.followers.get(str(body.get("touser")))
        if follower is None:
            return _error(40003, "invalid openid")
        if not follower.subscribed:
            return _error(43004, "require subscribe")
        if not body.get("template_id"):
            return _error(40037, "invalid template_id")
        data = body.get("data", {})
        text = "\n".join(str(item.get("value", "")) for item in data.values())
        self._deliver(follower, {"kind": "template", "text": text, "template_id": body["template_id"]})
        return JSONResponse({"errcode": 0, "errmsg": "ok", "msgid": next(self._msg_ids)})

    async def _menu_create(self, request: Request) -> Response:
        body = await self._call(request)
        if isinstance(body, Response):
            return body
        problem = _menu_problem(body)
        if problem is not None:
            return _error(40016, problem)
        self.menu = body
        self._notify()
        return _ok()

    async def _qrcode_create(self, request: Request) -> Response:
        body = await self._call(request)
        if isinstance(body, Response):
            return body
        scene = body.get("action_info", {}).get("scene", {})
        value = str(scene.get("scene_str") or scene.get("scene_id") or "")
        if not value or len(value) > 64:
            return _error(40097, "invalid args: scene")
        seconds = int(body.get("expire_seconds") or QR_DEFAULT_EXPIRY_S)
        if not 0 < seconds <= QR_MAX_EXPIRY_S:
            return _error(40009, "invalid args: expire_seconds")
        ticket = secrets.token_urlsafe(24)  # every call is a new ticket, as on WeChat
        self.qr_codes[ticket] = value
        self.qr_expiry[ticket] = time.time() + seconds
        return JSONResponse({"ticket": ticket, "expire_seconds": seconds, "url": qr_url(ticket)})

    async def _media_upload(self, request: Request) -> Response:
        """A temporary image: WeChat takes png/jpeg/gif up to 2 MB in the form field "media"."""
        if request.query_params.get("access_token") not in self._access_tokens:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        if request.query_params.get("type") != "image":
            return _error(40004, "invalid media type")
        content = _form_file(request.headers.get("content-type", ""), await request.body(), "media")
        if content is None:
            return _error(41005, "media data missing")
        if len(content) > IMAGE_LIMIT or not content.startswith(IMAGE_SIGNATURES):
            return _error(40005, "invalid file type")
        media_id = "upload-" + secrets.token_hex(8)
        self.media[media_id] = content
        self.uploads.append(media_id)
        self.calls.append(("media/upload", {"type": "image", "media_id": media_id}))
        return JSONResponse({"type": "image", "media_id": media_id, "created_at": int(time.time())})

    async def _media_get(self, request: Request) -> Response:
        if request.query_params.get("access_token") not in self._access_tokens:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        found = self.media.get(request.query_params.get("media_id", ""))
        if found is None:
            return _error(40007, "invalid media_id")
        return Response(found, media_type="image/png")


def _form_file(content_type: str, body: bytes, field: str) -> bytes | None:
    """The file of one field of a multipart/form-data body (read with the standard library's MIME
    parser: the emulator needs no form library)."""
    if not content_type.startswith("multipart/form-data"):
        return None
    form = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    for part in form.iter_parts():
        if part.get_param("name", header="content-disposition") == field and part.get_filename():
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def qr_url(ticket: str) -> str:
    return f"http://weixin.qq.com/q/{ticket}"


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def _menu_problem(body: Json) -> str | None:
    """WeChat's menu rules: 1-3 buttons, each with a type or 1-5 sub-buttons; names within their bytes."""
    buttons = body.get("button", [])
    if not 1 <= len(buttons) <= 3:
        return "invalid button size"
    for button in buttons:
        if len(str(button.get("name", "")).encode()) > 16:
            return "invalid button name size"
        subs = button.get("sub_button")
        if subs is not None:
            if not 1 <= len(subs) <= 5:
                return "invalid sub button size"
            if any(len(str(sub.get("name", "")).encode()) > 60 for sub in subs):
                return "invalid sub button name size"
        elif button.get("type") not in ("click", "view", "location_select", "scancode_push"):
            return "invalid button type"
    return None


def menu_links(text: str) -> list[tuple[str, str]]:
    """(label, menu id) of each bizmsgmenu link in a text, in order."""
    found = []
    start = text.find(_BIZMSGMENU)
    while start != -1:
        end = text.find('"', start)
        label, _, menu_id = text[start + len(_BIZMSGMENU) : end].partition("&msgmenuid=")
        found.append((label, menu_id))
        start = text.find(_BIZMSGMENU, end)
    return found


def _between(text: str, before: str, after: str) -> str:
    start = text.index(before) + len(before)
    return text[start : text.index(after, start)]


def _cdata(text: str) -> str:
    return f"<![CDATA[{text.replace(']]>', ']]&gt;')}]]>"


def _ok() -> Response:
    return JSONResponse({"errcode": 0, "errmsg": "ok"})


def _error(code: int, message: str) -> Response:
    return JSONResponse({"errcode": code, "errmsg": escape(message)})
