"""The reports domain (statuses, numbers, urgency, the duplicate rule) and its storage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.reports import (
    DEPARTMENTS_FILE,
    Action,
    CatalogueError,
    Category,
    EarlyAlert,
    NewReport,
    Report,
    Status,
    Step,
    TransitionError,
    allowed_actions,
    check_description,
    duplicate_candidates,
    early_alert_due,
    early_alert_words,
    format_number,
    is_urgent,
    load_catalogue,
    next_status,
    open311_status,
    parse_number,
    place_signature,
    progress,
    report_year,
    step_after,
)
from bot.storage import Storage
from bot.users import Role

NOW = datetime(2026, 7, 15, 6, 0, tzinfo=UTC)
HERE = (30.2500, 120.1700)


def report(**overrides: Any) -> Report:
    values: dict[str, Any] = {
        "id": 1,
        "number": "MQ-2026-000001",
        "reporter_id": 201,
        "reporter_name": "刘凤叶",
        "reporter_username": None,
        "category": "heat",
        "description": "没有遮阳棚",
        "voice_file_id": None,
        "photo_file_ids": (),
        "lat": HERE[0],
        "lon": HERE[1],
        "place": None,
        "anonymous": False,
        "urgent": False,
        "status": Status.CONFIRMED,
        "department": None,
        "resolution_note": None,
        "created_at": NOW - timedelta(days=1),
        "updated_at": NOW - timedelta(days=1),
        "resolved_at": None,
        "followup_sent_at": None,
        "followup_answer": None,
        "supporters": 0,
        **overrides,
    }
    return Report(**values)


# --- statuses -------------------------------------------------------------------------------------------


def test_the_lifecycle_transitions() -> None:
    assert next_status(Status.CONFIRMED, Action.ACKNOWLEDGE) is Status.INVESTIGATING
    assert next_status(Status.INVESTIGATING, Action.FORWARD) is Status.IN_PROGRESS
    assert next_status(Status.IN_PROGRESS, Action.FORWARD) is Status.IN_PROGRESS  # to another department
    assert next_status(Status.IN_PROGRESS, Action.RESOLVE) is Status.FIXED
    assert next_status(Status.FIXED, Action.REOPEN) is Status.CONFIRMED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.INVESTIGATING, Action.ACKNOWLEDGE),
        (Status.FIXED, Action.RESOLVE),
        (Status.DUPLICATE, Action.FORWARD),
        (Status.NOT_ACTIONABLE, Action.REOPEN),
        (Status.CONFIRMED, Action.REOPEN),
    ],
)
def test_transitions_that_do_not_apply_are_refused(status: Status, action: Action) -> None:
    with pytest.raises(TransitionError):
        next_status(status, action)


def test_admin_buttons_follow_the_status() -> None:
    assert allowed_actions(Status.CONFIRMED)[0] is Action.ACKNOWLEDGE
    assert Action.ACKNOWLEDGE not in allowed_actions(Status.INVESTIGATING)
    assert allowed_actions(Status.FIXED) == [] and allowed_actions(Status.DUPLICATE) == []


def test_open311_mapping() -> None:
    assert [open311_status(status) for status in Status] == [
        "open",
        "open",
        "open",
        "closed",
        "closed",
        "closed",
    ]


# --- numbers, urgency, steps ------------------------------------------------------------------------------


def test_numbers_are_readable_and_parse_back() -> None:
    assert format_number(2026, 123) == "MQ-2026-000123"
    assert parse_number(" mq-2026-000123 ") == (2026, 123)
    assert parse_number("MQ-26-1") is None


def test_the_year_of_a_number_is_hangzhous() -> None:
    new_years_eve_utc = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 01:00 on 1 January in Hangzhou
    assert report_year(new_years_eve_utc, ZoneInfo("Asia/Shanghai")) == 2026


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("太短了", "too_short"),
        ("  十个字十个字十个字十  ", None),
        ("长" * 2001, "too_long"),
        ("长" * 2000, None),
        ("😭" * 11, "no_words"),
        ("😭😭😭😭😭😭 ！！！ 。。。", "no_words"),
        ("空调坏了😭😭😭😭😭😭", None),
    ],
)
def test_description_length(text: str, expected: str | None) -> None:
    assert check_description(text) == expected


@pytest.mark.parametrize(
    ("description", "urgent"),
    [
        ("同事中暑了,脸色发白", True),
        ("路口车祸,有人受伤", True),
        ("A rider was INJURED", True),
        ("没有遮阳棚", False),
    ],
)
def test_urgent_words(description: str, urgent: bool) -> None:
    catalogue = load_catalogue()
    heat = catalogue.category("heat")
    assert heat is not None and is_urgent(heat, description, catalogue.urgent_words) is urgent


def test_the_emergency_category_is_urgent_whatever_the_words() -> None:
    emergency = load_catalogue().category("emergency")
    assert emergency is not None and is_urgent(emergency, "", ())


def test_once_urgent_a_draft_stays_urgent() -> None:
    heat = load_catalogue().category("heat")
    assert heat is not None and is_urgent(heat, "没有遮阳棚", (), already=True)


# --- the early alert ------------------------------------------------------------------------------------


def test_the_early_alert_is_due_once_and_only_when_urgent() -> None:
    assert early_alert_due(urgent=True, alert=None)
    assert not early_alert_due(urgent=True, alert=EarlyAlert(7))
    assert not early_alert_due(urgent=False, alert=None)


def test_the_early_alert_hears_only_news() -> None:
    alert = EarlyAlert(7, words="骑手被车撞了", place=place_signature(30.25, 120.17, None))
    assert not alert.words_are_news("骑手被车撞了") and not alert.words_are_news("")
    assert alert.words_are_news("骑手被车撞了,腿在流血")
    assert not alert.place_is_news(30.25, 120.17, "武林广场")  # the pin they have, whatever it is called
    assert alert.place_is_news(30.26, 120.17, None)
    assert not alert.place_is_news(None, None, None)  # skipped: nothing to tell
    assert EarlyAlert(7).place_is_news(None, None, "小河路菜市场")


def test_the_early_alert_words_are_short() -> None:
    assert early_alert_words("救命  \n 车祸") == "救命 车祸"
    assert len(early_alert_words("车" * 2000)) == 200


def test_steps_and_progress() -> None:
    assert progress(Step.DESCRIPTION, urgent=False) == (2, 6)
    assert step_after(Step.DESCRIPTION, urgent=False) is Step.PHOTOS
    assert step_after(Step.DESCRIPTION, urgent=True) is Step.LOCATION  # the urgent lane skips photos
    assert progress(Step.CONFIRM, urgent=True) == (5, 5)


# --- the duplicate rule ---------------------------------------------------------------------------------


def test_duplicates_same_kind_open_nearby_and_recent_nearest_first() -> None:
    candidates = [
        report(id=1, lat=HERE[0] + 0.004),  # ~445 m
        report(id=2, lat=HERE[0] + 0.001),  # ~111 m
        report(id=3, lat=HERE[0] + 0.0046),  # ~512 m: too far
        report(id=4, category="housing"),
        report(id=5, status=Status.FIXED),
        report(id=6, created_at=NOW - timedelta(days=15)),
        report(id=7, reporter_id=999),  # the observer's own
        report(id=8, lat=None, lon=None),
    ]
    found = duplicate_candidates(
        candidates, category="heat", lat=HERE[0], lon=HERE[1], now=NOW, exclude_user=999
    )
    assert [item.id for item, _ in found] == [2, 1]
    assert 110 < found[0][1] < 112


# --- catalogue ------------------------------------------------------------------------------------------


def test_the_bundled_catalogue() -> None:
    catalogue = load_catalogue()
    ids = {category.id for category in catalogue.categories}
    assert {
        "childcare",
        "heat",
        "rest_charging",
        "traffic_safety",
        "pay_rules",
        "housing",
        "policy",
        "other",
    } <= ids
    departments = {department.name("zh") for department in catalogue.departments}
    assert {"市民政局", "市卫健委", "市妇联"} <= departments
    assert "中暑" in catalogue.urgent_words and "车祸" in catalogue.urgent_words
    assert isinstance(catalogue.category("heat"), Category)


def test_a_catalogue_with_a_repeated_id_is_refused(tmp_path: Path) -> None:
    categories = tmp_path / "categories.yaml"
    categories.write_text(
        "categories:\n  - {id: heat, name: {zh: 高温, en: Heat}}\n  - {id: heat, name: {zh: 热, en: Hot}}\n"
    )
    with pytest.raises(CatalogueError, match="twice"):
        load_catalogue(categories, DEPARTMENTS_FILE)


# --- storage --------------------------------------------------------------------------------------------


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Storage]:
    storage = Storage(database)
    await storage.open()
    for user_id in (201, 202):
        await storage.users.seen(user_id, f"user{user_id}", None, "zh")
    await storage.users.grant_role(201, Role.OBSERVER, None)
    yield storage
    await storage.close()
    await storage.close()


def draft(**overrides: Any) -> NewReport:
    values: dict[str, Any] = {
        "reporter_id": 201,
        "category": "heat",
        "description": "驿站门口没有遮阳棚",
        "voice_file_id": None,
        "photo_file_ids": ("p1", "p2"),
        "lat": HERE[0],
        "lon": HERE[1],
        "place": None,
        "anonymous": False,
        "urgent": False,
        **overrides,
    }
    return NewReport(**values)


async def test_numbers_count_up_within_a_year_and_restart_in_the_next(store: Storage) -> None:
    first = await store.reports.file(draft(), year=2026, now=NOW)
    second = await store.reports.file(draft(), year=2026, now=NOW)
    next_year = await store.reports.file(draft(), year=2027, now=NOW)
    assert [first.number, second.number, next_year.number] == [
        "MQ-2026-000001",
        "MQ-2026-000002",
        "MQ-2027-000001",
    ]
    assert first.photo_file_ids == ("p1", "p2") and first.reporter_name == "user201"


async def test_every_change_is_an_event_and_stale_actions_are_refused(store: Storage) -> None:
    filed = await store.reports.file(draft(), year=2026, now=NOW)
    await store.reports.change_status(filed.id, Action.FORWARD, actor_id=7001, now=NOW, department="health")
    with pytest.raises(TransitionError):
        await store.reports.change_status(
            filed.id, Action.FORWARD, actor_id=7001, now=NOW, department="health"
        )
    change = await store.reports.change_status(
        filed.id, Action.RESOLVE, actor_id=7001, now=NOW, note="已处理"
    )
    assert change.from_status is Status.IN_PROGRESS and change.report.resolution_note == "已处理"
    assert change.report.resolved_at == NOW and change.report.department == "health"
    with pytest.raises(TransitionError):
        await store.reports.change_status(filed.id, Action.ACKNOWLEDGE, actor_id=7001, now=NOW)
    events = await store.reports.events(filed.id)
    assert [(e.kind, e.from_status, e.to_status, e.actor_id) for e in events] == [
        ("filed", None, Status.CONFIRMED, 201),
        ("status", Status.CONFIRMED, Status.IN_PROGRESS, 7001),
        ("status", Status.IN_PROGRESS, Status.FIXED, 7001),
    ]
    assert [r.id for r in await store.reports.followups_to_schedule()] == [filed.id]


async def test_follow_up_answers(store: Storage) -> None:
    filed = await store.reports.file(draft(), year=2026, now=NOW)
    await store.reports.change_status(filed.id, Action.RESOLVE, actor_id=7001, now=NOW, note="好了")
    with pytest.raises(TransitionError):  # only the reporter answers
        await store.reports.answer_followup(filed.id, 202, solved=False, now=NOW)
    change = await store.reports.answer_followup(filed.id, 201, solved=False, now=NOW)
    assert change.to_status is Status.CONFIRMED and change.report.resolved_at is None
    assert await store.reports.followups_to_schedule() == []


async def test_plus_one_once_not_on_your_own_and_not_on_closed_reports(store: Storage) -> None:
    filed = await store.reports.file(draft(), year=2026, now=NOW)
    assert await store.reports.add_supporter(filed.id, 201, now=NOW) is None  # own report
    joined = await store.reports.add_supporter(filed.id, 202, now=NOW)
    assert joined is not None and joined.supporters == 1
    assert await store.reports.add_supporter(filed.id, 202, now=NOW) is None  # already joined
    await store.reports.change_status(filed.id, Action.DUPLICATE, actor_id=7001, now=NOW)
    await store.users.seen(203, "x", None, "zh")
    assert await store.reports.add_supporter(filed.id, 203, now=NOW) is None  # closed


async def test_nearby_candidates_come_from_open_recent_reports_with_a_place(store: Storage) -> None:
    kept = await store.reports.file(draft(), year=2026, now=NOW)
    await store.reports.file(draft(lat=None, lon=None), year=2026, now=NOW)
    await store.reports.file(draft(category="housing"), year=2026, now=NOW)
    old = await store.reports.file(draft(), year=2026, now=NOW - timedelta(days=20))
    found = await store.reports.open_nearby_candidates("heat", NOW - timedelta(days=14))
    assert [item.id for item in found] == [kept.id] and old.id != kept.id


async def test_roles_are_granted_and_revoked_once(store: Storage) -> None:
    assert await store.users.grant_role(202, Role.OBSERVER, 7001)
    assert not await store.users.grant_role(202, Role.OBSERVER, 7001)
    assert await store.users.revoke_role(202, Role.OBSERVER)
    assert not await store.users.revoke_role(202, Role.OBSERVER)
