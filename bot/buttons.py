"""Typed button data: one small dataclass per kind of button, packed into and parsed from callback data.

Telegram gives a button 64 bytes of callback data and gives them back, as sent or forged, when it is pressed;
WeChat's menu links carry the same string. So every kind of button is declared once, with a prefix and typed
fields, and both directions go through this codec (after aiogram's CallbackData):

    @dataclass(frozen=True, slots=True)
    class Approval(ButtonData, prefix="apv"):
        action: Decision
        entry_id: int

    Approval(Decision.APPROVE, 12).pack() == "apv:approve:12"
    Approval.unpack("apv:approve:12") == Approval(Decision.APPROVE, 12)

`pack` refuses data over 64 bytes when the button is built, not when Telegram refuses the message, and
`unpack` raises ForgedButton for anything this kind of button could not have sent.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import MISSING, fields
from datetime import date, time
from enum import Enum
from typing import Any, ClassVar, Self

from bot.users import Needed

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
SEPARATOR = ":"


class ForgedButton(ValueError):
    """Callback data that no button of this kind could have carried: forged, or from an older release."""


class ButtonData:
    """Base of every button kind; subclasses are frozen dataclasses declared with `prefix=`."""

    prefix: ClassVar[str]
    separator: ClassVar[str] = SEPARATOR
    # Who may press it (one role, or a frozenset of roles any of which will do): checked before the data
    # is parsed (bot.handlers.presses), so a forged press from anyone else gets the role refusal; None
    # for buttons anyone may press.
    role: ClassVar[Needed | None] = None
    _kinds: ClassVar[dict[str, type[ButtonData]]] = {}

    def __init_subclass__(
        cls,
        *,
        prefix: str | None = None,
        role: Needed | None = None,
        separator: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        # dataclass(slots=True) builds the class a second time, with these already in its namespace.
        prefix = prefix or cls.__dict__.get("prefix")
        cls.role = role or cls.__dict__.get("role")
        cls.separator = separator or cls.__dict__.get("separator") or SEPARATOR
        if not prefix or "" in prefix.split(cls.separator):
            raise TypeError(f"{cls.__name__}: declare it with prefix=, made of non-empty parts")
        for other, kind in ButtonData._kinds.items():
            if kind.__qualname__ == cls.__qualname__:
                continue
            if other == prefix or _overlaps(other, prefix, kind.separator, cls.separator):
                raise TypeError(f"{cls.__name__}: prefix {prefix!r} overlaps {other!r} of {kind.__name__}")
        cls.prefix = prefix
        ButtonData._kinds[prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix]
        declared = list(fields(self))  # type: ignore[arg-type]
        # Trailing fields left at their default of None are left out: "apv:ok:12", not "apv:ok:12:".
        while declared and declared[-1].default is None and getattr(self, declared[-1].name) is None:
            declared.pop()
        for field in declared:
            encoded = _encode(getattr(self, field.name))
            if self.separator in encoded:
                raise ValueError(f"{type(self).__name__}.{field.name} may not contain {self.separator!r}")
            parts.append(encoded)
        data = self.separator.join(parts)
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"{type(self).__name__}: callback data over {MAX_CALLBACK_BYTES} bytes")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        """For python-telegram-bot's `pattern=`: is this press meant for this kind (valid or not)?"""
        return isinstance(data, str) and (data == cls.prefix or data.startswith(cls.prefix + cls.separator))

    @classmethod
    def unpack(cls, data: object) -> Self:
        if not cls.matches(data):
            raise ForgedButton(cls.__name__)
        assert isinstance(data, str)
        rest = data[len(cls.prefix) + 1 :] if len(data) > len(cls.prefix) else None
        values = [] if rest is None else rest.split(cls.separator)
        declared = fields(cls)  # type: ignore[arg-type]
        required = [field for field in declared if field.default is MISSING]
        if not len(required) <= len(values) <= len(declared):
            raise ForgedButton(cls.__name__)
        hints = typing.get_type_hints(cls)
        try:
            arguments = {
                field.name: _decode(hints[field.name], value)
                for field, value in zip(declared, values, strict=False)
            }
        except (TypeError, ValueError) as error:
            raise ForgedButton(cls.__name__) from error
        return cls(**arguments)


def _overlaps(one: str, other: str, one_separator: str, other_separator: str) -> bool:
    """A press meant for one kind must never match another's prefix."""
    return one.startswith(other + other_separator) or other.startswith(one + one_separator)


def _encode(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H%M")
    if isinstance(value, float):
        return f"{value:.5f}"  # coordinates: a metre, and 64 bytes are few
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"a button cannot carry a {type(value).__name__}")


def _decode(annotation: Any, text: str) -> object:
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    if options:
        if text == "" and type(None) in options:
            return None
        (annotation,) = [option for option in options if option is not type(None)]
    if annotation is bool:
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"
    if annotation is int:
        # ASCII digits only ("²".isdigit() is true), and within a database BIGINT.
        digits = text.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()) or not -(2**63) <= int(text) < 2**63:
            raise ValueError(text)
        return int(text)
    if annotation is date:
        if not (len(text) == 10 and text.isascii()):
            raise ValueError(text)
        return date.fromisoformat(text)
    if annotation is time:
        if not (len(text) == 4 and text.isascii() and text.isdigit()):
            raise ValueError(text)
        return time(int(text[:2]), int(text[2:]))
    if annotation is float:
        number = float(text) if text.isascii() and text.strip() == text else math.nan
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    if annotation is str:
        if not text:
            raise ValueError("empty")
        return text
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation(text)
    raise TypeError(f"a button cannot carry a {annotation!r}")
