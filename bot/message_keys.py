"""Which catalogue message names each value: one table per family of keys.

A key spelled from a value (f"weekday-{n}") would show the bare key to a courier the day a value has no
message; a table is read by tests/unit/test_catalogue_keys.py, which checks every key in it exists in zh
and en, and that each table covers every value of its kind.
"""

from __future__ import annotations

# date.weekday(): Monday is 0
WEEKDAY_KEYS: tuple[str, ...] = (
    "weekday-0",
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
)
