"""/stats for admins: users, observers, volunteering and points, reports by status, and the outbox's figures
(broadcasts apart from heat reminders)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.broadcast import BatchStatus, BroadcastKind
from bot.channels.telegram.context import BotContext
from bot.handlers.audience import describe_audience
from bot.handlers.guards import require_role
from bot.handlers.triage import status_key
from bot.i18n import Html
from bot.message_keys import BROADCAST_STATUS_KEYS, STATS_KIND_KEYS
from bot.reports import OPEN_STATUSES, Status
from bot.users import Role

RECENT_BROADCASTS = 5


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".removesuffix(".0")


@require_role(Role.ADMIN)
async def show_stats(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    store = context.store
    users = await store.stats.users()
    volunteering = await store.stats.volunteering()
    reports = await store.stats.reports_by_status()
    lines: list[str] = [
        context.text("stats-title"),
        "",
        context.text(
            "stats-users",
            total=users.total,
            active_7d=users.active_7d,
            active_30d=users.active_30d,
            blocked=users.blocked,
        ),
        context.text("stats-observers", observers=users.observers),
        context.text(
            "stats-volunteering",
            logged=_hours(volunteering.minutes_logged),
            approved=_hours(volunteering.minutes_approved),
        ),
        context.text("stats-points", points=volunteering.points_outstanding),
        "",
    ]
    if reports:
        # The labels of the report cards, in the order a report moves through its states.
        still_open = sum(count for status, count in reports.items() if status in OPEN_STATUSES)
        lines.append(
            context.text("stats-reports-title", open=still_open, closed=sum(reports.values()) - still_open)
        )
        lines.extend(
            context.text("stats-report-line", status=context.text(status_key(status)), count=reports[status])
            for status in Status
            if status in reports
        )
    else:
        lines.append(context.text("stats-reports-none"))
    lines.append("")
    for kind, counts in sorted((await store.outbox.counts_by_kind()).items()):
        label = context.text(STATS_KIND_KEYS.get(kind, "stats-kind-other"))
        lines.append(
            context.text(
                "stats-deliveries",
                kind=label,
                sent=counts.sent,
                failed=counts.failed,
                blocked=counts.blocked,
                pending=counts.pending,
            )
        )
    scheduled = [
        batch
        for batch in await store.outbox.with_status(BatchStatus.SCHEDULED)
        if batch.kind == BroadcastKind.BROADCAST.value and batch.scheduled_at and batch.audience
    ]
    if scheduled:
        lines.append(context.text("stats-scheduled-title"))
    for batch in scheduled:
        assert batch.scheduled_at is not None and batch.audience is not None
        lines.append(
            context.text(
                "stats-scheduled-line",
                id=batch.id,
                when=batch.scheduled_at.astimezone(context.settings.tzinfo).strftime("%m-%d %H:%M"),
                audience=describe_audience(context, batch.audience),
            )
        )
    recent = await store.outbox.recent(BroadcastKind.BROADCAST.value, RECENT_BROADCASTS)
    lines.append(context.text("stats-broadcasts-title" if recent else "stats-broadcasts-none"))
    for batch, counts in recent:
        lines.append(
            context.text(
                "stats-broadcast-line",
                id=batch.id,
                date=batch.created_at.astimezone(context.settings.tzinfo).strftime("%m-%d %H:%M"),
                status=context.text(BROADCAST_STATUS_KEYS[batch.status]),
                sent=counts.sent,
                total=counts.total,
                failed=counts.failed,
                blocked=counts.blocked,
            )
        )
    await update.effective_message.reply_text(Html("\n".join(lines)))


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CommandHandler("stats", show_stats)]
