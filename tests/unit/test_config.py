"""Settings: defaults, parsing, and the one-line errors that stop start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigurationError, load_settings

STATIONS = str(Path(__file__).resolve().parents[2] / "pyproject.toml")  # any existing file


@pytest.fixture(autouse=True)
def existing_stations_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_STATIONS_FILE", STATIONS)


def test_defaults_follow_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.token is None
    assert settings.timezone == "Asia/Shanghai" and settings.default_language == "zh"
    assert settings.database == Path("var/xiaoge.db")
    assert settings.geocoder == "offline" and settings.broadcast_rate == 25
    assert settings.admin_ids == frozenset()


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_ADMIN_IDS", "1, 22,333")
    assert load_settings().admin_ids == frozenset({1, 22, 333})


def test_file_base_url_follows_the_api_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_API_BASE_URL", "http://127.0.0.1:8081/bot")
    assert load_settings().file_base_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("BOT_ADMIN_IDS", "abc", "BOT_ADMIN_IDS: 'abc' is not a Telegram user id"),
        (
            "BOT_STATIONS_FILE",
            "/nowhere/stations.yaml",
            "BOT_STATIONS_FILE: file '/nowhere/stations.yaml' does not exist",
        ),
        ("BOT_GEOCODER", "google", "BOT_GEOCODER: must be 'offline', 'nominatim' or 'baidu'"),
        ("BOT_TIMEZONE", "Mars/Olympus", "BOT_TIMEZONE: 'Mars/Olympus' is not an IANA time zone"),
        ("BOT_DEFAULT_LANGUAGE", "fr", "BOT_DEFAULT_LANGUAGE: must be 'zh' or 'en'"),
        ("BOT_BROADCAST_RATE", "5000", "BOT_BROADCAST_RATE:"),
        ("BOT_HEAT_PROVIDER", "weather.com", "BOT_HEAT_PROVIDER: must be open-meteo, none or fixture:PATH"),
        ("BOT_PUBLIC_URL", "http://example.org", "BOT_PUBLIC_URL: must be an https:// address"),
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN: is not a Telegram bot token"),
        ("BOT_ADMIN_CHAT_ID", "group", "BOT_ADMIN_CHAT_ID:"),
        ("BOT_WEBHOOK_URL", "http://example.org/tg", "BOT_WEBHOOK_URL: must be an https:// address"),
        ("BOT_WEBHOOK_LISTEN", "localhost", "BOT_WEBHOOK_LISTEN: 'localhost' is not HOST:PORT"),
        ("BOT_WEBHOOK_LISTEN", "127.0.0.1:99999", "BOT_WEBHOOK_LISTEN: '127.0.0.1:99999' is not HOST:PORT"),
        ("BOT_WEBHOOK_SECRET", "has spaces", "BOT_WEBHOOK_SECRET: must be 1 to 256 letters"),
    ],
)
def test_a_bad_value_gives_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    line = str(raised.value)
    assert "\n" not in line
    assert line.startswith("configuration error: ") and expected in line


def test_a_rejected_token_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "12345:secret value with spaces")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert "secret" not in str(raised.value)


def test_baidu_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_GEOCODER", "baidu")
    with pytest.raises(ConfigurationError, match="BOT_GEOCODER_KEY"):
        load_settings()


def test_a_webhook_needs_its_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_WEBHOOK_URL", "https://bot.example.org/telegram")
    with pytest.raises(ConfigurationError, match="BOT_WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("BOT_WEBHOOK_SECRET", "abc_DEF-123")
    assert load_settings().webhook_address == ("127.0.0.1", 8443)


def test_wechat_needs_its_three_credentials_and_the_web_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_WECHAT_TOKEN", "xiaoge123")
    with pytest.raises(ConfigurationError, match="BOT_WECHAT_APP_ID is not set"):
        load_settings()
    monkeypatch.setenv("BOT_WECHAT_APP_ID", "wx123")
    monkeypatch.setenv("BOT_WECHAT_APP_SECRET", "s3cret")
    with pytest.raises(ConfigurationError, match="BOT_WEB_PORT is not set"):
        load_settings()
    monkeypatch.setenv("BOT_WEB_PORT", "8080")
    monkeypatch.setenv("BOT_WECHAT_ADMIN_OPENIDS", "oA, oB")
    settings = load_settings()
    assert settings.wechat_enabled and settings.wechat_admin_openids == frozenset({"oA", "oB"})
    assert settings.wechat_api_base_url == "https://api.weixin.qq.com"


def test_a_wrong_encoding_aes_key_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_WECHAT_AES_KEY", "short")
    with pytest.raises(ConfigurationError, match="BOT_WECHAT_AES_KEY: must be the 43-character"):
        load_settings()
