"""/consult as an admin runs it and a courier answers it: creation, answers by button and by text,
anonymous and signed, results with a PNG chart, CSV and XLSX, and an answer turned into a report; an
observer reads every consultation's answers without names and files one as a report."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from bot.broadcast import Audience, AudienceKind
from bot.storage import Storage
from tests.handlers.conftest import ADMIN_CHAT_ID, ADMIN_ID, Chat
from tests.support.recording import Call
from tests.support.seeding import hours_at_station
from tests.support.updates import user

ADMIN = user(ADMIN_ID, "管理员", "zh-CN")
ANNA, BO = user(201, "刘凤叶", "zh-hans"), user(202, "王师傅", "zh-hans")


def store(chat: Chat) -> Storage:
    return chat.application.bot_data.store


def data_of(calls: list[Call], starting: str) -> list[str]:
    return [
        button["callback_data"]
        for call in calls
        for button in call.buttons
        if button["callback_data"].startswith(starting)
    ]


async def create(chat: Chat, couriers: int = 2) -> int:
    for courier in (ANNA, BO):
        await chat.send(courier, "/start")
    await chat.send(ADMIN, "/consult")
    await chat.send(ADMIN, "暑期孩子照护")
    replies = await chat.send(ADMIN, "孩子暑假谁照顾?\n1. 自己\n2. 老人\n3. 托管班")
    assert "已添加第 1 个问题" in chat.texts(replies)[0]
    await chat.send(ADMIN, "还需要什么帮助?")
    await chat.press(ADMIN, "cs:done")
    preview = await chat.press(ADMIN, "cs:aud:couriers")
    text = "\n".join(chat.texts(preview))
    assert f"人数：{couriers}" in text and "托管班" in text and "（自由回答）" in text
    await chat.press(ADMIN, "cs:ok")
    consultation = (await store(chat).consultations.recent())[0]
    return consultation.id


async def test_admin_creates_couriers_answer_and_results_count(chat: Chat) -> None:
    cid = await create(chat)
    delivered = await chat.deliver()
    invitations = [call for call in delivered if call.chat_id in (201, 202)]
    assert len(invitations) == 2 and "孩子暑假谁照顾?" in invitations[0].plain_text
    assert data_of(invitations, "cs:go") == [f"cs:go:{cid}:0", f"cs:go:{cid}:1"] * 2

    # Anna: anonymous, a button, then free text.
    question = await chat.press(ANNA, f"cs:go:{cid}:0")
    assert data_of(question, "cs:opt")[2] == f"cs:opt:{cid}:0:2:0"
    follow = await chat.press(ANNA, f"cs:opt:{cid}:0:2:0")
    assert "问题 2/2" in "\n".join(chat.texts(follow))
    thanks = await chat.send(ANNA, "希望驿站有暑期托管")
    assert "谢谢" in chat.texts(thanks)[0]
    again = await chat.press(ANNA, f"cs:opt:{cid}:0:0:0")  # a second tap counts nothing
    assert any(
        call.method == "answerCallbackQuery" and "已经回答过" in call.params.get("text", "") for call in again
    )

    # Bo: signed, skips the free text.
    await chat.press(BO, f"cs:go:{cid}:1")
    await chat.press(BO, f"cs:opt:{cid}:0:0:1")
    await chat.press(BO, f"cs:skip:{cid}:1:1")

    rows = await store(chat).db.fetchall("SELECT user_id FROM consultation_answers ORDER BY id")
    assert [row["user_id"] for row in rows] == [None, None, 202, 202]  # Anna's answers keep no id

    results = await chat.send(ADMIN, f"/consult results {cid}")
    photo = next(call for call in results if call.method == "sendPhoto")
    assert next(iter(photo.files.values())).startswith(b"\x89PNG")
    text = chat.texts(results)[-1]
    assert "1. 自己 — 1" in text and "3. 托管班 — 1" in text and "2. 老人 — 0" in text
    assert "希望驿站有暑期托管 — 匿名" in text and "（1 人跳过）" in text

    csv_file = await chat.press(ADMIN, f"cs:exp:{cid}:csv")
    csv_text = next(iter(csv_file[-1].files.values())).decode("utf-8-sig")
    assert "希望驿站有暑期托管,匿名" in csv_text and "自己,王师傅" in csv_text
    xlsx = await chat.press(ADMIN, f"cs:exp:{cid}:xlsx")
    sheet = load_workbook(io.BytesIO(next(iter(xlsx[-1].files.values())))).active
    assert sheet is not None and [cell.value for cell in sheet[1]][:3] == ["问题编号", "问题", "回答"]
    assert sheet.max_row == 5

    report_button = data_of(results, "cs:rep")[0]
    categories = await chat.press(ADMIN, report_button)
    category = data_of(categories, "cs:cat")[0]
    filed = await chat.press(ADMIN, category)
    assert "已转为报告" in "\n".join(chat.texts(filed))
    (report,) = await store(chat).reports.created_since(None)
    assert "希望驿站有暑期托管" in report.description and report.reporter_id == ADMIN_ID


async def test_a_courier_cannot_run_or_read_consultations(chat: Chat) -> None:
    """/consult is for observers (who read) and staff (who ask too): the refusal names the first of them,
    as for any command or button several roles share."""
    await chat.send(ANNA, "/start")
    assert "只对 民情观察员 开放" in chat.texts(await chat.send(ANNA, "/consult"))[0]
    assert "只对 民情观察员 开放" in chat.texts(await chat.send(ANNA, "/consult results 1"))[0]
    assert "/consult" not in "\n".join(chat.texts(await chat.send(ANNA, "/help")))


async def test_mydata_lists_signed_answers_and_deleteme_erases_them(chat: Chat) -> None:
    cid = await create(chat)
    await chat.deliver()
    await chat.press(BO, f"cs:go:{cid}:1")
    await chat.press(BO, f"cs:opt:{cid}:0:1:1")
    assert (await store(chat).privacy.export(202))["consultation_answers"][0]["option_index"] == 1
    await store(chat).privacy.erase(202, "2025-07")
    assert await store(chat).consultations.answers(cid) == []


async def test_an_observer_turns_a_free_text_answer_into_a_report(chat: Chat) -> None:
    """Observers file reports: the admin's results offer the button, and an observer's press files it."""
    observer = user(203, "观察员老李", "zh-hans")
    cid = await create(chat)
    await chat.deliver()
    await chat.send(observer, "/start")
    await chat.send(ADMIN, "/appoint 203 observer")
    await chat.press(ANNA, f"cs:go:{cid}:0")
    await chat.press(ANNA, f"cs:opt:{cid}:0:2:0")
    await chat.send(ANNA, "希望驿站有暑期托管")
    report_button = data_of(await chat.send(ADMIN, f"/consult results {cid}"), "cs:rep")[0]
    refused = await chat.press(ANNA, report_button)
    assert [call.method for call in refused] == ["answerCallbackQuery"]
    category = data_of(await chat.press(observer, report_button), "cs:cat")[0]
    filed = await chat.press(observer, category)
    assert "已转为报告" in "\n".join(chat.texts(filed))
    (report,) = await store(chat).reports.created_since(None)
    assert "希望驿站有暑期托管" in report.description and report.reporter_id == 203


async def test_an_observer_reads_a_signed_answer_unsigned_and_files_it_as_a_report(chat: Chat) -> None:
    """The invitation promises a signed name to the person who asked and the admins only: the observer
    sees the answer as anonymous, is offered no export (it holds the names), and one tap on 📣 and one on
    a category file the answer as their own report, which the admins' chat gets through the outbox."""
    observer = user(203, "观察员老李", "zh-hans")
    cid = await create(chat)
    await chat.deliver()
    await chat.send(observer, "/start")
    await chat.send(ADMIN, "/appoint 203 observer")
    await chat.deliver()
    await chat.press(BO, f"cs:go:{cid}:1")  # signed
    await chat.press(BO, f"cs:opt:{cid}:0:1:1")
    await chat.send(BO, "晚上驿站能不能多开一会")
    admins_view = chat.texts(await chat.send(ADMIN, f"/consult results {cid}"))[-1]
    assert "晚上驿站能不能多开一会 — 王师傅" in admins_view  # the admins see who signed

    listing = await chat.send(observer, "/consult")  # an observer's /consult is the list, never the form
    assert "最近的协商" in chat.texts(listing)[0] and data_of(listing, "cs:") == [f"cs:res:{cid}"]
    results = await chat.press(observer, f"cs:res:{cid}")
    shown = "\n".join(call.plain_text for call in results)
    assert "2. 老人 — 1" in shown and "#1 晚上驿站能不能多开一会 — 匿名" in shown
    assert "王师傅" not in shown and "点 📣 #编号" in shown
    assert data_of(results, "cs:exp") == [] and len(data_of(results, "cs:rep")) == 1
    typed = await chat.send(observer, f"/consult results {cid}")
    assert "#1 晚上驿站能不能多开一会 — 匿名" in chat.texts(typed)[-1] and data_of(typed, "cs:exp") == []

    forged = await chat.press(observer, f"cs:exp:{cid}:csv")
    assert [(call.method, call.params.get("show_alert")) for call in forged] == [
        ("answerCallbackQuery", True)
    ]
    assert "只对 驿站工作人员和管理员 开放" in forged[0].params["text"]

    categories = await chat.press(observer, data_of(results, "cs:rep")[0])
    assert "晚上驿站能不能多开一会" in chat.texts(categories)[-1]
    filed = await chat.press(observer, data_of(categories, "cs:cat")[0])
    assert "已转为报告 MQ-" in chat.texts(filed)[-1] and "/myreports" in chat.texts(filed)[-1]
    (report,) = await store(chat).reports.created_since(None)
    assert report.reporter_id == 203 and "晚上驿站能不能多开一会" in report.description
    assert "王师傅" not in report.description
    card = [call.plain_text for call in await chat.deliver() if call.chat_id == ADMIN_CHAT_ID]
    assert card and report.number in card[0] and "观察员老李" in card[0] and "王师傅" not in card[0]
    mine = "\n".join(chat.texts(await chat.send(observer, "/myreports")))
    assert report.number in mine


