"""Builders for the updates a Telegram user would send."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(1)
_message_ids = itertools.count(1000)


def user(
    user_id: int, first_name: str = "小哥", language_code: str | None = "zh-hans", **extra: Any
) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code, **extra}


def message(sender: dict[str, Any], text: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
        "from": sender,
        **extra,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": next(_update_ids), "message": body}


def callback(sender: dict[str, Any], data: str, message_id: int = 1) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": sender,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": sender["id"], "type": "private"},
                "from": {"id": 999000, "is_bot": True, "first_name": "bot"},
                "text": "…",
            },
        },
    }
