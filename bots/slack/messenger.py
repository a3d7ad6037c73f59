"""Pushes to Slack from the outbox: render the screen, pace it, post it, say what happened.

The core's Messenger port for Slack. A person's push goes to their DM with the app (opened
with conversations.open, their user id in `recipient.address`); a linked channel's to the
channel. Each workspace (`recipient.tenant`) has its own limiter and its own bot token
(bots.slack.tokens). What the Web API answers becomes an Outcome; the Dispatcher decides
what follows:

    429 / ratelimited                     RETRY_AFTER, with the Retry-After the answer carries
    channel_not_found, not_in_channel,    UNREACHABLE: the person or channel is gone for good
    is_archived, account_inactive,        (and a team without an installation: "app not
    user_not_found, user_disabled,        installed")
    cannot_dm_bot
    5xx, fatal_error, service_unavailable TRANSIENT, as are timeouts and connection errors
    invalid_blocks, msg_too_long, ...     FAILED: Slack will never accept this request

The push client has no rate-limit or server-error retry handler (the front end's has): a 429
is the outbox's to reschedule, and a handler sleeping through Retry-After inside a send would
hold a worker's slot. Only connection errors are retried at once, as slack-sdk does by default.
Messages (chat.postMessage, chat.update) go out through bots.slack.web_calls, as the press
path's do: the same request, retries and errors, without slack-sdk's per-call overhead.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bots.chat.pacing import priority_of
from bots.slack import web_calls
from bots.slack.blocks import SlackMessage
from bots.slack.pacing import SlackPacing
from bots.slack.rendering import render
from bots.slack.tokens import SlackTokens
from core.delivery import Outcome, OutcomeKind, Recipient
from core.screens import PostEdit, Screen

logger = logging.getLogger(__name__)

SENT = Outcome(kind=OutcomeKind.SENT)
NOT_INSTALLED = Outcome(kind=OutcomeKind.UNREACHABLE, detail="app not installed")
GONE = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
    }
)
SLACK_TROUBLE = frozenset(
    {"fatal_error", "internal_error", "service_unavailable", "request_timeout"}
)
TIMEOUT = 30  # seconds for one Web API call, slack-sdk's default


class SlackMessenger:
    """The outbox's sender for Slack: people's DMs and linked channels, in every workspace."""

    def __init__(
        self,
        tokens: SlackTokens,
        pacing: SlackPacing,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        command: str,
    ) -> None:
        self._tokens = tokens
        self._pacing = pacing
        self._session = session
        self._base_url = base_url
        self._command = command

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        token = await self._tokens.bot_token(recipient.tenant)
        if token is None:
            return NOT_INSTALLED
        message = render(screen, self._command)
        client = self.client(token)
        try:
            channel = recipient.address
            if recipient.channel_id is None:  # a person: their DM with the app
                opened = await client.conversations_open(users=recipient.address)
                channel = str(opened["channel"]["id"])
            limiter = self._pacing.workspace(recipient.tenant)
            await limiter.acquire(channel, priority=priority_of(screen))
            return await _send(client, channel, screen, message)
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as error:
            outcome = classify(error)
            logger.info(
                "push to %s in %s: %s (%s)",
                recipient.address,
                recipient.tenant,
                outcome.kind,
                outcome.detail,
            )
            return outcome

    def client(self, token: str) -> AsyncWebClient:
        """A client for one team's token on the shared connection pool; cheap to make."""
        return AsyncWebClient(
            token=token,
            base_url=self._base_url,
            session=self._session,
            timeout=TIMEOUT,
            retry_handlers=[AsyncConnectionErrorRetryHandler()],
        )


async def _send(
    client: AsyncWebClient, channel: str, screen: Screen, message: SlackMessage
) -> Outcome:
    """Post the message, naming it by its ts; a channel's post is redrawn where it is."""
    blocks = message.blocks
    if isinstance(screen, PostEdit):
        await web_calls.send(
            client,
            "chat.update",
            channel=channel,
            ts=screen.message_ref,
            text=message.text,
            blocks=blocks,
        )
        return SENT
    posted = await web_calls.send(
        client, "chat.postMessage", channel=channel, text=message.text, blocks=blocks
    )
    return Outcome(kind=OutcomeKind.SENT, message_ref=str(posted["ts"]))


def open_push_session() -> aiohttp.ClientSession:
    """The connection pool every push client shares; the caller closes it."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT))


def classify(error: Exception) -> Outcome:
    """What a failed Web API call means for the outbox row."""
    if not isinstance(error, SlackApiError):
        if isinstance(error, aiohttp.ClientError | TimeoutError):
            detail = f"{type(error).__name__}: {error}".rstrip(": ")
            return Outcome(kind=OutcomeKind.TRANSIENT, detail=detail)
        return Outcome(kind=OutcomeKind.FAILED, detail=type(error).__name__)
    # Usually an AsyncSlackResponse; aiohttp's own response when the body was not JSON.
    response = error.response
    status = int(getattr(response, "status_code", getattr(response, "status", 0)))
    data = getattr(response, "data", None)
    code = str((data.get("error") if isinstance(data, dict) else None) or f"HTTP {status}")
    if status == 429 or code == "ratelimited":
        wait = retry_after(getattr(response, "headers", None) or {})
        return Outcome(kind=OutcomeKind.RETRY_AFTER, detail=code, retry_after=wait)
    if code in GONE:
        return Outcome(kind=OutcomeKind.UNREACHABLE, detail=code)
    if status >= 500 or code in SLACK_TROUBLE:
        return Outcome(kind=OutcomeKind.TRANSIENT, detail=code)
    return Outcome(kind=OutcomeKind.FAILED, detail=code)


def retry_after(headers: Mapping[str, object]) -> timedelta | None:
    """The Retry-After header in seconds; None (the outbox backs off) if absent or odd."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            text = value[0] if isinstance(value, list) and value else value
            try:
                return timedelta(seconds=max(int(str(text)), 0))
            except ValueError:
                return None
    return None