async def test_observers_find_consult_in_help_as_a_way_to_read_answers(chat: Chat) -> None:
    observer = user(203, "观察员老李", "zh-hans")
    await chat.send(observer, "/start")
    await chat.send(ADMIN, "/appoint 203 observer")
    help_text = "\n".join(chat.texts(await chat.send(observer, "/help")))
    assert "/consult — 看协商的回答（可转为报告）" in help_text and "发起协商" not in help_text
    assert "还没有协商" in chat.texts(await chat.send(observer, "/consult list"))[0]
    usage = chat.texts(await chat.send(observer, "/consult what"))[0]
    assert "/consult results 编号" in usage and "发起" not in usage


# --- station staff -----------------------------------------------------------------------------------------

HOME, OTHER = "sijiqing-djzx", "wulin-square"
STAFF = user(301, "陈站长", "zh-hans")
ELSEWHERE = user(302, "钱站长", "zh-hans")  # staff of OTHER
NEAR, FAR = user(211, "周师傅", "zh-hans"), user(212, "吴师傅", "zh-hans")


def station_index(chat: Chat, station_id: str) -> int:
    return [station.id for station in chat.application.bot_data.catalogue].index(station_id)


async def staffed(chat: Chat) -> None:
    """HOME's and OTHER's staff, a courier last seen at HOME and one last seen at OTHER (over 5 km apart)."""
    catalogue = chat.application.bot_data.catalogue
    for person in (ADMIN, STAFF, ELSEWHERE, NEAR, FAR):
        await chat.send(person, "/start")
    for courier, station_id in ((NEAR, HOME), (FAR, OTHER)):
        station = catalogue.by_id[station_id]
        await chat.send(courier, location={"latitude": station.lat, "longitude": station.lon})
    await chat.send(ADMIN, f"/appoint 301 staff {HOME}")
    await chat.send(ADMIN, f"/appoint 302 staff {OTHER}")


