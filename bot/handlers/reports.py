"""/report for 民情观察员 as a persistent conversation, the "+1, me too" offer, /myreports, and the
reporter's answer to "解决了吗?".

Built for a courier on an e-bike: buttons over typing, "第 2 步,共 6 步" on every step, and the draft kept
in user_data (persisted as JSON) so a restart mid-report loses nothing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass
from enum import IntEnum, StrEnum
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.geocoding import GeocoderUnavailable
from bot.handlers import triage
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import edit_or_reply, edit_pressed_message, remove_pressed_buttons
from bot.handlers.guards import require_role
from bot.handlers.intents import IntentFilter
from bot.handlers.paging import navigation_row
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html
from bot.intent import Intent
from bot.message_keys import DESCRIPTION_KEYS
from bot.presenters import page_of
from bot.reports import (
    DUPLICATE_WINDOW,
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    MIN_DESCRIPTION,
    EarlyAlert,
    NewReport,
    Report,
    Step,
    check_description,
    duplicate_candidates,
    excerpt,
    is_urgent,
    progress,
    step_after,
)
from bot.services.reports import answer_followup, file_report, support_report
from bot.users import SUPPORTED_LANGUAGES, Role

_LOGGER = logging.getLogger(__name__)
DRAFT = "report_draft"
MAX_DUPLICATE_OFFERS = 3
MY_PAGE_SIZE = 5
MAX_PLACE_TEXT = 200


class ReportState(IntEnum):
    CATEGORY = 0
    DESCRIPTION = 1
    PHOTOS = 2
    LOCATION = 3
    DUPLICATE = 4
    ANONYMITY = 5
    CONFIRM = 6


_STATE_OF_STEP = {
    Step.CATEGORY: ReportState.CATEGORY,
    Step.DESCRIPTION: ReportState.DESCRIPTION,
    Step.PHOTOS: ReportState.PHOTOS,
    Step.LOCATION: ReportState.LOCATION,
    Step.ANONYMITY: ReportState.ANONYMITY,
    Step.CONFIRM: ReportState.CONFIRM,
}
Callback = Callable[..., Coroutine[Any, Any, Any]]  # a press's callback takes the button as well


# --- buttons --------------------------------------------------------------------------------------------
# The form's buttons declare no role: each step checks it with `observer_step`, which also ends the form of
# an observer revoked mid-report.


@dataclass(frozen=True, slots=True)
class CategoryChoice(ButtonData, prefix="rep:cat"):
    category_id: str


@dataclass(frozen=True, slots=True)
class PhotosDone(ButtonData, prefix="rep:photos-done"):
    pass


@dataclass(frozen=True, slots=True)
class PlusOne(ButtonData, prefix="rep:plus1"):
    report_id: int


@dataclass(frozen=True, slots=True)
class NotDuplicate(ButtonData, prefix="rep:new"):
    pass


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Anonymity(ButtonData, prefix="rep:anon"):
    anonymous: YesNo


@dataclass(frozen=True, slots=True)
class ConfirmReport(ButtonData, prefix="rep:confirm"):
    pass


@dataclass(frozen=True, slots=True)
class CancelReport(ButtonData, prefix="rep:cancel", role=Role.COURIER):
    """Anyone may leave."""


@dataclass(frozen=True, slots=True)
class MyReportsPage(ButtonData, prefix="mr", role=Role.OBSERVER):
    page: int


def _new_draft() -> dict[str, Any]:
    """JSON-serialisable on purpose: the persistence stores user_data as JSON."""
    return {
        "step": Step.CATEGORY.value,
        "category": None,
        "description": "",
        "voice": None,
        "photos": [],
        "lat": None,
        "lon": None,
        "place": None,
        "anonymous": False,
        "urgent": False,
        "offered": [],
        "early_alert": None,  # EarlyAlert as a dict, once the admin chat was alerted
    }


def _user_data(context: BotContext) -> dict[Any, Any]:
    assert context.user_data is not None  # every update of this conversation has a sender
    return context.user_data


def _draft(context: BotContext) -> dict[str, Any]:
    draft = _user_data(context).get(DRAFT)
    if not isinstance(draft, dict):
        draft = _user_data(context)[DRAFT] = _new_draft()
    for key, value in _new_draft().items():
        draft.setdefault(key, value)  # a draft persisted by an older version of the form
    return draft


def _early_alert(draft: dict[str, Any]) -> EarlyAlert | None:
    stored = draft.get("early_alert")
    return EarlyAlert(**stored) if isinstance(stored, dict) else None


async def _keep_admins_posted(context: BotContext, draft: dict[str, Any], words: str | None = None) -> None:
    """The urgent lane's early alert, brought up to date with the draft (see triage.keep_admins_posted);
    `words` are the words typed so far when they are not (yet) the description."""
    if context.profile is None or draft["category"] is None:
        return
    alert = await triage.keep_admins_posted(
        context.bot_data,
        _early_alert(draft),
        urgent=bool(draft["urgent"]),
        category=draft["category"],
        words=draft["description"] if words is None else words,
        lat=draft["lat"],
        lon=draft["lon"],
        place=draft["place"],
        reporter=context.profile,
    )
    draft["early_alert"] = None if alert is None else asdict(alert)


async def _discard_draft(context: BotContext) -> None:
    """The draft is dropped unfiled; an early alert about it is withdrawn in the admin chat."""
    draft = _user_data(context).pop(DRAFT, None)
    if isinstance(draft, dict):
        await triage.withdraw_early_alert(context.bot_data, _early_alert(draft))


def observer_step(callback: Callback) -> Callback:
    """require_role(OBSERVER) for a step: a refused user (an observer revoked mid-report) is told so,
    nothing is stored, and they leave the conversation instead of being stuck in it."""
    guarded = require_role(Role.OBSERVER)(callback)

    @functools.wraps(guarded)
    async def step(update: Update, context: BotContext, *button: ButtonData) -> Any:
        result = await guarded(update, context, *button)
        if Role.OBSERVER not in context.roles:
            await _discard_draft(context)
            return ConversationHandler.END
        return result

    return step


def observer_entry(callback: Callback) -> Callback:
    """The role check of /report, with a kind answer instead of a lock: a courier who wants to report
    is told how to reach an observer or a station's policy desk."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        if Role.OBSERVER in context.roles:
            return await callback(update, context)
        assert update.effective_message is not None
        await update.effective_message.reply_text(context.text("reports-not-observer"))
        return ConversationHandler.END

    return guarded


