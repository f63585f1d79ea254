"""/consult: an admin or station staff ask couriers one to five questions (协商) and read the answers.

- /consult (admins and station staff, private chat): title, questions (a choice question is typed as the
  question and one option per line; one line alone asks for free text), the audience as a broadcast's (staff:
  the people near their own stations), a preview with the recipient count, confirm. The invitations go
  through the outbox (bot/services/consultations.py).
- The person asked: 匿名 (the first button, the default) or 署名, then one question after the other; a
  choice is one tap (why buttons and not native polls: bot/consultations.py), a free-text answer is their
  next message, or "skip".
- /consult list and /consult results ID (admins: every consultation; staff: those they started): counts, a
  chart, the free-text answers with "转为报告" for observers and admins (the answer filed as a report, its
  category chosen by a second tap), CSV and XLSX.
- Observers (民情观察员) start nothing: their /consult is the list, and they read every consultation's
  answers, each as if anonymous, with "转为报告" and without the export (bot.consultations.access_to).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from html import escape
from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.broadcast import MAX_RADIUS_KM, Audience
from bot.buttons import ButtonData
from bot.channels.telegram.context import BotContext
from bot.channels.telegram.delivery import audience_selector
from bot.consultations import (
    MAX_QUESTIONS,
    STAFF_MAX_RADIUS_KM,
    TITLE_LIMIT,
    Access,
    Consultation,
    Question,
    QuestionError,
    answer_table,
    chart_png,
    decode_questions,
    encode_questions,
    may_ask,
    parse_question,
)
from bot.exports import to_csv, to_xlsx
from bot.handlers import triage
from bot.handlers.audience import (
    AudienceButtons,
    AudienceChoice,
    AudiencePicker,
    Button,
    DistrictChoice,
    LanguageChoice,
    StationChoice,
    describe_audience,
    keyboard,
    say,
)
from bot.handlers.broadcast import use_the_buttons  # the same hint in every admin form
from bot.handlers.conversations import person_conversation
from bot.handlers.editing import remove_pressed_buttons
from bot.handlers.guards import confidential, parse_id, require_role
from bot.handlers.presses import answer_stale, family_handler, on_press, press_handler
from bot.i18n import Html
from bot.services.consultations import (
    ChooseOption,
    NoExport,
    NotYours,
    Progress,
    Results,
    SkipQuestion,
    StartAnswering,
    answer_question,
    answer_to_report,
    consultations_of,
    create_consultation,
    export_results,
    progress_of,
    read_results,
)
from bot.users import Actor, Role, holds, holds_any

DRAFT = "consult_draft"
ANSWERING = "consult_answering"  # {"id": consultation, "question": index, "named": bool}
SHOWN_TEXT_ANSWERS = 20  # per question in the results message; every answer is in the export
SHOWN_ANSWER_CHARS = 200
# Who may turn a free-text answer into a report: observers file reports, admins triage them.
REPORTERS = frozenset({Role.OBSERVER, Role.ADMIN})
# Who may read results: staff (and admins, who act as staff) what bot.consultations.access_to allows them,
# observers every consultation's answers without names.
READERS = frozenset({Role.OBSERVER, Role.STAFF})


class Step(IntEnum):
    TITLE = 1
    QUESTION = 2
    # 3 to 7: the audience steps (bot.handlers.audience.AudienceStep)
    CONFIRM = 8


class AnswerStep(IntEnum):
    TEXT = 1  # the person's next message answers a free-text question


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


# --- buttons: the form's and the export's are station staff's (admins act as staff everywhere), the
# results' are observers' too; the server checks the scope (bot.consultations may_ask, access_to) on
# every press ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionsDone(ButtonData, prefix="cs:done", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class Confirm(ButtonData, prefix="cs:ok", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class ConsultAudience(AudienceChoice, prefix="cs:aud", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class ConsultDistrict(DistrictChoice, prefix="cs:dist", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class ConsultStation(StationChoice, prefix="cs:st", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class ConsultLanguage(LanguageChoice, prefix="cs:lang", role=Role.STAFF):
    pass


@dataclass(frozen=True, slots=True)
class AbortDraft(ButtonData, prefix="cs:abort", role=Role.COURIER):
    """No role needed: an admin or staff member removed mid-form must still be able to leave it."""


@dataclass(frozen=True, slots=True)
class ShowResults(ButtonData, prefix="cs:res", role=READERS):
    consultation_id: int


@dataclass(frozen=True, slots=True)
class Export(ButtonData, prefix="cs:exp", role=Role.STAFF):
    consultation_id: int
    format: ExportFormat


@dataclass(frozen=True, slots=True)
class TurnIntoReport(ButtonData, prefix="cs:rep", role=REPORTERS):
    answer_id: int


@dataclass(frozen=True, slots=True)
class ReportCategory(ButtonData, prefix="cs:cat", role=REPORTERS):
    answer_id: int
    category: str


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


def _cancel_row(context: BotContext) -> list[Button]:
    return [(context.text("broadcast-button-abort"), AbortDraft())]


# --- creating ---------------------------------------------------------------------------------------------


@require_role(READERS)
@confidential
async def begin(update: Update, context: BotContext) -> int:
    """/consult starts the form; /consult list and /consult results ID read (and leave a form as it is).
    An observer, who starts none, gets the list: reading is all their /consult does."""
    assert update.effective_message is not None and context.user_data is not None
    if context.args or not holds(context.roles, Role.STAFF):
        await _read(update, context, context.args or ["list"])
        return ConversationHandler.END
    context.user_data[DRAFT] = {"questions": encode_questions([])}
    await update.effective_message.reply_text(
        context.text("consult-ask-title", limit=TITLE_LIMIT), reply_markup=keyboard([_cancel_row(context)])
    )
    return Step.TITLE


@require_role(Role.STAFF)
@confidential
async def title_given(update: Update, context: BotContext) -> Step:
    message = update.effective_message
    assert message is not None and message.text is not None
    title = message.text.strip()
    if len(title) > TITLE_LIMIT:
        await message.reply_text(context.text("consult-ask-title", limit=TITLE_LIMIT))
        return Step.TITLE
    _draft(context)["title"] = title
    await message.reply_text(
        context.text("consult-ask-question", number=1, most=MAX_QUESTIONS),
        reply_markup=keyboard([_cancel_row(context)]),
    )
    return Step.QUESTION


@require_role(Role.STAFF)
@confidential
async def question_given(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = _draft(context)
    try:
        question = parse_question(message.text)
    except QuestionError as error:
        await message.reply_text(context.text(error.key, **error.args_for_text))
        return Step.QUESTION
    questions = [*decode_questions(draft["questions"]), question]
    draft["questions"] = encode_questions(questions)
    if len(questions) >= MAX_QUESTIONS:
        return await _AUDIENCE.ask(update, context)
    await message.reply_text(
        context.text("consult-question-added", number=len(questions), most=MAX_QUESTIONS),
        reply_markup=keyboard(
            [[(context.text("consult-button-done"), QuestionsDone())], _cancel_row(context)]
        ),
    )
    return Step.QUESTION


@confidential  # before parsing: a press in a group is refused whatever its data
@on_press(QuestionsDone)
async def questions_done(update: Update, context: BotContext, button: QuestionsDone) -> int:
    if not decode_questions(_draft(context).get("questions", "[]")):
        await answer_stale(update, context)
        return Step.QUESTION
    return await _AUDIENCE.ask(update, context)


def _describe_questions(context: BotContext, questions: tuple[Question, ...]) -> str:
    lines = []
    for number, question in enumerate(questions, start=1):
        lines.append(f"<b>Q{number}</b> {escape(question.text)}")
        if question.is_choice:
            lines.extend(f"   {index}. {escape(option)}" for index, option in enumerate(question.options, 1))
        else:
            lines.append(f"   {context.text('consult-free-text')}")
    return "\n".join(lines)


async def _preview(update: Update, context: BotContext, audience: Audience, counts: dict[str, int]) -> Step:
    draft = _draft(context)
    draft["audience"] = audience.to_json()
    questions = decode_questions(draft["questions"])
    text = context.text(
        "consult-preview",
        title=draft["title"],
        questions=Html(_describe_questions(context, questions)),
        audience=describe_audience(context, audience),
        count=sum(counts.values()),
    )
    assert update.effective_chat is not None
    await update.effective_chat.send_message(
        text,
        reply_markup=keyboard([[(context.text("consult-button-send"), Confirm())], _cancel_row(context)]),
    )
    return Step.CONFIRM


def _max_radius_km(actor: Actor) -> float:
    return MAX_RADIUS_KM if actor.is_admin else STAFF_MAX_RADIUS_KM


_AUDIENCE = AudiencePicker(
    draft=_draft,
    cancel_row=_cancel_row,
    chosen=_preview,
    buttons=AudienceButtons(ConsultAudience, ConsultDistrict, ConsultStation, ConsultLanguage),
    role=Role.STAFF,
    may_choose=may_ask,
    max_radius_km=_max_radius_km,
)


@confidential  # before parsing: a press in a group is refused whatever its data
@on_press(Confirm)
async def confirmed(update: Update, context: BotContext, button: Confirm) -> int | None:
    assert context.profile is not None and context.user_data is not None
    draft = context.user_data[DRAFT]
    audience = Audience.from_json(draft["audience"])
    created = await create_consultation(
        context.store,
        context.bot_data.translator,
        audience_selector(context.bot_data).pages(audience),
        actor=context.actor,
        title=draft["title"],
        questions=decode_questions(draft["questions"]),
        audience=audience,
        now=context.bot_data.clock.utc(),
    )
    if isinstance(created, NotYours):  # no longer staff of that station (or a forged press)
        assert update.callback_query is not None
        await update.callback_query.answer(context.text("station-not-yours"), show_alert=True)
        return None
    del context.user_data[DRAFT]
    queued = await context.bot_data.notifier.send(created.notices)
    consultation = created.consultation
    await say(
        update,
        context.text("consult-sent", id=consultation.id, count=queued),
        keyboard([[(context.text("consult-button-results"), ShowResults(consultation.id))]]),
    )
    return ConversationHandler.END


@require_role(Role.COURIER)
async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    await say(update, context.text("consult-cancelled"))
    return ConversationHandler.END


@on_press(AbortDraft)
async def abort_pressed(update: Update, context: BotContext, button: AbortDraft) -> int | None:
    return await cancel(update, context)


# --- answering --------------------------------------------------------------------------------------------


async def _ask_next(update: Update, context: BotContext, progress: Progress, named: bool) -> int:
    """The next question, or thanks when there is none; a free-text question waits for the next message."""
    assert update.effective_chat is not None and context.user_data is not None
    consultation, index = progress.consultation, progress.next_index
    if index is None:
        context.user_data.pop(ANSWERING, None)
        await update.effective_chat.send_message(context.text("consult-thanks", title=consultation.title))
        return ConversationHandler.END
    question = consultation.questions[index]
    header = context.text(
        "consult-question", number=index + 1, count=len(consultation.questions), text=question.text
    )
    if question.is_choice:
        context.user_data.pop(ANSWERING, None)
        rows = [
            [(option[:60], ChooseOption(consultation.id, index, number, named))]
            for number, option in enumerate(question.options)
        ]
        await update.effective_chat.send_message(header, reply_markup=keyboard(rows))
        return ConversationHandler.END
    context.user_data[ANSWERING] = {"id": consultation.id, "question": index, "named": named}
    skip = [[(context.text("consult-button-skip"), SkipQuestion(consultation.id, index, named))]]
    await update.effective_chat.send_message(
        Html(f"{header}\n{context.text('consult-type-answer')}"), reply_markup=keyboard(skip)
    )
    return AnswerStep.TEXT


@require_role(Role.COURIER)
async def stop_answering(update: Update, context: BotContext) -> int:
    """/cancel while a free-text answer is awaited: the question stays unanswered, its buttons work later."""
    assert context.user_data is not None and update.effective_message is not None
    context.user_data.pop(ANSWERING, None)
    await update.effective_message.reply_text(context.text("consult-answering-stopped"))
    return ConversationHandler.END


@on_press(StartAnswering)
async def start_answering(update: Update, context: BotContext, button: StartAnswering) -> int | None:
    assert context.profile is not None and update.callback_query is not None
    progress = await progress_of(context.store, button.consultation_id, context.profile.id)
    if progress is None:
        await answer_stale(update, context)
        return None
    if progress.next_index is None:
        await update.callback_query.answer(context.text("consult-already-answered"), show_alert=True)
        return ConversationHandler.END
    await update.callback_query.answer()
    await remove_pressed_buttons(update.callback_query)
    return await _ask_next(update, context, progress, button.named)


async def _answer(
    update: Update,
    context: BotContext,
    *,
    consultation_id: int,
    question: int,
    named: bool,
    option: int | None = None,
    text: str | None = None,
) -> int | None:
    assert context.profile is not None
    progress = await answer_question(
        context.store,
        consultation_id=consultation_id,
        question_index=question,
        user_id=context.profile.id,
        named=named,
        option=option,
        text=text,
        now=context.bot_data.clock.utc(),
        tz=context.settings.tzinfo,
    )
    query = update.callback_query
    if progress is None:
        if query is not None:
            await answer_stale(update, context)
        return None
    if query is not None:
        shown = (
            context.text("consult-answer-kept")
            if progress.recorded
            else context.text("consult-answered-before")
        )
        await query.answer(shown)
        await remove_pressed_buttons(query)
    return await _ask_next(update, context, progress, named)


@on_press(ChooseOption)
async def option_chosen(update: Update, context: BotContext, button: ChooseOption) -> int | None:
    return await _answer(
        update,
        context,
        consultation_id=button.consultation_id,
        question=button.question,
        named=button.named,
        option=button.option,
    )


@on_press(SkipQuestion)
async def question_skipped(update: Update, context: BotContext, button: SkipQuestion) -> int | None:
    return await _answer(
        update, context, consultation_id=button.consultation_id, question=button.question, named=button.named
    )


async def text_answered(update: Update, context: BotContext) -> int | None:
    message = update.effective_message
    assert message is not None and message.text is not None and context.user_data is not None
    waiting = context.user_data.get(ANSWERING)
    if waiting is None:  # the state outlived its data (erased): nothing to answer
        return ConversationHandler.END
    return await _answer(
        update,
        context,
        consultation_id=waiting["id"],
        question=waiting["question"],
        named=waiting["named"],
        text=message.text,
    )


# --- results ----------------------------------------------------------------------------------------------


def _render_results(context: BotContext, results: Results) -> tuple[str, list[list[Button]]]:
    consultation = results.consultation
    lines: list[str] = [
        context.text(
            "consult-results-header",
            id=consultation.id,
            title=consultation.title,
            asked=consultation.recipients,
            answered=results.respondents,
        )
    ]
    report_buttons: list[Button] = []
    anonymous = context.text("consult-anonymous")
    for number, result in enumerate(results.questions, start=1):
        lines.append(f"\n<b>Q{number}</b> {escape(result.question.text)}")
        for index, (option, count) in enumerate(zip(result.question.options, result.counts, strict=True), 1):
            lines.append(f"{index}. {escape(option)} — <b>{count}</b>")
        for answer in result.texts[:SHOWN_TEXT_ANSWERS]:
            report_buttons.append((f"📣 #{len(report_buttons) + 1}", TurnIntoReport(answer.id)))
            who = escape(answer.name or "") if answer.user_id is not None else anonymous
            lines.append(f"#{len(report_buttons)} {escape((answer.text or '')[:SHOWN_ANSWER_CHARS])} — {who}")
        if len(result.texts) > SHOWN_TEXT_ANSWERS:
            lines.append(context.text("consult-more-in-export", count=len(result.texts) - SHOWN_TEXT_ANSWERS))
        if result.skipped:
            lines.append(context.text("consult-skipped", count=result.skipped))
    if not holds_any(context.roles, REPORTERS):  # station staff read; observers and admins file reports
        report_buttons = []
    buttons: list[list[Button]] = []
    if results.access is Access.FULL:  # the export holds the names of those who signed
        buttons.append(
            [
                ("CSV", Export(consultation.id, ExportFormat.CSV)),
                ("XLSX", Export(consultation.id, ExportFormat.XLSX)),
            ]
        )
    buttons += [report_buttons[index : index + 5] for index in range(0, len(report_buttons), 5)]
    return "\n".join(lines), buttons


async def _show_results(update: Update, context: BotContext, results: Results) -> None:
    assert update.effective_chat is not None
    consultation_id = results.consultation.id
    text, buttons = _render_results(context, results)
    if any(result.texts for result in results.questions) and holds_any(context.roles, REPORTERS):
        text += "\n\n" + context.text("consult-report-hint")
    chart = chart_png(results.questions)
    if chart is not None:
        caption = "consult-chart-caption-named" if chart.named else "consult-chart-caption"
        await update.effective_chat.send_photo(
            InputFile(io.BytesIO(chart.png), filename=f"consultation-{consultation_id}.png"),
            caption=context.text(caption, id=consultation_id),
        )
    await update.effective_chat.send_message(text, reply_markup=keyboard(buttons))


def _list_label(consultation: Consultation) -> str:
    """A button label: plain text, not HTML."""
    return f"#{consultation.id} {consultation.title} · {consultation.created_at:%Y-%m-%d}"[:60]


async def _read(update: Update, context: BotContext, args: list[str]) -> None:
    """/consult list, /consult results ID."""
    message = update.effective_message
    assert message is not None
    may_start = holds(context.roles, Role.STAFF)  # an observer is never told to start one
    if args[:1] == ["list"]:
        recent = await consultations_of(context.store, context.actor)
        if not recent:
            none = "consult-none-yet" if may_start else "consult-none-to-read"
            await message.reply_text(context.text(none))
            return
        rows = [[(_list_label(item), ShowResults(item.id))] for item in recent]
        await message.reply_text(context.text("consult-list"), reply_markup=keyboard(rows))
        return
    consultation_id = parse_id(args[1]) if len(args) == 2 and args[0] == "results" else None
    if consultation_id is None:
        await message.reply_text(context.text("consult-usage" if may_start else "consult-usage-reader"))
        return
    results = await read_results(context.store, consultation_id, context.actor)
    if results is None:
        await message.reply_text(context.text("consult-unknown", id=consultation_id))
    elif isinstance(results, NotYours):
        await message.reply_text(context.text("consult-not-yours"))
    else:
        await _show_results(update, context, results)


async def _refused(update: Update, context: BotContext, found: Results | NotYours | NoExport | None) -> bool:
    """A press on results the actor may not have: a gone consultation is a stale button, the others an
    alert saying why. True when refused (the press is answered)."""
    if found is None:
        await answer_stale(update, context)
        return True
    if isinstance(found, Results):
        return False
    assert update.callback_query is not None
    refusal = "consult-export-not-yours" if isinstance(found, NoExport) else "consult-not-yours"
    await update.callback_query.answer(context.text(refusal), show_alert=True)
    return True


@confidential
@on_press(ShowResults)
async def results_pressed(update: Update, context: BotContext, button: ShowResults) -> None:
    query = update.callback_query
    assert query is not None
    results = await read_results(context.store, button.consultation_id, context.actor)
    if await _refused(update, context, results):
        return
    assert isinstance(results, Results)
    await query.answer()
    await _show_results(update, context, results)


@confidential
@on_press(Export)
async def export_pressed(update: Update, context: BotContext, button: Export) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    results = await export_results(context.store, button.consultation_id, context.actor)
    if await _refused(update, context, results):
        return
    assert isinstance(results, Results)
    await query.answer()
    header, rows = answer_table(results.consultation, results.answers, lambda key: context.text(key))
    if button.format is ExportFormat.CSV:
        data = to_csv(header, rows)
    else:
        data = to_xlsx(header, rows, results.consultation.title)
    await update.effective_chat.send_document(
        InputFile(io.BytesIO(data), filename=f"consultation-{button.consultation_id}.{button.format.value}"),
        caption=context.text("consult-export-caption", count=len(rows)),
    )


@confidential
@on_press(TurnIntoReport)
async def turn_into_report(update: Update, context: BotContext, button: TurnIntoReport) -> None:
    """The first tap: which category? The second files it."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    answer = await context.store.consultations.answer(button.answer_id)
    if answer is None or answer.text is None:
        await answer_stale(update, context)
        return
    await query.answer()
    categories = context.bot_data.catalogues.reports.categories
    rows: list[Button] = [
        (category.name(context.language), ReportCategory(answer.id, category.id)) for category in categories
    ]
    await update.effective_chat.send_message(
        context.text("consult-report-category", text=answer.text[:SHOWN_ANSWER_CHARS]),
        reply_markup=keyboard([rows[index : index + 2] for index in range(0, len(rows), 2)]),
    )


