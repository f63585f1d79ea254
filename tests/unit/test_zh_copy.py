"""The Chinese catalogue reads as written by a Chinese writer: full-width punctuation, one spacing rule.

Spacing rule: one half-width space between a Han character and a Latin letter or digit written in the
copy ("7 天", "JSON 文件"), except numbers glued to date units ("8月3日"); no space between full-width
punctuation and a word. A placeholder is spaced like the value it stands for (a count "{ $count } 条", a name
"{ $name }，你好"), which the catalogue's authors decide, so the test checks only literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

import pytest
from fluent.syntax import FluentParser, ast
from zhon import hanzi

_PLACEHOLDER = "\ue000"  # stands for a placeable's value: neither Han nor punctuation
_HAN = f"[{hanzi.characters}]"
_FULL_WIDTH = "[，。？！：；（）“”、《》]"  # "·" and dashes are separators, spaced on purpose
# Text in a Chinese message that keeps half-width punctuation by its nature.
_EXEMPT = re.compile(
    r"<[^>]+>"  # HTML tags
    r"|&(?:[a-z]+|#\d+);"  # HTML entities: &lt; shows a "<"
    r"|https?://\S+"  # URLs
    r"|/[a-z]+(?:[ ][a-z0-9:\-+]+)*"  # commands and their arguments: /heat quiet 22:00-07:00
    r"|\d{1,2}:\d{2}"  # times: 14:00
    r"|\d+\.\d+"  # decimals: 2.5
    r"|(?:^|(?<=[>\s]))" + _PLACEHOLDER + r"\.[ ]"  # a numbered line: "{ $rank }. { $name }"
    r"|…+"
)
_HALF_WIDTH = re.compile(r"[,.?!:;()]")
_DATE_UNITS = "月日号"
_WORD = f"(?:{_HAN}|[A-Za-z0-9])"  # an emoji before punctuation keeps its space: "📍 “最近的驿站”"


def _texts(pattern: ast.Pattern) -> Iterator[str]:
    """Each way a message can read, with placeables as one marker; select expressions give each variant."""
    variants: list[str] = [""]
    for element in pattern.elements:
        if isinstance(element, ast.TextElement):
            variants = [text + element.value for text in variants]
        elif isinstance(element.expression, ast.SelectExpression):
            choices = [text for variant in element.expression.variants for text in _texts(variant.value)]
            variants = [text + choice for text in variants for choice in choices]
        else:
            variants = [text + _PLACEHOLDER for text in variants]
    yield from variants


def _zh_messages() -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    folder = resources.files("bot.locales").joinpath("zh")
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".ftl"):
            continue
        resource = FluentParser().parse(entry.read_text(encoding="utf-8"))
        for item in resource.body:
            if isinstance(item, ast.Message) and item.value is not None:
                messages.extend((item.id.name, text) for text in _texts(item.value))
    return messages


_MESSAGES = _zh_messages()


def _lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        yield _EXEMPT.sub(" ", line.strip())


def test_the_catalogue_is_read() -> None:
    assert len(_MESSAGES) > 300


@pytest.mark.parametrize(("key", "text"), _MESSAGES, ids=[key for key, _ in _MESSAGES])
def test_zh_punctuation_is_full_width(key: str, text: str) -> None:
    wrong = [line for line in _lines(text) if _HALF_WIDTH.search(line)]
    assert wrong == [], f"{key}: half-width punctuation in Chinese copy"


@pytest.mark.parametrize(("key", "text"), _MESSAGES, ids=[key for key, _ in _MESSAGES])
def test_zh_spacing_rule(key: str, text: str) -> None:
    for line in text.splitlines():
        line = line.strip()
        glued_before = re.findall(f"({_HAN})[A-Za-z0-9]", line)
        assert all(unit == "月" for unit in glued_before), f"{key}: no space before Latin or digits: {line}"
        glued = re.findall(f"[A-Za-z0-9]({_HAN})", line)
        assert all(unit in _DATE_UNITS for unit in glued), f"{key}: no space after Latin or digits: {line}"
        by_punctuation = f"{_WORD}[ ]{_FULL_WIDTH}|{_FULL_WIDTH}[ ]{_WORD}"
        assert not re.search(by_punctuation, line), f"{key}: space by punctuation: {line}"
