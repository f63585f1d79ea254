"""WeChat identities: ids above every Telegram id, stable, and erased with the person by /deleteme."""

from __future__ import annotations

from pathlib import Path

from bot.storage import Storage
from bot.storage.wechat import WECHAT_ID_BASE, is_wechat_id

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
