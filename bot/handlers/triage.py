"""The admins' side of reports: the triage card in BOT_ADMIN_CHAT_ID and its buttons, the resolution note,
/reports, the notices to the reporter and every "+1", and the "解决了吗?" follow-up jobs."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.broadcast import Attachment, Button, Buttons
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext, BotResources
from bot.channels.telegram.delivery import inline_keyboard
from bot.handlers import editing
from bot.handlers.conversations import person_conversation
from bot.handlers.guards import confidential, require_role
from bot.handlers.jobs import once_across_workers
from bot.handlers.paging import navigation_row
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html, escape
from bot.message_keys import CARD_BUTTON_KEYS, REPORT_FILTER_KEYS, REPORT_STATUS_KEYS
from bot.notify import AdminNotice, Notice
from bot.presenters import page_of
from bot.reports import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    EarlyAlert,
    Report,
    ReportCatalogue,
    Status,
    allowed_actions,
    early_alert_due,
    early_alert_words,
    excerpt,
    followup_due,
    followup_job_id,
    place_signature,
)
from bot.services.reports import change_report_status
from bot.users import Role, UserProfile

_LOGGER = logging.getLogger(__name__)
PENDING_NOTE = "triage_note"
PAGE_SIZE = 5
MAX_NOTE = 1000
# A follow-up whose day passed while the bot was down goes out shortly after start, not never.
_FOLLOWUP_CATCH_UP = timedelta(seconds=30)
STATUS_FILTERS: Mapping[str, frozenset[Status] | None] = {
    "open": OPEN_STATUSES,
    "new": frozenset({Status.CONFIRMED}),
    "fixed": frozenset({Status.FIXED}),
    "closed": CLOSED_STATUSES - {Status.FIXED},
    "all": None,
}


# --- buttons --------------------------------------------------------------------------------------------
# The card's buttons in the admin chat, one kind per action ("tri:ack:12"), the /reports list and the
# reporter's follow-up question.


@dataclass(frozen=True, slots=True)
class Acknowledge(ButtonData, prefix="tri:ack", role=Role.ADMIN):
    report_id: int


@dataclass(frozen=True, slots=True)
class ForwardMenu(ButtonData, prefix="tri:fwd", role=Role.ADMIN):
    """Shows the departments to forward to."""

    report_id: int


@dataclass(frozen=True, slots=True)
class Resolve(ButtonData, prefix="tri:res", role=Role.ADMIN):
    """Asks for the resolution note (a conversation)."""

    report_id: int


@dataclass(frozen=True, slots=True)
class MarkDuplicate(ButtonData, prefix="tri:dup", role=Role.ADMIN):
    report_id: int


@dataclass(frozen=True, slots=True)
class NotActionable(ButtonData, prefix="tri:na", role=Role.ADMIN):
    report_id: int


@dataclass(frozen=True, slots=True)
class ForwardTo(ButtonData, prefix="tri:dept", role=Role.ADMIN):
    report_id: int
    department: str


@dataclass(frozen=True, slots=True)
class BackToCard(ButtonData, prefix="tri:back", role=Role.ADMIN):
    report_id: int


CardButton = Acknowledge | ForwardMenu | Resolve | MarkDuplicate | NotActionable | ForwardTo | BackToCard
_CARD_BUTTONS: Mapping[Action, type[Acknowledge | ForwardMenu | Resolve | MarkDuplicate | NotActionable]] = {
    Action.ACKNOWLEDGE: Acknowledge,
    Action.FORWARD: ForwardMenu,
    Action.RESOLVE: Resolve,
    Action.DUPLICATE: MarkDuplicate,
    Action.NOT_ACTIONABLE: NotActionable,
}


@dataclass(frozen=True, slots=True)
class ReportList(ButtonData, prefix="rl", role=Role.ADMIN):
    status_filter: str
    category: str
    page: int


@dataclass(frozen=True, slots=True)
class ReportView(ButtonData, prefix="rv", role=Role.ADMIN):
    report_id: int


class Solved(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True, slots=True)
class FollowupAnswer(ButtonData, prefix="fu", role=Role.COURIER):
    """The reporter's answer to "is it solved?" (a revoked observer may still give it)."""

    solved: Solved
    report_id: int


