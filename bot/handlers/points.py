"""/points, /rewards with Redeem, /collect CODE and /adjust for admins, and the daily job that expires
uncollected pickup codes and gives their points back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, BaseHandler, CommandHandler

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.handlers.editing import edit_pressed_message
from bot.handlers.guards import confidential, parse_id, require_role
from bot.handlers.jobs import once_across_workers
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.handlers.volunteer import day_label
from bot.i18n import Html
from bot.message_keys import COLLECT_KEYS, HISTORY_KEYS
from bot.points import LedgerEntry, Redemption
from bot.services import points as service
from bot.services.points import AdjustResult, RedeemResult
from bot.users import Role
from bot.volunteer import format_hours

_LOGGER = logging.getLogger(__name__)
EXPIRY_JOB_ID = "points-expire-pickup-codes"
EXPIRY_TIME = time(3, 0)  # local time, when nobody is at a counter
HISTORY_LENGTH = 10
ADJUST_ANSWERS = {
    AdjustResult.INVALID: "points-adjust-usage",
    AdjustResult.UNKNOWN_USER: "points-adjust-unknown-user",
    AdjustResult.BELOW_ZERO: "points-adjust-below-zero",
    AdjustResult.DONE: "points-adjust-done",
}


@dataclass(frozen=True, slots=True)
class RedeemReward(ButtonData, prefix="rw:pick", role=Role.COURIER):
    reward_id: str


@dataclass(frozen=True, slots=True)
class ConfirmRedeem(ButtonData, prefix="rw:buy", role=Role.COURIER):
    reward_id: str
    token: str  # fresh for each question: a double tap on one confirmation redeems once


@dataclass(frozen=True, slots=True)
class CancelRedeem(ButtonData, prefix="rw:no", role=Role.COURIER):
    pass


def _entry_line(context: BotContext, entry: LedgerEntry) -> Html:
    translator, language = context.bot_data.translator, context.language
    local_day = entry.created_at.astimezone(context.settings.tzinfo).date()
    return context.text(
        HISTORY_KEYS[entry.kind],
        date=day_label(translator, language, local_day),
        amount=f"{entry.amount:+d}",
        balance=entry.balance_after,
    )


async def show_points(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None and context.profile is not None
    user_id = context.profile.id
    today = context.now.date()
    hours = await context.store.volunteer.hours_summary(user_id, date(today.year, today.month, 1))
    lines: list[str] = [
        context.text("points-balance", balance=await context.store.points.balance(user_id)),
        context.text(
            "points-hours",
            month_approved=format_hours(hours.approved_month_minutes),
            month_pending=format_hours(hours.pending_month_minutes),
            all_approved=format_hours(hours.approved_minutes),
            all_pending=format_hours(hours.pending_minutes),
        ),
    ]
    for redemption in await context.store.points.open_redemptions(user_id):
        lines.append(_pickup_line(context, redemption))
    history = await context.store.points.history(user_id, HISTORY_LENGTH)
    if history:
        lines += ["", context.text("points-history-header")]
        lines += [_entry_line(context, entry) for entry in history]
    else:
        lines += ["", context.text("points-history-empty")]
    await update.effective_message.reply_text(Html("\n".join(lines)))


def _pickup_line(context: BotContext, redemption: Redemption) -> Html:
    return context.text(
        "points-open-code",
        reward=context.bot_data.catalogues.rewards.name_of(redemption.reward_id, context.language),
        code=redemption.code,
        until=day_label(
            context.bot_data.translator,
            context.language,
            redemption.expires_at.astimezone(context.settings.tzinfo).date(),
        ),
    )


async def show_rewards(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None and context.profile is not None
    language = context.language
    issued = await context.store.points.issued()
    balance = await context.store.points.balance(context.profile.id)
    lines = [context.text("points-rewards-header", balance=balance)]
    rows = []
    for reward in context.bot_data.catalogues.rewards:
        left = max(0, reward.stock - issued.get(reward.id, 0))
        lines.append(
            context.text(
                "points-reward-line",
                name=reward.name.pick(language),
                cost=reward.cost,
                left=left,
                where=reward.collect_at.pick(language),
            )
        )
        if left > 0:
            label = context.text("points-button-redeem", name=reward.name.pick(language), cost=reward.cost)
            rows.append([InlineKeyboardButton(label[:60], callback_data=RedeemReward(reward.id).pack())])
    if not rows:
        lines.append(context.text("points-rewards-none-left"))
    markup = InlineKeyboardMarkup(rows) if rows else None
    await update.effective_message.reply_text(Html("\n\n".join(lines)), reply_markup=markup)


@on_press(RedeemReward)
async def reward_picked(update: Update, context: BotContext, button: RedeemReward) -> None:
    """Redeem pressed: ask to confirm. The confirm button carries a fresh token, so a double tap on it
    redeems once while pressing Redeem again starts a new redemption."""
    query = update.callback_query
    assert query is not None and context.profile is not None
    reward = context.bot_data.catalogues.rewards.by_id.get(button.reward_id)
    if reward is None:
        await answer_stale(update, context)  # no longer offered
        return
    quote = await service.quote(context.store, user_id=context.profile.id, reward=reward)
    if not quote.affordable:
        await query.answer(
            context.text("points-redeem-not-enough", balance=quote.balance, cost=reward.cost),
            show_alert=True,
        )
        return
    await query.answer()
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.text("points-button-confirm"),
                    callback_data=ConfirmRedeem(reward.id, quote.token).pack(),
                ),
                InlineKeyboardButton(
                    context.text("points-button-cancel"), callback_data=CancelRedeem().pack()
                ),
            ]
        ]
    )
    text = context.text(
        "points-redeem-confirm",
        name=reward.name.pick(context.language),
        cost=reward.cost,
        balance=quote.balance,
        after=quote.balance - reward.cost,
    )
    assert query.message is not None
    await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)


@on_press(ConfirmRedeem)
async def reward_confirmed(update: Update, context: BotContext, button: ConfirmRedeem) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    reward = context.bot_data.catalogues.rewards.by_id.get(button.reward_id)
    if reward is None:
        await answer_stale(update, context)  # no longer offered
        return
    language = context.language
    attempt = await service.redeem(
        context.store, user_id=context.profile.id, reward=reward, token=button.token, now=context.now
    )
    redemption = attempt.redemption
    if attempt.result == RedeemResult.NOT_ENOUGH:
        await query.answer(
            context.text("points-redeem-not-enough", balance=attempt.balance, cost=reward.cost),
            show_alert=True,
        )
        return
    if attempt.result == RedeemResult.OUT_OF_STOCK or redemption is None:
        await query.answer(
            context.text("points-redeem-out-of-stock", name=reward.name.pick(language)), show_alert=True
        )
        return
    if attempt.result == RedeemResult.ALREADY:
        await query.answer(context.text("points-redeem-already", code=redemption.code), show_alert=True)
        return
    await query.answer()
    text = context.text(
        "points-redeem-done",
        name=reward.name.pick(language),
        code=redemption.code,
        where=reward.collect_at.pick(language),
        until=day_label(
            context.bot_data.translator,
            language,
            redemption.expires_at.astimezone(context.settings.tzinfo).date(),
        ),
        balance=attempt.balance,
    )
    await edit_pressed_message(query, text)


@on_press(CancelRedeem)
async def reward_cancelled(update: Update, context: BotContext, button: CancelRedeem) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await edit_pressed_message(query, context.text("cancel-done"))


@require_role(Role.ADMIN)
@confidential
async def collect(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and context.profile is not None
    if not context.args:
        await message.reply_text(context.text("points-collect-usage"))
        return
    rewards = context.bot_data.catalogues.rewards
    collected = await service.collect(
        context.store,
        context.bot_data.translator,
        rewards,
        code=" ".join(context.args),
        admin_id=context.profile.id,
        now=context.now,
    )
    await context.bot_data.notifier.send(collected.notices)
    redemption = collected.redemption
    if redemption is None:
        await message.reply_text(context.text("points-collect-unknown"))
        return
    await message.reply_text(
        context.text(
            COLLECT_KEYS[collected.outcome],
            name=rewards.name_of(redemption.reward_id, context.language),
            code=redemption.code,
            user_id=redemption.user_id,
        )
    )


@require_role(Role.ADMIN)
@confidential
async def adjust(update: Update, context: BotContext) -> None:
    """/adjust USER_ID AMOUNT REASON: a correction as a new ledger entry (never an edit)."""
    message = update.effective_message
    assert message is not None and context.profile is not None and update.effective_chat is not None
    args = context.args or []
    try:
        user_id, amount = parse_id(args[0]), int(args[1])
    except (IndexError, ValueError):
        await message.reply_text(context.text("points-adjust-usage"))
        return
    if user_id is None:
        await message.reply_text(context.text("points-adjust-usage"))
        return
    adjusted = await service.adjust(
        context.store,
        context.bot_data.translator,
        admin_id=context.profile.id,
        user_id=user_id,
        amount=amount,
        reason=" ".join(args[2:]),
        request_key=f"{update.effective_chat.id}:{message.message_id}",
        now=context.now,
    )
    await context.bot_data.notifier.send(adjusted.notices)
    await message.reply_text(
        context.text(
            ADJUST_ANSWERS[adjusted.result],
            user_id=user_id,
            amount=f"{amount:+d}",
            balance=adjusted.balance,
            reason=adjusted.reason,
        )
    )


async def expire_pickup_codes(context: BotContext) -> None:
    """The daily job: uncollected codes older than 14 days expire and their points come back."""
    expired = await service.expire_pickup_codes(
        context.store, context.bot_data.translator, context.bot_data.catalogues.rewards, now=context.now
    )
    if expired.refunded:
        _LOGGER.info("expired %d pickup codes and refunded their points", len(expired.refunded))
    await context.bot_data.notifier.send(expired.notices)


def schedule_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Called from post_init: (re)create the daily expiry job under its stable id."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is installed"
    application.job_queue.run_daily(
        once_across_workers(expire_pickup_codes),
        time=EXPIRY_TIME,
        name=EXPIRY_JOB_ID,
        job_kwargs={"id": EXPIRY_JOB_ID, "replace_existing": True},
    )


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("points", show_points),
        CommandHandler("rewards", show_rewards),
        press_handler(RedeemReward, reward_picked),
        press_handler(ConfirmRedeem, reward_confirmed),
        press_handler(CancelRedeem, reward_cancelled),
        family_handler("rw"),  # data under "rw:" that none of its kinds could have carried
        CommandHandler("collect", collect),
        CommandHandler("adjust", adjust),
    ]
