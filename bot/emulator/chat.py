"""The terminal chat of ``make run`` without a token: the real bot against the emulator, typed to as a user.

It lets a newcomer try the bot without a Telegram account. The display and the line parser are plain functions
so that tests can check them; :func:`run_terminal_chat` wires them to stdin, the emulator and the bot process.
"""

from __future__ import annotations

import asyncio
import codecs
import collections
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.emulator.server import BotApiEmulator, ChatEvent, EmulatorUsageError
from bot.emulator.webchat import start_web_chat, with_map_port
from bot.emulator.wechat import APP_ID, APP_SECRET, WeChatEmulator

Json = dict[str, Any]

# The bot accepts any well-formed token; the emulator never checks it against Telegram.
FAKE_TOKEN = "123456:emulator-local-only"
ADMIN_GROUP_ID = -100200300
ADMIN_GROUP_TITLE = "管理员群"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
BOT_LOG = REPOSITORY_ROOT / "var" / "emulator-bot.log"
# Relative to the bot's working folder (the repository), like BOT_DATABASE's own default var/xiaoge.db:
# the emulator's users must never consume production's queued broadcasts or see its people.
EMULATOR_DATABASE = "var/emulator.db"
TELEGRAM_LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}
STOP_GRACE_SECONDS = 20


@dataclass(frozen=True)
class Persona:
    user_id: int
    first_name: str
    language: str = "zh"


PERSONAS = {
    "courier": Persona(10001, "小王"),
    "observer": Persona(10002, "老李"),
    "admin": Persona(10003, "张主任"),
}

BANNER = f"""\
小哥助手 · 本地模拟聊天 / local chat with the bot (no Telegram needed)
  直接输入文字发给机器人，/start /help 等命令原样发送。 Type to talk to the bot; its commands pass through.
  /loc 30.29 120.21    分享位置 / share a location
  /tap N  或只输入 N    点第 N 个按钮 / tap button N of the latest message with (callback) buttons
  /photo [说明]         发照片 / send a photo, with an optional caption
  /as courier|observer|admin|<id>   切换身份 / switch persona (admin = {PERSONAS["admin"].user_id})
  /lang zh|en          切换 Telegram 语言 / set the Telegram language code
  /group               看管理员群收到的消息 / show what reached the admin group
  /log                 机器人日志 / the bot's last log lines ({BOT_LOG.relative_to(REPOSITORY_ROOT)})
  /quit                退出 / quit (Ctrl-C works too)
  \\help 再次显示本说明 / shows this again (/help goes to the bot); \\loc, \\tap ... work as well."""


# ---------------------------------------------------------------------------------------------------------
# What the REPL understands


@dataclass(frozen=True)
class SendText:
    text: str


@dataclass(frozen=True)
class ShareLocation:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class TapButton:
    number: int  # 1-based, as displayed
    typed: str  # sent as text when no message has buttons, for a bare number


@dataclass(frozen=True)
class SendPhoto:
    caption: str | None


@dataclass(frozen=True)
class SwitchPersona:
    target: str


@dataclass(frozen=True)
class SetLanguage:
    language: str


@dataclass(frozen=True)
class ShowGroup:
    pass


@dataclass(frozen=True)
class ShowLog:
    pass


@dataclass(frozen=True)
class ShowHelp:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class ReplError:
    message: str


ReplCommand = (
    SendText
    | ShareLocation
    | TapButton
    | SendPhoto
    | SwitchPersona
    | SetLanguage
    | ShowGroup
    | ShowLog
    | ShowHelp
    | Quit
    | ReplError
)

# Bot commands such as /help or /language must reach the bot, so only these names are the REPL's with "/".
_REPL_COMMANDS = frozenset({"loc", "tap", "photo", "as", "lang", "group", "log", "quit", "help"})
_SLASH_RESERVED_FOR_BOT = frozenset({"help"})