async def staff_asks(chat: Chat, audience: str = "near_station") -> list[Call]:
    """A staff member's question, then the kind of audience (of the two staff have); the stations asked."""
    await chat.send(STAFF, "/consult")
    await chat.send(STAFF, "驿站开放时间")
    await chat.send(STAFF, "晚上要不要开到 22 点?\n要\n不要")
    kinds = await chat.press(STAFF, "cs:done")
    assert data_of(kinds, "cs:") == ["cs:aud:near_station", "cs:aud:checked_in_at", "cs:abort"]
    return await chat.press(STAFF, f"cs:aud:{audience}")


async def test_staff_find_consult_in_help_and_couriers_do_not(chat: Chat) -> None:
    await staffed(chat)
    assert "/consult" in "\n".join(chat.texts(await chat.send(STAFF, "/help")))
    assert "/consult" not in "\n".join(chat.texts(await chat.send(NEAR, "/help")))


async def test_staff_ask_the_couriers_near_their_own_station(chat: Chat) -> None:
    await staffed(chat)
    stations = await staff_asks(chat)
    assert data_of(stations, "cs:") == [f"cs:st:{station_index(chat, HOME)}", "cs:abort"]  # theirs only
    radius = await chat.press(STAFF, f"cs:st:{station_index(chat, HOME)}")
    assert "最多 5 公里" in "\n".join(chat.texts(radius))
    assert "0 到 5 之间" in chat.texts(await chat.send(STAFF, "20"))[0]  # the station's neighbourhood
    preview = "\n".join(chat.texts(await chat.send(STAFF, "3")))
    assert "四季青" in preview and "人数：1" in preview
    await chat.press(STAFF, "cs:ok")
    delivered = await chat.deliver()
    assert [call.chat_id for call in delivered if "晚上要不要开到 22 点?" in call.plain_text] == [NEAR["id"]]

    (consultation,) = await store(chat).consultations.recent()
    assert consultation.created_by == STAFF["id"]
    await chat.press(NEAR, f"cs:go:{consultation.id}:0")
    await chat.press(NEAR, f"cs:opt:{consultation.id}:0:0:0")
    results = await chat.send(STAFF, f"/consult results {consultation.id}")
    assert "1. 要 — 1" in chat.texts(results)[-1]
    assert data_of(results, "cs:rep") == []  # staff read; observers and admins file reports
    csv_file = await chat.press(STAFF, f"cs:exp:{consultation.id}:csv")
    assert "要,匿名" in next(iter(csv_file[-1].files.values())).decode("utf-8-sig")
    admin_view = await chat.send(ADMIN, f"/consult results {consultation.id}")  # admins read every one
    assert "1. 要 — 1" in chat.texts(admin_view)[-1]


