"""Logging set-up that keeps secrets out of every log line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "<redacted>"


class RedactingFormatter(logging.Formatter):
    """Replaces secrets (the bot token) wherever they appear in the formatted line, tracebacks included
    (PTB's InvalidToken quotes the token in its message).

    httpx logs request URLs, and the Bot API puts the token in the URL; the httpx logger is also
    raised to WARNING, and this formatter is the second line of defence for anything else.
    """

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line


class ExpectedErrorFilter(logging.Filter):
    """Drops the traceback of errors the caller reports itself in one clear line (a rejected token):
    a wall of library frames would only hide that line."""

    def __init__(self, expected: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self._expected = expected

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self._expected):
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(
    level: str, secrets: Iterable[str], expected_errors: tuple[type[BaseException], ...] = ()
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    handler.addFilter(ExpectedErrorFilter(expected_errors))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