# --- the steps ------------------------------------------------------------------------------------------


def _prompt(context: BotContext, draft: dict[str, Any], step: Step) -> tuple[Html, Any]:
    t = context.text
    cancel = InlineKeyboardButton(t("reports-button-cancel"), callback_data=CancelReport().pack())
    if step is Step.CATEGORY:
        buttons = [
            InlineKeyboardButton(
                category.label(context.language), callback_data=CategoryChoice(category.id).pack()
            )
            for category in context.bot_data.catalogues.reports.categories
        ]
        rows = [buttons[index : index + 2] for index in range(0, len(buttons), 2)]
        return t("reports-ask-category"), InlineKeyboardMarkup([*rows, [cancel]])
    if step is Step.DESCRIPTION:
        return t("reports-ask-description", min=MIN_DESCRIPTION, max=MAX_DESCRIPTION), None
    if step is Step.PHOTOS:
        skip = InlineKeyboardButton(t("reports-button-no-photos"), callback_data=PhotosDone().pack())
        return t("reports-ask-photos", max=MAX_PHOTOS), InlineKeyboardMarkup([[skip]])
    if step is Step.LOCATION:
        keyboard = ReplyKeyboardMarkup(
            [
                [KeyboardButton(t("reports-button-share-location"), request_location=True)],
                [t("reports-button-skip")],
            ],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        return t("reports-ask-location"), keyboard
    if step is Step.ANONYMITY:
        buttons = [
            InlineKeyboardButton(t("reports-button-named"), callback_data=Anonymity(YesNo.NO).pack()),
            InlineKeyboardButton(t("reports-button-anonymous"), callback_data=Anonymity(YesNo.YES).pack()),
        ]
        return t("reports-ask-anonymity"), InlineKeyboardMarkup([buttons, [cancel]])
    confirm = InlineKeyboardButton(t("reports-button-confirm"), callback_data=ConfirmReport().pack())
    return _summary(context, draft), InlineKeyboardMarkup([[confirm], [cancel]])


def _summary(context: BotContext, draft: dict[str, Any]) -> Html:
    t = context.text
    category = context.bot_data.catalogues.reports.category(draft["category"] or "")
    lines = [
        t("reports-summary-title"),
        t("reports-summary-category", category=category.label(context.language) if category else "—"),
        t("reports-summary-description", description=draft["description"])
        if draft["description"]
        else t("reports-summary-voice"),
    ]
    if draft["voice"] and draft["description"]:
        lines.append(t("reports-summary-voice"))
    if not draft["urgent"]:
        lines.append(t("reports-summary-photos", count=len(draft["photos"])))
    lines.append(_place_line(context, draft))
    lines.append(t("reports-summary-anonymous" if draft["anonymous"] else "reports-summary-named"))
    return Html("\n".join(lines))


def _place_line(context: BotContext, draft: dict[str, Any]) -> Html:
    if draft["place"]:
        return context.text("reports-summary-place", place=draft["place"])
    if draft["lat"] is not None:
        return context.text("reports-summary-location-shared")
    return context.text("reports-summary-no-place")


async def _ask(update: Update, context: BotContext, step: Step) -> int:
    draft = _draft(context)
    draft["step"] = step.value
    position, total = progress(step, bool(draft["urgent"]))
    text, markup = _prompt(context, draft, step)
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id,
        Html(context.text("reports-progress", step=position, total=total) + "\n" + text),
        reply_markup=markup,
    )
    return _STATE_OF_STEP[step]


