"""The authorisation matrix (issue 8, item 4), generated from `application.handlers`: every admin and
observer command and every button whose callback demands a role, top level, conversation entry points,
states and fallbacks, tried as a plain courier, as a revoked observer and (for the admins' and observers'
ones) as station staff. Each is refused with the friendly answer and changes nothing. Station staff's
own handlers, tried by the staff of another station with what the bot offered for this one, act on
nothing. A handler added later joins the matrix by being registered.

Buttons carry realistic data: the data the bot itself put on the admin's and the observer's buttons
(approve this pending entry, acknowledge this report, pause this broadcast, declare a red signal), and
inside conversations a complete draft, so that a missing check would really approve, file or send.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.broadcast import Audience, AudienceKind
from bot.channels.telegram.app import BotApplication, build_application
from bot.channels.telegram.delivery import progress_buttons
from bot.commands import COMMANDS, ROLE_ORDER
from bot.config import Settings
from bot.consultations import Question, encode_questions
from bot.events import NewEvent
from bot.handlers import broadcast, consult, events, policy, reports, station, triage, volunteer
from bot.handlers.audience import STATION_KIND
from bot.reports import Action, Step
from bot.services import policy_desk
from bot.services.consultations import answer_question
from bot.station_status import ClosedReason
from bot.users import Role
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat, running
from tests.support import updates
from tests.support.recording import BOT_USER, Call
from tests.support.registry import (
    Registered,
    accepts,
    button_kind,
    callback_prefix,
    commands,
    declared_role,
    family,
    registered,
)
from tests.support.seeding import Seeded, seed_objects

pytestmark = pytest.mark.usefixtures("quick_fingers")

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 10, 20, 0, tzinfo=SHANGHAI)
# A command two roles use for different things (/consult: observers read, staff also ask) is its higher
# role's, whose steps follow it; its refusal names the lower, as for a button several roles may press.
COMMAND_ROLES = {
    spec.name: max((o.role for o in COMMANDS if o.name == spec.name), key=ROLE_ORDER.index)
    for spec in COMMANDS
}
REFUSAL_ROLES = {
    spec.name: min((o.role for o in COMMANDS if o.name == spec.name), key=ROLE_ORDER.index)
    for spec in COMMANDS
}
PRIVILEGED = {name: role for name, role in COMMAND_ROLES.items() if role is not Role.COURIER}
# Conversation fallbacks that only say what to do next, to anyone still in the form.
ANSWERS_ONLY = frozenset({"bot.handlers.broadcast.use_the_buttons"})
# The admin and observer features: each of their buttons must name the role it needs (its kind's
# `role`, or the conversation's it is a step of), so that a new button without one fails here (courier
# buttons of the mixed modules declare Role.COURIER).
GUARDED_MODULES = frozenset(
    f"bot.handlers.{name}"
    for name in (
        *("broadcast", "audience", "triage", "roles", "export", "stats", "points", "volunteer", "heat"),
        *("reports", "consult", "station"),
    )
)
# Admin features that show nobody's personal data: composing a broadcast (private chats only, by its
# filter) and its progress buttons, the heat signal, and the anonymous totals of /stats. Every other
# admin command, button and step obeys the chat rule of `guards.confidential`: tried by the admin in a
# couriers' group, it answers only that it works in private (test below).
WITHOUT_PERSONAL_DATA = frozenset(
    f"bot.handlers.{name}" for name in ("broadcast", "audience", "heat", "stats")
)
TABLES = (
    "points_ledger",
    "volunteer_entries",
    "reports",
    "report_supporters",
    "report_events",
    "outbox_batches",
    "user_roles",
    "redemptions",
    "heat_signals",
    "checkin_sessions",
    "staff_stations",
    "station_status",
    "policy_questions",
    "events",
    "event_signups",
    "consultations",
    "consultation_answers",
)
ADMIN = updates.user(ADMIN_ID, "管理员", "zh-CN")
OBSERVER = updates.user(801, "王师傅", "zh-hans")
COURIER = updates.user(802, "刘凤叶", "zh-hans", username="liufengye")
REVOKED = updates.user(803, "老周", "zh-hans")
ELSEWHERE = updates.user(804, "钱站长", "zh-hans")  # staff of another station than the one offered
HOME, OTHER = "sijiqing-djzx", "wulin-square"
EVENT_FORM = "matrixform"
COURIERS_GROUP = {"id": -100777, "type": "supergroup", "title": "骑手互助群"}  # not the admin chat
PERSONAS = {
    "courier": COURIER,
    "revoked observer": REVOKED,
    "station staff": ELSEWHERE,
    "observer": OBSERVER,  # for staff's and admins' handlers an observer may not use
}


def arguments(command: str, seeded: Seeded) -> str:
    """What an admin would really type, so that a missing check would act on something."""
    return {
        "appoint": str(COURIER["id"]),
        "revoke": str(OBSERVER["id"]),
        "adjust": f"{COURIER['id']} 500 补发",
        "collect": seeded.pickup_code,
        "heatalert": "red",
        "export": "reports csv",
    }.get(command, "")


class Matrix:
    def __init__(self, chat: Chat, seeded: Seeded) -> None:
        self.chat = chat
        self.seeded = seeded
        self.offered: list[str] = []  # callback data the bot offered the admin and the observer
        self.desk_question_id = 0  # a courier's question for HOME's staff (offer_everything)
        self.consultation_id = 0  # the admin's, with a courier's signed free-text answer (offer_everything)

    @property
    def application(self) -> BotApplication:
        return self.chat.application

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        db = self.application.bot_data.store.db
        return {
            table: [tuple(row) for row in await db.fetchall(f"SELECT * FROM {table}")] for table in TABLES
        }

    def remember(self, calls: list[Call]) -> list[Call]:
        self.offered += [
            str(b["callback_data"]) for call in calls for b in call.buttons if "callback_data" in b
        ]
        return calls

    def data_for(self, handler: Any) -> str:
        """The bot's own data for this button handler, else its fixed start with a seeded id."""
        kind = button_kind(handler)
        offered = [data for data in self.offered if accepts(handler, data)]
        valid = [data for data in offered if kind is None or _unpacks(kind, data)]
        if valid or offered:
            return (valid or offered)[0]
        seeded = self.seeded
        prefix = callback_prefix(handler) or ""
        tails = [str(seeded.report_id), f"yes:{seeded.report_id}", "yes", "everyone", ""]
        candidates = [prefix + tail for tail in tails] + [prefix.rstrip(":|")]
        found = [data for data in candidates if accepts(handler, data)]
        assert found, f"no data for {prefix}"
        return found[0]

    def prepare_drafts(self, user_id: int) -> None:
        """Complete drafts: a step that skipped its check would file, reject, resolve or send at once."""
        user_data = self.application.user_data[user_id]
        user_data.clear()
        user_data[reports.DRAFT] = {
            "step": Step.CONFIRM.value,
            "category": "heat",
            "description": "驿站的空调坏了,中午太热没法休息。",
            "voice": None,
            "photos": ["photo-1"],
            "lat": 30.25,
            "lon": 120.17,
            "place": None,
            "anonymous": False,
            "urgent": False,
            "offered": [self.seeded.report_id],
        }
        user_data[volunteer.REJECTING] = {"entry": self.seeded.entry_id}
        user_data[triage.PENDING_NOTE] = {
            "report": self.seeded.report_id,
            "chat": ADMIN_CHAT_ID,
            "message": 1,
        }
        user_data[broadcast.DRAFT] = {
            "zh": "今晚驿站有清凉礼包",
            "audience": Audience(AudienceKind.EVERYONE).to_json(),
            "count": 3,
            "station_id": "shangcheng-djzx",
        }
        user_data[station.GIFT_PACKS] = HOME
        # HOME's regulars, so that a station press or a confirmation that skipped its check would count or
        # ask them (forged presses for the people near HOME: tests/handlers/test_consult.py).
        user_data[consult.DRAFT] = {
            "title": "驿站开放时间",
            "questions": encode_questions([Question("晚上要不要开到 22 点?", ("要", "不要"))]),
            "audience": Audience(AudienceKind.CHECKED_IN_AT, station_id=HOME).to_json(),
            "station_id": HOME,
            STATION_KIND: AudienceKind.CHECKED_IN_AT.value,
        }
        user_data[events.DRAFT] = {
            "id": EVENT_FORM,
            "title_zh": "清凉游园会",
            "title_en": None,
            "station_id": HOME,
            "place": None,
            "starts_at": (NOW + timedelta(days=3)).isoformat(),
            "minutes": 120,
            "capacity": 20,
            "credited_minutes": 60,
        }
        user_data[policy.DESK_ANSWERING] = self.desk_question_id


