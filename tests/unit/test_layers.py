"""The border between the channel-neutral core and the channels, checked on every module's imports.

The core (the domain modules in bot/, bot/storage/) never imports python-telegram-bot or any channel, so
a second channel (WeChat), an admin web page or a worker reuses it unchanged. SQL lives in bot/storage/
only. docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

# The Telegram channel and the process's composition root; everything else in bot/ is the core, except
# the dev tools (the emulators) and the service map's web app, which are channels of their own.
TELEGRAM_CHANNEL = {"app", "context", "delivery", "persistence", "processing", "handlers", "__main__", "cli"}
OTHER_EDGES = {"emulator", "web", "channels"}  # channels/: WeChat, a second Application on PTB
CHANNEL_PACKAGES = (
    "telegram",
    "bot.app",
    "bot.context",
    "bot.delivery",
    "bot.persistence",
    "bot.handlers",
    "bot.channels",
    "wechatpy",
)
SQL_VERBS = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")


def _modules(under: Path) -> list[Path]:
    return sorted(path for path in under.rglob("*.py") if "__pycache__" not in path.parts)


def _top(path: Path) -> str:
    return path.relative_to(BOT).parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _core_modules() -> list[Path]:
    return [path for path in _modules(BOT) if _top(path) not in TELEGRAM_CHANNEL | OTHER_EDGES]


def test_the_core_imports_no_channel() -> None:
    crossings = {
        str(path.relative_to(BOT)): sorted(
            name for name in _imports(path) if name.startswith(CHANNEL_PACKAGES)
        )
        for path in _core_modules()
    }
    assert {module: names for module, names in crossings.items() if names} == {}


def test_the_core_is_most_of_the_bot() -> None:
    """A guard against emptying the check: the domain and storage modules are all on the core side."""
    names = {str(path.relative_to(BOT)) for path in _core_modules()}
    assert {
        "geo.py",
        "stations.py",
        "points.py",
        "reports.py",
        "outbox.py",
        "notify.py",
        "buttons.py",
    } <= names
    assert any(name.startswith("storage/") for name in names)


def test_sql_lives_in_storage_only() -> None:
    outside = []
    for path in _modules(BOT):
        if _top(path) == "storage":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.lstrip().upper()
                if text.startswith(SQL_VERBS) and (" FROM " in text or " VALUES" in text or " SET " in text):
                    outside.append(f"{path.relative_to(BOT)}:{node.lineno}")
    assert outside == []
