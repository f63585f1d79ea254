"""Every user-visible string comes from the Fluent catalogues in bot/locales/<language>/.

Arguments are HTML-escaped on the way in, because every message is sent with parse_mode HTML
and user text (names, descriptions, places) must never be able to break or inject markup.
Pass an `Html` value for an argument that is already safe markup.
"""

from __future__ import annotations

import functools
import html
import logging
from importlib import resources
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from bot.users import SUPPORTED_LANGUAGES

_LOGGER = logging.getLogger(__name__)


class Html(str):
    """Markup built by the bot itself from catalogue strings; not escaped again."""

    __slots__ = ()


def escape(value: object) -> Html:
    return Html(html.escape(str(value), quote=False))


class Translator:
    def __init__(self, default_language: str) -> None:
        self.default_language = default_language
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        for language in SUPPORTED_LANGUAGES:
            bundle = FluentBundle([language], use_isolating=False)
            keys: set[str] = set()
            folder = resources.files("bot.locales").joinpath(language)
            for entry in sorted(folder.iterdir(), key=lambda item: item.name):
                if entry.name.endswith(".ftl"):
                    resource = FluentResource(entry.read_text(encoding="utf-8"))
                    keys.update(item.id.name for item in resource.body if hasattr(item, "id"))
                    bundle.add_resource(resource)
            self._bundles[language] = bundle
            self._keys[language] = keys

    def keys(self, language: str) -> set[str]:
        return set(self._keys[language])

    def __call__(self, language: str, key: str, **args: Any) -> Html:
        if not args:
            return self._static(language, key)
        return self._format(language, key, args)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Translator per process, and it lives as long
    def _static(self, language: str, key: str) -> Html:
        """Messages without arguments (button labels, service names) are formatted once."""
        return self._format(language, key, {})

    def _format(self, language: str, key: str, args: dict[str, Any]) -> Html:
        bundle = self._bundles.get(language) or self._bundles[self.default_language]
        if not bundle.has_message(key):
            _LOGGER.error("missing message %r in %r", key, language)
            bundle = self._bundles[self.default_language]
            if not bundle.has_message(key):
                return Html(key)
        message = bundle.get_message(key)
        if message.value is None:  # a message with attributes only; the catalogues have none
            return Html(key)
        safe_args = {name: _safe(name, value) for name, value in args.items()}
        text, errors = bundle.format_pattern(message.value, safe_args)
        for error in errors:
            _LOGGER.error("message %r in %r: %s", key, language, error)
        return Html(text)


def _is_identifier(name: str) -> bool:
    return name in ("id", "number") or name.endswith("_id")


def _safe(name: str, value: Any) -> Any:
    if _is_identifier(name) and isinstance(value, int):
        return str(value)  # Fluent would group digits: an id reads "10001", never "10,001"
    if isinstance(value, Html) or not isinstance(value, str):
        return value
    return html.escape(value, quote=False)
