""" "Ask the desk" as business actions: a courier asks the staff of one station a question the policy
catalogue cannot answer, and one of them answers. Both go to the other person as notices through the
outbox; the staff's notice carries the Answer button, whose scope the server checks again on every use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.broadcast import Button
from bot.buttons import ButtonData
from bot.i18n import Translator
from bot.notify import Notice
from bot.policies import DESK_QUESTION_LIMIT, DeskQuestion
from bot.stations import Service, Station, StationCatalogue
from bot.storage import Storage
from bot.users import Actor, Role

NEAREST_DESKS = 3  # stations offered nearest the courier's last shared location
LISTED_DESKS = 5  # stations offered without a location: those with a policy desk first


@dataclass(frozen=True, slots=True)
class AnswerQuestion(ButtonData, prefix="desk:ans", role=Role.STAFF):
    """Under a question in the staff's notice; whether the presser acts for its station is checked on
    the server, from the question, never from the button."""

    question_id: int


def desk_stations(catalogue: StationCatalogue, location: tuple[float, float] | None) -> list[Station]:
    """The stations a courier may ask: the nearest to where they last were, else a short list."""
    if location is not None:
        return [hit.station for hit in catalogue.nearest(*location, NEAREST_DESKS)]
    ordered = sorted(catalogue, key=lambda station: not station.offers(Service.POLICY_DESK))
    return ordered[:LISTED_DESKS]


@dataclass(frozen=True, slots=True)
class Asked:
    question: DeskQuestion
    notices: tuple[Notice, ...]  # one per staff member of the station (its admins when it has none)


async def ask(
    store: Storage,
    translator: Translator,
    *,
    user_id: int,
    courier_name: str,
    station: Station,
    question: str,
    admin_ids: Iterable[int],
    now: datetime,
) -> Asked:
    asked = await store.policy_questions.ask(
        user_id=user_id, station_id=station.id, question=question[:DESK_QUESTION_LIMIT], now=now
    )
    recipients = await store.users.staff_of(station.id) or sorted(admin_ids)

    def compose(language: str) -> str:
        return translator(
            language,
            "desk-staff-question",
            station=station.name.pick(language),
            name=courier_name,
            question=asked.question,
        )

    def buttons(language: str) -> tuple[tuple[Button, ...], ...]:
        return ((Button(translator(language, "desk-button-answer"), AnswerQuestion(asked.id).pack()),),)

    notices = tuple(
        Notice(staff_id, f"desk-question:{asked.id}", compose, buttons) for staff_id in recipients
    )
    return Asked(asked, notices)


class Refusal(StrEnum):
    UNKNOWN = "unknown"  # no such question (forged, or its courier erased their data)
    NOT_YOURS = "not-yours"  # the question is for a station the presser does not act for
    ANSWERED = "answered"  # someone answered it first


async def check_answerable(store: Storage, actor: Actor, question_id: int) -> DeskQuestion | Refusal:
    question = await store.policy_questions.get(question_id)
    if question is None:
        return Refusal.UNKNOWN
    if not actor.acts_for(question.station_id):
        return Refusal.NOT_YOURS
    if question.answer is not None:
        return Refusal.ANSWERED
    return question


@dataclass(frozen=True, slots=True)
class Answered:
    refusal: Refusal | None
    notices: tuple[Notice, ...] = ()  # the answer, for the courier


async def answer(
    store: Storage,
    translator: Translator,
    catalogue: StationCatalogue,
    *,
    actor: Actor,
    question_id: int,
    text: str,
    now: datetime,
    tz: tzinfo,
) -> Answered:
    """The first answer of the station's staff goes back to the courier, naming the station and the day."""
    found = await check_answerable(store, actor, question_id)
    if isinstance(found, Refusal):
        return Answered(found)
    answer_text = text[:DESK_QUESTION_LIMIT]
    if not await store.policy_questions.answer(
        question_id, answer=answer_text, answered_by=actor.id, now=now
    ):
        return Answered(Refusal.ANSWERED)
    station = catalogue.by_id.get(found.station_id)

    def compose(language: str) -> str:
        return translator(
            language,
            "desk-courier-answer",
            station=station.name.pick(language) if station else found.station_id,
            date=now.astimezone(tz).date().isoformat(),
            question=found.question,
            answer=answer_text,
        )

    return Answered(None, (Notice(found.user_id, f"desk-answer:{question_id}", compose),))
