""" "Ask the desk" as business actions, on SQLite and PostgreSQL: the question goes to the station's staff
(its admins when it has none), only its staff or an admin answer, once; /mydata lists it, /deleteme
erases it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.config import DATA_DIR
from bot.i18n import Translator
from bot.services.policy_desk import Answered, Refusal, answer, ask, desk_stations
from bot.stations import Service, load_stations
from bot.storage import Storage
from bot.users import Actor, Role

CATALOGUE = load_stations(DATA_DIR / "stations.yaml")
HOME, OTHER, UNSTAFFED = "sijiqing-djzx", "wulin-square", "gongshu-canal"
COURIER, STAFF, OTHER_STAFF, ADMIN = 101, 301, 302, 7001
NOW = datetime(2026, 7, 15, 16, 30, tzinfo=UTC)  # 00:30 on the 16th in Hangzhou
TZ = ZoneInfo("Asia/Shanghai")
TRANSLATOR = Translator("zh")


async def _people(store: Storage) -> None:
    for user_id in (COURIER, STAFF, OTHER_STAFF, ADMIN):
        await store.users.seen(user_id, f"user{user_id}", None, "zh")
    await store.users.grant_station(STAFF, HOME, ADMIN)
    await store.users.grant_station(OTHER_STAFF, OTHER, ADMIN)


async def _ask(store: Storage, station_id: str) -> tuple[int, list[int]]:
    asked = await ask(
        store,
        TRANSLATOR,
        user_id=COURIER,
        courier_name="小王",
        station=CATALOGUE.by_id[station_id],
        question="孩子上学要什么材料？",
        admin_ids=[ADMIN],
        now=NOW,
    )
    return asked.question.id, [notice.user_id for notice in asked.notices]


def _staff(user_id: int, *stations: str) -> Actor:
    return Actor(user_id, frozenset({Role.STAFF}), frozenset(stations))


async def test_the_question_goes_to_the_station_staff_else_the_admins(store: Storage) -> None:
    await _people(store)
    assert (await _ask(store, HOME))[1] == [STAFF]
    assert (await _ask(store, UNSTAFFED))[1] == [ADMIN]


async def test_only_the_station_staff_answer_and_only_once(store: Storage) -> None:
    await _people(store)
    question_id, _ = await _ask(store, HOME)

    async def reply(actor: Actor, text: str) -> Answered:
        return await answer(
            store, TRANSLATOR, CATALOGUE, actor=actor, question_id=question_id, text=text, now=NOW, tz=TZ
        )

    refused = await reply(_staff(OTHER_STAFF, OTHER), "我来答")
    assert refused.refusal is Refusal.NOT_YOURS
    answered = await reply(_staff(STAFF, HOME), "带上居住证。")
    [notice] = answered.notices
    assert notice.user_id == COURIER
    assert "四季青" in notice.compose("zh") and "2026-07-16" in notice.compose("zh")
    admin = Actor(ADMIN, frozenset({Role.ADMIN}), frozenset())
    assert (await reply(admin, "再答一次")).refusal is Refusal.ANSWERED
    missing = await answer(
        store, TRANSLATOR, CATALOGUE, actor=admin, question_id=999, text="?", now=NOW, tz=TZ
    )
    assert missing.refusal is Refusal.UNKNOWN


async def test_mydata_lists_the_questions_and_deleteme_erases_them(store: Storage) -> None:
    await _people(store)
    question_id, _ = await _ask(store, HOME)
    await answer(
        store,
        TRANSLATOR,
        CATALOGUE,
        actor=_staff(STAFF, HOME),
        question_id=question_id,
        text="好",
        now=NOW,
        tz=TZ,
    )
    [listed] = (await store.privacy.export(COURIER))["policy_questions"]
    assert listed["question"] == "孩子上学要什么材料？" and listed["answer"] == "好"
    await store.privacy.erase(STAFF, "2026-07")
    assert (await store.db.fetchvalue("SELECT answered_by FROM policy_questions")) is None
    await store.privacy.erase(COURIER, "2026-07")
    assert await store.policy_questions.get(question_id) is None


def test_without_a_location_the_stations_with_a_policy_desk_come_first() -> None:
    listed = desk_stations(CATALOGUE, None)
    assert listed and listed[0].offers(Service.POLICY_DESK)
    station = CATALOGUE.by_id[HOME]
    assert desk_stations(CATALOGUE, (station.lat, station.lon))[0].id == HOME
