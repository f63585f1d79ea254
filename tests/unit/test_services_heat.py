"""Declaring and ending the heat signal."""

from __future__ import annotations

import pytest

from bot.heat import HeatLevel
from bot.services.heat import declare_heat_signal
from bot.storage import Storage

ADMIN = 7001


async def test_a_new_signal_replaces_the_one_in_force(store: Storage) -> None:
    orange = await declare_heat_signal(store, HeatLevel.ORANGE, admin_id=ADMIN)
    assert orange.declared is HeatLevel.ORANGE and orange.changed
    red = await declare_heat_signal(store, HeatLevel.RED, admin_id=ADMIN)
    assert red.declared is HeatLevel.RED and red.changed
    signal = await store.heat.current_signal()
    assert signal is not None and signal.level is HeatLevel.RED and signal.declared_by == ADMIN


async def test_ending_with_no_signal_in_force_changes_nothing(store: Storage) -> None:
    await declare_heat_signal(store, HeatLevel.YELLOW, admin_id=ADMIN)
    ended = await declare_heat_signal(store, None, admin_id=ADMIN)
    assert ended.declared is None and ended.changed
    assert await store.heat.current_signal() is None
    again = await declare_heat_signal(store, None, admin_id=ADMIN)
    assert again.declared is None and not again.changed


async def test_a_forecast_level_is_not_a_signal(store: Storage) -> None:
    with pytest.raises(ValueError, match="pre"):
        await declare_heat_signal(store, HeatLevel.PRE_ALERT, admin_id=ADMIN)
    assert await store.heat.current_signal() is None
