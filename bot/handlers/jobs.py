"""Scheduled work once across workers.

Every worker rebuilds the same jobs at start (jobs are not persisted), so N workers fire each run N times.
Wrapped in `once_across_workers` where it is registered, a job claims its run first, by its name and due
time (bot/storage/jobs.py): the worker whose claim lands runs it, the others skip it. One process on
SQLite claims too, which costs one insert per run.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext, Job

from bot.channels.telegram.context import BotResources
from bot.workers import this_worker

_LOGGER = logging.getLogger(__name__)

ContextT = TypeVar("ContextT", bound=CallbackContext[Any, Any, Any, BotResources])
# How late a repeating job's run is still known for its due time when it sets no misfire grace time
# (APScheduler then drops a run later than one second).
DEFAULT_LATENESS = timedelta(minutes=1)
ADOPT_INTERVAL = timedelta(minutes=1)
ADOPT_JOB = "adopt-scheduled-work"

BotApplication = Application[Any, Any, Any, Any, BotResources, Any]
Rebuild = Callable[[BotApplication], Awaitable[None]]


def due_time(job: Job[Any]) -> datetime:
    """The time this run was due: the same on every worker, whenever each one's scheduler fired it.
    A one-off job's trigger holds its date; a repeating one's is the first fire time not older than the
    lateness the job allows."""
    scheduled = job.job
    # A job added before its scheduler starts (handler tests run jobs by hand) has no grace time yet.
    grace = getattr(scheduled, "misfire_grace_time", None)
    lateness = timedelta(seconds=grace) if grace is not None else DEFAULT_LATENESS
    due: datetime = scheduled.trigger.get_next_fire_time(None, datetime.now(UTC) - lateness)
    return due


def once_across_workers(
    callback: Callable[[ContextT], Coroutine[Any, Any, None]],
) -> Callable[[ContextT], Coroutine[Any, Any, None]]:
    @functools.wraps(callback)
    async def claimed(context: ContextT) -> None:
        job = context.job
        assert job is not None and job.name is not None, "jobs run under stable names"
        due = due_time(job)
        if not await context.bot_data.store.jobs.claim(job.name, due, this_worker()):
            _LOGGER.info("job %s due %s: another worker runs it", job.name, due.isoformat())
            return
        _LOGGER.info("job %s due %s: runs here", job.name, due.isoformat())
        await callback(context)

    return claimed


def keep_adopting(application: BotApplication, rebuilds: Sequence[Rebuild]) -> None:
    """Work scheduled while the bot runs (a broadcast for later, a report's follow-up) is a job in the
    scheduler of the worker that took the update. If that worker dies, nobody would run it until some
    worker restarts. So with several workers each one rebuilds these jobs from the database every minute:
    their ids are stable, so a rebuild replaces a job with itself, and the run claim above keeps each run
    to one worker."""

    async def adopt(context: CallbackContext[Any, Any, Any, BotResources]) -> None:
        for rebuild in rebuilds:
            await rebuild(context.application)

    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    application.job_queue.run_repeating(
        adopt,
        interval=ADOPT_INTERVAL,
        first=ADOPT_INTERVAL,
        name=ADOPT_JOB,
        job_kwargs={"id": ADOPT_JOB, "replace_existing": True},
    )
