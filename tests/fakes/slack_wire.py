"""The fake Slack Web API's wire rules: request bodies, error answers and Block Kit limits.

Slack reports a Block Kit problem as `invalid_blocks` on chat.* and as `invalid_arguments` on
views.*, each with `[ERROR] <what> [json-pointer:<where>]` lines in
`response_metadata.messages`; the fake answers in the same shape, for the limits the project
can reach (chat-platforms.md, section 3). Other Block Kit rules are not checked.
"""

import json
from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl

from aiohttp import web

Json = dict[str, object]
Params = Mapping[str, object]

# slack-sdk sends these as objects in JSON bodies and as JSON strings in form bodies; the value
# is Slack's error for a string that is not JSON.
MALFORMED = {
    "blocks": "invalid_blocks_format",
    "attachments": "invalid_attachments",
    "view": "invalid_arguments",
    "metadata": "invalid_metadata_format",
}

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # modals and the App Home tab
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
URL_LENGTH = 3000
IDENTIFIER = 255  # action_id, block_id, callback_id, external_id
VIEW_TITLE = 24  # title, submit and close of a modal
PRIVATE_METADATA = 3000

TEXT_METHODS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral"})


class SlackApiFailure(Exception):
    """An error answer: Slack's `error` code, the HTTP status, and optional detail lines."""

    def __init__(
        self,
        error: str,
        *,
        status: int = 200,
        retry_after: int | None = None,
        messages: tuple[str, ...] = (),
    ) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.retry_after = retry_after
        self.messages = messages

    def body(self) -> Json:
        body: Json = {"ok": False, "error": self.error}
        if self.messages:
            body["errors"] = [message.removeprefix("[ERROR] ") for message in self.messages]
            body["response_metadata"] = {"messages": list(self.messages)}
        return body

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}


async def read_parameters(request: web.Request) -> Json:
    """The query string and the JSON or form body of a Web API call, object fields decoded."""
    params: Json = dict(request.query)
    if request.content_type == "application/json" and request.can_read_body:
        try:
            decoded: object = json.loads(await request.text())
        except ValueError as error:
            raise SlackApiFailure("invalid_json") from error
        if not isinstance(decoded, dict):
            raise SlackApiFailure("invalid_json")
        params.update(decoded)
    elif request.content_type == "application/x-www-form-urlencoded":
        params.update(parse_qsl(await request.text(), keep_blank_values=True))
    elif request.content_type == "multipart/form-data":
        for name, value in (await request.post()).items():
            if isinstance(value, str):
                params[name] = value
    return decode_object_fields(params)


def decode_object_fields(raw: Params) -> Json:
    params: Json = {}
    for name, value in raw.items():
        if isinstance(value, str) and name in MALFORMED and value:
            try:
                value = json.loads(value)
            except json.JSONDecodeError as error:
                detail = f"[ERROR] invalid JSON [json-pointer:/{name}]"
                raise SlackApiFailure(MALFORMED[name], messages=(detail,)) from error
        params[name] = value
    return params


def text_of(value: object) -> str:
    """The `text` of a text object, or "" when it is not one."""
    if isinstance(value, Mapping):
        text = value.get("text")
        return text if isinstance(text, str) else ""
    return ""


def check_message_blocks(blocks: object, pointer: str = "/blocks") -> None:
    """Refuse blocks as chat.postMessage and chat.update do: `invalid_blocks`."""
    problems = tuple(block_problems(blocks, pointer, MESSAGE_BLOCKS))
    if problems:
        raise SlackApiFailure("invalid_blocks", messages=problems)


def missing_text_fallback(method: str, params: Params) -> bool:
    """Blocks without a top-level text: notifications and screen readers would get nothing."""
    text = params.get("text")
    has_text = isinstance(text, str) and bool(text.strip())
    return method in TEXT_METHODS and bool(params.get("blocks")) and not has_text


def check_view(view: object, *, home: bool = False) -> None:
    """Refuse a view as views.open, views.push, views.update and views.publish do."""
    problems = tuple(view_problems(view, home=home))
    if problems:
        raise SlackApiFailure("invalid_arguments", messages=problems)


