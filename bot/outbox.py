"""The outbox sender: turns pending deliveries into messages at the set rate, channel-neutral.

Restart safety, in short (the README has the long form). Every recipient gets a delivery row, `pending`,
before anything is sent, and a row leaves `pending` only in the transaction that records its outcome.
The sender keeps at most `max_in_flight` sends open, and a send holds its slot until its outcome is
committed. So after a kill -9 every recipient not yet recorded is still `pending` and is sent on restart
(none skipped), and the only ones sent twice are those whose message left but whose outcome was not yet
committed: at most `max_in_flight` (SQLite WAL commits survive a process crash). Outcomes that finish
together are committed together (group commit), so recording does not limit the rate.

Several workers (PostgreSQL) drain one outbox together. A sender claims about a second's worth of a
batch's deliveries at a time, for a lease it renews while it lives; the others skip what is claimed. A
worker killed with kill -9 leaves its claims to expire, and then another sends what it had not recorded.
The rate is one for all: each sender reserves its send slots, half a second's worth at a time, from one
shared schedule in the database (docs/deploy.md explains the choice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.broadcast import (
    MAX_NETWORK_ATTEMPTS,
    MAX_RETRY_AFTER_ROUNDS,
    PAID_BROADCAST_RATE,
    Audience,
    AudienceKind,
    Batch,
    BatchStatus,
    Candidate,
    ChannelCounts,
    DeliveryCounts,
    DeliveryOutcome,
    DeliveryStatus,
    OutgoingMessage,
    Pacer,
    PendingDelivery,
    RateMeter,
    location_filter,
    message_for,
    network_backoff,
)
from bot.stations import StationCatalogue
from bot.storage.broadcast import OutboxRepository

_LOGGER = logging.getLogger(__name__)

PAGE_SIZE = 500  # deliveries read, and recipients created, per query: memory stays flat
# Sends open at once. At Telegram's ~0.1-0.3 s per call, 25/s needs 3-8 open; the cap also bounds the
# duplicates a crash can cause (see the module docstring).
MAX_IN_FLIGHT = 16
PROGRESS_INTERVAL_S = 3.0  # the admin's progress message is edited this often
CLAIM_LEASE_S = 30.0  # a killed worker's claimed deliveries wait this long for another worker
CLAIM_RENEW_S = 10.0  # a living worker renews its claims this often, well inside the lease
CLAIM_SPAN_S = 1.0  # deliveries claimed at once: about a second of sending at the set rate
SHARED_SLOTS_SPAN_S = 0.5  # send slots reserved at once from the shared rate
CONTROL_INTERVAL_S = 0.5  # pause/cancel are read from the database this often while sending
IDLE_POLL_S = 1.0  # an idle sender looks for work (and for a stop) this often
ADMIN_CHAT_RATE = 20 / 60  # messages a second to one chat notice's chat: Telegram allows a group ~20 a minute


class SendResultKind(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot or deleted their account
    FAILED = "failed"  # a permanent refusal (400 chat not found, ...)
    RETRY_AFTER = "retry_after"  # 429: wait `retry_after` seconds, then send again
    NETWORK = "network"  # timeout, dropped connection, 5xx: retry with backoff


@dataclass(frozen=True, slots=True)
class SendResult:
    kind: SendResultKind
    retry_after: float = 0.0
    error: str | None = None
    via: str | None = None  # the channel's kind of message, when it has several (WeChat: custom/template)
    message_id: int | None = None  # of a message sent, for a later edit or answer


class Transport(Protocol):
    async def send(self, message: OutgoingMessage) -> SendResult: ...


@dataclass(frozen=True, slots=True)
class Progress:
    counts: DeliveryCounts
    rate: float  # messages per second, measured
    set_rate: float
    elapsed_s: float
    channels: ChannelCounts  # the counts, on Telegram and on WeChat apart


class ProgressReporter(Protocol):
    async def progress(self, batch: Batch, progress: Progress) -> None: ...

    async def finished(self, batch: Batch, progress: Progress) -> None: ...


class AudienceSelector:
    """Pages of an audience's recipients: SQL narrows, bot.broadcast.location_filter decides distances."""

    def __init__(
        self,
        repo: OutboxRepository,
        catalogue: Callable[[], StationCatalogue],
        admin_ids: frozenset[int] = frozenset(),
    ) -> None:
        self._repo = repo
        self._catalogue = catalogue
        self._admin_ids = admin_ids  # admins by configuration, not in user_roles: they are no couriers

    def pages(self, audience: Audience, after_user_id: int = 0) -> _Pages:
        return _Pages(self, audience, after_user_id)

    async def count(self, audience: Audience) -> dict[str, int]:
        """Recipients per language, for the preview."""
        counts: dict[str, int] = {}
        async for page in self.pages(audience):
            for _user_id, language in page:
                counts[language] = counts.get(language, 0) + 1
        return counts

    def _filter(self, audience: Audience) -> Callable[[Candidate], bool]:
        if audience.needs_location:
            return location_filter(audience, self._catalogue())
        if audience.kind is AudienceKind.COURIERS:
            return lambda candidate: candidate.user_id not in self._admin_ids
        return lambda _candidate: True

    def _station(self, audience: Audience) -> tuple[float, float] | None:
        if audience.kind is not AudienceKind.NEAR_STATION:
            return None
        station = self._catalogue().by_id.get(audience.station_id or "")
        return None if station is None else (station.lat, station.lon)


