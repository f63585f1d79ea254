"""Which commands /help and the menus offer to whom (bot.commands)."""

from __future__ import annotations

from bot.commands import commands_for
from bot.users import Role

COURIER, OBSERVER, STAFF = Role.COURIER, Role.OBSERVER, Role.STAFF


def _consult_keys(roles: frozenset[Role]) -> list[str]:
    return [spec.description_key for spec in commands_for(roles) if spec.name == "consult"]


def test_a_command_two_roles_use_is_offered_once_as_the_higher_role_uses_it() -> None:
    """/consult reads answers for an observer and starts a consultation for staff: an observer who is
    also staff sees it once, as staff (a menu with a command twice would be refused)."""
    assert _consult_keys(frozenset({COURIER})) == []
    assert _consult_keys(frozenset({COURIER, OBSERVER})) == ["cmd-consult-read"]
    assert _consult_keys(frozenset({COURIER, STAFF})) == ["cmd-consult"]
    both = commands_for(frozenset({COURIER, OBSERVER, STAFF}))
    assert [spec.description_key for spec in both if spec.name == "consult"] == ["cmd-consult"]
    assert len({spec.name for spec in both}) == len(both)
