"""What the WeChat transport remembers between a Bot API call and a WeChat message: who is who, which
button link stands for which callback data, and what each invented message said (the last two in the
store, `store.wechat`, so that they outlive a restart and every worker shares them)."""

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

# Identities (which never change) and the keys of messages received are cached for this many recent entries.
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
        self.conversations = store.wechat  # message ids, their texts and their button links
        self.users = store.users  # each person's language
        self.downloads = Downloads()
        self.admin_ids = sorted(admin_ids)  # the WeChat admins, who read the admins' chat in private
