"""The border between the channel-neutral core and the channels, checked on every module's imports.

The core (the domain modules in bot/, bot/storage/) never imports python-telegram-bot or any channel, so
a second channel (WeChat), an admin web page or a worker reuses it unchanged. SQL lives in bot/storage/
only. docs/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

# The channels (bot/channels/, and bot/handlers/, the Telegram channel's feature handlers, whose place the
# design card fixed) and the process's entry points; everything else in bot/ is the core, except the dev
# tools (the emulators) and the service map's web app, which are edges of their own.
CHANNELS = {"channels", "handlers", "__main__", "cli"}
OTHER_EDGES = {"emulator", "web"}
CHANNEL_PACKAGES = ("telegram", "wechatpy", "bot.channels", "bot.handlers")
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
    return [path for path in _modules(BOT) if _top(path) not in CHANNELS | OTHER_EDGES]


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


def test_handlers_take_their_data_types_from_the_domain() -> None:
    """Handlers talk to storage through the store object only; what a repository returns is a domain type,
    so a second channel renders the same values without knowing how they are stored."""
    crossings = {
        str(path.relative_to(BOT)): sorted(name for name in _imports(path) if name.startswith("bot.storage"))
        for path in _modules(BOT / "handlers")
    }
    assert {module: names for module, names in crossings.items() if names} == {}


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
