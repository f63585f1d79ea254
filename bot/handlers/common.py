"""/start, /help, and the friendly answer to anything no other handler took."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.channels.telegram.context import BotContext
from bot.commands import ROLE_ORDER, commands_for
from bot.handlers.menus import publish_user_menu
from bot.handlers.nearest import location_keyboard
from bot.i18n import Html
from bot.message_keys import HELP_SECTION_KEYS

# Plain edit-distance ratio: "volunter" scores 94 against "volunteer", "frobnicate" at most 53 against any
# command (WRatio would match a lone "x" to "export" through its partial matching).
COMMAND_MATCH_CUTOFF = 75


async def start(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None and context.profile is not None
    payload = context.args[0] if context.args else None
    if payload:
        # Deep links (station check-ins) are read by the features that use them.
        await context.store.users.set_start_payload(context.profile.id, payload)
    welcome = context.text("welcome", name=context.profile.first_name)
    if context.bot_data.wechat is not None and not context.profile.name_chosen:
        # WeChat gives no name: until they choose one, staff see every WeChat person as "微信用户".
        welcome = Html(f"{welcome}\n\n{context.text('welcome-wechat-name')}")
    await update.effective_message.reply_text(welcome, reply_markup=location_keyboard(context))
    await publish_user_menu(context.bot, context.bot_data.translator, context.profile, context.roles)


def help_text(context: BotContext) -> Html:
    specs = commands_for(context.roles)
    lines: list[str] = [context.text("help-header")]
    for role in ROLE_ORDER:
        role_specs = [spec for spec in specs if spec.role is role]
        if not role_specs:
            continue
        lines.append("")
        lines.append(context.text(HELP_SECTION_KEYS[role]))
        lines.extend(
            context.text("help-line", command=spec.name, description=context.text(spec.description_key))
            for spec in role_specs
        )
    lines += ["", context.text("help-footer")]
    return Html("\n".join(lines))


async def show_help(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(help_text(context))


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    words = message.text.split()  # none when a forged command entity covers only white space
    command = words[0].split("@")[0] if words else "/"
    names = [spec.name for spec in commands_for(context.roles)]
    closest = process.extractOne(
        command.removeprefix("/").lower(), names, scorer=fuzz.ratio, score_cutoff=COMMAND_MATCH_CUTOFF
    )
    if closest is None:
        await message.reply_text(context.text("unknown-command", command=command[:64]))
        return
    await message.reply_text(
        context.text("unknown-command-closest", command=command[:64], closest=f"/{closest[0]}")
    )


async def unknown_media(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("unknown-media"))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        CommandHandler("start", start),
        CommandHandler("help", show_help),
    ]


def fallback_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Registered last in GROUP_FEATURES: they answer what every feature declined (plain text is
    taken before them by the typed-place search)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        MessageHandler(private & filters.COMMAND, unknown_command),
        MessageHandler(private & ~filters.StatusUpdate.ALL, unknown_media),
    ]
