"""The row of page buttons under a list: one look for /pending, /reports, /myreports and /nearest."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton

from bot.buttons import ButtonData
from bot.presenters import Page


def navigation_row(
    page: Page,
    to_page: Callable[[int], ButtonData],
    back_label: str,
    next_label: str,
    *,
    back_to_first: bool = False,
) -> list[InlineKeyboardButton]:
    """Back and next, each only where there is a page to go to; empty on a list of one page.
    `back_to_first`: the nearest answer goes back to the nearest stations, not one page back."""
    row: list[InlineKeyboardButton] = []
    if page.previous is not None:
        back = 0 if back_to_first else page.previous
        row.append(InlineKeyboardButton(back_label, callback_data=to_page(back).pack()))
    if page.next is not None:
        row.append(InlineKeyboardButton(next_label, callback_data=to_page(page.next).pack()))
    return row
