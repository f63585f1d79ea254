"""/appoint and /revoke: admins make a courier a 民情观察员 (or end the role). The person is told what
the role means, in their language, and their command menu changes at once (chat scope)."""

from __future__ import annotations

from typing import Any

from telegram import Message, MessageOriginHiddenUser, MessageOriginUser, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.handlers.guards import confidential, require_role
from bot.handlers.menus import publish_user_menu
from bot.message_keys import APPOINT_KEYS, REVOKE_KEYS
from bot.roles import parse_target
from bot.services.roles import appoint_observer, revoke_observer
from bot.users import Role, UserProfile, effective_roles


async def _target(message: Message, context: BotContext) -> UserProfile | str:
    """The user an admin means, or why we cannot tell: "usage", "unknown" (never talked to the bot, so
    it could not message them anyway), "ambiguous" (two people were last seen with that @username at
    the same moment) or "hidden-forward" (their privacy settings hide their account)."""
    users = context.store.users
    reply = message.reply_to_message
    if not context.args and reply is not None:
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
    target = parse_target(context.args or [])
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


@require_role(Role.ADMIN)
@confidential
async def appoint(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    target = await _target(message, context)
    if isinstance(target, str):
        await message.reply_text(context.text(APPOINT_KEYS[target]))
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
    target = await _target(message, context)
    if isinstance(target, str):
        await message.reply_text(context.text(REVOKE_KEYS[target]))
        return
    outcome = await revoke_observer(
        context.store, context.bot_data.translator, target, command_id=_command_id(message)
    )
    if not outcome.changed:
        await message.reply_text(context.text("reports-revoke-not-observer", name=_display(target)))
        return
    await _publish_menu(context, outcome.person)
    await context.bot_data.notifier.send(outcome.notices)
    await message.reply_text(context.text("reports-revoke-done", name=_display(target)))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("appoint", appoint),
        CommandHandler("revoke", revoke),
    ]
