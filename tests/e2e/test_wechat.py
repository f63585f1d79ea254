"""WeChat through the real `python -m bot` process, with only WeChat configured, against its emulator."""

from __future__ import annotations

import asyncio
import re
import secrets
import string
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.emulator.server import BotApiEmulator
from bot.emulator.wechat import APP_ID, APP_SECRET, PNG, WeChatEmulator
from bot.geo import wgs84_to_gcj02
from bot.reports import Action, NewReport
from bot.stations import load_stations
from bot.storage import Storage
from tests.e2e.conftest import ADMIN_CHAT_ID, ADMIN_ID
from tests.e2e.helpers import message_with, press, query, run_bot_command
from tests.e2e.test_heat import morning_zone
from tests.support.botprocess import REPO_ROOT, BotProcess
from tests.support.wechatprocess import WeChatBotProcess, free_port

pytestmark = pytest.mark.e2e

COURIER = "oCourier000000000000000001"
# WeChat's EncodingAESKey: 43 letters and digits (the base64 of the AES key without its "=").
AES_KEY = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))


@pytest.fixture
async def wechat() -> AsyncIterator[WeChatEmulator]:
    async with WeChatEmulator() as running:
        yield running


@pytest.fixture
async def bot(wechat: WeChatEmulator, tmp_path: Path) -> AsyncIterator[WeChatBotProcess]:
    process = WeChatBotProcess(wechat, tmp_path / "bot.db")
    await process.start()
    yield process
    assert await process.stop() == 0


async def test_a_location_message_in_gcj02_finds_the_station_at_the_door(
    wechat: WeChatEmulator, bot: WeChatBotProcess
) -> None:
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    lat, lon = wgs84_to_gcj02(station.lat, station.lon)  # what WeChat's map picker gives
    await wechat.send_location(COURIER, lat, lon, "四季青")
    listing, venue, privacy_note = await wechat.wait_for(COURIER, 3)
    assert "只删位置" in privacy_note["text"]  # the first shared location tells what is kept
    items = listing["text"].split("\n\n")[1:]
    # Converted back to WGS-84, the courier stands at the station: 0 m (a GCJ-02 reading taken as WGS-84
    # would put it some 500 m away).
    if station.status_at(datetime.now(ZoneInfo("Asia/Shanghai"))).is_open:
        assert items[0].startswith("1. 四季青街道新就业群体党群服务中心") and "📏 0 米" in items[0]
        assert "四季青街道新就业群体党群服务中心" in venue["text"] and "uri.amap.com" in venue["text"]
    else:
        assert any("四季青街道新就业群体党群服务中心" in item and "📏 0 米" in item for item in items)
    # The listing's buttons are links that come back as presses: the next page of stations.
    assert "weixin://bizmsgmenu?msgmenucontent=下一组 ▶&msgmenuid=" in listing["text"]
    before = len(wechat.received(COURIER))
    await wechat.press(COURIER, "下一组 ▶")
    (page,) = await wechat.wait_for(COURIER, 1, after=before)
    assert "第 2 组" in page["text"]


async def test_a_typed_place(wechat: WeChatEmulator, bot: WeChatBotProcess) -> None:
    await wechat.send_text(COURIER, "城站旁边")
    (listing, *_) = await wechat.wait_for(COURIER, 2)
    assert "附近的驿站" in listing["text"] and listing["text"].count("🛵") == 3
    assert "<b>" not in listing["text"]  # Telegram's HTML is not WeChat's


async def test_a_link_pressed_after_a_restart_still_works(wechat: WeChatEmulator, tmp_path: Path) -> None:
    first = WeChatBotProcess(wechat, tmp_path / "bot.db")
    await first.start()
    await wechat.send_text(COURIER, "城站旁边")
    (listing, *_) = await wechat.wait_for(COURIER, 2)
    assert "msgmenucontent=下一组 ▶" in listing["text"]
    assert await first.stop() == 0

    second = WeChatBotProcess(wechat, first.database)
    await second.start()
    try:
        before = len(wechat.received(COURIER))
        await wechat.press(COURIER, "下一组 ▶")  # the link the first process sent
        (page,) = await wechat.wait_for(COURIER, 1, after=before)
        assert "第 2 组" in page["text"]
    finally:
        assert await second.stop() == 0


