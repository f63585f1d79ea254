"""The bot's commands and the role each belongs to; /help and the command menus are built from it.

A feature adds its commands here when it lands, so neither /help nor a menu ever offers a command
that does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.users import Role, holds


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    role: Role
    # A command that two roles use for different things has a spec for each, the lower one named by its
    # own description ("cmd-consult-read": observers read what staff ask with /consult).
    variant: str | None = None

    @property
    def description_key(self) -> str:
        return f"cmd-{self.name}-{self.variant}" if self.variant else f"cmd-{self.name}"


COMMANDS: tuple[CommandSpec, ...] = (
    # In CONVENTIONS §1's order, which is also the order of /help and the menus.
    CommandSpec("start", Role.COURIER),
    CommandSpec("help", Role.COURIER),
    CommandSpec("language", Role.COURIER),
    CommandSpec("name", Role.COURIER),  # what the bot and the staff call them: WeChat gives no name
    CommandSpec("nearest", Role.COURIER),
    CommandSpec("volunteer", Role.COURIER),
    CommandSpec("checkout", Role.COURIER),
    CommandSpec("points", Role.COURIER),
    CommandSpec("rewards", Role.COURIER),
    CommandSpec("heat", Role.COURIER),
    CommandSpec("policy", Role.COURIER),  # the policy desk (issue [6/6 Station life])
    CommandSpec("events", Role.COURIER),  # events at the stations (issue [6/6 Station life])
    CommandSpec("privacy", Role.COURIER),
    CommandSpec("mydata", Role.COURIER),
    CommandSpec("deleteme", Role.COURIER),
    CommandSpec("cancel", Role.COURIER),
    CommandSpec("report", Role.OBSERVER),
    CommandSpec("myreports", Role.OBSERVER),
    CommandSpec("consult", Role.OBSERVER, "read"),  # the answers of consultations, to file as reports
    CommandSpec("station", Role.STAFF),  # station staff (issue [6/6 Station life]); admins have them too
    CommandSpec("pending", Role.STAFF),
    CommandSpec("event", Role.STAFF),  # events at the stations: admins anywhere, staff at their own
    CommandSpec("consult", Role.STAFF),  # consultations: admins ask anyone, staff near their stations
    CommandSpec("collect", Role.ADMIN),
    CommandSpec("adjust", Role.ADMIN),  # added by the points issue; not in CONVENTIONS §1's list yet
    CommandSpec("reports", Role.ADMIN),
    CommandSpec("broadcast", Role.ADMIN),
    CommandSpec("heatalert", Role.ADMIN),
    CommandSpec("appoint", Role.ADMIN),
    CommandSpec("revoke", Role.ADMIN),
    CommandSpec("stats", Role.ADMIN),
    CommandSpec("export", Role.ADMIN),
)

ROLE_ORDER = (Role.COURIER, Role.OBSERVER, Role.STAFF, Role.ADMIN)


def commands_for(roles: frozenset[Role]) -> list[CommandSpec]:
    """The commands a user with these roles may use, everyone's first, then observers', station staff's
    (which admins have too) and admins'; a command with a spec for two of their roles once, as the
    higher role uses it (an observer who is also staff starts consultations with /consult)."""
    held = [spec for role in ROLE_ORDER if holds(roles, role) for spec in COMMANDS if spec.role is role]
    highest = {spec.name: spec for spec in held}  # held runs from the lowest role to the highest
    return [spec for spec in held if highest[spec.name] is spec]
