"""SQL for WeChat identities: openid <-> user id."""

from __future__ import annotations

from bot.storage.database import Database, utc_now

# Telegram's user and chat ids fit 52 bits, so every id from 2^52 on is free for another channel; ids stay
# below 2^53, exact in JavaScript (the browser chat) and in JSON readers that use doubles.
WECHAT_ID_BASE = 2**52


def is_wechat_id(user_id: int) -> bool:
    return user_id >= WECHAT_ID_BASE


class WeChatRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def user_id(self, openid: str) -> int:
        """The person's user id, given on their first message and kept until /deleteme."""
        await self._db.write(
            "INSERT INTO wechat_identities (openid, created_at) VALUES (?, ?)"
            " ON CONFLICT (openid) DO NOTHING",
            (openid, utc_now()),
        )
        seq = await self._db.fetchvalue("SELECT seq FROM wechat_identities WHERE openid = ?", (openid,))
        return WECHAT_ID_BASE + int(seq)

    async def openid(self, user_id: int) -> str | None:
        if not is_wechat_id(user_id):
            return None
        found = await self._db.fetchvalue(
            "SELECT openid FROM wechat_identities WHERE seq = ?", (user_id - WECHAT_ID_BASE,)
        )
        return None if found is None else str(found)
