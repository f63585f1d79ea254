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

import types
import typing
from dataclasses import fields
from enum import Enum
from typing import Any, ClassVar, Self

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
SEPARATOR = ":"


class ForgedButton(ValueError):
    """Callback data that no button of this kind could have carried: forged, or from an older release."""


class ButtonData:
    """Base of every button kind; subclasses are frozen dataclasses declared with `prefix=`."""

    prefix: ClassVar[str]
    _kinds: ClassVar[dict[str, type[ButtonData]]] = {}

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # dataclass(slots=True) builds the class a second time, with `prefix` already in its namespace.
        prefix = prefix or cls.__dict__.get("prefix")
        if not prefix or "" in prefix.split(SEPARATOR):
            raise TypeError(f"{cls.__name__}: declare it with prefix=, made of non-empty parts")
        for other, kind in ButtonData._kinds.items():
            if kind.__qualname__ == cls.__qualname__:
                continue
            if other == prefix or _overlaps(other, prefix):
                raise TypeError(f"{cls.__name__}: prefix {prefix!r} overlaps {other!r} of {kind.__name__}")
        cls.prefix = prefix
        ButtonData._kinds[prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix]
        for field in fields(self):  # type: ignore[arg-type]
            encoded = _encode(getattr(self, field.name))
            if SEPARATOR in encoded:
                raise ValueError(f"{type(self).__name__}.{field.name} may not contain {SEPARATOR!r}")
            parts.append(encoded)
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"{type(self).__name__}: callback data over {MAX_CALLBACK_BYTES} bytes")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        """For python-telegram-bot's `pattern=`: is this press meant for this kind (valid or not)?"""
        return isinstance(data, str) and (data == cls.prefix or data.startswith(cls.prefix + SEPARATOR))

    @classmethod
    def unpack(cls, data: object) -> Self:
        if not cls.matches(data):
            raise ForgedButton(cls.__name__)
        assert isinstance(data, str)
        rest = data[len(cls.prefix) + 1 :] if len(data) > len(cls.prefix) else None
        values = [] if rest is None else rest.split(SEPARATOR)
        declared = fields(cls)  # type: ignore[arg-type]
        if len(values) != len(declared):
            raise ForgedButton(cls.__name__)
        hints = typing.get_type_hints(cls)
        try:
            arguments = {
                field.name: _decode(hints[field.name], value)
                for field, value in zip(declared, values, strict=True)
            }
        except (TypeError, ValueError) as error:
            raise ForgedButton(cls.__name__) from error
        return cls(**arguments)


def _overlaps(one: str, other: str) -> bool:
    """A press meant for one kind must never match another's prefix."""
    return one.startswith(other + SEPARATOR) or other.startswith(one + SEPARATOR)


def _encode(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
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
    if annotation is str:
        if not text:
            raise ValueError("empty")
        return text
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation(text)
    raise TypeError(f"a button cannot carry a {annotation!r}")
