"""The catalogues: zh and en complete and consistent, arguments escaped."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from bot.commands import COMMANDS
from bot.i18n import Html, Translator
from bot.users import SUPPORTED_LANGUAGES, language_from_code

_PLACEABLE = re.compile(r"\{\s*\$([a-z_]+)")


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


def test_every_message_exists_in_both_languages(translator: Translator) -> None:
    zh, en = translator.keys("zh"), translator.keys("en")
    assert zh - en == set(), f"only in zh: {sorted(zh - en)}"
    assert en - zh == set(), f"only in en: {sorted(en - zh)}"


def _arguments_per_message(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    folder = resources.files("bot.locales").joinpath(language)
    for entry in folder.iterdir():
        if not entry.name.endswith(".ftl"):
            continue
        key = None
        for line in entry.read_text(encoding="utf-8").splitlines():
            head = re.match(r"^([a-z][a-z0-9-]*)\s*=", line)
            if head:
                key = head.group(1)
                found[key] = set()
            if key is not None:
                found[key].update(_PLACEABLE.findall(line))
    return found


def test_both_languages_use_the_same_arguments() -> None:
    zh, en = _arguments_per_message("zh"), _arguments_per_message("en")
    different = {key: (zh[key], en[key]) for key in zh if key in en and zh[key] != en[key]}
    assert different == {}


def test_every_command_has_a_menu_description(translator: Translator) -> None:
    for language in SUPPORTED_LANGUAGES:
        for spec in COMMANDS:
            description = translator(language, spec.description_key)
            assert description != spec.description_key
            assert 1 <= len(description) <= 256  # setMyCommands' limit


def test_string_arguments_are_escaped_but_html_is_kept(translator: Translator) -> None:
    assert "&lt;script&gt;" in translator("en", "welcome", name="<script>")
    assert "<b>x</b>" in translator("en", "welcome", name=Html("<b>x</b>"))


def test_a_missing_key_falls_back_to_the_key(translator: Translator) -> None:
    assert translator("en", "no-such-message") == "no-such-message"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-hans", "zh"),
        ("zh-TW", "zh"),
        ("en", "en"),
        ("en-US", "en"),
        ("ru", "zh"),
        (None, "zh"),
        ("", "zh"),
    ],
)
def test_language_from_telegram_code(code: str | None, expected: str) -> None:
    assert language_from_code(code, "zh") == expected


def test_ids_are_shown_without_thousands_separators(translator: Translator) -> None:
    card = translator("zh", "points-admin-new", number=10002, name="小王", user_id=10001)
    assert "#10002" in card
    assert "（ID 10001）" in card
    collected = translator("zh", "points-collect-collected", name="水杯", code="K7", user_id=123456)
    assert "用户 123456" in collected
    assert "#12345" in translator("en", "broadcast-started", id=12345)


def test_counts_read_naturally_when_there_are_none(translator: Translator) -> None:
    erased = translator("zh", "privacy-erased", reports=0, points=0)
    assert "0 份" not in erased
    assert "0 个积分" not in erased
    assert "2 份民情报告" in translator("zh", "privacy-erased", reports=2, points=0)
