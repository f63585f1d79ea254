"""What the application has registered, read from `application.handlers`: the fuzz test takes its
callback prefixes from here and the authorisation matrix its commands and buttons, so a handler added
later is tested without anyone remembering to list it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.buttons import ButtonData
from bot.handlers.presses import Family
from bot.users import Role, least_role

_REGEX_SPECIALS = frozenset(".^$*+?{}[]()|\\")


@dataclass(frozen=True)
class Registered:
    """One handler, with the conversation and the state it is reachable in (None: at the top level or as
    an entry point, where anyone's update can reach it)."""

    handler: BaseHandler[Any, Any, Any]
    group: int
    conversation: ConversationHandler[Any] | None = None
    state: object | None = None
    fallback: bool = False

    @property
    def callback(self) -> Any:
        return self.handler.callback

    @property
    def name(self) -> str:
        where = f" in {self.conversation.name}:{self.state}" if self.conversation is not None else ""
        return f"{self.callback.__module__}.{self.callback.__qualname__}{where}"


def registered(application: Application[Any, Any, Any, Any, Any, Any]) -> Iterator[Registered]:
    """Every handler of every group, with the entry points, states and fallbacks of conversations."""
    for group, handlers in sorted(application.handlers.items()):
        for handler in handlers:
            if not isinstance(handler, ConversationHandler):
                yield Registered(handler, group)
                continue
            for entry in handler.entry_points:
                yield Registered(entry, group, handler)
            for state, state_handlers in handler.states.items():
                for inner in state_handlers:
                    yield Registered(inner, group, handler, state)
            first_state = next(iter(handler.states))
            for fallback in handler.fallbacks:
                yield Registered(fallback, group, handler, first_state, fallback=True)


def commands(handler: BaseHandler[Any, Any, Any]) -> frozenset[str]:
    return frozenset(handler.commands) if isinstance(handler, CommandHandler) else frozenset()


def callback_pattern(handler: BaseHandler[Any, Any, Any]) -> str | None:
    if not isinstance(handler, CallbackQueryHandler) or handler.pattern is None:
        return None
    pattern = handler.pattern
    return pattern if isinstance(pattern, str) else getattr(pattern, "pattern", None)


def button_kind(handler: BaseHandler[Any, Any, Any]) -> type[ButtonData] | None:
    """The kind of button a `press_handler` takes: its pattern is the bound classmethod `Kind.matches`."""
    if not isinstance(handler, CallbackQueryHandler):
        return None
    owner = getattr(handler.pattern, "__self__", None)
    return owner if isinstance(owner, type) and issubclass(owner, ButtonData) else None


def family(handler: BaseHandler[Any, Any, Any]) -> Family | None:
    """The family a `presses.family_handler` catch-all answers for: its pattern is `Family.matches`."""
    if not isinstance(handler, CallbackQueryHandler):
        return None
    owner = getattr(handler.pattern, "__self__", None)
    return owner if isinstance(owner, Family) else None


def callback_prefix(handler: BaseHandler[Any, Any, Any]) -> str | None:
    """The fixed start of the data a button handler takes ("apv:ok:", or "vol" for a family's catch-all)."""
    kind = button_kind(handler)
    if kind is not None:
        return kind.prefix + kind.separator
    catch_all = family(handler)
    if catch_all is not None:
        return catch_all.prefix
    pattern = callback_pattern(handler)
    return None if pattern is None else literal_prefix(pattern)


def accepts(handler: BaseHandler[Any, Any, Any], data: str) -> bool:
    """Whether this button handler's pattern takes `data`."""
    if not isinstance(handler, CallbackQueryHandler) or handler.pattern is None:
        return False
    pattern = handler.pattern
    if isinstance(pattern, str | re.Pattern):
        return re.match(pattern, data) is not None
    return bool(pattern(data))


def declared_role(entry: Registered, command_roles: Mapping[str, Role]) -> Role | None:
    """The role a handler is for, as production declares it (no marks on callbacks): a command's from
    bot.commands, a button's from its kind (`ButtonData.role`; the first of several), else, anywhere
    in a conversation (an entry point that reads a text, a step, a fallback), its command entry's (a
    step of /broadcast is an admin's). A family's catch-all (`presses.family_handler`) only answers
    that a button expired: no role."""
    for command in sorted(commands(entry.handler)):
        if command in command_roles:
            return command_roles[command]
    kind = button_kind(entry.handler)
    if kind is not None and kind.role is not None:
        return least_role(kind.role)  # of several, the one its refusal names
    if family(entry.handler) is not None:
        return None
    if entry.conversation is None or callback_pattern(entry.handler) is not None:
        return None
    roles = [
        role
        for handler in entry.conversation.entry_points
        if (role := declared_role(Registered(handler, entry.group), command_roles)) is not None
    ]
    return max(roles, key=_ROLE_ORDER.index) if roles else None


_ROLE_ORDER = (Role.COURIER, Role.OBSERVER, Role.STAFF, Role.ADMIN)


def literal_prefix(pattern: str) -> str:
    """The fixed start of a callback pattern ("^nr\\|" -> "nr|", "^rep:anon:(yes|no)$" -> "rep:anon:")."""
    body, prefix, index = pattern.removeprefix("^"), [], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body) and not body[index + 1].isalnum():
            prefix.append(body[index + 1])
            index += 2
            continue
        if char in _REGEX_SPECIALS:
            break
        prefix.append(char)
        index += 1
    return "".join(prefix)
