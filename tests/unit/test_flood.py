"""FloodGate: 20 updates in 10 seconds, one notice per burst, others unaffected."""

from __future__ import annotations

from bot.flood import FloodGate, Verdict


def test_twenty_in_ten_seconds_pass_and_the_next_gets_one_notice() -> None:
    gate = FloodGate()
    verdicts = [gate.check(1, now=i * 0.1) for i in range(25)]
    assert verdicts[:20] == [Verdict.ACCEPT] * 20
    assert verdicts[20] is Verdict.REFUSE_WITH_NOTICE
    assert verdicts[21:] == [Verdict.REFUSE_SILENTLY] * 4


def test_other_users_are_not_affected() -> None:
    gate = FloodGate()
    for i in range(30):
        gate.check(1, now=i * 0.01)
    assert gate.check(2, now=0.5) is Verdict.ACCEPT


def test_the_window_slides_and_a_calm_user_is_served_again() -> None:
    gate = FloodGate()
    for i in range(21):
        gate.check(1, now=i * 0.1)
    assert gate.check(1, now=10.05) is Verdict.ACCEPT  # the first update left the window
    assert gate.check(1, now=10.15) is Verdict.ACCEPT  # and the second


def test_a_steady_rate_under_the_limit_is_never_refused() -> None:
    gate = FloodGate()
    assert all(gate.check(1, now=i * 0.5) is Verdict.ACCEPT for i in range(200))


def test_idle_users_are_forgotten() -> None:
    gate = FloodGate()
    gate.check(1, now=0.0)
    gate.check(2, now=5.0)
    gate.forget_idle(now=12.0)
    assert set(gate._recent) == {2}
