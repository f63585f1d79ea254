"""/appoint and /revoke: admins make a courier a 民情观察员 (or end the role). The person is told what
the role means, in their language, and their command menu changes at once (chat scope)."""

from __future__ import annotations

from typing import Any

from telegram import Message, MessageOriginHiddenUser, MessageOriginUser, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.handlers.guards import confidential, require_role
from bot.handlers.menus import publish_user_menu
from bot.roles import parse_target
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


async def _republish_menu(context: BotContext, user_id: int) -> UserProfile | None:
    profile = await context.store.users.get(user_id)
    if profile is not None:
        roles = effective_roles(profile.id, profile.stored_roles, context.settings.admin_ids)
        await publish_user_menu(context.bot, context.bot_data.translator, profile, roles)
    return profile


def _command_purpose(message: Message) -> str:
    """The admin's command message names the event: appointed, revoked and appointed again are three
    notices, while a redelivered update is the same one."""
    return f"role-change:{message.chat.id}:{message.message_id}"


@require_role(Role.ADMIN)
@confidential
async def appoint(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    target = await _target(message, context)
    if isinstance(target, str):
        await message.reply_text(context.text(f"reports-appoint-{target}"))
        return
    granted = await context.store.users.grant_role(target.id, Role.OBSERVER, context.profile.id)
    if not granted:
        await message.reply_text(context.text("reports-appoint-already", name=_display(target)))
        return
    await _republish_menu(context, target.id)
    reached = await context.tell(
        target.id, _command_purpose(message), "reports-observer-welcome", name=target.first_name
    )
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
        await message.reply_text(context.text(f"reports-revoke-{target}"))
        return
    if not await context.store.users.revoke_role(target.id, Role.OBSERVER):
        await message.reply_text(context.text("reports-revoke-not-observer", name=_display(target)))
        return
    await _republish_menu(context, target.id)
    await context.tell(
        target.id, _command_purpose(message), "reports-observer-farewell", name=target.first_name
    )
    await message.reply_text(context.text("reports-revoke-done", name=_display(target)))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("appoint", appoint),
        CommandHandler("revoke", revoke),
    ]
