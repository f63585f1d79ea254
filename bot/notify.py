"""Notices: every message to someone other than the person talking to the bot goes through the outbox.

A decision about a courier's hours, a change of a report for its reporter and "+1" supporters, an
appointment, an adjustment, a follow-up question: each is queued as a personal delivery, so it is paced
with everything else, retried on timeouts and 5xx, marks a blocked person, and survives a restart. The
feature never learns how the message travels (FixMyStreet's pluggable senders are the model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.broadcast import BroadcastKind, Buttons, PersonalMessage
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


def catalogue_notice(translator: Translator, user_id: int, purpose: str, key: str, **args: object) -> Notice:
    """A notice that is one catalogue message."""
    return Notice(user_id, purpose, lambda language: translator(language, key, **args))


class Notifier:
    def __init__(self, store: Storage, wake_sender: Callable[[], None]) -> None:
        self._store = store
        self._wake_sender = wake_sender

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