def parse_repl_line(line: str) -> ReplCommand | None:
    """Turns a typed line into what to do; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if text.isdigit():
        return TapButton(int(text), typed=text)
    if text[0] in "\\/":
        name, _, argument = text[1:].partition(" ")
        name, argument = name.lower(), argument.strip()
        is_repl_command = name in _REPL_COMMANDS and not (text[0] == "/" and name in _SLASH_RESERVED_FOR_BOT)
        if is_repl_command:
            return _repl_command(name, argument)
        if text[0] == "\\":
            return ReplError(f"未知命令 unknown command \\{name}; \\help 查看 / lists the commands")
    return SendText(text)


def _repl_command(name: str, argument: str) -> ReplCommand:
    if name == "loc":
        return _parse_location(argument)
    if name == "tap":
        if not argument.isdigit() or int(argument) < 1:
            return ReplError("用法 usage: /tap N (N ≥ 1)")
        return TapButton(int(argument), typed=argument)
    if name == "photo":
        return SendPhoto(argument or None)
    if name == "as":
        if not argument:
            return ReplError("用法 usage: /as courier|observer|admin|<user id>")
        return SwitchPersona(argument.lower())
    if name == "lang":
        if argument.lower() not in TELEGRAM_LANGUAGE_CODES:
            return ReplError("用法 usage: /lang zh|en")
        return SetLanguage(argument.lower())
    simple: dict[str, ReplCommand] = {
        "group": ShowGroup(),
        "log": ShowLog(),
        "quit": Quit(),
        "help": ShowHelp(),
    }
    return simple[name]


def _parse_location(argument: str) -> ReplCommand:
    parts = argument.replace(",", " ").split()
    usage = ReplError("用法 usage: /loc LAT LON, e.g. /loc 30.29 120.21")
    if len(parts) != 2:
        return usage
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError:
        return usage
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return ReplError("纬度 −90…90，经度 −180…180 / latitude −90…90, longitude −180…180")
    return ShareLocation(latitude, longitude)


# ---------------------------------------------------------------------------------------------------------
# How a bot message looks in the terminal


def inline_buttons(message: Mapping[str, Any]) -> list[Json]:
    """The inline buttons in reading order; the REPL numbers them from 1."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def format_message(message: Mapping[str, Any]) -> list[str]:
    """The lines that show a bot message: its text (already plain), media as one line, then its keyboards."""
    lines = [*_content_lines(message)]
    number = 1
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        labels = []
        for button in row:
            target = "" if "callback_data" in button else f" → {_button_target(button)}"
            labels.append(f"[{number}] {button['text']}{target}")
            number += 1
        lines.append("  ".join(labels))
    keyboard = message.get("reply_keyboard")
    if keyboard and "keyboard" in keyboard:
        for row in keyboard["keyboard"]:
            labels = [button if isinstance(button, str) else _keyboard_label(button) for button in row]
            lines.append("⌨ " + " | ".join(labels))
    elif keyboard and keyboard.get("remove_keyboard"):
        lines.append("⌨ (键盘已收起 keyboard removed)")
    if message.get("deleted"):
        lines = [f"(已删除 deleted) {line}" for line in lines]
    return lines


def _content_lines(message: Mapping[str, Any]) -> list[str]:
    caption = message.get("caption")
    if "venue" in message:
        venue = message["venue"]
        location = venue["location"]
        described = (
            f"📍 {venue['title']} — {venue['address']} ({location['latitude']}, {location['longitude']})"
        )
    elif "location" in message:
        location = message["location"]
        live = f", 实时 live {location['live_period']} s" if "live_period" in location else ""
        described = f"📍 位置 location {location['latitude']}, {location['longitude']}{live}"
    elif "photo" in message:
        largest = message["photo"][-1]
        described = f"🖼 照片 photo {largest['width']}×{largest['height']}"
    elif "document" in message:
        document = message["document"]
        described = f"📄 文件 document {document.get('file_name', '')} ({document.get('file_size', 0)} bytes)"
    elif "voice" in message:
        described = f"🎤 语音 voice {message['voice']['duration']} s"
    elif "contact" in message:
        described = f"👤 {message['contact']['first_name']} {message['contact']['phone_number']}"
    else:
        return str(message.get("text", "")).splitlines() or [""]
    return [described, *(str(caption).splitlines() if caption else [])]


