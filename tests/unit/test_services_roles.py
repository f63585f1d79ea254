"""Appointing and revoking observers: the person hears of a change once, and of a non-change never."""

from __future__ import annotations

import pytest

from bot.i18n import Translator
from bot.services.roles import appoint_observer, revoke_observer
from bot.storage import Storage
from bot.users import Role, UserProfile

ADMIN = 7001


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