async def test_staff_choose_no_audience_beyond_their_stations(chat: Chat) -> None:
    """Forged presses for another station's neighbours, or for anyone at all, are refused and the form
    stays where it was."""
    await staffed(chat)
    await staff_asks(chat)
    other = await chat.press(STAFF, f"cs:st:{station_index(chat, OTHER)}")
    assert [(call.method, call.params.get("text")) for call in other] == [
        ("answerCallbackQuery", "🔒 这不是你负责的驿站，不能替它操作。")
    ]
    everyone = await chat.press(STAFF, "cs:aud:everyone")  # staff are never shown this kind
    assert [(call.method, call.params.get("show_alert")) for call in everyone] == [
        ("answerCallbackQuery", True)
    ]
    await chat.press(STAFF, f"cs:st:{station_index(chat, HOME)}")
    assert "人数：1" in "\n".join(chat.texts(await chat.send(STAFF, "3")))
    assert await store(chat).consultations.recent() == []


async def test_staff_ask_the_couriers_who_checked_in_at_their_station_lately(chat: Chat) -> None:
    """Their regulars, whether or not they ever shared a location: a check-in in the last 30 days at this
    station, an open one included; not one of 31 days ago, nor one at another station."""
    await staffed(chat)
    regular, lapsed, still_there = user(213, "郑师傅", "zh-hans"), user(214, "孙师傅", "zh-hans"), ANNA
    for courier in (regular, lapsed, still_there):
        await chat.send(courier, "/start")
    now = datetime.now(UTC).replace(microsecond=0)
    await hours_at_station(store(chat), regular["id"], HOME, now - timedelta(days=29))
    await hours_at_station(store(chat), lapsed["id"], HOME, now - timedelta(days=31))
    await hours_at_station(store(chat), FAR["id"], OTHER, now - timedelta(days=1))
    await store(chat).volunteer.start_checkin(still_there["id"], HOME, now - timedelta(hours=1))

    refused = await staff_asks(chat, "everyone")  # forged: a kind staff are not offered
    assert [(call.method, call.params.get("show_alert")) for call in refused] == [
        ("answerCallbackQuery", True)
    ]
    stations = await chat.press(STAFF, "cs:aud:checked_in_at")
    assert data_of(stations, "cs:") == [f"cs:st:{station_index(chat, HOME)}", "cs:abort"]  # theirs only
    other = await chat.press(STAFF, f"cs:st:{station_index(chat, OTHER)}")  # forged: another station's
    assert [(call.method, call.params.get("text")) for call in other] == [
        ("answerCallbackQuery", "🔒 这不是你负责的驿站，不能替它操作。")
    ]
    preview = "\n".join(chat.texts(await chat.press(STAFF, f"cs:st:{station_index(chat, HOME)}")))
    assert "最近 30 天在“四季青" in preview and "签到过的骑手" in preview and "人数：2" in preview
    await chat.press(STAFF, "cs:ok")
    delivered = await chat.deliver()
    invited = {call.chat_id for call in delivered if "晚上要不要开到 22 点?" in call.plain_text}
    assert invited == {regular["id"], still_there["id"]}  # not NEAR, who only shared a location nearby
    (consultation,) = await store(chat).consultations.recent()
    assert consultation.audience == Audience(AudienceKind.CHECKED_IN_AT, station_id=HOME)


