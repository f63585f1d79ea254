"""The bot's one clock.

Opening hours, quiet hours, schedules and day windows are local (BOT_TIMEZONE); storage keeps UTC. Every
part of the bot asks this object rather than `datetime.now`, so there is one notion of "now" to replace:
a test or a replay gives the application its own clock (tests that move time use time-machine, which
moves this one too).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


class Clock:
    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone

    def now(self) -> datetime:
        """The moment in BOT_TIMEZONE, timezone-aware."""
        return datetime.now(self.zone)

    def utc(self) -> datetime:
        """The same moment in UTC, as storage keeps it."""
        return datetime.now(UTC)
