"""The fake Socket Mode end answers slack-sdk as Slack does: tokens, one-use URLs, hello."""

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_socket import APP_TOKEN


@pytest.mark.parametrize(
    ("token", "error"),
    [("xoxb-test", "not_allowed_token_type"), ("xapp-1-A0APP-1-other", "invalid_auth")],
)
async def test_only_the_app_level_token_opens_a_connection(
    fake_slack_api: FakeSlackApi, token: str, error: str
) -> None:
    client = AsyncWebClient(token=fake_slack_api.token, base_url=fake_slack_api.base_url)

    with pytest.raises(SlackApiError) as refused:
        await client.apps_connections_open(app_token=token)

    assert refused.value.response["error"] == error


async def test_a_connection_url_says_hello_once_and_cannot_be_used_again(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = AsyncWebClient(token=fake_slack_api.token, base_url=fake_slack_api.base_url)
    url = str((await client.apps_connections_open(app_token=APP_TOKEN))["url"])

    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as socket:
            hello = await socket.receive_json()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url)

    assert url.startswith("ws://127.0.0.1:")
    assert hello["type"] == "hello"
    assert refused.value.status == 401
