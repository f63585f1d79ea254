"""民情观察员 reports as business actions: file, "+1", change the status, the reporter's follow-up answer.

Each action runs its rule in one transaction (bot/storage/reports.py) and says who hears of it: the
reporter and every "+1" hear of each change of status, in their own language, through the outbox. Messages
for the admin chat are the channel's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.i18n import Html, Translator
from bot.message_keys import REPORT_NOTICE_KEYS
from bot.notify import Notice
from bot.reports import (
    OPEN_STATUSES,
    Action,
    NewReport,
    Report,
    ReportCatalogue,
    Status,
    StatusChange,
    TransitionError,
    report_year,
)
from bot.storage import Storage


@dataclass(frozen=True, slots=True)
class Supported:
    """A "+1" that counted."""

    report: Report

    @property
    def count(self) -> int:
        """How many people raised the problem: the reporter and every "+1"."""
        return self.report.supporters + 1


@dataclass(frozen=True, slots=True)
class StatusOutcome:
    change: StatusChange | None  # None: the action does not apply to the report as it is now
    notices: tuple[Notice, ...] = ()

    @property
    def reopened(self) -> bool:
        return self.change is not None and _reopens(self.change)


def _reopens(change: StatusChange) -> bool:
    return change.from_status not in OPEN_STATUSES and change.to_status in OPEN_STATUSES


async def file_report(store: Storage, draft: NewReport, *, tz: tzinfo, now: datetime) -> Report:
    """Number and store a confirmed draft; numbers follow the local year."""
    return await store.reports.file(draft, year=report_year(now, tz), now=now)


async def support_report(store: Storage, report_id: int, user_id: int, *, now: datetime) -> Supported | None:
    """ "+1, me too" on someone else's open report; None when it no longer counts (the report closed, or
    this person joined it already), so a second press counts once."""
    report = await store.reports.add_supporter(report_id, user_id, now=now)
    return None if report is None else Supported(report)


async def change_report_status(
    store: Storage,
    translator: Translator,
    catalogue: ReportCatalogue,
    report_id: int,
    action: Action,
    *,
    actor_id: int,
    now: datetime,
    note: str | None = None,
    department: str | None = None,
) -> StatusOutcome:
    """An admin's triage action (acknowledge, forward to a department, resolve with a note, duplicate, not
    actionable). A stale or forged action changes nothing and tells nobody."""
    try:
        change = await store.reports.change_status(
            report_id, action, actor_id=actor_id, now=now, note=note, department=department
        )
    except TransitionError:
        return StatusOutcome(None)
    return StatusOutcome(change, await _participant_notices(store, translator, catalogue, change))


async def answer_followup(
    store: Storage,
    translator: Translator,
    catalogue: ReportCatalogue,
    report_id: int,
    reporter_id: int,
    *,
    solved: bool,
    now: datetime,
) -> StatusOutcome:
    """The reporter's answer to "解决了吗?": "solved" is recorded, "not solved" reopens the report and the
    "+1"s hear of it. Answered already, or not their report: nothing changes."""
    try:
        change = await store.reports.answer_followup(report_id, reporter_id, solved=solved, now=now)
    except TransitionError:
        return StatusOutcome(None)
    if not _reopens(change):
        return StatusOutcome(change)
    notices = await _participant_notices(store, translator, catalogue, change, skip=reporter_id)
    return StatusOutcome(change, notices)


async def _participant_notices(
    store: Storage,
    translator: Translator,
    catalogue: ReportCatalogue,
    change: StatusChange,
    *,
    skip: int | None = None,
) -> tuple[Notice, ...]:
    """One notice for the reporter and one for every "+1" (each once), about this change."""
    report = change.report
    recipients = [report.reporter_id, *await store.reports.supporter_ids(report.id)]
    purpose = f"report-change:{report.id}:{change.to_status.value}:{report.updated_at.isoformat()}"

    def notice(user_id: int) -> Notice:
        for_reporter = user_id == report.reporter_id
        return Notice(
            user_id,
            purpose,
            lambda language: _change_text(translator, catalogue, language, change, for_reporter=for_reporter),
        )

    return tuple(
        notice(user_id)
        for user_id in dict.fromkeys(user for user in recipients if user is not None and user != skip)
    )


def _change_text(
    translator: Translator,
    catalogue: ReportCatalogue,
    language: str,
    change: StatusChange,
    *,
    for_reporter: bool,
) -> Html:
    """What a reporter or a "+1" reads about a change, in their own language."""
    report = change.report
    department = catalogue.department(report.department) if report.department else None
    reopened = _reopens(change)
    key = "reports-notify-reopened" if reopened else REPORT_NOTICE_KEYS[change.to_status]
    text = translator(
        language,
        key,
        number=report.number,
        department=department.name(language) if department else "—",
        note=change.note or "—",
    )
    if change.to_status is Status.FIXED and for_reporter:
        text = Html(text + "\n" + translator(language, "reports-notify-followup-promise"))
    return text
