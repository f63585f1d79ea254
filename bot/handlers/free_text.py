"""Text sent outside any form: the router (bot/intent.py) decides which feature answers it.

/volunteer and /report are conversations, so they start from their own entry points (bot/handlers/intents.py);
every other feature answers here, and text that asks for nothing is a place name or gets the short menu.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.channels.telegram.context import BotContext
from bot.handlers import common, heat, nearest, points, policy
from bot.intent import Intent, understand


async def text_sent(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None and context.profile is not None
    understanding = understand(message.text)
    question_awaited = policy.question_awaited(context)  # asked for by the text just before, or not at all
    match understanding.intent:
        case Intent.NEAREST:
            station_filter = nearest.filter_for(understanding.service)
            await nearest.search_from_text(message, context, understanding.place, station_filter)
        case Intent.POINTS:
            await points.show_points(update, context)
        case Intent.REWARDS:
            await points.show_rewards(update, context)
        case Intent.POLICY:
            await policy.answer_question(message, context, message.text)
        case Intent.HEAT:
            await heat.heat_command(update, context)
        case Intent.HELP:
            await common.show_help(update, context)
        case Intent.CANCEL:  # a form in progress takes its own "取消" first: here there is none
            await message.reply_text(context.text("cancel-nothing"))
        case Intent.GREETING:
            await message.reply_text(
                context.text("intent-greeting", name=context.profile.first_name),
                reply_markup=nearest.location_keyboard(context),
            )
        case Intent.THANKS:
            await message.reply_text(context.text("intent-thanks"))
        case _ if question_awaited:
            await policy.answer_question(message, context, message.text)
        case _:
            if not await nearest.answer_place(message, context, message.text):
                await message.reply_text(
                    context.text("intent-menu"), reply_markup=nearest.location_keyboard(context)
                )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Registered after the conversations and commands, which take their own text first."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [MessageHandler(private & filters.TEXT & ~filters.COMMAND, text_sent)]