@pytest.fixture
async def matrix(make_settings: Callable[..., Settings]) -> AsyncIterator[Matrix]:
    with time_machine.travel(NOW, tick=True):
        async with running(make_settings(heat_provider="none")) as chat:
            store = chat.application.bot_data.store
            for person in (ADMIN, OBSERVER, COURIER, REVOKED, ELSEWHERE):
                await chat.send(person, "/start")
            await store.users.grant_station(ELSEWHERE["id"], OTHER, ADMIN_ID)
            await store.users.grant_role(OBSERVER["id"], Role.OBSERVER, ADMIN_ID)
            await store.users.grant_role(REVOKED["id"], Role.OBSERVER, ADMIN_ID)  # appointed, then revoked
            await store.users.revoke_role(REVOKED["id"], Role.OBSERVER)
            seeded = await seed_objects(
                store, owner=OBSERVER["id"], admin=ADMIN_ID, now=datetime.now(SHANGHAI)
            )
            # A fixed report of the revoked observer's own, so that "solved?" would reopen it.
            fixed = await seed_objects(store, owner=REVOKED["id"], admin=ADMIN_ID, now=datetime.now(SHANGHAI))
            await store.reports.change_status(
                fixed.report_id, Action.RESOLVE, actor_id=ADMIN_ID, now=datetime.now(SHANGHAI), note="已修好"
            )
            found = Matrix(chat, seeded)
            await offer_everything(found)
            yield found


