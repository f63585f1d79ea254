"""Station check-in: the QR code's deep link (/start checkin_<station>_<code>) starts a session, /checkout
ends it and files the hours for approval with the station filled in. Also the `python -m bot qr` task
that draws a station's code of the day."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.channels.telegram.context import BotContext
from bot.handlers.volunteer import announce_entry, violation_text
from bot.services import volunteer as service
from bot.services.volunteer import CheckinResult, CheckoutResult
from bot.volunteer import format_hours


async def check_in(update: Update, context: BotContext) -> None:
    """/start checkin_<station>_<code>: today's code of a known station starts a session."""
    message = update.effective_message
    assert message is not None and context.profile is not None
    checked_in = await service.check_in(
        context.store,
        context.bot_data.catalogue,
        user_id=context.profile.id,
        payload=context.args[0] if context.args else "",
        now=context.now,
        zone=context.settings.tzinfo,
    )
    session = checked_in.session
    if checked_in.result == CheckinResult.INVALID or session is None:
        await message.reply_text(context.text("points-checkin-invalid"))
        return
    key = "points-checkin-started" if checked_in.result == CheckinResult.STARTED else "points-checkin-already"
    await message.reply_text(
        context.text(
            key,
            station=_station_name(context, session.station_id),
            since=session.started_at.astimezone(context.settings.tzinfo).strftime("%H:%M"),
        )
    )


def _station_name(context: BotContext, station_id: str) -> str:
    station = context.bot_data.catalogue.by_id.get(station_id)
    return station.name.pick(context.language) if station else station_id


async def check_out(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    checked_out = await service.check_out(
        context.store,
        context.bot_data.catalogues.activities.checkin_activity,
        user_id=context.profile.id,
        now=context.now,
        zone=context.settings.tzinfo,
    )
    filed, session = checked_out.filed, checked_out.session
    if checked_out.result == CheckoutResult.NOT_CHECKED_IN:
        await message.reply_text(context.text("points-checkout-none"))
    elif checked_out.result == CheckoutResult.TOO_SHORT:
        await message.reply_text(
            context.text("points-checkout-too-short", minutes=checked_out.elapsed_minutes)
        )
    elif checked_out.result == CheckoutResult.TOO_LONG:
        await message.reply_text(context.text("points-checkout-too-long"))
    else:
        assert filed is not None and session is not None
        if filed.entry is None:
            assert filed.broken_rule is not None
            await message.reply_text(
                f"{violation_text(context, filed.broken_rule)}\n{context.text('points-checkout-not-filed')}"
            )
            return
        await message.reply_text(
            context.text(
                "points-checkout-filed",
                number=filed.entry.id,
                hours=format_hours(filed.entry.minutes),
                station=_station_name(context, session.station_id),
                points=filed.entry.points,
            )
        )
        if filed.created:
            await announce_entry(context, filed.entry)


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Registered before /start's welcome: a check-in link is answered here, any other /start there."""
    return [
        CommandHandler("start", check_in, filters=filters.Regex(r"^/start(@\w+)?\s+checkin_")),
        CommandHandler("checkout", check_out),
    ]
