"""Volunteer hours: hand them in (the /volunteer form, or a station check-out), approve, reject with a
reason, and check in and out at a station. Admins decide on every entry, station staff on the hours
served at their stations: the scope is checked here, whatever button was pressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.i18n import Translator
from bot.notify import Notice, catalogue_notice
from bot.points import Activity
from bot.presenters import Page, page_of
from bot.stations import StationCatalogue
from bot.storage import Storage
from bot.users import Actor
from bot.volunteer import (
    MAX_MINUTES,
    MIN_MINUTES,
    CheckinSession,
    Interval,
    NewEntry,
    RuleViolation,
    VolunteerEntry,
    check_entry,
    checkin_code_valid,
    checkout_minutes,
    format_hours,
    interval_for,
    parse_checkin_payload,
)

MAX_REASON = 200  # characters of a rejection's reason: the courier reads it in one message


# --- handing hours in -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filed:
    """Hours handed in for approval: the pending entry, or the rule they broke (then nothing is stored)."""

    entry: VolunteerEntry | None
    created: bool  # False: this form or session was handed in before, and `entry` is what it stored
    broken_rule: str | None = None  # a RuleViolation's reason


async def _file(store: Storage, new: NewEntry, now: datetime, zone: tzinfo) -> Filed:
    try:
        entry, created = await store.volunteer.submit(new, now, zone)
    except RuleViolation as violation:
        return Filed(None, created=False, broken_rule=violation.reason)
    return Filed(entry, created)


async def rule_broken_by(
    store: Storage, *, user_id: int, interval: Interval, now: datetime, zone: tzinfo
) -> str | None:
    """The rule these hours would break next to the courier's other entries, or None: an early answer
    while the form is filled in (handing the hours in checks again, in the transaction that stores them)."""
    others = await store.volunteer.intervals_near(user_id, interval.day)
    try:
        check_entry(interval, others, now, zone)
    except RuleViolation as violation:
        return violation.reason
    return None


async def submit_hours(
    store: Storage,
    *,
    user_id: int,
    form_id: str,
    activity: Activity,
    description: str | None,
    interval: Interval,
    station_id: str | None,
    place: str | None,
    photo_file_id: str | None,
    now: datetime,
    zone: tzinfo,
) -> Filed:
    """The /volunteer form's Submit. `form_id` names the form, so a double tap stores one entry."""
    new = NewEntry(
        user_id=user_id,
        activity=activity.id,
        description=description,
        interval=interval,
        points_per_hour=activity.points_per_hour,
        station_id=station_id,
        place=place,
        photo_file_id=photo_file_id,
        source="form",
        submission_key=f"volunteer:{user_id}:{form_id}",
    )
    return await _file(store, new, now, zone)


# --- decisions ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decided:
    """An approval or a rejection. `entry` is None when there is no such entry; `changed` is False when
    it had been decided before, or when `refused` (the entry was served at a station the actor does not
    act for): then nothing changed and nobody is told."""

    entry: VolunteerEntry | None
    changed: bool
    notices: tuple[Notice, ...] = ()
    refused: bool = False


async def _out_of_scope(store: Storage, actor: Actor, entry_id: int) -> bool:
    """Whether the entry exists and was served at a station this actor does not act for."""
    entry = await store.volunteer.get(entry_id)
    return entry is not None and not actor.acts_for(entry.station_id)


def _courier_told(translator: Translator, entry: VolunteerEntry, key: str, **args: object) -> Decided:
    """A decision taken now, and the courier's notice of it."""
    notice = catalogue_notice(
        translator,
        entry.user_id,
        # One purpose for both decisions: a courier hears of one decision per entry, whichever came first.
        f"volunteer-decided:{entry.id}",
        key,
        number=entry.id,
        hours=format_hours(entry.minutes),
        **args,
    )
    return Decided(entry, changed=True, notices=(notice,))


async def approve(
    store: Storage, translator: Translator, *, entry_id: int, actor: Actor, now: datetime
) -> Decided:
    """Approve a pending entry and credit its points; the courier is told with their new balance."""
    if await _out_of_scope(store, actor, entry_id):
        return Decided(None, changed=False, refused=True)
    decision = await store.volunteer.approve(entry_id, actor.id, now)
    entry, credit = decision.entry, decision.credit
    if entry is None or not decision.changed:
        return Decided(entry, changed=False)
    # The balance the credit left; an activity worth no points credits nothing, so ask the ledger.
    balance = credit.balance_after if credit else await store.points.balance(entry.user_id)
    points = credit.amount if credit else 0
    return _courier_told(translator, entry, "points-courier-approved", points=points, balance=balance)


@dataclass(frozen=True, slots=True)
class ToDecide:
    """The entry Reject was pressed on; a reason is asked only while it is `pending` (and in scope)."""

    entry: VolunteerEntry | None
    pending: bool
    refused: bool = False  # served at a station the actor does not act for: `entry` is None


