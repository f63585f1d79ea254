"""/appoint and /revoke: admins make a courier a 民情观察员 or the staff of a station (or end the role).
The person is told what the role means, in their language, and their command menu changes at once
(chat scope)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from telegram import Message, MessageOriginHiddenUser, MessageOriginUser, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.handlers.guards import confidential, require_role
from bot.handlers.menus import publish_user_menu
from bot.message_keys import APPOINT_KEYS, REVOKE_KEYS
from bot.roles import ROLE_WORDS, parse_appointment, parse_target
from bot.services.roles import (
    RoleChange,
    appoint_observer,
    appoint_staff,
    revoke_observer,
    revoke_staff,
)
from bot.stations import Station
from bot.users import Role, UserProfile, effective_roles


def _split(message: Message, args: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
    """The words naming the person, and the words naming the role: in a reply to their message the
    person is the message's sender, and every word names the role."""
    if message.reply_to_message is not None and (not args or args[0].lower() in ROLE_WORDS):
        return (), args
    return args[:1], args[1:]


async def _target(message: Message, context: BotContext, words: Sequence[str]) -> UserProfile | str:
    """The user an admin means, or why we cannot tell: "usage", "unknown" (never talked to the bot, so
    it could not message them anyway), "ambiguous" (two people were last seen with that @username at
    the same moment) or "hidden-forward" (their privacy settings hide their account)."""
    users = context.store.users
    reply = message.reply_to_message
    if not words and reply is not None:
        origin = reply.forward_origin
        if isinstance(origin, MessageOriginHiddenUser):
            return "hidden-forward"
        if isinstance(origin, MessageOriginUser):
            user_id = origin.sender_user.id
        elif origin is None and reply.from_user is not None and not reply.from_user.is_bot:
            user_id = reply.from_user.id
        else:
            return "usage"
        return await users.get(user_id) or "unknown"
    target = parse_target(words)
    if target is None:
        return "usage"
    if target.user_id is not None:
        profile = await users.get(target.user_id)
    else:
        assert target.username is not None
        holders = await users.holders_of_username(target.username)
        if len(holders) > 1:
            return "ambiguous"
        profile = holders[0] if holders else None
    return profile or "unknown"


def _display(profile: UserProfile) -> str:
    return f"{profile.first_name} (@{profile.username})" if profile.username else profile.first_name


async def _publish_menu(context: BotContext, person: UserProfile) -> None:
    roles = effective_roles(person.id, person.stored_roles, context.settings.admin_ids)
    await publish_user_menu(context.bot, context.bot_data.translator, person, roles)


def _command_id(message: Message) -> str:
    return f"{message.chat.id}:{message.message_id}"


async def _parse(
    message: Message, context: BotContext, why_not: Mapping[str, str]
) -> tuple[UserProfile, Station | None] | None:
    """The person, the role and (for staff) the station an /appoint or /revoke means; else it answers
    why not and gives None."""
    person_words, role_words = _split(message, context.args or [])
    appointment = parse_appointment(role_words)
    target = "usage" if appointment is None else await _target(message, context, person_words)
    if isinstance(target, str):
        await message.reply_text(context.text(why_not[target]))
        return None
    assert appointment is not None
    if appointment.role is not Role.STAFF:
        return target, None
    station = context.bot_data.catalogue.by_id.get(appointment.station_id or "")
    if station is None:
        await message.reply_text(context.text("station-unknown", station=appointment.station_id or ""))
        return None
    return target, station


async def _announce(
    message: Message, context: BotContext, outcome: RoleChange, key: str, **args: Any
) -> None:
    """A change takes effect in their menu at once, they are told, and so is the admin."""
    await _publish_menu(context, outcome.person)
    await context.bot_data.notifier.send(outcome.notices)
    await message.reply_text(context.text(key, **args))


async def _staff_changed(
    message: Message, context: BotContext, outcome: RoleChange, station: Station, unchanged: str, done: str
) -> None:
    names = {"name": _display(outcome.person), "station": station.name.pick(context.language)}
    if not outcome.changed:
        await message.reply_text(context.text(unchanged, **names))
        return
    await _announce(message, context, outcome, done, **names)


@require_role(Role.ADMIN)
@confidential
async def appoint(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    parsed = await _parse(message, context, APPOINT_KEYS)
    if parsed is None:
        return
    target, station = parsed
    if station is not None:
        outcome = await appoint_staff(
            context.store,
            context.bot_data.translator,
            target,
            station,
            admin_id=context.profile.id,
            command_id=_command_id(message),
        )
        await _staff_changed(
            message, context, outcome, station, "station-appoint-already", "station-appoint-done"
        )
        return
    outcome = await appoint_observer(
        context.store,
        context.bot_data.translator,
        target,
        admin_id=context.profile.id,
        command_id=_command_id(message),
    )
    if not outcome.changed:
        await message.reply_text(context.text("reports-appoint-already", name=_display(target)))
        return
    await _publish_menu(context, outcome.person)
    reached = await context.bot_data.notifier.send(outcome.notices)
    await message.reply_text(
        context.text(
            "reports-appoint-done" if reached else "reports-appoint-done-unreached", name=_display(target)
        )
    )


@require_role(Role.ADMIN)
@confidential
async def revoke(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    parsed = await _parse(message, context, REVOKE_KEYS)
    if parsed is None:
        return
    target, station = parsed
    if station is not None:
        outcome = await revoke_staff(
            context.store, context.bot_data.translator, target, station, command_id=_command_id(message)
        )
        await _staff_changed(
            message, context, outcome, station, "station-revoke-not-staff", "station-revoke-done"
        )
        return
    outcome = await revoke_observer(
        context.store, context.bot_data.translator, target, command_id=_command_id(message)
    )
    if not outcome.changed:
        await message.reply_text(context.text("reports-revoke-not-observer", name=_display(target)))
        return
    await _announce(message, context, outcome, "reports-revoke-done", name=_display(target))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("appoint", appoint),
        CommandHandler("revoke", revoke),
    ]
