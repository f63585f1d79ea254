"""A local Telegram Bot API server that the unmodified bot talks to through PTB's ``base_url``.

It holds the state Telegram would hold (users, chats, messages, files, pending updates), answers the bot like
Telegram does, including its refusals, and lets tests and the terminal chat act as users. Everything runs on
one event loop, so the state needs no locks.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import itertools
import logging
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, NamedTuple, Self

import aiohttp
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.emulator import spec
from bot.emulator.spec import InvalidRequest, Json

logger = logging.getLogger(__name__)

FaultKind = Literal["retry_after", "forbidden", "server_error", "slow", "drop"]
EventKind = Literal["sent", "edited", "deleted", "callback_answer"]

# A 1x1 JPEG: users' photos need real-looking bytes that survive an upload and a download.
FAKE_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b08000100010101"
    "1100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504"
    "040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a2526"
    "2728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83848586878889"
    "8a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4"
    "e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)
FAKE_OGG = b"OggS" + bytes(60)

TEXT_MAX_LENGTH = 4096
CAPTION_MAX_LENGTH = 1024
WEBHOOK_RETRY_S = 0.5  # after a refused or failed post, as Telegram retries later
_TOKEN_FORMAT = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{1,100}")
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)
# Telegram's own wording for some missing parameters; others get "<name> is required".
_MISSING_PARAMETER_WORDING = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "photo": "there is no photo in the request",
    "document": "there is no document in the request",
    "voice": "there is no voice in the request",
}
# Without allowed_updates Telegram sends every kind except these.
_UPDATES_SENT_ONLY_ON_REQUEST = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Message fields that describe the envelope, not the content, and so are not copied by copyMessage.
_ENVELOPE_FIELDS = frozenset(
    {"message_id", "from", "chat", "date", "edit_date", "reply_markup", "forward_origin", "reply_to_message"}
)


class EmulatorUsageError(Exception):
    """A test or the terminal asked for something that cannot happen, such as pressing a missing button."""


class ApiError(Exception):
    """An answer with ok=false, as Telegram gives it."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def response(self) -> web.Response:
        body: Json = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return web.json_response(body, status=self.status)


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ApiCall:
    """One request from the bot, for assertions. ``error`` holds the description when it was refused;
    ``unknown_parameters`` those the Bot API does not define, which Telegram silently ignores."""

    method: str
    params: dict[str, Any]
    error: str | None = None
    unknown_parameters: tuple[str, ...] = ()


class ChatEvent(NamedTuple):
    """What the bot did in a chat, told to listeners such as the terminal chat as it happens."""

    kind: EventKind
    chat_id: int
    message: Json


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class _MessageRecord:
    message: Json
    sent_by_bot: bool
    raw_text: str | None = None
    parse_mode: str | None = None
    reply_keyboard: Json | None = None
    deleted: bool = False

    def view(self) -> Json:
        """The message as tests read it: the Bot API object plus what only the emulator knows."""
        view = copy.deepcopy(self.message)
        view.update(raw_text=self.raw_text, parse_mode=self.parse_mode, deleted=self.deleted)
        if self.reply_keyboard is not None:
            view["reply_keyboard"] = copy.deepcopy(self.reply_keyboard)
        return view


@dataclass
class _Fault:
    method: str | None
    kind: FaultKind
    remaining: int
    retry_after: int
    delay: float


@dataclass
class _Call:
    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.params.get(name, default)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise bad_request(f'invalid parameter "{name}": an integer is expected')

    def require_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(_MISSING_PARAMETER_WORDING.get(name, f"{name} is required"))
        return value

    def get_str(self, name: str) -> str | None:
        value = self.params.get(name)
        return None if value is None else str(value)

    def get_float(self, name: str) -> float:
        value = self.params.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise bad_request(f'invalid parameter "{name}": a number is expected')


Handler = Callable[[_Call], Awaitable[Any]]


@dataclass(frozen=True)
class _Webhook:
    url: str
    secret: str | None


