"""Messages (chat.postMessage, chat.update, chat.postEphemeral) sent past slack-sdk's call path.

slack-sdk's AsyncWebClient sends every method through code written for all of them (form or
JSON or files, URL joining, argument filtering, headers rebuilt, the response parsed and
wrapped twice): about 0.3 ms of CPU a call on the benchmark's machine, and a press sends two
messages (bench/README.md, "Slack's messages without slack-sdk's per-call path"). Here a
message goes out as the client would send it: to `base_url` + method, over its session (or
one opened for the call, as slack-sdk does without one), with its token, headers, default
parameters (Bolt's `team_id`), proxy and SSL settings; the body is compact UTF-8 JSON. Every
answer and every failure to connect goes through the client's own retry handlers, in the
loop slack-sdk runs them in (connection errors, rate limits after Retry-After, server
errors), and the answer is checked by slack-sdk's AsyncSlackResponse, so a refusal raises
the same SlackApiError with the same `response["error"]`.
"""

import contextlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Any, cast
from urllib.parse import urljoin

import aiohttp
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.web.internal_utils import get_user_agent

JSON = "application/json;charset=utf-8"
POST = "POST"


@cache
def _user_agent() -> str:
    return str(get_user_agent())


@cache
def _url(base_url: str, method: str) -> str:
    return urljoin(base_url, method)  # as slack-sdk joins them


async def send(client: AsyncWebClient, method: str, **fields: object) -> AsyncSlackResponse:
    """Call a JSON method of the Web API; the fields that are None are left out.

    Returns the checked answer; raises SlackApiError when Slack refuses the call (after the
    client's retries), or what the connection raised when no retry handler takes it.
    """
    payload = {**client.default_params, **{k: v for k, v in fields.items() if v is not None}}
    url = _url(client.base_url, method)
    headers = _headers(client)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    session = client.session
    if session is not None and not session.closed:
        status, answer, data = await _attempts(client, session, url, headers, body)
    else:
        timeout = aiohttp.ClientTimeout(total=client.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as own:
            status, answer, data = await _attempts(client, own, url, headers, body)
    checked = AsyncSlackResponse(
        client=client,
        http_verb=POST,
        api_url=url,
        req_args={"headers": headers, "json": payload},
        data=data,
        headers=cast(dict[str, Any], answer),  # as slack-sdk passes aiohttp's
        status_code=status,
    )
    checked.validate()  # type: ignore[no-untyped-call]  # raises SlackApiError unless ok
    return checked


def _headers(client: AsyncWebClient) -> dict[str, str]:
    """slack-sdk's headers for a JSON call: its user agent, the token, the client's own."""
    headers = {"User-Agent": _user_agent()}
    if client.token:
        headers["Authorization"] = f"Bearer {client.token}"
    headers.update(client.headers)
    headers["Content-Type"] = JSON
    return headers


Answer = tuple[int, Mapping[str, Any], dict[str, Any]]


async def _attempts(
    client: AsyncWebClient,
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    body: bytes,
) -> Answer:
    """Post until no retry handler asks for another attempt; the last answer."""
    sent: dict[str, str | list[str]] = {**headers}
    request = HttpRequest(method=POST, url=url, headers=sent, data=body)
    state = RetryState()
    while True:
        state.next_attempt_requested = False
        answer: Answer | None = None
        response: HttpResponse | None = None
        error: Exception | None = None
        try:
            answer = await _post(client, session, url, headers, body)
            status, answer_headers, data = answer
            response = HttpResponse(status_code=status, headers=dict(answer_headers), body=data)
        except Exception as failed:
            error = failed
        for handler in client.retry_handlers:
            if await handler.can_retry_async(
                state=state, request=request, response=response, error=error
            ):
                await handler.prepare_for_next_attempt_async(
                    state=state, request=request, response=response, error=error
                )
                break
        if not state.next_attempt_requested:
            if answer is None:
                raise error or RuntimeError("no answer from the Web API")
            return answer


async def _post(
    client: AsyncWebClient,
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    body: bytes,
) -> Answer:
    """One attempt: the status, the headers and the JSON answer ({} when it is not JSON).

    An answer that is not JSON then fails AsyncSlackResponse's check, as in slack-sdk.
    """
    ssl = True if client.ssl is None else client.ssl  # None: aiohttp's default, verified
    posting = session.post(url, data=body, headers=headers, proxy=client.proxy, ssl=ssl)
    async with posting as answer:
        raw = await answer.read()
        data: dict[str, Any] = {}
        if answer.content_type.endswith("json"):  # aiohttp's test: application/json, …+json
            with contextlib.suppress(ValueError):
                parsed = json.loads(raw)
                data = parsed if isinstance(parsed, dict) else {}
        return answer.status, answer.headers, data