async def test_a_follow_is_start_and_the_menu_offers_the_location_button(
    wechat: WeChatEmulator, bot: WeChatBotProcess
) -> None:
    assert wechat.menu is not None
    assert wechat.menu["button"][0] == {"type": "location_select", "name": "找最近的驿", "key": "nearest"}
    assert "name" in [entry["key"] for entry in wechat.menu["button"][1]["sub_button"]]
    await wechat.subscribe(COURIER)
    (welcome,) = await wechat.wait_for(COURIER, 1)
    # WeChat gives the account no nickname: the welcome asks for a name the station staff can read.
    assert "你好" in welcome["text"] and "发送“/name 你的称呼”" in welcome["text"]
    await wechat.click(COURIER, "points")
    (points,) = await wechat.wait_for(COURIER, 1, after=1)
    assert "积分" in points["text"]


async def test_a_bad_signature_is_refused_and_nothing_is_processed(
    wechat: WeChatEmulator, bot: WeChatBotProcess
) -> None:
    forged = wechat.message_xml(COURIER, "text", "<Content>/start</Content>", 1)
    assert await wechat.post_xml(forged, signature_token="guessed") == "forbidden"
    assert wechat.posts[-1][0] == 403
    await asyncio.sleep(1.5)
    assert wechat.received(COURIER) == []


async def test_a_retried_msg_id_is_answered_once(wechat: WeChatEmulator, bot: WeChatBotProcess) -> None:
    xml = wechat.message_xml(COURIER, "text", "<Content>/help</Content>", 77)
    assert await wechat.post_xml(xml) == "success"
    assert await wechat.post_xml(xml) == "success"  # WeChat's retry: the same MsgId
    await wechat.wait_for(COURIER, 1)
    await asyncio.sleep(1.5)
    assert len(wechat.received(COURIER)) == 1


async def test_safe_mode(tmp_path: Path) -> None:
    async with WeChatEmulator(aes_key=AES_KEY) as wechat:
        process = WeChatBotProcess(wechat, tmp_path / "bot.db")
        await process.start()
        try:
            await wechat.subscribe(COURIER)
            (welcome,) = await wechat.wait_for(COURIER, 1)
            assert "你好" in welcome["text"]
            # A plain body where WeChat would encrypt is not WeChat's.
            wechat.aes_key = None
            plain = "<MsgType>text</MsgType><Content>/help</Content>"
            assert await wechat.post(COURIER, plain) == "forbidden"
        finally:
            assert await process.stop() == 0
        assert COURIER not in await process.read_stderr()  # the openid never reaches the logs


# --- milestone 2: buttons, forms, photos, QR check-in, unfollow -------------------------------------------

ADMIN = "oAdmin0000000000000000000001"
ADMIN_CHAT_WAIT = 60.0  # generous: nothing here asserts a duration
OBSERVER = "oObserver00000000000000000001"


@pytest.fixture
async def admin_bot(wechat: WeChatEmulator, tmp_path: Path) -> AsyncIterator[WeChatBotProcess]:
    process = WeChatBotProcess(wechat, tmp_path / "bot.db", {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN})
    await process.start()
    yield process
    assert await process.stop() == 0


async def says(wechat: WeChatEmulator, openid: str, fragment: str, since: int = 0) -> dict[str, Any]:
    """The first message to the person, from index `since` on, that contains the fragment."""

    def found() -> dict[str, Any] | None:
        return next((m for m in wechat.received(openid)[since:] if fragment in str(m.get("text"))), None)

    try:
        await wechat.wait_until(lambda: found() is not None, 20)
    except TimeoutError:
        raise AssertionError(f"no {fragment!r} in {wechat.received(openid)[since:]}") from None
    message = found()
    assert message is not None
    return message


def user_id(database: Path, openid: str) -> int:
    [(seq,)] = query(database, "SELECT seq FROM wechat_identities WHERE openid = ?", (openid,))
    return int(seq) + 2**52


