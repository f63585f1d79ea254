"""/export reports [csv|xlsx|open311] [YYYY-MM-DD]: the admin gets the file in the chat.

Only in a private chat or the admin chat (the chat rule of every view with personal data): an export
names non-anonymous reporters, so it must never land in a group of couriers.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.channels.telegram.context import BotContext
from bot.exports import ExportFormat, file_name, render_reports
from bot.handlers.guards import confidential, require_role
from bot.users import Role

DEFAULT_FORMAT = ExportFormat.XLSX


def parse_export_arguments(args: list[str]) -> tuple[ExportFormat, date | None] | None:
    """Format and start date in any order after "reports"; None when something is not understood."""
    if not args or args[0].lower() != "reports":
        return None
    export_format, since = DEFAULT_FORMAT, None
    for token in args[1:]:
        if token.lower() in {item.value for item in ExportFormat}:
            export_format = ExportFormat(token.lower())
            continue
        try:
            since = date.fromisoformat(token)
        except ValueError:
            return None
    return export_format, since


@require_role(Role.ADMIN)
@confidential
async def export_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    parsed = parse_export_arguments(context.args or [])
    if parsed is None:
        await message.reply_text(context.text("reports-export-usage"))
        return
    export_format, since = parsed
    tz = context.settings.tzinfo
    # Since 0001-01-01 means all: its midnight in Hangzhou lies before year 1 in UTC.
    start = datetime.combine(since, time.min, tzinfo=tz) if since and since > date.min else None
    reports = await context.store.reports.created_since(start)
    data = render_reports(
        export_format,
        reports,
        context.bot_data.catalogues.reports,
        context.bot_data.translator,
        context.language,
        tz,
    )
    await message.reply_document(
        InputFile(data, filename=file_name(export_format, context.now, tz)),
        caption=context.text("reports-export-caption", count=len(reports)),
    )


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CommandHandler("export", export_command)]