def _user_data(context: BotContext) -> dict[Any, Any]:
    assert context.user_data is not None  # button presses and messages have a sender
    return context.user_data


def status_key(status: Status) -> str:
    return REPORT_STATUS_KEYS[status]


# --- rendering ------------------------------------------------------------------------------------------


def card_text(resources: BotResources, language: str, report: Report, *, chat_id: int) -> Html:
    """Everything an admin needs to route a report. Who filed an anonymous report, and its exact pin
    (often where the observer lives), appear only on the card in the admin chat: the one view the
    observer is told admins see them in; the same card elsewhere (an admin's private chat) hides them."""
    reveal = not report.anonymous or chat_id == resources.settings.admin_chat_id
    catalogue = resources.catalogues.reports

    def t(key: str, **args: Any) -> Html:
        return resources.translator(language, key, **args)

    category = catalogue.category(report.category)
    lines: list[str] = []
    if report.urgent:
        lines.append(t("reports-card-urgent"))
    lines.append(
        t("reports-card-title", number=report.number, category=category.label(language) if category else "?")
    )
    lines.append(t("reports-card-status", status=t(status_key(report.status))))
    department = catalogue.department(report.department) if report.department else None
    if department:
        lines.append(t("reports-card-department", department=department.name(language)))
    if reveal:
        lines.append(
            t(
                "reports-card-reporter",
                name=report.reporter_name or "—",
                username=f"@{report.reporter_username}" if report.reporter_username else "—",
                user_id=str(report.reporter_id or "—"),
            )
        )
    else:
        lines.append(t("reports-card-reporter-hidden"))
    if report.anonymous:
        lines.append(t("reports-card-anonymous"))
    if report.place or (reveal and report.has_location):
        lines.append(t("reports-card-place", place=_place_text(report, with_pin=reveal)))
    local = report.created_at.astimezone(resources.settings.tzinfo)
    lines.append(t("reports-card-filed", time=f"{local:%Y-%m-%d %H:%M}"))
    lines.append(
        t(
            "reports-card-extras",
            photos=len(report.photo_file_ids),
            voice=t("reports-card-voice-yes" if report.voice_file_id else "reports-card-voice-no"),
            supporters=report.supporters,
        )
    )
    lines += ["", escape(report.description) if report.description else t("reports-card-voice-only")]
    if report.resolution_note:
        lines += ["", t("reports-card-resolution", note=report.resolution_note)]
    return Html("\n".join(lines))


def _place_text(report: Report, *, with_pin: bool) -> str:
    coordinates = f"{report.lat:.5f}, {report.lon:.5f}" if with_pin and report.has_location else ""
    return " · ".join(part for part in (report.place or "", coordinates) if part)


def card_buttons(resources: BotResources, language: str, report: Report) -> Buttons:
    """The actions the report's status allows, two to a row."""
    buttons = [
        Button(
            resources.translator(language, CARD_BUTTON_KEYS[action]),
            _CARD_BUTTONS[action](report.id).pack(),
        )
        for action in allowed_actions(report.status)
    ]
    return tuple(tuple(buttons[index : index + 2]) for index in range(0, len(buttons), 2))


def card_keyboard(resources: BotResources, language: str, report: Report) -> InlineKeyboardMarkup | None:
    return inline_keyboard(card_buttons(resources, language, report))


