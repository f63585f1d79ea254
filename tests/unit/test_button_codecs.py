"""Callback data is built only by a button kind's codec (bot.buttons): `callback_data=Kind(...).pack()`.

An f-string or a concatenation would need a hand-written parser on the other side, and would not be
checked against Telegram's 64 bytes, so a new one fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
# Data that was packed where the button was declared: delivery renders the outbox's stored buttons.
PASSED_THROUGH = {("channels/telegram/delivery.py", "button.data")}


def _is_pack(value: ast.expr) -> bool:
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "pack"
        and not value.args
    )


def hand_built() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(BOT.rglob("*.py")):
        name = path.relative_to(BOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "callback_data" or _is_pack(keyword.value):
                    continue
                if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, bool):
                    continue  # PTB's PersistenceInput(callback_data=False)
                if (name, ast.unparse(keyword.value)) in PASSED_THROUGH:
                    continue
                found[name] = found.get(name, 0) + 1
    return found


def test_callback_data_is_built_only_by_a_button_codec() -> None:
    found = hand_built()
    assert not found, f"callback_data built by hand (use a ButtonData kind and .pack()): {found}"


def test_the_check_finds_hand_built_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """So that an empty answer above means none, not a walk that found no calls."""
    (tmp_path / "keyboard.py").write_text(
        'InlineKeyboardButton("a", callback_data=f"x:{n}")\n'
        'InlineKeyboardButton("b", callback_data=Kind(1).pack())\n',
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "BOT", tmp_path)
    assert hand_built() == {"keyboard.py": 1}
