"""Two workers on one PostgreSQL store, each update going to the next worker as a load balancer sends it:
a form started on one continues on the other, and an ending on one is seen by the other."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from itertools import cycle
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from telegram import Update

from bot.broadcast import BatchStatus
from bot.channels.telegram.app import build_application
from bot.channels.telegram.delivery import scheduled_job_id
from bot.config import Settings
from bot.handlers.jobs import ADOPT_JOB
from tests.conftest import REPO_ROOT
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat
from tests.handlers.test_broadcast import ADMIN, compose, register_couriers
from tests.handlers.test_volunteer import button
from tests.support import updates
from tests.support.recording import Call, RecordingRequest

pytestmark = pytest.mark.usefixtures("quick_fingers")

COURIER = updates.user(111, "刘凤叶", "zh-hans")


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 6, 10, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


class Worker(Chat):
    """One worker: its updates go through its update processor, as a running application's do."""

    async def process(self, data: dict[str, Any]) -> list[Call]:
        before = len(self.request.calls)
        update = Update.de_json(data, self.application.bot)
        await self.application.update_processor.process_update(
            update, self.application.process_update(update)
        )
        return self.request.calls[before:]


class LoadBalancer:
    """Round-robin over the workers, like the emulator's webhook_backends."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers
        self._next = cycle(workers)

    async def send(self, sender: dict[str, Any], text: str) -> list[Call]:
        return await next(self._next).send(sender, text)

    async def press(self, sender: dict[str, Any], data: str) -> list[Call]:
        return await next(self._next).press(sender, data)


@asynccontextmanager
async def two_workers(database: str) -> AsyncIterator[LoadBalancer]:
    """Two applications on one database; one recording request, so a message one worker sent is the
    message a press on the other refers to."""
    settings = Settings(
        token="123456:TEST",  # type: ignore[arg-type]
        database=database,
        stations_file=REPO_ROOT / "data" / "stations.yaml",
        admin_ids=frozenset({ADMIN_ID}),
        admin_chat_id=ADMIN_CHAT_ID,
        heat_provider="none",
    )
    request = RecordingRequest()
    async with AsyncExitStack() as stack:
        workers = []
        for _ in range(2):
            application = build_application(settings, request=request)
            assert application.post_init is not None and application.post_shutdown is not None
            await application.initialize()
            stack.push_async_callback(application.post_shutdown, application)
            stack.push_async_callback(application.shutdown)
            await application.post_init(application)
            workers.append(Worker(application, request))
        yield LoadBalancer(workers)


async def volunteer_form_to_its_summary(balancer: LoadBalancer) -> list[Call]:
    """The courier's /volunteer form, each step on the next worker, up to the summary before Confirm."""
    calls = await balancer.send(COURIER, "/volunteer")
    calls = await balancer.press(COURIER, button(calls, "驿站值守"))
    calls = await balancer.press(COURIER, button(calls, "今天"))
    calls = await balancer.press(COURIER, button(calls, "14:00"))
    calls = await balancer.press(COURIER, button(calls, "2 小时"))
    calls = await balancer.send(COURIER, "上城区新就业群体党群服务中心")
    calls = await balancer.press(COURIER, button(calls, "上城区新就业群体"))
    return await balancer.press(COURIER, button(calls, "跳过"))


async def test_a_form_started_on_one_worker_continues_on_the_other(empty_postgres: str) -> None:
    async with two_workers(empty_postgres) as balancer:
        summary = await volunteer_form_to_its_summary(balancer)
        assert "14:00–16:00" in last_text_of(summary)
        done = await balancer.press(COURIER, button(summary, "确认提交"))
        assert any("已提交" in call.plain_text for call in done if call.text)


async def test_a_form_cancelled_on_one_worker_is_over_on_the_other(empty_postgres: str) -> None:
    async with two_workers(empty_postgres) as balancer:
        calls = await balancer.send(COURIER, "/volunteer")
        kinds = await balancer.press(COURIER, button(calls, "驿站值守"))
        assert "已取消" in last_text_of(await balancer.send(COURIER, "/cancel"))
        # The first worker still has the form in memory: the stored ending must win.
        stale = await balancer.press(COURIER, button(kinds, "今天"))
        assert "几点开始" not in last_text_of(stale)


async def test_an_admins_reason_typed_on_the_other_worker_is_taken(empty_postgres: str) -> None:
    """A conversation keyed by the person alone (the rejection reason, typed wherever the admin is)
    continues across workers as a per-chat one does."""
    async with two_workers(empty_postgres) as balancer:
        summary = await volunteer_form_to_its_summary(balancer)
        await balancer.press(COURIER, button(summary, "确认提交"))
        card = await balancer.workers[0].deliver()  # the admin chat's card comes through the outbox
        prompt = await balancer.press(ADMIN, button(card, "驳回"))
        assert "请回复驳回" in last_text_of(prompt)
        rejected = await balancer.send(ADMIN, "不是志愿服务")
        assert any("不是志愿服务" in call.plain_text for call in rejected if call.text)


async def test_a_broadcast_scheduled_on_one_worker_is_adopted_by_the_other(empty_postgres: str) -> None:
    """If the worker that took the admin's confirmation dies, another one still sends at the time set."""
    async with two_workers(empty_postgres) as balancer:
        first, second = balancer.workers
        await register_couriers(first)
        await compose(first)
        await first.press(ADMIN, "bc:aud:everyone")
        await first.press(ADMIN, "bc:later")
        await first.send(ADMIN, "2025-06-11 09:30")
        assert "已定时" in last_text_of(await first.press(ADMIN, "bc:go"))
        [batch] = await first.application.bot_data.store.outbox.with_status(BatchStatus.SCHEDULED)
        queue = second.application.job_queue
        assert queue is not None and not queue.get_jobs_by_name(scheduled_job_id(batch.id))
        [adopt] = queue.get_jobs_by_name(ADOPT_JOB)
        await adopt.run(second.application)
        [job] = queue.get_jobs_by_name(scheduled_job_id(batch.id))
        due = job.job.trigger.run_date.astimezone(first.application.bot_data.settings.tzinfo)
        assert due.isoformat().startswith("2025-06-11T09:30")


def last_text_of(calls: list[Call]) -> str:
    texts = [call.plain_text for call in calls if call.text]
    return texts[-1] if texts else ""