async def test_hours_approved_by_a_wechat_admin_buy_a_reward(
    wechat: WeChatEmulator, admin_bot: WeChatBotProcess
) -> None:
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    await wechat.subscribe(ADMIN)  # opens the admin's 48-hour window
    await wechat.subscribe(COURIER)
    await says(wechat, COURIER, "你好")
    await wechat.send_text(COURIER, "/name 小李")
    await says(wechat, COURIER, "以后就叫你“小李”")
    await wechat.click(COURIER, "volunteer")
    await says(wechat, COURIER, "🏠 驿站值守")
    for label, next_step in (
        ("🏠 驿站值守", "昨天"),
        ("昨天", "08:00"),
        ("08:00", "3 小时"),
        ("3 小时", "在哪儿服务的"),
    ):
        since = len(wechat.received(COURIER))
        await wechat.press(COURIER, label)
        await says(wechat, COURIER, next_step, since)
    since = len(wechat.received(COURIER))
    await wechat.send_location(COURIER, *wgs84_to_gcj02(station.lat, station.lon))
    near = await says(wechat, COURIER, "点附近的驿站", since)
    first_station = re.findall(r"msgmenucontent=([^&]+)&", near["text"])[0]
    await wechat.press(COURIER, first_station)
    await says(wechat, COURIER, "跳过，不发照片", since)
    since = len(wechat.received(COURIER))
    await wechat.press(COURIER, "跳过，不发照片")
    await says(wechat, COURIER, "✅ 确认提交", since)
    since = len(wechat.received(COURIER))
    await wechat.press(COURIER, "✅ 确认提交")
    await says(wechat, COURIER, "已提交（编号 #1）", since)

    # No admin group on WeChat: the card reaches the admin in private, and its button works there.
    card = await says(wechat, ADMIN, "✅ 通过 #1")
    assert "驿站值守" in card["text"] and "小李" in card["text"]  # not "微信用户", as every WeChat person is
    await wechat.press(ADMIN, "✅ 通过 #1")
    approved = await says(wechat, COURIER, "审核通过了", since)
    assert "+30 暖新积分" in approved["text"]

    since = len(wechat.received(COURIER))
    await wechat.click(COURIER, "rewards")
    await says(wechat, COURIER, "🎁 兑换 清凉大礼包（30 分）", since)
    await wechat.press(COURIER, "🎁 兑换 清凉大礼包（30 分）")
    await says(wechat, COURIER, "✅ 确认兑换", since)
    await wechat.press(COURIER, "✅ 确认兑换")
    done = await says(wechat, COURIER, "兑换成功", since)
    assert "领取码" in done["text"] and "现有 0 分" in done["text"]


async def report_with_a_photo(wechat: WeChatEmulator, observer: str) -> tuple[str, str]:
    """The observer's /report with one photo and a location, filed: its number and the photo's media id."""
    since = len(wechat.received(observer))
    await wechat.send_text(observer, "/report")
    await says(wechat, observer, "🔌 歇脚与充电", since)
    await wechat.press(observer, "🔌 歇脚与充电")
    await says(wechat, observer, "说说发生了什么", since)
    await wechat.send_text(observer, "驿站门口的充电桩坏了三天,大家没法充电")
    await says(wechat, observer, "有照片吗", since)
    media_id = await wechat.send_image(observer)
    await says(wechat, observer, "收到第 1 张", since)
    await wechat.press(observer, "✅ 完成")
    await says(wechat, observer, "问题发生在哪里", since)
    await wechat.send_location(observer, *wgs84_to_gcj02(30.2741, 120.1625))
    await says(wechat, observer, "👤 署名提交", since)
    await wechat.press(observer, "👤 署名提交")
    await says(wechat, observer, "✅ 确认提交", since)
    await wechat.press(observer, "✅ 确认提交")
    filed = await says(wechat, observer, "已提交", since)
    number = re.search(r"MQ-\d{4}-\d{6}", filed["text"])
    assert number is not None
    return number.group(), media_id


