"""The service map and the browser chat in a real browser (Debian's Chromium driven by Playwright), plus the
"🗺 服务地图" button through the real bot process.

The browser tests skip when /usr/bin/chromium is absent. `UPDATE_SCREENSHOTS=1` rewrites docs/map.png and
docs/chat.png from these runs, on a phone-sized screen.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from bot.emulator.chat import ADMIN_GROUP_ID, ADMIN_GROUP_TITLE, PERSONAS
from bot.emulator.server import BotApiEmulator
from bot.emulator.webchat import WebChat, free_port
from bot.stations import StationCatalogue, load_stations
from tests.support.botprocess import REPO_ROOT, BotProcess

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DOCS = REPO_ROOT / "docs"
COURIER = PERSONAS["courier"].user_id
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def catalogue() -> StationCatalogue:
    return load_stations(REPO_ROOT / "data" / "stations.yaml")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():  # noqa: ASYNC240 - one stat before the browser starts
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    async with async_playwright() as playwright:
        # launch() starts Chromium on a new, empty profile of its own (a temporary --user-data-dir).
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


async def phone_page(browser: Browser, **options: Any) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(**PHONE, locale="zh-CN", **options)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


async def screenshot(page: Page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        await page.screenshot(path=str(DOCS / name))


@pytest.fixture
async def map_bot(make_bot: Callable[..., BotProcess]) -> AsyncIterator[tuple[BotProcess, int]]:
    """The bot serving the map with no tiles: there is no internet here, and the page must work without."""
    port = free_port()
    process = make_bot(BOT_WEB_PORT=str(port), BOT_MAP_TILES="none")
    await process.start()
    yield process, port
    await process.stop()


async def marker_ids(page: Page) -> set[str]:
    ids = await page.locator(".station-marker").evaluate_all(
        "nodes => nodes.map(node => node.getAttribute('data-station-id'))"
    )
    return set(ids)


# --- the service map ------------------------------------------------------------------------------------


async def test_the_map_shows_every_station_and_the_filter_hides_the_others(
    browser: Browser, map_bot: tuple[BotProcess, int], catalogue: StationCatalogue
) -> None:
    _, port = map_bot
    context, page = await phone_page(browser)
    await page.goto(f"http://127.0.0.1:{port}/map?lang=zh")
    await page.wait_for_selector("body[data-loaded=true]")
    everything = {station.id for station in catalogue}
    assert len(everything) == 16
    assert await marker_ids(page) == everything
    assert await page.locator(".station-item").count() == 16
    assert await page.locator("#count").inner_text() == "显示 16 / 16 个驿站"

    await page.click(".chip[data-service=cooling]")
    cooling = {station.id for station in catalogue if "cooling" in station.services}
    assert 0 < len(cooling) < 16
    assert await marker_ids(page) == cooling
    listed = await page.locator(".station-item").evaluate_all("nodes => nodes.map(n => n.dataset.stationId)")
    assert set(listed) == cooling

    await page.click(".chip[data-service=all]")
    assert await marker_ids(page) == everything

    open_before = await page.locator(".station-marker.is-open").count()
    await page.click(".chip[data-filter=open]")
    assert await page.locator(".station-marker").count() == open_before
    assert await page.locator(".station-marker.is-closed").count() == 0
    await page.click(".chip[data-filter=open]")
    assert await page.locator(".station-marker").count() == 16
    await context.close()


async def test_a_station_panel_shows_its_hours_services_and_navigation(
    browser: Browser, map_bot: tuple[BotProcess, int]
) -> None:
    _, port = map_bot
    context, page = await phone_page(browser)
    await page.goto(f"http://127.0.0.1:{port}/map?lang=zh")
    await page.wait_for_selector("body[data-loaded=true]")
    # Markers in the city centre overlap, so the click is dispatched to the one we mean.
    await page.locator(".station-marker[data-station-id=shangcheng-djzx]").dispatch_event("click")
    panel = page.locator("#panel")
    await panel.wait_for(state="visible")
    text = await panel.inner_text()
    assert "上城区新就业群体党群服务中心" in text
    assert "周一至周五" in text and "08:00–20:00" in text and "每天 12:00–13:00 休息" in text
    assert "❄️ 降温" in text and "清凉大礼包" in text
    amap = await panel.locator("a.amap").get_attribute("href")
    assert amap is not None and amap.startswith("https://uri.amap.com/marker?")
    assert await page.locator(".station-marker.is-selected").count() == 1

    await page.click("#panel-close")
    await panel.wait_for(state="hidden")
    await page.click(".station-item[data-station-id=wulin-square]")
    assert "24 小时" in await panel.inner_text()
    await context.close()


async def test_the_list_is_sorted_from_the_browsers_position(
    browser: Browser, map_bot: tuple[BotProcess, int], catalogue: StationCatalogue
) -> None:
    _, port = map_bot
    station = catalogue.by_id["sijiqing-djzx"]
    context, page = await phone_page(
        browser,
        geolocation={"latitude": station.lat, "longitude": station.lon},
        permissions=["geolocation"],
    )
    await page.goto(f"http://127.0.0.1:{port}/map?lang=zh")
    await page.wait_for_selector(".station-item .distance:text('0 米')")
    first = page.locator(".station-item").first
    assert await first.get_attribute("data-station-id") == "sijiqing-djzx"
    nearest = [hit.station.id for hit in catalogue.nearest(station.lat, station.lon, 3)]
    listed = await page.locator(".station-item").evaluate_all("nodes => nodes.map(n => n.dataset.stationId)")
    assert listed[:3] == nearest
    assert await page.locator("#locate-note").inner_text() == "📍 按离你的远近排序"
    assert await page.locator(".you-marker").count() == 1
    await screenshot(page, "map.png")
    await context.close()


# --- the button in the chat -----------------------------------------------------------------------------


async def test_the_map_button_links_to_the_page_the_bot_serves(
    emulator: BotApiEmulator, map_bot: tuple[BotProcess, int]
) -> None:
    _, port = map_bot
    await emulator.add_user(COURIER, "小王")
    (welcome,) = await emulator.ask(COURIER, "/start", timeout=20)
    rows = welcome["reply_keyboard"]["keyboard"]
    assert [button["text"] for button in rows[0]] == ["📍 发送位置", "🗺 服务地图"]
    assert "web_app" not in rows[0][1]  # no https address: a plain button that the bot answers

    (answer,) = await emulator.ask(COURIER, "🗺 服务地图", timeout=20)
    assert "暖新服务地图" in str(answer["text"])
    url = answer["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url == f"http://127.0.0.1:{port}/map?lang=zh"
    async with httpx.AsyncClient() as http:
        page = await http.get(url)
    assert page.status_code == 200 and "暖新服务地图" in page.text


async def test_with_a_public_address_the_button_opens_a_mini_app(
    emulator: BotApiEmulator, make_bot: Callable[..., BotProcess]
) -> None:
    process = make_bot(BOT_WEB_PORT=str(free_port()), BOT_PUBLIC_URL="https://xiaoge.example.org")
    await process.start()
    try:
        await emulator.add_user(COURIER, "Sam", language_code="en")
        (welcome,) = await emulator.ask(COURIER, "/start", timeout=20)
        button = welcome["reply_keyboard"]["keyboard"][0][1]
        assert button == {
            "text": "🗺 Service map",
            "web_app": {"url": "https://xiaoge.example.org/map?lang=en"},
        }
    finally:
        await process.stop()


async def test_without_a_web_port_there_is_no_map_button(emulator: BotApiEmulator, bot: BotProcess) -> None:
    await emulator.add_user(COURIER, "小王")
    (welcome,) = await emulator.ask(COURIER, "/start", timeout=20)
    assert [button["text"] for button in welcome["reply_keyboard"]["keyboard"][0]] == ["📍 发送位置"]


# --- the browser chat -----------------------------------------------------------------------------------


@pytest.fixture
async def web_chat(
    emulator: BotApiEmulator, catalogue: StationCatalogue, make_bot: Callable[..., BotProcess]
) -> AsyncIterator[WebChat]:
    """As `make run` sets it up: the personas, the admin group, the bot serving its map."""
    for persona in PERSONAS.values():
        await emulator.add_user(persona.user_id, persona.first_name, language_code="zh-hans")
    await emulator.add_group(ADMIN_GROUP_ID, ADMIN_GROUP_TITLE, member_ids=[PERSONAS["admin"].user_id])
    process = make_bot(
        BOT_ADMIN_IDS=str(PERSONAS["admin"].user_id),
        BOT_ADMIN_CHAT_ID=str(ADMIN_GROUP_ID),
        BOT_WEB_PORT=str(free_port()),
        BOT_MAP_TILES="none",
    )
    await process.start()
    chat = WebChat(emulator, PERSONAS, (ADMIN_GROUP_ID, ADMIN_GROUP_TITLE), catalogue)
    await chat.start()
    yield chat
    await chat.stop()
    await process.stop()


async def bot_bubbles(page: Page) -> list[str]:
    texts: list[str] = await page.locator(".row.bot .bubble").all_inner_texts()
    return texts


async def test_a_newcomer_starts_the_bot_and_shares_a_location_by_clicking_the_map(
    browser: Browser, web_chat: WebChat, catalogue: StationCatalogue
) -> None:
    context, page = await phone_page(browser)
    await page.goto(web_chat.url)
    await page.wait_for_selector("body[data-ready=true]")
    await page.fill("#text", "/start")
    await page.press("#text", "Enter")
    await page.wait_for_selector(".row.bot .bubble:has-text('我是杭州小哥驿站助手')")
    assert await page.locator(".row.user .bubble").first.inner_text() == "/start"
    assert await page.locator(".keyboard button").all_inner_texts() == ["📍 发送位置", "🗺 服务地图"]

    await page.click(".keyboard button:has-text('发送位置')")
    picker = page.locator("#picker-map")
    await picker.wait_for(state="visible")
    box = await picker.bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.5)
    coords = page.locator("#picker-coords")
    lat, lon = (
        float(await coords.get_attribute("data-lat") or ""),
        float(await coords.get_attribute("data-lon") or ""),
    )
    await page.click("#picker-send")

    nearest = catalogue.nearest(lat, lon, 1)[0].station
    listing = page.locator(".row.bot .bubble:has-text('离你最近的驿站')")
    await listing.wait_for()
    assert f"1. {nearest.name.zh}" in await listing.inner_text()
    await page.wait_for_selector(f".row.bot .bubble:has-text('📍 {nearest.name.zh}')")  # the venue pin
    await page.wait_for_selector(".row.bot .bubble:has-text('/deleteme')")  # the privacy notice, last
    await screenshot(page, "chat.png")

    await page.click(".row.bot .inline-row button:has-text('下一组')")
    await page.wait_for_selector(".row.bot .bubble:has-text('第 2 组')")  # the same message, edited
    await context.close()


async def test_the_chat_switches_persona_and_sends_a_photo(browser: Browser, web_chat: WebChat) -> None:
    context, page = await phone_page(browser)
    await page.goto(web_chat.url)
    await page.wait_for_selector("body[data-ready=true]")
    await page.click(f".tab[data-chat-id='{PERSONAS['admin'].user_id}']")
    assert "张主任" in await page.locator("#chat-subtitle").inner_text()
    await page.fill("#text", "/help")
    await page.press("#text", "Enter")
    await page.wait_for_selector(
        ".row.bot .bubble:has-text('/pending')"
    )  # an admin's help lists admin commands

    await page.fill("#text", "一张照片")
    await page.click("#send-photo")
    await page.wait_for_selector(".row.user .photo-tile")
    assert "一张照片" in await page.locator(".row.user .bubble").last.inner_text()

    await page.click(f".tab[data-chat-id='{ADMIN_GROUP_ID}']")
    assert await page.locator("#composer").is_hidden()
    await context.close()
