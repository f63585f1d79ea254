"""What counts as words in a courier's free text: a row of emoji or punctuation is not a description."""

from __future__ import annotations

import unicodedata


def word_characters(text: str) -> int:
    """Letters and digits of any script (Han, Latin ...); emoji, symbols and punctuation do not count."""
    return sum(1 for character in text if unicodedata.category(character)[0] in "LN")
