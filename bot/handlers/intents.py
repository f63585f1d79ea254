"""A message filter by what a text asks for, so that a conversation can start from free text
("今天做了两个半小时志愿服务" opens /volunteer) as well as from its command."""

from __future__ import annotations

from telegram import Message
from telegram.ext import filters

from bot.intent import Intent, understand


class IntentFilter(filters.MessageFilter):
    """Lets through a text the router reads as one of `intents`."""

    def __init__(self, *intents: Intent) -> None:
        super().__init__(name=f"IntentFilter({', '.join(intents)})")
        self.intents = frozenset(intents)

    def filter(self, message: Message) -> bool:
        return message.text is not None and understand(message.text).intent in self.intents
