"""Settings from the environment (prefix ``BOT_``), validated once into one typed object.

A bad value must stop start-up with one line that names the variable, so every check lives here
and `describe_error` turns pydantic's report into that line.
"""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.station_status import DEFAULT_VALID_HOURS

ENV_PREFIX = "BOT_"
# The catalogues that ship with the code (places, activities, rewards, categories, ...).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
WECHAT_API_BASE_URL = "https://api.weixin.qq.com"
_TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


class Settings(BaseSettings):
    """Every setting of CONVENTIONS §1; field names are the variable names without the prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    token: SecretStr | None = None
    api_base_url: str = TELEGRAM_API_BASE_URL
    database: Path | str = Path("var/xiaoge.db")  # a SQLite file, or a postgresql:// URL (a str)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    admin_chat_id: int | None = None
    stations_file: Path = Path("data/stations.yaml")
    timezone: str = "Asia/Shanghai"
    default_language: Literal["zh", "en"] = "zh"
    geocoder: Literal["offline", "nominatim", "baidu"] = "offline"
    geocoder_key: SecretStr | None = None
    heat_provider: str = "open-meteo"
    heat_check_times: Annotated[tuple[time, ...], NoDecode] = (time(7, 0), time(11, 0))
    broadcast_rate: float = Field(default=25, gt=0, le=1000)  # above ~30 Telegram answers 429s
    admin_chat_per_minute: float = Field(default=20, gt=0)  # Telegram allows a group about 20 a minute
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    location_retention_days: int = Field(default=30, ge=1, le=365)
    station_status_valid_hours: int = Field(default=DEFAULT_VALID_HOURS, ge=1, le=168)
    web_port: int | None = Field(default=None, ge=1, le=65535)
    web_host: str = "127.0.0.1"
    public_url: str | None = None
    map_tiles: Literal["osm", "amap", "none"] = "osm"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1:8443"
    webhook_secret: SecretStr | None = None
    wechat_token: SecretStr | None = None
    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None
    wechat_api_base_url: str = WECHAT_API_BASE_URL
    wechat_template_id: str | None = None
    wechat_admin_openids: Annotated[frozenset[str], NoDecode] = frozenset()

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_PATTERN.match(value.get_secret_value()):
            raise ValueError("is not a Telegram bot token (expected digits, a colon, then letters)")
        return value

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("wechat_api_base_url")
    @classmethod
    def _wechat_http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("wechat_token")
    @classmethod
    def _wechat_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """The server token of the WeChat console: 3 to 32 letters and digits."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9]{3,32}", value.get_secret_value()):
            raise ValueError("must be 3 to 32 letters or digits (the token set in the WeChat console)")
        return value

    @field_validator("wechat_aes_key")
    @classmethod
    def _encoding_aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        """EncodingAESKey: 43 letters and digits, the base64 of a 32-byte AES key without its '='."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9]{43}", value.get_secret_value()):
            raise ValueError("must be the 43-character EncodingAESKey of the WeChat console")
        return value

    @field_validator("wechat_admin_openids", mode="before")
    @classmethod
    def _comma_separated_openids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            bad = [part for part in parts if not part.lstrip("-").isdigit()]
            if bad:
                raise ValueError(f"{bad[0]!r} is not a Telegram user id (comma-separated numbers expected)")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("database", mode="before")
    @classmethod
    def _sqlite_path_or_postgres_url(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if "://" not in value:
            if not value.strip():
                raise ValueError("is empty (a SQLite file path or a postgresql:// URL)")
            return Path(value)
        scheme = value.partition("://")[0]
        if scheme not in ("postgresql", "postgres"):
            raise ValueError(f"{scheme}:// is not supported (a SQLite file path or a postgresql:// URL)")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ValueError("is not a valid postgresql:// URL") from None
        if not parts.hostname and "host=" not in parts.query:
            raise ValueError("names no host (postgresql://USER@HOST:PORT/DATABASE)")
        if not parts.path.strip("/"):
            raise ValueError("names no database (postgresql://USER@HOST:PORT/DATABASE)")
        return value

    @field_validator("stations_file")
    @classmethod
    def _stations_file_exists(cls, value: Path) -> Path:
        if not value.is_file():
            raise ValueError(f"file {str(value)!r} does not exist")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Asia/Shanghai") from None
        return value

    @field_validator("heat_provider")
    @classmethod
    def _heat_provider(cls, value: str) -> str:
        if value in ("open-meteo", "none"):
            return value
        if value.startswith("fixture:"):
            if not Path(value.removeprefix("fixture:")).is_file():
                raise ValueError(f"fixture file {value.removeprefix('fixture:')!r} does not exist")
            return value
        raise ValueError("must be open-meteo, none or fixture:PATH")

    @field_validator("heat_check_times", mode="before")
    @classmethod
    def _check_times(cls, value: object) -> object:
        """ "07:00,11:00" -> sorted local times of day; each at most once."""
        if not isinstance(value, str):
            return value
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            raise ValueError("needs at least one time of day (HH:MM, comma-separated)")
        times = []
        for part in parts:
            match = re.fullmatch(r"(\d{1,2}):(\d{2})", part)
            if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                raise ValueError(f"{part!r} is not a time of day (HH:MM, comma-separated, e.g. 07:00,11:00)")
            times.append(time(int(match.group(1)), int(match.group(2))))
        if len(set(times)) != len(times):
            raise ValueError("names the same time twice")
        return tuple(sorted(times))

    @field_validator("web_host")
    @classmethod
    def _ip_address(cls, value: str) -> str:
        """An address to listen on; 0.0.0.0 serves the map on every interface."""
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address such as 127.0.0.1 or 0.0.0.0") from None
        return value

    @field_validator("public_url")
    @classmethod
    def _https_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// address (Telegram opens Mini Apps over https only)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("must be an https:// address (Telegram posts updates over https only)")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _host_and_port(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"{value!r} is not HOST:PORT with an IP address, e.g. 127.0.0.1:8443") from None
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError(f"{value!r} is not HOST:PORT with a port from 1 to 65535")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram's secret_token: 1-256 characters, letters, digits, _ and - only."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("must be 1 to 256 letters, digits, _ or -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url is not None and self.webhook_secret is None:
            raise ValueError("BOT_WEBHOOK_URL needs BOT_WEBHOOK_SECRET (checked on every request)")
        return self

    @model_validator(mode="after")
    def _wechat_complete(self) -> Settings:
        """WeChat is on with its three credentials; one or two of them is a mistake, not a choice."""
        given = {
            "BOT_WECHAT_TOKEN": self.wechat_token,
            "BOT_WECHAT_APP_ID": self.wechat_app_id,
            "BOT_WECHAT_APP_SECRET": self.wechat_app_secret,
        }
        missing = [name for name, value in given.items() if not value]
        if 0 < len(missing) < len(given):
            raise ValueError(f"{missing[0]} is not set (WeChat needs its token, app id and app secret)")
        if not missing and self.web_port is None:
            raise ValueError("BOT_WEB_PORT is not set (WeChat posts messages to /wechat on that port)")
        return self

    @property
    def wechat_enabled(self) -> bool:
        return self.wechat_token is not None

    @property
    def webhook_address(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host, int(port)

    @model_validator(mode="after")
    def _geocoder_needs_key(self) -> Settings:
        if self.geocoder == "baidu" and self.geocoder_key is None:
            raise ValueError("BOT_GEOCODER=baidu needs BOT_GEOCODER_KEY")
        return self

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def station_status_validity(self) -> timedelta:
        return timedelta(hours=self.station_status_valid_hours)

    @property
    def file_base_url(self) -> str:
        """PTB's base_file_url that matches api_base_url (``.../bot`` -> ``.../file/bot``)."""
        root, _, last = self.api_base_url.rstrip("/").rpartition("/")
        return f"{root}/file/{last}"


class ConfigurationError(Exception):
    """A setting is missing or wrong; str() is the one line printed before exiting with code 2."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError(describe_error(error)) from None


def describe_error(error: ValidationError) -> str:
    """One line naming the variable and the problem, without echoing secret values."""
    first = error.errors()[0]
    location = first.get("loc") or ()
    variable = ENV_PREFIX + str(location[0]).upper() if location else "configuration"
    message = str(first.get("msg", "is invalid")).removeprefix("Value error, ")
    if first.get("type") == "literal_error":
        message = f"must be {first.get('ctx', {}).get('expected', 'one of the allowed values')}"
    if not location and message.startswith(ENV_PREFIX):
        return f"configuration error: {message}"
    return f"configuration error: {variable}: {message}"
