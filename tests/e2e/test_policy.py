"""The policy desk (政策咨询台) through the real process: a courier's free-text question is answered from the
catalogue with its source and date; one the catalogue lacks is asked of a station's staff (appointed by the
admin), whose typed answer comes back to the courier naming the station and the day."""

from __future__ import annotations

import re

from bot.emulator.server import BotApiEmulator
from bot.stations import load_stations
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, message_with, press, sent, text_of
from tests.support.botprocess import REPO_ROOT, BotProcess

STAFF, COURIER = 44101, 44102
HOME = "sijiqing-djzx"


async def test_a_free_text_question_is_answered_with_its_source_and_date(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.ask(COURIER, "/start", timeout=LONG)
    [answer] = await emulator.ask(COURIER, "高温补贴怎么算", timeout=LONG)
    text = text_of(answer)
    assert "高温津贴" in text
    assert "来源：《防暑降温措施管理办法》（安监总安健〔2012〕89号）（2012-06-29）" in text


async def test_a_question_the_catalogue_lacks_is_answered_by_the_chosen_stations_staff(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id[HOME]
    home_name = station.name.pick("zh")
    await emulator.add_user(STAFF, "陈站长")
    await emulator.add_user(COURIER, "刘凤叶")
    await emulator.ask(STAFF, "/start", timeout=LONG)
    await emulator.ask(COURIER, "/start", timeout=LONG)
    [done] = await emulator.ask(ADMIN_ID, f"/appoint {STAFF} staff {HOME}", timeout=LONG)
    assert "已任命 陈站长" in text_of(done)
    await message_with(emulator, STAFF, "/station")  # the welcome, through the outbox

    await emulator.send_location(COURIER, station.lat, station.lon)  # the desk offers the nearest stations
    await message_with(emulator, COURIER, home_name)
    await emulator.send_text(COURIER, "/policy 孩子在杭州上学需要什么材料")
    assert "12333" in text_of(await message_with(emulator, COURIER, "没有找到现成的答案"))
    await press(emulator, COURIER, "🙋 问驿站工作人员")
    choices = await message_with(emulator, COURIER, "请选择要请哪个驿站的工作人员回答")
    await emulator.press_button(COURIER, int(choices["message_id"]), home_name[:60])
    await message_with(emulator, COURIER, "请输入你想问")
    [asked] = await emulator.ask(COURIER, "孩子在杭州上学需要什么材料？", timeout=LONG)
    assert f"已发给{home_name}的工作人员" in text_of(asked)

    question = await message_with(emulator, STAFF, "收到一个问题")
    assert "孩子在杭州上学需要什么材料？" in text_of(question) and "刘凤叶" in text_of(question)
    before = sent(emulator, STAFF)
    await emulator.press_button(STAFF, int(question["message_id"]), "✍️ 回答")
    await message_with(emulator, STAFF, "请输入你对这个问题的回答", since=before)
    [thanks] = await emulator.ask(STAFF, "带上居住证和社保缴纳证明，到区教育局报名。", timeout=LONG)
    assert "回答已发给这位骑手" in text_of(thanks)

    answer = text_of(await message_with(emulator, COURIER, "的工作人员回答了你"))
    assert f"{home_name}的工作人员回答了你" in answer
    assert re.search(r"（\d{4}-\d{2}-\d{2}）", answer)  # the day it was answered: its date
    assert "你的问题：孩子在杭州上学需要什么材料？" in answer and "带上居住证和社保缴纳证明" in answer
