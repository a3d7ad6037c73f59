"""`/slack/events` behind the server's bound on bodies: a large request is never read or parsed.

A signed request is refused too: its signature cannot be checked without reading the body.
"""

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from bots.runtime.server import build_server
from bots.slack.runner import EVENTS_PATH, slack_routes
from tests.bots.slack.conftest import DM, SECRET, SlackWorld
from tests.fakes.slack_payloads import JSON, signed_headers, slash_command

LIMIT = 4096


async def no_check() -> None:
    return None


async def chunked(body: bytes) -> AsyncIterator[bytes]:
    yield body  # without a Content-Length: sent chunked


@pytest.mark.parametrize("declared", [True, False])
@pytest.mark.parametrize("signed", [True, False])
async def test_a_request_over_the_limit_gets_413_and_reaches_nothing(
    slack: SlackWorld, declared: bool, signed: bool
) -> None:
    server = build_server(no_check, slack_routes(slack.bolt, slack.arrivals), max_body_bytes=LIMIT)
    body, headers = slash_command(SECRET, text="join plan " + "x" * LIMIT, channel_id=DM)
    if not signed:
        headers = {"content-type": headers["content-type"]}

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(server), base_url="http://townhall.test"
    ) as client:
        content = body.encode()
        response = await client.post(
            EVENTS_PATH, content=content if declared else chunked(content), headers=headers
        )

    assert response.status_code == 413
    assert slack.fake.calls == []
    assert slack.tables().participants == {}


async def test_an_event_just_within_the_limit_is_served(slack: SlackWorld) -> None:
    server = build_server(no_check, slack_routes(slack.bolt, slack.arrivals), max_body_bytes=LIMIT)
    challenge = "c" * (LIMIT - 100)
    body = json.dumps({"type": "url_verification", "challenge": challenge, "token": "t"})

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(server), base_url="http://townhall.test"
    ) as client:
        response = await client.post(
            EVENTS_PATH, content=body, headers=signed_headers(body, SECRET, content_type=JSON)
        )

    assert response.status_code == 200
    assert response.json() == {"challenge": challenge}
