"""The WeChat transport against the WeChat emulator: Bot API calls in, WeChat's rules out."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, InputMediaPhoto
from telegram.error import BadRequest, Forbidden
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels import wechat as channel
from bot.channels.wechat.protocol import CallbackProtocol
from bot.channels.wechat.qr import WeChatStartLinks
from bot.channels.wechat.receiver import Receiver
from bot.channels.wechat.request import WeChatRequest, media_file_id
from bot.channels.wechat.state import WeChatState
from bot.emulator.wechat import APP_ID, APP_SECRET, PNG, WeChatEmulator, menu_links
from bot.i18n import Translator
from bot.qr import qr_png
from bot.scan import ScanApp, TelegramStartLinks, scan_codes
from bot.storage import Storage

OPENID = "oUser0000000000000000000001"
TRANSLATOR = Translator("zh")


@pytest.fixture
async def emulator() -> AsyncIterator[WeChatEmulator]:
    async with WeChatEmulator() as running:
        yield running


@asynccontextmanager
async def wechat_bot_on(
    emulator: WeChatEmulator, database: Path, *, outbox: bool = False, **options: Any
) -> AsyncIterator[tuple[Bot, WeChatRequest, int]]:
    """A bot on the WeChat transport (the outbox's request with `outbox`) and its one person, who wrote
    lately (inside the 48-hour window)."""
    store = Storage(database)
    await store.open()
    request = WeChatRequest(
        WeChatState(store),
        api_base_url=emulator.base_url,
        app_id=APP_ID,
        app_secret=APP_SECRET,
        default_language="zh",
        translator=TRANSLATOR,
        **options,
    )
    if outbox:
        request = request.for_outbox()
    try:
        async with Bot(
            channel.BOT_TOKEN, channel.BASE_URL, channel.BASE_FILE_URL, request=request
        ) as wechat_bot:
            user = await store.wechat.user_id(OPENID)
            emulator.follower(OPENID).last_message_at = 10**10
            yield wechat_bot, request, user
    finally:
        await store.close()


@pytest.fixture
async def bot(emulator: WeChatEmulator, tmp_path: Path) -> AsyncIterator[tuple[Bot, int]]:
    async with wechat_bot_on(emulator, tmp_path / "bot.db") as (wechat_bot, _, user):
        yield wechat_bot, user


async def test_a_photo_is_downloaded_through_media_get(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, _ = bot
    emulator.media["m1"] = PNG
    file = await wechat_bot.get_file("m1")
    assert bytes(await file.download_as_bytearray()) == PNG


async def test_wechat_photos_for_telegram_are_downloaded_and_uploaded(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, _ = bot
    request = wechat_bot.request
    assert isinstance(request, WeChatRequest)
    emulator.media["m1"] = PNG
    album = [
        InputMediaPhoto(media_file_id("m1"), caption="MQ-2026-000001"),
        InputMediaPhoto("AgACAgTelegramFileId"),  # already Telegram's: left as it is
    ]
    call = RequestData(
        [RequestParameter.from_input("chat_id", -100), RequestParameter.from_input("media", album)]
    )
    uploaded = await request.with_uploads(call)
    assert uploaded.contains_files
    [(name, (_, content, _))] = uploaded.multipart_data.items()
    media = uploaded.parameters["media"]
    assert isinstance(media, list) and content == PNG and uploaded.parameters["chat_id"] == -100
    assert media[0] == {"type": "photo", "media": f"attach://{name}", "caption": "MQ-2026-000001"}
    assert media[1]["media"] == "AgACAgTelegramFileId"
    telegram_only = RequestData([RequestParameter.from_input("photo", "AgACAgTelegramFileId")])
    assert await request.with_uploads(telegram_only) is telegram_only


async def test_a_telegram_photo_reaches_a_wechat_chat_as_its_caption(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, user = bot
    await wechat_bot.send_photo(user, "AgACAgTelegramFileId", caption="MQ-2026-000001")
    assert emulator.received(OPENID) == [{"kind": "text", "text": "MQ-2026-000001"}]


async def test_an_expired_token_is_renewed_once(emulator: WeChatEmulator, bot: tuple[Bot, int]) -> None:
    wechat_bot, user = bot
    await wechat_bot.send_message(user, "一")
    emulator.expire_tokens()
    await wechat_bot.send_message(user, "二")
    assert [m["text"] for m in emulator.received(OPENID)] == ["一", "二"]


async def test_an_edit_is_sent_only_when_the_text_changed(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, user = bot
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("下一组", callback_data="nb:2")]])
    sent = await wechat_bot.send_message(user, "<b>第 1 组</b>", reply_markup=keyboard)
    await wechat_bot.edit_message_text("第 1 组", chat_id=user, message_id=sent.message_id)
    await wechat_bot.edit_message_text("第 2 组", chat_id=user, message_id=sent.message_id)
    texts = [m["text"] for m in emulator.received(OPENID)]
    assert len(texts) == 2 and texts[0].startswith('第 1 组\n\n<a href="weixin://bizmsgmenu?')
    assert texts[1] == "第 2 组"


async def test_wechat_refusals_become_bot_api_errors(emulator: WeChatEmulator, bot: tuple[Bot, int]) -> None:
    wechat_bot, user = bot
    for _ in range(5):
        await wechat_bot.send_message(user, "·")
    with pytest.raises(BadRequest, match="45047"):  # the 6th reply to one message: over the quota
        await wechat_bot.send_message(user, "·")
    emulator.age_window(OPENID, 10**7)
    with pytest.raises(BadRequest, match="45015"):  # outside the 48-hour window
        await wechat_bot.send_message(user, "·")
    emulator.follower(OPENID).subscribed = False
    with pytest.raises(Forbidden):  # unfollowed: the Telegram "blocked"
        await wechat_bot.send_message(user, "·")


async def test_a_template_holds_its_buttons_until_the_person_writes(
    emulator: WeChatEmulator, tmp_path: Path
) -> None:
    """A notice with buttons outside the 48-hour window: the template has no links, so the message comes
    again with them once the person writes; a template that failed holds nothing."""
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("🙈 匿名回答", callback_data="cs:go:1:0")]])
    held = wechat_bot_on(emulator, tmp_path / "held.db", outbox=True, template_id="notice-template")
    async with held as (wechat_bot, notices, user):
        emulator.follower(OPENID).last_message_at = 0  # wrote long ago
        await wechat_bot.send_message(user, "🗣 协商：驿站开放时间", reply_markup=buttons)
        emulator.follower(OPENID).subscribed = False
        with pytest.raises(Forbidden):
            await wechat_bot.send_message(user, "🗣 协商：没发出去", reply_markup=buttons)
        emulator.follower(OPENID).subscribed = True

        emulator.follower(OPENID).last_message_at = 10**10  # the person writes
        await notices.deliver_held(user)
        await notices.deliver_held(user)  # once only
    template, again = emulator.received(OPENID)
    assert template["kind"] == "template" and "weixin://" not in template["text"]
    assert again["kind"] == "text" and again["text"].startswith("🗣 协商：驿站开放时间")
    assert "msgmenucontent=🙈 匿名回答&" in again["text"]


async def test_a_label_with_url_characters_keeps_its_link_whole(
    emulator: WeChatEmulator, bot: tuple[Bot, int], tmp_path: Path
) -> None:
    """A '#' would start the link's fragment (and '%' an escape), cutting off the menu id a tap sends back."""
    wechat_bot, user = bot
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("📣 #1 100%", callback_data="rep:1")]])
    await wechat_bot.send_message(user, "协商回答", reply_markup=buttons)
    [link] = menu_links(emulator.received(OPENID)[-1]["text"])
    assert link.label == "📣 #1 100%" and link.content == "📣 1 100"
    assert re.fullmatch("[0-9a-f]{16}", link.menu_id)


