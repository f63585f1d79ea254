"""Consultations as business actions, on SQLite and PostgreSQL: invitations, anonymous and named answers,
one answer per question, results, an answer turned into a report, erasure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.broadcast import Audience, AudienceKind
from bot.consultations import Access, Question
from bot.i18n import Translator
from bot.reports import Report
from bot.services.consultations import (
    ConsultationCreated,
    NoExport,
    NotYours,
    Results,
    answer_question,
    answer_to_report,
    consultations_of,
    create_consultation,
    export_results,
    progress_of,
    read_results,
    results_of,
)
from bot.storage import Storage
from bot.users import Actor, Role

ADMIN, ANNA, BO = 7001, 101, 102
HOME, OTHER = "sijiqing-djzx", "wulin-square"
AS_ADMIN = Actor(ADMIN, frozenset({Role.COURIER, Role.ADMIN}), frozenset())
HOME_STAFF = Actor(301, frozenset({Role.COURIER, Role.STAFF}), frozenset({HOME}))
OTHER_STAFF = Actor(302, frozenset({Role.COURIER, Role.STAFF}), frozenset({OTHER}))
OBSERVER = Actor(401, frozenset({Role.COURIER, Role.OBSERVER}), frozenset())
COURIER = Actor(ANNA, frozenset({Role.COURIER}), frozenset())
NOW = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Shanghai")
QUESTIONS = (Question("孩子暑假谁照顾?", ("自己", "老人")), Question("还需要什么?"))


async def _pages(*user_ids: int) -> AsyncIterator[list[tuple[int, str]]]:
    yield [(user_id, "zh") for user_id in user_ids]


async def _create(store: Storage) -> int:
    for user_id in (ADMIN, ANNA, BO):
        await store.users.seen(user_id, f"user{user_id}", None, "zh")
    created = await create_consultation(
        store,
        Translator("zh"),
        _pages(ANNA, BO),
        actor=AS_ADMIN,
        title="游园会",
        questions=QUESTIONS,
        audience=Audience(AudienceKind.EVERYONE),
        now=NOW,
    )
    assert isinstance(created, ConsultationCreated)
    assert [notice.user_id for notice in created.notices] == [ANNA, BO]
    assert created.notices[0].buttons is not None
    assert [b.data for row in created.notices[0].buttons("zh") for b in row] == [
        f"cs:go:{created.consultation.id}:0",
        f"cs:go:{created.consultation.id}:1",
    ]
    return created.consultation.id


async def _answer(
    store: Storage,
    cid: int,
    user_id: int,
    question: int,
    *,
    named: bool = False,
    option: int | None = None,
    text: str | None = None,
):
    return await answer_question(
        store,
        consultation_id=cid,
        question_index=question,
        user_id=user_id,
        named=named,
        option=option,
        text=text,
        now=NOW,
        tz=TZ,
    )


async def test_anonymous_answers_keep_no_user_id_and_count_once(store: Storage) -> None:
    cid = await _create(store)
    first = await _answer(store, cid, ANNA, 0, option=1)
    assert first is not None and first.recorded and first.next_index == 1
    again = await _answer(store, cid, ANNA, 0, option=0)
    assert again is not None and not again.recorded  # the first answer stays
    done = await _answer(store, cid, ANNA, 1, text="更多饮水点")
    assert done is not None and done.next_index is None
    rows = await store.db.fetchall("SELECT * FROM consultation_answers")
    assert [row["user_id"] for row in rows] == [None, None]
    assert all(ANNA not in dict(row).values() and str(ANNA) not in dict(row).values() for row in rows)
    results = await results_of(store, cid)
    assert results is not None and results.questions[0].counts == (0, 1) and results.respondents == 1


async def test_a_named_answer_shows_the_name_and_is_in_mydata(store: Storage) -> None:
    cid = await _create(store)
    await _answer(store, cid, BO, 0, named=True, option=0)
    results = await results_of(store, cid)
    assert results is not None and [(a.user_id, a.name) for a in results.answers] == [(BO, f"user{BO}")]
    exported = await store.privacy.export(BO)
    assert exported["consultation_answers"][0]["title"] == "游园会"
    assert (await store.privacy.export(ANNA))["consultation_answers"] == []


async def test_deleteme_erases_named_and_anonymous_answers(store: Storage) -> None:
    cid = await _create(store)
    await _answer(store, cid, BO, 0, named=True, option=0)
    await _answer(store, cid, ANNA, 0, option=1)
    await store.privacy.erase(ANNA, "2025-07")
    results = await results_of(store, cid)
    assert results is not None and [a.user_id for a in results.answers] == [BO]


async def test_progress_and_unknown_options(store: Storage) -> None:
    cid = await _create(store)
    progress = await progress_of(store, cid, ANNA)
    assert progress is not None and progress.next_index == 0
    assert await _answer(store, cid, ANNA, 0, option=5) is None
    assert await _answer(store, cid, ANNA, 7, option=0) is None
    assert await progress_of(store, cid + 1, ANNA) is None


async def test_a_free_text_answer_becomes_a_report_of_the_admin(store: Storage) -> None:
    cid = await _create(store)
    await _answer(store, cid, ANNA, 0, option=0)
    await _answer(store, cid, ANNA, 1, text="驿站缺少饮水机")
    results = await results_of(store, cid)
    assert results is not None
    text_answer = results.questions[1].texts[0]
    report = await answer_to_report(store, text_answer.id, category="other", actor=AS_ADMIN, tz=TZ, now=NOW)
    assert report is not None and report.reporter_id == ADMIN and "驿站缺少饮水机" in report.description
    choice_answer = next(a for a in results.answers if a.option_index is not None)
    assert (
        await answer_to_report(store, choice_answer.id, category="other", actor=AS_ADMIN, tz=TZ, now=NOW)
        is None
    )


async def _staff_asks(store: Storage, actor: Actor, audience: Audience) -> ConsultationCreated | NotYours:
    return await create_consultation(
        store,
        Translator("zh"),
        _pages(ANNA),
        actor=actor,
        title="驿站开放时间",
        questions=QUESTIONS,
        audience=audience,
        now=NOW,
    )


async def test_staff_ask_only_the_people_near_their_own_stations_or_who_checked_in_there(
    store: Storage,
) -> None:
    near_home = Audience(AudienceKind.NEAR_STATION, station_id=HOME, radius_km=3)
    regulars_of_home = Audience(AudienceKind.CHECKED_IN_AT, station_id=HOME)
    refused = [
        Audience(AudienceKind.EVERYONE),
        Audience(AudienceKind.DISTRICT, district="上城区"),
        Audience(AudienceKind.NEAR_STATION, station_id=OTHER, radius_km=3),
        Audience(AudienceKind.NEAR_STATION, station_id=HOME, radius_km=20),  # beyond the neighbourhood
        Audience(AudienceKind.CHECKED_IN_AT, station_id=OTHER),
    ]
    for audience in refused:
        assert isinstance(await _staff_asks(store, HOME_STAFF, audience), NotYours), audience
    assert await store.consultations.recent() == []
    for audience in (near_home, regulars_of_home):
        created = await _staff_asks(store, HOME_STAFF, audience)
        assert isinstance(created, ConsultationCreated) and created.consultation.created_by == HOME_STAFF.id


async def test_staff_read_their_own_consultations_and_admins_every_one(store: Storage) -> None:
    admins = await _create(store)
    created = await _staff_asks(
        store, HOME_STAFF, Audience(AudienceKind.NEAR_STATION, station_id=HOME, radius_km=3)
    )
    assert isinstance(created, ConsultationCreated)
    theirs = created.consultation.id
    assert isinstance(await read_results(store, admins, HOME_STAFF), NotYours)
    assert isinstance(await read_results(store, theirs, OTHER_STAFF), NotYours)
    mine = await read_results(store, theirs, HOME_STAFF)
    assert not isinstance(mine, NotYours) and mine is not None and mine.consultation.id == theirs
    assert not isinstance(await read_results(store, theirs, AS_ADMIN), NotYours)
    assert await read_results(store, theirs + 1, AS_ADMIN) is None
    assert [c.id for c in await consultations_of(store, HOME_STAFF)] == [theirs]
    assert await consultations_of(store, OTHER_STAFF) == []
    assert [c.id for c in await consultations_of(store, AS_ADMIN)] == [theirs, admins]


async def test_observers_read_every_consultation_unsigned_and_export_none(store: Storage) -> None:
    """The invitation promises a signed name to the person who asked and the admins only: an observer's
    results carry no name and no id, and the export (which has the names) is refused them."""
    cid = await _create(store)
    await _answer(store, cid, BO, 0, named=True, option=0)
    await _answer(store, cid, BO, 1, named=True, text="驿站缺少饮水机")
    seen = await read_results(store, cid, OBSERVER)
    assert isinstance(seen, Results) and seen.access is Access.ANSWERS
    assert [(a.user_id, a.name) for a in seen.answers] == [(None, None), (None, None)]
    assert seen.questions[0].counts == (1, 0) and seen.questions[1].texts[0].text == "驿站缺少饮水机"
    assert isinstance(await export_results(store, cid, OBSERVER), NoExport)
    exported = await export_results(store, cid, AS_ADMIN)
    assert isinstance(exported, Results) and {a.name for a in exported.answers} == {f"user{BO}"}
    assert [c.id for c in await consultations_of(store, OBSERVER)] == [cid]
    assert isinstance(await read_results(store, cid, COURIER), NotYours)
    assert await consultations_of(store, COURIER) == []


async def test_an_observer_files_an_answer_and_a_courier_cannot(store: Storage) -> None:
    cid = await _create(store)
    await store.users.seen(OBSERVER.id, "老李", None, "zh")
    await _answer(store, cid, BO, 0, named=True, option=0)
    await _answer(store, cid, BO, 1, named=True, text="驿站缺少饮水机")
    seen = await read_results(store, cid, OBSERVER)
    assert isinstance(seen, Results)
    answer_id = seen.questions[1].texts[0].id
    refused = await answer_to_report(store, answer_id, category="other", actor=COURIER, tz=TZ, now=NOW)
    assert isinstance(refused, NotYours) and await store.reports.created_since(None) == []
    report = await answer_to_report(store, answer_id, category="other", actor=OBSERVER, tz=TZ, now=NOW)
    assert isinstance(report, Report) and report.reporter_id == OBSERVER.id
    assert "驿站缺少饮水机" in report.description and f"user{BO}" not in report.description
