"""PTB persistence on our SQLite store (JSON, not pickle), so a half-typed conversation
survives a restart. Each update's changes are written when it has been handled (see
bot/handlers/intake.py); every write goes straight to the database, so `flush` has nothing left to do.

PTB asks to write a user's data, their chat's and every conversation's state after each update, changed
or not (eleven writes for a shared location). What was last written is remembered, and an unchanged value
is not written again: a typical update now writes nothing here.

PTB reads the stored state once, at start, and then trusts its memory. That holds for one process. When
several workers share the store (PostgreSQL), a chat's next update may land on another worker, so each
update takes its chat's turn (`chat_turn`): the chat's lock across processes, then the latest stored
conversation states, user_data and chat_data of that chat and sender, in one query."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application, BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.channels.telegram.context import BotResources, ChatData, UserData
from bot.storage import Storage

_USER_DATA = "user_data"
_CHAT_DATA = "chat_data"
_CONVERSATION = "conversation:"


class SqlitePersistence(BasePersistence[UserData, ChatData, BotResources]):
    def __init__(self, store: Storage, update_interval: float = 1.0) -> None:
        # bot_data holds live resources (connections), so it is never stored.
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self._store = store
        self._written: dict[tuple[str, str], str] = {}  # (kind, key) -> the JSON in the database

    async def _opened(self) -> Storage:
        # PTB loads persistence in initialize(), before post_init opens the store.
        await self._store.open()
        return self._store

    async def _load(self, kind: str) -> dict[str, str]:
        stored = await (await self._opened()).state.load(kind)
        self._written.update(((kind, key), value) for key, value in stored.items())
        return stored

    async def _save(self, kind: str, key: str, value: object) -> None:
        encoded = json.dumps(value)
        if self._written.get((kind, key)) != encoded:
            await (await self._opened()).state.save(kind, key, encoded)
            self._written[kind, key] = encoded

    async def _delete(self, kind: str, key: str) -> None:
        if self._written.pop((kind, key), None) is not None:
            await (await self._opened()).state.delete(kind, key)

    @asynccontextmanager
    async def chat_turn(
        self, application: Application[Any, Any, Any, Any, Any, Any], chat_id: int, user_id: int | None
    ) -> AsyncIterator[None]:
        """Hold the chat across workers while its update runs, starting from the chat's stored state. The
        update's own changes are written by the persistence handler, the last group, so before the lock
        is released the next worker can read them."""
        store = await self._opened()
        async with store.db.held_across_processes(f"chat:{chat_id}"):
            await self._reload(application, chat_id, user_id)
            yield

    async def _reload(
        self, application: Application[Any, Any, Any, Any, Any, Any], chat_id: int, user_id: int | None
    ) -> None:
        # PTB keeps each persistent conversation's states in a TrackingDict it shares with the
        # Application, and offers no public way to reload one: `update_no_track` and `.data` change
        # it without marking the key for writing back.
        conversations = application._conversation_handler_conversations
        # A conversation is keyed by the chat and the person, or by the person alone (per_chat=False:
        # an admin's note typed anywhere): both of the person's keys are brought in.
        keys_of_person: list[ConversationKey] = (
            [(chat_id, user_id), (user_id,)] if user_id is not None else [(chat_id,)]
        )
        wanted = [(_CHAT_DATA, str(chat_id))]
        if user_id is not None:
            wanted.append((_USER_DATA, str(user_id)))
            wanted.extend(
                (_CONVERSATION + name, json.dumps(list(key)))
                for name in conversations
                for key in keys_of_person
            )
        stored = await self._store.state.load_keys(wanted)
        for kind, key in wanted:
            encoded = stored.get((kind, key))
            if encoded is None:
                self._written.pop((kind, key), None)
            else:
                self._written[kind, key] = encoded
            if kind.startswith(_CONVERSATION):
                states = conversations[kind.removeprefix(_CONVERSATION)]
                key_of_person = tuple(json.loads(key))
                if encoded is None:
                    states.data.pop(key_of_person, None)
                else:
                    states.update_no_track({key_of_person: json.loads(encoded)})
                continue
            documents = application.user_data if kind == _USER_DATA else application.chat_data
            owner = int(key)
            if encoded is not None:
                document = documents[owner]  # created on first use, as PTB does
                document.clear()
                document.update(json.loads(encoded))
            elif owner in documents:
                documents[owner].clear()

    async def get_user_data(self) -> dict[int, UserData]:
        stored = await self._load(_USER_DATA)
        return {int(key): json.loads(value) for key, value in stored.items()}

    async def get_chat_data(self) -> dict[int, ChatData]:
        stored = await self._load(_CHAT_DATA)
        return {int(key): json.loads(value) for key, value in stored.items()}

    async def get_bot_data(self) -> BotResources:
        raise NotImplementedError("bot_data holds live resources and is not persisted")

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await self._load(_CONVERSATION + name)
        return {tuple(json.loads(key)): json.loads(value) for key, value in stored.items()}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        encoded_key = json.dumps(list(key))
        if new_state is None:
            await self._delete(_CONVERSATION + name, encoded_key)
        else:
            await self._save(_CONVERSATION + name, encoded_key, new_state)

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        await self._save(_USER_DATA, str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        await self._save(_CHAT_DATA, str(chat_id), data)

    async def update_bot_data(self, data: BotResources) -> None:
        """Never called: bot_data is excluded by store_data."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Never called: callback_data is excluded by store_data."""

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._delete(_CHAT_DATA, str(chat_id))

    async def drop_user_data(self, user_id: int) -> None:
        await self._delete(_USER_DATA, str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """The in-memory copy is the live one; nothing to refresh."""

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """The in-memory copy is the live one; nothing to refresh."""

    async def refresh_bot_data(self, bot_data: BotResources) -> None:
        """bot_data is not persisted."""

    async def flush(self) -> None:
        """Every update is written through; nothing is buffered."""
