"""The report actions: who hears of a change, and what a stale action or a second "+1" changes (nothing)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.reports import Action, NewReport, Report, ReportCatalogue, Status, load_catalogue
from bot.services.reports import answer_followup, change_report_status, file_report, support_report
from bot.storage import Storage
from bot.users import Role

NOW = datetime(2026, 7, 20, 4, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTER, SUPPORTERS, ADMIN = 201, (202, 203), 7001


@pytest.fixture
async def store(database: Path | str) -> AsyncIterator[Storage]:
    storage = Storage(database)
    await storage.open()
    for user_id in (REPORTER, *SUPPORTERS):
        await storage.users.seen(user_id, f"user{user_id}", None, "zh")
        await storage.users.grant_role(user_id, Role.OBSERVER, None)
    yield storage
    await storage.close()


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator("zh")


@pytest.fixture(scope="module")
def catalogue() -> ReportCatalogue:
    return load_catalogue()


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


async def test_a_status_change_tells_the_reporter_and_each_supporter_once(
    store: Storage, translator: Translator, catalogue: ReportCatalogue
) -> None:
    report = await _filed_and_supported(store)
    outcome = await change_report_status(
        store, translator, catalogue, report.id, Action.FORWARD, actor_id=ADMIN, now=NOW, department="health"
    )
    assert outcome.change is not None and outcome.change.to_status is Status.IN_PROGRESS
    assert [notice.user_id for notice in outcome.notices] == [REPORTER, *SUPPORTERS]
    assert len({notice.purpose for notice in outcome.notices}) == 1  # one event, deduplicated per person
    department = catalogue.department("health")
    assert department is not None
    assert all(department.name("en") in notice.compose("en") for notice in outcome.notices)
    assert not outcome.reopened


async def test_only_the_reporter_is_promised_the_follow_up_question(
    store: Storage, translator: Translator, catalogue: ReportCatalogue
) -> None:
    report = await _filed_and_supported(store)
    outcome = await change_report_status(
        store, translator, catalogue, report.id, Action.RESOLVE, actor_id=ADMIN, now=NOW, note="已加装遮阳棚"
    )
    promise = translator("zh", "reports-notify-followup-promise")
    texts = {notice.user_id: notice.compose("zh") for notice in outcome.notices}
    assert promise in texts[REPORTER] and "已加装遮阳棚" in texts[REPORTER]
    assert all(promise not in texts[supporter] for supporter in SUPPORTERS)


async def test_an_action_that_does_not_apply_changes_nothing_and_tells_nobody(
    store: Storage, translator: Translator, catalogue: ReportCatalogue
) -> None:
    report = await _filed_and_supported(store)
    await change_report_status(
        store, translator, catalogue, report.id, Action.NOT_ACTIONABLE, actor_id=ADMIN, now=NOW
    )
    events_before = await store.reports.events(report.id)
    stale = await change_report_status(
        store, translator, catalogue, report.id, Action.ACKNOWLEDGE, actor_id=ADMIN, now=NOW
    )
    assert stale.change is None and stale.notices == ()
    assert await store.reports.events(report.id) == events_before
    stored = await store.reports.get(report.id)
    assert stored is not None and stored.status is Status.NOT_ACTIONABLE
    missing = await change_report_status(
        store, translator, catalogue, 999, Action.ACKNOWLEDGE, actor_id=ADMIN, now=NOW
    )
    assert missing.change is None and missing.notices == ()


async def test_not_solved_reopens_and_tells_the_supporters_but_not_the_reporter(
    store: Storage, translator: Translator, catalogue: ReportCatalogue
) -> None:
    report = await _filed_and_supported(store)
    await change_report_status(
        store, translator, catalogue, report.id, Action.RESOLVE, actor_id=ADMIN, now=NOW
    )
    outcome = await answer_followup(store, translator, catalogue, report.id, REPORTER, solved=False, now=NOW)
    assert outcome.reopened and outcome.change is not None
    assert outcome.change.report.status is Status.CONFIRMED
    assert [notice.user_id for notice in outcome.notices] == list(SUPPORTERS)
    reopened = translator("zh", "reports-notify-reopened", number=report.number, department="—", note="—")
    assert outcome.notices[0].compose("zh") == reopened
    again = await answer_followup(store, translator, catalogue, report.id, REPORTER, solved=False, now=NOW)
    assert again.change is None and again.notices == ()


async def test_solved_is_recorded_and_tells_nobody(
    store: Storage, translator: Translator, catalogue: ReportCatalogue
) -> None:
    report = await _filed_and_supported(store)
    await change_report_status(
        store, translator, catalogue, report.id, Action.RESOLVE, actor_id=ADMIN, now=NOW
    )
    not_theirs = await answer_followup(store, translator, catalogue, report.id, 202, solved=True, now=NOW)
    assert not_theirs.change is None
    outcome = await answer_followup(store, translator, catalogue, report.id, REPORTER, solved=True, now=NOW)
    assert outcome.change is not None and outcome.change.report.followup_answer == "yes"
    assert not outcome.reopened and outcome.notices == ()
