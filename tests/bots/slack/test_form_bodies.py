"""The door reads every Slack body exactly as Bolt would, only the percent-decoding is faster."""

import itertools
import json
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, unquote, urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.form_bodies import form_pairs, read_request, unquoted
from bots.slack.stored_requests import kept, restored
from tests.fakes.slack_payloads import (
    FORM,
    JSON,
    SignedRequest,
    app_home_opened_event,
    block_actions,
    event_callback,
    signed_headers,
    slash_command,
    view_submission,
)

SECRET = "form-bodies-secret"
TEXTS = ["plain", "a+b=c&d", "100 % sure", "é ✓ 🗳️ «quoted»", "=3D %41 %zz %", "line\nbreak"]
CARD = {
    "text": "P3",
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*P3* {text}"}} for text in TEXTS
    ],
}


def requests() -> list[SignedRequest]:
    """Every kind the door reads, with text that needs every sort of escape."""
    made = [
        block_actions(SECRET, action_id="vote", value="v1:3:a", message=CARD),
        view_submission(SECRET, callback_id="comment", values={"c": {"b": TEXTS[3]}}),
        event_callback(SECRET, app_home_opened_event()),
    ]
    made += [slash_command(SECRET, text=f"join {text}") for text in TEXTS]
    odd = ["", "payload=", "a=1&&b&=2&c=%2", "payload=%7B%7D&payload=%5B%5D", "x=%E2%9C&y=+%"]
    made += [(body, signed_headers(body, SECRET)) for body in odd]
    return made


def as_bolt_reads(read: Callable[[], AsyncBoltRequest]) -> tuple[object, ...]:
    """What Bolt keeps of a request, or the kind of error reading it raised."""
    try:
        request = read()
    except Exception as error:
        return (type(error),)
    return (
        request.body,
        request.raw_body,
        request.mode,
        request.headers,
        request.content_type,
        dict(request.context),
    )


@pytest.mark.parametrize("request_", requests(), ids=lambda request: request[0][:30])
def test_a_body_reads_as_bolts_own_reading_of_it(request_: SignedRequest) -> None:
    body, headers = request_

    assert as_bolt_reads(lambda: read_request(body, headers)) == as_bolt_reads(
        lambda: AsyncBoltRequest(body=body, headers=dict(headers.items()))
    )


@pytest.mark.parametrize("request_", requests()[:3], ids=["press", "submission", "event"])
def test_a_request_the_sweep_reads_back_is_the_request_that_arrived(
    request_: SignedRequest,
) -> None:
    body, headers = request_
    arrived = read_request(body, headers)

    body_and_mode = slice(0, 3)  # the stored request keeps no signature headers
    assert (
        as_bolt_reads(lambda: restored(kept(arrived)))[body_and_mode]
        == as_bolt_reads(lambda: arrived)[body_and_mode]
    )


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        ("payload=%7Bbroken", FORM, ValueError),
        ("payload=%5B1%5D", FORM, AttributeError),
        ('{"type": ', JSON, ValueError),
    ],
)
def test_a_body_bolt_cannot_read_raises_what_bolt_raises(
    body: str, content_type: str, error: type[Exception]
) -> None:
    headers = signed_headers(body, SECRET, content_type=content_type)

    with pytest.raises(error):
        AsyncBoltRequest(body=body, headers=dict(headers.items()))
    with pytest.raises(error):
        read_request(body, headers)


def test_every_short_mix_of_escapes_unquotes_as_urllib_does() -> None:
    pieces = ["%", "=", "a", "F", "9", "%4", "%41", "%e2%9c%93", "%C3", "%zz", "\n", "é", "+"]
    for size in range(4):
        for mixed in itertools.product(pieces, repeat=size):
            text = "".join(mixed)
            assert unquoted(text) == unquote(text), repr(text)


def test_every_byte_escaped_in_either_case_unquotes_as_urllib_does() -> None:
    for byte in range(256):
        for text in (f"x%{byte:02x}y", f"%{byte:02X}", f"%41{chr(byte)}%42"):
            assert unquoted(text) == unquote(text), repr(text)


def test_a_form_reads_as_urllibs_parse_qsl_with_blank_values_kept() -> None:
    form = urlencode({"payload": json.dumps(CARD), "blank": "", "plus": "a+b c"}) + "&&lone&=x"

    assert form_pairs(form) == parse_qsl(form, keep_blank_values=True)
    assert form_pairs("q=" + quote(TEXTS[3])) == [("q", TEXTS[3])]
