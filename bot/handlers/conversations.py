"""The one way to build a conversation: per person, not per message.

A step belongs to the person whichever of their messages' buttons they press (the buttons carry their own
data), and tracking per chat and user is what keeps a draft across restarts. PTB warns about that choice
whenever a conversation has button handlers; the warning is silenced here, for these constructions only,
not for the whole process.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram.ext import ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.context import BotContext


def person_conversation(**options: Any) -> ConversationHandler[BotContext]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        return ConversationHandler(**options)
