"""Station life as a WeChat courier lives it, through the real `python -m bot` against the WeChat emulator:
a consultation, the policy desk and events. WeChat has no inline keyboards (buttons are bizmsgmenu links
in the text, tapped in the emulator), no edits (a changed message comes again), 5 replies per message of
the person within 48 hours, and template messages for notices outside that window."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.emulator.server import BotApiEmulator
from bot.emulator.wechat import WeChatEmulator
from bot.events import NewEvent
from bot.storage import Storage
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.helpers import LONG, message_with, press
from tests.e2e.test_wechat import ADMIN, COURIER, LAPSED, both_channels, says, user_id
from tests.support.botprocess import BotProcess
from tests.support.wechatprocess import WeChatBotProcess

pytestmark = pytest.mark.e2e

NEIGHBOUR = "oNeighbour0000000000000000001"  # a second courier
STAFF = 41201  # station staff, on Telegram
WECHAT_STAFF = "oStaff00000000000000000000001"
HOME = "sijiqing-djzx"
HOME_NAME = "四季青街道新就业群体党群服务中心"
PUBLIC_URL = "https://xiaoge.example.org"


@pytest.fixture
async def wechat() -> AsyncIterator[WeChatEmulator]:
    async with WeChatEmulator() as running:
        yield running


@pytest.fixture
async def admin_bot(wechat: WeChatEmulator, tmp_path: Path) -> AsyncIterator[WeChatBotProcess]:
    """WeChat only, with one WeChat admin (no admin group: the admins' chat reaches them in private), and
    the public address its download links use."""
    settings = {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN, "BOT_PUBLIC_URL": PUBLIC_URL}
    process = WeChatBotProcess(wechat, tmp_path / "bot.db", settings)
    await process.start()
    yield process
    assert await process.stop() == 0


async def tap(wechat: WeChatEmulator, openid: str, label: str, then: str) -> dict[str, object]:
    """Taps the link `label` in the person's last message that shows it; the next message saying `then`."""
    since = len(wechat.received(openid))
    await wechat.press(openid, label)
    return await says(wechat, openid, then, since)


async def click(wechat: WeChatEmulator, openid: str, key: str, then: str) -> dict[str, object]:
    """Clicks the account menu's entry `key` (a command); the next message saying `then`."""
    assert wechat.menu is not None
    entries = [sub["key"] for button in wechat.menu["button"] for sub in button.get("sub_button", [])]
    assert key in entries, entries
    since = len(wechat.received(openid))
    await wechat.click(openid, key)
    return await says(wechat, openid, then, since)


async def fetch(bot: WeChatBotProcess, link: str, *, status: int = 200) -> str:
    """What a phone gets from a link under the public address (a reverse proxy in front of the bot)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(link.replace(PUBLIC_URL, f"http://127.0.0.1:{bot.port}"))
    assert response.status_code == status, link
    return response.content.decode("utf-8-sig")


async def write(wechat: WeChatEmulator, openid: str, text: str, then: str) -> dict[str, object]:
    """Sends a text; the next message saying `then`."""
    since = len(wechat.received(openid))
    await wechat.send_text(openid, text)
    return await says(wechat, openid, then, since)


# --- 1. a consultation ------------------------------------------------------------------------------------


async def test_a_wechat_courier_answers_a_consultation_and_the_admin_files_the_answer_as_a_report(
    wechat: WeChatEmulator, admin_bot: WeChatBotProcess
) -> None:
    await wechat.subscribe(COURIER)
    await says(wechat, COURIER, "你好")
    await wechat.subscribe(ADMIN)
    await says(wechat, ADMIN, "你好")

    await write(wechat, ADMIN, "/consult", "先发一个标题")
    await write(wechat, ADMIN, "暑期孩子照护需求", "发送第 1 个问题")
    await write(wechat, ADMIN, "暑假孩子有人照看吗?\n有\n没有", "已添加第 1 个问题")
    await write(wechat, ADMIN, "驿站能帮你做点什么?", "已添加第 2 个问题")
    await tap(wechat, ADMIN, "✅ 问题写完了", "所有人")
    preview = await tap(wechat, ADMIN, "所有人", "✅ 确认发送")
    assert "人数：2" in str(preview["text"])  # the courier and the admin
    await tap(wechat, ADMIN, "✅ 确认发送", "已交给发送队列")

    # The invitation comes through the outbox as a customer-service message (the courier wrote today).
    invitation = await says(wechat, COURIER, "协商：暑期孩子照护需求")
    assert invitation["kind"] == "text" and "默认匿名" in str(invitation["text"])
    first = await tap(wechat, COURIER, "🙈 匿名回答", "问题 1/2")
    assert "暑假孩子有人照看吗?" in str(first["text"])
    second = await tap(wechat, COURIER, "没有", "问题 2/2")
    assert "请直接发送你的回答" in str(second["text"])
    await write(wechat, COURIER, "希望暑假驿站能开个托管班", "问题你都回答完了")

    results = await write(wechat, ADMIN, "/consult results 1", "1. 有 — 0")
    text = str(results["text"])
    assert "2. 没有 — 1" in text
    assert "#1 希望暑假驿站能开个托管班 — 匿名" in text

    # The export is a file, which a service account cannot send: it comes as a one-time download link.
    exported = await tap(wechat, ADMIN, "CSV", "15 分钟内可以下载一次")
    [link] = re.findall(rf'href="({PUBLIC_URL}/[^"]+)"', str(exported["text"]))
    assert "协商回答，共 2 条" in str(exported["text"])
    csv = await fetch(admin_bot, link)
    assert "希望暑假驿站能开个托管班" in csv and "没有" in csv
    assert (await fetch(admin_bot, link, status=404)) == "this link was used or has expired"

    # One tap turns the free-text answer into a report (a second picks its category), which reaches the
    # admins' chat: on WeChat, each admin in private.
    await tap(wechat, ADMIN, "📣 #1", "选择类别")
    since = len(wechat.received(ADMIN))
    filed = await tap(wechat, ADMIN, "孩子托管", "已转为报告")
    number = re.search(r"MQ-\d{4}-\d{6}", str(filed["text"]))
    assert number is not None
    card = await says(wechat, ADMIN, "👀 受理", since)
    assert number.group() in str(card["text"])
    assert "希望暑假驿站能开个托管班" in str(card["text"])


async def test_an_invitation_sent_as_a_template_brings_its_links_when_the_courier_next_writes(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    settings = {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN, "BOT_WECHAT_TEMPLATE_ID": "notice-template"}
    bot = WeChatBotProcess(wechat, tmp_path / "bot.db", settings)
    await bot.start()
    try:
        await wechat.subscribe(LAPSED)
        await says(wechat, LAPSED, "你好")
        wechat.age_window(LAPSED, 72)
        await wechat.subscribe(ADMIN)
        await write(wechat, ADMIN, "/consult", "先发一个标题")
        await write(wechat, ADMIN, "驿站开放时间", "发送第 1 个问题")
        await write(wechat, ADMIN, "晚上要不要开到 22 点?\n要\n不要", "已添加第 1 个问题")
        await tap(wechat, ADMIN, "✅ 问题写完了", "所有人")
        await tap(wechat, ADMIN, "小哥（普通用户）", "✅ 确认发送")
        await tap(wechat, ADMIN, "✅ 确认发送", "已交给发送队列")

        # Outside the window the invitation is a template, which carries no links to answer with ...
        template = await says(wechat, LAPSED, "协商：驿站开放时间")
        assert template["kind"] == "template" and "weixin://" not in str(template["text"])
        # ... so the next time the courier writes, it comes again with them, before the answer.
        since = len(wechat.received(LAPSED))
        await wechat.send_text(LAPSED, "/points")
        invitation, points = await wechat.wait_for(LAPSED, 2, after=since)
        assert "协商：驿站开放时间" in str(invitation["text"]) and "积分" in str(points["text"])
        await tap(wechat, LAPSED, "🙈 匿名回答", "问题 1/1")
        # Once only: a later message brings it no more.
        since = len(wechat.received(LAPSED))
        await wechat.send_text(LAPSED, "/points")
        (only,) = await wechat.wait_for(LAPSED, 1, after=since)
        assert "积分" in str(only["text"])
    finally:
        assert await bot.stop() == 0


# --- 2. the policy desk -----------------------------------------------------------------------------------


async def test_a_wechat_courier_reads_a_policy_and_a_telegram_staff_member_answers_the_desk_question(
    wechat: WeChatEmulator, emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    async with both_channels(wechat, make_bot):
        await emulator.add_user(STAFF, "陈站长")
        await emulator.ask(STAFF, "/start", timeout=LONG)
        await emulator.ask(ADMIN_ID, f"/appoint {STAFF} staff {HOME}", timeout=LONG)
        await message_with(emulator, STAFF, "/station")  # their welcome, through the outbox

        await wechat.subscribe(COURIER)
        await says(wechat, COURIER, "你好")
        topics = await click(wechat, COURIER, "policy", "政策咨询台")  # in the account's menu
        assert "高温天送单，有高温津贴吗？" in str(topics["text"])  # the topics, as links
        answer = await write(wechat, COURIER, "高温补贴怎么算", "来源")
        assert "35℃以上" in str(answer["text"])
        source = "📎 来源：《防暑降温措施管理办法》（安监总安健〔2012〕89号）（2012-06-29）"
        assert source in str(answer["text"])

        # Nothing in the catalogue: the question goes to the staff of the station the courier picks.
        await write(wechat, COURIER, "/policy 外卖员能交公积金吗", "没有找到现成的答案")
        await tap(wechat, COURIER, "🙋 问驿站工作人员", "请选择要请哪个驿站")
        await tap(wechat, COURIER, HOME_NAME, "请输入你想问")
        await write(wechat, COURIER, "外卖员能交公积金吗？", f"已发给{HOME_NAME}的工作人员")

        question = await message_with(emulator, STAFF, "收到一个问题")
        assert "外卖员能交公积金吗？" in str(question["text"])
        await press(emulator, STAFF, "✍️ 回答")
        await message_with(emulator, STAFF, "请输入你对这个问题的回答")
        await emulator.send_text(STAFF, "可以。灵活就业人员可以自愿缴存，带身份证到驿站咨询台办理。")
        await message_with(emulator, STAFF, "回答已发给这位骑手")

        reply = await says(wechat, COURIER, "工作人员回答了你")
        assert reply["kind"] == "text"
        assert "你的问题：外卖员能交公积金吗？" in str(reply["text"])
        assert "带身份证到驿站咨询台办理" in str(reply["text"])


async def test_a_desk_question_for_wechat_staff_outside_the_window_is_answered_when_they_next_write(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    settings = {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN, "BOT_WECHAT_TEMPLATE_ID": "notice-template"}
    bot = WeChatBotProcess(wechat, tmp_path / "bot.db", settings)
    await bot.start()
    try:
        await wechat.subscribe(WECHAT_STAFF)
        await says(wechat, WECHAT_STAFF, "你好")
        await wechat.subscribe(ADMIN)
        staff_id = user_id(bot.database, WECHAT_STAFF)
        await write(wechat, ADMIN, f"/appoint {staff_id} staff {HOME}", "已任命")
        await says(wechat, WECHAT_STAFF, "/station")
        wechat.age_window(WECHAT_STAFF, 72)  # off shift for three days

        await wechat.subscribe(COURIER)
        await write(wechat, COURIER, "/policy 外卖员能交公积金吗", "没有找到现成的答案")
        await tap(wechat, COURIER, "🙋 问驿站工作人员", "请选择要请哪个驿站")
        await tap(wechat, COURIER, HOME_NAME, "请输入你想问")
        await write(wechat, COURIER, "外卖员能交公积金吗？", f"已发给{HOME_NAME}的工作人员")

        template = await says(wechat, WECHAT_STAFF, "收到一个问题")
        assert template["kind"] == "template" and "外卖员能交公积金吗？" in str(template["text"])
        # Back on shift, the staff member writes; the question comes again, now with its Answer link.
        await write(wechat, WECHAT_STAFF, "/station", "✍️ 回答")
        await tap(wechat, WECHAT_STAFF, "✍️ 回答", "请输入你对这个问题的回答")
        await write(wechat, WECHAT_STAFF, "可以，到驿站咨询台办理。", "回答已发给这位骑手")
        reply = await says(wechat, COURIER, "工作人员回答了你")
        assert "可以，到驿站咨询台办理。" in str(reply["text"])
    finally:
        assert await bot.stop() == 0


# --- 3. events --------------------------------------------------------------------------------------------


async def an_event(
    database: Path, *, starts_in: timedelta, capacity: int, going: tuple[str, ...] = ()
) -> None:
    """清凉游园会 at the station, stored before the bot starts (as an organiser's /event would), with the
    WeChat people in `going` holding a place."""
    store = Storage(database)
    await store.open()
    try:
        now = datetime.now(UTC)
        event, _ = await store.events.create(
            NewEvent(
                title_zh="清凉游园会",
                title_en=None,
                station_id=HOME,
                place=None,
                starts_at=now + starts_in,
                minutes=120,
                capacity=capacity,
                credited_minutes=60,
                created_by=None,
                creation_key="event:seeded",
            ),
            now,
        )
        for openid in going:
            person = await store.wechat.user_id(openid)
            await store.users.seen(person, "微信用户", None, "zh")
            await store.events.sign_up(event.id, person, now)
    finally:
        await store.close()


async def test_a_wechat_courier_signs_up_cancels_and_the_one_waiting_is_told_and_gets_the_calendar(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    await an_event(database, starts_in=timedelta(days=3), capacity=1)
    bot = WeChatBotProcess(wechat, database, {"BOT_PUBLIC_URL": PUBLIC_URL})
    await bot.start()
    try:
        for person in (COURIER, NEIGHBOUR):
            await wechat.subscribe(person)
            await says(wechat, person, "你好")

        card = await click(wechat, COURIER, "events", "清凉游园会")  # in the account's menu
        assert "已报名 0/1 人" in str(card["text"]) and "参加可记 1 小时志愿时长" in str(card["text"])
        going = await tap(wechat, COURIER, "✋ 报名", "你已报名")
        assert "已报名 1/1 人" in str(going["text"])

        await click(wechat, NEIGHBOUR, "events", "已报名 1/1 人")
        waiting = await tap(wechat, NEIGHBOUR, "⏳ 已满，排候补", "你在候补名单上")
        assert "候补 1 人" in str(waiting["text"])

        # The courier gives up the place: the one waiting gets it, and is told through the outbox.
        since = len(wechat.received(NEIGHBOUR))
        # WeChat shows no toast: the card, sent again, says it (no "你已报名", and the place is taken).
        again = await tap(wechat, COURIER, "↩️ 取消报名", "清凉游园会")
        assert "你已报名" not in str(again["text"]) and "⏳ 已满，排候补" in str(again["text"])
        promoted = await says(wechat, NEIGHBOUR, "你从候补转为正式报名", since)
        assert "「清凉游园会」" in str(promoted["text"]) and HOME_NAME in str(promoted["text"])

        # WeChat cannot send a file: the calendar comes as links the phone opens.
        calendar = await tap(wechat, NEIGHBOUR, "📅 加入日历", "加入手机日历")
        links = re.findall(rf"{PUBLIC_URL}/[^\s\"<>]+", str(calendar["text"]))
        assert len(links) == 2, calendar  # the event's own calendar address, and the file sent once
        for link in links:
            ics = await fetch(bot, link)
            assert "BEGIN:VCALENDAR" in ics and "SUMMARY:清凉游园会" in ics
    finally:
        assert await bot.stop() == 0


@pytest.mark.parametrize(
    ("starts_in", "reminder"),
    [(timedelta(hours=23), "明天的活动提醒"), (timedelta(minutes=50), "活动一小时后开始")],
    ids=["day-before", "hour-before"],
)
async def test_an_event_reminder_is_a_message_inside_the_window_and_a_template_outside(
    wechat: WeChatEmulator, tmp_path: Path, starts_in: timedelta, reminder: str
) -> None:
    database = tmp_path / "bot.db"
    await an_event(database, starts_in=starts_in, capacity=10, going=(COURIER, LAPSED))
    wechat.follower(COURIER).last_message_at = time.time()  # wrote an hour ago, say
    wechat.follower(LAPSED).last_message_at = time.time() - 72 * 3600
    bot = WeChatBotProcess(wechat, database, {"BOT_WECHAT_TEMPLATE_ID": "notice-template"})
    await bot.start()  # the reminder is due: the start schedules it at once
    try:
        message = await says(wechat, COURIER, reminder)
        assert message["kind"] == "text" and "「清凉游园会」" in str(message["text"])
        template = await says(wechat, LAPSED, reminder)
        assert template["kind"] == "template" and template["template_id"] == "notice-template"
        assert HOME_NAME in str(template["text"])
    finally:
        assert await bot.stop() == 0
