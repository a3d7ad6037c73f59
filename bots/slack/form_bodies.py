"""Slack's HTTP request bodies read exactly as Bolt reads them, with the percent-decoding in C.

A button press comes URL-encoded (`payload=` and the whole message pressed, as JSON), and
nearly every character of that JSON is a `%XX` escape. Bolt reads it with urllib's
`parse_qsl`, whose `unquote` decodes the escapes one by one in Python: about half a
millisecond for a card of a few kilobytes, the largest single cost of a press at the door
(bench/README.md). `unquoted` gives the same text through binascii's quoted-printable
decoder, which decodes `=XX` in C: with every `%` written as `=`, a value that holds no `=`
and no line break of its own and whose every `%` starts a valid escape decodes to the same
bytes. Anything else (a stray `%`, an `=`, a line break, a character past ASCII) goes to
urllib's own `unquote`, so every body reads as Bolt would read it.
"""

import binascii
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import build_normalized_headers, extract_content_type

HTTP = "http"
_PARSED = "socket_mode"  # the one mode in which Bolt takes a body already parsed


def read_request(text: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """The request Bolt would make of this HTTP body: `AsyncBoltRequest(body=text, ...)`.

    Raises what Bolt's own reading raises (ValueError for broken JSON, AttributeError for
    JSON that is not an object).
    """
    content_type = extract_content_type(build_normalized_headers(dict(headers)))
    body = parsed_body(text, content_type)
    if not isinstance(body, dict):  # JSON that is not an object: Bolt's own reading fails
        return AsyncBoltRequest(body=text, headers=dict(headers), mode=HTTP)
    request = AsyncBoltRequest(body=body, headers=dict(headers), mode=_PARSED)
    request.raw_body, request.mode = text, HTTP  # what Bolt itself keeps of an HTTP request
    return request


def parsed_body(body: str, content_type: str | None) -> Any:
    """What Bolt's `parse_body` returns for this body (slack_bolt.request.internals)."""
    if not body:
        return {}
    if content_type == "application/json" or body.startswith("{"):
        return json.loads(body)
    if "payload" not in body:
        return dict(form_pairs(body))
    payload = dict(form_pairs(body)).get("payload")
    return {} if payload is None else json.loads(payload)


def form_pairs(body: str) -> list[tuple[str, str]]:
    """The pairs of `parse_qsl(body, keep_blank_values=True)` (urllib), through `unquoted`."""
    pairs = []
    for field in body.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        pairs.append((unquoted(name.replace("+", " ")), unquoted(value.replace("+", " "))))
    return pairs


def unquoted(value: str) -> str:
    """The text of `unquote(value)` (urllib: UTF-8, bad bytes replaced), in C where it can."""
    if "%" not in value:
        return value
    if value.isascii() and "=" not in value and "\n" not in value and "\r" not in value:
        qp = value.replace("%", "=")
        decoded = binascii.a2b_qp(qp)
        # Each valid escape shortens the text by two; anything else by less (module's docs).
        if len(qp) - len(decoded) == 2 * value.count("%"):
            return decoded.decode("utf-8", "replace")
    return unquote(value)
