"""WeChat identities: ids above every Telegram id, stable, and erased with the person by /deleteme; and the
messages and button links the transport invents, which outlive a restart until the housekeeping drops them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.privacy import wechat_links_cutoff
from bot.storage import Storage
from bot.storage.wechat import WECHAT_ID_BASE, HeldMessage, PressTarget, is_wechat_id

TELEGRAM_MAX_ID = 2**52 - 1  # Telegram's ids have at most 52 significant bits


async def test_an_openid_keeps_its_id_until_the_person_is_erased(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    try:
        first = await store.wechat.user_id("oA")
        assert first > TELEGRAM_MAX_ID and first < 2**53 and is_wechat_id(first)
        assert await store.wechat.user_id("oA") == first
        assert await store.wechat.openid(first) == "oA"
        assert await store.wechat.openid(12345) is None  # a Telegram id is never a WeChat person
        await store.users.seen(first, "微信用户", None, "zh")
        await store.privacy.erase(first, "2026-07")
        assert await store.wechat.openid(first) is None
        again = await store.wechat.user_id("oA")
        assert again != first and again > WECHAT_ID_BASE  # an erased person's id is never handed out again
    finally:
        await store.close()


async def test_a_button_link_outlives_a_restart_until_the_housekeeping_drops_it(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    try:
        person, other = await store.wechat.user_id("oA"), await store.wechat.user_id("oB")
        first = await store.wechat.new_message(person, "第 1 组")
        second = await store.wechat.new_message(person, "别的")
        assert second > first
        await store.wechat.add_links(person, person, first, [("m1", "nb:2"), ("m2", "nb:3")])
        await store.wechat.replace_text(person, first, "第 2 组")
    finally:
        await store.close()

    await store.open()  # a restart, or another worker
    try:
        assert await store.wechat.message_text(person, first) == "第 2 组"
        pressed = await store.wechat.pressed(person, "m2")
        assert pressed == PressTarget(person, person, "nb:3", first, "第 2 组")
        assert await store.wechat.pressed(other, "m2") is None  # only the person it was sent to
        assert await store.wechat.forget_before(wechat_links_cutoff(datetime.now(UTC))) == 0
        in_a_month = datetime.now(UTC) + timedelta(days=31)
        assert await store.wechat.forget_before(wechat_links_cutoff(in_a_month)) == 4
        assert await store.wechat.pressed(person, "m1") is None
        assert await store.wechat.message_text(person, first) is None
    finally:
        await store.close()


async def test_buttons_held_for_a_template_are_taken_once_oldest_first(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    try:
        person, other = await store.wechat.user_id("oA"), await store.wechat.user_id("oB")
        plain = await store.wechat.new_message(person, "没有按钮")
        first = await store.wechat.new_message(person, "协商 1")
        second = await store.wechat.new_message(person, "协商 2")
        failed = await store.wechat.new_message(person, "没发出去")
        for message_id, data in ((first, "cs:go:1:0"), (second, "cs:go:2:0"), (failed, "cs:go:3:0")):
            await store.wechat.hold_buttons(person, message_id, f'{{"data": "{data}"}}')
        await store.wechat.hold_buttons(person, failed, None)  # the template failed: nothing held

        assert await store.wechat.take_held(other, 5) == []
        assert await store.wechat.take_held(person, 1) == [
            HeldMessage(first, "协商 1", '{"data": "cs:go:1:0"}')
        ]
        assert await store.wechat.take_held(person, 5) == [
            HeldMessage(second, "协商 2", '{"data": "cs:go:2:0"}')
        ]
        assert await store.wechat.take_held(person, 5) == []
        assert await store.wechat.message_text(person, plain) == "没有按钮"
    finally:
        await store.close()


async def test_deleteme_erases_what_the_transport_sent_the_person(database: Path | str) -> None:
    store = Storage(database)
    await store.open()
    try:
        person = await store.wechat.user_id("oA")
        await store.users.seen(person, "微信用户", None, "zh")
        message = await store.wechat.new_message(person, "你的举报 MQ-2026-000001")
        await store.wechat.add_links(person, person, message, [("m1", "rp:1")])
        await store.privacy.erase(person, "2026-07")
        assert await store.wechat.message_text(person, message) is None
        assert await store.wechat.pressed(person, "m1") is None
    finally:
        await store.close()
