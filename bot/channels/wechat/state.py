"""What the WeChat transport remembers between a Bot API call and a WeChat message: who is who, which
button link stands for which callback data, and what each invented message said."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.storage import Storage
from bot.storage.wechat import WECHAT_ID_BASE

# A WeChat-only deployment has no admin group: messages for the admin chat go to this id, and the transport
# sends them to each admin's private chat. Negative, as Telegram's group ids are, and below all of them.
ADMIN_CHAT_ID = -WECHAT_ID_BASE

K = TypeVar("K")
V = TypeVar("V")

# Buttons and message texts are kept in memory for this many recent entries: a press on a link older than
# that, or made before a restart, gets the bot's one "button expired" answer.
REMEMBERED = 50_000


class Recent(Generic[K, V]):
    """A dict that forgets its oldest entries past a size: memory stays bounded on a busy account."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._size = size

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def __contains__(self, key: K) -> bool:
        return key in self._items


@dataclass(frozen=True, slots=True)
class PressTarget:
    """What a bizmsgmenu link stands for: the button's callback data and the message it was on."""

    user_id: int  # who was sent the link: only they can press it
    chat_id: int  # the chat of the message: theirs, or the admins' chat (ADMIN_CHAT_ID)
    data: str
    message_id: int
    message_text: str


class Identities:
    """openid <-> user id, from the store (wechat_identities), cached: ids never change once given."""

    def __init__(self, store: Storage) -> None:
        self._store = store
        self._ids: Recent[str, int] = Recent()
        self._openids: Recent[int, str] = Recent()

    async def user_id(self, openid: str) -> int:
        found = self._ids.get(openid)
        if found is None:
            found = await self._store.wechat.user_id(openid)
            self._remember(openid, found)
        return found

    async def openid(self, user_id: int) -> str | None:
        found = self._openids.get(user_id)
        if found is None:
            found = await self._store.wechat.openid(user_id)
            if found is not None:
                self._remember(found, user_id)
        return found

    def _remember(self, openid: str, user_id: int) -> None:
        self._ids.put(openid, user_id)
        self._openids.put(user_id, openid)


class Conversations:
    """The invented side of the chat: message ids, the text each message showed, and the button links."""

    def __init__(self) -> None:
        # Ids start from the clock, so a restart does not hand out the ids of messages sent before it.
        self._next_id = int(time.time() * 1000)
        self._texts: Recent[tuple[int, int], str] = Recent()
        self._buttons: Recent[str, PressTarget] = Recent()

    def new_message(self, chat_id: int, text: str) -> int:
        self._next_id += 1
        self._texts.put((chat_id, self._next_id), text)
        return self._next_id

    def text_of(self, chat_id: int, message_id: int) -> str | None:
        return self._texts.get((chat_id, message_id))

    def replace_text(self, chat_id: int, message_id: int, text: str) -> None:
        self._texts.put((chat_id, message_id), text)

    def button(self, target: PressTarget) -> str:
        """A new unguessable menu id for one button of one message of one person."""
        menu_id = secrets.token_hex(8)
        self._buttons.put(menu_id, target)
        return menu_id

    def pressed(self, user_id: int, menu_id: str) -> PressTarget | None:
        """The button behind a link, only for the person it was sent to."""
        target = self._buttons.get(menu_id)
        return target if target is not None and target.user_id == user_id else None


@dataclass(frozen=True, slots=True)
class Download:
    file_name: str
    content: bytes
    media_type: str
    expires: float  # time.monotonic()


class Downloads:
    """Files the bot would send as documents (a service account cannot): each is served once, by an
    unguessable link, for a few minutes, then forgotten."""

    LIFETIME_S = 15 * 60

    def __init__(self) -> None:
        self._files: dict[str, Download] = {}

    def add(self, file_name: str, content: bytes, media_type: str) -> str:
        now = time.monotonic()
        self._files = {key: file for key, file in self._files.items() if file.expires > now}
        key = secrets.token_urlsafe(24)
        self._files[key] = Download(file_name, content, media_type, now + self.LIFETIME_S)
        return key

    def take(self, key: str) -> Download | None:
        found = self._files.pop(key, None)
        return found if found is not None and found.expires > time.monotonic() else None


class WeChatState:
    def __init__(self, store: Storage, admin_ids: frozenset[int] = frozenset()) -> None:
        self.identities = Identities(store)
        self.conversations = Conversations()
        self.downloads = Downloads()
        self.admin_ids = sorted(admin_ids)  # the WeChat admins, who read the admins' chat in private