@observer_entry
async def start_report(update: Update, context: BotContext) -> int:
    _user_data(context)[DRAFT] = _new_draft()
    return await _ask(update, context, Step.CATEGORY)


@observer_step
@on_press(CategoryChoice)
async def category_chosen(update: Update, context: BotContext, button: CategoryChoice) -> int | None:
    query = update.callback_query
    assert query is not None
    category = context.bot_data.catalogues.reports.category(button.category_id)
    if category is None:
        await answer_stale(update, context)
        return None
    _draft(context)["category"] = category.id
    await query.answer()
    await edit_pressed_message(
        query, context.text("reports-chosen-category", category=category.label(context.language))
    )
    await _check_urgency(update, context, "")
    return await _ask(update, context, Step.DESCRIPTION)


async def _check_urgency(update: Update, context: BotContext, words: str) -> None:
    """Urgency is known from the category, or from urgent words even in a line too short to be the
    description yet ("车祸!"): the observer is reminded to call 120/110 and the admin chat alerted at
    once, each only once."""
    draft = _draft(context)
    category = context.bot_data.catalogues.reports.category(draft["category"] or "")
    was_urgent = bool(draft["urgent"])
    if category is not None:
        draft["urgent"] = is_urgent(
            category, words, context.bot_data.catalogues.reports.urgent_words, already=was_urgent
        )
    if draft["urgent"] and not was_urgent:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, context.text("reports-urgent-reminder"))
    await _keep_admins_posted(context, draft, words)


