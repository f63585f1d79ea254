"""Consultations (协商), channel-neutral: an admin or station staff ask an audience one to five questions,
each a choice (2-10 options) or free text; answers are anonymous unless the person signs them; results are
counts, a chart and a table for export.

Scope: an admin asks any audience a broadcast may have and reads every consultation; station staff ask the
people near their own stations and read the consultations they started (`may_ask`). Observers (民情观察员)
ask nobody and read every consultation's answers, to carry a problem a courier wrote to the government as a
report, but never a name: the invitation promises a signed name to the person who asked and the admins only,
and the export, which holds those names, is theirs alone (`access_to`).

Choice questions are answered with inline buttons under the bot's message, not with native Telegram polls:
- the questions travel through the outbox (the first one as a batch of personal messages), and the outbox
  sends text with buttons to any channel; a poll would need a poll transport, and each person's poll has its
  own poll id that the outbox would have to hand back and store per recipient;
- the person chooses 匿名/署名 before the first answer, and buttons carry that choice with the answer, where
  a poll's PollAnswer update carries only the poll id and the voter;
- PollAnswer updates have no chat, so the per-chat ordering, flood guard and conversations (all keyed by
  chat) would not see them, and a voter can retract a vote, which a consultation cannot take back;
- WeChat, the second channel, has no polls; with buttons both channels ask the same way.
A question still reads like a poll: the same limits as Telegram's (question up to 300 characters, 2-10
options of 1-100 characters), one tap per answer.

Anonymity: an answer's `respondent` is an HMAC of the user id under the consultation's own random salt; it
stops a second answer to the same question and lets /deleteme find the person's answers, and nothing else
keeps the user id of an anonymous answer. Its day is kept, not its time (a time could be matched against
when the question was delivered).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from typing import Any

from bot.broadcast import Audience, AudienceKind
from bot.users import Actor, Role

MAX_QUESTIONS = 5
MIN_OPTIONS = 2
MAX_OPTIONS = 10
OPTION_LIMIT = 100  # characters, as a Telegram poll option
QUESTION_LIMIT = 300  # characters, as a Telegram poll question
TITLE_LIMIT = 100
ANSWER_LIMIT = 1000  # characters kept of a free-text answer
# What station staff may ask: the people whose last location is near one of their stations, within a
# radius that stays the station's neighbourhood (an admin's broadcast radius reaches across the city), and
# the people who checked in at one of their stations lately (its regulars).
STAFF_AUDIENCE_KINDS = frozenset({AudienceKind.NEAR_STATION, AudienceKind.CHECKED_IN_AT})
STAFF_MAX_RADIUS_KM = 5.0
EXPORT_HEADER_KEYS = (
    "consult-export-question",
    "consult-export-text",
    "consult-export-answer",
    "consult-export-by",
    "consult-export-day",
)

# "1. 选项", "1、选项", "- 选项", "A) 选项": the marks people type before options are not part of them.
_OPTION_MARK = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）]|[A-Ja-j][.、)）])\s*")


class QuestionError(ValueError):
    """A question an admin typed that breaks a limit; `key` and `args` name the message that says which."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_for_text = args


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    options: tuple[str, ...] = ()  # empty: a free-text question

    @property
    def is_choice(self) -> bool:
        return bool(self.options)


def parse_question(typed: str) -> Question:
    """The first line is the question; each further line is an option. One line alone is free text."""
    lines = [line.strip() for line in typed.splitlines() if line.strip()]
    if not lines:
        raise QuestionError("consult-question-empty")
    text, options = lines[0], tuple(_OPTION_MARK.sub("", line).strip() for line in lines[1:])
    if len(text) > QUESTION_LIMIT:
        raise QuestionError("consult-question-too-long", limit=QUESTION_LIMIT)
    if not options:
        return Question(text)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise QuestionError("consult-options-count", low=MIN_OPTIONS, high=MAX_OPTIONS)
    if any(not option or len(option) > OPTION_LIMIT for option in options):
        raise QuestionError("consult-option-length", limit=OPTION_LIMIT)
    if len(set(options)) < len(options):
        raise QuestionError("consult-options-repeated")
    return Question(text, options)


def encode_questions(questions: Sequence[Question]) -> str:
    return json.dumps(
        [{"text": question.text, "options": list(question.options)} for question in questions],
        ensure_ascii=False,
    )


def decode_questions(stored: str) -> tuple[Question, ...]:
    return tuple(Question(item["text"], tuple(item["options"])) for item in json.loads(stored))


@dataclass(frozen=True, slots=True)
class Consultation:
    id: int
    title: str
    questions: tuple[Question, ...]
    audience: Audience
    created_by: int
    created_at: datetime
    recipients: int  # how many were asked


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    consultation_id: int
    question_index: int
    option_index: int | None
    text: str | None
    user_id: int | None  # named answers only
    name: str | None  # the named person's first name, as results show it
    answered_on: date

    @property
    def skipped(self) -> bool:
        return self.option_index is None and self.text is None

    def unsigned(self) -> Answer:
        """The answer as an anonymous one reads: what it says, not who said it."""
        return replace(self, user_id=None, name=None)


def may_ask(actor: Actor, audience: Audience) -> bool:
    """Whether this actor may ask this audience (or, with no radius yet, go on choosing it)."""
    if actor.is_admin:
        return True
    return (
        audience.kind in STAFF_AUDIENCE_KINDS
        and audience.station_id in actor.stations
        and (audience.radius_km or 0.0) <= STAFF_MAX_RADIUS_KM
    )


class Access(Enum):
    """What an actor may see of a consultation's results."""

    NONE = "none"
    ANSWERS = "answers"  # counts and answers, every one as if anonymous; no export
    FULL = "full"  # with the names of those who signed, and the export


