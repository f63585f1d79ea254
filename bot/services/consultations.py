"""Consultations as business actions: create one and ask its audience, answer a question, read the results,
turn a free-text answer into a report. Who may ask whom and see what is bot.consultations' `may_ask` and
`access_to`, checked here whatever the buttons said: an observer's results come without names, so no view
can show one.

The invitation (the title and the first question, with 匿名/署名 buttons) goes to every person of the audience
as a batch of personal notices through the outbox; each later question is the answer to that person's own
press or message, so the channel sends it directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.broadcast import Audience, Button
from bot.buttons import ButtonData
from bot.consultations import (
    ANSWER_LIMIT,
    Access,
    Answer,
    Consultation,
    Question,
    QuestionResult,
    access_to,
    may_ask,
    new_salt,
    next_question,
    reads_every_consultation,
    respondent_key,
    tally,
)
from bot.i18n import Translator
from bot.notify import Notice
from bot.reports import NewReport, Report
from bot.services.reports import file_report
from bot.storage import Storage
from bot.users import Actor, Role


@dataclass(frozen=True, slots=True)
class StartAnswering(ButtonData, prefix="cs:go", role=Role.COURIER):
    """匿名/署名 under the invitation: `named` is the person's choice for all their answers."""

    consultation_id: int
    named: bool


@dataclass(frozen=True, slots=True)
class ChooseOption(ButtonData, prefix="cs:opt", role=Role.COURIER):
    consultation_id: int
    question: int
    option: int
    named: bool


@dataclass(frozen=True, slots=True)
class SkipQuestion(ButtonData, prefix="cs:skip", role=Role.COURIER):
    consultation_id: int
    question: int
    named: bool


@dataclass(frozen=True, slots=True)
class NotYours:
    """Refused, nothing done: an audience the actor may not ask, or another's consultation."""


@dataclass(frozen=True, slots=True)
class NoExport:
    """Refused: the actor reads the answers (an observer) but the export holds names they may not see."""


@dataclass(frozen=True, slots=True)
class ConsultationCreated:
    consultation: Consultation
    notices: tuple[Notice, ...]  # one invitation per person of the audience


def invitation_notice(translator: Translator, consultation: Consultation, user_id: int) -> Notice:
    first = consultation.questions[0]

    def compose(language: str) -> str:
        return translator(
            language,
            "consult-invitation",
            title=consultation.title,
            count=len(consultation.questions),
            question=first.text,
        )

    def buttons(language: str) -> tuple[tuple[Button, ...], ...]:
        return (
            (
                Button(
                    translator(language, "consult-button-anonymous"),
                    StartAnswering(consultation.id, named=False).pack(),
                ),
                Button(
                    translator(language, "consult-button-named"),
                    StartAnswering(consultation.id, named=True).pack(),
                ),
            ),
        )

    return Notice(user_id, f"consult:{consultation.id}", compose, buttons)