async def _after_description(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    await _check_urgency(update, context, draft["description"])
    return await _ask(update, context, step_after(Step.DESCRIPTION, bool(draft["urgent"])))


@observer_step
async def description_text(update: Update, context: BotContext) -> int | None:
    message = update.effective_message
    assert message is not None and message.text is not None
    problem = check_description(message.text)
    if problem is not None:
        await _check_urgency(update, context, message.text.strip())
        await message.reply_text(
            context.text(
                DESCRIPTION_KEYS[problem],
                min=MIN_DESCRIPTION,
                max=MAX_DESCRIPTION,
                length=len(message.text.strip()),
            )
        )
        return None
    _draft(context)["description"] = message.text.strip()
    return await _after_description(update, context)


@observer_step
async def description_voice(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.voice is not None
    draft = _draft(context)
    draft["voice"] = message.voice.file_id
    caption = (message.caption or "").strip()
    if caption and check_description(caption) is None:
        draft["description"] = caption
    await message.reply_text(context.text("reports-voice-kept"))
    return await _after_description(update, context)


@observer_step
async def photo_received(update: Update, context: BotContext) -> int | None:
    message = update.effective_message
    assert message is not None and message.photo
    photos: list[str] = _draft(context)["photos"]
    if len(photos) < MAX_PHOTOS:
        photos.append(message.photo[-1].file_id)  # the largest size
    if len(photos) >= MAX_PHOTOS:
        await message.reply_text(context.text("reports-photos-full", max=MAX_PHOTOS))
        return await _ask(update, context, Step.LOCATION)
    done = InlineKeyboardButton(context.text("reports-button-photos-done"), callback_data=PhotosDone().pack())
    await message.reply_text(
        context.text("reports-photo-received", count=len(photos), max=MAX_PHOTOS),
        reply_markup=InlineKeyboardMarkup([[done]]),
    )
    return None


@observer_step
@on_press(PhotosDone)
async def photos_done(update: Update, context: BotContext, _button: PhotosDone) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    return await _ask(update, context, Step.LOCATION)


@observer_step
async def location_shared(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.location is not None
    draft = _draft(context)
    draft["lat"], draft["lon"], draft["place"] = message.location.latitude, message.location.longitude, None
    await message.reply_text(context.text("reports-location-kept"), reply_markup=ReplyKeyboardRemove())
    return await _after_location(update, context)


def _is_skip(text: str, context: BotContext) -> bool:
    labels = {
        str(context.bot_data.translator(language, "reports-button-skip")) for language in SUPPORTED_LANGUAGES
    }
    return text.strip() in labels


@observer_step
async def location_typed(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = _draft(context)
    if _is_skip(message.text, context):
        draft["lat"] = draft["lon"] = draft["place"] = None
        await message.reply_text(context.text("reports-location-skipped"), reply_markup=ReplyKeyboardRemove())
        return await _after_location(update, context)
    typed = message.text.strip()[:MAX_PLACE_TEXT]
    try:
        match = await context.bot_data.places.find(typed)
    except GeocoderUnavailable:
        match = None  # the typed text is kept either way; the admins can read it
    draft["place"] = typed
    if match is None:
        draft["lat"] = draft["lon"] = None
        await message.reply_text(
            context.text("reports-place-as-text", place=typed), reply_markup=ReplyKeyboardRemove()
        )
    else:
        draft["lat"], draft["lon"] = match.lat, match.lon  # PlaceFinder answers in WGS-84
        draft["place"] = f"{typed} ({match.name_zh})" if match.name_zh not in typed else typed
        await message.reply_text(
            context.text("reports-place-found", place=match.name(context.language)),
            reply_markup=ReplyKeyboardRemove(),
        )
    return await _after_location(update, context)


async def _after_location(update: Update, context: BotContext) -> int:
    """Offer "+1" on a nearby open report of the same kind, except in the urgent lane: an emergency is
    never folded into an older report. In the urgent lane the place goes to the admin chat at once."""
    draft = _draft(context)
    await _keep_admins_posted(context, draft)
    if draft["lat"] is None or draft["urgent"] or context.profile is None:
        return await _ask(update, context, Step.ANONYMITY)
    now = context.bot_data.clock.utc()
    nearby = duplicate_candidates(
        await context.store.reports.open_nearby_candidates(draft["category"], now - DUPLICATE_WINDOW),
        category=draft["category"],
        lat=draft["lat"],
        lon=draft["lon"],
        now=now,
        exclude_user=context.profile.id,
    )[:MAX_DUPLICATE_OFFERS]
    if not nearby:
        return await _ask(update, context, Step.ANONYMITY)
    draft["offered"] = [report.id for report, _ in nearby]
    lines = [context.text("reports-duplicate-offer", count=len(nearby))]
    tz = context.settings.tzinfo
    lines += [
        context.text(
            "reports-duplicate-line",
            number=report.number,
            distance=round(metres),
            date=f"{report.created_at.astimezone(tz):%m-%d}",
            summary=excerpt(report.description)
            if report.description
            else context.text("reports-card-voice-only"),
            supporters=report.supporters + 1,
        )
        for report, metres in nearby
    ]
    buttons = [
        [
            InlineKeyboardButton(
                context.text("reports-button-plus-one", number=report.number),
                callback_data=PlusOne(report.id).pack(),
            )
        ]
        for report, _ in nearby
    ]
    buttons.append(
        [
            InlineKeyboardButton(
                context.text("reports-button-not-duplicate"), callback_data=NotDuplicate().pack()
            )
        ]
    )
    assert update.effective_chat is not None
    await context.bot.send_message(
        update.effective_chat.id, Html("\n\n".join(lines)), reply_markup=InlineKeyboardMarkup(buttons)
    )
    return ReportState.DUPLICATE


@observer_step
@on_press(PlusOne)
async def plus_one(update: Update, context: BotContext, button: PlusOne) -> int | None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    report_id = button.report_id
    draft = _draft(context)
    if report_id not in draft["offered"]:
        await answer_stale(update, context)
        return None
    supported = await support_report(
        context.store, report_id, context.profile.id, now=context.bot_data.clock.utc()
    )
    if supported is None:
        await query.answer(context.text("reports-plus-one-unavailable"), show_alert=True)
        return None
    number = supported.report.number
    _user_data(context).pop(DRAFT, None)
    await query.answer()
    await edit_pressed_message(
        query, context.text("reports-plus-one-done", number=number, count=supported.count)
    )
    await triage.tell_admin_chat(
        context.bot_data,
        "reports-admin-plus-one",
        purpose=f"report-plus-one:{supported.report.id}:{supported.count}",
        number=number,
        count=supported.count,
    )
    await triage.refresh_admin_card(context.bot_data, supported.report)
    return ConversationHandler.END


@observer_step
@on_press(NotDuplicate)
async def not_duplicate(update: Update, context: BotContext, _button: NotDuplicate) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    _draft(context)["offered"] = []
    await remove_pressed_buttons(query)
    return await _ask(update, context, Step.ANONYMITY)


@observer_step
@on_press(Anonymity)
async def anonymity_chosen(update: Update, context: BotContext, button: Anonymity) -> int:
    query = update.callback_query
    assert query is not None
    anonymous = button.anonymous is YesNo.YES
    _draft(context)["anonymous"] = anonymous
    await query.answer()
    await edit_pressed_message(
        query, context.text("reports-summary-anonymous" if anonymous else "reports-summary-named")
    )
    return await _ask(update, context, Step.CONFIRM)


@observer_step
@on_press(ConfirmReport)
async def confirm(update: Update, context: BotContext, _button: ConfirmReport) -> int | None:
    query = update.callback_query
    assert query is not None and context.profile is not None
    draft = _draft(context)
    if draft["category"] is None or (not draft["description"] and not draft["voice"]):
        await query.answer(context.text("button-expired"), show_alert=True)
        return await _ask(update, context, Step.CATEGORY)
    early_alert = _early_alert(draft)
    report = await file_report(
        context.store,
        NewReport(
            reporter_id=context.profile.id,
            category=draft["category"],
            description=draft["description"],
            voice_file_id=draft["voice"],
            photo_file_ids=tuple(draft["photos"]),
            lat=draft["lat"],
            lon=draft["lon"],
            place=draft["place"],
            anonymous=bool(draft["anonymous"]),
            urgent=bool(draft["urgent"]),
        ),
        tz=context.settings.tzinfo,
        now=context.bot_data.clock.utc(),
    )
    _user_data(context).pop(DRAFT, None)
    await query.answer()
    await remove_pressed_buttons(query)
    await context.bot.send_message(
        query.from_user.id,
        context.text("reports-filed-urgent" if report.urgent else "reports-filed", number=report.number),
    )
    await triage.post_to_admin_chat(context.bot_data, report, early_alert=early_alert)
    return ConversationHandler.END


@require_role(Role.COURIER)
async def cancel_report(update: Update, context: BotContext) -> int:
    """Anyone may leave; nothing was stored yet (an early alert is withdrawn)."""
    await _discard_draft(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit_pressed_message(update.callback_query, context.text("cancel-done"))
    else:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            context.text("cancel-done"), reply_markup=ReplyKeyboardRemove()
        )
    return ConversationHandler.END


@on_press(CancelReport)
async def cancel_report_pressed(update: Update, context: BotContext, _button: CancelReport) -> int | None:
    return await cancel_report(update, context)


@observer_step
async def resume(update: Update, context: BotContext) -> int:
    """/report or a stray message mid-report: show the current step again (after a restart, too)."""
    draft = _draft(context)
    if update.effective_message is not None and not (update.effective_message.text or "").startswith("/"):
        await update.effective_message.reply_text(context.text("reports-reprompt"))
    if draft.get("offered") and draft["step"] == Step.LOCATION.value:
        return await _after_location(update, context)
    return await _ask(update, context, Step(draft["step"]))


# --- /myreports -----------------------------------------------------------------------------------------


async def _show_my_page(update: Update, context: BotContext, page: int) -> None:
    assert context.profile is not None
    store, catalogue = context.store.reports, context.bot_data.catalogues.reports
    total = await store.count_by_reporter(context.profile.id)
    if total == 0:
        await edit_or_reply(update, context.text("reports-my-empty"))
        return
    shown = page_of(page, total, MY_PAGE_SIZE)
    reports = await store.by_reporter(context.profile.id, limit=shown.size, offset=shown.offset)
    notes = await store.latest_notes([report.id for report in reports])
    tz = context.settings.tzinfo
    lines = [context.text("reports-my-header", total=total, page=shown.number + 1, pages=shown.count)]
    for report in reports:
        category = catalogue.category(report.category)
        department = catalogue.department(report.department) if report.department else None
        entry = context.text(
            "reports-my-line",
            number=report.number,
            category=category.label(context.language) if category else report.category,
            status=context.text(triage.status_key(report.status)),
            date=f"{report.created_at.astimezone(tz):%Y-%m-%d}",
            summary=excerpt(report.description)
            if report.description
            else context.text("reports-card-voice-only"),
        )
        if department:
            entry = Html(
                entry
                + "\n"
                + context.text("reports-my-department", department=department.name(context.language))
            )
        if report.id in notes:
            entry = Html(entry + "\n" + context.text("reports-my-answer", note=notes[report.id]))
        lines.append(entry)
    navigation = navigation_row(
        shown, MyReportsPage, context.text("reports-button-previous"), context.text("reports-button-next")
    )
    await edit_or_reply(
        update, Html("\n\n".join(lines)), InlineKeyboardMarkup([navigation]) if navigation else None
    )


@require_role(Role.OBSERVER)
async def my_reports(update: Update, context: BotContext) -> None:
    await _show_my_page(update, context, 0)


@on_press(MyReportsPage)
async def my_reports_page(update: Update, context: BotContext, button: MyReportsPage) -> None:
    query = update.callback_query
    assert query is not None
    if button.page < 0:
        await answer_stale(update, context)
        return
    await query.answer()
    await _show_my_page(update, context, button.page)


# --- "解决了吗?" ----------------------------------------------------------------------------------------


@on_press(triage.FollowupAnswer)
async def followup_answer(update: Update, context: BotContext, button: triage.FollowupAnswer) -> None:
    """Answering about one's own report needs ownership (checked by the store), not the observer role:
    the question reaches a reporter whose role may have been revoked since."""
    query = update.callback_query
    assert query is not None and context.profile is not None
    solved = button.solved is triage.Solved.YES
    outcome = await answer_followup(
        context.store,
        context.bot_data.translator,
        context.bot_data.catalogues.reports,
        button.report_id,
        context.profile.id,
        solved=solved,
        now=context.bot_data.clock.utc(),
    )
    if outcome.change is None:  # answered already, or not their report
        await answer_stale(update, context)
        return
    report = outcome.change.report
    await query.answer()
    await edit_pressed_message(
        query,
        context.text(
            "reports-followup-thanks" if solved else "reports-followup-reopened", number=report.number
        ),
    )
    if outcome.reopened:
        await reopened_in_admin_chat(context, report)
    await context.bot_data.notifier.send(outcome.notices)


async def reopened_in_admin_chat(context: BotContext, report: Report) -> None:
    """A "not solved" answer: the admins hear of it and get the report's card again."""
    posting = f"{report.id}:{report.updated_at.isoformat()}"
    await triage.tell_admin_chat(
        context.bot_data, "reports-admin-reopened", purpose=f"report-reopened:{posting}", number=report.number
    )
    await triage.post_to_admin_chat(context.bot_data, report, again=True)


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    conversation = person_conversation(
        entry_points=[
            CommandHandler("report", start_report, filters=private),
            MessageHandler(text & IntentFilter(Intent.REPORT), start_report),
        ],
        states={
            ReportState.CATEGORY: [press_handler(CategoryChoice, category_chosen)],
            ReportState.DESCRIPTION: [
                MessageHandler(text, description_text),
                MessageHandler(private & filters.VOICE, description_voice),
            ],
            ReportState.PHOTOS: [
                MessageHandler(private & filters.PHOTO, photo_received),
                press_handler(PhotosDone, photos_done),
            ],
            ReportState.LOCATION: [
                MessageHandler(private & filters.LOCATION, location_shared),
                MessageHandler(text, location_typed),
            ],
            ReportState.DUPLICATE: [
                press_handler(PlusOne, plus_one),
                press_handler(NotDuplicate, not_duplicate),
            ],
            ReportState.ANONYMITY: [press_handler(Anonymity, anonymity_chosen)],
            ReportState.CONFIRM: [press_handler(ConfirmReport, confirm)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel_report),
            press_handler(CancelReport, cancel_report_pressed),
            CommandHandler("report", resume, filters=private),
            MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, resume),
            family_handler("rep"),  # a button of a finished or cancelled report
        ],
        name="report",
        persistent=True,
    )
    return [
        conversation,
        family_handler("rep"),  # a button of a finished or cancelled report
        CommandHandler("myreports", my_reports),
        press_handler(MyReportsPage, my_reports_page),
        press_handler(triage.FollowupAnswer, followup_answer),
    ]