async def offer_everything(matrix: Matrix) -> None:
    """Let the admin and the observer open their menus, and keep the buttons they were shown."""
    chat, seeded = matrix.chat, matrix.seeded
    resources = matrix.application.bot_data
    store = resources.store
    report = await store.reports.get(seeded.report_id)
    batch = await store.outbox.get(seeded.batch_id)
    assert report is not None and batch is not None
    markups = [
        triage.card_keyboard(resources, "zh", report),
        triage.departments_keyboard(resources, "zh", report),
        progress_buttons(resources.translator, "zh", batch),
    ]
    matrix.offered += [
        str(button.callback_data)
        for markup in markups
        if markup
        for row in markup.inline_keyboard
        for button in row
    ]
    home_panel = await chat.send(ADMIN, f"/station {HOME}")
    matrix.remember(home_panel)
    panel = next(call for call in home_panel if call.buttons)
    for row in panel.params["reply_markup"]["inline_keyboard"]:  # the next step of each: closing, until
        for button in row:
            matrix.remember(await chat.press(ADMIN, button["callback_data"], panel.result["message_id"]))
    matrix.remember(await chat.press(ADMIN, station.CloseReason(HOME, ClosedReason.EVENT).pack()))
    await chat.send(ADMIN, "/cancel")
    await chat.press(ADMIN, station.GiftPacksAsk(HOME).pack())  # a count: the panel offers the hand-out
    matrix.remember(await chat.send(ADMIN, "5"))
    for command in ("/pending", "/reports", "/heatalert red", "/heatalert"):  # "declare red" first
        matrix.remember(await chat.send(ADMIN, command))
    matrix.remember(await chat.send(OBSERVER, "/myreports"))
    matrix.offered.append(
        triage.FollowupAnswer(triage.Solved.NO, seeded.report_id + 1).pack()
    )  # the revoked observer's fixed one
    for data in ("bc:noen", "bc:aud:everyone", "bc:now", "bc:go"):  # the broadcast form, step by step
        matrix.offered.append(data)
    home_index = [item.id for item in resources.catalogue].index(HOME)
    matrix.offered += [  # the consultation form, step by step, as the admin asks the people near HOME
        consult.QuestionsDone().pack(),
        consult.ConsultAudience(AudienceKind.EVERYONE).pack(),
        consult.ConsultStation(home_index).pack(),
        consult.Confirm().pack(),
    ]
    asked = await store.consultations.create(
        title="驿站开放时间",
        questions=[Question("晚上要不要开到 22 点?", ("要", "不要")), Question("还有什么想说的?")],
        audience=Audience(AudienceKind.NEAR_STATION, station_id=HOME, radius_km=3),
        salt="matrix",
        created_by=ADMIN_ID,
        now=NOW,
    )
    matrix.consultation_id = asked.id
    await answer_question(  # signed, so that a view or an export that leaked names would show one
        store,
        consultation_id=asked.id,
        question_index=1,
        user_id=COURIER["id"],
        named=True,
        option=None,
        text="驿站的饮水机坏了",
        now=NOW,
        tz=SHANGHAI,
    )
    results = matrix.remember(await chat.send(ADMIN, f"/consult results {asked.id}"))
    (answer_button,) = [
        str(button["callback_data"])
        for call in results
        for button in call.buttons
        if str(button.get("callback_data", "")).startswith("cs:rep")
    ]
    matrix.remember(await chat.press(ADMIN, answer_button))  # its categories
    matrix.offered += [  # the event form at HOME, step by step, and an event there with its roster
        events.NoEnglishTitle(EVENT_FORM).pack(),
        events.AtStation(HOME).pack(),
        events.Length(120).pack(),
        events.Capacity(20).pack(),
        events.Credit(60).pack(),
        events.Create(EVENT_FORM).pack(),
        events.CancelForm(EVENT_FORM).pack(),
    ]
    await store.events.create(
        NewEvent("清凉游园会", None, HOME, None, NOW + timedelta(days=3), 120, 20, 60, ADMIN_ID, "matrix"),
        NOW,
    )
    matrix.remember(await chat.send(ADMIN, "/events"))
    matrix.remember(await chat.send(OBSERVER, "/report"))
    await chat.send(OBSERVER, "/cancel")
    asked = await policy_desk.ask(
        store,
        resources.translator,
        user_id=COURIER["id"],
        courier_name=COURIER["first_name"],
        station=resources.catalogue.by_id[HOME],
        question="孩子上学要什么材料？",
        admin_ids=[],
        now=datetime.now(SHANGHAI),
    )
    matrix.desk_question_id = asked.question.id
    matrix.offered.append(policy_desk.AnswerQuestion(asked.question.id).pack())


