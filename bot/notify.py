"""Notices: every message to someone other than the person talking to the bot goes through the outbox.

A decision about a courier's hours, a change of a report for its reporter and "+1" supporters, an
appointment, an adjustment, a follow-up question: each is queued as a personal delivery, so it is paced
with everything else, retried on timeouts and 5xx, marks a blocked person, and survives a restart. The
admin chat's cards and notices take the same road, at the group's own pace; a card is later updated by
its purpose. The feature never learns how the message travels (FixMyStreet's pluggable senders are the
model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.broadcast import Attachment, BroadcastKind, Buttons, PersonalMessage
from bot.i18n import Translator
from bot.storage import Storage

# Notices go before heat reminders (1) and broadcasts (0): the person is waiting for this answer.
NOTICE_PRIORITY = 2


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for one person, written in their language when it is queued.

    `purpose` names what the notice is about (e.g. "volunteer-approved:12"); with the recipient it is the
    outbox's dedup key, so a redelivered update or a second press never tells anyone twice.
    """

    user_id: int
    purpose: str
    compose: Callable[[str], str]  # language -> HTML text
    buttons: Callable[[str], Buttons] | None = None


@dataclass(frozen=True, slots=True)
class AdminNotice:
    """One message for the admin chat (BOT_ADMIN_CHAT_ID), written in BOT_DEFAULT_LANGUAGE when queued.

    `purpose` names it (e.g. "volunteer-card:12"): it is queued once, and `Notifier.update_admins` later
    changes it by that name. `reply_to` is the purpose of an earlier admin notice it answers under.
    `takes_over`: the notice is posted anew under a purpose used before (a reopened report's card), and
    later changes go to this one."""

    purpose: str
    compose: Callable[[str], str]  # language -> HTML text (a caption with a photo)
    buttons: Callable[[str], Buttons] | None = None
    attachment: Attachment | None = None
    reply_to: str | None = None
    takes_over: bool = False


def catalogue_notice(translator: Translator, user_id: int, purpose: str, key: str, **args: object) -> Notice:
    """A notice that is one catalogue message."""
    return Notice(user_id, purpose, lambda language: translator(language, key, **args))


class Notifier:
    def __init__(
        self,
        store: Storage,
        wake_sender: Callable[[], None],
        *,
        admin_chat_id: int | None = None,
        admin_language: str = "zh",
    ) -> None:
        self._store = store
        self._wake_sender = wake_sender
        self._admin_chat_id = admin_chat_id
        self._admin_language = admin_language

    async def send(self, notices: Iterable[Notice]) -> int:
        """Queue the notices (unknown and blocked people skipped), wake the sender; how many were queued."""
        pending = list(notices)
        languages = await self._store.users.reachable_languages([notice.user_id for notice in pending])
        messages = []
        for notice in pending:
            language = languages.get(notice.user_id)
            if language is None:
                continue
            messages.append(
                PersonalMessage(
                    notice.user_id,
                    language,
                    notice.compose(language),
                    f"{notice.purpose}:{notice.user_id}",
                    notice.buttons(language) if notice.buttons else (),
                )
            )
        if not messages:
            return 0
        _, queued = await self._store.outbox.enqueue_personal(
            BroadcastKind.NOTICE.value, messages, priority=NOTICE_PRIORITY
        )
        if queued:
            self._wake_sender()
        return queued

    async def tell_admins(self, notice: AdminNotice) -> bool:
        """Queue a notice for the admin chat and wake the sender; False without an admin chat, or when
        this purpose was queued before (a redelivered update)."""
        if self._admin_chat_id is None:
            return False
        language = self._admin_language
        queued = await self._store.outbox.enqueue_chat(
            BroadcastKind.NOTICE.value,
            chat_id=self._admin_chat_id,
            language=language,
            text=notice.compose(language),
            dedup_key=self._admin_key(notice.purpose),
            buttons=notice.buttons(language) if notice.buttons else (),
            attachment=notice.attachment,
            reply_to_key=self._admin_key(notice.reply_to) if notice.reply_to else None,
            takes_over=notice.takes_over,
            priority=NOTICE_PRIORITY,
        )
        if queued:
            self._wake_sender()
        return queued

    async def update_admins(
        self, purpose: str, compose: Callable[[str], str], buttons: Callable[[str], Buttons] | None = None
    ) -> bool:
        """A new text and buttons for the admin notice of `purpose` (a card's new status): replaced while
        it waits, an edit once sent, nothing when it would not change. False when nothing was queued."""
        if self._admin_chat_id is None:
            return False
        language = self._admin_language
        queued = await self._store.outbox.enqueue_edit(
            BroadcastKind.NOTICE.value,
            dedup_key=self._admin_key(purpose),
            text=compose(language),
            buttons=buttons(language) if buttons else (),
            priority=NOTICE_PRIORITY,
        )
        if queued:
            self._wake_sender()
        return queued

    async def admin_message(self, purpose: str) -> tuple[int, int] | None:
        """(chat id, message id) of the admin notice of `purpose` once sent: a press on it is answered by
        editing it directly."""
        if self._admin_chat_id is None:
            return None
        return await self._store.outbox.chat_message(self._admin_key(purpose))

    def _admin_key(self, purpose: str) -> str:
        return f"{purpose}:{self._admin_chat_id}"
