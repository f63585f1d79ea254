"""Every catalogue key the code asks for exists in zh and in en, so a courier never reads a bare key.

The code is read with ast: each string literal in a key position of a call that renders a catalogue
message (context.text, the Translator, tell, catalogue_notice and the handlers' helpers that take a key)
is a key, and so is every value of the tables in bot/message_keys.py. A key spelled from a value
(an f-string, or "prefix-" + value) cannot be checked and fails the test: it belongs in a table.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import get_args

import pytest

from bot import message_keys
from bot.broadcast import AudienceKind, BatchStatus, BroadcastKind
from bot.channels.telegram.delivery import ControlAction
from bot.commands import COMMANDS
from bot.events import Reminder, SignupStatus
from bot.exports import COLUMNS
from bot.handlers.triage import STATUS_FILTERS
from bot.heat import SIGNAL_LEVELS, HeatLevel
from bot.i18n import Translator
from bot.nearest import StationFilter
from bot.points import EntryKind
from bot.reports import Action, DescriptionProblem, Status
from bot.services.events import AttendanceResult, SignupResult
from bot.station_status import Change, Charging, ClosedReason
from bot.stations import Service
from bot.users import SUPPORTED_LANGUAGES, NameProblem, Role

BOT = Path(__file__).resolve().parents[2] / "bot"

# The calls that render a catalogue message, by the name called, and where their key argument sits.
KEY_POSITION: Mapping[str, int] = {
    "text": 0,  # BotContext.text(key, ...), the web catalogue's text(key, ...)
    "t": 0,  # the triage card's shorthand
    "label": 0,  # the export's header and status labels
    "translator": 1,  # Translator(language, key, ...)
    "catalogue_notice": 3,  # catalogue_notice(translator, user_id, purpose, key, ...)
    "tell_admin_chat": 2,
    "_button": 1,
    "_show_menu": 2,
    "_notify_admins": 1,
    "_update_admin_card": 3,
    "_courier_told": 2,
}
_KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$")
HEAT_LEVEL_NAMES = {level.key for level in HeatLevel if level is not HeatLevel.NONE}

# What each table must cover: a value without its key would fail at the first courier who meets it.
TABLE_DOMAINS: Mapping[str, set[object]] = {
    "WEEKDAY_KEYS": set(range(7)),
    "MONTH_KEYS": set(range(1, 13)),
    "SERVICE_KEYS": {service.value for service in Service},
    "MAP_SERVICE_KEYS": {service.value for service in Service},
    "FILTER_KEYS": {station_filter.value for station_filter in StationFilter},
    "ROLE_KEYS": {Role.OBSERVER.value, Role.STAFF.value, Role.ADMIN.value},  # nobody lacks "courier"
    "STATION_CHANGE_KEYS": {change.value for change in Change},
    "CLOSED_REASON_KEYS": {reason.value for reason in ClosedReason},
    "CHARGING_KEYS": {charging.value for charging in Charging},
    "CLOSURE_KEYS": {1, 3, 0},
    "HELP_SECTION_KEYS": {role.value for role in Role},
    "LANGUAGE_BUTTON_KEYS": set(SUPPORTED_LANGUAGES),
    "BROADCAST_LANGUAGE_KEYS": set(SUPPORTED_LANGUAGES),
    "HEAT_LEVEL_KEYS": HEAT_LEVEL_NAMES,
    "HEAT_ADVICE_KEYS": HEAT_LEVEL_NAMES,
    "HEAT_RIGHTS_KEYS": HEAT_LEVEL_NAMES,
    "HEATALERT_BUTTON_KEYS": {level.key for level in SIGNAL_LEVELS},
    "BROADCAST_STATUS_KEYS": {status.value for status in BatchStatus},
    "BROADCAST_BUTTON_KEYS": {action.value for action in ControlAction},
    "BROADCAST_CONTROL_KEYS": {action.value for action in ControlAction},
    "AUDIENCE_KEYS": {kind.value for kind in AudienceKind},
    "AUDIENCE_BUTTON_KEYS": {kind.value for kind in AudienceKind},
    "HISTORY_KEYS": {kind.value for kind in EntryKind},
    "COLLECT_KEYS": {"collected", "already", "expired"},
    "RULE_KEYS": {"daily-limit", "future", "overlap", "too-old", "unfinished"},
    "HOURS_KEYS": {"step", "too-long", "too-short", "unreadable"},
    "DECIDED_KEYS": {"approved", "rejected"},
    "REPORT_STATUS_KEYS": {status.value for status in Status},
    "REPORT_NOTICE_KEYS": {status.value for status in Status} - {Status.CONFIRMED.value},
    "REPORT_FILTER_KEYS": set(STATUS_FILTERS),
    "DESCRIPTION_KEYS": set(get_args(DescriptionProblem)),
    "NAME_PROBLEM_KEYS": set(get_args(NameProblem)),
    "APPOINT_KEYS": {"usage", "unknown", "hidden-forward", "ambiguous"},
    "REVOKE_KEYS": {"usage", "unknown", "hidden-forward", "ambiguous"},
    "STATS_KIND_KEYS": {kind.value for kind in BroadcastKind},
    "CARD_BUTTON_KEYS": {action.value for action in Action} - {Action.REOPEN.value},
    "EXPORT_COLUMN_KEYS": set(COLUMNS),
    "EVENT_SIGNUP_KEYS": {status.value for status in SignupStatus} - {SignupStatus.CANCELLED.value},
    "SIGNED_UP_KEYS": {SignupResult.GOING.value, SignupResult.WAITING.value},
    "ATTENDANCE_KEYS": {result.value for result in AttendanceResult},
    "EVENT_REMINDER_KEYS": {reminder.value for reminder in Reminder},
}


def _tables() -> dict[str, tuple[str, ...] | Mapping[object, str]]:
    return {
        name: value
        for name, value in vars(message_keys).items()
        if name.endswith("_KEYS") and isinstance(value, tuple | Mapping)
    }


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _functions_and_calls(tree: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Each call with the function (or module) around it, where a key held in a variable is assigned."""
    scopes: list[ast.AST] = [tree]
    while scopes:
        scope = scopes.pop()
        for node in ast.walk(scope):
            if node is not scope and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                scopes.append(node)
        for node in _walk_outside_functions(scope):
            if isinstance(node, ast.Call):
                yield scope, node


