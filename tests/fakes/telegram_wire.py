"""The fake Bot API's wire rules: request bodies, Telegram's HTML parse mode, keyboards, errors.

Telegram's HTML rules follow tdlib's parser (its error texts, UTF-8 byte offsets, UTF-16 entity
offsets) with one deliberate strictness: an `&` that does not start `&lt;`, `&gt;`, `&amp;`,
`&quot;` or a numeric reference is refused, where Telegram would show it as text. A renderer
that forgets `html.escape` is caught by that rule. Markdown parse modes are not parsed (the
project sends HTML): their raw text is measured.
"""

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

from aiohttp import web

# PTB JSON-encodes every non-str value; only these fields are decoded back.
OBJECT_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "allowed_updates",
        "commands",
        "scope",
        "media",
        "results",
    }
)
INTEGER_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "from_chat_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
        "cache_time",
    }
)
BOOLEAN_FIELDS = frozenset(
    {
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
        "disable_content_type_detection",
    }
)

TAG_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_START_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_ATTRIBUTE = re.compile(r"([^\s=>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str


class BotApiError(Exception):
    """An error answer: HTTP status, Telegram's description and optional `parameters`."""

    def __init__(
        self, status: int, description: str, parameters: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters or {})

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {detail}")


async def read_parameters(
    request: web.Request,
) -> tuple[dict[str, object], dict[str, UploadedFile]]:
    """The query string and body of a Bot API request, normalised, and its uploaded files."""
    raw: dict[str, object] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json" and request.can_read_body:
        try:
            decoded: object = await request.json()
        except ValueError as error:
            raise bad_request("can't parse JSON encoded request parameters") from error
        if not isinstance(decoded, dict):
            raise bad_request("request body must be a JSON object")
        raw.update(decoded)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(
                    filename=value.filename,
                    data=value.file.read(),
                    content_type=value.content_type,
                )
            else:
                raw[name] = value if isinstance(value, str) else value.decode()
    return normalise(raw), files


def normalise(raw: Mapping[str, object]) -> dict[str, object]:
    """Decode the known JSON object fields and numeric ids; leave text and captions alone."""
    params: dict[str, object] = {}
    for name, value in raw.items():
        if isinstance(value, str) and name in OBJECT_FIELDS:
            try:
                value = json.loads(value)
            except json.JSONDecodeError as error:
                raise bad_request(f"can't parse {name} JSON object") from error
        elif isinstance(value, str) and name in INTEGER_FIELDS and _INTEGER.fullmatch(value):
            value = int(value)
        elif isinstance(value, str) and name in BOOLEAN_FIELDS and value in ("true", "false"):
            value = value == "true"
        params[name] = value
    return params


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def formatted_text(
    text: str, parse_mode: object, entities: object
) -> tuple[str, list[dict[str, object]]]:
    """The text Telegram would show and its entities, whitespace trimmed as Telegram does."""
    if parse_mode is not None and str(parse_mode).lower() == "html":
        plain, found = parse_html(text)
    else:
        plain = text
        found = [dict(entity) for entity in entities] if isinstance(entities, list) else []
    stripped = plain.lstrip()
    shift = utf16_length(plain) - utf16_length(stripped)
    stripped = stripped.rstrip()
    end = utf16_length(stripped)
    kept: list[dict[str, object]] = []
    for entity in found:
        start = max(_int(entity.get("offset")) - shift, 0)
        stop = min(_int(entity.get("offset")) + _int(entity.get("length")) - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


def parse_html(text: str) -> tuple[str, list[dict[str, object]]]:
    """Telegram's HTML parse mode: the plain text and its entities, or BotApiError 400."""
    parts: list[str] = []
    entities: list[dict[str, object]] = []
    open_tags: list[tuple[str, int, dict[str, object]]] = []  # name, UTF-16 start, entity
    position = index = 0
    while index < len(text):
        char = text[index]
        if char == "<" and text.startswith("</", index):
            index = _close_tag(text, index, open_tags, entities, position)
        elif char == "<":
            name, attributes, index = _open_tag(text, index)
            open_tags.append((name, position, _entity_for(name, attributes)))
        elif char == "&":
            decoded, index = _reference(text, index)
            parts.append(decoded)
            position += utf16_length(decoded)
        else:
            stop = min(
                (i for i in (text.find("<", index), text.find("&", index)) if i >= 0),
                default=len(text),
            )
            parts.append(text[index:stop])
            position += utf16_length(text[index:stop])
            index = stop
    if open_tags:
        _fail(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    return "".join(parts), sorted(entities, key=lambda entity: _int(entity["offset"]))


def _open_tag(text: str, index: int) -> tuple[str, dict[str, str], int]:
    match = _START_TAG.match(text, index)
    if match is None:
        partial = re.match(r"<([A-Za-z0-9-]*)", text[index:])
        if partial and partial.group(1) and ">" not in text[index:]:
            _fail(f"Unclosed start tag at byte offset {_byte_offset(text, index)}")
        _fail(
            f'Unsupported start tag "{partial.group(1) if partial else ""}" '
            f"at byte offset {_byte_offset(text, index)}"
        )
    name = match.group(1).lower()
    attributes = {
        key.lower(): html.unescape(next((v for v in values if v), ""))
        for key, *values in _ATTRIBUTE.findall(match.group(2))
    }
    if name not in TAG_ENTITIES:
        _fail(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, index)}')
    if name == "span" and attributes.get("class") != "tg-spoiler":
        _fail(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, index)}'
        )
    return name, attributes, match.end()