def _button_target(button: Mapping[str, Any]) -> str:
    if "url" in button:
        return str(button["url"])
    if "web_app" in button:
        return f"web app {button['web_app'].get('url', '')}"
    return next((key for key in button if key != "text"), "?")


def _keyboard_label(button: Mapping[str, Any]) -> str:
    if button.get("request_location"):
        return f"{button['text']} (发送位置 sends location: /loc)"
    if button.get("request_contact"):
        return f"{button['text']} (发送联系方式 sends contact)"
    return str(button["text"])


def bot_environment(base_url: str, environ: Mapping[str, str]) -> dict[str, str]:
    """The caller's environment, pointed at the emulator and its own database (unless BOT_DATABASE says
    otherwise), with the admin persona among the admins."""
    env = dict(environ)
    env.setdefault("BOT_DATABASE", EMULATOR_DATABASE)
    env["BOT_TOKEN"] = FAKE_TOKEN
    env["BOT_API_BASE_URL"] = base_url
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    admin_id = str(PERSONAS["admin"].user_id)
    admin_ids = [part.strip() for part in env.get("BOT_ADMIN_IDS", "").split(",") if part.strip()]
    if admin_id not in admin_ids:
        env["BOT_ADMIN_IDS"] = ",".join([*admin_ids, admin_id])
    env.setdefault("BOT_ADMIN_CHAT_ID", str(ADMIN_GROUP_ID))
    return env


# ---------------------------------------------------------------------------------------------------------
# The session


