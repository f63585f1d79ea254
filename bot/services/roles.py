"""Appointing and revoking 民情观察员 and station staff: the role changes, and the person hears what it
means for them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.i18n import Translator
from bot.notify import Notice, catalogue_notice
from bot.stations import Station
from bot.storage import Storage
from bot.users import Role, UserProfile


@dataclass(frozen=True, slots=True)
class RoleChange:
    person: UserProfile  # with the roles they hold now
    changed: bool  # False: already held (appoint), or not held (revoke); nobody is told
    notices: tuple[Notice, ...] = ()


def _purpose(command_id: str) -> str:
    """The admin's command names the event: appointed, revoked and appointed again are three notices,
    while a redelivered command is the same one."""
    return f"role-change:{command_id}"


async def appoint_observer(
    store: Storage, translator: Translator, person: UserProfile, *, admin_id: int, command_id: str
) -> RoleChange:
    if not await store.users.grant_role(person.id, Role.OBSERVER, admin_id):
        return RoleChange(person, changed=False)
    welcome = catalogue_notice(
        translator, person.id, _purpose(command_id), "reports-observer-welcome", name=person.first_name
    )
    now_observer = replace(person, stored_roles=person.stored_roles | {Role.OBSERVER})
    return RoleChange(now_observer, changed=True, notices=(welcome,))


async def revoke_observer(
    store: Storage, translator: Translator, person: UserProfile, *, command_id: str
) -> RoleChange:
    if not await store.users.revoke_role(person.id, Role.OBSERVER):
        return RoleChange(person, changed=False)
    farewell = catalogue_notice(
        translator, person.id, _purpose(command_id), "reports-observer-farewell", name=person.first_name
    )
    no_longer = replace(person, stored_roles=person.stored_roles - {Role.OBSERVER})
    return RoleChange(no_longer, changed=True, notices=(farewell,))


def _station_notice(
    translator: Translator, person: UserProfile, station: Station, command_id: str, key: str
) -> Notice:
    return Notice(
        person.id,
        _purpose(command_id),
        lambda language: translator(
            language, key, name=person.first_name, station=station.name.pick(language)
        ),
    )


async def appoint_staff(
    store: Storage,
    translator: Translator,
    person: UserProfile,
    station: Station,
    *,
    admin_id: int,
    command_id: str,
) -> RoleChange:
    """Make them staff of the station (one more, if they keep others); they hear what they can do there."""
    if not await store.users.grant_station(person.id, station.id, admin_id):
        return RoleChange(person, changed=False)
    welcome = _station_notice(translator, person, station, command_id, "station-staff-welcome")
    now_staff = replace(
        person,
        stored_roles=person.stored_roles | {Role.STAFF},
        staff_stations=person.staff_stations | {station.id},
    )
    return RoleChange(now_staff, changed=True, notices=(welcome,))


async def revoke_staff(
    store: Storage, translator: Translator, person: UserProfile, station: Station, *, command_id: str
) -> RoleChange:
    """End their staff role at this station; the role itself ends with their last station."""
    if not await store.users.revoke_station(person.id, station.id):
        return RoleChange(person, changed=False)
    farewell = _station_notice(translator, person, station, command_id, "station-staff-farewell")
    stations = person.staff_stations - {station.id}
    no_longer = replace(
        person,
        stored_roles=person.stored_roles if stations else person.stored_roles - {Role.STAFF},
        staff_stations=stations,
    )
    return RoleChange(no_longer, changed=True, notices=(farewell,))