async def entry_to_decide(store: Storage, entry_id: int, actor: Actor) -> ToDecide:
    entry = await store.volunteer.get(entry_id)
    if entry is not None and not actor.acts_for(entry.station_id):
        return ToDecide(None, pending=False, refused=True)
    return ToDecide(entry, pending=entry is not None and entry.status == "pending")


async def reject(
    store: Storage, translator: Translator, *, entry_id: int, actor: Actor, reason: str, now: datetime
) -> Decided:
    """Reject a pending entry with the reason given (kept on the entry), and tell the courier why."""
    if await _out_of_scope(store, actor, entry_id):
        return Decided(None, changed=False, refused=True)
    reason = reason.strip()[:MAX_REASON]
    decision = await store.volunteer.reject(entry_id, actor.id, reason, now)
    entry = decision.entry
    if entry is None or not decision.changed:
        return Decided(entry, changed=False)
    return _courier_told(translator, entry, "points-courier-rejected", reason=reason)


@dataclass(frozen=True, slots=True)
class PendingPage:
    """One page of the entries waiting for this actor's decision (all of them for an admin)."""

    entries: list[VolunteerEntry]
    total: int
    page: Page


async def pending_for(store: Storage, actor: Actor, page: int, page_size: int) -> PendingPage:
    stations = None if actor.is_admin else actor.stations
    total = await store.volunteer.pending_count(stations)
    shown = page_of(page, total, page_size)
    entries = await store.volunteer.pending(shown.offset, shown.size, stations)
    return PendingPage(entries, total, shown)


# --- station check-in -----------------------------------------------------------------------------------


class CheckinResult(StrEnum):
    INVALID = "invalid"  # not today's code of a known station
    STARTED = "started"
    ALREADY = "already"  # checked in before: that session goes on


@dataclass(frozen=True, slots=True)
class CheckedIn:
    result: CheckinResult
    session: CheckinSession | None = None  # the session started, or the one already open


async def check_in(
    store: Storage,
    stations: StationCatalogue,
    *,
    user_id: int,
    payload: str,
    now: datetime,
    zone: tzinfo,
) -> CheckedIn:
    """A station's QR code (its deep link's payload) starts a session, if it is that station's code today."""
    parsed = parse_checkin_payload(payload)
    if parsed is None or parsed[0] not in stations.by_id:
        return CheckedIn(CheckinResult.INVALID)
    station_id, code = parsed
    secret = await store.volunteer.checkin_secret()
    if not checkin_code_valid(secret, station_id, code, now.astimezone(zone).date()):
        return CheckedIn(CheckinResult.INVALID)
    session, started = await store.volunteer.start_checkin(user_id, station_id, now)
    return CheckedIn(CheckinResult.STARTED if started else CheckinResult.ALREADY, session)


class CheckoutResult(StrEnum):
    NOT_CHECKED_IN = "not-checked-in"
    TOO_SHORT = "too-short"  # the session goes on: checking out later counts the time
    TOO_LONG = "too-long"  # forgotten: the session ends and nothing is filed
    ENDED = "ended"  # the session ended and its hours were handed in: `filed` says how that went


@dataclass(frozen=True, slots=True)
class CheckedOut:
    result: CheckoutResult
    session: CheckinSession | None = None
    elapsed_minutes: int = 0
    filed: Filed | None = None


async def check_out(
    store: Storage, checkin_activity: Activity, *, user_id: int, now: datetime, zone: tzinfo
) -> CheckedOut:
    """End the courier's session and hand its time in (in half-hour steps) with the station filled in."""
    session = await store.volunteer.checkin_session(user_id)
    if session is None:
        return CheckedOut(CheckoutResult.NOT_CHECKED_IN)
    minutes = checkout_minutes(session.started_at, now)
    if minutes < MIN_MINUTES:
        elapsed = int((now - session.started_at).total_seconds() // 60)
        return CheckedOut(CheckoutResult.TOO_SHORT, session, elapsed_minutes=elapsed)
    if minutes > MAX_MINUTES:
        await store.volunteer.end_checkin(user_id)
        return CheckedOut(CheckoutResult.TOO_LONG, session)
    start = session.started_at.astimezone(zone)
    new = NewEntry(
        user_id=user_id,
        activity=checkin_activity.id,
        description=None,
        interval=interval_for(start.date(), start.time(), minutes, zone),
        points_per_hour=checkin_activity.points_per_hour,
        station_id=session.station_id,
        place=None,
        photo_file_id=None,
        source="checkin",
        # One entry per session: a check-out repeated before the session ends files nothing twice.
        submission_key=f"checkin:{user_id}:{session.started_at.isoformat()}",
    )
    filed = await _file(store, new, now, zone)
    await store.volunteer.end_checkin(user_id)
    return CheckedOut(CheckoutResult.ENDED, session, filed=filed)