def reads_every_consultation(actor: Actor) -> bool:
    """Admins and observers read every consultation (observers without names); staff their own."""
    return actor.is_admin or Role.OBSERVER in actor.roles


def access_to(actor: Actor, consultation: Consultation) -> Access:
    """The person who asked and the admins see it all, as the invitation promises; observers the answers."""
    if actor.is_admin or consultation.created_by == actor.id:
        return Access.FULL
    if reads_every_consultation(actor):
        return Access.ANSWERS
    return Access.NONE


def new_salt() -> str:
    return secrets.token_hex(16)


def respondent_key(salt: str, user_id: int) -> str:
    """The same person gives the same key within one consultation, and different keys across them."""
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    counts: tuple[int, ...]  # per option of a choice question
    texts: tuple[Answer, ...]  # the free-text answers, in the order given
    skipped: int

    @property
    def answered(self) -> int:
        return sum(self.counts) + len(self.texts)


def tally(consultation: Consultation, answers: Sequence[Answer]) -> tuple[QuestionResult, ...]:
    """Counts per option and the free-text answers, question by question; an answer naming an option the
    question does not have is not counted."""
    results = []
    for index, question in enumerate(consultation.questions):
        mine = [answer for answer in answers if answer.question_index == index]
        counts = [0] * len(question.options)
        for answer in mine:
            if answer.option_index is not None and 0 <= answer.option_index < len(counts):
                counts[answer.option_index] += 1
        texts = tuple(answer for answer in mine if answer.text is not None)
        skipped = sum(1 for answer in mine if answer.skipped)
        results.append(QuestionResult(question, tuple(counts), texts, skipped))
    return tuple(results)


def next_question(consultation: Consultation, answered: set[int]) -> int | None:
    """The first question this person has not answered, or None when they are done."""
    return next((index for index in range(len(consultation.questions)) if index not in answered), None)


def answer_table(
    consultation: Consultation, answers: Sequence[Answer], label: Callable[[str], str]
) -> tuple[list[str], list[list[Any]]]:
    """One row per answer for CSV and XLSX: question, answer, who (or "anonymous"), day."""
    header = [label(key) for key in EXPORT_HEADER_KEYS]
    rows: list[list[Any]] = []
    for answer in sorted(answers, key=lambda item: (item.question_index, item.id)):
        if not 0 <= answer.question_index < len(consultation.questions):
            continue
        question = consultation.questions[answer.question_index]
        if answer.option_index is not None and answer.option_index < len(question.options):
            given = question.options[answer.option_index]
        elif answer.text is not None:
            given = answer.text
        else:
            given = label("consult-export-skipped")
        by = answer.name if answer.user_id is not None else label("consult-export-anonymous")
        rows.append([answer.question_index + 1, question.text, given, by, answer.answered_on.isoformat()])
    return header, rows


# Fonts with Chinese glyphs, as matplotlib names them, in order of preference: with one of them installed the
# chart names the questions and options; without, it numbers them (the default fonts have no Chinese).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
CHART_TITLE_CHARS = 24  # of a question in a chart's title
CHART_OPTION_CHARS = 12  # of an option beside its bar


def find_cjk_font() -> str | None:
    """The first of CJK_FONTS that matplotlib finds on this machine, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class ChartLabels:
    title: str
    options: tuple[str, ...]


def chart_labels(number: int, result: QuestionResult, *, named: bool) -> ChartLabels:
    """A choice question's title and bar labels: its text and its options' (shortened) when the chart
    has a font for them (`named`), else "Q2" and the option numbers, which the results message explains."""
    count = f"(n={sum(result.counts)})"
    question = result.question
    if named:
        return ChartLabels(
            f"Q{number} {_shortened(question.text, CHART_TITLE_CHARS)} {count}",
            tuple(_shortened(option, CHART_OPTION_CHARS) for option in question.options),
        )
    numbers = tuple(str(index) for index in range(1, len(question.options) + 1))
    return ChartLabels(f"Q{number} {count}", numbers)


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    named: bool  # labelled with the texts; False: with question and option numbers


def chart_png(
    results: Sequence[QuestionResult], font_lookup: Callable[[], str | None] = find_cjk_font
) -> Chart | None:
    """Horizontal bars per choice question, labelled with the texts when `font_lookup` finds a font with
    Chinese glyphs, else by question and option number. None when no question is a choice.

    matplotlib takes tens of MB and a second to import: it is imported here, on the first chart, never
    at start (the memory bench measures a worker at rest)."""
    choices = [(index, result) for index, result in enumerate(results) if result.question.is_choice]
    if not choices:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    font = font_lookup()
    figure = Figure(figsize=(6, 1.2 + 1.6 * len(choices)), dpi=100, layout="constrained")
    for row, (index, result) in enumerate(choices, start=1):
        labels = chart_labels(index + 1, result, named=font is not None)
        text_font = FontProperties(family=font) if font is not None else None  # None: the default
        axes = figure.add_subplot(len(choices), 1, row)
        positions = list(range(len(result.counts)))
        axes.barh(positions, result.counts, color="#2e7d32")
        axes.set_yticks(positions, labels.options, fontproperties=text_font)
        axes.invert_yaxis()  # option 1 on top, as in the list
        axes.set_title(labels.title, loc="left", fontproperties=text_font)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole people
        for position, count in zip(positions, result.counts, strict=True):
            axes.annotate(
                str(count), (count, position), xytext=(3, 0), textcoords="offset points", va="center"
            )
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # font cache notices on a first run
        figure.savefig(buffer, format="png")
    return Chart(buffer.getvalue(), named=font is not None)
