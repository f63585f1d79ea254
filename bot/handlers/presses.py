"""Button presses: a typed button (bot.buttons) in, one shared answer for stale or forged data.

A handler for a kind of button takes the parsed button as its third argument and never sees callback data;
whatever that kind could not have sent gets the same "this button has expired" alert everywhere.

Order of checks for every press: the role the kind declares (`ButtonData.role`, applied by `press_handler`),
then parsing (`on_press`), then whatever the handler adds (the chat rule of `guards.confidential`). So a
forged press from someone without the role gets the role refusal, and changes nothing. Nothing is stamped
on the callbacks: the authorisation tests read the role from the kind (`press_handler`'s pattern is the
kind's `matches`) and learn the chat rule by trying each admin view in a couriers' group.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.buttons import SEPARATOR, ButtonData, ForgedButton
from bot.channels.telegram.context import BotContext
from bot.handlers.guards import require_role

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
        @functools.wraps(callback)
        async def parsed(update: Update, context: BotContext) -> Result | None:
            assert update.callback_query is not None
            try:
                button = kind.unpack(update.callback_query.data)
            except ForgedButton:
                _LOGGER.info("stale or forged %s press", kind.__name__)
                await answer_stale(update, context)
                return None
            return await callback(update, context, button)

        return parsed

    return decorator


def press_handler(
    kind: type[Kind], callback: Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
) -> CallbackQueryHandler[BotContext, Any]:
    """The handler for every press of this kind of button, valid or not, for those with the kind's role."""
    if kind.role is not None:
        callback = require_role(kind.role)(callback)
    return CallbackQueryHandler(callback, pattern=kind.matches)


@dataclass(frozen=True, slots=True)
class Family:
    """A module's buttons as a whole ("vol": vol:act:..., vol:ok, ...), for its catch-all."""

    prefix: str

    def matches(self, data: object) -> bool:
        return isinstance(data, str) and (data == self.prefix or data.startswith(self.prefix + SEPARATOR))


def family_handler(
    family: str, callback: Callable[[Update, BotContext], Coroutine[Any, Any, Any]] = answer_stale
) -> CallbackQueryHandler[BotContext, Any]:
    """Presses under `family` (a module's prefix, "vol") that no kind or conversation step took before
    this handler: a button of a form that has moved on or ended, or data no button of ours carries.
    `callback` answers them (the shared stale answer, or one that says which form ended), and does
    nothing else: a catch-all needs no role."""
    return CallbackQueryHandler(callback, pattern=Family(family).matches)
