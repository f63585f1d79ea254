"""Button presses: a typed button (bot.buttons) in, one shared answer for stale or forged data.

A handler for a kind of button takes the parsed button as its third argument and never sees callback data;
whatever that kind could not have sent gets the same "this button has expired" alert everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.buttons import ButtonData, ForgedButton
from bot.context import BotContext

_LOGGER = logging.getLogger(__name__)
Kind = TypeVar("Kind", bound=ButtonData)
Result = TypeVar("Result")
PressCallback = Callable[[Update, BotContext, Kind], Coroutine[Any, Any, Result]]


async def answer_stale(update: Update, context: BotContext) -> None:
    """The one answer to a button that no longer applies, or that no button of ours could have sent."""
    assert update.callback_query is not None
    await update.callback_query.answer(context.text("button-expired"), show_alert=True)


def on_press(kind: type[Kind]) -> Callable[[PressCallback[Kind, Result]], Callable[..., Any]]:
    """Decorate `callback(update, context, button)` into a PTB callback that parses the press first."""

    def decorator(callback: PressCallback[Kind, Result]) -> Callable[..., Any]:
        async def parsed(update: Update, context: BotContext) -> Result | None:
            assert update.callback_query is not None
            try:
                button = kind.unpack(update.callback_query.data)
            except ForgedButton:
                _LOGGER.info("stale or forged %s press", kind.__name__)
                await answer_stale(update, context)
                return None
            return await callback(update, context, button)

        parsed.__name__ = parsed.__qualname__ = callback.__name__
        parsed.__doc__ = callback.__doc__
        return parsed

    return decorator


def press_handler(
    kind: type[Kind], callback: Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
) -> CallbackQueryHandler[BotContext, Any]:
    """The handler for every press of this kind of button, valid or not."""
    return CallbackQueryHandler(callback, pattern=kind.matches)
