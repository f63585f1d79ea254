"""What Telegram accepts: Bot API specification look-ups and the validation Telegram does before sending.

The emulator answers 400 wherever Telegram would, so a bug fails our tests instead of our users. The method
and parameter knowledge comes from api.json (Bot API as data); the rules Telegram only states in prose
(parse modes, keyboards, command names) are written out here.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SPEC_PATH_VARIABLE = "BOT_API_SPEC"

Json = dict[str, Any]


class InvalidRequest(Exception):
    """A request Telegram refuses with 400; the message is the description after "Bad Request: "."""


@dataclass(frozen=True)
class MethodSpec:
    name: str
    field_types: Mapping[str, tuple[str, ...]]
    required: frozenset[str]


@dataclass(frozen=True)
class ApiSpec:
    version: str
    methods_by_lower_name: Mapping[str, MethodSpec]
    inline_button_actions: frozenset[str]

    def method(self, name: str) -> MethodSpec | None:
        """Telegram matches method names case-insensitively."""
        return self.methods_by_lower_name.get(name.lower())


def default_spec_path() -> Path:
    """The Bot API 10.1 spec shipped beside this module (MIT, PaulSonOfLars/telegram-bot-api-spec)."""
    return Path(__file__).with_name("telegram-bot-api") / "api.json"


@functools.cache
def load_spec() -> ApiSpec | None:
    """Loads api.json once; None when BOT_API_SPEC names a missing file, so that only the hand-written
    checks apply."""
    path = Path(os.environ.get(SPEC_PATH_VARIABLE) or default_spec_path())
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    methods = {}
    for name, method in data["methods"].items():
        fields = method.get("fields", [])
        methods[name.lower()] = MethodSpec(
            name=name,
            field_types={field["name"]: tuple(field["types"]) for field in fields},
            required=frozenset(field["name"] for field in fields if field["required"]),
        )
    button_fields = {field["name"] for field in data["types"]["InlineKeyboardButton"]["fields"]}
    return ApiSpec(
        version=data["version"],
        methods_by_lower_name=methods,
        inline_button_actions=frozenset(button_fields - _INLINE_BUTTON_DECORATIONS),
    )


# The InlineKeyboardButton fields that are not actions; the spec says exactly one of the others must be set.
_INLINE_BUTTON_DECORATIONS = frozenset({"text", "icon_custom_emoji_id", "style"})
_INLINE_BUTTON_ACTIONS_WITHOUT_SPEC = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

# Types of the parameters the emulator reads, used when api.json is absent or does not know a parameter.
_FALLBACK_FIELD_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("chat_id", "from_chat_id"),
        ("Integer", "String"),
    ),
    **dict.fromkeys(
        ("message_id", "user_id", "offset", "limit", "timeout", "live_period", "duration", "cache_time"),
        ("Integer",),
    ),
    **dict.fromkeys(("latitude", "longitude", "horizontal_accuracy"), ("Float",)),
    **dict.fromkeys(("show_alert", "disable_notification", "protect_content"), ("Boolean",)),
    **dict.fromkeys(("photo", "document", "voice"), ("InputFile", "String")),
    "reply_markup": ("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply"),
    "entities": ("Array of MessageEntity",),
    "caption_entities": ("Array of MessageEntity",),
    "media": ("Array of InputMediaPhoto",),
    "commands": ("Array of BotCommand",),
    "scope": ("BotCommandScope",),
    "allowed_updates": ("Array of String",),
    "menu_button": ("MenuButton",),
    "reply_parameters": ("ReplyParameters",),
    "link_preview_options": ("LinkPreviewOptions",),
}


def field_types(spec: ApiSpec | None, method: str, name: str) -> tuple[str, ...]:
    method_spec = spec.method(method) if spec else None
    if method_spec and name in method_spec.field_types:
        return method_spec.field_types[name]
    return _FALLBACK_FIELD_TYPES.get(name, ("String",))


def decode_parameter(types: tuple[str, ...], name: str, value: str) -> Any:
    """Turns a form value into what it stands for: PTB JSON-encodes every value that is not a string."""
    if "InputFile" in types or types == ("String",):
        return value
    if "Integer" in types:
        try:
            return int(value)
        except ValueError:
            if "String" in types:
                return value
            raise InvalidRequest(f'invalid parameter "{name}": an integer is expected') from None
    if types == ("Float",):
        try:
            return float(value)
        except ValueError:
            raise InvalidRequest(f'invalid parameter "{name}": a number is expected') from None
    if types == ("Boolean",):
        if value.lower() in ("true", "1"):
            return True
        if value.lower() in ("false", "0"):
            return False
        raise InvalidRequest(f'invalid parameter "{name}": a boolean is expected')
    try:
        return json.loads(value)
    except ValueError:
        if name == "reply_markup":
            raise InvalidRequest("can't parse reply keyboard markup JSON object") from None
        raise InvalidRequest(f"can't parse {name} JSON object") from None


# ---------------------------------------------------------------------------------------------------------
# Formatted text


@dataclass(frozen=True)
class FormattedText:
    """Telegram keeps the plain text and entities (offsets in UTF-16 code units), not the markup."""

    text: str
    entities: list[Json]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_formatted(text: str, parse_mode: str | None) -> FormattedText:
    """Parses text as Telegram does for the parse mode; raises InvalidRequest where Telegram answers 400."""
    mode = (parse_mode or "").lower()
    if mode == "":
        formatted = FormattedText(text, [])
    elif mode == "html":
        formatted = _HtmlParser(text).parse()
    elif mode == "markdownv2":
        formatted = _MarkdownV2Parser(text).parse()
    elif mode == "markdown":
        formatted = _parse_legacy_markdown(text)
    else:
        raise InvalidRequest("unsupported parse_mode")
    return _trimmed(formatted)


def _trimmed(formatted: FormattedText) -> FormattedText:
    """Telegram strips surrounding white space and moves the entities along."""
    text = formatted.text
    leading = utf16_length(text) - utf16_length(text.lstrip())
    stripped = text.strip()
    limit = utf16_length(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - leading, 0)
        end = min(entity["offset"] + entity["length"] - leading, limit)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)


class _PlainTextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0  # in UTF-16 code units, as entity offsets are

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_length(text)

    def text(self) -> str:
        return "".join(self.parts)


def _byte_offset(text: str, index: int) -> int:
    """Telegram's parse errors name UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    start: int  # UTF-16 offset in the plain text
    byte_offset: int
    language: str = ""