async def test_staff_see_only_the_results_of_their_own_consultations(chat: Chat) -> None:
    await staffed(chat)
    await staff_asks(chat)
    await chat.press(STAFF, f"cs:st:{station_index(chat, HOME)}")
    await chat.send(STAFF, "3")
    await chat.press(STAFF, "cs:ok")
    (theirs,) = await store(chat).consultations.recent()
    admins = await create(chat, couriers=6)  # station staff are no observers: they count as couriers

    not_yours = "🔒 这份协商不是你发起的，看不了它的结果。"
    assert chat.texts(await chat.send(STAFF, f"/consult results {admins}")) == [not_yours]
    for data in (f"cs:res:{admins}", f"cs:exp:{admins}:csv", f"cs:exp:{admins}:xlsx"):
        refused = await chat.press(STAFF, data)
        assert [(call.method, call.params.get("text")) for call in refused] == [
            ("answerCallbackQuery", not_yours)
        ]
    listing = await chat.send(STAFF, "/consult list")
    assert data_of(listing, "cs:res") == [f"cs:res:{theirs.id}"]
    assert set(data_of(await chat.send(ADMIN, "/consult list"), "cs:res")) == {
        f"cs:res:{theirs.id}",
        f"cs:res:{admins}",
    }
    assert chat.texts(await chat.send(ELSEWHERE, f"/consult results {theirs.id}")) == [not_yours]
    courier_asks = await chat.send(NEAR, f"/consult results {theirs.id}")
    assert "只对 民情观察员 开放" in chat.texts(courier_asks)[0]