def _walk_outside_functions(scope: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(scope):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        yield child
        yield from _walk_outside_functions(child)


def _candidates(expression: ast.expr, scope: ast.AST) -> Iterator[ast.expr]:
    """The expressions a key argument may evaluate to: both branches of a conditional, and what the
    function assigned to a variable passed as the key."""
    if isinstance(expression, ast.IfExp):
        yield from _candidates(expression.body, scope)
        yield from _candidates(expression.orelse, scope)
    elif isinstance(expression, ast.Name):
        for node in _walk_outside_functions(scope):
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == expression.id for target in node.targets
            ):
                yield from _candidates(node.value, scope)
    else:
        yield expression


def _is_spelled_key(expression: ast.expr) -> bool:
    """An f-string or a concatenation with a literal "prefix-": a key built from a value."""
    if isinstance(expression, ast.JoinedStr):
        return True
    if isinstance(expression, ast.BinOp) and isinstance(expression.op, ast.Add):
        return any(
            isinstance(side, ast.Constant) and isinstance(side.value, str)
            for side in (expression.left, expression.right)
        )
    return False


def _keys_in_code() -> tuple[dict[str, list[str]], list[str]]:
    """Literal keys with where each is used, and the places that spell a key from a value."""
    literal: dict[str, list[str]] = {}
    spelled: list[str] = []
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope, call in _functions_and_calls(tree):
            position = KEY_POSITION.get(_called_name(call))
            if position is None or len(call.args) <= position:
                continue
            where = f"{path.relative_to(BOT.parent)}:{call.lineno}"
            for candidate in _candidates(call.args[position], scope):
                if _is_spelled_key(candidate):
                    spelled.append(f"{where}: {ast.unparse(candidate)}")
                elif isinstance(candidate, ast.Constant) and _KEY_SHAPE.match(str(candidate.value)):
                    literal.setdefault(candidate.value, []).append(where)
    return literal, spelled


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


def test_every_literal_key_in_the_code_exists_in_both_languages(translator: Translator) -> None:
    literal, _ = _keys_in_code()
    assert len(literal) > 300  # a guard against a walk that finds nothing
    for language in SUPPORTED_LANGUAGES:
        known = translator.keys(language)
        missing = {key: places for key, places in literal.items() if key not in known}
        assert missing == {}, f"missing in {language}"


def test_no_key_is_spelled_from_a_value() -> None:
    _, spelled = _keys_in_code()
    assert spelled == [], "put these keys in a table in bot/message_keys.py"


def test_every_table_key_exists_in_both_languages(translator: Translator) -> None:
    tables = _tables()
    keys = {
        key for table in tables.values() for key in (table if isinstance(table, tuple) else table.values())
    }
    keys |= {spec.description_key for spec in COMMANDS}
    for language in SUPPORTED_LANGUAGES:
        assert keys - translator.keys(language) == set(), f"missing in {language}"


@pytest.mark.parametrize("name", sorted(_tables()))
def test_each_table_covers_every_value_of_its_kind(name: str) -> None:
    table = _tables()[name]
    covered = set(range(len(table))) if isinstance(table, tuple) else set(table)
    assert covered == TABLE_DOMAINS[name]