class TerminalChat:
    """Who is typing, and what the bot shows them; prints bot activity as it happens."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.persona = PERSONAS["courier"]
        self.language_for_new_personas = "zh"
        self.names: dict[int, str] = {}

    async def add_personas(self) -> None:
        for persona in PERSONAS.values():
            await self._add_user(persona)
        await self.emulator.add_group(
            ADMIN_GROUP_ID, ADMIN_GROUP_TITLE, member_ids=[PERSONAS["admin"].user_id]
        )

    async def _add_user(self, persona: Persona) -> None:
        await self.emulator.add_user(
            persona.user_id, persona.first_name, language_code=TELEGRAM_LANGUAGE_CODES[persona.language]
        )
        self.names[persona.user_id] = persona.first_name

    def on_event(self, event: ChatEvent) -> None:
        if event.chat_id == ADMIN_GROUP_ID:
            if event.kind == "sent":
                _show(f"   (→ {ADMIN_GROUP_TITLE}: 新消息 new message; /group 查看 shows it)")
        elif event.chat_id != self.persona.user_id:
            name = self.names.get(event.chat_id, str(event.chat_id))
            _show(f"   (→ {name} {event.chat_id}: {event.kind})")
        elif event.kind == "callback_answer":
            if event.message.get("text"):
                alert = "⚠ 弹窗 alert" if event.message.get("show_alert") else "💬 提示 toast"
                _show(f"{alert}: {event.message['text']}")
        else:
            header = {"sent": "🤖", "edited": f"🤖 ✎ 已编辑 edited #{event.message['message_id']}"}.get(
                event.kind
            )
            if header is None:
                _show(f"🤖 🗑 已删除 deleted #{event.message['message_id']}")
                return
            lines = format_message(event.message)
            _show("\n".join([f"{header} {lines[0]}", *(f"   {line}" for line in lines[1:])]))

    async def handle(self, command: ReplCommand, show_log: Callable[[], None]) -> bool:
        """Carries out one command; False when the user wants to leave."""
        user_id = self.persona.user_id
        try:
            match command:
                case SendText(text):
                    await self.emulator.send_text(user_id, text)
                case ShareLocation(latitude, longitude):
                    await self.emulator.send_location(user_id, latitude, longitude)
                case TapButton(number, typed):
                    await self._tap(number, typed)
                case SendPhoto(caption):
                    await self.emulator.send_photo(user_id, caption)
                case SwitchPersona(target):
                    await self._switch(target)
                case SetLanguage(language):
                    self.language_for_new_personas = language
                    self.persona = Persona(user_id, self.persona.first_name, language)
                    await self._add_user(self.persona)
                    _show(f"   Telegram language_code = {TELEGRAM_LANGUAGE_CODES[language]}")
                case ShowGroup():
                    messages = self.emulator.messages_to(ADMIN_GROUP_ID)
                    _show(f"── {ADMIN_GROUP_TITLE} ({len(messages)}) ──")
                    for message in messages:
                        _show("\n".join(format_message(message)))
                case ShowLog():
                    show_log()
                case ShowHelp():
                    _show(BANNER)
                case Quit():
                    return False
                case ReplError(message):
                    _show(f"   {message}")
        except EmulatorUsageError as problem:
            _show(f"   ✗ {problem}")
        return True

    async def _tap(self, number: int, typed: str) -> None:
        with_buttons = [
            message
            for message in self.emulator.messages_to(self.persona.user_id)
            if inline_buttons(message) and not message["deleted"]
        ]
        if not with_buttons:
            await self.emulator.send_text(self.persona.user_id, typed)
            return
        # Link-only keyboards (map links) are shown in full already; the buttons worth tapping send callbacks.
        with_callbacks = [message for message in with_buttons if _has_callback_button(message)]
        latest = (with_callbacks or with_buttons)[-1]
        buttons = inline_buttons(latest)
        if not 1 <= number <= len(buttons):
            _show(f"   最新的按钮是 1…{len(buttons)} / the latest buttons are 1…{len(buttons)}")
            return
        button = buttons[number - 1]
        if "callback_data" not in button:
            _show(f"   (打开 opens {_button_target(button)})")
            return
        await self.emulator.press_button(self.persona.user_id, latest["message_id"], number - 1)

    async def _switch(self, target: str) -> None:
        if target in PERSONAS:
            self.persona = PERSONAS[target]
        elif target.isdigit() and int(target) > 0:
            user_id = int(target)
            known = next((p for p in PERSONAS.values() if p.user_id == user_id), None)
            self.persona = known or Persona(user_id, f"用户{user_id}", self.language_for_new_personas)
            if known is None:
                await self._add_user(self.persona)
        else:
            _show("   用法 usage: /as courier|observer|admin|<user id>")
            return
        _show(f"   现在你是 you are now {self.persona.first_name} ({self.persona.user_id})")


def _has_callback_button(message: Mapping[str, Any]) -> bool:
    return any("callback_data" in button for button in inline_buttons(message))


def _show(text: str) -> None:
    print(text, flush=True)


def _read_stdin_lines(loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]) -> None:
    """Runs in a daemon thread. It reads the file descriptor, not sys.stdin: a thread blocked inside the
    buffered reader at interpreter shutdown aborts Python, one blocked in os.read does not."""

    def deliver(line: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the chat is over
            loop.call_soon_threadsafe(lines.put_nowait, line)

    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    while chunk := os.read(sys.stdin.fileno(), 4096):
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            deliver(line)
    if pending:
        deliver(pending)
    deliver(None)


async def _pump_bot_stderr(stream: asyncio.StreamReader, tail: collections.deque[str]) -> None:
    """Keeps the bot's log in var/ and its last lines in memory, for \\log and for a crash report."""
    BOT_LOG.parent.mkdir(parents=True, exist_ok=True)
    with BOT_LOG.open("a", encoding="utf-8") as log:
        async for raw in stream:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            tail.append(line)
            log.write(line + "\n")
            log.flush()


