"""The WeChat callback protocol checked against wechatpy, a library no one here wrote: messages built with
its crypto and parsed with its parser, so the emulator and the bot cannot drift from WeChat's protocol."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot, Update
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply

from bot.channels.wechat.protocol import CallbackProtocol, RefusedRequest
from bot.channels.wechat.receiver import Receiver, message_key
from bot.channels.wechat.request import custom_menu, wechat_text
from bot.channels.wechat.state import WeChatState
from bot.emulator.wechat import APP_ID, WeChatEmulator, signature
from bot.geo import distance_m, wgs84_to_gcj02
from bot.storage import Storage

TOKEN = "xiaogeToken"
# WeChat's EncodingAESKey: 43 letters and digits (the base64 of the AES key without its "=").
AES_KEY = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))
OPENID = "oUser0000000000000000000001"


def _query(token: str = TOKEN) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), "nonce1"
    return {"timestamp": timestamp, "nonce": nonce, "signature": signature(token, timestamp, nonce)}


def _emulated(kind: str, fields: str, msg_id: int = 1) -> str:
    emulator = WeChatEmulator(token=TOKEN)
    return emulator.message_xml(OPENID, kind, fields, msg_id)


def test_the_url_check_echoes_only_with_the_right_signature() -> None:
    protocol = CallbackProtocol(TOKEN, APP_ID, None)
    assert protocol.verify_url({**_query(), "echostr": "abc"}) == "abc"
    with pytest.raises(RefusedRequest):
        protocol.verify_url({**_query("other"), "echostr": "abc"})


def test_a_plain_message_is_parsed_by_wechatpy() -> None:
    message = CallbackProtocol(TOKEN, APP_ID, None).open(
        _query(), _emulated("text", "<Content>你好</Content>").encode()
    )
    assert message.type == "text" and message.content == "你好" and message.source == OPENID


def test_safe_mode_decrypts_what_wechatpy_encrypts() -> None:
    query = _query()
    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    encrypted = crypto.encrypt_message(
        _emulated("text", "<Content>加密</Content>"), query["nonce"], query["timestamp"]
    )
    msg_signature = encrypted.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    protocol = CallbackProtocol(TOKEN, APP_ID, AES_KEY)
    safe_query = {**query, "encrypt_type": "aes", "msg_signature": msg_signature}
    assert protocol.open(safe_query, encrypted.encode()).content == "加密"
    with pytest.raises(RefusedRequest):  # a ciphertext signed with another msg_signature
        protocol.open({**safe_query, "msg_signature": "0" * 40}, encrypted.encode())
    with pytest.raises(RefusedRequest):  # another account's key
        CallbackProtocol(TOKEN, APP_ID, AES_KEY[::-1]).open(safe_query, encrypted.encode())
    with pytest.raises(RefusedRequest):  # plain XML where safe mode expects ciphertext
        protocol.open(query, _emulated("text", "<Content>x</Content>").encode())


def test_a_passive_reply_built_by_wechatpy_survives_our_crypto_both_ways() -> None:
    """The other direction, for completeness: what we would reply decrypts with wechatpy too."""
    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    reply = TextReply(source="gh_x", target=OPENID, content="收到").render()
    query = _query()
    encrypted = crypto.encrypt_message(reply, query["nonce"], query["timestamp"])
    msg_signature = encrypted.split("<MsgSignature><![CDATA[")[1].split("]]>")[0]
    assert "收到" in crypto.decrypt_message(encrypted, msg_signature, query["timestamp"], query["nonce"])


def test_retries_share_a_key_and_events_are_keyed_by_sender_and_time() -> None:
    protocol = CallbackProtocol(TOKEN, APP_ID, None)
    xml = _emulated("text", "<Content>a</Content>", msg_id=42)
    assert message_key(protocol.open(_query(), xml.encode())) == "42"
    event = WeChatEmulator(token=TOKEN).xml(OPENID, "<MsgType>event</MsgType><Event>subscribe</Event>")
    assert message_key(protocol.open(_query(), event.encode())).startswith(f"{OPENID}:")


@pytest.fixture
async def receiver(tmp_path: Path) -> AsyncIterator[Receiver]:
    store = Storage(tmp_path / "bot.db")
    await store.open()
    yield Receiver(CallbackProtocol(TOKEN, APP_ID, None), WeChatState(store))
    await store.close()


async def _update(receiver: Receiver, kind: str, fields: str) -> Update:
    message = CallbackProtocol(TOKEN, APP_ID, None).open(_query(), _emulated(kind, fields).encode())
    update = await receiver.update_for(message, Bot("1:x"))
    assert update is not None
    return update


async def test_a_location_in_gcj02_becomes_wgs84(receiver: Receiver) -> None:
    wgs = (30.2741, 120.1551)
    gcj = wgs84_to_gcj02(*wgs)
    update = await _update(
        receiver, "location", f"<Location_X>{gcj[0]}</Location_X><Location_Y>{gcj[1]}</Location_Y>"
    )
    assert update.message is not None and update.message.location is not None
    location = update.message.location
    assert distance_m(location.latitude, location.longitude, *wgs) < 0.5
    assert distance_m(*gcj, *wgs) > 300  # what taking GCJ-02 for WGS-84 would have cost


async def test_a_slash_text_is_a_command_and_an_unknown_link_is_an_expired_press(receiver: Receiver) -> None:
    command = await _update(receiver, "text", "<Content>/points</Content>")
    assert command.message is not None and command.effective_user is not None
    assert command.effective_user.id >= 2**52  # never a Telegram id
    assert command.message.text == "/points" and command.message.entities[0].type == "bot_command"
    press = await _update(receiver, "text", "<Content>下一组</Content><bizmsgmenuid>ffff</bizmsgmenuid>")
    assert press.callback_query is not None and press.callback_query.data == ""


def test_telegram_html_becomes_wechat_text() -> None:
    text = wechat_text('<b>驿站</b> &amp; <a href="https://a.example/?x=1&amp;y=2">导航</a> <code>5</code>')
    assert text == '驿站 & <a href="https://a.example/?x=1&y=2">导航</a> 5'


def test_a_telegram_mention_keeps_its_name_without_the_link() -> None:
    assert wechat_text('<a href="tg://user?id=4503599627370497">小王</a>，请回复') == "小王，请回复"


def test_the_custom_menu_fits_wechat_limits() -> None:
    commands = [("start", "开始"), ("nearest", "找最近的驿站")] + [
        (f"c{i}", "一个很长很长很长很长很长的说明文字" * 2) for i in range(14)
    ]
    menu = custom_menu(commands, "zh")
    assert menu["button"][0]["type"] == "location_select"
    assert len(menu["button"]) == 3 and all(len(b["sub_button"]) == 5 for b in menu["button"][1:])
    assert all(len(b["name"].encode()) <= 16 for b in menu["button"])
    assert all(len(s["name"].encode()) <= 60 for b in menu["button"][1:] for s in b["sub_button"])


async def test_a_follow_through_a_code_is_the_welcome_then_the_codes_start(receiver: Receiver) -> None:
    """Someone who does not follow yet scans an event's code: they are greeted as any new follower, then
    checked in, in that order (one person's updates are handled one by one)."""
    emulator = WeChatEmulator(token=TOKEN)
    protocol = CallbackProtocol(TOKEN, APP_ID, None)
    scene = "<EventKey>qrscene_event_7_ABCDEFGH</EventKey><Ticket>t</Ticket>"
    follow = emulator.xml(OPENID, f"<MsgType>event</MsgType><Event>subscribe</Event>{scene}")
    welcome, attend = await receiver.updates_for(protocol.open(_query(), follow.encode()), Bot("1:x"))
    assert welcome.message is not None and welcome.message.text == "/start"
    assert attend.message is not None and attend.message.text == "/start event_7_ABCDEFGH"
    assert welcome.update_id != attend.update_id  # both pass the check for redelivered updates
    scan = emulator.xml(
        OPENID, "<MsgType>event</MsgType><Event>SCAN</Event><EventKey>event_7_ABCDEFGH</EventKey>"
    )
    [again] = await receiver.updates_for(protocol.open(_query(), scan.encode()), Bot("1:x"))
    assert again.message is not None and again.message.text == "/start event_7_ABCDEFGH"
    plain = emulator.xml(OPENID, "<MsgType>event</MsgType><Event>subscribe</Event>")
    [hello] = await receiver.updates_for(protocol.open(_query(), plain.encode()), Bot("1:x"))
    assert hello.message is not None and hello.message.text == "/start"