class BotApiEmulator:
    """The Bot API on 127.0.0.1, plus the users' side of every chat.

    Start it, point PTB's ``base_url``/``base_file_url`` at :attr:`base_url`/:attr:`base_file_url`, and act
    as users with the ``send_*``/``press_*`` methods; each action queues one update for getUpdates.
    """

    def __init__(
        self,
        *,
        bot_username: str = "xiaoge_test_bot",
        bot_id: int = 123456,
        bot_first_name: str = "小哥助手",
        rejected_tokens: Iterable[str] = (),
    ) -> None:
        self.bot_user: Json = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.rejected_tokens = set(rejected_tokens)
        self.requests: list[ApiCall] = []
        self.callback_answers: list[Json] = []
        self.commands: dict[tuple[str, str], list[Json]] = {}
        self.menu_buttons: dict[int | None, Json] = {}
        self.updates_confirmed = 0
        self._spec = spec.load_spec()
        self._users: dict[int, Json] = {}
        self._chats: dict[int, Json] = {}
        self._group_members: dict[int, set[int]] = {}
        self._blocked_by: set[int] = set()
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[tuple[int, int], _MessageRecord] = {}
        self._bot_messages: dict[int, list[_MessageRecord]] = {}
        self._read_cursor: dict[int, int] = {}
        self._files_by_id: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._file_numbers = itertools.count(1)
        self._pending_updates: list[Json] = []
        self._update_ids = itertools.count(1)
        self._media_group_ids = itertools.count(1)
        self._allowed_updates: set[str] | None = None
        self._webhook: _Webhook | None = None
        self._webhook_sender: asyncio.Task[None] | None = None
        # A load balancer in front of several workers: updates go round-robin to these addresses
        # instead of the one the bot set. Each delivery's target and HTTP status is recorded.
        self.webhook_backends: list[str] = []
        self.webhook_deliveries: list[tuple[str, int]] = []
        self._poll_generation = 0
        self._open_callback_queries: dict[str, int] = {}  # query id -> the user who pressed
        self._callback_ids = itertools.count(1)
        self._faults: list[_Fault] = []
        self._listeners: list[Callable[[ChatEvent], None]] = []
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "logOut": self._return_true,
            "close": self._return_true,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendVoice": self._send_voice,
            "sendLocation": self._send_location,
            "sendVenue": self._send_venue,
            "sendChatAction": self._send_chat_action,
            "sendMediaGroup": self._send_media_group,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "editMessageCaption": self._edit_message_caption,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "setMyDescription": self._return_true,
            "setMyShortDescription": self._return_true,
            "setMyName": self._return_true,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
        }
        self._handlers_by_lower_name = {name.lower(): name for name in self._handlers}

    # -----------------------------------------------------------------------------------------------------
    # Lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        app.router.add_route("*", "/_emulator/{action}", self._handle_control)
        # No access log: the token is part of every path.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._host = host
        logger.info("Bot API emulator listening on %s:%s", host, self._port)

    async def stop(self) -> None:
        """Releases pending long polls at once so that the bot and the server stop quickly."""
        self._closing = True
        await self._notify()
        if self._webhook_sender is not None:
            self._webhook_sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_sender
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._origin()}/file/bot"

    def _origin(self) -> str:
        if self._port is None:
            raise EmulatorUsageError("the emulator is not started")
        return f"http://{self._host}:{self._port}"

    # -----------------------------------------------------------------------------------------------------
    # Fault injection

    def inject_fault(
        self,
        method: str | None,
        kind: FaultKind,
        *,
        count: int = 1,
        retry_after: int = 1,
        delay: float = 1.0,
    ) -> None:
        """Makes the next ``count`` matching requests fail; ``method=None`` matches every method, getUpdates
        included."""
        if kind not in ("retry_after", "forbidden", "server_error", "slow", "drop"):
            raise EmulatorUsageError(f"unknown fault kind {kind!r}")
        matched = method.lower() if method else None
        self._faults.append(_Fault(matched, kind, count, retry_after, delay))

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method in (None, method.lower()):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # -----------------------------------------------------------------------------------------------------
    # HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        call: ApiCall | None = None
        try:
            self._check_token(request.match_info["token"])
            method = self._resolve_method(request.match_info["method"])
            fault = self._take_fault(method)
            if fault is not None:
                if fault.kind == "drop":
                    if request.transport is not None:
                        request.transport.abort()
                    return web.Response()
                if fault.kind != "slow":
                    self._raise_fault(fault)
                await asyncio.sleep(fault.delay)
            raw, files = await self._read_body(request)
            call = ApiCall(method, raw)
            self.requests.append(call)
            parsed = self._decode(method, raw, files)
            call.params = parsed.params
            call.unknown_parameters = self._check_parameters(parsed)
            result = await self._handlers[method](parsed)
            return web.json_response({"ok": True, "result": result})
        except InvalidRequest as refusal:
            error = bad_request(str(refusal))
        except ApiError as api_error:
            error = api_error
        except Exception:
            logger.exception("The emulator failed on a request")
            error = ApiError(500, "Internal Server Error")
        finally:
            await self._notify()
        if call is not None:
            call.error = error.description
        return error.response()

    def _check_token(self, token: str) -> None:
        if not _TOKEN_FORMAT.fullmatch(token) or token in self.rejected_tokens:
            raise ApiError(401, "Unauthorized")

    def _resolve_method(self, name: str) -> str:
        implemented = self._handlers_by_lower_name.get(name.lower())
        if implemented is not None:
            return implemented
        known = self._spec.method(name) if self._spec else None
        if known is None:
            raise ApiError(404, "Not Found")
        raise ApiError(501, f"Not Implemented: the emulator does not implement {known.name}")

    @staticmethod
    def _raise_fault(fault: _Fault) -> None:
        if fault.kind == "retry_after":
            raise ApiError(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                {"retry_after": fault.retry_after},
            )
        if fault.kind == "forbidden":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        raise ApiError(500, "Internal Server Error")

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
        """The parameters of the query string and of a form, multipart or JSON body, and the uploads."""
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        try:
            if request.content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise bad_request("the JSON body must be an object")
                raw.update(body)
            elif request.body_exists:
                for name, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        files[name] = UploadedFile(value.filename, value.content_type, value.file.read())
                    else:
                        raw[name] = value
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        except (ValueError, HttpProcessingError) as problem:
            raise bad_request(f"can't parse the request body: {problem}") from None
        return raw, files

    def _decode(self, method: str, raw: dict[str, Any], files: dict[str, UploadedFile]) -> _Call:
        """Form values become what they encode, by the parameter's type in the spec."""
        params = {
            name: spec.decode_parameter(spec.field_types(self._spec, method, name), name, value)
            if isinstance(value, str)
            else value
            for name, value in raw.items()
        }
        return _Call(method, params, files)

    def _check_parameters(self, call: _Call) -> tuple[str, ...]:
        """Refuses a call without a required parameter; returns the parameters the spec does not know."""
        method_spec = self._spec.method(call.method) if self._spec else None
        if method_spec is None:
            return ()
        for name in sorted(method_spec.required):
            if name not in call.params and name not in call.files:
                raise bad_request(_MISSING_PARAMETER_WORDING.get(name, f"{name} is required"))
        unknown = tuple(sorted(set(call.params) - set(method_spec.field_types)))
        if unknown:
            logger.debug("%s: parameters unknown to the Bot API: %s", call.method, unknown)
        return unknown

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        try:
            self._check_token(request.match_info["token"])
        except ApiError as error:
            return error.response()
        stored = self._files_by_path.get(request.match_info["file_path"])
        if stored is None:
            return ApiError(404, "Not Found").response()
        return web.Response(body=stored.content, content_type="application/octet-stream")

    _CONTROL_ACTIONS = frozenset(
        {
            "add_user",
            "add_group",
            "block_bot",
            "send_text",
            "send_text_in_group",
            "send_location",
            "edit_live_location",
            "send_photo",
            "send_voice",
            "send_contact",
            "forward_text",
            "press_button",
            "press_raw_callback",
            "inject_fault",
            "clear_faults",
        }
    )

    async def _handle_control(self, request: web.Request) -> web.Response:
        """Lets another process act as a user: POST /_emulator/<action> with the keyword arguments as JSON;
        GET /_emulator/messages?chat_id=N and GET /_emulator/state read."""
        action = request.match_info["action"]
        try:
            if action == "messages":
                result: Any = self.messages_to(int(request.query["chat_id"]))
            elif action == "state":
                result = self._state_summary()
            elif action in self._CONTROL_ACTIONS and request.method == "POST":
                arguments = await request.json() if request.body_exists else {}
                result = getattr(self, action)(**arguments)
                if inspect.isawaitable(result):
                    result = await result
            else:
                return web.json_response({"ok": False, "description": "Not Found"}, status=404)
        except (EmulatorUsageError, TypeError, ValueError, KeyError) as problem:
            return web.json_response({"ok": False, "description": str(problem)}, status=400)
        return web.json_response({"ok": True, "result": result})

    def _state_summary(self) -> Json:
        return {
            "requests": [{"method": call.method, "error": call.error} for call in self.requests],
            "callback_answers": self.callback_answers,
            "commands": {f"{scope}|{language}": items for (scope, language), items in self.commands.items()},
            "updates_confirmed": self.updates_confirmed,
            "pending_updates": len(self._pending_updates),
        }

    # -----------------------------------------------------------------------------------------------------
    # Waiting and listening

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 10.0,  # noqa: ASYNC109 - as in wait_for_messages
    ) -> None:
        """Waits until ``condition()`` holds; it is checked after every request and every user action."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError:
            raise TimeoutError(f"condition not met within {timeout} s") from None

    def add_listener(self, listener: Callable[[ChatEvent], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, kind: EventKind, chat_id: int, message: Json) -> None:
        for listener in self._listeners:
            listener(ChatEvent(kind, chat_id, copy.deepcopy(message)))

    # -----------------------------------------------------------------------------------------------------
    # Reading what the bot did

    def messages_to(self, chat_id: int) -> list[Json]:
        """Every message the bot sent to the chat, in order, as it is now: edits applied, deletions flagged.

        Each is the Bot API Message plus ``raw_text`` (text or caption as the bot sent it), ``parse_mode``,
        ``deleted`` and, when the bot attached a reply keyboard (not echoed by Telegram), ``reply_keyboard``.
        """
        return [record.view() for record in self._bot_messages.get(chat_id, [])]

    def mark(self, chat_id: int) -> None:
        """Forgets the bot messages so far, so that the next wait_for_messages only counts later ones."""
        self._read_cursor[chat_id] = len(self._bot_messages.get(chat_id, []))

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline per call reads better in tests
    ) -> list[Json]:
        """Waits for at least ``count`` bot messages to the chat that are newer than the chat's read cursor.

        Returns all of them (possibly more than ``count``), in the state of messages_to, and moves the
        cursor past them. The cursor starts at 0 and also moves with :meth:`mark`. Edits do not count as new
        messages; use :meth:`wait_until` for them. Raises TimeoutError naming what did arrive.
        """
        start = self._read_cursor.get(chat_id, 0)
        try:
            await self.wait_until(lambda: len(self._bot_messages.get(chat_id, [])) - start >= count, timeout)
        except TimeoutError:
            arrived = [
                message.get("text", message.get("caption")) for message in self.messages_to(chat_id)[start:]
            ]
            raise TimeoutError(
                f"expected {count} new bot message(s) to chat {chat_id} within {timeout} s, got {arrived}"
            ) from None
        records = self._bot_messages.get(chat_id, [])[start:]
        self._read_cursor[chat_id] = start + len(records)
        return [record.view() for record in records]

    async def ask(
        self,
        user_id: int,
        text: str,
        *,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - as in wait_for_messages
    ) -> list[Json]:
        """Sends text as the user and returns the bot's next ``count`` (or more) messages to that chat."""
        self.mark(user_id)
        await self.send_text(user_id, text)
        return await self.wait_for_messages(user_id, count, timeout)

    @property
    def pending_updates(self) -> list[Json]:
        """The updates not yet confirmed by a getUpdates offset."""
        return copy.deepcopy(self._pending_updates)

    # -----------------------------------------------------------------------------------------------------
    # The users' side

    async def add_user(
        self, user_id: int, first_name: str, *, username: str | None = None, language_code: str = "zh-hans"
    ) -> Json:
        """Creates the user and their private chat (same id); called again, it updates them."""
        if user_id <= 0:
            raise EmulatorUsageError("user ids are positive")
        user: Json = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        chat: Json = {"id": user_id, "type": "private", "first_name": first_name}
        if username:
            user["username"] = chat["username"] = username
        self._users[user_id] = user
        self._chats[user_id] = chat
        return copy.deepcopy(user)

    async def add_group(self, chat_id: int, title: str, *, member_ids: Iterable[int] = ()) -> Json:
        """A group the bot is a member of; group ids are negative as in Telegram."""
        if chat_id >= 0:
            raise EmulatorUsageError("group chat ids are negative")
        for member_id in member_ids:
            self._user(member_id)
        self._chats[chat_id] = {"id": chat_id, "type": "group", "title": title}
        self._group_members[chat_id] = set(member_ids)
        return copy.deepcopy(self._chats[chat_id])

    async def block_bot(self, user_id: int, blocked: bool = True) -> Json | None:
        """Blocks (or unblocks) the bot as the user; queues the my_chat_member update Telegram sends."""
        user = self._user(user_id)
        if (user_id in self._blocked_by) == blocked:
            return None
        if blocked:
            self._blocked_by.add(user_id)
        else:
            self._blocked_by.discard(user_id)
        member = {"status": "member", "user": self.bot_user}
        kicked = {"status": "kicked", "user": self.bot_user, "until_date": 0}
        change = {
            "chat": self._chats[user_id],
            "from": user,
            "date": _now(),
            "old_chat_member": member if blocked else kicked,
            "new_chat_member": kicked if blocked else member,
        }
        return await self._queue_update("my_chat_member", change)

    async def send_text(self, user_id: int, text: str, *, reply_to_message_id: int | None = None) -> Json:
        """The user writes text; a leading /command gets its bot_command entity as in Telegram."""
        content: Json = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": spec.utf16_length(command)}]
        return await self._user_message(user_id, user_id, content, reply_to_message_id)

    async def send_text_in_group(
        self, chat_id: int, user_id: int, text: str, *, reply_to_message_id: int | None = None
    ) -> Json:
        """The user writes in a group. The bot runs in privacy mode (can_read_all_group_messages false): it
        only receives commands and replies to its own messages; the message is returned either way."""
        if self._chat(chat_id)["type"] == "private":
            raise EmulatorUsageError(f"chat {chat_id} is not a group")
        self._user(user_id)
        self._group_members[chat_id].add(user_id)
        content: Json = {"text": text}
        is_command = text.startswith("/")
        if is_command:
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": spec.utf16_length(command)}]
            addressee = command.partition("@")[2]
            is_command = addressee in ("", self.bot_user["username"])
        replied = self._messages.get((chat_id, reply_to_message_id or 0))
        delivered = is_command or (replied is not None and replied.sent_by_bot)
        return await self._user_message(chat_id, user_id, content, reply_to_message_id, deliver=delivered)

    async def send_location(
        self, user_id: int, latitude: float, longitude: float, *, live_period: int | None = None
    ) -> Json:
        location: Json = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        return await self._user_message(user_id, user_id, {"location": location})

    async def edit_live_location(
        self, user_id: int, message_id: int, latitude: float, longitude: float
    ) -> Json:
        """Moves a live location the user shares; the bot gets an edited_message update."""
        record = self._messages.get((user_id, message_id))
        if record is None or record.sent_by_bot or "live_period" not in record.message.get("location", {}):
            raise EmulatorUsageError(f"message {message_id} of user {user_id} is not a live location")
        record.message["location"].update(latitude=latitude, longitude=longitude)
        record.message["edit_date"] = _now()
        await self._queue_update("edited_message", record.message)
        return copy.deepcopy(record.message)

    async def send_photo(self, user_id: int, caption: str | None = None) -> Json:
        content: Json = {"photo": self._photo_sizes(self._store_file("photos", ".jpg", FAKE_JPEG))}
        if caption:
            content["caption"] = caption
        return await self._user_message(user_id, user_id, content)

    async def send_voice(self, user_id: int, duration: int = 3) -> Json:
        stored = self._store_file("voice", ".oga", FAKE_OGG)
        voice = {**self._file_fields(stored), "duration": duration, "mime_type": "audio/ogg"}
        return await self._user_message(user_id, user_id, {"voice": voice})

    async def send_contact(self, user_id: int, phone_number: str = "+8613800138000") -> Json:
        """The user shares their own contact, as a request_contact keyboard button does."""
        contact = {
            "phone_number": phone_number,
            "first_name": self._user(user_id)["first_name"],
            "user_id": user_id,
        }
        return await self._user_message(user_id, user_id, {"contact": contact})

    async def forward_text(self, user_id: int, text: str, forward_from_user_id: int) -> Json:
        origin_user = self._users.get(forward_from_user_id) or {
            "id": forward_from_user_id,
            "is_bot": False,
            "first_name": f"User {forward_from_user_id}",
        }
        origin = {"type": "user", "sender_user": origin_user, "date": _now()}
        return await self._user_message(user_id, user_id, {"text": text, "forward_origin": origin})

    async def press_button(
        self, user_id: int, message_id: int, button: str | int, *, chat_id: int | None = None
    ) -> Json:
        """Presses an inline button of a bot message, by its label or its 0-based index in reading order;
        queues the callback_query and returns it. ``chat_id`` names a group the user is in (default: the
        user's private chat)."""
        chat_id = self._pressing_chat(user_id, chat_id)
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted or not record.sent_by_bot:
            raise EmulatorUsageError(f"the bot sent no message {message_id} to chat {chat_id}")
        buttons = [
            candidate
            for row in record.message.get("reply_markup", {}).get("inline_keyboard", [])
            for candidate in row
        ]
        if isinstance(button, int):
            chosen = buttons[button] if -len(buttons) <= button < len(buttons) else None
        else:
            chosen = next((candidate for candidate in buttons if candidate["text"] == button), None)
        if chosen is None:
            labels = [candidate["text"] for candidate in buttons]
            raise EmulatorUsageError(f"message {message_id} has no button {button!r}; its buttons: {labels}")
        if "callback_data" not in chosen:
            raise EmulatorUsageError(f"button {chosen['text']!r} sends no callback: {chosen}")
        return await self._callback_query(user_id, record, chosen["callback_data"])

    async def press_raw_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> Json:
        """A callback with any data, as a forged or outdated client could send."""
        chat_id = self._pressing_chat(user_id, chat_id)
        record = self._messages.get((chat_id, message_id))
        if record is None:
            raise EmulatorUsageError(f"chat {chat_id} has no message {message_id}")
        return await self._callback_query(user_id, record, data)

    def _pressing_chat(self, user_id: int, chat_id: int | None) -> int:
        """Where a user presses a button: their private chat, or a group they are a member of."""
        if chat_id is None or chat_id == user_id:
            return user_id
        if user_id not in self._group_members.get(chat_id, set()):
            raise EmulatorUsageError(f"user {user_id} is not a member of chat {chat_id}")
        return chat_id

    async def _callback_query(self, user_id: int, record: _MessageRecord, data: str) -> Json:
        query_id = f"{user_id}{next(self._callback_ids):06d}"
        self._open_callback_queries[query_id] = user_id
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": record.message,
            "chat_instance": f"instance{record.message['chat']['id']}",
            "data": data,
        }
        return await self._queue_update("callback_query", query)

    async def _user_message(
        self,
        chat_id: int,
        user_id: int,
        content: Json,
        reply_to_message_id: int | None = None,
        *,
        deliver: bool = True,
    ) -> Json:
        user = self._user(user_id)
        if user_id in self._blocked_by:
            raise EmulatorUsageError(
                f"user {user_id} has blocked the bot; call block_bot({user_id}, False) first"
            )
        message = self._new_message(self._chat(chat_id), user, content)
        if reply_to_message_id is not None:
            message["reply_to_message"] = _without_reply(
                self._message_record(chat_id, reply_to_message_id).message
            )
        self._messages[(chat_id, message["message_id"])] = _MessageRecord(message, sent_by_bot=False)
        if deliver:
            await self._queue_update("message", message)
        return copy.deepcopy(message)

    async def _queue_update(self, kind: str, payload: Json) -> Json:
        update = {"update_id": next(self._update_ids), kind: copy.deepcopy(payload)}
        self._pending_updates.append(update)
        await self._notify()
        return copy.deepcopy(payload)

    def _user(self, user_id: int) -> Json:
        user = self._users.get(user_id)
        if user is None:
            raise EmulatorUsageError(f"unknown user {user_id}; call add_user first")
        return user

    def _chat(self, chat_id: int) -> Json:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise EmulatorUsageError(f"unknown chat {chat_id}")
        return chat

    def _message_record(self, chat_id: int, message_id: int) -> _MessageRecord:
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            raise EmulatorUsageError(f"chat {chat_id} has no message {message_id}")
        return record

    def _new_message(self, chat: Json, sender: Json, content: Json) -> Json:
        message_id = self._last_message_id.get(chat["id"], 0) + 1
        self._last_message_id[chat["id"]] = message_id
        return {"message_id": message_id, "from": sender, "chat": chat, "date": _now(), **content}

    # -----------------------------------------------------------------------------------------------------
    # Files

    def _store_file(
        self,
        folder: str,
        suffix: str,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> _StoredFile:
        number = next(self._file_numbers)
        stored = _StoredFile(
            file_id=f"emu-{folder}-{number}",
            file_unique_id=f"u{number}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files_by_id[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _file_fields(stored: _StoredFile) -> Json:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }

    @classmethod
    def _document_fields(cls, stored: _StoredFile) -> Json:
        fields = {
            **cls._file_fields(stored),
            "file_name": stored.file_name or stored.file_path.rsplit("/", 1)[-1],
        }
        if stored.mime_type:
            fields["mime_type"] = stored.mime_type
        return fields

    def _photo_sizes(self, original: _StoredFile) -> list[Json]:
        """Telegram offers a photo in several sizes; a thumbnail and the original are enough here."""
        thumbnail = self._store_file("photos", ".jpg", original.content)
        return [
            {**self._file_fields(thumbnail), "width": 90, "height": 90},
            {**self._file_fields(original), "width": 1280, "height": 960},
        ]

    def _input_file(self, call: _Call, name: str, folder: str, suffix: str) -> _StoredFile:
        """The file a parameter names: an upload, attach://<part>, a known file_id or a URL."""
        upload = call.files.get(name)
        value = call.params.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file {value} not found in the request")
        if upload is not None:
            return self._store_file(
                folder, suffix, upload.content, file_name=upload.filename, mime_type=upload.content_type
            )
        if not isinstance(value, str) or not value:
            raise bad_request(_MISSING_PARAMETER_WORDING.get(name, f"{name} is required"))
        if value.startswith(("http://", "https://")):
            # No network here: a URL stands for an empty file.
            return self._store_file(folder, suffix, b"", file_name=value.rsplit("/", 1)[-1])
        stored = self._files_by_id.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    # -----------------------------------------------------------------------------------------------------
    # Bot API methods

    async def _return_true(self, call: _Call) -> bool:
        return True

    async def _get_me(self, call: _Call) -> Json:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _set_webhook(self, call: _Call) -> bool:
        """Updates are posted to the address (with the secret token header) instead of waiting for
        getUpdates. Telegram takes https only; the emulator also takes http on this machine."""
        url = call.get_str("url") or ""
        if not url:
            return await self._delete_webhook(call)
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = call.get_str("secret_token") or None
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if "allowed_updates" in call.params:
            allowed = call.params["allowed_updates"]
            self._allowed_updates = set(allowed) if allowed else None
        if call.params.get("drop_pending_updates") is True:
            self._pending_updates.clear()
        self._webhook = _Webhook(url, secret)
        if self._webhook_sender is None or self._webhook_sender.done():
            self._webhook_sender = asyncio.get_running_loop().create_task(self._post_updates())
        await self._notify()
        return True

    async def _post_updates(self) -> None:
        """One update at a time, in order, as long as a webhook is set; a refused or failed post is
        tried again (Telegram retries too), so nothing is lost while the bot restarts."""
        targets = itertools.count()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            while True:
                async with self._changed:
                    await self._changed.wait_for(
                        lambda: self._closing or self._webhook is None or bool(self._deliverable_updates(1))
                    )
                webhook = self._webhook
                if self._closing or webhook is None:
                    return
                update = self._deliverable_updates(1)[0]
                backends = self.webhook_backends or [webhook.url]
                target = backends[next(targets) % len(backends)]
                headers = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret} if webhook.secret else {}
                try:
                    async with session.post(target, json=update, headers=headers) as response:
                        status = response.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                self.webhook_deliveries.append((target, status))
                if status == 200:
                    self._confirm(update["update_id"] + 1)
                    await self._notify()
                else:
                    await asyncio.sleep(WEBHOOK_RETRY_S)

    async def _delete_webhook(self, call: _Call) -> bool:
        self._webhook = None
        if call.params.get("drop_pending_updates") is True:
            self._pending_updates.clear()
        await self._notify()
        return True

    async def _get_webhook_info(self, call: _Call) -> Json:
        return {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending_updates),
        }

    async def _get_updates(self, call: _Call) -> list[Json]:
        """Long polling: answers at once when updates are pending, else when one arrives or the timeout ends.

        A newer getUpdates ends a waiting one with 409, as Telegram does when two bot instances poll.
        """
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                "delete the webhook first",
            )
        offset = call.get_int("offset")
        limit = min(max(call.get_int("limit", 100) or 100, 1), 100)
        timeout = max(call.get_int("timeout", 0) or 0, 0)
        if "allowed_updates" in call.params:
            allowed = call.params["allowed_updates"]
            self._allowed_updates = set(allowed) if allowed else None
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._changed:
            self._poll_generation += 1
            generation = self._poll_generation
            self._changed.notify_all()
            while True:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only one bot "
                        "instance is running",
                    )
                deliverable = self._deliverable_updates(limit)
                remaining = deadline - loop.time()
                if deliverable or self._closing or remaining <= 0:
                    return deliverable
                try:
                    async with asyncio.timeout(remaining):
                        await self._changed.wait()
                except TimeoutError:
                    pass

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            forgotten, self._pending_updates = self._pending_updates[:offset], self._pending_updates[offset:]
            if forgotten:
                self.updates_confirmed = max(self.updates_confirmed, forgotten[-1]["update_id"])
            return
        self._pending_updates = [update for update in self._pending_updates if update["update_id"] >= offset]
        self.updates_confirmed = max(self.updates_confirmed, offset - 1)

    def _deliverable_updates(self, limit: int) -> list[Json]:
        """Drops the kinds the bot did not ask for, as Telegram never queues them."""

        def wanted(update: Json) -> bool:
            kind = next(key for key in update if key != "update_id")
            if self._allowed_updates is None:
                return kind not in _UPDATES_SENT_ONLY_ON_REQUEST
            return kind in self._allowed_updates

        self._pending_updates = [update for update in self._pending_updates if wanted(update)]
        return copy.deepcopy(self._pending_updates[:limit])

    def _target_chat(self, call: _Call, name: str = "chat_id") -> Json:
        chat_id = call.params.get(name)
        if chat_id is None or chat_id == "":
            raise bad_request(_MISSING_PARAMETER_WORDING.get(name, f"{name} is required"))
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        if chat_id in self._blocked_by:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _formatted(self, call: _Call, *, caption: bool) -> tuple[spec.FormattedText | None, str | None]:
        """The text or caption as Telegram stores it (plain text and entities), checked against its limits."""
        name, entities_name = ("caption", "caption_entities") if caption else ("text", "entities")
        raw = call.get_str(name)
        if raw is None:
            if caption:
                return None, None
            raise bad_request("message text is empty")
        parse_mode = call.get_str("parse_mode") or None
        if entities_name in call.params:
            entities = call.params[entities_name]
            if not isinstance(entities, list):
                raise bad_request(f"can't parse {entities_name} JSON object")
            formatted = spec.FormattedText(raw, entities)
        else:
            formatted = spec.parse_formatted(raw, parse_mode)
        limit = CAPTION_MAX_LENGTH if caption else TEXT_MAX_LENGTH
        if len(formatted.text) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        if not caption and not formatted.text:
            raise bad_request("message text is empty")
        return formatted, raw

    @staticmethod
    def _text_content(formatted: spec.FormattedText | None, *, caption: bool) -> Json:
        if formatted is None or not formatted.text:
            return {}
        name, entities_name = ("caption", "caption_entities") if caption else ("text", "entities")
        content: Json = {name: formatted.text}
        if formatted.entities:
            content[entities_name] = formatted.entities
        return content

    def _reply_markup(self, call: _Call) -> Json | None:
        markup = call.params.get("reply_markup")
        if markup is None:
            return None
        spec.validate_reply_markup(markup, self._spec)
        return dict(markup)

    def _bot_message(
        self,
        call: _Call,
        chat: Json,
        content: Json,
        *,
        raw_text: str | None = None,
        reply_markup: Json | None = None,
    ) -> Json:
        """Stores a message from the bot; only inline keyboards are part of a Message, as in Telegram."""
        message = self._new_message(chat, self.bot_user, content)
        reply_to = self._reply_target(call, chat)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        keyboard = None
        if reply_markup is not None and "inline_keyboard" in reply_markup:
            message["reply_markup"] = reply_markup
        else:
            keyboard = reply_markup
        record = _MessageRecord(
            message,
            sent_by_bot=True,
            raw_text=raw_text,
            parse_mode=call.get_str("parse_mode") or None,
            reply_keyboard=keyboard,
        )
        self._messages[(chat["id"], message["message_id"])] = record
        self._bot_messages.setdefault(chat["id"], []).append(record)
        self._emit("sent", chat["id"], record.view())
        return copy.deepcopy(message)

    def _reply_target(self, call: _Call, chat: Json) -> Json | None:
        parameters = call.params.get("reply_parameters")
        if isinstance(parameters, dict):
            message_id, allow_missing = (
                parameters.get("message_id"),
                parameters.get("allow_sending_without_reply"),
            )
        else:
            message_id, allow_missing = call.params.get("reply_to_message_id"), None
        if message_id is None:
            return None
        record = self._messages.get((chat["id"], message_id))
        if record is None or record.deleted:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return _without_reply(record.message)

    async def _send_message(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        formatted, raw = self._formatted(call, caption=False)
        return self._bot_message(
            call,
            chat,
            self._text_content(formatted, caption=False),
            raw_text=raw,
            reply_markup=self._reply_markup(call),
        )

    async def _send_media(self, call: _Call, media_content: Callable[[], Json]) -> Json:
        """The shared part of sendPhoto, sendDocument and sendVoice: chat, caption, markup, then the file."""
        chat = self._target_chat(call)
        formatted, raw = self._formatted(call, caption=True)
        markup = self._reply_markup(call)
        content = {**media_content(), **self._text_content(formatted, caption=True)}
        return self._bot_message(call, chat, content, raw_text=raw, reply_markup=markup)

    async def _send_photo(self, call: _Call) -> Json:
        return await self._send_media(
            call, lambda: {"photo": self._photo_sizes(self._input_file(call, "photo", "photos", ".jpg"))}
        )

    async def _send_document(self, call: _Call) -> Json:
        return await self._send_media(
            call,
            lambda: {"document": self._document_fields(self._input_file(call, "document", "documents", ""))},
        )

    async def _send_voice(self, call: _Call) -> Json:
        def voice() -> Json:
            stored = self._input_file(call, "voice", "voice", ".oga")
            duration = call.get_int("duration", 1)
            return {"voice": {**self._file_fields(stored), "duration": duration, "mime_type": "audio/ogg"}}

        return await self._send_media(call, voice)

    def _location(self, call: _Call) -> Json:
        latitude, longitude = call.get_float("latitude"), call.get_float("longitude")
        if not -90 <= latitude <= 90:
            raise bad_request("wrong latitude specified")
        if not -180 <= longitude <= 180:
            raise bad_request("wrong longitude specified")
        location: Json = {"latitude": latitude, "longitude": longitude}
        live_period = call.get_int("live_period")
        if live_period is not None:
            if not (60 <= live_period <= 86400 or live_period == 0x7FFFFFFF):
                raise bad_request("wrong live period specified")
            location["live_period"] = live_period
        return location

    async def _send_location(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        content = {"location": self._location(call)}
        return self._bot_message(call, chat, content, reply_markup=self._reply_markup(call))

    async def _send_venue(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        location = self._location(call)
        title, address = call.get_str("title"), call.get_str("address")
        if not title:
            raise bad_request("venue title is empty")
        venue: Json = {"location": location, "title": title, "address": address or ""}
        content = {"venue": venue, "location": location}
        return self._bot_message(call, chat, content, reply_markup=self._reply_markup(call))

    async def _send_chat_action(self, call: _Call) -> bool:
        self._target_chat(call)
        if call.get_str("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _send_media_group(self, call: _Call) -> list[Json]:
        chat = self._target_chat(call)
        media = call.params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise bad_request("media must include 2-10 items")
        prepared = []
        for index, item in enumerate(media):
            if not isinstance(item, dict) or item.get("type") not in ("photo", "document", "video", "audio"):
                raise bad_request(f"can't parse InputMedia JSON object at position {index}")
            item_call = _Call(
                call.method, {key: value for key, value in item.items() if value is not None}, call.files
            )
            formatted, raw = self._formatted(item_call, caption=True)
            prepared.append((item["type"], item_call, formatted, raw))
        group_id = str(next(self._media_group_ids))
        messages = []
        for kind, item_call, formatted, raw in prepared:
            stored = self._input_file(item_call, "media", f"{kind}s", ".jpg" if kind == "photo" else "")
            media_fields = {
                kind: self._photo_sizes(stored) if kind == "photo" else self._document_fields(stored)
            }
            content = {
                **media_fields,
                **self._text_content(formatted, caption=True),
                "media_group_id": group_id,
            }
            messages.append(self._bot_message(call, chat, content, raw_text=raw))
        return messages

    def _source_message(self, call: _Call, missing: str) -> _MessageRecord:
        from_chat_id = call.params.get("from_chat_id")
        if not isinstance(from_chat_id, int) or from_chat_id not in self._chats:
            raise bad_request("chat not found")
        record = self._messages.get((from_chat_id, call.require_int("message_id")))
        if record is None or record.deleted:
            raise bad_request(missing)
        return record

    async def _copy_message(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        source = self._source_message(call, "message to copy not found")
        content = {key: value for key, value in source.message.items() if key not in _ENVELOPE_FIELDS}
        raw = source.raw_text
        if "caption" in call.params:
            formatted, raw = self._formatted(call, caption=True)
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._text_content(formatted, caption=True))
        message = self._bot_message(
            call, chat, copy.deepcopy(content), raw_text=raw, reply_markup=self._reply_markup(call)
        )
        return {"message_id": message["message_id"]}

    async def _forward_message(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        source = self._source_message(call, "message to forward not found")
        content = {key: value for key, value in source.message.items() if key not in _ENVELOPE_FIELDS}
        sender = source.message["from"]
        content["forward_origin"] = source.message.get("forward_origin") or {
            "type": "user",
            "sender_user": sender,
            "date": source.message["date"],
        }
        return self._bot_message(call, chat, copy.deepcopy(content), raw_text=source.raw_text)

    def _editable_message(self, call: _Call) -> _MessageRecord:
        if "inline_message_id" in call.params:
            raise bad_request("the emulator does not support inline messages")
        chat = self._target_chat(call)
        record = self._messages.get((chat["id"], call.get_int("message_id") or 0))
        if record is None or record.deleted:
            raise bad_request("message to edit not found")
        if not record.sent_by_bot:
            raise bad_request("message can't be edited")
        return record

    def _apply_edit(
        self,
        record: _MessageRecord,
        content: Json,
        markup: Json | None,
        removed: Iterable[str],
        source: tuple[str | None, str | None] | None = None,
    ) -> Json:
        """An edit replaces the inline keyboard too (none given removes it); one changing nothing is a 400.

        ``source`` is the new (raw text, parse mode) when the text or caption changes."""
        message = record.message
        updated = {
            key: value for key, value in message.items() if key not in removed and key != "reply_markup"
        }
        updated.update(content)
        if markup is not None:
            if "inline_keyboard" not in markup:
                raise bad_request("only inline keyboards can be attached to an edited message")
            updated["reply_markup"] = markup
        if updated == message:
            raise bad_request(_NOT_MODIFIED)
        updated["edit_date"] = _now()
        record.message = updated
        if source is not None:
            record.raw_text, record.parse_mode = source
        self._emit("edited", message["chat"]["id"], record.view())
        return copy.deepcopy(updated)

    async def _edit_message_text(self, call: _Call) -> Json:
        record = self._editable_message(call)
        if "text" not in record.message:
            raise bad_request("there is no text in the message to edit")
        formatted, raw = self._formatted(call, caption=False)
        markup = self._reply_markup(call)
        content = self._text_content(formatted, caption=False)
        source = (raw, call.get_str("parse_mode") or None)
        return self._apply_edit(record, content, markup, ("text", "entities"), source)

    async def _edit_message_caption(self, call: _Call) -> Json:
        record = self._editable_message(call)
        if not any(kind in record.message for kind in ("photo", "document", "voice", "video", "audio")):
            raise bad_request("there is no caption in the message to edit")
        formatted, raw = self._formatted(call, caption=True)
        markup = self._reply_markup(call)
        content = self._text_content(formatted, caption=True)
        source = (raw, call.get_str("parse_mode") or None)
        return self._apply_edit(record, content, markup, ("caption", "caption_entities"), source)

    async def _edit_message_reply_markup(self, call: _Call) -> Json:
        record = self._editable_message(call)
        return self._apply_edit(record, {}, self._reply_markup(call), ())

    async def _delete_message(self, call: _Call) -> bool:
        chat = self._target_chat(call)
        record = self._messages.get((chat["id"], call.require_int("message_id")))
        if record is None or record.deleted:
            raise bad_request("message to delete not found")
        record.deleted = True
        if record.sent_by_bot:
            self._emit("deleted", chat["id"], record.view())
        return True

    async def _answer_callback_query(self, call: _Call) -> bool:
        user_id = self._open_callback_queries.pop(call.get_str("callback_query_id") or "", None)
        if user_id is None:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        text = call.get_str("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        answer = {
            "callback_query_id": call.get_str("callback_query_id"),
            "text": text,
            "show_alert": bool(call.params.get("show_alert", False)),
            "url": call.get_str("url"),
        }
        self.callback_answers.append(answer)
        self._emit("callback_answer", user_id, answer)
        return True

    def _command_scope(self, call: _Call) -> str:
        """A readable key for a BotCommandScope: "default", "chat:10003", "chat_member:-100:10003", ..."""
        scope = call.params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        kind = scope["type"]
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return str(kind)
        if kind not in ("chat", "chat_administrators", "chat_member"):
            raise bad_request("wrong bot command scope type specified")
        chat_id = scope.get("chat_id")
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        if kind == "chat_member":
            return f"chat_member:{chat_id}:{scope.get('user_id')}"
        return f"{kind}:{chat_id}"

    def _command_key(self, call: _Call) -> tuple[str, str]:
        return self._command_scope(call), spec.validate_language_code(call.params.get("language_code"))

    async def _set_my_commands(self, call: _Call) -> bool:
        commands = spec.validate_commands(call.params.get("commands"))
        key = self._command_key(call)
        if commands:
            self.commands[key] = commands
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, call: _Call) -> list[Json]:
        return copy.deepcopy(self.commands.get(self._command_key(call), []))

    async def _delete_my_commands(self, call: _Call) -> bool:
        self.commands.pop(self._command_key(call), None)
        return True

    async def _set_chat_menu_button(self, call: _Call) -> bool:
        chat_id = self._target_chat(call)["id"] if "chat_id" in call.params else None
        button = call.params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("commands", "web_app", "default"):
            raise bad_request("can't parse MenuButton JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, call: _Call) -> Json:
        chat_id = self._target_chat(call)["id"] if "chat_id" in call.params else None
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "commands"}

    async def _get_file(self, call: _Call) -> Json:
        stored = self._files_by_id.get(call.get_str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {**self._file_fields(stored), "file_path": stored.file_path}

    async def _get_chat(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _get_chat_member(self, call: _Call) -> Json:
        chat = self._target_chat(call)
        user_id = call.require_int("user_id")
        if user_id == self.bot_user["id"]:
            return {"status": "member", "user": self.bot_user}
        user = self._users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat["type"] == "private":
            is_member = chat["id"] == user_id
        else:
            is_member = user_id in self._group_members.get(chat["id"], set())
        return {"status": "member" if is_member else "left", "user": user}


def _now() -> int:
    return int(time.time())


def _without_reply(message: Json) -> Json:
    """A replied-to message is included one level deep only, as in Telegram."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}
