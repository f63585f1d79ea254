"""A consultation through the real process: an admin (or a station's staff, of the couriers near it) asks
one question, a courier answers it anonymously with one tap, and the one who asked sees the count; an
observer turns a courier's written answer into a report."""

from __future__ import annotations

from bot.emulator.server import BotApiEmulator
from bot.reports import load_catalogue
from bot.stations import load_stations
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import LONG, labels, message_with, press, sent, text_of
from tests.support.botprocess import REPO_ROOT, BotProcess

COURIER = 43101


async def test_an_admin_runs_a_one_question_consultation_and_sees_the_count(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.ask(COURIER, "/start", timeout=LONG)
    await emulator.ask(ADMIN_ID, "/consult", timeout=LONG)
    await emulator.ask(ADMIN_ID, "驿站开放时间", timeout=LONG)
    await emulator.ask(ADMIN_ID, "晚上要不要开到 22 点?\n要\n不要", timeout=LONG)
    await press(emulator, ADMIN_ID, "✅ 问题写完了")
    await press(emulator, ADMIN_ID, "所有人")
    await press(emulator, ADMIN_ID, "✅ 确认发送")
    await message_with(emulator, ADMIN_ID, "已交给发送队列")

    invitation = await message_with(emulator, COURIER, "晚上要不要开到 22 点?")
    assert "匿名" in text_of(invitation)
    await press(emulator, COURIER, "🙈 匿名回答")
    question = await message_with(emulator, COURIER, "问题 1/1")
    before = sent(emulator, COURIER)
    await emulator.press_button(COURIER, int(question["message_id"]), "要")
    await message_with(emulator, COURIER, "谢谢", since=before)

    await emulator.send_text(ADMIN_ID, "/consult results 1")
    results = await message_with(emulator, ADMIN_ID, "1. 要 — 1")
    assert "2. 不要 — 0" in text_of(results)


async def test_station_staff_ask_the_couriers_near_their_station(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    """Appointed by the admin, staff ask the people last seen near their station, and read the answer."""
    staff, home = 43102, "sijiqing-djzx"
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id[home]
    home_name = station.name.pick("zh")
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.add_user(staff, "陈站长")
    await emulator.ask(COURIER, "/start", timeout=LONG)
    await emulator.send_location(COURIER, station.lat, station.lon)
    await message_with(emulator, COURIER, home_name)
    await emulator.ask(staff, "/start", timeout=LONG)
    await emulator.ask(ADMIN_ID, f"/appoint {staff} staff {home}", timeout=LONG)
    await message_with(emulator, staff, "/consult")  # the welcome names it

    await emulator.ask(staff, "/consult", timeout=LONG)
    await emulator.ask(staff, "驿站开放时间", timeout=LONG)
    await emulator.ask(staff, "晚上要不要开到 22 点?\n要\n不要", timeout=LONG)
    await press(emulator, staff, "✅ 问题写完了")
    kinds = await message_with(emulator, staff, "发给谁")
    assert labels(kinds) == ["驿站附近的人", "最近 30 天来驿站签到的人", "✖️ 取消"]  # staff's two kinds
    await press(emulator, staff, "驿站附近的人")
    stations = await message_with(emulator, staff, "选择驿站")
    assert labels(stations) == [home_name[:40], "✖️ 取消"]  # their own station only
    await emulator.press_button(staff, int(stations["message_id"]), home_name[:40])
    await message_with(emulator, staff, "最多 5 公里")
    await emulator.send_text(staff, "3")
    preview = await message_with(emulator, staff, "✅ 确认发送")
    assert "人数：1" in text_of(preview)
    await press(emulator, staff, "✅ 确认发送")
    await message_with(emulator, staff, "已交给发送队列")

    await message_with(emulator, COURIER, "晚上要不要开到 22 点?")
    await press(emulator, COURIER, "🙈 匿名回答")
    question = await message_with(emulator, COURIER, "问题 1/1")
    before = sent(emulator, COURIER)
    await emulator.press_button(COURIER, int(question["message_id"]), "要")
    await message_with(emulator, COURIER, "谢谢", since=before)

    await emulator.send_text(staff, "/consult results 1")
    assert "2. 不要 — 0" in text_of(await message_with(emulator, staff, "1. 要 — 1"))


async def test_an_observer_turns_a_signed_answer_into_a_report_without_seeing_the_name(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    """Appointed by the admin, an observer opens /consult (the list: they start none), reads a signed
    free-text answer as anonymous, and files it with 📣 #1 and a category; the card reaches the admins."""
    observer = 43103
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.add_user(observer, "王观察")
    for person in (COURIER, observer):
        await emulator.ask(person, "/start", timeout=LONG)
    await emulator.ask(ADMIN_ID, f"/appoint {observer} observer", timeout=LONG)
    await message_with(emulator, observer, "/consult")  # the welcome names it

    await emulator.ask(ADMIN_ID, "/consult", timeout=LONG)
    await emulator.ask(ADMIN_ID, "驿站开放时间", timeout=LONG)
    await emulator.ask(ADMIN_ID, "还有什么想说的?", timeout=LONG)
    await press(emulator, ADMIN_ID, "✅ 问题写完了")
    await press(emulator, ADMIN_ID, "所有人")
    await press(emulator, ADMIN_ID, "✅ 确认发送")
    await message_with(emulator, COURIER, "还有什么想说的?")
    await press(emulator, COURIER, "✍️ 署名回答")
    await message_with(emulator, COURIER, "问题 1/1")
    await emulator.send_text(COURIER, "驿站晚上关门太早了")
    await message_with(emulator, COURIER, "谢谢")

    await emulator.send_text(observer, "/consult")
    listing = await message_with(emulator, observer, "最近的协商")
    await emulator.press_button(observer, int(listing["message_id"]), labels(listing)[0])
    results = await message_with(emulator, observer, "驿站晚上关门太早了 — 匿名")
    assert "刘凤叶" not in text_of(results) and labels(results) == ["📣 #1"]  # no name, no export
    await press(emulator, observer, "📣 #1")
    await press(emulator, observer, load_catalogue().categories[0].name("zh"))
    assert "/myreports" in text_of(await message_with(emulator, observer, "已转为报告"))
    card = await message_with(emulator, ADMIN_CHAT_ID, "驿站晚上关门太早了")
    assert "王观察" in text_of(card) and "刘凤叶" not in text_of(card)