async def create_consultation(
    store: Storage,
    translator: Translator,
    recipients: AsyncIterable[list[tuple[int, str]]],
    *,
    actor: Actor,
    title: str,
    questions: Sequence[Question],
    audience: Audience,
    now: datetime,
) -> ConsultationCreated | NotYours:
    """Store the consultation and write its invitations; `recipients` are the audience's pages (user id,
    language), as bot.outbox.AudienceSelector.pages gives them."""
    if not may_ask(actor, audience):
        return NotYours()
    consultation = await store.consultations.create(
        title=title, questions=questions, audience=audience, salt=new_salt(), created_by=actor.id, now=now
    )
    notices = [
        invitation_notice(translator, consultation, user_id)
        async for page in recipients
        for user_id, _language in page
    ]
    await store.consultations.set_recipients(consultation.id, len(notices))
    return ConsultationCreated(consultation, tuple(notices))


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a person stands after a press or an answer."""

    consultation: Consultation
    recorded: bool  # False: this question was answered before, the first answer stays
    next_index: int | None  # the question to ask now; None: every question is answered


async def progress_of(store: Storage, consultation_id: int, user_id: int) -> Progress | None:
    """The question to ask this person next; None when the consultation does not exist."""
    consultation = await store.consultations.get(consultation_id)
    salt = await store.consultations.salt(consultation_id)
    if consultation is None or salt is None:
        return None
    answered = await store.consultations.answered_questions(consultation_id, respondent_key(salt, user_id))
    return Progress(consultation, False, next_question(consultation, answered))


async def answer_question(
    store: Storage,
    *,
    consultation_id: int,
    question_index: int,
    user_id: int,
    named: bool,
    option: int | None,
    text: str | None,
    now: datetime,
    tz: tzinfo,
) -> Progress | None:
    """Record one answer (an option, a text, or neither: skipped). An anonymous answer is stored with the
    respondent key only. None when the consultation, the question or the option does not exist."""
    consultation = await store.consultations.get(consultation_id)
    salt = await store.consultations.salt(consultation_id)
    if consultation is None or salt is None or not 0 <= question_index < len(consultation.questions):
        return None
    question = consultation.questions[question_index]
    if option is not None and not 0 <= option < len(question.options):
        return None
    respondent = respondent_key(salt, user_id)
    recorded = await store.consultations.record_answer(
        consultation_id=consultation_id,
        question_index=question_index,
        respondent=respondent,
        user_id=user_id if named else None,
        option_index=option,
        text=text[:ANSWER_LIMIT] if text is not None else None,
        day=now.astimezone(tz).date(),
    )
    answered = await store.consultations.answered_questions(consultation_id, respondent)
    return Progress(consultation, recorded, next_question(consultation, answered))


@dataclass(frozen=True, slots=True)
class Results:
    consultation: Consultation
    answers: tuple[Answer, ...]
    questions: tuple[QuestionResult, ...]
    access: Access = Access.FULL  # ANSWERS: every answer is unsigned here, and there is no export

    @property
    def respondents(self) -> int:
        """People who answered the first question (every person is asked it first)."""
        return sum(1 for answer in self.answers if answer.question_index == 0)


async def results_of(store: Storage, consultation_id: int, access: Access = Access.FULL) -> Results | None:
    consultation = await store.consultations.get(consultation_id)
    if consultation is None:
        return None
    answers = tuple(await store.consultations.answers(consultation_id))
    if access is not Access.FULL:
        answers = tuple(answer.unsigned() for answer in answers)
    return Results(consultation, answers, tally(consultation, answers), access)


async def read_results(store: Storage, consultation_id: int, actor: Actor) -> Results | NotYours | None:
    """The results as this actor may see them (bot.consultations.access_to): None when the consultation
    does not exist, NotYours when the actor may not read it."""
    consultation = await store.consultations.get(consultation_id)
    if consultation is None:
        return None
    access = access_to(actor, consultation)
    if access is Access.NONE:
        return NotYours()
    return await results_of(store, consultation_id, access)


async def export_results(
    store: Storage, consultation_id: int, actor: Actor
) -> Results | NotYours | NoExport | None:
    """The results for an export, which holds the names of those who signed: only for the person who
    asked and the admins (an observer reads the answers, unsigned, but exports nothing)."""
    results = await read_results(store, consultation_id, actor)
    if isinstance(results, Results) and results.access is not Access.FULL:
        return NoExport()
    return results


async def consultations_of(store: Storage, actor: Actor) -> list[Consultation]:
    """The latest consultations an actor may read: all of them for admins and observers, their own for
    staff."""
    return await store.consultations.recent(created_by=None if reads_every_consultation(actor) else actor.id)


async def answer_to_report(
    store: Storage,
    answer_id: int,
    *,
    category: str,
    actor: Actor,
    tz: tzinfo,
    now: datetime,
) -> Report | NotYours | None:
    """File a free-text answer as a report by the person who taps (they follow it as its reporter); the
    text keeps the consultation and the question it answered, never who answered. None when the answer
    has no text or is gone; NotYours when the actor may not read its consultation."""
    answer = await store.consultations.answer(answer_id)
    if answer is None or answer.text is None:
        return None
    consultation = await store.consultations.get(answer.consultation_id)
    assert consultation is not None  # answers go with their consultation
    if access_to(actor, consultation) is Access.NONE:
        return NotYours()
    question = consultation.questions[answer.question_index]
    description = f"【{consultation.title}】{question.text}\n{answer.text}"
    return await file_report(
        store,
        NewReport(
            reporter_id=actor.id,
            category=category,
            description=description,
            voice_file_id=None,
            photo_file_ids=(),
            lat=None,
            lon=None,
            place=None,
            anonymous=False,
            urgent=False,
        ),
        tz=tz,
        now=now,
    )
