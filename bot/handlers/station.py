"""/station: station staff see their station (today's check-ins, the live status, the check-in QR code) and
set its live status in two taps. Admins may open any station with /station STATION_ID."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import confidential, parse_id, require_role
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.handlers.scanning import send_scan_codes
from bot.i18n import Html
from bot.message_keys import CLOSED_REASON_KEYS, CLOSURE_KEYS, STATION_CHANGE_KEYS
from bot.services import station as service
from bot.station_status import Change, ClosedReason, change_fields, closing_fields, closure_end, status_line
from bot.stations import Station
from bot.users import Role

GIFT_PACKS = "station_gift_packs"  # user_data: the station whose gift packs are being counted
MAX_GIFT_PACKS = 10_000
CLOSURE_HOURS = tuple(CLOSURE_KEYS)  # 1 and 3 hours, and 0: until the end of today


# --- buttons --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusTap(ButtonData, prefix="stn:set", role=Role.STAFF):
    station_id: str
    change: Change


@dataclass(frozen=True, slots=True)
class CloseAsk(ButtonData, prefix="stn:close", role=Role.STAFF):
    station_id: str


@dataclass(frozen=True, slots=True)
class CloseReason(ButtonData, prefix="stn:why", role=Role.STAFF):
    station_id: str
    reason: ClosedReason


@dataclass(frozen=True, slots=True)
class CloseUntil(ButtonData, prefix="stn:until", role=Role.STAFF):
    station_id: str
    reason: ClosedReason
    hours: int  # 0: until the end of today


@dataclass(frozen=True, slots=True)
class GiftPacksAsk(ButtonData, prefix="stn:gift", role=Role.STAFF):
    station_id: str


@dataclass(frozen=True, slots=True)
class GiftPackHandOut(ButtonData, prefix="stn:give", role=Role.STAFF):
    """One gift pack given to someone: the count left goes down by one."""

    station_id: str


@dataclass(frozen=True, slots=True)
class PanelBack(ButtonData, prefix="stn:back", role=Role.STAFF):
    station_id: str


class GiftStep(IntEnum):
    COUNT = 1


# --- rendering ------------------------------------------------------------------------------------------


def _live(context: BotContext, day: service.StationDay) -> Html:
    return status_line(
        context.bot_data.translator,
        context.language,
        day.status,
        day.station.name.pick(context.language),
        context.now,
        context.settings.station_status_validity,
    )


def panel_text(context: BotContext, day: service.StationDay) -> Html:
    separator = "、" if context.language == "zh" else ", "
    names = separator.join(person.first_name for person in day.checked_in) or "-"
    return Html(
        "\n".join(
            [
                context.text("station-panel-header", station=day.station.name.pick(context.language)),
                _live(context, day),
                context.text("station-panel-checkins", count=len(day.checked_in), names=names),
                context.text("station-panel-hint"),
            ]
        )
    )


def _button(context: BotContext, key: str, data: ButtonData) -> InlineKeyboardButton:
    return InlineKeyboardButton(context.text(key), callback_data=data.pack())


def _gift_packs_left(context: BotContext, day: service.StationDay) -> int:
    """The count shown as fact on the panel; 0 when it is unknown (never set, or stale)."""
    status = day.status
    if status is None or not status.is_fresh(context.now, context.settings.station_status_validity):
        return 0
    return status.gift_packs or 0


def panel_keyboard(context: BotContext, day: service.StationDay) -> InlineKeyboardMarkup:
    station_id = day.station.id

    def tap(change: Change) -> InlineKeyboardButton:
        return _button(context, STATION_CHANGE_KEYS[change.value], StatusTap(station_id, change))

    gift_packs = [_button(context, "station-button-gift-packs", GiftPacksAsk(station_id))]
    if _gift_packs_left(context, day) > 0:  # handing one out needs a count to lower
        gift_packs.insert(0, _button(context, "station-button-hand-out", GiftPackHandOut(station_id)))
    return InlineKeyboardMarkup(
        [
            [tap(Change.OPEN), _button(context, "station-button-close", CloseAsk(station_id))],
            [tap(Change.WATER_YES), tap(Change.WATER_NO)],
            [tap(Change.CHARGING_NONE), tap(Change.CHARGING_FEW), tap(Change.CHARGING_MANY)],
            [tap(Change.CROWDED_YES), tap(Change.CROWDED_NO)],
            gift_packs,
        ]
    )


def _back_row(context: BotContext, station_id: str) -> list[InlineKeyboardButton]:
    return [_button(context, "station-button-back", PanelBack(station_id))]


def _today_start(context: BotContext) -> datetime:
    return datetime.combine(context.now.date(), time(0), tzinfo=context.now.tzinfo)


async def _station_day(context: BotContext, station: Station) -> service.StationDay:
    return await service.station_day(context.store, station, _today_start(context))


async def _show_panel(update: Update, context: BotContext, station_id: str) -> None:
    query = update.callback_query
    assert query is not None
    station = context.bot_data.catalogue.by_id[station_id]
    day = await _station_day(context, station)
    await edit_pressed_message(query, panel_text(context, day), panel_keyboard(context, day))


async def _refused(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(context.text("station-not-yours"), show_alert=True)


def _mine(context: BotContext, station_id: str) -> bool:
    return station_id in context.bot_data.catalogue.by_id and context.actor.acts_for(station_id)


# --- /station -------------------------------------------------------------------------------------------


@require_role(Role.STAFF)
@confidential
async def station_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    asked = context.args[0] if context.args else None
    stations = service.stations_of(context.bot_data.catalogue, context.actor, asked)
    if stations is None:
        await message.reply_text(context.text("station-not-yours"))
        return
    if not stations:
        await message.reply_text(context.text("station-usage-admin"))
        return
    for station in stations:
        day = await _station_day(context, station)
        await message.reply_text(panel_text(context, day), reply_markup=panel_keyboard(context, day))
        payload = await service.station_checkin_payload(context.store, station.id, context.now.date())
        title = context.text("station-qr-caption", station=station.name.pick(context.language))
        # The code changes at midnight: a WeChat code expires then too.
        await send_scan_codes(
            context, message.chat_id, payload, _today_start(context) + timedelta(days=1), title
        )


# --- the status keyboard --------------------------------------------------------------------------------


async def _set(update: Update, context: BotContext, station_id: str, **fields: object) -> None:
    query = update.callback_query
    assert query is not None
    outcome = await service.set_status(
        context.store,
        context.bot_data.catalogue,
        actor=context.actor,
        station_id=station_id,
        now=context.now,
        validity=context.settings.station_status_validity,
        **fields,
    )
    if outcome.refused:
        await _refused(update, context)
        return
    await query.answer(context.text("station-status-saved"))
    await _show_panel(update, context, station_id)


@on_press(StatusTap)
@confidential
async def status_tapped(update: Update, context: BotContext, button: StatusTap) -> None:
    await _set(update, context, button.station_id, **change_fields(button.change))


@on_press(CloseAsk)
@confidential
async def close_asked(update: Update, context: BotContext, button: CloseAsk) -> None:
    query = update.callback_query
    assert query is not None
    if not _mine(context, button.station_id):
        await _refused(update, context)
        return
    await query.answer()
    reasons = [
        _button(context, CLOSED_REASON_KEYS[reason.value], CloseReason(button.station_id, reason))
        for reason in ClosedReason
    ]
    markup = InlineKeyboardMarkup([reasons[:2], reasons[2:], _back_row(context, button.station_id)])
    await edit_pressed_message(query, context.text("station-ask-reason"), markup)


@on_press(CloseReason)
@confidential
async def reason_chosen(update: Update, context: BotContext, button: CloseReason) -> None:
    query = update.callback_query
    assert query is not None
    if not _mine(context, button.station_id):
        await _refused(update, context)
        return
    await query.answer()
    now = context.now
    choices = [
        InlineKeyboardButton(
            context.text(
                CLOSURE_KEYS[hours],
                time=closure_end(now, hours or None).strftime("%H:%M"),
            ),
            callback_data=CloseUntil(button.station_id, button.reason, hours).pack(),
        )
        for hours in CLOSURE_HOURS
    ]
    markup = InlineKeyboardMarkup([choices, _back_row(context, button.station_id)])
    await edit_pressed_message(query, context.text("station-ask-until"), markup)


@on_press(CloseUntil)
@confidential
async def until_chosen(update: Update, context: BotContext, button: CloseUntil) -> None:
    if button.hours not in CLOSURE_HOURS:
        await answer_stale(update, context)
        return
    until = closure_end(context.now, button.hours or None)
    await _set(update, context, button.station_id, **closing_fields(button.reason, until))


@on_press(PanelBack)
@confidential
async def back_pressed(update: Update, context: BotContext, button: PanelBack) -> None:
    assert update.callback_query is not None
    if not _mine(context, button.station_id):
        await _refused(update, context)
        return
    await update.callback_query.answer()
    await _show_panel(update, context, button.station_id)


# --- gift packs: one handed out --------------------------------------------------------------------------


@on_press(GiftPackHandOut)
@confidential
async def gift_pack_handed_out(update: Update, context: BotContext, button: GiftPackHandOut) -> None:
    query = update.callback_query
    assert query is not None
    outcome = await service.hand_out_gift_pack(
        context.store,
        context.bot_data.catalogue,
        actor=context.actor,
        station_id=button.station_id,
        now=context.now,
        validity=context.settings.station_status_validity,
    )
    if outcome.refused:
        await _refused(update, context)
        return
    key = "station-gift-packs-none-left" if outcome.none_left else "station-gift-pack-handed-out"
    await query.answer(context.text(key))
    await _show_panel(update, context, button.station_id)  # the new count; at 0 the button goes


# --- gift packs: a number typed --------------------------------------------------------------------------


@on_press(GiftPacksAsk)
@confidential
async def gift_packs_asked(update: Update, context: BotContext, button: GiftPacksAsk) -> int | None:
    query = update.callback_query
    assert query is not None and context.user_data is not None and query.message is not None
    if not _mine(context, button.station_id):
        await _refused(update, context)
        return ConversationHandler.END
    await query.answer()
    context.user_data[GIFT_PACKS] = button.station_id
    await context.bot.send_message(query.message.chat.id, context.text("station-ask-gift-packs"))
    return GiftStep.COUNT


@require_role(Role.STAFF)
@confidential
async def gift_packs_typed(update: Update, context: BotContext) -> int | None:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    count = parse_id(message.text.strip())
    if count is None or count > MAX_GIFT_PACKS:
        await message.reply_text(context.text("station-gift-packs-number", limit=MAX_GIFT_PACKS))
        return None
    station_id = str(context.user_data.pop(GIFT_PACKS, ""))
    outcome = await service.set_status(
        context.store,
        context.bot_data.catalogue,
        actor=context.actor,
        station_id=station_id,
        now=context.now,
        validity=context.settings.station_status_validity,
        gift_packs=count,
    )
    if outcome.refused:
        await message.reply_text(context.text("station-not-yours"))
        return ConversationHandler.END
    station = context.bot_data.catalogue.by_id[station_id]
    day = await _station_day(context, station)
    await message.reply_text(panel_text(context, day), reply_markup=panel_keyboard(context, day))
    return ConversationHandler.END


async def gift_packs_cancelled(update: Update, context: BotContext) -> int:
    assert context.user_data is not None and update.effective_message is not None
    context.user_data.pop(GIFT_PACKS, None)
    await update.effective_message.reply_text(context.text("cancel-done"))
    return ConversationHandler.END


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    gift_packs: ConversationHandler[BotContext] = person_conversation(
        entry_points=[press_handler(GiftPacksAsk, gift_packs_asked)],
        states={GiftStep.COUNT: [MessageHandler(filters.TEXT & ~filters.COMMAND, gift_packs_typed)]},
        fallbacks=[CommandHandler("cancel", gift_packs_cancelled)],
        name="station_gift_packs",
        persistent=True,
        allow_reentry=True,
    )
    return [
        gift_packs,
        CommandHandler("station", station_command),
        press_handler(StatusTap, status_tapped),
        press_handler(CloseAsk, close_asked),
        press_handler(CloseReason, reason_chosen),
        press_handler(CloseUntil, until_chosen),
        press_handler(PanelBack, back_pressed),
        press_handler(GiftPackHandOut, gift_pack_handed_out),
        family_handler("stn"),
    ]
