"""Hours as couriers type them, the date window, the rules of an entry, and the daily check-in codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.__main__ import main
from bot.volunteer import (
    HoursError,
    Interval,
    RuleViolation,
    check_day,
    check_entry,
    checkin_code,
    checkin_code_valid,
    checkin_payload,
    checkout_minutes,
    date_window,
    format_hours,
    interval_for,
    parse_checkin_payload,
    parse_hours,
)
from tests.conftest import REPO_ROOT

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 20, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2", 120),
        ("2.5", 150),
        ("1:30", 90),
        ("2小时30分", 150),
        ("2小时30分钟", 150),
        ("两个半小时", 150),
        ("一个半小时", 90),
        ("半小时", 30),
        ("2小时半", 150),
        ("两小时", 120),
        ("十二小时", 720),
        ("90分钟", 90),
        ("0.5", 30),
        ("12", 720),
        (" 3 h ", 180),
        ("２．５", 150),
        ("1：30", 90),
        ("2h30m", 150),
    ],
)
def test_accepted_hours(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "unreadable"),
        ("abc", "unreadable"),
        ("-1", "unreadable"),
        ("1:60", "unreadable"),
        ("两个多小时", "unreadable"),
        ("2.5.1", "unreadable"),
        ("0", "too-short"),
        ("20分钟", "too-short"),
        ("0.25", "too-short"),
        ("12.5", "too-long"),
        ("13", "too-long"),
        ("十三小时", "too-long"),
        ("2.25", "step"),
        ("1:15", "step"),
        ("100分钟", "step"),
    ],
)
def test_refused_hours(text: str, reason: str) -> None:
    with pytest.raises(HoursError) as raised:
        parse_hours(text)
    assert raised.value.reason == reason


@pytest.mark.parametrize(("minutes", "shown"), [(30, "0.5"), (60, "1"), (150, "2.5"), (720, "12")])
def test_format_hours(minutes: int, shown: str) -> None:
    assert format_hours(minutes) == shown


def test_date_window_is_today_and_seven_days_back() -> None:
    window = date_window(date(2025, 6, 10))
    assert window[0] == date(2025, 6, 10) and window[-1] == date(2025, 6, 3) and len(window) == 8


@pytest.mark.parametrize(("day", "reason"), [(date(2025, 6, 11), "future"), (date(2025, 6, 2), "too-old")])
def test_days_outside_the_window(day: date, reason: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_day(day, date(2025, 6, 10))
    assert raised.value.reason == reason


def _at(hour: int, minute: int, minutes: int, day: date = date(2025, 6, 10)) -> Interval:
    return interval_for(day, time(hour, minute), minutes, SHANGHAI)


def test_an_entry_that_fits() -> None:
    check_entry(_at(14, 0, 120), [_at(9, 0, 120), _at(16, 0, 60)], NOW, SHANGHAI)


@pytest.mark.parametrize(
    ("candidate", "others", "reason"),
    [
        (_at(19, 0, 120), [], "unfinished"),
        (_at(9, 0, 60, date(2025, 6, 11)), [], "future"),
        (_at(9, 0, 60, date(2025, 6, 1)), [], "too-old"),
        (_at(9, 30, 60), [_at(9, 0, 60)], "overlap"),
        (_at(8, 0, 240), [_at(9, 0, 60)], "overlap"),
        (_at(1, 0, 120), [_at(23, 0, 180, date(2025, 6, 9))], "overlap"),
        (_at(13, 0, 180), [_at(0, 0, 600)], "daily-limit"),
    ],
)
def test_entries_that_break_a_rule(candidate: Interval, others: list[Interval], reason: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        check_entry(candidate, others, NOW, SHANGHAI)
    assert raised.value.reason == reason


def test_twelve_hours_on_one_day_is_the_limit_not_beyond() -> None:
    check_entry(_at(12, 0, 120), [_at(0, 0, 600)], NOW, SHANGHAI)


def test_back_to_back_entries_do_not_overlap() -> None:
    check_entry(_at(10, 0, 60), [_at(9, 0, 60), _at(11, 0, 60)], NOW, SHANGHAI)


def test_checkin_code_rotates_daily_and_needs_the_secret() -> None:
    today, tomorrow = date(2025, 6, 10), date(2025, 6, 11)
    code = checkin_code("secret", "shangcheng-djzx", today)
    assert code != checkin_code("secret", "shangcheng-djzx", tomorrow)
    assert code != checkin_code("other-secret", "shangcheng-djzx", today)
    assert code != checkin_code("secret", "sijiqing-djzx", today)
    assert checkin_code_valid("secret", "shangcheng-djzx", code.lower(), today)
    assert not checkin_code_valid("secret", "shangcheng-djzx", code, tomorrow)


def test_checkin_payload_round_trip_fits_a_deep_link() -> None:
    payload = checkin_payload("secret", "shangcheng-djzx", date(2025, 6, 10))
    assert len(payload) <= 64 and payload.replace("_", "").replace("-", "").isalnum()
    assert parse_checkin_payload(payload) == (
        "shangcheng-djzx",
        checkin_code("secret", "shangcheng-djzx", date(2025, 6, 10)),
    )


@pytest.mark.parametrize("payload", ["hello", "checkin_", "checkin_station", "checkin__ABC"])
def test_other_payloads_are_not_checkins(payload: str) -> None:
    assert parse_checkin_payload(payload) is None


@pytest.mark.parametrize(("elapsed", "minutes"), [(29, 0), (30, 30), (59, 30), (155, 150), (720, 720)])
def test_checkout_rounds_down_to_half_hours(elapsed: int, minutes: int) -> None:
    start = datetime(2025, 6, 10, 1, 0, tzinfo=UTC)
    assert checkout_minutes(start, start + timedelta(minutes=elapsed, seconds=59)) == minutes


def test_qr_command_writes_a_png_with_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_DATABASE", str(tmp_path / "bot.db"))
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))
    output = tmp_path / "qr.png"
    argv = ["qr", "shangcheng-djzx", "--date", "2025-06-10", "--bot", "xiaoge_bot", "-o", str(output)]
    assert main(argv) == 0
    assert output.read_bytes().startswith(b"\x89PNG")
    link = capsys.readouterr().out.strip().split(": ", 1)[1]
    assert link.startswith("https://t.me/xiaoge_bot?start=checkin_shangcheng-djzx_")
    assert main(argv) == 0  # the secret is kept: the same day gives the same link
    assert capsys.readouterr().out.strip().endswith(link)


def test_qr_command_refuses_an_unknown_station(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_DATABASE", str(tmp_path / "bot.db"))
    monkeypatch.setenv("BOT_STATIONS_FILE", str(REPO_ROOT / "data" / "stations.yaml"))
    assert main(["qr", "nowhere", "--bot", "x", "-o", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_qr_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["qr", "--help"])
    assert exited.value.code == 0 and "STATION" in capsys.readouterr().out.upper()
