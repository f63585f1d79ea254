"""Declaring and ending the heat signal: an admin's word, which overrides the forecast for everyone."""

from __future__ import annotations

from dataclasses import dataclass

from bot.heat import SIGNAL_LEVELS, HeatLevel
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class SignalChange:
    declared: HeatLevel | None  # the signal now in force; None when the action ended the one in force
    changed: bool  # False: an end with no signal in force, which changes nothing


async def declare_heat_signal(store: Storage, level: HeatLevel | None, *, admin_id: int) -> SignalChange:
    """`level` (yellow, orange or red) replaces the signal in force; None ends it."""
    if level is None:
        return SignalChange(None, changed=await store.heat.end_signal(admin_id))
    if level not in SIGNAL_LEVELS:
        raise ValueError(f"{level.key} is not a heat signal")
    await store.heat.declare_signal(level, admin_id)
    return SignalChange(level, changed=True)