def _close_tag(
    text: str,
    index: int,
    open_tags: list[tuple[str, int, dict[str, object]]],
    entities: list[dict[str, object]],
    position: int,
) -> int:
    match = _END_TAG.match(text, index)
    offset = _byte_offset(text, index)
    if not open_tags:
        _fail(f"Unexpected end tag at byte offset {offset}")
    if match is None:
        _fail(f"Unclosed end tag at byte offset {offset}")
    name, start, entity = open_tags.pop()
    if match.group(1).lower() != name:
        _fail(
            f'Unmatched end tag at byte offset {offset}, expected "</{name}>", '
            f'found "</{match.group(1)}>"'
        )
    if position > start:
        entities.append({**entity, "offset": start, "length": position - start})
    return match.end()


def _entity_for(name: str, attributes: Mapping[str, str]) -> dict[str, object]:
    entity: dict[str, object] = {"type": TAG_ENTITIES[name]}
    if name == "a":
        entity["url"] = attributes.get("href", "")
    elif name == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attributes.get("emoji-id", "")
    return entity


def _reference(text: str, index: int) -> tuple[str, int]:
    match = _REFERENCE.match(text, index)
    if match is None:
        _fail(
            f'bare "&" at byte offset {_byte_offset(text, index)} (escape it as &amp;; '
            "this fake is stricter than Telegram here)"
        )
    named, decimal, hexadecimal = match.groups()
    if named:
        return NAMED_REFERENCES[named], match.end()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        _fail(f"Invalid character reference at byte offset {_byte_offset(text, index)}")
    return chr(code), match.end()


def check_inline_keyboard(markup: object) -> None:
    """Refuse what Telegram refuses in an inline keyboard: empty text, bad callback_data."""
    if not isinstance(markup, Mapping) or "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('can\'t parse inline keyboard: field "inline_keyboard" must be an Array')
    for button in (button for row in rows for button in row):
        if not isinstance(button, Mapping) or not str(button.get("text", "")).strip():
            raise bad_request("BUTTON_TEXT_INVALID")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
        if not any(key != "text" for key in button):
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )


def _fail(detail: str) -> NoReturn:
    raise bad_request(f"can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def integer(params: Mapping[str, object], key: str, default: int) -> int:
    value = params.get(key, default)
    return value if isinstance(value, int) else default
