"""The button codec: every kind packs and parses back, refuses what it could not have sent, and never
builds callback data Telegram would refuse."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.buttons import MAX_CALLBACK_BYTES, ButtonData, ForgedButton


class Decision(StrEnum):
    APPROVE = "ok"
    REJECT = "no"


@dataclass(frozen=True, slots=True)
class Approval(ButtonData, prefix="test:apv"):
    decision: Decision
    entry_id: int


@dataclass(frozen=True, slots=True)
class Page(ButtonData, prefix="test:page"):
    number: int
    category: str | None
    urgent: bool


@dataclass(frozen=True, slots=True)
class Cancel(ButtonData, prefix="test:cancel"):
    pass


def test_a_button_packs_to_its_prefix_and_fields() -> None:
    assert Approval(Decision.APPROVE, 12).pack() == "test:apv:ok:12"
    assert Page(2, None, True).pack() == "test:page:2::1"
    assert Cancel().pack() == "test:cancel"


@given(
    number=st.integers(min_value=-(10**15), max_value=10**15),
    category=st.none() | st.text(alphabet="abcdefghij_-热饮", min_size=1, max_size=10),
    urgent=st.booleans(),
)
def test_every_packed_button_parses_back_to_itself(number: int, category: str | None, urgent: bool) -> None:
    button = Page(number, category, urgent)
    assert Page.unpack(button.pack()) == button


@pytest.mark.parametrize(
    "forged",
    [
        "test:apv:ok",  # a field missing
        "test:apv:ok:12:13",  # one too many
        "test:apv:maybe:12",  # not a decision
        "test:apv:ok:twelve",  # not a number
        "test:apv:ok:1e9",
        "test:apv:ok:²",  # a digit to str.isdigit, not to int
        f"test:apv:ok:{2**63}",  # beyond a database BIGINT
        "test:apvx:ok:12",  # another prefix
        "test:page:1::2",  # a bool is 0 or 1
        "test:page:1:::",
        "",
        None,
        12,
    ],
)
def test_what_a_button_could_not_have_sent_is_forged(forged: object) -> None:
    kind = Page if isinstance(forged, str) and forged.startswith("test:page") else Approval
    with pytest.raises(ForgedButton):
        kind.unpack(forged)


def test_matches_tells_which_kind_a_press_is_for() -> None:
    assert Approval.matches("test:apv:ok:12") and Approval.matches("test:apv:forged")
    assert not Approval.matches("test:apvx:ok:1") and not Approval.matches(None)
    assert Cancel.matches("test:cancel") and not Cancel.matches("test:cancelled")


def test_data_over_64_bytes_is_refused_when_the_button_is_built() -> None:
    long_category = "热" * (MAX_CALLBACK_BYTES // 3)
    with pytest.raises(ValueError, match="64 bytes"):
        Page(1, long_category, False).pack()


def test_a_separator_inside_a_field_is_refused() -> None:
    with pytest.raises(ValueError):
        Page(1, "a:b", False).pack()


def test_prefixes_may_not_overlap() -> None:
    with pytest.raises(TypeError, match="overlaps"):

        @dataclass(frozen=True)
        class Clash(ButtonData, prefix="test:apv:ok"):
            entry_id: int