def _unpacks(kind: Any, data: str) -> bool:
    try:
        kind.unpack(data)
    except ValueError:
        return False
    return True


def privileged(entry: Registered) -> Role | None:
    """The role this handler is for, if an observer's or an admin's: as production declares it (the
    command table, the button kinds, the conversations' entry points), never read from the callback."""
    if entry.name.split(" in ")[0] in ANSWERS_ONLY:
        return None
    role = declared_role(entry, COMMAND_ROLES)
    return role if role in (Role.OBSERVER, Role.STAFF, Role.ADMIN) else None


def admits(entry: Registered, role: Role) -> bool:
    """A button that one of several roles may press, `role` among them (observers or admins, observers or
    staff)."""
    kind = button_kind(entry.handler)
    return kind is not None and isinstance(kind.role, frozenset) and role in kind.role


def open_to_observers(entry: Registered) -> bool:
    """A handler an observer may use: theirs, or one several roles share with them (/consult)."""
    command = next(iter(sorted(commands(entry.handler))), None)
    return privileged(entry) is Role.OBSERVER or REFUSAL_ROLES.get(command or "") is Role.OBSERVER


def in_group(update: dict[str, Any]) -> dict[str, Any]:
    """The same update, sent in (or pressed on a message in) the couriers' group."""
    if "callback_query" in update:
        update["callback_query"]["message"]["chat"] = dict(COURIERS_GROUP)
    else:
        update["message"]["chat"] = dict(COURIERS_GROUP)
    return update


