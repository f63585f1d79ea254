"""Station check-in: the QR code's deep link (/start checkin_<station>_<code>) starts a session, /checkout
ends it and files the hours for approval with the station filled in. Also the `python -m bot qr` task
that draws a station's code of the day."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.channels.telegram.context import BotContext
from bot.handlers.volunteer import notify_admins, violation_text
from bot.volunteer import (
    MAX_MINUTES,
    MIN_MINUTES,
    NewEntry,
    RuleViolation,
    checkin_code_valid,
    checkout_minutes,
    format_hours,
    interval_for,
    parse_checkin_payload,
)

_LOGGER = logging.getLogger(__name__)


async def check_in(update: Update, context: BotContext) -> None:
    """/start checkin_<station>_<code>: today's code of a known station starts a session."""
    message = update.effective_message
    assert message is not None and context.profile is not None
    parsed = parse_checkin_payload(context.args[0]) if context.args else None
    now = context.now
    today = now.astimezone(context.settings.tzinfo).date()
    station = context.bot_data.catalogue.by_id.get(parsed[0]) if parsed else None
    secret = await context.store.volunteer.checkin_secret()
    if parsed is None or station is None or not checkin_code_valid(secret, station.id, parsed[1], today):
        await message.reply_text(context.text("points-checkin-invalid"))
        return
    session, started = await context.store.volunteer.start_checkin(context.profile.id, station.id, now)
    zone = context.settings.tzinfo
    if not started:
        current = context.bot_data.catalogue.by_id.get(session.station_id)
        await message.reply_text(
            context.text(
                "points-checkin-already",
                station=current.name.pick(context.language) if current else session.station_id,
                since=session.started_at.astimezone(zone).strftime("%H:%M"),
            )
        )
        return
    await message.reply_text(
        context.text(
            "points-checkin-started",
            station=station.name.pick(context.language),
            since=session.started_at.astimezone(zone).strftime("%H:%M"),
        )
    )


async def check_out(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    store = context.store.volunteer
    session = await store.checkin_session(context.profile.id)
    if session is None:
        await message.reply_text(context.text("points-checkout-none"))
        return
    now, zone = context.now, context.settings.tzinfo
    minutes = checkout_minutes(session.started_at, now)
    if minutes < MIN_MINUTES:
        elapsed = int((now - session.started_at).total_seconds() // 60)
        await message.reply_text(context.text("points-checkout-too-short", minutes=elapsed))
        return
    if minutes > MAX_MINUTES:
        await store.end_checkin(context.profile.id)
        await message.reply_text(context.text("points-checkout-too-long"))
        return
    activity = context.bot_data.catalogues.activities.checkin_activity
    start_local = session.started_at.astimezone(zone)
    new = NewEntry(
        user_id=context.profile.id,
        activity=activity.id,
        description=None,
        interval=interval_for(start_local.date(), start_local.time(), minutes, zone),
        points_per_hour=activity.points_per_hour,
        station_id=session.station_id,
        place=None,
        photo_file_id=None,
        source="checkin",
        submission_key=f"checkin:{context.profile.id}:{session.started_at.isoformat()}",
    )
    try:
        entry, created = await store.submit(new, now, zone)
    except RuleViolation as violation:
        await store.end_checkin(context.profile.id)
        await message.reply_text(
            f"{violation_text(context, violation)}\n{context.text('points-checkout-not-filed')}"
        )
        return
    await store.end_checkin(context.profile.id)
    station = context.bot_data.catalogue.by_id.get(session.station_id)
    await message.reply_text(
        context.text(
            "points-checkout-filed",
            number=entry.id,
            hours=format_hours(entry.minutes),
            station=station.name.pick(context.language) if station else session.station_id,
            points=entry.points,
        )
    )
    if created:
        await notify_admins(context, entry)


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Registered before /start's welcome: a check-in link is answered here, any other /start there."""
    return [
        CommandHandler("start", check_in, filters=filters.Regex(r"^/start(@\w+)?\s+checkin_")),
        CommandHandler("checkout", check_out),
    ]