def departments_keyboard(resources: BotResources, language: str, report: Report) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            department.name(language), callback_data=ForwardTo(report.id, department.id).pack()
        )
        for department in resources.catalogues.reports.departments
    ]
    rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
    rows.append(
        [
            InlineKeyboardButton(
                resources.translator(language, "reports-button-back"),
                callback_data=BackToCard(report.id).pack(),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


# --- the admin chat, through the outbox ----------------------------------------------------------------


def _card_purpose(report_id: int) -> str:
    return f"report-card:{report_id}"


async def post_to_admin_chat(
    resources: BotResources, report: Report, *, early_alert: EarlyAlert | None = None, again: bool = False
) -> None:
    """The triage card, then the location pin, photos and voice, queued in that order. After an early
    alert the card answers it and says so (the admins must not take it for a second emergency), and a pin
    they already have is not sent again. `again`: a reopened report's card, which later changes update."""
    chat_id = resources.settings.admin_chat_id
    if chat_id is None:
        _LOGGER.warning("BOT_ADMIN_CHAT_ID is not set: report %s reaches no admin chat", report.number)
        return

    def text(language: str) -> Html:
        card = card_text(resources, language, report, chat_id=chat_id)
        if early_alert is None:
            return card
        return Html(resources.translator(language, "reports-card-follows-alert") + "\n" + card)

    notifier = resources.notifier
    await notifier.tell_admins(
        AdminNotice(
            _card_purpose(report.id),
            text,
            lambda language: card_buttons(resources, language, report),
            reply_to=early_alert.purpose if early_alert else None,
            takes_over=again,
        )
    )
    posting = f"{report.id}:{report.updated_at.isoformat()}"
    attachments = []
    if report.has_location and (
        early_alert is None or early_alert.place_is_news(report.lat, report.lon, report.place)
    ):
        assert report.lat is not None and report.lon is not None
        attachments.append(("pin", Attachment(location=(report.lat, report.lon))))
    if report.photo_file_ids:
        attachments.append(("photos", Attachment(photos=report.photo_file_ids)))
    if report.voice_file_id:
        attachments.append(("voice", Attachment(voice=report.voice_file_id)))
    for kind, attachment in attachments:
        await notifier.tell_admins(
            AdminNotice(f"report-{kind}:{posting}", lambda _language: report.number, attachment=attachment)
        )


async def refresh_admin_card(
    resources: BotResources, report: Report, *, pressed: tuple[int, int] | None = None
) -> None:
    """The admin chat's card shows the report as it is now, whichever chat changed it (a /reports view in
    a private chat, a typed resolution note, a "+1"). `pressed` (chat id, message id), if any, was edited
    by its handler."""
    chat_id = resources.settings.admin_chat_id
    notifier = resources.notifier
    if chat_id is None or pressed == await notifier.admin_message(_card_purpose(report.id)):
        return
    await notifier.update_admins(
        _card_purpose(report.id),
        lambda language: card_text(resources, language, report, chat_id=chat_id),
        lambda language: card_buttons(resources, language, report),
    )


async def tell_admin_chat(
    resources: BotResources, key: str, *, purpose: str, reply_to: str | None = None, **args: Any
) -> None:
    """A catalogue message for the admin chat; `reply_to` is the purpose of the notice it answers."""
    translator = resources.translator
    await resources.notifier.tell_admins(
        AdminNotice(purpose, lambda language: translator(language, key, **args), reply_to=reply_to)
    )


# --- the urgent lane's early alert ----------------------------------------------------------------------


def early_alert_text(
    resources: BotResources, language: str, *, category: str, words: str, reporter: UserProfile
) -> Html:
    """The 🚨 alert raised while the observer is still writing. It names the observer although anonymity
    is chosen later: anonymity hides the name from departments and exports, never from the admins (the
    issue says so and the anonymity screen tells the observer), and in an emergency they may need to call."""

    def t(key: str, **args: Any) -> Html:
        return resources.translator(language, key, **args)

    found = resources.catalogues.reports.category(category)
    lines = [
        t("reports-early-alert", category=found.label(language) if found else category),
        t(
            "reports-card-reporter",
            name=reporter.first_name,
            username=f"@{reporter.username}" if reporter.username else "—",
            user_id=str(reporter.id),
        ),
        t("reports-early-alert-words", words=words) if words else t("reports-early-alert-no-words"),
    ]
    return Html("\n".join(lines))


async def keep_admins_posted(
    resources: BotResources,
    alert: EarlyAlert | None,
    *,
    urgent: bool,
    category: str,
    words: str,
    lat: float | None,
    lon: float | None,
    place: str | None,
    reporter: UserProfile,
) -> EarlyAlert | None:
    """The urgent lane while the observer is still writing: the 🚨 alert the moment urgency is known, the
    words typed so far edited into it, the place answered under it as soon as it is known.

    Returns what the admin chat has been told (the caller keeps it in the draft). Each piece is queued in
    the outbox once, which delivers it even through a restart; more words replace the alert's text while it
    waits and edit it once it was sent."""
    words = early_alert_words(words)

    def text(language: str) -> Html:
        return early_alert_text(resources, language, category=category, words=words, reporter=reporter)

    notifier = resources.notifier
    if early_alert_due(urgent=urgent, alert=alert):
        purpose = f"early-alert:{reporter.id}:{secrets.token_hex(4)}"
        if not await notifier.tell_admins(AdminNotice(purpose, text)):
            return None
        alert = EarlyAlert(purpose, words=words)
    if alert is None:
        return None
    if alert.words_are_news(words):
        await notifier.update_admins(alert.purpose, text)
        alert = replace(alert, words=words)
    signature = place_signature(lat, lon, place)
    if alert.place_is_news(lat, lon, place):
        answer = f"{alert.purpose}:place:{signature}"
        if lat is None or lon is None:
            key = "reports-early-alert-place"
            await tell_admin_chat(resources, key, purpose=answer, reply_to=alert.purpose, place=place)
        else:
            pin = Attachment(location=(lat, lon))
            await notifier.tell_admins(
                AdminNotice(answer, lambda _language: "", attachment=pin, reply_to=alert.purpose)
            )
        alert = replace(alert, place=signature)
    return alert


async def withdraw_early_alert(resources: BotResources, alert: EarlyAlert | None) -> None:
    """The observer left an urgent report unfiled: the admins should stop waiting for it."""
    if alert is not None:
        await tell_admin_chat(
            resources,
            "reports-early-alert-withdrawn",
            purpose=f"{alert.purpose}:withdrawn",
            reply_to=alert.purpose,
        )


# --- follow-up jobs -------------------------------------------------------------------------------------


def schedule_followup(job_queue: JobQueue[Any], report: Report, now: datetime) -> None:
    assert report.resolved_at is not None
    job_id = followup_job_id(report.id)
    job_queue.run_once(
        once_across_workers(send_followup),
        when=max(followup_due(report.resolved_at), now + _FOLLOWUP_CATCH_UP),
        data=report.id,
        name=job_id,
        job_kwargs={"id": job_id, "replace_existing": True},
    )


async def schedule_pending_followups(application: Any) -> None:
    """Jobs are not persisted: at start, every resolved report still waiting for its question gets its
    job back, under the same id."""
    job_queue = application.job_queue
    assert job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    resources: BotResources = application.bot_data
    now = resources.clock.utc()
    for report in await resources.store.reports.followups_to_schedule():
        schedule_followup(job_queue, report, now)


async def send_followup(context: BotContext) -> None:
    """ "解决了吗?" seven days after a fix. Queued before it is marked as asked: a crash in between asks
    again at the next start, and the outbox's dedup key makes that the same single message."""
    assert context.job is not None
    report_id = int(str(context.job.data))
    resources = context.bot_data
    report = await resources.store.reports.get(report_id)
    if (
        report is None
        or report.status is not Status.FIXED
        or report.followup_sent_at
        or report.reporter_id is None
        or report.resolved_at is None
    ):
        return
    translator = resources.translator

    def question(language: str) -> str:
        return translator(
            language, "reports-followup-question", number=report.number, note=report.resolution_note or "—"
        )

    def answers(language: str) -> Buttons:
        return (
            (
                Button(
                    translator(language, "reports-button-solved"),
                    FollowupAnswer(Solved.YES, report_id).pack(),
                ),
                Button(
                    translator(language, "reports-button-unsolved"),
                    FollowupAnswer(Solved.NO, report_id).pack(),
                ),
            ),
        )

    purpose = f"report-followup:{report_id}:{report.resolved_at.isoformat()}"
    await resources.notifier.send([Notice(report.reporter_id, purpose, question, answers)])
    await resources.store.reports.mark_followup_sent(report_id, now=resources.clock.utc())


# --- triage buttons -------------------------------------------------------------------------------------


async def edit_pressed_message(update: Update, text: Html, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed card; a second press that changes nothing sends nothing (Telegram would refuse)."""
    query = update.callback_query
    assert query is not None
    await editing.edit_pressed_message(query, text, markup)


@confidential
async def triage_button(update: Update, context: BotContext, button: CardButton) -> None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    assert query.message is not None
    chat_id = query.message.chat.id
    report = await context.store.reports.get(button.report_id)
    if report is None:
        await answer_stale(update, context)
        return
    language = context.language
    if isinstance(button, ForwardMenu) and report.is_open:
        await query.answer()
        await edit_pressed_message(
            update,
            card_text(context.bot_data, language, report, chat_id=chat_id),
            departments_keyboard(context.bot_data, language, report),
        )
        return
    if isinstance(button, BackToCard):
        await query.answer()
        await edit_pressed_message(
            update,
            card_text(context.bot_data, language, report, chat_id=chat_id),
            card_keyboard(context.bot_data, language, report),
        )
        return
    department = button.department if isinstance(button, ForwardTo) else None
    if (
        isinstance(button, ForwardTo)
        and context.bot_data.catalogues.reports.department(button.department) is None
    ):
        await answer_stale(update, context)
        return
    action = (
        Action.FORWARD
        if isinstance(button, ForwardTo)
        else {
            Acknowledge: Action.ACKNOWLEDGE,
            MarkDuplicate: Action.DUPLICATE,
            NotActionable: Action.NOT_ACTIONABLE,
        }.get(type(button))
    )
    if action is None:  # Forward on a closed report
        await answer_stale(update, context)
        return
    outcome = await change_report_status(
        context.store,
        context.bot_data.translator,
        context.bot_data.catalogues.reports,
        report.id,
        action,
        actor_id=context.profile.id,
        now=context.bot_data.clock.utc(),
        department=department,
    )
    if outcome.change is None:
        await query.answer(context.text("reports-triage-stale"), show_alert=True)
        return
    change = outcome.change
    await query.answer(context.text("reports-triage-done", status=context.text(status_key(change.to_status))))
    new = change.report
    await edit_pressed_message(
        update,
        card_text(context.bot_data, language, new, chat_id=chat_id),
        card_keyboard(context.bot_data, language, new),
    )
    await refresh_admin_card(context.bot_data, new, pressed=(chat_id, query.message.message_id))
    await context.bot_data.notifier.send(outcome.notices)


# --- the resolution note --------------------------------------------------------------------------------


class NoteState(IntEnum):
    WAITING = 0


@on_press(Resolve)
@confidential
async def ask_resolution_note(update: Update, context: BotContext, button: Resolve) -> int:
    query = update.callback_query
    assert query is not None and context.profile is not None
    assert query.message is not None
    report = await context.store.reports.get(button.report_id)
    if report is None or not report.is_open:
        await query.answer(context.text("reports-triage-stale"), show_alert=True)
        return ConversationHandler.END
    # A second Resolve replaces the first, and the prompt says so: the typed note belongs to the report
    # pressed last, which the prompt names.
    previous = _user_data(context).get(PENDING_NOTE)
    set_aside = await context.store.reports.get(int(previous["report"])) if previous else None
    _user_data(context)[PENDING_NOTE] = {
        "report": report.id,
        "chat": query.message.chat.id,
        "message": query.message.message_id,
    }
    await query.answer()
    # Mentioning the admin lets ForceReply(selective) open the reply box for them alone in a group.
    mention = Html(f'<a href="tg://user?id={context.profile.id}">{escape(context.profile.first_name)}</a>')
    prompt = context.text("reports-triage-note-prompt", number=report.number, admin=mention)
    if set_aside is not None and set_aside.id != report.id:
        prompt = Html(context.text("reports-triage-note-replaced", number=set_aside.number) + "\n" + prompt)
    await context.bot.send_message(query.message.chat.id, prompt, reply_markup=ForceReply(selective=True))
    return NoteState.WAITING


@require_role(Role.ADMIN)
@confidential
async def receive_resolution_note(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None and context.profile is not None
    pending = _user_data(context).pop(PENDING_NOTE, None)
    if not pending:
        return ConversationHandler.END
    note = message.text.strip()[:MAX_NOTE]
    outcome = await change_report_status(
        context.store,
        context.bot_data.translator,
        context.bot_data.catalogues.reports,
        int(pending["report"]),
        Action.RESOLVE,
        actor_id=context.profile.id,
        now=context.bot_data.clock.utc(),
        note=note,
    )
    if outcome.change is None:
        await message.reply_text(context.text("reports-triage-stale"))
        return ConversationHandler.END
    report = outcome.change.report
    await message.reply_text(context.text("reports-triage-resolved", number=report.number))
    try:
        await context.bot.edit_message_text(
            card_text(context.bot_data, context.language, report, chat_id=int(pending["chat"])),
            chat_id=int(pending["chat"]),
            message_id=int(pending["message"]),
            reply_markup=card_keyboard(context.bot_data, context.language, report),
        )
    except BadRequest:
        _LOGGER.info("the card of report %s could not be updated", report.number)
    pressed = (int(pending["chat"]), int(pending["message"]))
    await refresh_admin_card(context.bot_data, report, pressed=pressed)
    await context.bot_data.notifier.send(outcome.notices)
    assert context.job_queue is not None
    schedule_followup(context.job_queue, report, context.bot_data.clock.utc())
    return ConversationHandler.END


async def cancel_note(update: Update, context: BotContext) -> int:
    _user_data(context).pop(PENDING_NOTE, None)
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.text("cancel-done"))
    return ConversationHandler.END


# --- /reports -------------------------------------------------------------------------------------------


async def _show_list_page(
    update: Update, context: BotContext, status_filter: str, category: str, page: int
) -> None:
    catalogue = context.bot_data.catalogues.reports
    statuses = STATUS_FILTERS[status_filter]
    category_id = None if category == "all" else category
    store = context.store.reports
    total = await store.count(statuses=statuses, category=category_id)
    shown = page_of(page, total, PAGE_SIZE)
    reports = await store.search(
        statuses=statuses, category=category_id, limit=shown.size, offset=shown.offset
    )
    lines = [
        context.text(
            "reports-list-header",
            filter=context.text(REPORT_FILTER_KEYS[status_filter]),
            category=_category_label(catalogue, category, context),
            total=total,
            page=shown.number + 1,
            pages=shown.count,
        )
    ]
    lines += [_list_line(context, catalogue, report) for report in reports] or [
        context.text("reports-list-empty")
    ]
    rows = [
        [
            InlineKeyboardButton(
                f"{report.number} · {context.text(status_key(report.status))}",
                callback_data=ReportView(report.id).pack(),
            )
        ]
        for report in reports
    ]
    rows.append(
        [
            InlineKeyboardButton(
                ("• " if key == status_filter else "") + context.text(REPORT_FILTER_KEYS[key]),
                callback_data=ReportList(key, category, 0).pack(),
            )
            for key in STATUS_FILTERS
        ]
    )
    category_buttons = [
        InlineKeyboardButton(
            ("• " if key == category else "") + _category_label(catalogue, key, context),
            callback_data=ReportList(status_filter, key, 0).pack(),
        )
        for key in ["all", *(item.id for item in catalogue.categories)]
    ]
    rows += [category_buttons[index : index + 3] for index in range(0, len(category_buttons), 3)]
    navigation = navigation_row(
        shown,
        lambda number: ReportList(status_filter, category, number),
        context.text("reports-button-previous"),
        context.text("reports-button-next"),
    )
    if navigation:
        rows.append(navigation)
    await editing.edit_or_reply(update, Html("\n\n".join(lines)), InlineKeyboardMarkup(rows))


def _category_label(catalogue: ReportCatalogue, category_id: str, context: BotContext) -> str:
    category = catalogue.category(category_id)
    return category.label(context.language) if category else context.text("reports-filter-all-categories")


def _list_line(context: BotContext, catalogue: ReportCatalogue, report: Report) -> Html:
    category = catalogue.category(report.category)
    return context.text(
        "reports-list-line",
        number=report.number,
        category=category.label(context.language) if category else report.category,
        status=context.text(status_key(report.status)),
        summary=excerpt(report.description)
        if report.description
        else context.text("reports-card-voice-only"),
        urgent=context.text("reports-list-urgent") if report.urgent else "",
    )


@require_role(Role.ADMIN)
@confidential
async def list_reports(update: Update, context: BotContext) -> None:
    await _show_list_page(update, context, "open", "all", 0)


@on_press(ReportList)
@confidential
async def list_reports_page(update: Update, context: BotContext, button: ReportList) -> None:
    query = update.callback_query
    assert query is not None
    valid = (
        button.status_filter in STATUS_FILTERS
        and (
            button.category == "all"
            or context.bot_data.catalogues.reports.category(button.category) is not None
        )
        and button.page >= 0
    )
    if not valid:
        await answer_stale(update, context)
        return
    await query.answer()
    await _show_list_page(update, context, button.status_filter, button.category, button.page)


@on_press(ReportView)
@confidential
async def view_report(update: Update, context: BotContext, button: ReportView) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    report = await context.store.reports.get(button.report_id)
    if report is None:
        await answer_stale(update, context)
        return
    await query.answer()
    back = InlineKeyboardButton(
        context.text("reports-button-back-to-list"), callback_data=ReportList("open", "all", 0).pack()
    )
    triage = card_keyboard(context.bot_data, context.language, report)
    await context.bot.send_message(
        query.message.chat.id,
        card_text(context.bot_data, context.language, report, chat_id=query.message.chat.id),
        reply_markup=InlineKeyboardMarkup([*(triage.inline_keyboard if triage else ()), [back]]),
    )


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    note = person_conversation(
        entry_points=[press_handler(Resolve, ask_resolution_note)],
        states={
            NoteState.WAITING: [MessageHandler(filters.TEXT & ~filters.COMMAND, receive_resolution_note)],
        },
        fallbacks=[CommandHandler("cancel", cancel_note)],
        name="report_resolution_note",
        persistent=True,
        allow_reentry=True,  # Resolve on another report while a note is awaited: that one is meant
        # The note is the admin's next text wherever typed: in the group on Telegram, in private on
        # WeChat, where a press in the admins' (virtual) chat is answered in each admin's own chat.
        per_chat=False,
    )
    return [
        note,
        *(
            press_handler(kind, on_press(kind)(triage_button))
            for kind in (Acknowledge, ForwardMenu, MarkDuplicate, NotActionable, ForwardTo, BackToCard)
        ),
        family_handler("tri"),  # data under "tri:" that none of its kinds could have carried
        CommandHandler("reports", list_reports),
        press_handler(ReportList, list_reports_page),
        press_handler(ReportView, view_report),
    ]
