"""Flood control: a user who sends more than 20 updates in 10 seconds is slowed down.

Channel-neutral and in memory: a flood is a burst, and a restart ends every burst anyway.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

MAX_UPDATES = 20
WINDOW_SECONDS = 10.0
SWEEP_EVERY = 1000  # checks between sweeps of idle users


class Verdict(Enum):
    ACCEPT = "accept"
    REFUSE_WITH_NOTICE = "notice"  # the first refused update of a burst: say so once
    REFUSE_SILENTLY = "silent"


@dataclass
class FloodGate:
    max_updates: int = MAX_UPDATES
    window_seconds: float = WINDOW_SECONDS
    _recent: dict[int, deque[float]] = field(default_factory=dict)
    _noticed: set[int] = field(default_factory=set)
    _checks: int = 0

    def check(self, user_id: int, now: float) -> Verdict:
        """`now` is a monotonic clock reading in seconds. Refused updates do not extend the window,
        so a user who stops for 10 seconds is served again."""
        self._checks += 1
        if self._checks % SWEEP_EVERY == 0:
            self.forget_idle(now)
        recent = self._recent.setdefault(user_id, deque())
        while recent and now - recent[0] >= self.window_seconds:
            recent.popleft()
        if len(recent) < self.max_updates:
            recent.append(now)
            self._noticed.discard(user_id)
            return Verdict.ACCEPT
        if user_id in self._noticed:
            return Verdict.REFUSE_SILENTLY
        self._noticed.add(user_id)
        return Verdict.REFUSE_WITH_NOTICE

    def forget_idle(self, now: float) -> None:
        """Drop users whose window has passed, so memory follows the active users only."""
        idle = [
            uid
            for uid, recent in self._recent.items()
            if not recent or now - recent[-1] >= self.window_seconds
        ]
        for user_id in idle:
            del self._recent[user_id]
            self._noticed.discard(user_id)