def view_problems(view: object, *, home: bool) -> Iterator[str]:
    if not isinstance(view, Mapping):
        yield "[ERROR] missing required field: view"
        return
    expected = "home" if home else "modal"
    if view.get("type") != expected:
        yield f"[ERROR] must be '{expected}' [json-pointer:/view/type]"
    if not home:
        if not text_of(view.get("title")):
            yield "[ERROR] missing required field: title [json-pointer:/view]"
        for part in ("title", "submit", "close"):
            yield from _too_long(text_of(view.get(part)), VIEW_TITLE, f"/view/{part}/text")
    for key in ("callback_id", "external_id"):
        yield from _too_long(_string(view.get(key)), IDENTIFIER, f"/view/{key}")
    metadata = _string(view.get("private_metadata"))
    yield from _too_long(metadata, PRIVATE_METADATA, "/view/private_metadata")
    yield from block_problems(view.get("blocks"), "/view/blocks", SURFACE_BLOCKS)


def block_problems(blocks: object, pointer: str, limit: int) -> Iterator[str]:
    """Each broken limit as Slack words it: `[ERROR] <what> [json-pointer:<where>]`."""
    if blocks is None:
        return
    if not isinstance(blocks, list):
        yield f"[ERROR] must be an array [json-pointer:{pointer}]"
        return
    yield from _too_many(blocks, limit, pointer)
    for index, block in enumerate(blocks):
        if not isinstance(block, Mapping):
            yield f"[ERROR] must be an object [json-pointer:{pointer}/{index}]"
        else:
            yield from _block_problems(block, f"{pointer}/{index}")


def _block_problems(block: Mapping[str, object], at: str) -> Iterator[str]:
    yield from _too_long(_string(block.get("block_id")), IDENTIFIER, f"{at}/block_id")
    kind = block.get("type")
    if kind == "section":
        if "text" not in block and "fields" not in block:
            yield f"[ERROR] must provide either text or fields [json-pointer:{at}]"
        yield from _too_long(text_of(block.get("text")), SECTION_TEXT, f"{at}/text/text")
        fields = block.get("fields")
        if isinstance(fields, list):
            yield from _too_many(fields, SECTION_FIELDS, f"{at}/fields")
            for number, item in enumerate(fields):
                yield from _too_long(text_of(item), FIELD_TEXT, f"{at}/fields/{number}/text")
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping):
            yield from _element_problems(accessory, f"{at}/accessory")
    elif kind == "header":
        yield from _too_long(text_of(block.get("text")), HEADER_TEXT, f"{at}/text/text")
    elif kind in ("actions", "context"):
        elements = block.get("elements")
        if kind == "actions":
            yield from _too_many(elements, ACTIONS_ELEMENTS, f"{at}/elements")
        for number, element in enumerate(elements if isinstance(elements, list) else []):
            if isinstance(element, Mapping):
                yield from _element_problems(element, f"{at}/elements/{number}")
    elif kind == "input":
        element = block.get("element")
        if isinstance(element, Mapping):
            yield from _element_problems(element, f"{at}/element")


def _element_problems(element: Mapping[str, object], at: str) -> Iterator[str]:
    yield from _too_long(_string(element.get("action_id")), IDENTIFIER, f"{at}/action_id")
    if element.get("type") == "button":
        if not text_of(element.get("text")):
            yield f"[ERROR] missing required field: text [json-pointer:{at}]"
        yield from _too_long(text_of(element.get("text")), BUTTON_TEXT, f"{at}/text/text")
        yield from _too_long(_string(element.get("value")), BUTTON_VALUE, f"{at}/value")
        yield from _too_long(_string(element.get("url")), URL_LENGTH, f"{at}/url")


def _too_long(text: str, limit: int, pointer: str) -> Iterator[str]:
    if len(text) > limit:
        yield f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _too_many(items: object, limit: int, pointer: str) -> Iterator[str]:
    if isinstance(items, list) and len(items) > limit:
        yield f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]"


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def required(params: Params, name: str, error: str | None = None) -> str:
    """A required string argument, or Slack's error for its absence."""
    value = params.get(name)
    if not isinstance(value, str) or not value:
        detail = f"[ERROR] missing required field: {name}"
        raise SlackApiFailure(error or "invalid_arguments", messages=(detail,))
    return value