async def test_a_report_with_a_photo_reaches_the_wechat_admin(
    wechat: WeChatEmulator, admin_bot: WeChatBotProcess
) -> None:
    await wechat.subscribe(ADMIN)
    await wechat.subscribe(OBSERVER)
    await says(wechat, OBSERVER, "你好")
    await wechat.send_text(ADMIN, f"/appoint {user_id(admin_bot.database, OBSERVER)}")
    await says(wechat, ADMIN, "已任命")
    await says(wechat, OBSERVER, "恭喜你成为民情观察员")

    number, media_id = await report_with_a_photo(wechat, OBSERVER)

    # The admin's private chat gets the card, and the photo as an image (its WeChat media id), after the
    # location pin: the admins' chat is paced at 20 messages a minute, so it comes about 6 s later.
    card = await says(wechat, ADMIN, number)
    assert "👀 受理" in card["text"]
    await wechat.wait_until(
        lambda: {"kind": "image", "media_id": media_id} in wechat.received(ADMIN), ADMIN_CHAT_WAIT
    )
    since = len(wechat.received(OBSERVER))
    await wechat.press(ADMIN, "👀 受理")
    await says(wechat, OBSERVER, "已受理", since)

    # Resolving with a note: the admin's next message, typed in their private chat, is the note.
    admin_since = len(wechat.received(ADMIN))
    await wechat.press(ADMIN, "✅ 已解决")
    prompt = await says(wechat, ADMIN, "处理结果", admin_since)
    assert number in prompt["text"] and "tg://" not in prompt["text"]
    await wechat.send_text(ADMIN, "已在驿站门口加装遮阳棚")
    await says(wechat, ADMIN, f"{number} 已标记为解决", admin_since)
    resolved = await says(wechat, OBSERVER, "已解决", since)
    assert "遮阳棚" in resolved["text"]


async def test_the_wechat_qr_code_checks_in_and_an_unfollow_stops_all_messages(
    wechat: WeChatEmulator, bot: WeChatBotProcess, tmp_path: Path
) -> None:
    code, out, err = await run_bot_command(
        "qr", "sijiqing-djzx", "--output", str(tmp_path / "qr.png"), env=bot.environment()
    )
    assert code == 0, err
    assert (tmp_path / "qr-wechat.png").is_file() and "http://weixin.qq.com/q/" in out
    [scene] = wechat.qr_codes.values()
    assert scene.startswith("checkin_sijiqing-djzx_")

    # Someone who does not follow yet scans it: the follow carries the scene, and checks them in.
    await wechat.subscribe(COURIER, scene=scene)
    checked_in = await says(wechat, COURIER, "已在")
    assert "签到" in checked_in["text"]
    # A follower scans it again: a SCAN event, the same check-in (already open).
    since = len(wechat.received(COURIER))
    await wechat.scan(COURIER, scene)
    await says(wechat, COURIER, "签到", since)

    # Unfollowing is WeChat's block: the person is marked blocked and is sent nothing more.
    await wechat.unsubscribe(COURIER)
    database = bot.database
    await wechat.wait_until(
        lambda: (
            query(database, "SELECT blocked FROM users WHERE id = ?", (user_id(database, COURIER),)) == [(1,)]
        )
    )


# --- milestone 3: notices within WeChat's rules ----------------------------------------------------------

LAPSED = "oLapsed000000000000000000001"  # last wrote three days ago: outside the 48-hour window


