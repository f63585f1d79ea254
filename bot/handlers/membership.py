"""my_chat_member: Telegram tells the bot when a user blocks or unblocks it; broadcasts skip blocked users."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, ChatMemberHandler

from bot.channels.telegram.context import BotContext

_LOGGER = logging.getLogger(__name__)


async def membership_changed(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return  # groups: being added to or removed from the admin chat is not a block
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        blocked = True
    elif status == ChatMember.MEMBER:
        blocked = False
    else:
        return
    # The tracking handler has just registered the user (and cleared the flag, as for any update).
    await context.store.users.set_blocked(change.from_user.id, blocked)
    _LOGGER.info("a user %s the bot", "blocked" if blocked else "unblocked")


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)]
