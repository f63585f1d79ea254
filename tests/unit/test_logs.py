"""The token never reaches a log line, whatever logs it."""

from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, configure_logging

TOKEN = "123456:SECRET-token_value"


def test_token_is_redacted_from_every_logger(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])
    logging.getLogger("telegram.ext").warning("GET https://api.telegram.org/bot%s/getMe failed", TOKEN)
    logging.getLogger("bot").info("plain %s", "message")
    captured = capsys.readouterr().err
    assert TOKEN not in captured
    assert f"bot{REDACTED}/getMe" in captured and "plain message" in captured


def test_token_is_redacted_from_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])
    try:
        raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
    except ValueError:
        logging.getLogger("telegram.ext").exception("start-up failed")
    captured = capsys.readouterr().err
    assert "start-up failed" in captured and "was rejected" in captured and TOKEN not in captured


def test_httpx_request_lines_are_not_logged_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", [TOKEN])
    logging.getLogger("httpx").info(
        'HTTP Request: POST https://api.telegram.org/bot%s/getUpdates "200 OK"', TOKEN
    )
    assert capsys.readouterr().err == ""