async def test_a_heat_reminder_inside_the_window_is_a_message_and_outside_a_template(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    zone, this_minute = morning_zone(datetime.now(UTC))
    station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
    first = WeChatBotProcess(wechat, tmp_path / "bot.db", {"BOT_TIMEZONE": zone})
    await first.start()
    for person in (COURIER, LAPSED):
        await wechat.send_location(person, *wgs84_to_gcj02(station.lat, station.lon))
        await wechat.wait_for(person, 3)
    assert await first.stop() == 0
    wechat.age_window(LAPSED, 72)

    hot_day = {
        "BOT_TIMEZONE": zone,
        "BOT_HEAT_PROVIDER": f"fixture:{REPO_ROOT / 'data' / 'heat_fixture.yaml'}",
        "BOT_HEAT_CHECK_TIMES": this_minute,
        "BOT_WECHAT_TEMPLATE_ID": "heat-template",
    }
    second = WeChatBotProcess(wechat, first.database, hot_day)
    await second.start()
    try:
        reminder = await says(wechat, COURIER, "提醒设置：/heat", since=3)
        assert reminder["kind"] == "text" and "高温提示" in reminder["text"]
        template = await says(wechat, LAPSED, "高温提示", since=3)
        assert template["kind"] == "template" and template["template_id"] == "heat-template"

        def recorded() -> list[tuple[Any, ...]]:
            return query(
                first.database,
                "SELECT user_id, status, via FROM outbox_deliveries"
                " WHERE status != 'pending' ORDER BY user_id",
            )

        await wechat.wait_until(lambda: len(recorded()) == 2)
        assert recorded() == [
            (user_id(first.database, COURIER), "sent", "custom"),
            (user_id(first.database, LAPSED), "sent", "template"),
        ]
    finally:
        assert await second.stop() == 0


async def test_a_broadcast_report_counts_messages_and_templates_apart(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    settings = {"BOT_WECHAT_ADMIN_OPENIDS": ADMIN, "BOT_WECHAT_TEMPLATE_ID": "notice-template"}
    bot = WeChatBotProcess(wechat, tmp_path / "bot.db", settings)
    await bot.start()
    try:
        for person in (COURIER, LAPSED):
            await wechat.subscribe(person)
            await says(wechat, person, "你好")
        wechat.age_window(LAPSED, 72)
        await wechat.subscribe(ADMIN)
        await says(wechat, ADMIN, "你好")
        since = len(wechat.received(ADMIN))
        await wechat.send_text(ADMIN, "/broadcast")
        await says(wechat, ADMIN, "请发送中文版内容", since)
        await wechat.send_text(ADMIN, "🧊 清凉大礼包今天下午两点在驿站发放")
        for label, next_step in (
            ("跳过英文版", "发给谁"),
            ("小哥（普通用户）", "什么时候发"),
            ("🚀 现在发", "✅ 确认发送"),
        ):
            await says(wechat, ADMIN, label, since)
            await wechat.press(ADMIN, label)
            await says(wechat, ADMIN, next_step, since)
        since = len(wechat.received(ADMIN))
        await wechat.press(ADMIN, "✅ 确认发送")
        report = await says(wechat, ADMIN, "完成", since)
        assert "共 2" in report["text"]
        assert "💬 微信：已发 2（客服消息 1 · 模板消息 1）" in report["text"]
        assert "✈️ Telegram" in report["text"]
        assert (await says(wechat, LAPSED, "清凉大礼包"))["kind"] == "template"
    finally:
        assert await bot.stop() == 0


async def resolved_a_week_ago(database: Path, openid: str) -> str:
    """A report of the person, fixed eight days ago with its follow-up question not asked yet (as when the
    bot was down on the day); its number."""
    store = Storage(database)
    await store.open()
    try:
        reporter = await store.wechat.user_id(openid)
        await store.users.seen(reporter, "微信用户", None, "zh")
        report = await store.reports.file(
            NewReport(reporter, "rest_charging", "充电桩坏了", None, (), None, None, None, False, False),
            year=2026,
            now=datetime.now(UTC) - timedelta(days=9),
        )
        eight_days_ago = datetime.now(UTC) - timedelta(days=8)
        await store.reports.change_status(
            report.id, Action.RESOLVE, actor_id=None, now=eight_days_ago, note="已更换充电桩"
        )
        return report.number
    finally:
        await store.close()


async def test_the_seven_day_follow_up_is_a_message_inside_the_window_and_a_template_outside(
    wechat: WeChatEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    answered = await resolved_a_week_ago(database, OBSERVER)
    lapsed = await resolved_a_week_ago(database, LAPSED)
    wechat.follower(OBSERVER).last_message_at = time.time()  # wrote an hour ago, say
    wechat.follower(LAPSED).last_message_at = time.time() - 72 * 3600
    bot = WeChatBotProcess(wechat, database, {"BOT_WECHAT_TEMPLATE_ID": "notice-template"})
    await bot.start()  # a follow-up whose day passed while the bot was down goes out shortly after start
    try:
        await wechat.wait_until(lambda: bool(wechat.received(OBSERVER) and wechat.received(LAPSED)), 90)
        [question] = wechat.received(OBSERVER)
        assert question["kind"] == "text" and f"{answered} 解决了吗" in question["text"]
        assert "已更换充电桩" in question["text"]
        [template] = wechat.received(LAPSED)
        assert template["kind"] == "template" and template["template_id"] == "notice-template"
        assert f"{lapsed} 解决了吗" in template["text"] and "weixin://" not in template["text"]
        await wechat.press(OBSERVER, "✅ 解决了")
        await says(wechat, OBSERVER, f"{answered} 已确认解决")
    finally:
        assert await bot.stop() == 0


# --- both channels in one process ------------------------------------------------------------------------


@asynccontextmanager
async def both_channels(
    wechat: WeChatEmulator, make_bot: Callable[..., BotProcess]
) -> AsyncIterator[BotProcess]:
    """The bot running with Telegram (against its emulator) and WeChat (against the WeChat emulator)."""
    port = free_port()
    wechat.bot_url = f"http://127.0.0.1:{port}/wechat"
    process = make_bot(
        BOT_WEB_PORT=str(port),
        BOT_WECHAT_TOKEN=wechat.token,
        BOT_WECHAT_APP_ID=APP_ID,
        BOT_WECHAT_APP_SECRET=APP_SECRET,
        BOT_WECHAT_API_BASE_URL=wechat.base_url,
    )
    await process.start()
    try:
        await wechat.wait_until(lambda: wechat.menu is not None)
        yield process
    finally:
        assert await process.stop() == 0


async def test_a_wechat_courier_is_approved_in_the_telegram_admin_group(
    wechat: WeChatEmulator, emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    async with both_channels(wechat, make_bot):
        await wechat.click(COURIER, "volunteer")
        await says(wechat, COURIER, "🏠 驿站值守")
        for label, next_step in (("🏠 驿站值守", "昨天"), ("昨天", "08:00"), ("08:00", "3 小时")):
            since = len(wechat.received(COURIER))
            await wechat.press(COURIER, label)
            await says(wechat, COURIER, next_step, since)
        since = len(wechat.received(COURIER))
        await wechat.press(COURIER, "3 小时")
        await says(wechat, COURIER, "在哪儿服务的", since)
        station = load_stations(REPO_ROOT / "data" / "stations.yaml").by_id["sijiqing-djzx"]
        await wechat.send_location(COURIER, *wgs84_to_gcj02(station.lat, station.lon))
        near = await says(wechat, COURIER, "点附近的驿站", since)
        await wechat.press(COURIER, re.findall(r"msgmenucontent=([^&]+)&", near["text"])[0])
        await says(wechat, COURIER, "跳过，不发照片", since)
        await wechat.press(COURIER, "跳过，不发照片")
        await says(wechat, COURIER, "✅ 确认提交", since)
        await wechat.press(COURIER, "✅ 确认提交")
        await says(wechat, COURIER, "已提交（编号 #1）", since)

        # The card reaches the Telegram admin group; the approval there reaches the WeChat courier.
        await message_with(emulator, ADMIN_CHAT_ID, "✅ 通过 #1")
        since = len(wechat.received(COURIER))
        await press(emulator, ADMIN_ID, "✅ 通过 #1", chat_id=ADMIN_CHAT_ID)
        approved = await says(wechat, COURIER, "审核通过了", since)
        assert "+30 暖新积分" in approved["text"]


async def test_a_wechat_photo_reaches_the_telegram_admin_group_as_a_file(
    wechat: WeChatEmulator, emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    async with both_channels(wechat, make_bot) as process:
        await wechat.subscribe(OBSERVER)
        await says(wechat, OBSERVER, "你好")
        await emulator.send_text(ADMIN_ID, f"/appoint {user_id(process.database, OBSERVER)}")
        await says(wechat, OBSERVER, "恭喜你成为民情观察员")
        number, _ = await report_with_a_photo(wechat, OBSERVER)

        # Telegram knows nothing of WeChat's media ids: the photo went through media/get and up as a file.
        def photos() -> list[dict[str, Any]]:
            return [m for m in emulator.messages_to(ADMIN_CHAT_ID) if "photo" in m]

        await message_with(emulator, ADMIN_CHAT_ID, number)  # the card
        await emulator.wait_until(lambda: bool(photos()), 20)
        [photo] = photos()
        assert photo["caption"] == number and photo["photo"][-1]["file_size"] == len(PNG)
