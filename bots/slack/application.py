"""The slack-bolt AsyncApp: built, wired to the core, its listeners and error handler registered.

The Web API client points at `[slack] base_url` and retries connection errors, rate limits
(twice, after Retry-After) and server errors. Given a session (`web_session`, as the runner
does), every call of every request goes through its pool of kept-alive connections: without
one, slack-sdk opens a session, and a TCP connection, for each call.

Requests reach the app only through the door (bots/slack/arrivals.py), which verifies
signatures on the raw bytes and stores each request in the inbox; Bolt's own check is off,
since a request processed again after a crash is older than a signature's five minutes. Bolt
runs each listener to its end before dispatch returns (process_before_response), so the inbox
knows when a request is handled; the door answers Slack as soon as the request is stored, or at
the listener's ack(). A single workspace is served with the bot token; several, each with its
own token, once installed through Slack's OAuth flow (bots/slack/installations.py).
"""

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.slack.answers import SlackAnswering
from bots.slack.blocks import (
    COMMENT,
    COMMENT_MENU,
    COMMENT_VOTE,
    COMMENTS,
    MODERATE,
    PRESS,
    SUGGEST,
    VOTE,
    action_pattern,
)
from bots.slack.client import Undeliverable
from bots.slack.drafts import SlackDrafts
from bots.slack.event_handlers import SlackEventHandlers
from bots.slack.handlers import SlackHandlers
from bots.slack.installations import build_installing_app
from bots.slack.modals import SlackModals
from bots.slack.moderating import SlackModeration
from bots.slack.settings import SlackConfig
from bots.slack.surfaces import COMMENT_CALLBACK, NEW_CALLBACK, WORDING_CALLBACK
from bots.slack.wordings import SlackWordings
from core.app import ConsultationApp

logger = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
TOO_LATE = (
    "Sorry, that took too long to answer and Slack has closed the window. Please press again."
)
LATE_TRIGGER = frozenset({"expired_trigger_id", "exchanged_trigger_id"})
TIMEOUT = 30  # seconds for one Web API call, slack-sdk's default


def web_session() -> aiohttp.ClientSession:
    """The connection pool the app's Web API calls share; the caller closes it."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT))


def build_client(
    config: SlackConfig, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    client = AsyncWebClient(token=config.bot_token)
    aim(client, config, session)
    return client


def aim(
    client: AsyncWebClient, config: SlackConfig, session: aiohttp.ClientSession | None = None
) -> None:
    """Point the client at `[slack] base_url` (over `session`), retrying what is worth it.

    Bolt gives each request a client of its own with the app client's session.
    """
    client.base_url = config.base_url
    client.session = session
    client.retry_handlers = [
        AsyncConnectionErrorRetryHandler(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(),
    ]


def build_slack_app(
    config: SlackConfig,
    app: ConsultationApp,
    engine: AsyncEngine | None = None,
    *,
    session: aiohttp.ClientSession | None = None,
) -> AsyncApp:
    """The Bolt app for the bot token, or installed by OAuth (its store on `engine`)."""
    if config.install.enabled:
        if engine is None:
            raise ValueError("installing into workspaces needs townhall's database engine")
        bolt = build_installing_app(config, build_client(config, session), engine)
    elif config.bot_token:
        # Given a client, AsyncApp still reads $SLACK_BOT_TOKEN and then warns that the token
        # goes unused; given the token alone it builds the client, which is then aimed.
        bolt = AsyncApp(
            signing_secret=config.signing_secret or "",
            token=config.bot_token,
            request_verification_enabled=False,  # verified at the door (see the docstring)
            process_before_response=True,  # dispatch returns once the listener is done
        )
        aim(bolt.client, config, session)
    else:
        raise ValueError("a Slack bot token is needed")
    register(bolt, app, config.command)
    return bolt


def register(bolt: AsyncApp, app: ConsultationApp, command: str) -> None:
    answering = SlackAnswering(app=app, command=command)
    listeners = SlackHandlers(answering)
    modals = SlackModals(answering)
    drafts = SlackDrafts(answering)
    events = SlackEventHandlers(answering)
    moderation = SlackModeration(answering)
    wordings = SlackWordings(answering)
    bolt.command(command)(listeners.on_command)
    bolt.action(action_pattern(VOTE))(listeners.on_vote)
    bolt.action(action_pattern(PRESS))(listeners.on_press)
    bolt.action(action_pattern(COMMENT))(modals.on_comment)
    bolt.action(action_pattern(COMMENTS))(modals.on_comments)
    bolt.action(action_pattern(COMMENT_VOTE))(modals.on_comment_vote)
    bolt.action(action_pattern(COMMENT_MENU))(moderation.on_comment_menu)
    bolt.action(action_pattern(MODERATE))(moderation.on_moderate)
    bolt.view(COMMENT_CALLBACK)(modals.on_comment_submitted)
    bolt.view(NEW_CALLBACK)(drafts.on_new_submitted)
    bolt.action(action_pattern(SUGGEST))(wordings.on_suggest)
    bolt.view_submission(WORDING_CALLBACK)(wordings.on_wording_submitted)
    bolt.view_closed(WORDING_CALLBACK)(wordings.on_wording_closed)
    bolt.event("app_home_opened")(events.on_home_opened)
    bolt.event("message")(events.on_message)
    bolt.error(on_error)


async def on_error(error: Exception, body: Mapping[str, Any], client: AsyncWebClient) -> None:
    """Log once (the kind of request and the error's type: no token, no text), apologise.

    A modal opened too late (a press processed after its trigger_id expired: the process was
    down) asks the person to press again; one whose trigger was used already (processed again
    after a crash) was opened the first time.
    """
    if isinstance(error, Undeliverable):
        return  # recorded by the client; nothing failed on our side
    kind = body.get("type") or ("slash_command" if "command" in body else "request")
    code = error.response.get("error") if isinstance(error, SlackApiError) else None
    if code in LATE_TRIGGER:
        logger.info("Slack %s came too late to open its modal (%s)", kind, code)
        if code == "expired_trigger_id":
            await _tell(body, TOO_LATE)
        return
    logger.error(
        "Slack %s failed: %s",
        kind,
        type(error).__name__,
        exc_info=None if isinstance(error, SlackApiError) else error,
    )
    await _tell(body, APOLOGY)


async def _tell(body: Mapping[str, Any], text: str) -> None:
    """An ephemeral message by the request's response_url, where it has one."""
    response_url = body.get("response_url")
    with contextlib.suppress(Exception):  # an apology that fails must not fail again
        if isinstance(response_url, str) and response_url:
            await AsyncWebhookClient(response_url).send(
                text=text, response_type="ephemeral", replace_original=False
            )