class _Pages:
    """Async iterator of [(user id, language)] pages, read by user id so it can resume after a crash."""

    def __init__(self, selector: AudienceSelector, audience: Audience, after_user_id: int) -> None:
        self._selector = selector
        self._audience = audience
        self._after = after_user_id
        self._keep = selector._filter(audience)
        self._station = selector._station(audience)

    def __aiter__(self) -> _Pages:
        return self

    async def __anext__(self) -> list[tuple[int, str]]:
        while True:
            candidates = await self._selector._repo.audience_page(
                self._audience, self._station, self._after, PAGE_SIZE
            )
            if not candidates:
                raise StopAsyncIteration
            self._after = candidates[-1].user_id
            page = [(c.user_id, c.language) for c in candidates if self._keep(c)]
            if page:
                return page


class OutboxSender:
    """One per process. `run` loops until told to stop; handlers call `wake` after queueing work."""

    def __init__(
        self,
        repo: OutboxRepository,
        selector: AudienceSelector,
        transport: Transport,
        reporter: ProgressReporter,
        rate: float,
        *,
        chat_rate: float = ADMIN_CHAT_RATE,
        max_in_flight: int = MAX_IN_FLIGHT,
        clock: Callable[[], float] = time.monotonic,
        backoff: Callable[[int], float] = network_backoff,
        worker: str = "the only sender",
        shared_rate: bool = False,
    ) -> None:
        """`worker` signs this sender's claims; `shared_rate`: other workers send too (PostgreSQL), so the
        rate is taken from the database's shared schedule, and claims left by others are theirs until
        they expire. Without it this is the only sender, and every claim it finds at start is its own
        from before a crash."""
        self._repo = repo
        self._selector = selector
        self._transport = transport
        self._reporter = reporter
        self.rate = rate
        self._pacer = Pacer(rate)
        self._chat_rate = chat_rate
        self._chat_pacers: dict[int, Pacer] = {}  # a group's own limit, on top of the bot's
        self._clock = clock
        self._backoff = backoff
        self._slots = asyncio.Semaphore(max_in_flight)
        self._slots_total = max_in_flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._unrecorded: list[DeliveryOutcome] = []
        self._record_lock = asyncio.Lock()
        self._worker = worker
        self._shared_rate = shared_rate
        self._shared_slots_left = 0
        self._shared_slots_lock = asyncio.Lock()
        self._meters: dict[int, RateMeter] = {}
        self._started: dict[int, float] = {}
        self._last_progress: dict[int, float] = {}
        self._progress_task: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Event | None = None

    def wake(self) -> None:
        """New work or a changed batch: stop idling now."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def run(self, keep_running: Callable[[], bool]) -> None:
        """The sender's life: prepare and send batches until `keep_running()` turns false, then finish the
        sends in flight (their outcomes are committed) and return."""
        self._wakeup = asyncio.Event()
        if not self._shared_rate:
            await self._repo.release_claims(None)
        renewing = asyncio.create_task(self._renew_claims())
        try:
            while keep_running():
                try:
                    worked = await self.step(keep_running)
                except Exception:  # a bug or a database hiccup must not end broadcasts for good
                    _LOGGER.exception("outbox sender step failed; retrying")
                    worked = False
                if not worked:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wakeup.wait(), IDLE_POLL_S)
                    self._wakeup.clear()
        finally:
            renewing.cancel()
            await self._drain()
            await self._repo.release_claims(self._worker)
            self._wakeup = None

    async def _renew_claims(self) -> None:
        while True:
            await asyncio.sleep(CLAIM_RENEW_S)
            try:
                await self._repo.renew_claims(self._worker, CLAIM_LEASE_S)
            except Exception:  # the next renewal may work; a lease outlives two missed ones
                _LOGGER.warning("could not renew the outbox claims", exc_info=True)

    async def run_until_idle(self) -> None:
        """Prepare and send everything there is, then return (tests and admin tasks)."""
        while await self.step(lambda: True):
            pass
        await self._drain()

    async def step(self, keep_running: Callable[[], bool]) -> bool:
        """One unit of work: prepare one batch, or claim and send a page of the most urgent active batch
        that has deliveries left to claim, or finish a batch with none pending. False when there is
        nothing to do (what is left may be claimed by other workers)."""
        preparing = await self._repo.next_to_prepare()
        if preparing is not None:
            await self._prepare(preparing)
            return True
        for batch in await self._repo.with_status(BatchStatus.ACTIVE):
            rate = PAID_BROADCAST_RATE if batch.paid else self.rate
            size = min(PAGE_SIZE, max(self._slots_total, round(rate * CLAIM_SPAN_S)))
            page = await self._repo.claim_page(batch.id, self._worker, CLAIM_LEASE_S, size)
            if page:
                await self._send_page(batch, page, keep_running)
                return True
            await self._drain()
            if not (await self._repo.counts(batch.id)).pending:
                await self._finish(batch)
                return True
        return False

    # --- preparing ------------------------------------------------------------------------------------------

    async def _prepare(self, batch: Batch) -> None:
        """Create the deliveries page by page; after a crash it resumes after the last recipient queued."""
        assert batch.audience is not None, "personal batches are filled and sealed by their feature"
        after = await self._repo.prepared_until(batch.id)
        async for page in self._selector.pages(batch.audience, after):
            await self._repo.add_recipients(batch.id, page)
        await self._repo.seal(batch.id)
        _LOGGER.info("outbox batch %s prepared", batch.id)

    # --- sending --------------------------------------------------------------------------------------------

    async def _send_page(
        self, batch: Batch, page: list[PendingDelivery], keep_running: Callable[[], bool]
    ) -> None:
        """Send a claimed page; what is left of it when the sender stops is given back at the stop."""
        self._started.setdefault(batch.id, self._clock())
        self._pacer.set_rate(PAID_BROADCAST_RATE if batch.paid else self.rate)
        last_control = self._clock()
        for delivery in page:
            if not keep_running():
                return
            now = self._clock()
            if now - last_control >= CONTROL_INTERVAL_S:
                last_control = now
                current = await self._repo.get(batch.id)
                if current is None or current.status is not BatchStatus.ACTIVE:
                    await self._stopped(batch.id)
                    return
            self._maybe_report(batch)
            if delivery.recipient_blocked:
                await self._record(
                    DeliveryOutcome(delivery.id, delivery.user_id, DeliveryStatus.BLOCKED, delivery.attempts)
                )
                continue
            if delivery.chat is not None and delivery.chat.edits and delivery.chat.edit_message_id is None:
                await self._record(
                    DeliveryOutcome(
                        delivery.id,
                        None,
                        DeliveryStatus.FAILED,
                        delivery.attempts,
                        "its message was never sent",
                    )
                )
                continue
            await self._slots.acquire()
            try:
                await self._wait_for_turn()
            except BaseException:
                self._slots.release()
                raise
            task = asyncio.create_task(self._deliver(message_for(batch, delivery), delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _wait_for_turn(self) -> None:
        """Sleep until the pacer's next start; a RetryAfter hold that arrives meanwhile is honoured too.
        With a shared rate, the pacer spends slots reserved from the shared schedule: a block's reserved
        start holds the pacer until then, and it paces the block's sends at the rate from there."""
        if self._shared_rate:
            await self._take_shared_slot()
        while True:
            delay = self._pacer.reserve(self._clock())
            if delay > 0:
                await asyncio.sleep(delay)
            if self._clock() >= self._pacer.held_until:
                return

    async def _wait_for_chat(self, chat_id: int) -> None:
        """A group takes fewer messages than the bot may send: its notices wait for the group's pace."""
        pacer = self._chat_pacers.setdefault(chat_id, Pacer(self._chat_rate))
        delay = pacer.reserve(self._clock())
        if delay > 0:
            await asyncio.sleep(delay)

    async def _take_shared_slot(self) -> None:
        async with self._shared_slots_lock:
            if not self._shared_slots_left:
                rate = 1.0 / self._pacer.interval
                count = max(1, round(rate * SHARED_SLOTS_SPAN_S))
                wait = await self._repo.reserve_send_slots(count, rate)
                self._pacer.hold_until(self._clock() + wait)
                self._shared_slots_left = count
            self._shared_slots_left -= 1

    async def _deliver(self, message: OutgoingMessage, delivery: PendingDelivery) -> None:
        """Send one message, retrying what may succeed later, and commit the outcome before the slot frees."""
        attempts = delivery.attempts
        retry_after_rounds = 0
        try:
            while True:
                if delivery.chat is not None:
                    await self._wait_for_chat(delivery.chat.chat_id)
                try:
                    result = await self._transport.send(message)
                except Exception:  # the transport maps Telegram's errors; anything else is a bug
                    _LOGGER.exception("transport failed on delivery %s", delivery.id)
                    result = SendResult(SendResultKind.FAILED, error="internal error")
                attempts += 1
                if result.kind is SendResultKind.RETRY_AFTER and retry_after_rounds < MAX_RETRY_AFTER_ROUNDS:
                    retry_after_rounds += 1
                    _LOGGER.warning("429 from Telegram: holding every send for %.1f s", result.retry_after)
                    self._pacer.hold_until(self._clock() + result.retry_after)
                    if self._shared_rate:
                        await self._repo.hold_sends(result.retry_after)
                    await self._wait_for_turn()
                    continue
                if result.kind is SendResultKind.NETWORK and attempts < MAX_NETWORK_ATTEMPTS:
                    await asyncio.sleep(self._backoff(attempts))
                    await self._wait_for_turn()
                    continue
                status = {
                    SendResultKind.SENT: DeliveryStatus.SENT,
                    SendResultKind.BLOCKED: DeliveryStatus.BLOCKED,
                }.get(result.kind, DeliveryStatus.FAILED)
                error = result.error if status is DeliveryStatus.FAILED else None
                await self._record(
                    DeliveryOutcome(
                        delivery.id, delivery.user_id, status, attempts, error, result.via, result.message_id
                    )
                )
                return
        finally:
            self._slots.release()

    async def _record(self, outcome: DeliveryOutcome) -> None:
        """Group commit: whoever takes the lock writes every outcome waiting, in one transaction."""
        self._unrecorded.append(outcome)
        async with self._record_lock:
            if not self._unrecorded:
                return  # an earlier holder committed ours
            batch, self._unrecorded = self._unrecorded, []
            await self._repo.record(batch)

    async def _drain(self) -> None:
        """Wait for every send in flight (and its commit), and the progress edit."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._progress_task is not None:
            await asyncio.gather(self._progress_task, return_exceptions=True)

    # --- progress -------------------------------------------------------------------------------------------

    async def figures(self, batch_id: int) -> Progress:
        """A batch's counts and the rate measured while sending it, as the progress message shows them."""
        channels = await self._repo.counts_by_channel(batch_id)
        counts = channels.all
        now = self._clock()
        meter = self._meters.setdefault(batch_id, RateMeter())
        meter.observe(now, counts.done)
        elapsed = now - self._started.get(batch_id, now)
        return Progress(counts, meter.rate(), self.rate, elapsed, channels)

    def _maybe_report(self, batch: Batch) -> None:
        """Edit the progress message every PROGRESS_INTERVAL_S, in the background, one edit at a time."""
        now = self._clock()
        if now - self._last_progress.get(batch.id, -PROGRESS_INTERVAL_S) < PROGRESS_INTERVAL_S:
            return
        if self._progress_task is not None and not self._progress_task.done():
            return
        self._last_progress[batch.id] = now
        self._progress_task = asyncio.create_task(self._report(batch.id))

    async def _report(self, batch_id: int) -> None:
        try:
            if not await self._repo.take_progress_turn(batch_id, PROGRESS_INTERVAL_S - 1):
                return  # another worker shows it this time
            batch = await self._repo.get(batch_id)
            if batch is not None:
                await self._reporter.progress(batch, await self.figures(batch_id))
        except Exception:
            _LOGGER.warning("could not show the progress of batch %s", batch_id, exc_info=True)

    async def _stopped(self, batch_id: int) -> None:
        """Paused or cancelled by an admin: let the sends in flight finish, give back the rest of the
        claimed page (a resume sends it from any worker), then show where it stands."""
        await self._drain()
        await self._repo.release_claims(self._worker)
        batch = await self._repo.get(batch_id)
        if batch is None:
            return
        if batch.status is BatchStatus.CANCELLED:
            await self._reporter.finished(batch, await self.figures(batch_id))
            self._forget(batch_id)
        else:
            await self._reporter.progress(batch, await self.figures(batch_id))

    async def _finish(self, batch: Batch) -> None:
        if not await self._repo.change_status(batch.id, BatchStatus.DONE, only_from=(BatchStatus.ACTIVE,)):
            return
        finished = await self._repo.get(batch.id)
        assert finished is not None
        figures = await self.figures(batch.id)
        _LOGGER.info(
            "outbox batch %s done: %s sent, %s failed, %s blocked",
            batch.id,
            figures.counts.sent,
            figures.counts.failed,
            figures.counts.blocked,
        )
        try:
            await self._reporter.finished(finished, figures)
        except Exception:
            _LOGGER.warning("could not report the end of batch %s", batch.id, exc_info=True)
        self._forget(batch.id)

    def _forget(self, batch_id: int) -> None:
        for table in (self._meters, self._started, self._last_progress):
            table.pop(batch_id, None)
