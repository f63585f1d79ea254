"""The Bot API emulator, driven through real HTTP by python-telegram-bot itself; the terminal chat's logic."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.warnings import PTBUserWarning

from bot.emulator import BotApiEmulator, EmulatorUsageError, spec
from bot.emulator.chat import (
    ADMIN_GROUP_ID,
    FAKE_TOKEN,
    PERSONAS,
    ReplError,
    SendPhoto,
    SendText,
    SetLanguage,
    ShareLocation,
    ShowGroup,
    ShowHelp,
    SwitchPersona,
    TapButton,
    bot_environment,
    format_message,
    parse_repl_line,
)
from bot.emulator.server import FAKE_JPEG
from bot.emulator.spec import InvalidRequest, parse_formatted

TOKEN = "123456:TEST"
COURIER = 10001
OBSERVER = 10002
GROUP = -100500


@pytest.fixture
async def emulator(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotApiEmulator]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta, without a warning
    async with BotApiEmulator() as emulator:
        await emulator.add_user(COURIER, "小王", username="xiaowang")
        await emulator.add_user(OBSERVER, "老李", language_code="en")
        yield emulator


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emulator.base_url, base_file_url=emulator.base_file_url) as bot:
        yield bot


def telegram_says(words: str) -> str:
    """PTB drops "Bad Request: " and capitalises the rest of the description, lowering every other letter."""
    return "(?i)" + re.escape(words)


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in labels_and_data]
    )


# ---------------------------------------------------------------------------------------------------------
# The Bot API as PTB sees it


async def test_get_me_gives_the_bot_username(bot: Bot) -> None:
    me = await bot.get_me()

    assert me.username == "xiaoge_test_bot"
    assert me.is_bot
    assert me.can_join_groups


async def test_html_message_with_inline_keyboard_comes_back_as_telegram_stores_it(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    sent = await bot.send_message(
        COURIER,
        "<b>驿站</b> 1 &amp; 2 😀 <i>open</i>",
        parse_mode="HTML",
        reply_markup=keyboard(("导航", "nav:1")),
    )

    assert sent.text == "驿站 1 & 2 😀 open"
    assert [(entity.type, entity.offset, entity.length) for entity in sent.entities] == [
        ("bold", 0, 2),
        ("italic", 12, 4),  # the emoji counts two UTF-16 code units
    ]
    assert sent.reply_markup == keyboard(("导航", "nav:1"))
    assert sent.from_user is not None and sent.from_user.username == "xiaoge_test_bot"
    [stored] = emulator.messages_to(COURIER)
    assert stored["raw_text"] == "<b>驿站</b> 1 &amp; 2 😀 <i>open</i>"
    assert stored["parse_mode"] == "HTML"
    assert stored["deleted"] is False


async def test_message_ids_increase_per_chat_across_user_and_bot(emulator: BotApiEmulator, bot: Bot) -> None:
    first = await bot.send_message(COURIER, "one")
    users = await emulator.send_text(COURIER, "two")
    other_chat = await bot.send_message(OBSERVER, "one")
    third = await bot.send_message(COURIER, "three")

    assert [first.message_id, users["message_id"], third.message_id] == [1, 2, 3]
    assert other_chat.message_id == 1


async def test_user_text_arrives_through_get_updates_and_offsets_confirm_it(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    await emulator.send_text(COURIER, "/start@xiaoge_test_bot hello")

    [update] = await bot.get_updates()
    assert update.message is not None and update.message.text == "/start@xiaoge_test_bot hello"
    [entity] = update.message.entities
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, len("/start@xiaoge_test_bot"))
    assert update.message.from_user is not None and update.message.from_user.language_code == "zh-hans"
    assert emulator.updates_confirmed == 0

    assert await bot.get_updates(offset=update.update_id + 1) == ()
    assert emulator.updates_confirmed == update.update_id
    assert emulator.pending_updates == []


async def test_long_polling_wakes_when_a_user_writes(emulator: BotApiEmulator, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await emulator.wait_until(lambda: any(call.method == "getUpdates" for call in emulator.requests))

    await emulator.send_location(COURIER, 30.29, 120.21)

    async with asyncio.timeout(30):  # a safety net far below the 60 s poll, not a measurement
        [update] = await poll
    assert update.message is not None and update.message.location is not None
    assert update.message.location.latitude == 30.29


async def test_a_second_poller_ends_the_first_with_a_conflict(emulator: BotApiEmulator, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=60))
    await emulator.wait_until(lambda: any(call.method == "getUpdates" for call in emulator.requests))

    async with Bot(TOKEN, base_url=emulator.base_url) as second_instance:
        assert await second_instance.get_updates() == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_allowed_updates_drops_other_kinds(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(COURIER, "pick", reply_markup=keyboard(("A", "a")))
    await emulator.send_text(COURIER, "text")
    await emulator.press_button(COURIER, sent.message_id, "A")

    [update] = await bot.get_updates(allowed_updates=["callback_query"])

    assert update.callback_query is not None
    assert [kind for pending in emulator.pending_updates for kind in pending if kind != "update_id"] == [
        "callback_query"
    ]


async def test_delete_webhook_can_drop_pending_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    await emulator.send_text(COURIER, "sent while the bot was down")

    await bot.delete_webhook(drop_pending_updates=True)

    assert await bot.get_updates() == ()


async def test_requests_log_every_call_with_its_refusal(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(COURIER, "<b>", parse_mode="HTML")

    call = emulator.requests[-1]
    assert (call.method, call.params["chat_id"], call.params["text"]) == ("sendMessage", COURIER, "<b>")
    assert call.error is not None and call.error.startswith("Bad Request: can't parse entities")
    assert call.unknown_parameters == ()


async def test_press_button_sends_the_buttons_callback_data(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(
        COURIER, "pick", reply_markup=keyboard(("上一页", "page:1"), ("下一页", "page:3"))
    )

    await emulator.press_button(COURIER, sent.message_id, "下一页")
    await emulator.press_button(COURIER, sent.message_id, 0)
    by_label, by_index = await bot.get_updates()

    assert by_label.callback_query is not None and by_label.callback_query.data == "page:3"
    assert by_index.callback_query is not None and by_index.callback_query.data == "page:1"
    assert by_label.callback_query.message is not None
    assert by_label.callback_query.message.message_id == sent.message_id
    assert await by_label.callback_query.answer("好的", show_alert=True)
    assert emulator.callback_answers == [
        {"callback_query_id": by_label.callback_query.id, "text": "好的", "show_alert": True, "url": None}
    ]
    with pytest.raises(BadRequest, match=telegram_says("query is too old")):
        await by_label.callback_query.answer()
    with pytest.raises(EmulatorUsageError, match="no button '跳过'"):
        await emulator.press_button(COURIER, sent.message_id, "跳过")


async def test_forged_callback_data_reaches_the_bot(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(COURIER, "pick", reply_markup=keyboard(("A", "a")))

    await emulator.press_raw_callback(COURIER, sent.message_id, "admin:approve:999")

    [update] = await bot.get_updates()
    assert update.callback_query is not None and update.callback_query.data == "admin:approve:999"


async def test_edits_and_deletions_show_in_messages_to(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(COURIER, "第 1 页", reply_markup=keyboard(("下一页", "page:2")))

    edited = await bot.edit_message_text(
        "第 2 页", COURIER, sent.message_id, reply_markup=keyboard(("上一页", "p:1"))
    )
    assert isinstance(edited, Message) and edited.text == "第 2 页"
    await bot.edit_message_reply_markup(COURIER, sent.message_id)
    await bot.delete_message(COURIER, sent.message_id)

    [stored] = emulator.messages_to(COURIER)
    assert stored["text"] == "第 2 页"
    assert "reply_markup" not in stored
    assert stored["deleted"] is True
    with pytest.raises(BadRequest, match=telegram_says("message to delete not found")):
        await bot.delete_message(COURIER, sent.message_id)
    with pytest.raises(BadRequest, match=telegram_says("message to edit not found")):
        await bot.edit_message_text("again", COURIER, sent.message_id)


async def test_photo_upload_can_be_fetched_again_with_get_file(bot: Bot) -> None:
    content = FAKE_JPEG + b"courier"

    sent = await bot.send_photo(COURIER, content, caption="<b>收据</b>", parse_mode="HTML")
    file = await bot.get_file(sent.photo[-1].file_id)

    assert sent.caption == "收据"
    assert bytes(await file.download_as_bytearray()) == content


async def test_users_photo_is_downloadable_by_the_bot(emulator: BotApiEmulator, bot: Bot) -> None:
    await emulator.send_photo(COURIER, caption="水站坏了")

    [update] = await bot.get_updates()
    assert update.message is not None and update.message.caption == "水站坏了"
    file = await update.message.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == FAKE_JPEG


async def test_media_group_location_venue_and_copies(emulator: BotApiEmulator, bot: Bot) -> None:
    album = await bot.send_media_group(
        COURIER, [InputMediaPhoto(FAKE_JPEG), InputMediaPhoto(FAKE_JPEG, "二")]
    )
    venue = await bot.send_venue(COURIER, 30.29, 120.21, "杭州东站小哥驿站", "东广场")
    users = await emulator.send_text(COURIER, "转给管理员")
    await emulator.add_group(GROUP, "管理员群")
    copied = await bot.copy_message(GROUP, COURIER, users["message_id"])
    forwarded = await bot.forward_message(GROUP, COURIER, users["message_id"])

    assert len({message.media_group_id for message in album}) == 1
    assert album[1].caption == "二"
    assert venue.venue is not None and venue.venue.title == "杭州东站小哥驿站"
    assert [message["text"] for message in emulator.messages_to(GROUP)] == ["转给管理员", "转给管理员"]
    assert copied.message_id == 1
    assert forwarded.forward_origin is not None


async def test_set_my_commands_is_stored_per_scope_and_language(emulator: BotApiEmulator, bot: Bot) -> None:
    commands = [BotCommand("start", "开始"), BotCommand("report", "反映问题")]

    await bot.set_my_commands(commands, scope=BotCommandScopeChat(OBSERVER), language_code="zh")

    assert emulator.commands[(f"chat:{OBSERVER}", "zh")] == [
        {"command": "start", "description": "开始"},
        {"command": "report", "description": "反映问题"},
    ]
    assert await bot.get_my_commands(scope=BotCommandScopeChat(OBSERVER), language_code="zh") == tuple(
        commands
    )
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=telegram_says("BOT_COMMAND_INVALID")):
        await bot.set_my_commands([BotCommand("Start", "大写不行")])
    with pytest.raises(BadRequest, match=telegram_says("LANG_CODE_INVALID")):
        await bot.set_my_commands(commands, language_code="zh-hans")


async def test_blocked_user_gives_forbidden_and_a_my_chat_member_update(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    await emulator.block_bot(COURIER)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(COURIER, "hi")
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_get_chat_and_get_chat_member(emulator: BotApiEmulator, bot: Bot) -> None:
    await emulator.add_group(GROUP, "管理员群", member_ids=[COURIER])

    chat = await bot.get_chat(GROUP)
    member = await bot.get_chat_member(GROUP, COURIER)
    outsider = await bot.get_chat_member(GROUP, OBSERVER)

    assert chat.title == "管理员群"
    assert (member.status, outsider.status) == ("member", "left")


# ---------------------------------------------------------------------------------------------------------
# Strict like Telegram


async def test_text_over_4096_characters_is_too_long(bot: Bot) -> None:
    await bot.send_message(
        COURIER, "<b>" + "字" * 4096 + "</b>", parse_mode="HTML"
    )  # the limit is after parsing
    with pytest.raises(BadRequest, match=telegram_says("message is too long")):
        await bot.send_message(COURIER, "字" * 4097)


async def test_caption_over_1024_characters_is_too_long(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=telegram_says("message caption is too long")):
        await bot.send_photo(COURIER, FAKE_JPEG, caption="字" * 1025)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    await bot.send_message(COURIER, "ok", reply_markup=keyboard(("A", "数" * 21)))  # 63 bytes
    with pytest.raises(BadRequest, match=telegram_says("BUTTON_DATA_INVALID")):
        await bot.send_message(COURIER, "no", reply_markup=keyboard(("A", "a" * 65)))


async def test_inline_button_needs_exactly_one_action(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=telegram_says("text buttons are unallowed")):
        await bot.send_message(
            COURIER, "no", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A")]])
        )
    both = InlineKeyboardButton("A", callback_data="a", url="https://example.com")
    with pytest.raises(BadRequest, match=telegram_says("exactly one")):
        await bot.send_message(COURIER, "no", reply_markup=InlineKeyboardMarkup([[both]]))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>不关", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>错</i>", 'Unmatched end tag, expected "</b>", found "</i>"'),
        ("<br>换行", 'Unsupported start tag "br"'),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("温度 < 35", 'Unescaped "<"'),
        ("水 & 电", 'Unescaped "&"'),
    ],
)
async def test_broken_html_cannot_be_parsed(bot: Bot, text: str, problem: str) -> None:
    with pytest.raises(BadRequest, match=telegram_says("can't parse entities")) as refusal:
        await bot.send_message(COURIER, text, parse_mode="HTML")
    assert problem.lower() in refusal.value.message.lower()


async def test_unescaped_markdown_v2_cannot_be_parsed(bot: Bot) -> None:
    await bot.send_message(COURIER, r"*38\.5°C* 注意防暑\!", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=telegram_says("Character '.' is reserved")):
        await bot.send_message(COURIER, "38.5°C", parse_mode="MarkdownV2")


async def test_an_edit_that_changes_nothing_is_refused(bot: Bot) -> None:
    sent = await bot.send_message(COURIER, "<b>同</b>", parse_mode="HTML", reply_markup=keyboard(("A", "a")))

    with pytest.raises(
        BadRequest, match=telegram_says("message is not modified: specified new message content")
    ):
        await bot.edit_message_text(
            "<b>同</b>", COURIER, sent.message_id, parse_mode="HTML", reply_markup=keyboard(("A", "a"))
        )


async def test_missing_required_parameters_are_named(bot: Bot) -> None:
    with (
        pytest.warns(PTBUserWarning),
        pytest.raises(BadRequest, match=telegram_says("message text is empty")),
    ):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": COURIER})
    with (
        pytest.warns(PTBUserWarning),
        pytest.raises(BadRequest, match=telegram_says("longitude is required")),
    ):
        await bot.do_api_request("sendLocation", api_kwargs={"chat_id": COURIER, "latitude": 30.2})


async def test_unknown_chat_and_unknown_method(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=telegram_says("chat not found")):
        await bot.send_message(424242, "hello")
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": COURIER})


async def test_rejected_or_malformed_tokens_are_unauthorized(emulator: BotApiEmulator) -> None:
    emulator.rejected_tokens.add("654321:REVOKED")
    for token in ("654321:REVOKED", "not-a-token"):
        with pytest.raises(InvalidToken, match="rejected by the server"):
            async with Bot(token, base_url=emulator.base_url):
                pass


async def test_without_the_spec_file_the_hand_written_rules_still_apply(
    monkeypatch: pytest.MonkeyPatch, emulator: BotApiEmulator
) -> None:
    monkeypatch.setenv(spec.SPEC_PATH_VARIABLE, "/nonexistent/api.json")
    spec.load_spec.cache_clear()
    try:
        async with (
            BotApiEmulator() as bare,
            Bot(TOKEN, base_url=bare.base_url) as bot,
        ):
            await bare.add_user(COURIER, "小王")
            assert spec.load_spec() is None
            with pytest.raises(BadRequest, match=telegram_says("message is too long")):
                await bot.send_message(COURIER, "x" * 4097)
    finally:
        spec.load_spec.cache_clear()


# ---------------------------------------------------------------------------------------------------------
# Faults on demand


async def test_injected_retry_after_raises_retry_after(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.inject_fault("sendMessage", "retry_after", retry_after=7)

    with pytest.raises(RetryAfter) as refusal:
        await bot.send_message(COURIER, "hi")
    assert refusal.value.retry_after == timedelta(seconds=7)
    await bot.send_message(COURIER, "the fault is used up")


async def test_injected_forbidden_server_error_and_drop(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.inject_fault("sendMessage", "forbidden")
    emulator.inject_fault("sendMessage", "server_error")
    emulator.inject_fault(None, "drop")

    with pytest.raises(Forbidden):
        await bot.send_message(COURIER, "1")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(COURIER, "2")
    with pytest.raises(NetworkError, match="disconnected"):
        await bot.get_me()
    assert [message["text"] for message in emulator.messages_to(COURIER)] == []


async def test_injected_faults_are_consumed_one_per_request(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.inject_fault("sendMessage", "slow", count=2, delay=0.01)

    for text in ("1", "2", "3"):
        await bot.send_message(COURIER, text)

    assert [message["text"] for message in emulator.messages_to(COURIER)] == ["1", "2", "3"]


# ---------------------------------------------------------------------------------------------------------
# The user side and reading


async def test_wait_for_messages_returns_only_messages_after_the_cursor(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    await bot.send_message(COURIER, "old")
    emulator.mark(COURIER)
    await bot.send_message(COURIER, "new 1")
    await bot.send_message(COURIER, "new 2")

    assert [message["text"] for message in await emulator.wait_for_messages(COURIER, count=2)] == [
        "new 1",
        "new 2",
    ]
    with pytest.raises(TimeoutError, match=r"got \[\]"):
        await emulator.wait_for_messages(COURIER, timeout=0.01)


async def test_ask_waits_for_the_bots_answer(emulator: BotApiEmulator, bot: Bot) -> None:
    async def answer_like_a_bot() -> None:
        [update] = await bot.get_updates(timeout=30)
        assert update.message is not None
        await update.message.reply_text(f"收到: {update.message.text}", do_quote=True)

    answering = asyncio.create_task(answer_like_a_bot())

    [answer] = await emulator.ask(COURIER, "你好")

    assert answer["text"] == "收到: 你好"
    assert answer["reply_to_message"]["text"] == "你好"
    await answering


async def test_live_location_edits_and_group_privacy(emulator: BotApiEmulator, bot: Bot) -> None:
    await emulator.add_group(GROUP, "管理员群")
    shared = await emulator.send_location(COURIER, 30.25, 120.17, live_period=900)
    await emulator.edit_live_location(COURIER, shared["message_id"], 30.26, 120.18)
    await emulator.send_text_in_group(GROUP, OBSERVER, "闲聊")  # not for the bot in privacy mode
    await emulator.send_text_in_group(GROUP, OBSERVER, "/pending@xiaoge_test_bot")

    first, moved, command = await bot.get_updates()

    assert first.message is not None and first.message.location is not None
    assert moved.edited_message is not None and moved.edited_message.location is not None
    assert moved.edited_message.location.latitude == 30.26
    assert command.message is not None and command.message.text == "/pending@xiaoge_test_bot"


async def test_control_endpoints_let_another_process_act_as_a_user(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    origin = emulator.base_url.removesuffix("/bot")
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{origin}/_emulator/send_text", json={"user_id": COURIER, "text": "hi"}
        ) as answer:
            assert answer.status == 200
        async with session.post(f"{origin}/_emulator/send_text", json={"user_id": 1}) as answer:
            assert answer.status == 400
        await bot.send_message(COURIER, "reply")
        async with session.get(f"{origin}/_emulator/messages", params={"chat_id": COURIER}) as answer:
            body = await answer.json()

    assert [message["text"] for message in body["result"]] == ["reply"]
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.text == "hi"


async def test_malformed_bodies_answer_400_and_the_server_lives_on(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    url = f"{emulator.base_url}{TOKEN}/sendMessage"
    async with aiohttp.ClientSession() as session:
        for body, content_type in [
            (b"{not json", "application/json"),
            (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
            (b"chat_id=10001&text=hi&reply_markup=%7Bnot", "application/x-www-form-urlencoded"),
        ]:
            async with session.post(url, data=body, headers={"Content-Type": content_type}) as answer:
                assert answer.status == 400
                assert (await answer.json())["ok"] is False

    assert (await bot.get_me()).username == "xiaoge_test_bot"


# ---------------------------------------------------------------------------------------------------------
# Parse modes


@given(st.text())
def test_escaped_html_is_the_text_itself(text: str) -> None:
    assert parse_formatted(html.escape(text), "HTML").text == text.strip()


@given(st.text())
def test_escaped_markdown_v2_is_the_text_itself(text: str) -> None:
    escaped = "".join("\\" + char if char in "_*[]()~`>#+-=|{}.!\\" else char for char in text)
    assert parse_formatted(escaped, "MarkdownV2").text == text.strip()


def test_html_pre_with_language_and_links() -> None:
    formatted = parse_formatted(
        '<a href="https://uri.amap.com/?a=1&amp;b=2">导航</a>\n'
        '<pre><code class="language-python">x = 1</code></pre>',
        "HTML",
    )

    assert formatted.text == "导航\nx = 1"
    assert formatted.entities == [
        {"type": "text_link", "offset": 0, "length": 2, "url": "https://uri.amap.com/?a=1&b=2"},
        {"type": "pre", "offset": 3, "length": 5, "language": "python"},
    ]


def test_unknown_parse_mode_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="unsupported parse_mode"):
        parse_formatted("x", "BBCode")


# ---------------------------------------------------------------------------------------------------------
# The terminal chat


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("你好", SendText("你好")),
        ("/start", SendText("/start")),
        ("/help", SendText("/help")),  # the bot's command, not the REPL's
        ("\\help", ShowHelp()),
        ("/loc 30.29 120.21", ShareLocation(30.29, 120.21)),
        ("\\loc 30.29, 120.21", ShareLocation(30.29, 120.21)),
        ("/tap 2", TapButton(2, typed="2")),
        ("3", TapButton(3, typed="3")),
        ("/photo 水站坏了", SendPhoto("水站坏了")),
        ("/photo", SendPhoto(None)),
        ("/as admin", SwitchPersona("admin")),
        ("/as 20001", SwitchPersona("20001")),
        ("/lang en", SetLanguage("en")),
        ("/group", ShowGroup()),
        ("   ", None),
    ],
)
def test_repl_lines(line: str, command: object) -> None:
    assert parse_repl_line(line) == command


@pytest.mark.parametrize("line", ["/loc 30.29", "/loc north east", "/loc 91 120", "/lang fr", "\\dance"])
def test_repl_mistakes_explain_themselves(line: str) -> None:
    assert isinstance(parse_repl_line(line), ReplError)


def test_format_message_numbers_inline_buttons_across_rows() -> None:
    message = {
        "text": "离你最近的驿站\n1. 杭州东站",
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "导航", "callback_data": "nav:1"}, {"text": "下一页", "callback_data": "page:2"}],
                [{"text": "地图", "url": "https://uri.amap.com/marker"}],
            ]
        },
        "reply_keyboard": {"keyboard": [[{"text": "📍 发送位置", "request_location": True}], ["帮助"]]},
    }

    assert format_message(message) == [
        "离你最近的驿站",
        "1. 杭州东站",
        "[1] 导航  [2] 下一页",
        "[3] 地图 → https://uri.amap.com/marker",
        "⌨ 📍 发送位置 (发送位置 sends location: /loc)",
        "⌨ 帮助",
    ]


def test_format_message_describes_media_in_one_line() -> None:
    location = {"location": {"latitude": 30.29, "longitude": 120.21}}
    venue = {"venue": {"title": "驿站", "address": "东广场", **location}, **location}
    photo = {"photo": [{"width": 90, "height": 90}, {"width": 1280, "height": 960}], "caption": "收据"}

    assert format_message(location) == ["📍 位置 location 30.29, 120.21"]
    assert format_message(venue) == ["📍 驿站 — 东广场 (30.29, 120.21)"]
    assert format_message(photo) == ["🖼 照片 photo 1280×960", "收据"]
    assert format_message({"text": "旧", "deleted": True}) == ["(已删除 deleted) 旧"]


def test_bot_environment_points_the_bot_at_the_emulator() -> None:
    env = bot_environment("http://127.0.0.1:8081/bot", {"BOT_ADMIN_IDS": "42", "PATH": "/usr/bin"})

    assert env["BOT_TOKEN"] == FAKE_TOKEN
    assert env["BOT_API_BASE_URL"] == "http://127.0.0.1:8081/bot"
    assert env["BOT_ADMIN_IDS"] == f"42,{PERSONAS['admin'].user_id}"
    assert env["BOT_ADMIN_CHAT_ID"] == str(ADMIN_GROUP_ID)
    assert env["PATH"] == "/usr/bin"
    assert "127.0.0.1" in env["NO_PROXY"]
    assert bot_environment("x", {"BOT_ADMIN_CHAT_ID": "-1"})["BOT_ADMIN_CHAT_ID"] == "-1"


def test_the_emulator_keeps_away_from_the_production_database() -> None:
    """A production broadcast queued in var/xiaoge.db must not be consumed by `make run` without a token."""
    env = bot_environment("http://127.0.0.1:8081/bot", {"PATH": "/usr/bin"})

    assert env["BOT_DATABASE"] == "var/emulator.db"
    assert bot_environment("x", {"BOT_DATABASE": "var/mine.db"})["BOT_DATABASE"] == "var/mine.db"
