"""WeChat through the real `python -m bot` process, with only WeChat configured, against its emulator."""

from __future__ import annotations

import asyncio
import secrets
import string
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.emulator.wechat import WeChatEmulator
from bot.geo import wgs84_to_gcj02
from bot.stations import load_stations
from tests.support.botprocess import REPO_ROOT
from tests.support.wechatprocess import WeChatBotProcess

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


async def test_a_follow_is_start_and_the_menu_offers_the_location_button(
    wechat: WeChatEmulator, bot: WeChatBotProcess
) -> None:
    assert wechat.menu is not None
    assert wechat.menu["button"][0] == {"type": "location_select", "name": "找最近的驿", "key": "nearest"}
    await wechat.subscribe(COURIER)
    (welcome,) = await wechat.wait_for(COURIER, 1)
    assert "你好" in welcome["text"]
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
