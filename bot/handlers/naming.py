"""/name: what the bot and the station staff call a person. WeChat gives a service account no nickname,
so without it every WeChat person is "微信用户" on the check-in lists, the approval cards and the desk."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.message_keys import NAME_PROBLEM_KEYS
from bot.users import MAX_CHOSEN_NAME, name_problem, tidy_name


async def name_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None and context.profile is not None
    # The raw text after the command, not context.args: a line break inside the name is part of what
    # was typed, and name_problem refuses it.
    typed = message.text.split(maxsplit=1)[1:]
    if not typed:
        await message.reply_text(context.text("name-current", name=context.profile.first_name))
        return
    problem = name_problem(typed[0])
    if problem is not None:
        await message.reply_text(context.text(NAME_PROBLEM_KEYS[problem], max=MAX_CHOSEN_NAME))
        return
    name = tidy_name(typed[0])
    await context.store.users.choose_name(context.profile.id, name)
    await message.reply_text(context.text("name-set", name=name))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [CommandHandler("name", name_command)]
