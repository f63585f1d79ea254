"""Edits of the message whose button was pressed, never one that changes nothing.

Telegram refuses an edit whose text and buttons equal the message's current ones (400 "message is not
modified"), and a second press or a forged button easily asks for one. The callback query carries the
message as it is now, so each edit is compared with it first.
"""

from __future__ import annotations

import html
import re

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update

_TAG = re.compile(r"<[^>]+>")


def _plain(html_text: str) -> str:
    """What Telegram stores of an HTML text, without its formatting; it trims the ends."""
    return html.unescape(_TAG.sub("", html_text)).strip()


def _already_shows(message: Message, text: str, reply_markup: InlineKeyboardMarkup | None) -> bool:
    """Compared as plain text: PTB rebuilds text_html with other escapes than ours, so HTML may differ for
    the same content. Only a change of formatting alone would go unsent, and our texts never make one."""
    shown = message.text if message.text is not None else message.caption
    return shown is not None and shown.strip() == _plain(text) and message.reply_markup == reply_markup


async def edit_pressed_message(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Shows `text` and `reply_markup` (none removes the buttons) in the pressed message: as its caption
    when it has no text (a photo). Returns the message as it shows now, None for one Telegram did not
    give back (in an inline query's result)."""
    message = query.message
    if isinstance(message, Message):
        if _already_shows(message, text, reply_markup):
            return message
        if message.text is None:
            edited = await query.edit_message_caption(caption=text, reply_markup=reply_markup)
            return edited if isinstance(edited, Message) else None
    edited = await query.edit_message_text(text, reply_markup=reply_markup)
    return edited if isinstance(edited, Message) else None


async def edit_or_reply(
    update: Update, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """A page or the next question where it was asked for: in place of the pressed message after a button
    (a list's pages turn over in one message), as a reply after a command or typed text."""
    query = update.callback_query
    if query is not None:
        return await edit_pressed_message(query, text, reply_markup)
    message = update.effective_message
    assert message is not None
    return await message.reply_text(text, reply_markup=reply_markup)


async def remove_pressed_buttons(query: CallbackQuery) -> None:
    message = query.message
    if isinstance(message, Message) and message.reply_markup is None:
        return
    await query.edit_message_reply_markup(None)