_HTML_TAG_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_HTML_NAME = re.compile(r"[a-zA-Z0-9-]+")
_HTML_ATTRIBUTE_NAME = re.compile(r"[a-zA-Z0-9_-]+")


class _HtmlParser:
    """Telegram's HTML subset: the allowed tags properly nested, and & < > escaped everywhere else."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0
        self.plain = _PlainTextBuilder()
        self.open_tags: list[_OpenTag] = []
        self.entities: list[Json] = []

    def fail(self, problem: str, index: int) -> InvalidRequest:
        return InvalidRequest(
            f"can't parse entities: {problem} at byte offset {_byte_offset(self.source, index)}"
        )

    def parse(self) -> FormattedText:
        source = self.source
        while self.position < len(source):
            char = source[self.position]
            if char == "&":
                self.plain.add(self.read_entity())
            elif char == "<" and source.startswith("</", self.position):
                self.read_end_tag()
            elif char == "<":
                self.read_start_tag()
            elif char == ">":
                raise self.fail('Unescaped ">", use "&gt;"', self.position)
            else:
                self.plain.add(char)
                self.position += 1
        if self.open_tags:
            raise InvalidRequest(
                "can't parse entities: Can't find end tag corresponding to start tag "
                f'"{self.open_tags[-1].name}"'
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return FormattedText(self.plain.text(), self.entities)

    def read_entity(self) -> str:
        match = _HTML_ENTITY.match(self.source, self.position)
        if match is None:
            raise self.fail('Unescaped "&", use "&amp;"', self.position)
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            if name.lower() not in _HTML_NAMED_ENTITIES:
                raise self.fail(f'Unsupported HTML entity "&{name};"', self.position)
            decoded = _HTML_NAMED_ENTITIES[name.lower()]
        else:
            code_point = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if not 0 < code_point <= 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
                raise self.fail("Invalid character reference", self.position)
            decoded = chr(code_point)
        self.position = match.end()
        return decoded

    def read_start_tag(self) -> None:
        tag_start = self.position
        name_match = _HTML_NAME.match(self.source, tag_start + 1)
        if name_match is None:
            raise self.fail('Unescaped "<", use "&lt;"', tag_start)
        name = name_match.group().lower()
        if name not in _HTML_TAG_ENTITY_TYPES:
            raise self.fail(f'Unsupported start tag "{name}"', tag_start)
        self.position = name_match.end()
        attributes = self.read_attributes(name, tag_start)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise self.fail('Tag "span" must have class "tg-spoiler"', tag_start)
        if name == "tg-emoji" and not attributes.get("emoji-id"):
            raise self.fail('Tag "tg-emoji" must have attribute "emoji-id"', tag_start)
        self.open_tags.append(
            _OpenTag(name, attributes, self.plain.offset, _byte_offset(self.source, tag_start))
        )

    def read_attributes(self, tag: str, tag_start: int) -> dict[str, str]:
        source = self.source
        attributes: dict[str, str] = {}
        while True:
            while self.position < len(source) and source[self.position].isspace():
                self.position += 1
            if self.position >= len(source):
                raise self.fail("Unclosed start tag", tag_start)
            if source[self.position] == ">":
                self.position += 1
                return attributes
            name_match = _HTML_ATTRIBUTE_NAME.match(source, self.position)
            if name_match is None:
                raise self.fail(f'Empty attribute name in the tag "{tag}"', self.position)
            self.position = name_match.end()
            attributes[name_match.group().lower()] = self.read_attribute_value(tag_start)

    def read_attribute_value(self, tag_start: int) -> str:
        source = self.source
        if not source.startswith("=", self.position):
            return ""
        self.position += 1
        if self.position >= len(source):
            raise self.fail("Unclosed start tag", tag_start)
        quote = source[self.position]
        if quote in "\"'":
            end = source.find(quote, self.position + 1)
            if end < 0:
                raise self.fail("Unclosed start tag", tag_start)
            raw, self.position = source[self.position + 1 : end], end + 1
        else:
            match = re.compile(r"[^\s>]*").match(source, self.position)
            assert match is not None  # the pattern matches the empty string
            raw, self.position = match.group(), match.end()
        return _decode_attribute(raw)

    def read_end_tag(self) -> None:
        tag_start = self.position
        end = self.source.find(">", tag_start)
        if end < 0:
            raise self.fail("Unclosed end tag", tag_start)
        name = self.source[tag_start + 2 : end].strip().lower()
        if not self.open_tags:
            raise self.fail("Unexpected end tag", tag_start)
        open_tag = self.open_tags.pop()
        if name != open_tag.name:
            raise self.fail(
                f'Unmatched end tag, expected "</{open_tag.name}>", found "</{name}>"',
                tag_start,
            )
        self.position = end + 1
        self.close(open_tag)

    def close(self, tag: _OpenTag) -> None:
        parent = self.open_tags[-1] if self.open_tags else None
        language = tag.attributes.get("class", "")
        if tag.name == "code" and parent is not None and parent.name == "pre":
            parent.language = language.removeprefix("language-") if language.startswith("language-") else ""
            return  # <pre><code class="language-x"> is one pre entity with a language
        length = self.plain.offset - tag.start
        if length == 0:
            return
        entity: Json = {"type": _HTML_TAG_ENTITY_TYPES[tag.name], "offset": tag.start, "length": length}
        if tag.name == "a":
            href = tag.attributes.get("href", "")
            if not href:
                return
            entity["url"] = href
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        self.entities.append(entity)


def _decode_attribute(raw: str) -> str:
    """Telegram keeps a bare "&" in an attribute (URLs are full of them) and decodes the entities it knows."""

    def decoded(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            return _HTML_NAMED_ENTITIES.get(name.lower(), match.group())
        code_point = int(decimal) if decimal is not None else int(hexadecimal, 16)
        return (
            chr(code_point)
            if 0 < code_point <= 0x10FFFF and not 0xD800 <= code_point <= 0xDFFF
            else match.group()
        )

    return _HTML_ENTITY.sub(decoded, raw)


_MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MARKDOWN_V2_TOGGLES = {"||": "spoiler", "__": "underline", "*": "bold", "_": "italic", "~": "strikethrough"}
_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "code": "Code",
    "pre": "Pre",
}


class _MarkdownV2Parser:
    """MarkdownV2: every reserved character outside markup must be escaped with a backslash."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0
        self.plain = _PlainTextBuilder()
        self.open_entities: list[_OpenTag] = []
        self.entities: list[Json] = []
        self.quote_start: int | None = None

    def fail(self, problem: str, index: int) -> InvalidRequest:
        return InvalidRequest(
            f"can't parse entities: {problem} at byte offset {_byte_offset(self.source, index)}"
        )

    def parse(self) -> FormattedText:
        source = self.source
        while self.position < len(source):
            char = source[self.position]
            at_line_start = self.position == 0 or source[self.position - 1] == "\n"
            if char == "\\" and self.position + 1 < len(source) and 0 < ord(source[self.position + 1]) <= 126:
                self.plain.add(source[self.position + 1])
                self.position += 2
            elif char == "`":
                self.read_code()
            elif char == "!" and source.startswith("![", self.position):
                self.open("custom_emoji", self.position)
                self.position += 2
            elif char == "[":
                self.open("text_link", self.position)
                self.position += 1
            elif (
                char == "]"
                and self.open_entities
                and self.open_entities[-1].name in ("text_link", "custom_emoji")
            ):
                self.close_link()
            elif char == ">" and at_line_start:
                if self.quote_start is None:
                    self.quote_start = self.plain.offset
                self.position += 1
            elif toggle := self.toggle_at(self.position):
                self.toggle(_MARKDOWN_V2_TOGGLES[toggle])
                self.position += len(toggle)
            elif char in _MARKDOWN_V2_RESERVED:
                raise InvalidRequest(
                    f"can't parse entities: Character '{char}' is reserved and must be escaped with the "
                    "preceding '\\'"
                )
            else:
                if char == "\n" and not self.source.startswith(">", self.position + 1):
                    self.close_quote()
                self.plain.add(char)
                self.position += 1
        self.close_quote()
        if self.open_entities:
            unclosed = self.open_entities[-1]
            raise InvalidRequest(
                f"can't parse entities: Can't find end of {_ENTITY_NAMES[unclosed.name]} entity "
                f"at byte offset {unclosed.byte_offset}"
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return FormattedText(self.plain.text(), self.entities)

    def toggle_at(self, index: int) -> str | None:
        return next(
            (marker for marker in _MARKDOWN_V2_TOGGLES if self.source.startswith(marker, index)), None
        )

    def open(self, kind: str, index: int) -> None:
        self.open_entities.append(_OpenTag(kind, {}, self.plain.offset, _byte_offset(self.source, index)))

    def toggle(self, kind: str) -> None:
        if self.open_entities and self.open_entities[-1].name == kind:
            self.add_entity(self.open_entities.pop(), {})
        elif any(entity.name == kind for entity in self.open_entities):
            inner = self.open_entities[-1]
            raise InvalidRequest(
                f"can't parse entities: Can't find end of {_ENTITY_NAMES[inner.name]} entity "
                f"at byte offset {inner.byte_offset}"
            )
        else:
            self.open(kind, self.position)

    def add_entity(self, opened: _OpenTag, extra: Json) -> None:
        length = self.plain.offset - opened.start
        if length > 0:
            self.entities.append({"type": opened.name, "offset": opened.start, "length": length, **extra})

    def read_code(self) -> None:
        source, start = self.source, self.position
        fence = "```" if source.startswith("```", start) else "`"
        body_start = start + len(fence)
        end = self.find_unescaped(fence, body_start)
        if end < 0:
            kind = "Pre" if fence == "```" else "Code"
            raise self.fail(f"Can't find end of {kind} entity", start)
        body = source[body_start:end]
        extra: Json = {}
        if fence == "```" and "\n" in body:
            language, body = body.split("\n", 1)
            if language.strip():
                extra["language"] = language.strip()
        opened = _OpenTag("pre" if fence == "```" else "code", {}, self.plain.offset, 0)
        self.plain.add(re.sub(r"\\([\\`])", r"\1", body))
        self.add_entity(opened, extra)
        self.position = end + len(fence)

    def find_unescaped(self, needle: str, index: int) -> int:
        while index < len(self.source):
            if self.source[index] == "\\":
                index += 2
            elif self.source.startswith(needle, index):
                return index
            else:
                index += 1
        return -1

    def close_link(self) -> None:
        opened = self.open_entities.pop()
        url_start = self.position + 1
        if not self.source.startswith("(", url_start):
            raise self.fail("Can't find end of a URL", self.position)
        end = self.find_unescaped(")", url_start + 1)
        if end < 0:
            raise self.fail("Can't find end of a URL", url_start)
        url = re.sub(r"\\([\\)])", r"\1", self.source[url_start + 1 : end])
        if opened.name == "custom_emoji":
            extra = {"custom_emoji_id": url.removeprefix("tg://emoji?id=")}
        else:
            extra = {"url": url}
        self.add_entity(opened, extra)
        self.position = end + 1

    def close_quote(self) -> None:
        if self.quote_start is not None:
            quote = _OpenTag("blockquote", {}, self.quote_start, 0)
            self.quote_start = None
            self.add_entity(quote, {})


_LEGACY_MARKDOWN_ENTITY = re.compile(
    r"\*(?P<bold>[^*]*)\*|_(?P<italic>[^_]*)_|```(?P<pre>.*?)```|`(?P<code>[^`]*)`|\[(?P<label>[^\]]*)\]\((?P<url>[^)]*)\)",
    re.DOTALL,
)


def _parse_legacy_markdown(source: str) -> FormattedText:
    """The legacy Markdown mode: no nesting, and a marker without its end is an error."""
    plain = _PlainTextBuilder()
    entities: list[Json] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\" and source[position + 1 : position + 2] in ("_", "*", "`", "["):
            plain.add(source[position + 1])
            position += 2
            continue
        if char not in "*_`[":
            plain.add(char)
            position += 1
            continue
        match = _LEGACY_MARKDOWN_ENTITY.match(source, position)
        if match is None:
            raise InvalidRequest(
                "can't parse entities: Can't find end of the entity starting at byte offset "
                f"{_byte_offset(source, position)}"
            )
        kind = next(
            name for name in ("bold", "italic", "pre", "code", "label") if match.group(name) is not None
        )
        start = plain.offset
        plain.add(match.group(kind))
        if plain.offset > start:
            entity: Json = {"type": "text_link" if kind == "label" else kind, "offset": start}
            entity["length"] = plain.offset - start
            if kind == "label":
                entity["url"] = match.group("url")
            entities.append(entity)
        position = match.end()
    return FormattedText(plain.text(), entities)


# ---------------------------------------------------------------------------------------------------------
# Keyboards and commands

CALLBACK_DATA_MAX_BYTES = 64
_ALLOWED_URL_SCHEMES = ("http://", "https://", "tg://")


def validate_reply_markup(markup: object, spec: ApiSpec | None) -> None:
    """Checks a reply_markup the way Telegram does before it sends anything."""
    if not isinstance(markup, dict):
        raise InvalidRequest("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        actions = spec.inline_button_actions if spec else _INLINE_BUTTON_ACTIONS_WITHOUT_SPEC
        for button in _buttons(markup["inline_keyboard"], "inline keyboard"):
            _validate_inline_button(button, actions)
    elif "keyboard" in markup:
        for button in _buttons(markup["keyboard"], "reply keyboard"):
            if not isinstance(button, str | dict) or (isinstance(button, dict) and not button.get("text")):
                raise InvalidRequest("can't parse keyboard button: Text must be non-empty")
    elif not (markup.get("remove_keyboard") is True or markup.get("force_reply") is True):
        raise InvalidRequest("can't parse reply keyboard markup JSON object")


def _buttons(rows: object, kind: str) -> list[object]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise InvalidRequest(f"can't parse {kind}: field must be an Array of Arrays of buttons")
    return [button for row in rows for button in row]


def _validate_inline_button(button: object, actions: frozenset[str]) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise InvalidRequest('can\'t parse inline keyboard button: Field "text" must be of type String')
    used = [field for field in button if field in actions]
    if not used:
        raise InvalidRequest("text buttons are unallowed in the inline keyboard")
    if len(used) > 1:
        raise InvalidRequest(
            f"can't parse inline keyboard button: exactly one of the optional fields must be used, got {used}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES:
            raise InvalidRequest("BUTTON_DATA_INVALID")
    if "url" in button:
        url = str(button["url"])
        if not url.startswith(_ALLOWED_URL_SCHEMES):
            raise InvalidRequest(f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol")
    if "web_app" in button:
        url = str(button["web_app"].get("url", "")) if isinstance(button["web_app"], dict) else ""
        if not url.startswith("https://"):
            raise InvalidRequest(
                f"inline keyboard button Web App URL '{url}' is invalid: Only HTTPS links are allowed"
            )


_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
MAX_COMMANDS = 100


def validate_commands(commands: object) -> list[Json]:
    """setMyCommands: at most 100 commands, names 1-32 of a-z0-9_, descriptions 1-256 characters."""
    if not isinstance(commands, list):
        raise InvalidRequest("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise InvalidRequest("BOT_COMMANDS_TOO_MUCH")
    validated = []
    for command in commands:
        if not isinstance(command, dict):
            raise InvalidRequest("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
            raise InvalidRequest("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise InvalidRequest("BOT_COMMAND_DESCRIPTION_INVALID")
        validated.append({"command": name, "description": description})
    return validated


_LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def validate_language_code(language_code: object) -> str:
    """Commands are stored per two-letter ISO 639-1 code; "" is the fallback for every language."""
    if language_code in (None, ""):
        return ""
    if not isinstance(language_code, str) or not _LANGUAGE_CODE.fullmatch(language_code):
        raise InvalidRequest("LANG_CODE_INVALID")
    return language_code
