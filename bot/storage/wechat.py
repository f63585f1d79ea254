"""SQL for the WeChat transport: identities (openid <-> user id), and the messages and button links it
invents in place of Telegram's, which outlive a restart and are shared by every worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Database, utc_now

# Telegram's user and chat ids fit 52 bits, so every id from 2^52 on is free for another channel; ids stay
# below 2^53, exact in JavaScript (the browser chat) and in JSON readers that use doubles.
WECHAT_ID_BASE = 2**52


def is_wechat_id(user_id: int) -> bool:
    return user_id >= WECHAT_ID_BASE


@dataclass(frozen=True, slots=True)
class PressTarget:
    """What a bizmsgmenu link stands for: the button's callback data and the message it was on."""

    user_id: int  # who was sent the link: only they can press it
    chat_id: int  # the chat of the message: theirs, or the admins' chat
    data: str
    message_id: int
    message_text: str


@dataclass(frozen=True, slots=True)
class HeldMessage:
    """A message sent as a template, whose buttons wait for the person's next message."""

    message_id: int
    text: str
    markup: str  # the reply_markup, as JSON


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

    async def new_message(self, chat_id: int, text: str) -> int:
        """A new message id (unique across restarts and workers), remembering the text it shows."""
        row = await self._db.write_returning(
            "INSERT INTO wechat_messages (chat_id, text, written_at) VALUES (?, ?, ?) RETURNING message_id",
            (chat_id, text, utc_now()),
        )
        assert row is not None
        return int(row[0])

    async def message_text(self, chat_id: int, message_id: int) -> str | None:
        found = await self._db.fetchvalue(
            "SELECT text FROM wechat_messages WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        return None if found is None else str(found)

    async def replace_text(self, chat_id: int, message_id: int, text: str) -> None:
        await self._db.write(
            "UPDATE wechat_messages SET text = ?, written_at = ? WHERE chat_id = ? AND message_id = ?",
            (text, utc_now(), chat_id, message_id),
        )

    async def add_links(
        self, user_id: int, chat_id: int, message_id: int, buttons: Sequence[tuple[str, str]]
    ) -> None:
        """Remember the (menu id, callback data) of each button of a message sent to one person."""
        now = utc_now()
        await self._db.write_many(
            "INSERT INTO wechat_links (menu_id, user_id, chat_id, message_id, data, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(menu_id, user_id, chat_id, message_id, data, now) for menu_id, data in buttons],
        )

    async def pressed(self, user_id: int, menu_id: str) -> PressTarget | None:
        """The button behind a link, only for the person it was sent to."""
        row = await self._db.fetchone(
            "SELECT l.chat_id, l.data, l.message_id, m.text FROM wechat_links l"
            " LEFT JOIN wechat_messages m ON m.message_id = l.message_id"
            " WHERE l.menu_id = ? AND l.user_id = ?",
            (menu_id, user_id),
        )
        if row is None:
            return None
        return PressTarget(user_id, int(row[0]), str(row[1]), int(row[2]), str(row[3] or ""))

    async def hold_buttons(self, chat_id: int, message_id: int, markup: str | None) -> None:
        """A message's buttons (a reply_markup as JSON) that could not travel with it: sent as a template
        message, outside the person's 48-hour window. None: no longer held."""
        await self._db.write(
            "UPDATE wechat_messages SET held_markup = ? WHERE chat_id = ? AND message_id = ?",
            (markup, chat_id, message_id),
        )

    async def take_held(self, chat_id: int, limit: int) -> list[HeldMessage]:
        """Up to `limit` of the chat's messages with held buttons, oldest first, each taken once (another
        worker handling the same person's next message takes the others)."""
        rows = await self._db.fetchall(
            "SELECT message_id, text, held_markup FROM wechat_messages"
            " WHERE chat_id = ? AND held_markup IS NOT NULL ORDER BY message_id LIMIT ?",
            (chat_id, limit),
        )
        taken = []
        for row in rows:
            message_id, text, markup = int(row[0]), str(row[1]), str(row[2])
            claimed = await self._db.write(
                "UPDATE wechat_messages SET held_markup = NULL"
                " WHERE message_id = ? AND held_markup IS NOT NULL",
                (message_id,),
            )
            if claimed:
                taken.append(HeldMessage(message_id, text, markup))
        return taken

    async def forget_before(self, timestamp: str) -> int:
        """Drop messages and links older than the timestamp (a daily job): their links answer "expired"."""
        links = await self._db.write("DELETE FROM wechat_links WHERE created_at < ?", (timestamp,))
        messages = await self._db.write("DELETE FROM wechat_messages WHERE written_at < ?", (timestamp,))
        return links + messages