async def test_a_document_becomes_a_one_time_download_link(emulator: WeChatEmulator, tmp_path: Path) -> None:
    """/mydata on WeChat: a service account cannot send files, so the web app serves it once."""
    linked = wechat_bot_on(emulator, tmp_path / "links.db", public_url="https://bot.example.org")
    async with linked as (wechat_bot, request, user):
        data = io.BytesIO(b'{"points": 30}')
        await wechat_bot.send_document(user, InputFile(data, filename="mydata.json"), caption="你的数据")
        [sent] = emulator.received(OPENID)
        link = re.search(r'href="https://bot.example.org(/wechat/download/[^"]+)"', sent["text"])
        assert link is not None and sent["text"].startswith("你的数据")
        receiver = Receiver(CallbackProtocol("token123", APP_ID, None), request._state)
        transport = httpx.ASGITransport(app=Starlette(routes=receiver.routes()))
        async with httpx.AsyncClient(transport=transport, base_url="http://web") as web:
            first = await web.get(link.group(1))
            assert first.status_code == 200 and first.content == b'{"points": 30}'
            assert "mydata.json" in first.headers["content-disposition"]
            assert (await web.get(link.group(1))).status_code == 404  # once only


async def test_without_a_public_address_a_document_is_a_note_in_the_persons_language(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    """No BOT_PUBLIC_URL (the local emulator): nothing to link to; the person is told, in their language."""
    wechat_bot, user = bot
    request = wechat_bot.request
    assert isinstance(request, WeChatRequest)
    await request._state.users.seen(user, "Rider", None, "en")
    await wechat_bot.send_document(user, InputFile(io.BytesIO(b"{}"), filename="mydata.json"), caption="Data")
    [sent] = emulator.received(OPENID)
    note = "📎 A WeChat service account cannot send files, so this one could not reach you."
    assert sent["text"] == f"Data\n{note}"


async def test_an_uploaded_photo_is_uploaded_and_sent_as_an_image_then_its_caption(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    """The /station QR code: a PNG made by the bot reaches the person as a picture, not as its caption."""
    wechat_bot, user = bot
    code = qr_png("http://weixin.qq.com/q/abc")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("刷新", callback_data="stn:back:x")]])
    sent = await wechat_bot.send_photo(user, code, caption="<b>四季青</b> 签到码", reply_markup=keyboard)
    image, caption = emulator.received(OPENID)
    assert image["kind"] == "image" and emulator.media[image["media_id"]] == code
    assert emulator.uploads == [image["media_id"]]
    assert caption["text"].startswith("四季青 签到码\n\n") and "msgmenucontent=刷新" in caption["text"]
    assert sent.photo[-1].file_id == media_file_id(image["media_id"])
    # What WeChat keeps for 3 days can be fetched back, as a person's photo is.
    file = await wechat_bot.get_file(sent.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == code


async def test_an_upload_with_an_expired_token_is_repeated_once(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, user = bot
    await wechat_bot.send_message(user, "一")
    emulator.expire_tokens()
    await wechat_bot.send_photo(user, PNG)
    assert [m["kind"] for m in emulator.received(OPENID)] == ["text", "image"]


async def test_a_photo_outside_the_window_goes_to_the_outbox_as_a_template(
    emulator: WeChatEmulator, tmp_path: Path
) -> None:
    """As a text notice would: the picture cannot travel in a template, its caption does."""
    outside = wechat_bot_on(emulator, tmp_path / "outbox.db", outbox=True, template_id="TEMPLATE")
    async with outside as (wechat_bot, _, user):
        emulator.follower(OPENID).last_message_at = 0  # long outside the 48-hour window
        await wechat_bot.send_photo(user, PNG, caption="清凉大礼包到了")
    assert emulator.received(OPENID) == [
        {"kind": "template", "text": "清凉大礼包到了", "template_id": "TEMPLATE"}
    ]


async def test_a_wechat_code_is_one_ticket_per_payload_until_it_would_expire_too_early(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, _ = bot
    request = wechat_bot.request
    assert isinstance(request, WeChatRequest)
    links = WeChatStartLinks(request)
    now = datetime(2026, 7, 20, 9, 0, tzinfo=UTC)
    end_of_day = now + timedelta(hours=15)
    first = await links.url("checkin_sijiqing-djzx_ABCDEFGH", end_of_day, now)
    again = await links.url("checkin_sijiqing-djzx_ABCDEFGH", end_of_day, now + timedelta(hours=1))
    assert first == again  # /station pressed twice: one ticket
    [ticket] = emulator.qr_codes
    assert emulator.qr_codes[ticket] == "checkin_sijiqing-djzx_ABCDEFGH"
    [(_, created)] = [call for call in emulator.calls if call[0] == "qrcode/create"]
    assert created["action_name"] == "QR_STR_SCENE" and created["expire_seconds"] == 15 * 3600
    # An event two months ahead: WeChat's 30 days at most, and a new ticket once that no longer reaches.
    event_end = now + timedelta(days=60)
    far = await links.url("event_7_ABCDEFGH", event_end, now)
    assert [call[1]["expire_seconds"] for call in emulator.calls if call[0] == "qrcode/create"][
        -1
    ] == 30 * 86400
    assert await links.url("event_7_ABCDEFGH", event_end, now + timedelta(hours=2)) == far
    assert await links.url("event_7_ABCDEFGH", event_end, now + timedelta(days=3)) != far
    with pytest.raises(ValueError, match="64"):
        await links.url("x" * 65, end_of_day, now)


async def test_a_refused_wechat_code_is_left_out_and_the_others_are_shown(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    wechat_bot, _ = bot
    request = wechat_bot.request
    assert isinstance(request, WeChatRequest)
    now = datetime(2026, 7, 20, 9, 0, tzinfo=UTC)
    channels = (TelegramStartLinks(lambda: "xiaoge_bot"), WeChatStartLinks(request))
    both = await scan_codes(channels, "event_7_ABCDEFGH", now + timedelta(hours=2), now)
    assert [code.app for code in both] == [ScanApp.TELEGRAM, ScanApp.WECHAT]
    assert both[0].url == "https://t.me/xiaoge_bot?start=event_7_ABCDEFGH"
    assert both[1].url.startswith("http://weixin.qq.com/q/")
    await emulator.stop()  # WeChat unreachable
    alone = await scan_codes(channels, "event_8_ABCDEFGH", now + timedelta(hours=2), now)
    assert [code.app for code in alone] == [ScanApp.TELEGRAM]


async def test_wechat_refuses_an_upload_that_is_no_image_and_an_image_it_does_not_hold(
    emulator: WeChatEmulator, bot: tuple[Bot, int]
) -> None:
    """The emulator is as strict as WeChat, so a transport bug fails a test rather than a courier."""
    wechat_bot, user = bot
    with pytest.raises(BadRequest, match="40005"):
        await wechat_bot.send_photo(user, InputFile(io.BytesIO(b"%PDF-1.4"), filename="code.png"))
    with pytest.raises(BadRequest, match="40007"):
        await wechat_bot.send_photo(user, media_file_id("gone-after-three-days"))
    assert emulator.received(OPENID) == []