async def _stop_bot(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        async with asyncio.timeout(STOP_GRACE_SECONDS):
            await process.wait()
    except TimeoutError:
        process.kill()
        await process.wait()


async def run_terminal_chat() -> int:
    """Runs emulator, bot and REPL until the user quits (exit 0) or the bot exits (its exit code)."""
    emulator = BotApiEmulator()
    await emulator.start(port=int(os.environ.get("EMULATOR_PORT", "0")))
    wechat = WeChatEmulator()
    await wechat.start()
    try:
        chat = TerminalChat(emulator)
        await chat.add_personas()
        emulator.add_listener(chat.on_event)
        web_chat = await start_web_chat(
            emulator, PERSONAS, (ADMIN_GROUP_ID, ADMIN_GROUP_TITLE), os.environ, wechat
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=with_wechat(wechat, with_map_port(bot_environment(emulator.base_url, os.environ))),
            cwd=REPOSITORY_ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches only us; we stop the bot ourselves
        )
        assert process.stderr is not None
        tail: collections.deque[str] = collections.deque(maxlen=30)
        pump = asyncio.create_task(_pump_bot_stderr(process.stderr, tail))
        _show(BANNER)
        _show(
            f"   模拟器 emulator: {emulator.base_url.replace('/bot', '')}   机器人进程 bot pid {process.pid}"
        )
        _show(f"   你是 you are {chat.persona.first_name} ({chat.persona.user_id}); 试试 try /start")
        _show(f"   🌐 浏览器聊天 browser chat: {web_chat.url}")
        try:
            return await _converse(chat, process, pump, tail)
        finally:
            await _stop_bot(process)
            await asyncio.wait({pump}, timeout=2)
            pump.cancel()
            await web_chat.stop()
    finally:
        await wechat.stop()
        await emulator.stop()


def with_wechat(wechat: WeChatEmulator, env: dict[str, str]) -> dict[str, str]:
    """Both channels: the bot also serves the WeChat emulator, which posts to /wechat on the bot's web port
    (the browser chat's WeChat persona talks through it)."""
    wechat.bot_url = f"http://127.0.0.1:{env['BOT_WEB_PORT']}/wechat"
    return {
        **env,
        "BOT_WECHAT_TOKEN": wechat.token,
        "BOT_WECHAT_APP_ID": APP_ID,
        "BOT_WECHAT_APP_SECRET": APP_SECRET,
        "BOT_WECHAT_API_BASE_URL": wechat.base_url,
    }


async def _converse(
    chat: TerminalChat,
    process: asyncio.subprocess.Process,
    pump: asyncio.Task[None],
    tail: collections.deque[str],
) -> int:
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    threading.Thread(target=_read_stdin_lines, args=(loop, lines), daemon=True).start()
    interrupted = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, interrupted.set)

    def show_log() -> None:
        _show("\n".join(tail) or "(机器人还没有日志 no log lines yet)")

    bot_exit = asyncio.create_task(process.wait())
    interruption = asyncio.create_task(interrupted.wait())
    connected = asyncio.create_task(_announce_connection(chat.emulator))
    try:
        while True:
            next_line = asyncio.create_task(lines.get())
            done, _ = await asyncio.wait(
                {next_line, bot_exit, interruption}, return_when=asyncio.FIRST_COMPLETED
            )
            if bot_exit in done:
                next_line.cancel()
                await asyncio.wait({pump}, timeout=2)  # the last log lines
                _show(f"\n机器人进程已退出 the bot exited with code {process.returncode}; 日志 log:")
                show_log()
                return _exit_status(process.returncode)
            if interruption in done:
                next_line.cancel()
                return 0
            line = next_line.result()
            if line is None:
                return 0
            command = parse_repl_line(line)
            if command is not None and not await chat.handle(command, show_log):
                return 0
    finally:
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signal_number)
        interruption.cancel()
        connected.cancel()


async def _announce_connection(emulator: BotApiEmulator) -> None:
    def polling() -> bool:
        return any(call.method == "getUpdates" and call.error is None for call in emulator.requests)

    with contextlib.suppress(TimeoutError):
        await emulator.wait_until(polling, timeout=120)
        _show("   ✓ 机器人已连接 the bot is polling")


def _exit_status(return_code: int | None) -> int:
    """A bot killed by a signal exits like a shell reports it: 128 + the signal number."""
    if return_code is None:
        return 1
    return 128 - return_code if return_code < 0 else return_code
