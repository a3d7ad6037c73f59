"""Fixtures for the Slack tests: a running fake Web API and real Bolt apps pointed at it."""

import os
from collections.abc import AsyncIterator, Sequence

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import SignedRequest

SECRET = "test-signing-secret"


@pytest.fixture(autouse=True)
def slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """AsyncApp reads SLACK_* variables (a token there would win); keep 127.0.0.1 off proxies."""
    for name in [name for name in os.environ if name.startswith("SLACK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def fake_slack_api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as fake:
        yield fake


def build_client(
    fake: FakeSlackApi, retry_handlers: Sequence[AsyncRetryHandler] | None = None
) -> AsyncWebClient:
    """slack-sdk's client on the fake; None keeps its default (connection errors only)."""
    if retry_handlers is None:
        return AsyncWebClient(token=fake.token, base_url=fake.base_url)
    return AsyncWebClient(
        token=fake.token, base_url=fake.base_url, retry_handlers=list(retry_handlers)
    )


def build_app(fake: FakeSlackApi, client: AsyncWebClient | None = None) -> AsyncApp:
    """A real Bolt AsyncApp verifying signatures with SECRET; one per test (per event loop).

    The client is passed in (not `token=`), or the app would build one aimed at slack.com.
    """
    return AsyncApp(signing_secret=SECRET, client=client or build_client(fake))


async def dispatch(app: AsyncApp, request: SignedRequest) -> BoltResponse:
    body, headers = request
    bolt_headers: dict[str, str | Sequence[str]] = dict(headers)
    return await app.async_dispatch(AsyncBoltRequest(body=body, headers=bolt_headers))