def message_for(
    matrix: Matrix, entry: Registered, sender: dict[str, Any], text: str, *, group: bool = False
) -> dict[str, Any] | None:
    """A message this handler would take: the command, or typed text, a location, a photo, a voice note."""
    candidates = (
        [{"text": text}]
        if isinstance(entry.handler, CommandHandler)
        else [
            {"text": "今天的事已经处理好了,谢谢大家"},
            {"text": "我要反映一个问题"},  # /report also starts from what a text asks for
            {"location": {"latitude": 30.25, "longitude": 120.17}},
            {"photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]},
            {"voice": {"file_id": "v", "file_unique_id": "u", "duration": 3}},
        ]
    )
    for content in candidates:
        update = updates.message(sender, **content)
        if isinstance(entry.handler, CommandHandler):
            update = updates.message(sender, text)
        if group:
            update = in_group(update)
        if entry.handler.check_update(Update.de_json(update, matrix.application.bot)):
            return update
    return None


def press(sender: dict[str, Any], data: str) -> dict[str, Any]:
    update = updates.callback(sender, data)
    update["callback_query"]["message"]["from"] = BOT_USER
    return update


async def attempt(
    matrix: Matrix, entry: Registered, role: Role, sender: dict[str, Any], *, group: bool = False
) -> str | None:
    """Try one handler as `sender` (in a private chat, or in the couriers' group with `group`): it must
    refuse, for lack of `role` (or, with `group`, because the chat is not private), and change nothing.
    A description of what went wrong, or None."""
    translator = matrix.application.bot_data.translator
    command = next(iter(sorted(commands(entry.handler))), None)
    named = REFUSAL_ROLES[command] if command is not None else role
    refusal = str(translator("zh", "not-allowed", role=translator("zh", f"role-{named.value}")))
    if group:
        refusal = str(translator("zh", "private-chat-only"))
    if isinstance(entry.handler, CallbackQueryHandler):
        update = press(sender, matrix.data_for(entry.handler))
        update = in_group(update) if group else update
    elif command is not None:
        text = f"/{command} {arguments(command, matrix.seeded)}".strip()
        update = message_for(matrix, entry, sender, text, group=group) or {}
    elif isinstance(entry.handler, MessageHandler):
        update = message_for(matrix, entry, sender, "", group=group) or {}
    else:
        return None
    if not update and group and message_for(matrix, entry, sender, "/x") is not None:
        return None  # a private chat's handler: nothing typed in a group reaches it
    if not update:
        return "no update reaches it"
    matrix.prepare_drafts(sender["id"])
    chat_id = COURIERS_GROUP["id"] if group else sender["id"]
    conversation = entry.conversation
    # The conversation's key: the chat and the person, or only the person (the resolution note).
    key = (chat_id, sender["id"]) if conversation is None or conversation.per_chat else (sender["id"],)
    if conversation is not None and entry.state is not None:
        conversation._conversations[key] = entry.state  # only an appointed user could have got here
    before = await matrix.snapshot()
    calls = await matrix.chat.process(update)
    after = await matrix.snapshot()
    in_conversation = conversation._conversations.pop(key, None) if conversation is not None else None
    problems = []
    changed = [table for table in TABLES if before[table] != after[table]]
    if changed:
        problems.append(f"changed {changed}")
    answers = [(call.method, call.plain_text, call.params.get("show_alert")) for call in calls]
    if isinstance(entry.handler, CallbackQueryHandler):
        if answers != [("answerCallbackQuery", refusal, True)]:
            problems.append(f"answered {answers}")
    else:
        kind = str(translator("zh", "reports-not-observer")) if not group else refusal
        texts = [text for method, text, _ in answers if method == "sendMessage"]
        if len(calls) != 1 or texts[:1] not in ([refusal], [kind.strip()], [kind]):
            problems.append(f"answered {answers}")
    if entry.state is None and in_conversation is not None:
        problems.append(f"entered {conversation.name if conversation else ''} at {in_conversation}")
    return "; ".join(problems) or None


def test_every_privileged_command_is_registered() -> None:
    """Registered, so the matrix below tries each as a courier and a revoked observer."""
    application = build_application(Settings(token="1:T"))  # type: ignore[call-arg]
    found = {name: entry for entry in registered(application) for name in commands(entry.handler)}
    assert set(PRIVILEGED) <= set(found), f"not registered: {set(PRIVILEGED) - set(found)}"


def test_every_button_of_an_admin_or_observer_feature_names_its_role() -> None:
    application = build_application(Settings(token="1:T"))  # type: ignore[call-arg]
    buttons = [entry for entry in registered(application) if isinstance(entry.handler, CallbackQueryHandler)]
    assert buttons
    unguarded = [
        entry.name
        for entry in buttons
        if entry.callback.__module__ in GUARDED_MODULES
        and family(entry.handler) is None  # a family's catch-all: "this button has expired"
        and declared_role(entry, COMMAND_ROLES) is None
    ]
    assert not unguarded, f"buttons without a role on their kind or conversation: {unguarded}"


async def test_every_admin_view_with_personal_data_obeys_the_chat_rule(matrix: Matrix) -> None:
    """A private chat or the admin chat only: every admin command, button and step outside the features
    without personal data, tried by the admin in a couriers' group, answers only that it works in
    private, and changes nothing. Learnt by behaviour, not from a mark on the callback: a new admin
    command or button joins this by being registered."""
    entries = [
        entry
        for entry in registered(matrix.application)
        if (
            privileged(entry) in (Role.STAFF, Role.ADMIN)
            or admits(entry, Role.ADMIN)
            or admits(entry, Role.STAFF)
        )
        and entry.callback.__module__ not in WITHOUT_PERSONAL_DATA
    ]
    callbacks = {entry.callback.__qualname__ for entry in entries}
    expected = {
        "pending",
        "approve",
        "turn_into_report",  # observers may press it too
        "reject_reason",
        "triage_button",
        "view_report",
        "receive_resolution_note",
    }
    assert expected | {"export_command", "appoint", "revoke", "collect", "adjust"} <= callbacks
    failures = []
    for entry in entries:
        problem = await attempt(matrix, entry, Role.ADMIN, ADMIN, group=True)
        if problem:
            failures.append(f"{entry.name}: {problem}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
async def test_every_admin_and_observer_handler_refuses_and_changes_nothing(
    matrix: Matrix, persona: str
) -> None:
    sender = PERSONAS[persona]
    entries = [
        (entry, role)
        for entry in registered(matrix.application)
        if (role := privileged(entry))
        and not (sender is ELSEWHERE and (role is Role.STAFF or admits(entry, Role.STAFF)))
        and not (sender is OBSERVER and open_to_observers(entry))
    ]
    callbacks = {entry.callback.__qualname__ for entry, _ in entries}
    # The matrix must cover what it is about; a registry that found nothing would pass vacuously.
    expected = {"triage_button", "control", "declare_signal"}
    if sender is not OBSERVER:  # the observer's /report is theirs
        expected |= {"confirm"}
    if sender is not ELSEWHERE:  # station staff's own handlers: the scope test below
        expected |= {"approve", "reject_start", "status_tapped", "title_given", "confirmed", "export_pressed"}
    assert expected <= callbacks
    failures = []
    for entry, role in entries:
        problem = await attempt(matrix, entry, role, sender)
        if problem:
            failures.append(f"{entry.name}: {problem}")
    assert not failures, "\n".join(failures)


def _offered(calls: list[Call], prefix: str) -> list[str]:
    return [
        str(button["callback_data"])
        for call in calls
        for button in call.buttons
        if str(button.get("callback_data", "")).startswith(prefix)
    ]


async def test_an_observer_reads_answers_and_files_one_but_neither_asks_nor_exports(matrix: Matrix) -> None:
    """What the matrix above leaves out because observers share it: /consult and the results. The
    observer reads the admin's consultation with every name hidden and files a courier's answer as a
    report with the buttons the admin was offered; the form (its steps are in the matrix) and the export
    stay closed, a forged press included. A courier can do none of it, and changes nothing."""
    chat, cid = matrix.chat, matrix.consultation_id
    translator = matrix.application.bot_data.translator
    refusal = str(translator("zh", "not-allowed", role=translator("zh", "role-observer")))
    (report_button,) = [data for data in matrix.offered if data.startswith("cs:rep")]
    category_button = next(data for data in matrix.offered if data.startswith("cs:cat"))
    export = consult.Export(cid, consult.ExportFormat.CSV).pack()
    presses = (consult.ShowResults(cid).pack(), report_button, category_button, export)

    before = await matrix.snapshot()
    for command in ("/consult", "/consult list", f"/consult results {cid}"):
        assert [call.plain_text for call in await chat.send(COURIER, command)] == [refusal], command
    for data in presses:
        answers = [(call.method, call.params.get("show_alert")) for call in await chat.press(COURIER, data)]
        assert answers == [("answerCallbackQuery", True)], data
    assert await matrix.snapshot() == before

    (creating,) = [
        handler for handler in matrix.application.handlers[0] if getattr(handler, "name", None) == "consult"
    ]
    listing = await chat.send(OBSERVER, "/consult")
    assert consult.ShowResults(cid).pack() in _offered(listing, "cs:res")
    assert not any(OBSERVER["id"] in key for key in creating._conversations)  # no form begun
    results = await chat.press(OBSERVER, consult.ShowResults(cid).pack())
    shown = "\n".join(call.plain_text for call in results)
    assert "驿站的饮水机坏了 — 匿名" in shown and COURIER["first_name"] not in shown
    assert _offered(results, "cs:exp") == [] and _offered(results, "cs:rep") == [report_button]
    refused = await chat.press(OBSERVER, export)
    assert [call.method for call in refused] == ["answerCallbackQuery"]  # no file
    assert refused[0].params["text"] == str(
        translator("zh", "not-allowed", role=translator("zh", "role-staff"))
    )
    assert await matrix.snapshot() == before

    await chat.press(OBSERVER, report_button)
    await chat.press(OBSERVER, category_button)
    filed = await matrix.application.bot_data.store.reports.created_since(None)
    assert [(report.reporter_id, "驿站的饮水机坏了" in report.description) for report in filed][-1] == (
        OBSERVER["id"],
        True,
    )


async def test_station_staff_act_on_nothing_at_another_station(matrix: Matrix) -> None:
    """Every handler of station staff, tried by the staff of another station with what the bot offered
    for this one (its status buttons, the approval of hours served elsewhere, a gift-pack count and a
    rejection reason under way, a consultation of its regulars and its results): refused as not
    theirs, or shown only their own station, and nothing changes. Staff are no admins either: the
    admins' handlers refuse them in the matrix above."""
    translator = matrix.application.bot_data.translator
    not_yours = str(translator("zh", "station-not-yours"))
    refusals = [  # a station's, an audience beyond their stations', a consultation they did not start
        not_yours,
        str(translator("zh", "audience-not-yours", km="5")),
        str(translator("zh", "consult-not-yours")),
    ]
    # Steps of a consultation form that name no station yet: the staff go on with their own form (the
    # audience step that follows offers only their stations, which the check below makes sure of).
    own_form = {"questions_done"}
    entries = [
        entry
        for entry in registered(matrix.application)
        if privileged(entry) is Role.STAFF or admits(entry, Role.STAFF)  # results: observers' too
    ]
    assert {
        *("approve", "reject_start", "status_tapped", "until_chosen", "gift_packs_typed"),
        *("gift_pack_handed_out", "confirmed", "results_pressed", "export_pressed"),
    } <= {entry.callback.__qualname__ for entry in entries}
    assert station.GiftPackHandOut(HOME).pack() in matrix.offered  # tried with what HOME's panel offers
    home_name = matrix.application.bot_data.catalogue.by_id[HOME].name.pick("zh")
    failures = []
    for entry in entries:
        if isinstance(entry.handler, CallbackQueryHandler):
            update = press(ELSEWHERE, matrix.data_for(entry.handler))
        else:
            command = next(iter(sorted(commands(entry.handler))), None)
            update = message_for(matrix, entry, ELSEWHERE, f"/{command}" if command else "") or {}
        if not update:
            failures.append(f"{entry.name}: no update reaches it")
            continue
        matrix.prepare_drafts(ELSEWHERE["id"])
        conversation, key = entry.conversation, (ELSEWHERE["id"], ELSEWHERE["id"])
        if conversation is not None and entry.state is not None:
            conversation._conversations[key] = entry.state
        before = await matrix.snapshot()
        calls = await matrix.chat.process(update)
        if conversation is not None:
            conversation._conversations.pop(key, None)
        if before != await matrix.snapshot():
            failures.append(f"{entry.name}: changed something")
        shown = " ".join(call.plain_text for call in calls)
        if home_name in shown or f"#{matrix.seeded.entry_id}" in shown:
            failures.append(f"{entry.name}: showed another station's data: {shown}")
        answers = [call.params.get("text") for call in calls if call.method == "answerCallbackQuery"]
        scoped_view = entry.callback.__qualname__ == "pending_page"  # a page of their own entries
        refused = len(answers) == 1 and answers[0] in refusals
        if isinstance(entry.handler, CallbackQueryHandler) and not (
            refused or scoped_view or entry.callback.__name__ in own_form
        ):
            failures.append(f"{entry.name}: answered {answers}")
    assert not failures, "\n".join(failures)
