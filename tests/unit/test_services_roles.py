"""Appointing and revoking observers: the person hears of a change once, and of a non-change never."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import Translator
from bot.services.roles import appoint_observer, appoint_staff, revoke_observer, revoke_staff
from bot.stations import Station, load_stations
from bot.storage import Storage
from bot.users import Actor, Role, UserProfile, holds

ADMIN = 7001
STATIONS_FILE = Path(__file__).resolve().parents[2] / "data" / "stations.yaml"


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


async def _courier(store: Storage) -> UserProfile:
    return await store.users.seen(301, "阿强", None, "en")


async def test_an_appointment_tells_the_person_in_their_language(
    store: Storage, translator: Translator
) -> None:
    person = await _courier(store)
    outcome = await appoint_observer(store, translator, person, admin_id=ADMIN, command_id="-100:5")
    assert outcome.changed and Role.OBSERVER in outcome.person.stored_roles
    assert await store.users.roles(person.id) == frozenset({Role.OBSERVER})
    [welcome] = outcome.notices
    assert welcome.user_id == person.id
    assert welcome.compose("en") == translator("en", "reports-observer-welcome", name="阿强")


async def test_appointing_someone_already_appointed_tells_nobody(
    store: Storage, translator: Translator
) -> None:
    person = await _courier(store)
    await appoint_observer(store, translator, person, admin_id=ADMIN, command_id="-100:5")
    again = await appoint_observer(store, translator, person, admin_id=ADMIN, command_id="-100:6")
    assert not again.changed and again.notices == ()


async def test_revoking_tells_the_person_and_revoking_a_non_observer_tells_nobody(
    store: Storage, translator: Translator
) -> None:
    person = await _courier(store)
    nothing = await revoke_observer(store, translator, person, command_id="-100:4")
    assert not nothing.changed and nothing.notices == ()
    appointed = await appoint_observer(store, translator, person, admin_id=ADMIN, command_id="-100:5")
    revoked = await revoke_observer(store, translator, appointed.person, command_id="-100:6")
    assert revoked.changed and Role.OBSERVER not in revoked.person.stored_roles
    assert await store.users.roles(person.id) == frozenset()
    [farewell] = revoked.notices
    assert farewell.compose("zh") == translator("zh", "reports-observer-farewell", name="阿强")
    # Appointed and revoked are two events: the outbox must not take the second for a repeat of the first.
    assert farewell.purpose != appointed.notices[0].purpose


def _station(station_id: str) -> Station:
    return load_stations(STATIONS_FILE).by_id[station_id]


async def test_staff_are_appointed_per_station_and_keep_the_role_while_one_is_left(
    store: Storage, translator: Translator
) -> None:
    person = await _courier(store)
    first, second = _station("sijiqing-djzx"), _station("wulin-square")
    appointed = await appoint_staff(store, translator, person, first, admin_id=ADMIN, command_id="-100:5")
    assert appointed.changed and appointed.person.staff_stations == {first.id}
    [welcome] = appointed.notices
    assert first.name.pick("en") in welcome.compose("en") and "/station" in welcome.compose("en")
    again = await appoint_staff(store, translator, person, first, admin_id=ADMIN, command_id="-100:6")
    assert not again.changed and again.notices == ()
    both = await appoint_staff(
        store, translator, appointed.person, second, admin_id=ADMIN, command_id="-100:7"
    )
    stored = await store.users.get(person.id)
    assert stored is not None and stored.staff_stations == {first.id, second.id} == both.person.staff_stations
    assert stored.stored_roles == {Role.STAFF}
    assert await store.users.staff_of(first.id) == [person.id]
    assert person.id in await store.users.ids_with_any_role()

    one_left = await revoke_staff(store, translator, both.person, first, command_id="-100:8")
    assert one_left.changed and one_left.person.stored_roles == {Role.STAFF}
    assert await store.users.roles(person.id) == {Role.STAFF}
    none_left = await revoke_staff(store, translator, one_left.person, second, command_id="-100:9")
    assert none_left.person.stored_roles == frozenset() and await store.users.roles(person.id) == frozenset()
    nothing = await revoke_staff(store, translator, none_left.person, second, command_id="-100:10")
    assert not nothing.changed and nothing.notices == ()


def test_admins_act_for_every_station_and_staff_for_theirs() -> None:
    staff = Actor(301, frozenset({Role.COURIER, Role.STAFF}), frozenset({"sijiqing-djzx"}))
    admin = Actor(ADMIN, frozenset({Role.COURIER, Role.ADMIN}), frozenset())
    assert staff.acts_for("sijiqing-djzx") and not staff.acts_for("wulin-square")
    assert not staff.acts_for(None) and not staff.is_admin
    assert admin.acts_for("wulin-square") and admin.acts_for(None)
    assert holds(admin.roles, Role.STAFF) and not holds(staff.roles, Role.ADMIN)
