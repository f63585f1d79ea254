"""The report actions: who hears of a change, and what a stale action or a second "+1" changes (nothing)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.reports import Action, NewReport, Report, Status, load_catalogue
from bot.services.reports import (
    StatusOutcome,
    answer_followup,
    change_report_status,
    file_report,
    support_report,
)
from bot.storage import Storage
from bot.users import Role

NOW = datetime(2026, 7, 20, 4, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTER, SUPPORTERS, ADMIN = 201, (202, 203), 7001
TRANSLATOR = Translator("zh")
CATALOGUE = load_catalogue()


@pytest.fixture(autouse=True)
async def observers(store: Storage) -> None:
    for user_id in (REPORTER, *SUPPORTERS):
        await store.users.seen(user_id, f"user{user_id}", None, "zh")
        await store.users.grant_role(user_id, Role.OBSERVER, None)


def _draft() -> NewReport:
    return NewReport(
        reporter_id=REPORTER,
        category="heat",
        description="驿站门口没有遮阳棚",
        voice_file_id=None,
        photo_file_ids=(),
        lat=30.25,
        lon=120.17,
        place=None,
        anonymous=False,
        urgent=False,
    )


async def _filed_and_supported(store: Storage) -> Report:
    report = await file_report(store, _draft(), tz=SHANGHAI, now=NOW)
    for supporter in SUPPORTERS:
        assert await support_report(store, report.id, supporter, now=NOW) is not None
    return report


async def _change(store: Storage, report_id: int, action: Action, **details: str) -> StatusOutcome:
    return await change_report_status(
        store, TRANSLATOR, CATALOGUE, report_id, action, actor_id=ADMIN, now=NOW, **details
    )


async def _answer(store: Storage, report: Report, *, solved: bool, by: int = REPORTER) -> StatusOutcome:
    return await answer_followup(store, TRANSLATOR, CATALOGUE, report.id, by, solved=solved, now=NOW)


async def test_a_report_filed_at_new_year_in_hangzhou_has_the_new_years_number(store: Storage) -> None:
    new_year_in_hangzhou = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    report = await file_report(store, _draft(), tz=SHANGHAI, now=new_year_in_hangzhou)
    assert report.number == "MQ-2027-000001" and report.status is Status.CONFIRMED


async def test_a_second_plus_one_counts_once(store: Storage) -> None:
    report = await file_report(store, _draft(), tz=SHANGHAI, now=NOW)
    first = await support_report(store, report.id, 202, now=NOW)
    assert first is not None and first.count == 2  # the reporter and one "+1"
    assert await support_report(store, report.id, 202, now=NOW) is None
    assert await support_report(store, report.id, REPORTER, now=NOW) is None  # not on one's own report
    stored = await store.reports.get(report.id)
    assert stored is not None and stored.supporters == 1


async def test_a_status_change_tells_the_reporter_and_each_supporter_once(store: Storage) -> None:
    report = await _filed_and_supported(store)
    outcome = await _change(store, report.id, Action.FORWARD, department="health")
    assert outcome.change is not None and outcome.change.to_status is Status.IN_PROGRESS
    assert [notice.user_id for notice in outcome.notices] == [REPORTER, *SUPPORTERS]
    assert len({notice.purpose for notice in outcome.notices}) == 1  # one event, deduplicated per person
    department = CATALOGUE.department("health")
    assert department is not None
    assert all(department.name("en") in notice.compose("en") for notice in outcome.notices)
    assert not outcome.reopened


async def test_only_the_reporter_is_promised_the_follow_up_question(store: Storage) -> None:
    report = await _filed_and_supported(store)
    outcome = await _change(store, report.id, Action.RESOLVE, note="已加装遮阳棚")
    promise = TRANSLATOR("zh", "reports-notify-followup-promise")
    texts = {notice.user_id: notice.compose("zh") for notice in outcome.notices}
    assert promise in texts[REPORTER] and "已加装遮阳棚" in texts[REPORTER]
    assert all(promise not in texts[supporter] for supporter in SUPPORTERS)


async def test_an_action_that_does_not_apply_changes_nothing_and_tells_nobody(store: Storage) -> None:
    report = await _filed_and_supported(store)
    await _change(store, report.id, Action.NOT_ACTIONABLE)
    events_before = await store.reports.events(report.id)
    stale = await _change(store, report.id, Action.ACKNOWLEDGE)
    assert stale.change is None and stale.notices == ()
    assert await store.reports.events(report.id) == events_before
    stored = await store.reports.get(report.id)
    assert stored is not None and stored.status is Status.NOT_ACTIONABLE
    missing = await _change(store, 999, Action.ACKNOWLEDGE)
    assert missing.change is None and missing.notices == ()


async def test_not_solved_reopens_and_tells_the_supporters_but_not_the_reporter(store: Storage) -> None:
    report = await _filed_and_supported(store)
    await _change(store, report.id, Action.RESOLVE)
    outcome = await _answer(store, report, solved=False)
    assert outcome.reopened and outcome.change is not None
    assert outcome.change.report.status is Status.CONFIRMED
    assert [notice.user_id for notice in outcome.notices] == list(SUPPORTERS)
    reopened = TRANSLATOR("zh", "reports-notify-reopened", number=report.number, department="—", note="—")
    assert outcome.notices[0].compose("zh") == reopened
    again = await _answer(store, report, solved=False)
    assert again.change is None and again.notices == ()


async def test_solved_is_recorded_and_tells_nobody(store: Storage) -> None:
    report = await _filed_and_supported(store)
    await _change(store, report.id, Action.RESOLVE)
    assert (await _answer(store, report, solved=True, by=SUPPORTERS[0])).change is None  # not theirs
    outcome = await _answer(store, report, solved=True)
    assert outcome.change is not None and outcome.change.report.followup_answer == "yes"
    assert not outcome.reopened and outcome.notices == ()