@confidential
@on_press(ReportCategory)
async def report_category_chosen(update: Update, context: BotContext, button: ReportCategory) -> None:
    query = update.callback_query
    assert query is not None
    if context.bot_data.catalogues.reports.category(button.category) is None:
        await answer_stale(update, context)
        return
    report = await answer_to_report(
        context.store,
        button.answer_id,
        category=button.category,
        actor=context.actor,
        tz=context.settings.tzinfo,
        now=context.bot_data.clock.utc(),
    )
    if report is None:
        await answer_stale(update, context)
        return
    if isinstance(report, NotYours):
        await query.answer(context.text("consult-not-yours"), show_alert=True)
        return
    # Observers follow their reports with /myreports; admins handle every one with /reports.
    follow = "/myreports" if Role.OBSERVER in context.roles else "/reports"
    await say(update, context.text("consult-report-filed", number=report.number, command=follow))
    await triage.post_to_admin_chat(context.bot_data, report)


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    text = filters.TEXT & ~filters.COMMAND
    private = filters.ChatType.PRIVATE
    creating: ConversationHandler[BotContext] = person_conversation(
        entry_points=[CommandHandler("consult", begin)],
        states={
            Step.TITLE: [MessageHandler(text, title_given)],
            Step.QUESTION: [
                MessageHandler(text, question_given),
                press_handler(QuestionsDone, questions_done),
            ],
            **_AUDIENCE.states(),
            Step.CONFIRM: [press_handler(Confirm, confirmed)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            press_handler(AbortDraft, abort_pressed),
            CommandHandler("consult", begin),
            MessageHandler(private & ~filters.COMMAND, use_the_buttons),
        ],
        name="consult",
        persistent=True,
        allow_reentry=True,
    )
    answer_presses = [
        press_handler(StartAnswering, start_answering),
        press_handler(ChooseOption, option_chosen),
        press_handler(SkipQuestion, question_skipped),
    ]
    answering: ConversationHandler[BotContext] = person_conversation(
        entry_points=answer_presses,
        states={AnswerStep.TEXT: [MessageHandler(private & text, text_answered)]},
        fallbacks=[CommandHandler("cancel", stop_answering)],
        name="consult_answer",
        persistent=True,
        allow_reentry=True,
    )
    return [
        creating,
        answering,
        press_handler(ShowResults, results_pressed),
        press_handler(Export, export_pressed),
        press_handler(TurnIntoReport, turn_into_report),
        press_handler(ReportCategory, report_category_chosen),
        family_handler("cs"),  # a button of a form that has ended, or data no kind carries
    ]
